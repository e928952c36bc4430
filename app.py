"""The only entrypoint (``streamlit run app.py``; ``make run`` serves it through serve.py).

Every run restores the session, lists the pages the user's role may open (``st.navigation``),
checks access and runs the page: ``pages.ui.navigation.run_app``. The pages are ``pages/*.py``;
their shared pieces are ``pages/ui/``.
"""

from pages.ui import navigation

navigation.run_app()
