"""The Altair charts that both a screen and the council's papers draw, built once.

A page shows them with ``pages.ui.draw.chart``; ``mart.papers.brief`` renders the very same chart offline
with vl-convert (PNG at print resolution) for the meeting pack. No Streamlit and no SQL here:
each function takes the frame a ``mart`` query returned.
"""

from __future__ import annotations

import altair as alt
import polars as pl

# the roadmap's statuses in the form's order and their colours on every chart
STATUS_ORDER = ["Выполнено", "Выполняется", "Не начато", "Отменено"]
STATUS_COLORS = ["#2e7d32", "#f9a825", "#9e9e9e", "#6d4c41"]
K_COLORS = ["#1565c0", "#64b5f6", "#2e7d32", "#f9a825", "#8e24aa", "#6d4c41"]
# d3-format locale for charts: decimal comma and a non-breaking space between thousands
RU_FORMAT = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0₽"]}


def condition(channel: type, test, then, otherwise):
    """``alt.condition(test, alt.value(then), alt.value(otherwise))`` built as the channel's own class
    (``alt.OpacityValue``, ``alt.ShapeValue``…), with the same spec.

    ``encode`` turns the dict that ``alt.condition`` returns into a channel by hashing the whole
    Vega-Lite schema: 6 ms a channel, on every run of a page. ``test`` is a Vega expression, as text
    or as ``alt.datum`` arithmetic.
    """
    return channel(otherwise, condition={"test": test if isinstance(test, str) else str(test), "value": then})


def partial_opacity() -> alt.OpacityValue:
    """A partial year's marks drawn lighter (0.35): not the region's value (``mart.read.periods.mark``)."""
    return condition(alt.OpacityValue, "datum.is_partial", 0.35, 1.0)


def roadmap_sections(long: pl.DataFrame, height: int = 240) -> alt.Chart:
    """Measures per section and status (``mart.read.roadmap.section_status_counts``): a stacked bar per section."""
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("section:N", title="Раздел", sort=None),
            order=alt.Order("sort_order:Q"),
            x=alt.X("measures:Q", title="Мероприятий"),
            color=alt.Color(
                "status_label:N",
                title="Статус",
                sort=STATUS_ORDER,
                scale=alt.Scale(domain=STATUS_ORDER, range=STATUS_COLORS),
                legend=alt.Legend(labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("section_label:N", title="Раздел"),
                alt.Tooltip("status_label:N", title="Статус"),
                alt.Tooltip("measures:Q", title="Мероприятий"),
            ],
        )
        .properties(height=height)
    )


def partial_trend(base: alt.Chart, tooltip: list, *, line: bool = True):
    """A trend chart that never draws a partial year as a regional value.

    ``base`` is an ``alt.Chart`` of a frame marked by ``mart.read.periods.mark`` (columns ``is_partial``,
    ``period_note``) with its x, y (and colour) encoded. Complete years are joined by a line; a
    partial year is a hollow, lighter point off the line, with its note in the tooltip.
    """
    tips = [*tooltip, alt.Tooltip("period_note:N", title="Полнота данных")]
    points = base.mark_point(size=70, filled=True).encode(
        opacity=partial_opacity(),
        shape=condition(alt.ShapeValue, "datum.is_partial", "diamond", "circle"),
        tooltip=tips,
    )
    if not line:
        return points
    return base.transform_filter("!datum.is_partial").mark_line() + points


def employment_trend(employment: pl.DataFrame, height: int = 220):
    """The region's employment rate K1 by graduation year (``mart.read.overview.employment_by_year``).

    A frame marked with partial years (``is_partial``) draws them apart, off the line.
    """
    base = (
        alt.Chart(employment.with_columns((pl.col("k1") * 100).alias("k1_pct")))
        .encode(
            x=alt.X("year:O", title="Год выпуска", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("k1_pct:Q", title="K1, %", scale=alt.Scale(zero=False)),
        )
        .properties(height=height)
    )
    tooltip = [
        alt.Tooltip("year:O", title="Год выпуска"),
        alt.Tooltip("k1_pct:Q", title="K1, %", format=".1f"),
        alt.Tooltip("graduates:Q", title="Выпускников"),
        alt.Tooltip("employed:Q", title="Трудоустроено"),
        alt.Tooltip("available:Q", title="Могли трудоустроиться"),
    ]
    if "is_partial" in employment.columns:
        return partial_trend(base, tooltip)
    return base.mark_line(point=True).encode(tooltip=tooltip)


def kpi_points(bars: pl.DataFrame, order: list[str], *, bar_height: int = 24) -> alt.Chart:
    """Every college's KPI score stacked by indicator, best first; every college named on the axis.

    ``bars``: short_name, indicator («K1 — …»), indicator_code, value_text, weight, points, picked.
    """
    colleges = bars.get_column("short_name").n_unique()
    return (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("points:Q", title="Балл (из 100)", stack=True),
            y=alt.Y(
                "short_name:N",
                title=None,
                sort=alt.EncodingSortField(field="points", op="sum", order="descending"),
                axis=alt.Axis(labelLimit=0, labelOverlap=False, labelFontSize=11),
            ),
            color=alt.Color(
                "indicator:N",
                title="Показатель",
                sort=order,
                scale=alt.Scale(domain=order, range=K_COLORS),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0, symbolLimit=0),
            ),
            order=alt.Order("indicator_code:N"),
            opacity=condition(alt.OpacityValue, alt.datum.picked, 1.0, 0.55),
            tooltip=[
                alt.Tooltip("short_name:N", title="Колледж"),
                alt.Tooltip("indicator:N", title="Показатель"),
                alt.Tooltip("value_text:N", title="Значение"),
                alt.Tooltip("weight:Q", title="Вес", format=".2f"),
                alt.Tooltip("points:Q", title="Баллы", format=".2f"),
            ],
        )
        .properties(height=max(220, bar_height * colleges))
    )


def medals_by_year(medals: pl.DataFrame, height: int = 220) -> alt.Chart:
    """Medals of the regional championship by year (``mart.read.overview.regional_medals_by_year``)."""
    names = {"gold": "Золото", "silver": "Серебро", "bronze": "Бронза", "medallion": "Медальоны"}
    long = medals.select("year", *names).unpivot(index="year", variable_name="medal", value_name="n")
    long = long.with_columns(pl.col("medal").replace_strict(names, return_dtype=pl.String))
    domain = list(names.values())
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title="Наград"),
            color=alt.Color(
                "medal:N",
                title="Награда",
                sort=domain,
                scale=alt.Scale(domain=domain, range=["#d4af37", "#a8a9ad", "#cd7f32", "#5c6bc0"]),
                legend=alt.Legend(labelLimit=0),
            ),
            order=alt.Order("medal:N"),
            tooltip=[
                alt.Tooltip("year:O", title="Год"),
                alt.Tooltip("medal:N", title="Награда"),
                alt.Tooltip("n:Q", title="Количество"),
            ],
        )
        .properties(height=height)
    )


__all__ = [
    "K_COLORS",
    "RU_FORMAT",
    "STATUS_COLORS",
    "STATUS_ORDER",
    "employment_trend",
    "kpi_points",
    "medals_by_year",
    "partial_trend",
    "roadmap_sections",
]
