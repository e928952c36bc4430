"""A shared link survives sign-in: the guest is told why, and signing in opens the linked view.

A link to a closed page, opened as a fresh server's first request, is in test_fresh_server.py.
"""

from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import settle


def _sign_in_here(page, login: str, password: str = "demo-2019") -> None:
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    settle(page, 2.5)


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_an_open_page_link_with_closed_filters_says_so_and_keeps_them(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/employment?inst=POO-03")
    settle(page, 1.5)
    assert page.locator("h1").first.inner_text().strip() == "Трудоустройство выпускников"
    page.get_by_text("виден только после входа в систему", exact=False).wait_for(timeout=30_000)
    page.get_by_text("Войти и открыть ссылку").click()
    page.wait_for_url("**/signin**", timeout=30_000)
    settle(page, 1.5)
    assert page.locator("h1").first.inner_text().strip() == "Вход"
    _sign_in_here(page, "demo.council")
    page.wait_for_url("**/employment?**", timeout=30_000)
    settle(page, 1.5)
    assert _query(page).get("inst") == ["POO-03"]
    # the page shows the linked college (its filter holds it)
    page.locator('[data-testid="stMain"]').get_by_text(
        "POO-03 — Демо-колледж № 3", exact=False
    ).first.wait_for(timeout=30_000)
    assert page.get_by_text("виден только после входа в систему", exact=False).count() == 0
