"""Who is using the app: the signed-in user's access, the session cookie, sign-in and sign-out.

The page chrome and the access check of each page are in ``navigation``; the sign-in form is
``pages/signin.py``. No SQL here: accounts and sessions are ``mart.access.accounts``.
"""

from __future__ import annotations

import json
import os

import streamlit as st

from mart.access import accounts
from mart.access.rules import PUBLIC, Access
from mart.platform import config, db
from pages.ui.fmt import plain

COOKIE = "amur_session"  # mart.access.cookies.SESSION


@st.cache_resource(show_spinner=False)
def _cleaned_up(path: str) -> int:
    return len(db.cleanup_on_start())


def clean_up_at_start() -> None:
    """Once per server process and mart: remove what interrupted writes left behind (issue 8)."""
    _cleaned_up(str(config.db_path()))


def access() -> Access:
    """The signed-in user's access (public when nobody is signed in)."""
    return st.session_state.get("access", PUBLIC)


DEVICE_COOKIE = "amur_device"  # mart.access.cookies.DEVICE


def _cookie(name: str = COOKIE) -> str | None:
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and value else None  # AppTest has no real cookies


def client() -> accounts.Client:
    """Who is signing in: the address (``MART_PROXY_HEADER`` names a trusted proxy's header) and device token."""
    header = os.environ.get("MART_PROXY_HEADER", "").strip()
    forwarded = st.context.headers.get(header) if header else None
    address = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else None
    if not address:
        seen = st.context.ip_address
        address = seen if isinstance(seen, str) else None  # None on localhost (and in AppTest)
    return accounts.Client(address=address, device=_cookie(DEVICE_COOKIE))


def restore_session() -> Access:
    """Resume the session from the cookie after a reload; drop it when it has expired or ended."""
    token = st.session_state.get("token")
    if token is None and not st.session_state.get("signed_out"):
        token = _cookie()
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


def signed_in(ctx: Access, token: str, device: str | None = None) -> None:
    st.session_state["access"] = ctx
    st.session_state["token"] = token
    if device:
        st.session_state["device"] = device
    st.session_state.pop("signed_out", None)


def sign_out() -> None:
    try:
        accounts.sign_out(st.session_state.get("token"))
    except db.StorageError as exc:  # the session ends here anyway; the record of it could not be written
        st.session_state["flash"] = f"Выход выполнен, но не записан в журнал. {plain(exc)}"
    for key in ("access", "token", "next"):
        st.session_state.pop(key, None)
    st.session_state["signed_out"] = True


def cookie_sync() -> None:
    """Keep the browser's cookies in step with the session (set after sign-in, cleared after sign-out).

    Served through ``serve.py`` (``make run``), the cookies are set by the server, HttpOnly, from a
    one-time ticket (``mart.access.cookies``); under plain ``streamlit run`` a script sets them, and a script
    cannot make a cookie HttpOnly.
    """
    from mart.access import cookies

    token = st.session_state.get("token")
    device = st.session_state.pop("device", None)
    # what the browser holds as far as this session knows (st.context has the cookies of page load)
    held = st.session_state.get("cookie_held", _cookie())
    want = {}
    if token and held != token:
        want[COOKIE] = (token, accounts.SESSION_HOURS * 3600)
        st.session_state["cookie_held"] = token
    elif not token and held:
        want[COOKIE] = ("", 0)
        st.session_state["cookie_held"] = ""
    if device and _cookie(DEVICE_COOKIE) != device:
        want[DEVICE_COOKIE] = (device, accounts.DEVICE_DAYS * 86400)
    if not want:
        return
    if cookies.served():
        js = cookies.fetch_script(want)
    else:
        js = "".join(
            f"document.cookie = {json.dumps(f'{name}={value}; path=/; max-age={age}; SameSite=Strict')};"
            for name, (value, age) in want.items()
        )
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True)
