"""The only entrypoint: shared chrome and the navigation each role sees."""

import streamlit as st

st.set_page_config(page_title="Кадровый стандарт Амурской области", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/home.py", title="Обзор", icon="🏠", default=True, url_path="overview"),
]
nav = st.navigation(pages)
with st.sidebar:
    st.caption("Региональный стандарт кадрового обеспечения промышленного роста Амурской области")
nav.run()
