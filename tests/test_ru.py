"""Russian numbers, plurals, file names and Excel cell formats (mart/platform/ru.py, mart/papers/export.py)."""

import io
import re
import zipfile

import polars as pl

from mart.papers import export
from mart.platform import ru

NB = "\u00a0"


def test_numbers_are_russian():
    assert ru.number(1234567) == f"1{NB}234{NB}567"
    assert ru.number(1234.5) == f"1{NB}234,5"
    assert ru.number(79.0) == "79"  # a whole number has no dangling comma
    assert ru.number(79, 1) == "79,0"
    assert ru.number(-0.04, 1) == "0,0"  # no signed zero
    assert ru.number(None) == "—" and ru.number(float("nan")) == "—"
    assert ru.percent(0.881) == f"88,1{NB}%"
    assert ru.signed(1.25, 1) == "+1,2" and ru.signed(-3) == "-3" and ru.signed(0.01, 1) == "0,0"


def test_plurals_and_counts():
    assert ru.count(1, "организация", "организации", "организаций") == "1 организация"
    assert ru.count(3, "организация", "организации", "организаций") == "3 организации"
    assert ru.count(19, "колледж", "колледжа", "колледжей") == "19 колледжей"
    assert ru.count(21, "колледж", "колледжа", "колледжей") == "21 колледж"


def test_text_never_says_none():
    assert ru.text(None) == "—"
    assert ru.text(True) == "да"
    assert ru.text(2.5) == "2,5"


def test_file_names_are_russian_and_safe():
    assert ru.file_name("Медальный зачёт", 2025, ext="xlsx") == "медальный-зачёт-2025.xlsx"
    assert ru.file_name("a/b:c", ext=".pdf") == "a-b-c.pdf"


def _sheet_xml(book: bytes, n: int = 1) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode(), z.read("xl/styles.xml").decode()


def test_export_keeps_numbers_as_numbers_without_a_dangling_separator():
    frame = pl.DataFrame(
        {"year": [2024, 2025], "score": [79.0, 81.25], "graduates": [12000, 950], "name": ["А", "Б"]}
    )
    book = export.to_xlsx(
        frame,
        title="Проба",
        column_labels={"year": "Год", "score": "Балл", "graduates": "Выпускников", "name": "Колледж"},
    )
    sheet, styles = _sheet_xml(book)
    assert "#,##0.##" not in styles
    formats = set(re.findall(r'formatCode="([^"]+)"', styles))
    assert "0.00" in formats  # the score column needs two decimals: 79 reads «79,00», never «79,»
    assert "#,##0" in formats  # counts from 10 000 up are grouped by thousands
    # numbers are numeric cells (no t="s"), the text column is a string
    for ref in ("A2", "B2", "B3", "C2"):
        cell = re.search(rf'<c r="{ref}"[^>]*>', sheet).group(0)
        assert 't="s"' not in cell, cell
    assert 't="s"' in re.search(r'<c r="D2"[^>]*>', sheet).group(0)
