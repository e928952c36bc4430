"""The only entrypoint: sign-in state, the navigation each role sees, and the shared chrome."""

import sqlite3

import streamlit as st

from mart.access import authstore
from mart.access.rules import PUBLIC
from mart.platform import db
from pages import ui

st.set_page_config(
    page_title="Кадровый стандарт Амурской области", page_icon=":material/insights:", layout="wide"
)

ui.clean_up_at_start()
try:
    ctx = ui.restore_session()
except db.MartMissing as exc:
    st.error(str(exc))
    st.stop()
except (authstore.StoreError, sqlite3.Error, OSError) as exc:  # the session cannot be read: go on as a guest
    ctx = PUBLIC
    st.warning(
        "Сеанс не восстановлен: хранилище учётных записей недоступно. "
        + ui.plain(db.storage_problem(exc) or "Сообщите администратору.")
    )

pages = {}
for file, title, icon, url, capability in ui.PAGES:
    allowed = ctx is PUBLIC if url == "signin" else capability is None or ctx.allows(capability)
    pages[url] = st.Page(
        f"pages/{file}",
        title=title,
        icon=icon,
        url_path=url,
        default=url == "overview",
        visibility="visible" if allowed else "hidden",
    )
nav = st.navigation(list(pages.values()))
resume = st.session_state.pop("_resume", None)  # the page a legacy-mode run was asked for (see ui)
if resume in pages and resume != nav.url_path:
    st.switch_page(pages[resume], query_params=st.query_params.to_dict())
ui.gate(ctx, nav.url_path)
nav.run()
