"""Shared screen pieces: the caller's access, headers, empty states. No SQL here."""

from __future__ import annotations

import streamlit as st

from mart import config, db
from mart.access import PUBLIC, Access

DECREE = "постановление Правительства Амурской области от 09.08.2019 № 448"


def access() -> Access:
    """The signed-in user's access (public when nobody is signed in)."""
    return st.session_state.get("access", PUBLIC)


def header(title: str, caption: str | None = None) -> Access:
    ctx = access()
    st.title(title)
    line = f"Данные показаны для роли: **{ctx.audience}**. Сегодня: {config.today():%d.%m.%Y}."
    st.caption(line + (f" {caption}" if caption else ""))
    return ctx


def mart_missing(exc: db.MartMissing) -> None:
    st.error(str(exc))
    st.stop()
