"""The frame of every page: its heading (and the check that it runs inside the app), the demo
banner, empty states, the data's freshness, and what to say when the mart is missing."""

from __future__ import annotations

import streamlit as st

from mart.access.rules import Access
from mart.platform import config, db
from pages.ui import navigation
from pages.ui.session import access
from pages.ui.tables import freshness_column_config


def header(title: str, caption: str | None = None) -> Access:
    """The page's title and whose data it shows; every page starts with it (it also keeps a page
    from drawing outside the app's navigation and gate: ``navigation.require_app``)."""
    navigation.require_app()
    ctx = access()
    st.title(title)
    flash = st.session_state.pop("flash", None)
    if flash:
        st.info(flash)
    _snapshot_note()
    line = f"Данные показаны для роли: **{ctx.audience}**. Сегодня: {config.today():%d.%m.%Y}."
    st.caption(line + (f" {caption}" if caption else ""))
    return ctx


def _snapshot_note() -> None:
    """Say so when an older version of the mart is shown because another program holds the file."""
    from mart.read import queries

    try:
        note = queries.reader().snapshot_note
    except db.MartMissing:
        return
    if note:
        st.warning(note, icon=":material/lock_clock:")


def mart_missing(exc: db.MartMissing) -> None:
    st.error(str(exc))
    st.stop()


def demo_banner() -> None:
    from mart.read import queries

    if queries.has_demo_data():
        st.warning(
            "Демонстрационный режим: организации, люди и показатели вымышлены. "
            "Дорожная карта, коды специальностей, компетенции и категории мониторинга — настоящие.",
            icon=":material/science:",
        )


def empty(what: str, who: str) -> None:
    """An empty state that says what is missing and who should upload it."""
    st.info(f"Нет данных: {what}. Их загружает {who} на странице «Загрузка данных».", icon=":material/inbox:")


def empty_page(ctx: Access, what: str, who: str) -> None:
    """Nothing to show on the whole page: the empty state, the data's freshness, and the page stops."""
    empty(what, who)
    freshness(ctx)
    st.stop()


def freshness(ctx: Access) -> None:
    """When each institution last had an accepted upload of each dataset (the region's date for the public)."""
    from mart.intake import uploads_log

    with st.expander("Актуальность данных"):
        frame = uploads_log.freshness_table(ctx)
        if frame.is_empty():
            st.caption("Данные ещё не загружались.")
        else:
            st.dataframe(
                frame,
                hide_index=True,
                width="stretch",
                placeholder="—",
                column_config=freshness_column_config(frame),
            )
