"""A college downloads its federal monitoring form filled from its rows, uploads it back, and the
coordinator sees the reconciliation on the employment page (issue 14)."""

import re

from tests.browser.conftest import settle, sign_in


def _choose_form(page) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Что вы загружаете").click()
    page.get_by_role("option", name=re.compile("Форма мониторинга")).click()
    settle(page)


def test_college_round_trips_its_form_and_the_coordinator_sees_it_agree(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    sign_in(page, app_url, "demo.poo01")
    page.goto(f"{app_url}/upload")
    settle(page)
    _choose_form(page)
    assert page.get_by_text("(ваша учётная запись)").count() > 0
    page.get_by_text("Скачать форму: заполненную").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Скачать заполненную форму")).click()
    path = tmp_path / "Форма POO-01 2025.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith("POO-01_2025.xlsx")

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    settle(page, 2)
    assert page.get_by_text(re.compile(r"Проверка пройдена: ячеек формы \d+")).count() > 0
    page.get_by_role("button", name=re.compile("^Загрузить")).click()
    settle(page, 3)
    assert page.get_by_text(re.compile(r"Файл принят: ячеек формы \d+; новых \d+")).count() > 0
    page.screenshot(path=str(tmp_path / "form_upload.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0

    page.get_by_role("button", name="Выйти").click()
    settle(page)
    sign_in(page, app_url, "demo.coordinator")
    page.goto(f"{app_url}/employment?year=2025&inst=POO-01")
    settle(page, 3)
    assert page.get_by_text(re.compile("POO-01: форма 2025 года совпадает с построчными данными")).count() > 0
    assert page.locator('[data-testid="stException"]').count() == 0
