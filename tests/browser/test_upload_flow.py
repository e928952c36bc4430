"""A college uploads a file through the page; a council member then sees its figures on the overview."""

import re
from pathlib import Path

from tests.browser.conftest import settle, sign_in

ROWS = 30


def _graduates_file(tmp_path):
    """As Russian Excel saves it: Windows-1251, semicolons, dd.mm.yyyy, Russian status labels."""
    lines = [
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"
    ]
    for i in range(1, ROWS + 1):
        status, flags = ("Трудоустроен", "да;да") if i % 3 else ("Служба в армии по призыву", ";")
        lines.append(f"POO-01;2026;15.01.05;B26-{i:04d};{status};{flags};01.11.2026")
    path = tmp_path / "Выпускники 2026.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


def test_college_uploads_and_council_sees_the_figures(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, app_url, "demo.poo01")
    page.goto(f"{app_url}/upload")
    settle(page)
    assert page.get_by_text("Образовательная организация POO-01").count() > 0

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(_graduates_file(tmp_path))
    )
    settle(page, 2)
    assert page.get_by_text("Windows-1251").count() > 0  # the encoding the page detected
    page.get_by_role("button", name=re.compile("^Загрузить")).click()
    settle(page, 2)
    assert page.get_by_text(re.compile(rf"Файл принят: строк {ROWS}; новых {ROWS}")).count() > 0
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)

    page.get_by_role("button", name="Выйти").click()
    settle(page)
    sign_in(page, app_url, "demo.council")
    page.goto(f"{app_url}/?year=2026")
    settle(page, 2)
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    assert page.get_by_text("Page not found").count() == 0
    graduates = page.locator('[data-testid="stMetric"]').filter(has_text="Выпускников")
    assert graduates.count() > 0
    assert graduates.first.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(ROWS)
    assert page.locator('[data-testid="stException"]').count() == 0

    # the partial year is labelled for the council: one college of 19 is not the region
    assert page.get_by_text("данные от 1 из 19 колледжей (сбор до 01.12.2026)").count() > 0
    assert graduates.first.inner_text().count("неполный год") == 1

    # the public overview still opens on the last complete year and never offers the partial one
    page.get_by_role("button", name="Выйти").click()
    settle(page)
    page.goto(app_url)
    settle(page, 2)
    page.screenshot(path=str(tmp_path / "public.png"), full_page=True)
    year_box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    assert page.url.endswith("?year=2025")  # the year the page chose, kept in the link
    assert page.get_by_text("Трудоустройство выпускников колледжей, выпуск 2025").count() > 0
    assert page.get_by_text("неполн").count() == 0
    year_box.click()
    options = page.locator('[role="option"]').all_inner_texts()
    assert options and "2026" not in " ".join(options)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_downloads_are_made_when_clicked(app_url, browser, tmp_path):
    """The templates and the upload history are made when their button is clicked (deferred): the
    files a college gets are whole, in the dataset's Russian headers, from the running server."""
    import io

    import polars as pl

    from mart.intake import datasets

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    sign_in(page, app_url, "demo.poo01")
    page.goto(f"{app_url}/upload")
    settle(page)
    labels = [c.label_ru for c in datasets.get("graduates").columns]
    got = {}
    for button in ("Шаблон Excel", "Шаблон CSV", "История (Excel)"):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=button).click()
        got[button] = (download.value.suggested_filename, Path(download.value.path()).read_bytes())
    name, data = got["Шаблон Excel"]
    assert name == "шаблон_graduates.xlsx"
    assert pl.read_excel(io.BytesIO(data), sheet_name="Данные").columns == labels
    name, data = got["Шаблон CSV"]
    assert name == "шаблон_graduates.csv"
    assert data.decode("utf-8-sig").splitlines()[0] == ";".join(labels)
    name, data = got["История (Excel)"]
    assert name == "история_загрузок.xlsx" and data[:2] == b"PK"
    assert page.locator('[data-testid="stException"]').count() == 0
