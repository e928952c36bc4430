"""A mart built with --no-demo (the roadmap and reference data only): every page says what is missing."""

import pytest

from mart.access.rules import Access
from mart.platform import build
from pages.ui import navigation
from tests.pages_app import open_page


@pytest.fixture
def empty_mart(mart_env):
    build.build(demo=False)
    return mart_env


@pytest.mark.parametrize("role", ["public", "council", "coordinator", "institution"])
def test_every_page_runs_on_an_empty_mart(empty_mart, role):
    ctx = (
        Access()
        if role == "public"
        else Access(role=role, login=f"t.{role}", inst_code="POO-01" if role == "institution" else None)
    )
    for file, title, _, url, capability in navigation.PAGES:
        if url == "signin" or (capability and not ctx.allows(capability)):
            continue
        at = open_page(file, default_timeout=90)
        at.session_state["access"] = ctx
        at.run()
        assert not at.exception, (title, role, [e.message for e in at.exception])
        if url in ("employment", "demo-exams", "championships", "kpi", "experts"):
            shown = " ".join(x.value for x in [*at.info, *at.warning, *at.caption, *at.markdown])
            assert "Нет данных" in shown or "нет данных" in shown or "не загружены" in shown, (title, role)
