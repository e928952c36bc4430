"""Exports: the formula guard, real dates and numbers, Russian headers and the «О выгрузке» sheet."""

import datetime as dt
import io
import zipfile

import polars as pl
import pytest

from mart.papers import export
from mart.platform import config

DANGEROUS = ["=1+1", "+7 999", "-5", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def frame():
    n = len(DANGEROUS) + 1
    return pl.DataFrame(
        {
            "text": [*DANGEROUS, "обычный текст"],
            "count": list(range(-1, n - 1)),
            "share": [0.5] * n,
            "day": [dt.date(2024, 12, 1)] * n,
            "flag": [True] * n,
        }
    )


@pytest.fixture
def fixed_now(monkeypatch):
    moment = dt.datetime(2026, 11, 26, 10, 30, 0)
    monkeypatch.setattr(config, "now", lambda: moment)
    return moment


def test_xlsx_formula_guard_and_types(frame, fixed_now):
    data = export.to_xlsx(
        frame,
        title="Проверка",
        filters={},
        freshness=None,
        column_labels={"text": "Текст", "count": "Количество", "day": "Дата"},
    )
    back = pl.read_excel(data, sheet_id=1)
    assert back.columns[:3] == ["Текст", "Количество", "share"]
    assert back.get_column("Текст").to_list() == ["'" + s for s in DANGEROUS] + ["обычный текст"]
    assert back.schema["Количество"].is_integer()
    assert back.get_column("Количество").to_list()[0] == -1  # a negative number stays a number
    assert back.schema["share"] == pl.Float64
    assert back.schema["Дата"] == pl.Date
    assert back.get_column("Дата").to_list()[0] == dt.date(2024, 12, 1)
    assert back.get_column("flag").to_list()[0] == "да"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet
        assert b"autoFilter" in sheet
        assert b"frozen" in sheet


def test_about_sheet(frame, fixed_now):
    data = export.to_xlsx(
        {"Выпускники": frame, "Вторая": frame.head(2)},
        title="Трудоустройство выпускников 2024",
        filters={"Год выпуска": "2024", "Организация": "=POO-01", "Пусто": ""},
        freshness="данные на 01.12.2024",
        is_demo=True,
    )
    sheets = pl.read_excel(data, sheet_id=0, has_header=False)
    assert list(sheets) == ["Выпускники", "Вторая", export.ABOUT_SHEET]
    about = sheets[export.ABOUT_SHEET]
    pairs = {r[0]: r[1] for r in about.iter_rows()}
    assert about.row(0)[0] == "Трудоустройство выпускников 2024"
    assert pairs["Источник"] == export.SOURCE_RU
    assert "демонстрационные данные (вымышленные)" in pairs["Данные"].lower()
    assert pairs["Год выпуска"] == "2024"
    assert pairs["Организация"] == "'=POO-01"  # filter values are guarded too
    assert "Пусто" not in pairs
    assert pairs["Актуальность данных"] == "данные на 01.12.2024"
    assert pairs["Время выгрузки"] == "26.11.2026 10:30:00"
    assert pairs["Строк на листе «Выпускники»"] in (7, 7.0, "7")


def test_about_sheet_freshness_table_and_no_demo(frame, fixed_now):
    fresh = pl.DataFrame({"dataset": ["graduates"], "last_upload_at": [dt.datetime(2026, 11, 1, 9, 0)]})
    data = export.to_xlsx(
        frame,
        title="Т",
        filters={},
        freshness=fresh,
        freshness_labels={"dataset": "Набор", "last_upload_at": "Последняя загрузка"},
    )
    about = pl.read_excel(data, sheet_name=export.ABOUT_SHEET, has_header=False)
    cells = [v for row in about.iter_rows() for v in row if v is not None]
    assert "Набор" in cells and "Последняя загрузка" in cells and "graduates" in cells
    assert "не заданы (выгружены все доступные данные)" in cells
    assert not any("вымышлен" in str(v) for v in cells)


def test_csv_bytes(frame):
    data = export.to_csv_bytes(frame, {"text": "Текст"})
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Текст;count;share;day;flag"
    assert lines[1] == "'=1+1;-1;0,5;01.12.2024;да"
    assert lines[2].startswith("'+7 999;")
    assert lines[3].startswith("'-5;")
    assert lines[4].startswith("'@SUM(A1);")
    assert lines[7].startswith("обычный текст;")


def test_guard():
    assert export.guard("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert export.guard("обычный") == "обычный"
    assert export.guard("") == ""
