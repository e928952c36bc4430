"""«Сбор данных»: who has submitted what for each reporting year, deadlines, who owes what (reminders)."""

import altair as alt
import polars as pl
import streamlit as st

from mart.platform import db
from mart.read import board
from pages.ui import draw, screen, sidebar, tables

# the status of a cell of a grid too large to colour (``tables.STYLED_ROWS_AT_MOST``)
STATUS_MARKS = {  # signs every system font has (no colour emoji: many office machines lack the font)
    "сдано": "✔",
    "сдано с опозданием": "⚠",
    "не сдано, срок прошёл": "✖",
    "не сдано, срок не наступил": "○",
    "не сдано": "○",
    "освобождён": "⊘",
}

ctx = screen.header(
    "Сбор данных",
    "Сбор — набор данных за отчётный год со сроком сдачи. Год считается полным, когда сбор завершён "
    "координатором или все обязанные организации сдали данные.",
)
screen.demo_banner()

try:
    years = board.years(ctx)
except db.MartMissing as exc:
    screen.mart_missing(exc)
if not years:
    screen.empty_page(ctx, "сборы данных (наборы за отчётные годы со сроками)", "координатор")

year = sidebar.url_filter(
    "Отчётный год",
    years,
    "year",
    default=years[0],
    help="По умолчанию — последний год, за который идёт сбор.",
)
status = board.status(ctx)
this_year = status.filter(pl.col("year") == year)

# --- headline figures -------------------------------------------------------------------------------
complete = this_year.filter(pl.col("is_complete")).height
c1, c2, c3, c4 = st.columns(4)
c1.metric("Наборов собрано полностью", f"{complete} из {this_year.height}")
c2.metric("Сдано (организация × набор)", int(this_year["submitted"].sum()))
c3.metric(
    "Не сдано",
    int(this_year.filter(~pl.col("is_closed"))["missing"].sum()),
    help="Обязанные организации, не сдавшие данные по незавершённым сборам (освобождённые не считаются).",
)
c4.metric("Сдано с опозданием", int(this_year["late"].sum()))

# --- collections of the year ------------------------------------------------------------------------
st.subheader(f"Сборы за {year} год")
summary = this_year.with_columns(
    pl.format("{} из {}", pl.col("submitted"), pl.col("expected")).alias("progress"),
    pl.when(pl.col("is_closed"))
    .then(pl.format("завершён {}", pl.col("closed_at").dt.strftime("%d.%m.%Y")))
    .when(pl.col("is_complete"))
    .then(pl.lit("все сдали"))
    .when(pl.col("days_to_deadline") < 0)
    .then(pl.format("идёт, срок прошёл {} дн. назад", -pl.col("days_to_deadline")))
    .when(pl.col("days_to_deadline").is_not_null())
    .then(pl.format("идёт, осталось {} дн.", pl.col("days_to_deadline")))
    .otherwise(pl.lit("идёт, срок не установлен"))
    .alias("state"),
).select(
    "dataset_title",
    "deadline",
    "progress",
    "share_submitted",
    "late",
    "missing",
    "excused",
    "state",
    "closed_by",
)
tables.table(
    summary.with_columns((pl.col("share_submitted") * 100).round(1)),
    name=f"сбор-данных-{year}",
    title=f"Сбор данных за {year} год",
    column_config={
        "dataset_title": st.column_config.TextColumn("Набор данных", width="medium"),
        "deadline": st.column_config.DateColumn("Срок", format="DD.MM.YYYY"),
        "progress": "Сдали",
        "share_submitted": st.column_config.ProgressColumn(
            "Сдали, %", format="%.0f", min_value=0, max_value=100
        ),
        "late": st.column_config.NumberColumn("С опозданием", format="%d"),
        "missing": st.column_config.NumberColumn("Не сдали", format="%d"),
        "excused": st.column_config.NumberColumn("Освобождены", format="%d"),
        "state": "Состояние",
        "closed_by": "Кто завершил",
    },
)

# --- the grid: submitters × datasets ------------------------------------------------------------------
st.subheader(f"Кто что сдал за {year} год")
grid = board.grid(ctx, year)
if grid.is_empty():
    screen.empty(f"сборы за {year} год", "координатор")
