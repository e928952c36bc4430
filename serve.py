"""How the app is served (``make run``): ``app.py`` as an ASGI application with one route of ours.

``streamlit run serve.py`` finds ``app`` below and serves it with uvicorn; ``app.py`` stays the only
entrypoint of the screens. The extra route sets the session cookies HttpOnly (see ``mart.access.cookies``).
"""

from pathlib import Path

import streamlit as st
from starlette.routing import Route

from mart.access import cookies

cookies.enable()
app = st.App(
    str(Path(__file__).with_name("app.py")), routes=[Route(cookies.ROUTE, cookies.route, methods=["POST"])]
)
