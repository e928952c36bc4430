"""Every chart a page draws is a valid Vega-Lite spec.

Pages draw charts with ``pages.ui.draw.chart``, which skips Altair's schema check on each run (it
cost 20–60 ms a page run); this test runs that check on the specs the pages sent, for every page
each role below can open, so a chart our code builds wrongly still fails here.
"""

import json

import jsonschema
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import core

from mart.access.rules import Access
from pages.ui import draw, navigation
from tests.pages_app import open_page

ROLES = [
    Access(role="coordinator", login="demo.coordinator"),
    Access(role="institution", login="demo.poo01", inst_code="POO-01"),
]


def drawn_specs(ctx: Access) -> dict[str, list[dict]]:
    """Per page the role may open: the Vega-Lite specs of the charts it drew."""
    found = {}
    for file, _, _, url, capability in navigation.PAGES:
        if url in ("signin", "accounts", "upload") or (capability and not ctx.allows(capability)):
            continue
        at = open_page(file, default_timeout=120)
        at.session_state["access"] = ctx
        at.run()
        assert not at.exception, (file, at.exception)
        found[file] = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    return found


@pytest.mark.parametrize("ctx", ROLES, ids=lambda c: c.role)
def test_every_chart_is_valid_vega_lite(built_mart, ctx):
    schema = core.load_schema()
    found = drawn_specs(ctx)
    drawn = {file: len(specs) for file, specs in found.items()}
    # the pages with charts in the demo draw them for these roles (a page that stopped drawing any
    # would pass the check below trivially)
    assert all(drawn[file] for file in ("overview.py", "employment.py", "demo-exams.py", "kpi.py")), drawn
    for file, specs in found.items():
        for n, spec in enumerate(specs, start=1):
            try:
                validate_jsonschema(spec, schema, rootschema=schema)
            except jsonschema.ValidationError as exc:
                pytest.fail(f"{file}, chart {n}: {exc.message}")


def test_a_wrong_chart_is_caught():
    """The check above does find a broken spec (an encoding channel Vega-Lite does not have)."""
    import altair as alt
    import polars as pl

    chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
    spec = draw.unchecked(chart).to_dict()
    spec["encoding"]["wobble"] = {"field": "x"}
    schema = core.load_schema()
    with pytest.raises(jsonschema.ValidationError):
        validate_jsonschema(spec, schema, rootschema=schema)


def test_unchecked_leaves_the_chart_as_it_was():
    import altair as alt
    import polars as pl

    chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
    copy = draw.unchecked(chart)
    assert "to_dict" not in vars(chart) and "to_dict" in vars(copy)
    assert copy.to_dict() == chart.to_dict()
