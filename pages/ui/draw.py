"""Charts on a page: ``chart`` draws an Altair chart that our code built, as ``st.altair_chart`` does.

Altair checks a chart against the Vega-Lite JSON schema every time it turns it into a spec, and
Streamlit turns every chart into a spec on every run of a page: 20–60 ms a page run (a quarter of
«Демоэкзамен»'s) spent on specs our code writes the same way each time. ``chart`` asks Altair for
the spec without that check. The check is kept where it finds mistakes: ``tests/test_charts_valid.py``
validates every chart each page draws against the same schema.
"""

from __future__ import annotations

import functools

import altair as alt
import streamlit as st

from mart.papers.charts import condition

__all__ = ["chart", "condition", "unchecked"]  # condition: a conditional value, cheap to encode


def chart(figure: alt.TopLevelMixin, **kwargs) -> None:
    """``st.altair_chart(figure, **kwargs)``, the spec not validated again on this run."""
    st.altair_chart(unchecked(figure), **kwargs)


def unchecked(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A shallow copy of ``chart`` whose ``to_dict()`` (what Streamlit calls) skips the schema check.

    The method is set on the copy's own ``__dict__``: Altair's ``__setattr__`` would take it for a
    chart property. The chart itself is left as it was (the PDF papers render it with the check).
    """
    copy = chart.copy(deep=False)
    object.__setattr__(copy, "to_dict", functools.partial(type(copy).to_dict, copy, validate=False))
    return copy
