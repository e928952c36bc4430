"""The decree's roadmap and the measures a page reports on: headline figures, captions, a folded list."""

from __future__ import annotations

import streamlit as st

from mart.access.rules import Access
from mart.papers import charts
from pages.ui.fmt import change

DECREE = "постановление Правительства Амурской области от 09.08.2019 № 448"

# --- the roadmap measures a page reports on -------------------------------------------------------


# the roadmap's statuses in the form's order and their colours on every chart
STATUS_ORDER, STATUS_COLORS = (
    charts.STATUS_ORDER,
    charts.STATUS_COLORS,
)  # one definition for screens and papers


def roadmap_figures(summary: dict, measures_help: str | None = None) -> None:
    """The roadmap's headline figures (``mart.read.roadmap.roadmap_summary``), with the change over a year."""
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.metric("Мероприятий", summary["measures"], help=measures_help)
    c2.metric(
        "Выполнено",
        summary["done"],
        **change(summary["done"], summary["done_year_ago"]),
        help=f"Для сравнения — на {summary['year_ago']:%d.%m.%Y}.",
    )
    c3.metric("Выполняется", summary["in_progress"])
    c4.metric(
        "Просрочено",
        summary["overdue"],
        **change(summary["overdue"], summary["overdue_year_ago"], color="inverse"),
        help=f"Срок прошёл, а мероприятие не выполнено и не отменено (на {summary['as_of']:%d.%m.%Y}). "
        "Мероприятия «Постоянно» просроченными не считаются.",
    )
    c5.metric("Средний прогресс", f"{summary['avg_progress_pct'] or 0:.0f} %")


def measure_caption(ctx: Access, item_code: str) -> None:
    """One line naming the roadmap measure a page reports on, with its section, group and status."""
    from mart.read import roadmap

    measure = roadmap.measure(ctx, item_code)
    if measure.height:
        m = measure.row(0, named=True)
        group = f", {m['group_label']}" if m["group_code"] else ""
        st.caption(
            f"Мероприятие дорожной карты {m['item_label']} ({m['section_label']}{group}): {m['title']} — "
            f"статус: {(m['status_label'] or 'нет сведений').lower()}."
        )


def measures_expander(measures) -> None:
    """The roadmap measures a page reports on (``mart.read.championships.roadmap_measures`` rows), folded."""
    with st.expander("Мероприятия дорожной карты"):
        for m in measures.iter_rows(named=True):
            group = f", группа {m['group_code']} «{m['group_title']}»" if m["group_code"] else ""
            section = f" «{m['section_title']}»" if m["section_title"] else ""
            st.markdown(
                f"**{m['item_label']}** (раздел {m['section_no']}{section}{group}) — {m['title']}. "
                f"Статус: {m['status_label']}, выполнено {m['progress_pct']:.0f} %."
            )
