"""The only entrypoint: sign-in state, the navigation each role sees, and the shared chrome."""

import streamlit as st

from mart import db
from mart.access import PUBLIC
from pages import ui

st.set_page_config(page_title="Кадровый стандарт Амурской области", page_icon="📊", layout="wide")

try:
    ctx = ui.restore_session()
except db.MartMissing as exc:
    st.error(str(exc))
    st.stop()

pages = {}
for file, title, icon, url, capability in ui.PAGES:
    allowed = capability is None or ctx.allows(capability)
    if url == "signin":
        allowed = ctx is PUBLIC
    pages[url] = (
        st.Page(
            f"pages/{file}",
            title=title,
            icon=icon,
            url_path=url,
            default=url == "overview",
            visibility="visible" if allowed else "hidden",
        ),
        capability,
    )
nav = st.navigation([p for p, _ in pages.values()])
wanted = next((cap for p, cap in pages.values() if p.url_path == nav.url_path), None)

with st.sidebar:
    ui.sidebar_account(ctx)
    ui.cookie_sync()

if wanted is not None and not ctx.allows(wanted):
    if ctx is PUBLIC:
        # remember the link (page and filters) so that signing in leads back to it
        st.session_state["next"] = {
            "page": nav.url_path,
            "query": st.query_params.to_dict(),
            "title": nav.title,
        }
        st.switch_page(pages["signin"][0])
    st.error(f"Страница «{nav.title}» недоступна для роли «{ctx.audience}».")
    st.stop()
nav.run()
