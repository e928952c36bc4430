"""The session cookie as `make run` serves the app (serve.py): HttpOnly, resumed on reload, ended by a
password change, and no demo account survives the first real one."""

import pytest

from tests.browser.conftest import settle, sign_in


@pytest.fixture
def app_script() -> str:
    return "serve.py"


def _cookies(context) -> dict:
    return {c["name"]: c for c in context.cookies()}


def _wait_for_cookie(context, name: str, present: bool = True) -> dict:
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if (name in _cookies(context)) == present:
            break
        time.sleep(0.2)
    return _cookies(context)


def test_session_cookie_is_http_only_and_ends_with_a_password_change(app_url, browser, built_mart):
    from mart.access import accounts
    from mart.access.rules import OPERATOR

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, app_url, "demo.council")
    cookies = _wait_for_cookie(context, "amur_session")
    session, device = cookies["amur_session"], cookies["amur_device"]
    assert session["httpOnly"] and device["httpOnly"]
    assert session["sameSite"] == "Strict"
    assert "amur_session" not in page.evaluate("document.cookie")  # no script in the page can read it

    page.reload()
    settle(page, 2)
    assert page.get_by_text("demo.council").count() > 0  # the reload resumed the session

    accounts.set_password("demo.council", "a-new-password-1", ctx=OPERATOR)  # e.g. by the coordinator
    page.reload()
    settle(page, 2)
    assert page.get_by_text("Вы не вошли").count() > 0
    assert page.get_by_text("demo.council").count() == 0

    sign_in(page, app_url, "demo.council", "a-new-password-1")
    assert page.get_by_text("demo.council").count() > 0
    page.get_by_role("button", name="Выйти").click()
    settle(page, 2)
    assert "amur_session" not in _wait_for_cookie(context, "amur_session", present=False)
    context.close()


def test_a_forged_cookie_ticket_is_refused(app_url):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{app_url}/_amur/cookies", data=b"not-a-ticket", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
