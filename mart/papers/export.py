"""Exports for council protocols and error reports: Excel books and CSV that Russian Excel opens.

Every exported text passes the formula guard: a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is written as text with a leading apostrophe, so a value someone typed
into an upload («=HYPERLINK(...)», «+7 999 …») can never run as a formula in the reader's Excel
(CSV/formula injection). Excel books are written with ``write_string`` only and with xlsxwriter's
``strings_to_formulas`` switched off.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Mapping

import polars as pl
import xlsxwriter

from mart.platform import config, ru

SOURCE_RU = "Информационная система регионального стандарта кадрового обеспечения Амурской области"
DEMO_RU = "демонстрационные данные (вымышленные)"
ABOUT_SHEET = "О выгрузке"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = r"^[=+\-@\t\r]"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def guard(text: str) -> str:
    """The text as it may be written into a spreadsheet cell (never the start of a formula)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def guard_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The same guard applied to every string column of a frame."""
    exprs = [
        pl.when(pl.col(name).str.contains(_FORMULA_RE))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    ]
    return frame.with_columns(exprs) if exprs else frame


def _labelled(frame: pl.DataFrame, column_labels: Mapping[str, str] | None) -> list[str]:
    labels = column_labels or {}
    return [labels.get(c, c) for c in frame.columns]


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"\s+", " ", _SHEET_BAD.sub(" ", name)).strip().strip("'")[:31] or "Данные"
    candidate, n = base, 2
    while candidate.lower() in taken or candidate.lower() == ABOUT_SHEET.lower():
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _text(value: object) -> str:
    return ru.text(value)


class _Book:
    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.buf,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "nan_inf_to_errors": False,
            },
        )
        self.header = self.wb.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.date = self.wb.add_format({"num_format": "dd.mm.yyyy"})
        self.datetime = self.wb.add_format({"num_format": "dd.mm.yyyy hh:mm"})
        self.integer = self.wb.add_format({"num_format": "0"})
        self._formats: dict[str, object] = {}
        self.text = self.wb.add_format({"num_format": "@"})
        self.bold = self.wb.add_format({"bold": True})
        self.title = self.wb.add_format({"bold": True, "font_size": 14})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})

    def string(self, ws, row: int, col: int, value: str, fmt=None) -> None:
        ws.write_string(row, col, guard(value), fmt)

    def table(self, ws, top: int, frame: pl.DataFrame, labels: list[str], *, filters: bool = True) -> int:
        """Write a frame from row ``top`` (header) on; returns the last row written."""
        widths = [min(60, max(8, len(lbl) + 2)) for lbl in labels]
        for j, lbl in enumerate(labels):
            self.string(ws, top, j, lbl, self.header)
        writers = [self._writer(frame.get_column(name)) for name in frame.columns]
        for i, row in enumerate(frame.iter_rows(), start=top + 1):
            for j, value in enumerate(row):
                shown = writers[j](ws, i, j, value)
                if i < top + 1000 and shown > widths[j]:
                    widths[j] = min(60, shown)
        for j, w in enumerate(widths):
            ws.set_column(j, j, w + 1)
        last = top + frame.height
        if filters and frame.width:
            ws.autofilter(top, 0, last, frame.width - 1)
        return last

    def number_format(self, pattern: str):
        if pattern not in self._formats:
            self._formats[pattern] = self.wb.add_format({"num_format": pattern})
        return self._formats[pattern]

    def _writer(self, column: pl.Series):
        """How a column is written: real dates and numbers, each numeric column with one number format.

        Whole numbers get no decimals; a count from 10 000 up is grouped by thousands (a year or a
        number of four digits is not, as Russian typography writes them); fractions get the decimals
        the column needs (at most three), so no cell reads «79,».
        """
        dtype = column.dtype
        if dtype == pl.Date:
            return self._date
        if dtype == pl.Datetime:
            return self._datetime
        if dtype.is_integer():
            big = column.drop_nulls().abs().max() if column.drop_nulls().len() else 0
            fmt = self.number_format("#,##0" if (big or 0) >= 10000 else "0")
            return lambda ws, i, j, v: self._int(ws, i, j, v, fmt)
        if dtype.is_numeric():  # floats and decimals
            values = column.drop_nulls().head(5000).to_list()
            digits = ru.decimals_needed(values, cap=3)
            big = max((abs(float(v)) for v in values if ru.finite(v)), default=0)
            pattern = (
                ru.xlsx_number_format(digits)
                if big >= 10000
                else ("0" + ("." + "0" * digits if digits else ""))
            )
            fmt = self.number_format(pattern)
            return lambda ws, i, j, v: self._float(ws, i, j, v, fmt)
        if dtype == pl.Boolean:
            return self._bool
        return self._str

    def _date(self, ws, i: int, j: int, v) -> int:
        if v is None:
            ws.write_blank(i, j, None)
            return 0
        ws.write_datetime(i, j, dt.datetime.combine(v, dt.time()), self.date)
        return 10

    def _datetime(self, ws, i: int, j: int, v) -> int:
        if v is None:
            ws.write_blank(i, j, None)
            return 0
        ws.write_datetime(i, j, v.replace(tzinfo=None), self.datetime)
        return 16

    def _int(self, ws, i: int, j: int, v, fmt=None) -> int:
        if v is None:
            ws.write_blank(i, j, None)
            return 0
        ws.write_number(i, j, v, fmt or self.integer)
        return len(str(v))

    def _float(self, ws, i: int, j: int, v, fmt=None) -> int:
        if v is None or (isinstance(v, float) and not math.isfinite(v)):
            ws.write_blank(i, j, None)
            return 0
        ws.write_number(i, j, float(v), fmt or self.integer)
        return len(ru.number(float(v)))

    def _bool(self, ws, i: int, j: int, v) -> int:
        if v is None:
            ws.write_blank(i, j, None)
            return 0
        ws.write_string(i, j, "да" if v else "нет")
        return 3

    def _str(self, ws, i: int, j: int, v) -> int:
        if v is None:
            ws.write_blank(i, j, None)
            return 0
        text = v if isinstance(v, str) else _text(v)
        self.string(ws, i, j, text)
        return max((len(part) for part in text.splitlines()), default=0)

    def close(self) -> bytes:
        self.wb.close()
        return self.buf.getvalue()


def to_xlsx(
    frames: Mapping[str, pl.DataFrame] | pl.DataFrame,
    *,
    title: str,
    filters: Mapping[str, str] | None = None,
    freshness: str | pl.DataFrame | None = None,
    column_labels: Mapping[str, str] | None = None,
    is_demo: bool = False,
    freshness_labels: Mapping[str, str] | None = None,
) -> bytes:
    """An Excel book: the data (one sheet per frame, a single frame on sheet «Данные») and «О выгрузке».

    Data sheets have Russian headers (``column_labels``), real dates and numbers, an autofilter,
    a frozen header row and widths fitted to the content. «О выгрузке» names the title, the active
    filters, how fresh the data is, when it was exported and where it comes from.
    """
    named = {"Данные": frames} if isinstance(frames, pl.DataFrame) else dict(frames)
    book = _Book()
    taken: set[str] = set()
    counts: list[tuple[str, int]] = []
    for name, frame in named.items():
        sheet = _sheet_name(name, taken)
        ws = book.wb.add_worksheet(sheet)
        book.table(ws, 0, frame, _labelled(frame, column_labels))
        ws.freeze_panes(1, 0)
        counts.append((sheet, frame.height))

    ws = book.wb.add_worksheet(ABOUT_SHEET)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    r = 0
    book.string(ws, r, 0, title, book.title)
    r += 2
    book.string(ws, r, 0, "Источник", book.bold)
    book.string(ws, r, 1, SOURCE_RU)
    if is_demo:
        r += 1
        book.string(ws, r, 0, "Данные", book.bold)
        book.string(ws, r, 1, DEMO_RU.capitalize() + ": организации и люди не существуют.")
    r += 1
    book.string(ws, r, 0, "Время выгрузки", book.bold)
    book.string(ws, r, 1, config.now().strftime("%d.%m.%Y %H:%M:%S"))
    for sheet, n in counts:
        r += 1
        book.string(ws, r, 0, f"Строк на листе «{sheet}»", book.bold)
        ws.write_number(r, 1, n, book.integer)
    r += 2
    book.string(ws, r, 0, "Фильтры", book.bold)
    active = [(k, v) for k, v in (filters or {}).items() if v not in (None, "")]
    if not active:
        book.string(ws, r, 1, "не заданы (выгружены все доступные данные)")
    for k, v in active:
        r += 1
        book.string(ws, r, 0, str(k))
        book.string(ws, r, 1, str(v), book.wrap)
    r += 2
    book.string(ws, r, 0, "Актуальность данных", book.bold)
    if freshness is None:
        book.string(ws, r, 1, "не указана")
    elif isinstance(freshness, pl.DataFrame):
        r += 1
        book.table(ws, r, freshness, _labelled(freshness, freshness_labels or column_labels), filters=False)
    else:
        book.string(ws, r, 1, str(freshness), book.wrap)
    return book.close()


def to_csv_bytes(frame: pl.DataFrame, column_labels: Mapping[str, str] | None = None) -> bytes:
    """CSV for Russian Excel: UTF-8 with BOM, ``;``, dates ДД.ММ.ГГГГ, decimal comma, formula guard."""
    readable = frame.with_columns(
        pl.col(pl.Boolean).replace_strict({True: "да", False: "нет"}, return_dtype=pl.String),
        pl.col(pl.Float32, pl.Float64).fill_nan(None),
    )
    out = guard_frame(readable)
    out = out.rename(
        dict(zip(out.columns, [guard(lbl) for lbl in _labelled(out, column_labels)], strict=True))
    )
    text = out.write_csv(
        separator=";",
        line_terminator="\r\n",
        date_format="%d.%m.%Y",
        datetime_format="%d.%m.%Y %H:%M:%S",
        decimal_comma=True,
    )
    return text.encode("utf-8-sig")


__all__ = ["ABOUT_SHEET", "DEMO_RU", "SOURCE_RU", "guard", "guard_frame", "to_csv_bytes", "to_xlsx"]
