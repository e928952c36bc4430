"""«Потребность в кадрах» in a real browser: the ministry's view with its charts drawn, the public's view."""

from tests.browser.conftest import settle, sign_in


def test_economy_sees_the_balance_charts_and_employers(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, app_url, "demo.economy")
    page.goto(f"{app_url}/staffing?year=2027&ugs=21.00.00")
    settle(page, 3)
    page.locator('[data-testid="stVegaLiteChart"]').nth(2).locator("canvas, svg").first.wait_for(
        timeout=60_000
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == "Потребность в кадрах"
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() >= 3  # diverging bars, need and supply over the years, the mismatch index
    for i in range(3):
        assert charts.nth(i).locator("canvas, svg").count() > 0, f"chart {i} not drawn"
    assert page.get_by_text("2027 — прогнозный год", exact=False).count() > 0
    page.get_by_text("Ответы работодателей", exact=False).first.click()
    settle(page, 1)
    assert page.get_by_text("(демо)", exact=False).count() > 0
    page.screenshot(path=str(tmp_path / "staffing-economy.png"), full_page=True)
    assert errors == []


def test_public_sees_the_published_forecast_section(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/staffing")
    settle(page, 2)
    page.get_by_text("Опубликованный прогноз потребности в кадрах").first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Опубликованный прогноз потребности в кадрах").count() > 0
    assert page.get_by_text("Прогноз ещё не опубликован", exact=False).count() > 0
