"""The first visitor of a fresh server (``make run``: serve.py) opens a deep link to a closed page.

Until a session of the process has called ``st.navigation``, Streamlit runs the file of ``pages/``
that the address names directly, without app.py (its legacy folder mode). The page must draw nothing
before the gate: the guest gets the sign-in page, and signing in opens the linked page with its filters.
"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import settle

# said only by the KPI page's own heading: what a guest must never receive
KPI_PAGE_TEXT = "Результаты руководителей профессиональных образовательных организаций"


@pytest.fixture
def app_script() -> str:
    return "serve.py"


def test_a_deep_link_on_a_fresh_server_passes_the_gate_then_opens(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    received: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda f: received.append(f if isinstance(f, bytes) else f.encode())
        ),
    )
    page.goto(f"{app_url}/kpi?year=2024&muni=г.%20Белогорск")  # the server's first request
    page.get_by_text("Чтобы открыть страницу «KPI руководителей ПОО», войдите в систему.").wait_for(
        timeout=60_000
    )
    settle(page, 1)
    assert page.locator("h1").first.inner_text().strip() == "Вход"
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    # the app's navigation (Russian titles, closed pages hidden), not the folder mode's file names
    assert "Вход" in nav and "kpi" not in nav.lower() and "accounts" not in nav
    sent = b"".join(received)
    assert "войдите в систему".encode() in sent  # what was drawn is in these frames
    assert KPI_PAGE_TEXT.encode() not in sent  # and nothing of the page itself
    assert page.get_by_text("Page not found").count() == 0

    page.get_by_label("Логин").fill("demo.council")
    page.get_by_label("Пароль").fill("demo-2019")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/kpi?**", timeout=30_000)
    page.get_by_text(KPI_PAGE_TEXT, exact=False).wait_for(timeout=30_000)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("year") == ["2024"] and query.get("muni") == ["г. Белогорск"]
    page.get_by_text("2024 год — г. Белогорск.").first.wait_for(timeout=30_000)
    assert page.locator("h1").first.inner_text().strip() == "KPI руководителей ПОО"
