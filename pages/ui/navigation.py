"""The app's pages, the navigation each role sees, and the access check before every page.

``app.py`` calls ``run_app`` on every run: it restores the session, lists the pages the user may
open (``st.navigation``), runs the gate (sidebar, cookies, sign-in or refusal) and then the page.

Streamlit's legacy folder mode. While no session of the server process has called
``st.navigation`` (the first visitor of a fresh server opening a deep link such as ``/employment``,
and every AppTest run of ``app.py``), Streamlit runs the file of ``pages/`` named in the address
directly, without ``app.py``. Every page starts with ``screen.header``, which calls
``require_app``: outside ``run_app`` it draws nothing, runs ``run_app`` in the page's place (its
``st.navigation`` opens the page the address names, through the gate, and ends the legacy mode
for the whole process) and stops the direct run. The same happens when a tool runs a page file as
its main script. A page's file is named after its address (``pages/kpi.py`` is ``/kpi``), so both
modes mean the same page. ``pages/`` holds pages only; their
shared pieces are this package, ``pages/ui``, which the folder mode does not list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import streamlit as st

from mart.access import authstore
from mart.access.rules import DEMO_REFUSED, PUBLIC, Access
from mart.platform import db
from pages.ui import session
from pages.ui.fmt import plain

PAGES_DIR = Path(__file__).resolve().parents[1]

# (file, title, icon, url path, capability needed to open it; None = everyone). A page's file is
# named after its url path: the legacy folder mode (see above) names pages by their files.
PAGES = [
    ("overview.py", "Обзор", ":material/dashboard:", "overview", None),
    ("roadmap.py", "Дорожная карта", ":material/flag:", "roadmap", None),
    ("employment.py", "Трудоустройство", ":material/work:", "employment", None),
    ("staffing.py", "Потребность в кадрах", ":material/groups:", "staffing", None),
    ("admissions.py", "Приём и КЦП", ":material/how_to_reg:", "admissions", None),
    ("demo-exams.py", "Демоэкзамен", ":material/school:", "demo-exams", None),
    ("championships.py", "Чемпионаты", ":material/emoji_events:", "championships", None),
    ("kpi.py", "KPI руководителей ПОО", ":material/leaderboard:", "kpi", "institution_aggregates"),
    ("experts.py", "Эксперты", ":material/workspace_premium:", "experts", "named_results"),
    ("collections.py", "Сбор данных", ":material/fact_check:", "collections", "collection_board"),
    ("upload.py", "Загрузка данных", ":material/upload_file:", "upload", "upload"),
    ("accounts.py", "Учётные записи", ":material/manage_accounts:", "accounts", "manage"),
    ("signin.py", "Вход", ":material/login:", "signin", None),
]
PAGE_FILES = {url: file for file, _, _, url, _ in PAGES}
PAGE_FILE_PATHS = {url: str(PAGES_DIR / file) for url, file in PAGE_FILES.items()}
PAGE_TITLES = {url: title for _, title, _, url, _ in PAGES}
PAGE_CAPABILITY = {url: capability for _, _, _, url, capability in PAGES}

# set while run_app runs the page: a page that starts outside it was run on its own (require_app)
_IN_APP: ContextVar[bool] = ContextVar("in_app", default=False)


def run_app() -> None:
    """One run of the app: session, navigation by role, the gate, then the page (see the module)."""
    st.set_page_config(
        page_title="Кадровый стандарт Амурской области", page_icon=":material/insights:", layout="wide"
    )
    session.clean_up_at_start()
    try:
        ctx = session.restore_session()
    except db.MartMissing as exc:
        st.error(str(exc))
        st.stop()
    except (authstore.StoreError, sqlite3.Error, OSError) as exc:  # the session cannot be read: a guest
        ctx = PUBLIC
        st.warning(
            "Сеанс не восстановлен: хранилище учётных записей недоступно. "
            + plain(db.storage_problem(exc) or "Сообщите администратору.")
        )
    pages = []
    for file, title, icon, url, capability in PAGES:
        allowed = ctx == PUBLIC if url == "signin" else capability is None or ctx.allows(capability)
        pages.append(
            st.Page(
                str(PAGES_DIR / file),
                title=title,
                icon=icon,
                url_path=url,
                default=url == "overview",
                visibility="visible" if allowed else "hidden",
            )
        )
    nav = st.navigation(pages)
    gate(ctx, nav.url_path)
    with page_run():
        nav.run()


@contextmanager
def page_run() -> Iterator[None]:
    """The page runs past the gate: ``run_app`` around ``nav.run()`` (and tests of a page's own refusals)."""
    inside = _IN_APP.set(True)
    try:
        yield
    finally:
        _IN_APP.reset(inside)


def require_app() -> None:
    """Let a page draw only inside ``run_app``; run on its own, the app runs in its place and this run stops."""
    if _IN_APP.get():
        return
    run_app()
    st.stop()


def sidebar_account(ctx: Access) -> None:
    st.caption("Региональный стандарт кадрового обеспечения промышленного роста Амурской области")
    if ctx == PUBLIC:
        st.caption("Вы не вошли: показаны открытые данные.")
    else:
        st.markdown(f"**{ctx.login}** — {ctx.audience}")
        if st.button("Выйти", key="sign_out"):
            session.sign_out()
            st.rerun()


def gate(ctx: Access, url: str) -> None:
    """The shared chrome and the access check of a page, before the page runs.

    A visitor who is not signed in is sent to sign in, and the link (page and filters) is kept so
    that signing in leads back to it; a signed-in user without the right sees why.
    """
    # Streamlit's «Press Enter to submit form» under text fields cannot be translated: hide it (README)
    st.html("<style>[data-testid='InputInstructions']{display:none}</style>")
    with st.sidebar:
        sidebar_account(ctx)
        session.cookie_sync()
    wanted = PAGE_CAPABILITY.get(url)
    if wanted is None or ctx.allows(wanted):
        if ctx == PUBLIC:
            _closed_filters(url)
        return
    title = PAGE_TITLES.get(url, url)
    if ctx == PUBLIC:
        st.session_state["next"] = {"page": url, "query": st.query_params.to_dict(), "title": title}
        st.switch_page(PAGE_FILE_PATHS["signin"])
    if ctx.demo and PAGE_CAPABILITY.get(url) in DEMO_REFUSED:
        st.error(
            f"Страница «{title}» недоступна для роли «{ctx.audience}»: это демонстрационная учётная запись."
        )
        st.stop()
    st.error(f"Страница «{title}» недоступна для роли «{ctx.audience}».")
    st.stop()


# URL filters that narrow a public page to one institution, municipality or person: shown after sign-in
SIGNED_IN_FILTERS = {
    "inst": "организация",
    "muni": "муниципалитет",
    "org": "организация",
    "expert": "эксперт",
}


def _closed_filters(url: str) -> None:
    """A guest's link to an open page whose filters need sign-in: say so, and keep the link for after.

    Signing in from here leads back to the same page with the same filters (``next``, see signin.py).
    """
    query = st.query_params.to_dict()
    closed = [key for key in query if key in SIGNED_IN_FILTERS]
    if not closed:
        return
    title = PAGE_TITLES.get(url, url)
    st.session_state["next"] = {"page": url, "query": query, "title": title}
    what = ", ".join(f"{SIGNED_IN_FILTERS[k]} {query[k]}" for k in closed)
    st.info(
        f"Ссылка открывает страницу «{title}» с отбором ({what}), который виден только после входа в систему. "
        "Сейчас показаны открытые данные по всей области. Войдите — и откроется эта же страница с этим отбором.",
        icon=":material/lock:",
    )
    st.page_link(PAGE_FILE_PATHS["signin"], label="Войти и открыть ссылку", icon=":material/login:")
