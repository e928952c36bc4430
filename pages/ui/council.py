"""The council's papers on screen: the meeting pack button and the papers given before (issue 13)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from mart.access.rules import Access
from mart.platform import config

# --- the council's papers (issue 13) -----------------------------------------------------------------


def meeting_pack(ctx: Access, year: int | None) -> None:
    """The meeting pack button (PDF, kept in the mart) and the papers given before, for the council."""
    from mart.papers import brief

    if not ctx.allows("meeting_pack"):
        return
    today = config.today()
    left, right = st.columns([2, 3], vertical_alignment="center")
    left.download_button(
        "Материалы к заседанию (PDF)",
        data=lambda: brief.make_meeting_pack(ctx, today, year).pdf,
        on_click="ignore",
        file_name=brief.pack_file_name(today),
        mime="application/pdf",
        key="meeting_pack",
        icon=":material/picture_as_pdf:",
        type="primary",
        help="Дорожная карта, трудоустройство, чемпионаты, рейтинг KPI, кадровый баланс и сборы данных "
        f"на {today:%d.%m.%Y} в одном PDF. Каждый выданный файл сохраняется с контрольной суммой.",
    )
    right.caption(
        f"Год разделов о трудоустройстве, чемпионатах и KPI — {year or 'последний с данными'}. "
        "Выданные материалы хранятся: их можно открыть позже такими, какими они были."
    )
    given = brief.papers(ctx)
    if given.is_empty():
        return
    with st.expander(f"Выданные материалы и протоколы ({given.height})"):
        st.dataframe(
            given.select(
                "paper_id",
                "kind_label",
                "title",
                "created_at",
                "created_by",
                "pages",
                "data_version",
                "sha256",
            ),
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                "paper_id": st.column_config.NumberColumn("№", format="%d"),
                "kind_label": "Документ",
                "title": st.column_config.TextColumn("Название", width="medium"),
                "created_at": st.column_config.DatetimeColumn("Выдан", format="DD.MM.YYYY HH:mm"),
                "created_by": "Кто сформировал",
                "pages": st.column_config.NumberColumn("Страниц", format="%d"),
                "data_version": st.column_config.TextColumn("Версия данных", width="medium"),
                "sha256": st.column_config.TextColumn("Контрольная сумма SHA-256", width="small"),
            },
        )
        titles = {
            r["paper_id"]: f"№ {r['paper_id']} — {r['title']} ({r['created_at']:%d.%m.%Y %H:%M})"
            for r in given.iter_rows(named=True)
        }
        chosen = st.selectbox("Документ", list(titles), format_func=titles.get, key="paper")
        row = given.filter(pl.col("paper_id") == chosen).row(0, named=True)
        st.download_button(
            "Скачать выданный документ",
            data=lambda: brief.paper_file(ctx, chosen),
            on_click="ignore",
            file_name=row["file_name"],
            mime="application/pdf",
            key="paper_download",
            icon=":material/download:",
        )
