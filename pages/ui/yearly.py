"""Reporting periods on screen: the year filter that never passes a partial year for the region,
the figures of a year and the year before, and trend charts that mark partial years (``mart.read.periods``)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from mart.access.rules import Access
from mart.papers import charts
from pages.ui.sidebar import url_filter


def year_rows(frame, year: int | None) -> tuple[dict | None, dict | None]:
    """The rows of ``year`` and of the year before of a frame with one row per ``year`` (None if missing)."""
    by_year = {row["year"]: row for row in frame.iter_rows(named=True)}
    return (None, None) if year is None else (by_year.get(year), by_year.get(year - 1))


def value(row: dict | None, column: str):
    """A figure of a row from ``year_rows``: None when there is no row or its figures are ``hidden``."""
    return None if row is None or row.get("hidden") else row[column]


# --- reporting periods: default year and partial-year labels (mart.read.periods) ----------------------


def year_filter(
    ctx: Access,
    dataset_names,
    years,
    *,
    label: str = "Год",
    key: str = "year",
    help: str | None = None,
    container=None,
):
    """The year filter of a page (kept in the URL) that never passes a partial year for the region.

    The default is the latest complete year of ``dataset_names`` among ``years``; a partial year
    can be chosen by signed-in roles (the public sees complete years only), is marked in the list,
    and a warning says what is missing. Returns ``mart.read.periods.YearChoice``: ``.year``,
    ``.partial``, ``.title(text)`` for headings and table titles, ``.label(text)`` for headline
    figures, ``.previous(value)`` for changes (None unless both years are complete).
    """
    from mart.read import periods

    names = tuple(dict.fromkeys(dataset_names))
    options = periods.visible_years(ctx, names, years)
    notes = {y: periods.year_note(ctx, names, y) for y in options}
    default = periods.default_year(ctx, names, options)
    base = "По умолчанию — последний год, за который все данные собраны."
    year = url_filter(
        label,
        options,
        key,
        default=default,
        format_func=lambda y: f"{y} — неполные данные" if notes.get(y) else str(y),
        help=f"{help} {base}" if help else base,
        container=container,
    )
    picked = periods.choice(ctx, names, year)
    if picked.partial:
        st.warning(
            f"**Неполный год.** {picked.note}. Показанные цифры — не итог по региону; "
            f"последний полный год — {default if default != year else '—'}.",
            icon=":material/hourglass_top:",
        )
    return picked


def no_change_note(picked) -> None:
    """Under headline figures: why no change from the previous year is shown (when it is not)."""
    if picked.why_no_change:
        st.caption(picked.why_no_change)


def partial_trend(base, tooltip: list, *, line: bool = True):
    """A trend chart that never draws a partial year as a regional value.

    ``base`` is an ``alt.Chart`` of a frame marked by ``mart.read.periods.mark`` (columns ``is_partial``,
    ``period_note``) with its x, y (and colour) encoded. Complete years are joined by a line; a
    partial year is a hollow, lighter point off the line, with its note in the tooltip.
    """
    return charts.partial_trend(base, tooltip, line=line)  # one definition for screens and papers


def partial_opacity():
    """The opacity channel of a chart by year: a partial year drawn lighter, on screens as on papers."""
    return charts.partial_opacity()


def partial_caption(frame) -> None:
    """Under a trend chart: which years are partial and how they are drawn."""
    if "is_partial" in frame.columns and frame.filter(pl.col("is_partial")).height:
        notes = frame.filter(pl.col("is_partial")).get_column("period_note").unique().sort().to_list()
        st.caption(
            "Бледные ромбы — неполные годы (не итог по региону, линией не соединены): "
            + "; ".join(notes)
            + "."
        )
