"""AppTests of a page open it through the app, as a browser opens the page's address.

A page file run on its own draws nothing (``pages.ui.navigation.require_app``): the app's navigation
and gate run first, so a test sees what the role sees, sidebar and sign-in gate included.
"""

from streamlit.testing.v1 import AppTest

from mart.platform import config


def open_page(file: str, default_timeout: float = 60) -> AppTest:
    """An AppTest of ``app.py`` switched to ``pages/<file>``; set session state and query, then ``run()``."""
    at = AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=default_timeout)
    return at.switch_page(f"pages/{file}")
