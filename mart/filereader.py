"""Turn an uploaded file (CSV in any office encoding, or .xlsx) into a header and rows of text.

Everything is read as text; types are checked later, column by column, so that every bad value
can be reported with its row and column. Row numbers are those a person sees in Excel: the header
is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

import polars as pl

MAX_BYTES = 50 * 1024 * 1024
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx",)


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass
class RawTable:
    header: list[str]
    rows: pl.DataFrame  # every column String (named by position: c0, c1, ...) plus "__row"
    encoding: str
    delimiter: str | None
    sheet: str | None = None
    meta: dict = field(default_factory=dict)  # what a special reader found (e.g. the federal form's layout)


def extension(file_name: str) -> str:
    return PurePath(file_name).suffix.lower()


def read_table(data: bytes, file_name: str) -> RawTable:
    ext = extension(file_name)
    if len(data) > MAX_BYTES:
        raise FileProblem(
            f"Файл «{file_name}» слишком большой: {len(data) / 1048576:.1f} МБ при допустимых "
            f"{MAX_BYTES // 1048576} МБ. Разделите его на части (например, по годам)."
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileProblem(f"Файл «{file_name}» пустой: в нём нет ни заголовка, ни строк.")
    if ext == ".xls":
        raise FileProblem(
            f"Файл «{file_name}» в старом формате Excel 97–2003 (.xls). Сохраните его как «Книга Excel (.xlsx)» "
            "или «CSV (разделители — точки с запятой)» и загрузите снова."
        )
    if ext in EXCEL_EXTENSIONS:
        if not data.startswith(b"PK"):
            raise FileProblem(
                f"Файл «{file_name}» назван .xlsx, но не является книгой Excel. Откройте его в Excel и "
                "сохраните как «Книга Excel (.xlsx)»."
            )
        return _read_xlsx(data, file_name)
    if ext in CSV_EXTENSIONS:
        return _read_csv(data, file_name)
    raise FileProblem(
        f"Файл «{file_name}»: формат «{ext or 'без расширения'}» не поддерживается. "
        "Загрузите CSV (.csv) или книгу Excel (.xlsx)."
    )


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    if data.startswith(b"PK\x03\x04"):
        raise FileProblem(
            f"Файл «{file_name}» — это книга Excel, а не CSV. Дайте ему расширение .xlsx или сохраните как CSV."
        )
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FileProblem(
                f"Файл «{file_name}» в кодировке UTF-16 («Юникод»). Сохраните его как «CSV UTF-8» или "
                "«CSV (разделители — точки с запятой)»."
            )
        raise FileProblem(f"Файл «{file_name}» двоичный, а не текстовый CSV. Загрузите CSV или .xlsx.")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1251"), "Windows-1251"
            except UnicodeDecodeError as exc:
                raise FileProblem(
                    f"Файл «{file_name}»: не удалось определить кодировку (ни UTF-8, ни Windows-1251). "
                    "Сохраните файл как «CSV UTF-8»."
                ) from exc
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<table", "<head", "<body")):
        raise FileProblem(
            f"Файл «{file_name}» — веб-страница (HTML/XML), а не CSV. Скачайте или сохраните данные как CSV или .xlsx."
        )
    return text, encoding


def _read_csv(data: bytes, file_name: str) -> RawTable:
    text, encoding = _decode(data, file_name)
    lines = re.split(r"\r\n|\r|\n", text, maxsplit=2)[:2]  # the first lines only: files can be large
    skipped = 0
    if lines and lines[0].strip().lower().startswith("sep="):  # Excel's delimiter hint line
        skipped = 1
    header_line = lines[skipped] if len(lines) > skipped else ""
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=False)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise FileProblem(f"Файл «{file_name}» не читается как CSV: {exc}") from exc
    records = records[skipped:]
    if not records:
        raise FileProblem(f"Файл «{file_name}» пустой: в нём нет ни заголовка, ни строк.")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    width = len(header)
    extra: list[int] = []
    body = []
    row_numbers = []
    for i, rec in enumerate(records[1:], start=2):
        if not "".join(rec).strip():
            continue  # blank lines and rows of bare delimiters that Excel leaves behind
        if len(rec) != width:
            if len(rec) > width and "".join(rec[width:]).strip():
                extra.append(i)
            rec = (rec + [""] * width)[:width]
        body.append(rec)
        row_numbers.append(i)
    if extra:
        rows = ", ".join(map(str, extra[:10])) + (" …" if len(extra) > 10 else "")
        raise FileProblem(
            f"Файл «{file_name}»: в строках {rows} значений больше, чем столбцов в заголовке "
            f"(разделитель «{_delim_name(delimiter)}»). Проверьте, нет ли лишних разделителей в значениях."
        )
    frame = _frame(header, body, row_numbers)
    return RawTable(header, frame, encoding, delimiter)


def _delim_name(d: str) -> str:
    return {";": "точка с запятой", ",": "запятая", "\t": "табуляция"}.get(d, d)


def _frame(header: list[str], body: list[list[str]], row_numbers: list[int]) -> pl.DataFrame:
    cols = {f"c{j}": [r[j] for r in body] for j in range(len(header))}
    frame = pl.DataFrame(cols, schema={f"c{j}": pl.String for j in range(len(header))})
    return frame.with_columns(pl.Series("__row", row_numbers, dtype=pl.Int64))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def read_grid(data: bytes, file_name: str) -> tuple[str, list[list[str]]]:
    """The first sheet of an .xlsx as text cells, every row kept (row i is Excel's row i + 1)."""
    if len(data) > MAX_BYTES:
        raise FileProblem(
            f"Файл «{file_name}» слишком большой: {len(data) / 1048576:.1f} МБ при допустимых "
            f"{MAX_BYTES // 1048576} МБ."
        )
    if extension(file_name) != ".xlsx" or not data.startswith(b"PK"):
        raise FileProblem(
            f"Файл «{file_name}» не является книгой Excel (.xlsx). Форму мониторинга загружают так, как её "
            "заполняют: книгой Excel. Если она в формате .xls, сохраните её как «Книга Excel (.xlsx)»."
        )
    try:
        import fastexcel

        sheet_name = fastexcel.read_excel(data).sheet_names[0]
        sheet = pl.read_excel(
            data,
            sheet_id=1,
            has_header=False,
            infer_schema_length=None,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
            read_options={"skip_rows": 0},  # keep leading empty rows: row numbers are Excel's
        )
    except Exception as exc:  # calamine reports damaged workbooks with many exception types
        raise FileProblem(f"Книга Excel «{file_name}» не читается: {exc}") from exc
    return sheet_name, [[_cell_text(v) for v in row] for row in sheet.iter_rows()]


def _read_xlsx(data: bytes, file_name: str) -> RawTable:
    try:
        import fastexcel

        sheet_name = fastexcel.read_excel(data).sheet_names[0]
        sheet = pl.read_excel(
            data,
            sheet_id=1,
            has_header=False,
            infer_schema_length=None,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
            read_options={"skip_rows": 0},  # keep leading empty rows: row numbers are Excel's
        )
    except Exception as exc:  # calamine reports damaged workbooks with many exception types
        raise FileProblem(f"Книга Excel «{file_name}» не читается: {exc}") from exc
    records = [[_cell_text(v) for v in row] for row in sheet.iter_rows()]
    if not records or not any(c.strip() for c in records[0]):
        raise FileProblem(
            f"Книга Excel «{file_name}», лист «{sheet_name}»: первая строка пустая. "
            "Данные должны быть на первом листе, заголовок — в строке 1."
        )
    header = [h.strip() for h in records[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body, row_numbers = [], []
    for i, rec in enumerate(records[1:], start=2):
        rec = (rec + [""] * width)[:width]
        if any(c.strip() for c in rec):
            body.append(rec)
            row_numbers.append(i)
    return RawTable(header, _frame(header, body, row_numbers), "xlsx", None, sheet_name)
