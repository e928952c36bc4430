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


def open_page_past_the_gate(file: str, default_timeout: float = 60) -> AppTest:
    """``pages/<file>`` run as if the gate had let the role in (``navigation.page_run``).

    For a page's own refusals — its second line of defence — of roles the gate already stops (the
    public on a closed page, a role without the capability): the app itself never runs the page for
    them (``tests/test_access_matrix.py``), so only this shows what the page would do.
    """
    path = str(config.REPO_ROOT / "pages" / file)
    script = (
        "from pages.ui import navigation\n"
        "with navigation.page_run():\n"
        f"    exec(compile(open({path!r}, encoding='utf-8').read(), {path!r}, 'exec'), {{'__name__': '__main__'}})\n"
    )
    return AppTest.from_string(script, default_timeout=default_timeout)
