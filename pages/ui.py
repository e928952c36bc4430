"""Shared screen pieces: the caller's access, sign-in state, headers, empty states. No SQL here."""

from __future__ import annotations

import json

import streamlit as st

from mart import accounts, config, db
from mart.access import PUBLIC, Access

DECREE = "постановление Правительства Амурской области от 09.08.2019 № 448"
COOKIE = "amur_session"

# (file, title, icon, url path, capability needed to open it; None = everyone)
PAGES = [
    ("home.py", "Обзор", "🏠", "overview", None),
    ("upload.py", "Загрузка данных", "📤", "upload", "upload"),
    ("admin.py", "Учётные записи", "🔑", "accounts", "manage"),
    ("signin.py", "Вход", "🔐", "signin", None),
]
PAGE_FILES = {url: file for file, _, _, url, _ in PAGES}


def access() -> Access:
    """The signed-in user's access (public when nobody is signed in)."""
    return st.session_state.get("access", PUBLIC)


def restore_session() -> Access:
    """Resume the session from the cookie after a reload; drop it when it has expired or ended."""
    token = st.session_state.get("token")
    if token is None and not st.session_state.get("signed_out"):
        token = st.context.cookies.get(COOKIE)
    if token:
        ctx = accounts.resume(token)
        if ctx is None:
            if accounts.session_expired(token):
                st.session_state["flash"] = "Сеанс истёк. Войдите снова."
            st.session_state.pop("access", None)
            st.session_state.pop("token", None)
            st.session_state["signed_out"] = True
        else:
            st.session_state["access"] = ctx
            st.session_state["token"] = token
    return access()


def signed_in(ctx: Access, token: str) -> None:
    st.session_state["access"] = ctx
    st.session_state["token"] = token
    st.session_state.pop("signed_out", None)


def sign_out() -> None:
    accounts.sign_out(st.session_state.get("token"))
    for key in ("access", "token", "next"):
        st.session_state.pop(key, None)
    st.session_state["signed_out"] = True


def cookie_sync() -> None:
    """Keep the browser's cookie in step with the session (set after sign-in, cleared after sign-out)."""
    token = st.session_state.get("token")
    if token and st.context.cookies.get(COOKIE) != token:
        max_age = accounts.SESSION_HOURS * 3600
        js = f"document.cookie = {json.dumps(f'{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict')};"
    elif not token and st.context.cookies.get(COOKIE):
        js = f"document.cookie = {json.dumps(f'{COOKIE}=; path=/; max-age=0; SameSite=Strict')};"
    else:
        return
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True)


def sidebar_account(ctx: Access) -> None:
    st.caption("Региональный стандарт кадрового обеспечения промышленного роста Амурской области")
    if ctx is PUBLIC:
        st.caption("Вы не вошли: показаны открытые данные.")
    else:
        st.markdown(f"**{ctx.login}** — {ctx.audience}")
        if st.button("Выйти", key="sign_out"):
            sign_out()
            st.rerun()


def header(title: str, caption: str | None = None) -> Access:
    ctx = access()
    st.title(title)
    flash = st.session_state.pop("flash", None)
    if flash:
        st.info(flash)
    line = f"Данные показаны для роли: **{ctx.audience}**. Сегодня: {config.today():%d.%m.%Y}."
    st.caption(line + (f" {caption}" if caption else ""))
    return ctx


def mart_missing(exc: db.MartMissing) -> None:
    st.error(str(exc))
    st.stop()
