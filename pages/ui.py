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
    ("home.py", "Обзор", ":material/dashboard:", "overview", None),
    ("roadmap.py", "Дорожная карта", ":material/flag:", "roadmap", None),
    ("employment.py", "Трудоустройство", ":material/work:", "employment", None),
    ("demo_exams.py", "Демоэкзамен", ":material/school:", "demo-exams", None),
    ("championships.py", "Чемпионаты", ":material/emoji_events:", "championships", None),
    ("kpi.py", "KPI руководителей ПОО", ":material/leaderboard:", "kpi", "institution_aggregates"),
    ("experts.py", "Эксперты", ":material/workspace_premium:", "experts", "named_results"),
    ("upload.py", "Загрузка данных", ":material/upload_file:", "upload", "upload"),
    ("admin.py", "Учётные записи", ":material/manage_accounts:", "accounts", "manage"),
    ("signin.py", "Вход", ":material/login:", "signin", None),
]
PAGE_FILES = {url: file for file, _, _, url, _ in PAGES}


def access() -> Access:
    """The signed-in user's access (public when nobody is signed in)."""
    return st.session_state.get("access", PUBLIC)


def _cookie() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None  # AppTest has no real cookies


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
    if token and _cookie() != token:
        max_age = accounts.SESSION_HOURS * 3600
        js = f"document.cookie = {json.dumps(f'{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict')};"
    elif not token and _cookie():
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


PAGE_TITLES = {url: title for _, title, _, url, _ in PAGES}
PAGE_CAPABILITY = {url: capability for _, _, _, url, capability in PAGES}


def gate(ctx: Access, url: str) -> None:
    """The shared chrome and the access check of a page, before the page runs.

    A visitor who is not signed in is sent to sign in, and the link (page and filters) is kept so
    that signing in leads back to it; a signed-in user without the right sees why.
    """
    with st.sidebar:
        sidebar_account(ctx)
        cookie_sync()
    wanted = PAGE_CAPABILITY.get(url)
    if wanted is None or ctx.allows(wanted):
        return
    title = PAGE_TITLES.get(url, url)
    if ctx is PUBLIC:
        st.session_state["next"] = {"page": url, "query": st.query_params.to_dict(), "title": title}
        st.switch_page("pages/signin.py")
    st.error(f"Страница «{title}» недоступна для роли «{ctx.audience}».")
    st.stop()


def _through_app(page_file: str) -> None:
    """Apply app.py's gate when Streamlit ran a page file without app.py.

    Streamlit still has a legacy mode for apps with a ``pages/`` folder: until ``st.navigation`` has
    run once in the process (a fresh server, and every AppTest run), a link straight to a page runs
    that page's file without the entrypoint. Such a run gets the same session restore and access
    check as app.py gives.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        url = {f: u for u, f in PAGE_FILES.items()}.get(page_file)
        gate(restore_session(), url or "")


def header(title: str, caption: str | None = None) -> Access:
    import sys
    from pathlib import Path

    _through_app(Path(sys._getframe(1).f_globals.get("__file__", "")).name)
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


# --- filters kept in the URL --------------------------------------------------------------------


def url_filter(
    label: str,
    options: list,
    key: str,
    *,
    default=None,
    format_func=str,
    help: str | None = None,
    container=None,
):
    """A sidebar select box whose value lives in the URL (``?key=value``), so a link reproduces the view.

    ``None`` in ``options`` means «all» and leaves the parameter out of the URL.
    """
    box = container or st.sidebar
    by_text = {str(o): o for o in options}
    if key not in st.session_state:
        raw = st.query_params.get(key)
        st.session_state[key] = by_text.get(
            raw, default if default in options else options[0] if options else None
        )
    elif st.session_state[key] not in options:
        st.session_state[key] = default if default in options else (options[0] if options else None)
    placeholder = format_func(None) if None in options else None  # «Все» instead of Streamlit's English
    value = box.selectbox(
        label, options, key=key, format_func=format_func, help=help, placeholder=placeholder
    )
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)
    return value


def active_filters() -> dict[str, str]:
    """The filters in force, for the «О выгрузке» sheet of every export."""
    return dict(st.query_params.to_dict())


# --- tables with an XLSX download ----------------------------------------------------------------


def table(
    frame,
    *,
    name: str,
    title: str,
    column_config: dict | None = None,
    filters: dict[str, str] | None = None,
    height: int | str = "auto",
) -> None:
    """A table on screen and its XLSX export (filters, freshness and export time on a second sheet)."""
    from mart import export, queries, uploads_log

    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=column_config, height=height, placeholder="—"
    )
    labels = {}
    for col, conf in (column_config or {}).items():
        if isinstance(conf, str):
            labels[col] = conf
        elif isinstance(conf, dict) and conf.get("label"):
            labels[col] = conf["label"]
    ctx = access()
    in_force = filters if filters is not None else active_filters()

    def build() -> bytes:  # made only when the button is clicked
        return export.to_xlsx(
            frame,
            title=title,
            filters=in_force,
            freshness=uploads_log.last_uploads(ctx),
            column_labels=labels,
            is_demo=queries.has_demo_data(),
        )

    st.download_button(
        "Скачать XLSX",
        data=build,
        on_click="ignore",
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"download_{name}",
        icon=":material/download:",
    )


def demo_banner() -> None:
    from mart import queries

    if queries.has_demo_data():
        st.warning(
            "Демонстрационный режим: организации, люди и показатели вымышлены. "
            "Дорожная карта, коды специальностей, компетенции и категории мониторинга — настоящие.",
            icon=":material/science:",
        )


def empty(what: str, who: str) -> None:
    """An empty state that says what is missing and who should upload it."""
    st.info(f"Нет данных: {what}. Их загружает {who} на странице «Загрузка данных».", icon=":material/inbox:")


def delta(current, previous, *, pct: bool = False) -> str | None:
    """The change from the previous year for ``st.metric`` (None when there is nothing to compare)."""
    if current is None or previous is None:
        return None
    diff = current - previous
    if pct:
        return f"{diff * 100:+.1f} п.п. к прошлому году"
    return f"{diff:+,}".replace(",", " ") + " к прошлому году"


def freshness(ctx: Access) -> None:
    """When each institution last had an accepted upload of each dataset (the region's date for the public)."""
    from mart import uploads_log

    with st.expander("Актуальность данных"):
        frame = uploads_log.last_uploads(ctx)
        if frame.is_empty():
            st.caption("Данные ещё не загружались.")
        else:
            st.dataframe(frame, hide_index=True, width="stretch")
