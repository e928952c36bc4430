import altair as alt
import polars as pl
import streamlit as st

from mart import db, queries
from pages import ui

ctx = ui.header("Обзор", f"Дорожная карта утверждена: {ui.DECREE}.")

try:
    summary = queries.roadmap_summary(ctx).row(0, named=True)
except db.MartMissing as exc:
    ui.mart_missing(exc)

st.subheader("Дорожная карта")
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Мероприятий", summary["measures"])
c2.metric("Выполнено", summary["done"])
c3.metric("Выполняется", summary["in_progress"])
c4.metric("Не начато", summary["not_started"])
c5.metric(
    "Просрочено",
    summary["overdue"],
    help=f"Срок прошёл, а мероприятие не выполнено и не отменено (на {summary['as_of']:%d.%m.%Y}). "
    "Мероприятия «постоянно» просроченными не считаются.",
)

by_section = queries.roadmap_by_section(ctx)
long = by_section.unpivot(
    index=["section_no", "section_title"],
    on=["done", "in_progress", "not_started", "cancelled"],
    variable_name="status",
    value_name="measures",
).with_columns(
    pl.col("status").replace_strict(
        {
            "done": "Выполнено",
            "in_progress": "Выполняется",
            "not_started": "Не начато",
            "cancelled": "Отменено",
        }
    ),
    ("Раздел " + pl.col("section_no").cast(pl.String)).alias("section"),
)
chart = (
    alt.Chart(long)
    .mark_bar()
    .encode(
        y=alt.Y("section:N", title="Раздел", sort=None),
        x=alt.X("measures:Q", title="Мероприятий"),
        color=alt.Color(
            "status:N",
            title="Статус",
            sort=["Выполнено", "Выполняется", "Не начато", "Отменено"],
            scale=alt.Scale(
                domain=["Выполнено", "Выполняется", "Не начато", "Отменено"],
                range=["#2e7d32", "#f9a825", "#9e9e9e", "#6d4c41"],
            ),
        ),
        tooltip=[
            alt.Tooltip("section:N", title="Раздел"),
            alt.Tooltip("section_title:N", title="Название"),
            alt.Tooltip("status:N", title="Статус"),
            alt.Tooltip("measures:Q", title="Мероприятий"),
        ],
    )
    .properties(height=260)
)
st.altair_chart(chart, width="stretch")

st.dataframe(
    by_section,
    hide_index=True,
    width="stretch",
    column_config={
        "section_no": st.column_config.NumberColumn("Раздел", format="%d"),
        "section_title": st.column_config.TextColumn("Название раздела", width="large"),
        "measures": "Мероприятий",
        "done": "Выполнено",
        "in_progress": "Выполняется",
        "not_started": "Не начато",
        "cancelled": "Отменено",
        "overdue": "Просрочено",
        "avg_progress_pct": st.column_config.ProgressColumn(
            "Средний прогресс", format="%.0f%%", min_value=0, max_value=100
        ),
    },
)

overdue = queries.overdue_measures(ctx)
st.subheader(f"Просроченные мероприятия на {summary['as_of']:%d.%m.%Y}: {overdue.height}")
if overdue.is_empty():
    st.success("Просроченных мероприятий нет.")
else:
    st.dataframe(
        overdue,
        hide_index=True,
        width="stretch",
        column_config={
            "item_label": "Мероприятие",
            "section_no": st.column_config.NumberColumn("Раздел", format="%d"),
            "group_code": "Группа",
            "title": st.column_config.TextColumn("Наименование", width="large"),
            "deadline_text": "Срок по постановлению",
            "end_date": st.column_config.DateColumn("Крайняя дата", format="DD.MM.YYYY"),
            "days_overdue": "Дней просрочки",
            "status_label": "Статус",
            "progress_pct": st.column_config.ProgressColumn(
                "Прогресс", format="%.0f%%", min_value=0, max_value=100
            ),
            "responsible": "Ответственный исполнитель",
        },
    )