else:
    shown = [
        c for c in grid.columns if c not in ("inst_code", "submitter_name") and not c.endswith("__status")
    ]
    # a cell's colour says its status; a national grid (thousands of colleges) is too large for a
    # pandas Styler (seconds per run), so there a sign before the text (STATUS_MARKS) says it instead
    marked = grid.height > tables.STYLED_ROWS_AT_MOST
    legend = " · ".join(
        f"{STATUS_MARKS[label]} {label}"
        if marked
        else f"<span style='background:{color};padding:0 6px;border-radius:3px'>{label}</span>"
        for label, color in board.STATUS_COLORS.items()
        if label != "не сдано"
    )
    st.html(f"<div style='font-size:0.85rem'>{legend}</div>")
    filled = grid.with_columns(pl.col(c).fill_null("—") for c in shown)
    if marked:
        styled = filled.with_columns(
            pl.concat_str(
                pl.col(f"{c}__status")
                .replace_strict(STATUS_MARKS, default="", return_dtype=pl.String)
                .fill_null(""),
                pl.lit(" "),
                pl.col(c),
            )
            .str.strip_chars_start()
            .alias(c)
            for c in shown
        )
    else:
        frame = filled.to_pandas()

        def colour(row):
            return (
                ["", ""]
                + [
                    f"background-color: {board.STATUS_COLORS.get(row.get(f'{c}__status') or '', '#ffffff')}"
                    for c in shown
                ]
                + ["" for c in shown]
            )

        styled = frame.style.apply(colour, axis=1)
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        column_order=["inst_code", "submitter_name", *shown],
        column_config={
            "inst_code": "Код",
            "submitter_name": st.column_config.TextColumn("Организация", width="medium"),
            **{c: st.column_config.TextColumn(c, width="medium") for c in shown},
        },
        height=min(38 + 35 * grid.height, 760),
    )
    st.caption(
        "«—» — организация этот набор не сдаёт (например, колледж — результаты чемпионатов, их сдаёт РКЦ)."
    )

# --- who owes what ----------------------------------------------------------------------------------
st.subheader("Кто должен сдать данные")
owed = board.owed(ctx, year)
if owed.is_empty():
    st.success(f"По незавершённым сборам {year} года все обязанные организации сдали данные.")
else:
    st.caption(
        "Организации, не сдавшие данные по незавершённым сборам, с руководителем — для напоминаний. "
        "Сначала — самые просроченные. Список выгружается в Excel."
    )
    tables.table(
        owed,
        name=f"должники-{year}",
        title=f"Кто должен сдать данные за {year} год",
        column_config={
            "inst_code": "Код",
            "submitter_name": st.column_config.TextColumn("Организация", width="medium"),
            "director": st.column_config.TextColumn("Руководитель (кому напомнить)", width="medium"),
            "dataset_title": "Набор данных",
            "year": st.column_config.NumberColumn("Год", format="%d"),
            "deadline": st.column_config.DateColumn("Срок", format="DD.MM.YYYY"),
            "days_overdue": st.column_config.NumberColumn("Просрочено, дн.", format="%d"),
            "status_text": "Состояние",
        },
    )

# --- completeness over the years ----------------------------------------------------------------------
st.subheader("Полнота данных по годам")
st.caption(
    "Доля обязанных организаций, сдавших данные, по наборам и отчётным годам. Полный год — сбор завершён "
    "или сдали все; неполный год на страницах показывается с пометкой и не выдаётся за итог по области."
)
heat = status.with_columns(
    (pl.col("share_submitted") * 100).round(0).alias("share_pct"),
    pl.when(pl.col("is_closed"))
    .then(pl.lit("завершён"))
    .when(pl.col("is_complete"))
    .then(pl.lit("все сдали"))
    .otherwise(pl.lit("идёт"))
    .alias("state"),
    pl.when(pl.col("is_complete"))
    .then(pl.lit("полный"))
    .otherwise(pl.lit("неполный"))
    .alias("complete_text"),
)
order = heat.select("dataset_title", "sort_order").unique().sort("sort_order")["dataset_title"].to_list()
base = alt.Chart(heat).encode(
    x=alt.X("year:O", title="Отчётный год", axis=alt.Axis(labelAngle=0)),
    y=alt.Y("dataset_title:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
)
cells = base.mark_rect(stroke="white").encode(
    color=alt.Color(
        "share_pct:Q", title="Сдали, %", scale=alt.Scale(domain=[0, 100], range=["#ffcdd2", "#c8e6c9"])
    ),
    opacity=draw.condition(alt.OpacityValue, "datum.is_complete", 1.0, 0.55),
    tooltip=[
        alt.Tooltip("dataset_title:N", title="Набор"),
        alt.Tooltip("year:O", title="Год"),
        alt.Tooltip("submitted:Q", title="Сдали"),
        alt.Tooltip("expected:Q", title="Обязаны сдать"),
        alt.Tooltip("excused:Q", title="Освобождены"),
        alt.Tooltip("complete_text:N", title="Год"),
        alt.Tooltip("state:N", title="Сбор"),
    ],
)
labels = base.mark_text(fontSize=11).encode(
    text=alt.Text("label:N"),
)
heat_chart = cells + labels.transform_calculate(
    label="datum.submitted + ' из ' + datum.expected + (datum.is_complete ? '' : ' …')"
)
draw.chart(heat_chart.properties(height=40 * len(order) + 40), width="stretch")
st.caption("«…» и бледная клетка — неполный год: сбор идёт, и сдали не все.")

screen.freshness(ctx)
