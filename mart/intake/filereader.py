"""Turn an uploaded file (CSV in any office encoding, or .xlsx) into a header and rows of text.

Everything is read as text; types are checked later, column by column, so that every bad value
can be reported with its row and column. Row numbers are those a person sees in Excel: the header
is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

import polars as pl

from mart.platform import config

MAX_BYTES = 50 * 1024 * 1024  # a file sent through a page or an institution's account
# The server's operator (``python -m mart load`` without --as) loads whole national exports: one
# graduates file of a federal monitoring year holds about 800,000 rows (issue 15).
OPERATOR_MAX_BYTES = 256 * 1024 * 1024
OPERATOR_MAX_ROWS = 1_000_000
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx",)
EXCEL_CELL_CHARS = 32_767  # the most text an Excel cell holds; anything longer is not an office file

# Formats recognised by their first bytes, so that a renamed file is named for what it is.
SIGNATURES = (
    (b"%PDF", "документ PDF"),
    (b"\xd0\xcf\x11\xe0", "файл Microsoft Office старого формата (.xls/.doc) или книга, защищённая паролем"),
    (b"\x89PNG", "изображение PNG"),
    (b"\xff\xd8\xff", "изображение JPEG"),
    (b"GIF8", "изображение GIF"),
    (b"{\\rtf", "документ RTF"),
    (b"7z\xbc\xaf", "архив 7-Zip"),
    (b"Rar!", "архив RAR"),
    (b"\x1f\x8b", "архив gzip"),
    (b"%!PS", "документ PostScript"),
)


@dataclass(frozen=True)
class Limits:
    """What one file of a dataset may hold; a file past any of them is refused before it is parsed."""

    max_rows: int = 200_000  # data rows, the header not counted
    max_columns: int = 64
    max_cells: int = 2_000_000
    max_cell_chars: int = EXCEL_CELL_CHARS
    max_xml_bytes: int = 400 * 1048576  # XML actually unpacked from an .xlsx, all parts together
    max_sheets: int = 255
    max_entries: int = 10_000  # parts in an .xlsx archive
    memory_bytes: int = 1536 * 1048576  # the reading child process's address space
    cpu_seconds: int = 90
    wall_seconds: float = 120.0
    max_bytes: int | None = None  # the file's size; None: ``MAX_BYTES``


def limits_for(columns: int, *, operator: bool = False) -> Limits:
    """Limits of a dataset with that many columns: rows are capped for every dataset alike, columns
    and cells grow with the contract (so a new dataset gets sensible limits without configuring).

    ``operator``: the server's operator loading a national export from the command line may send a
    file of up to ``OPERATOR_MAX_ROWS`` rows and ``OPERATOR_MAX_BYTES``; pages and institutions'
    accounts keep the caps above."""
    max_rows = OPERATOR_MAX_ROWS if operator else Limits.max_rows
    max_columns = max(32, 3 * columns)
    return Limits(
        max_rows=max_rows,
        max_columns=max_columns,
        max_cells=(max_rows + 1) * (columns + 4),
        max_xml_bytes=min(Limits.max_xml_bytes, max(64 * 1048576, (max_rows + 1) * (columns + 4) * 160)),
        max_bytes=OPERATOR_MAX_BYTES if operator else None,
    )


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it.

    ``row``: the row (as Excel numbers it) where reading stopped, when there is one."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


@dataclass
class RawTable:
    header: list[str]
    rows: pl.DataFrame  # every column String (named by position: c0, c1, ...) plus "__row"
    encoding: str
    delimiter: str | None
    sheet: str | None = None
    notes: list[dict] = field(default_factory=list)  # warnings about the file as a whole
    meta: dict = field(default_factory=dict)  # what a special reader found (the federal form's layout)


def extension(file_name: str) -> str:
    return PurePath(file_name).suffix.lower()


def _n(v: int) -> str:
    return f"{v:,}".replace(",", "\u00a0")


def _refuse_oversize(data: bytes, file_name: str, limits: Limits, advice: str = "") -> None:
    """A file over its size cap (``limits.max_bytes``, else ``MAX_BYTES``) is refused before reading."""
    max_bytes = limits.max_bytes or MAX_BYTES
    if len(data) > max_bytes:
        raise FileProblem(
            f"Файл «{file_name}» слишком большой: {len(data) / 1048576:.1f} МБ при допустимых "
            f"{max_bytes // 1048576} МБ.{advice}"
        )


def read_table(data: bytes, file_name: str, limits: Limits | None = None) -> RawTable:
    limits = limits or Limits()
    ext = extension(file_name)
    _refuse_oversize(data, file_name, limits, " Разделите его на части (например, по годам).")
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
        return _read_xlsx(data, file_name, limits)
    if ext in CSV_EXTENSIONS:
        return _read_csv(data, file_name, limits)
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
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            raise FileProblem(
                f"Файл «{file_name}» — это {what}, а не таблица CSV. Загрузите CSV (.csv) или книгу Excel (.xlsx)."
            )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"Файл «{file_name}» начинается с метки UTF-8, но дальше текст не в UTF-8 (байт {exc.start + 4} "
                "не читается; похоже на Windows-1251). Откройте файл в Excel и сохраните как «CSV UTF-8» "
                "или «CSV (разделители — точки с запятой)»."
            ) from exc
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


csv.field_size_limit(MAX_BYTES + 1)  # long fields are refused below, with a Russian message and the limit


def _read_csv(data: bytes, file_name: str, limits: Limits) -> RawTable:
    text, encoding = _decode(data, file_name)
    lines = re.split(r"\r\n|\r|\n", text, maxsplit=2)[:2]  # the first lines only: files can be large
    skipped = 0
    if lines and lines[0].strip().lower().startswith("sep="):  # Excel's delimiter hint line
        skipped = 1
    header_line = lines[skipped] if len(lines) > skipped else ""
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    # newline="": the csv module sees \r\n, \n and a bare \r (Excel for Mac) as line ends itself
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    records: list[list[str]] = []
    # the physical lines of the file a record took, kept only for the few that took more than one
    spans: dict[int, tuple[int, int]] = {}
    most_records = limits.max_rows + 1 + skipped
    max_columns, max_chars = limits.max_columns, limits.max_cell_chars
    line = 0
    try:
        for rec in reader:
            last = reader.line_num
            if last != line + 1:
                spans[len(records)] = (line + 1, last)
            line = last
            records.append(rec)
            if len(records) > most_records:
                raise FileProblem(
                    f"Файл «{file_name}»: строк с данными больше допустимых {_n(limits.max_rows)}. "
                    "Разделите файл на части (например, по годам) и загрузите их по очереди."
                )
            if len(rec) > max_columns:
                raise FileProblem(
                    f"Файл «{file_name}»: в строке {len(records) - skipped} {_n(len(rec))} значений, а допустимо не "
                    f"больше {_n(max_columns)} столбцов (разделитель «{_delim_name(delimiter)}»)."
                )
            longest = max(map(len, rec)) if rec else 0
            if longest > max_chars:
                raise FileProblem(
                    f"Файл «{file_name}», строка {len(records) - skipped}: значение длиной {_n(longest)} "
                    f"символов, а в одной ячейке допустимо не больше {_n(max_chars)}. "
                    "Возможно, в файле не закрыта кавычка."
                )
    except csv.Error as exc:
        raise FileProblem(
            f"Файл «{file_name}» не читается как CSV около строки {reader.line_num}: "
            "проверьте кавычки и разделители (сохраните файл из Excel как «CSV (разделители — точки с запятой)»)."
        ) from exc
    if skipped:
        records = records[skipped:]
        spans = {i - skipped: span for i, span in spans.items() if i >= skipped}
    if not records:
        raise FileProblem(f"Файл «{file_name}» пустой: в нём нет ни заголовка, ни строк.")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    width = len(header)
    extra: list[int] = []
    body = []
    row_numbers = []
    for i, rec in enumerate(records[1:], start=2):
        if not (rec and rec[0].strip()) and not "".join(rec).strip():
            continue  # blank lines and rows of bare delimiters that Excel leaves behind
        span = spans.get(i - 1)
        if span is not None and any(("\n" in v or "\r" in v) and delimiter in v for v in rec):
            first, last = span
            raise FileProblem(
                f'Файл «{file_name}», строка {i}: кавычка (") открывает значение, которое не закрыто в этой '
                f"строке и захватило переводы строк и следующие строки файла (строки файла {first}–{last}). "
                "Закройте или удалите эту кавычку и сохраните файл снова.",
                row=i,
            )
        if len(rec) != width:
            if len(rec) > width and "".join(rec[width:]).strip():
                extra.append(i)
            rec = (rec + [""] * width)[:width]
        body.append(rec)
        row_numbers.append(i)
    if len(body) * max(width, 1) > limits.max_cells:
        raise FileProblem(
            f"Файл «{file_name}»: ячеек больше допустимых {_n(limits.max_cells)}. Разделите файл на части."
        )
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


def _read_xlsx(data: bytes, file_name: str, limits: Limits) -> RawTable:
    """Read the first visible sheet in a child process with memory and time limits (``mart.intake.xlsxread``)."""
    result = _xlsx_cells(data, file_name, limits)
    return _xlsx_table(result, file_name)


def read_grid(data: bytes, file_name: str, limits: Limits | None = None) -> tuple[str, list[list[str]]]:
    """The first visible sheet of an .xlsx as text cells, every row kept (row i is Excel's row i + 1).

    For layouts without a header row in row 1 (the federal monitoring form); read by the same
    bounded child process as every workbook.
    """
    limits = limits or Limits()
    _refuse_oversize(data, file_name, limits)
    if extension(file_name) != ".xlsx" or not data.startswith(b"PK"):
        raise FileProblem(
            f"Файл «{file_name}» не является книгой Excel (.xlsx). Форму мониторинга загружают так, как её "
            "заполняют: книгой Excel. Если она в формате .xls, сохраните её как «Книга Excel (.xlsx)»."
        )
    result = _xlsx_cells(data, file_name, limits)
    rows = {r: dict(cells) for r, cells in result["cells"]}
    last_row = max(rows, default=0)
    width = max((c for cells in rows.values() for c in cells), default=0)
    grid = [[rows.get(r, {}).get(c, "") for c in range(1, width + 1)] for r in range(1, last_row + 1)]
    return result["sheet"], grid


def _xlsx_cells(data: bytes, file_name: str, limits: Limits) -> dict:
    """The child process's reading of the first visible sheet: {sheet, cells: [(row, [(col, text)])], skipped}."""
    head = json.dumps({"file_name": file_name, "limits": asdict(limits)}).encode() + b"\n"
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mart.intake.xlsxread"],
            input=head + data,
            capture_output=True,
            timeout=limits.wall_seconds,
            cwd=config.REPO_ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FileProblem(
            f"Книга Excel «{file_name}» не прочитана: чтение заняло больше {limits.wall_seconds:.0f} с и прервано. "
            "Сохраните данные как CSV или разделите книгу на части."
        ) from exc
    except OSError as exc:
        raise FileProblem(
            f"Книга Excel «{file_name}» не прочитана: не удалось запустить чтение ({exc.strerror or exc}). "
            "Попробуйте ещё раз или загрузите CSV."
        ) from exc
    try:
        result = json.loads(proc.stdout.decode("utf-8")) if proc.returncode == 0 else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        result = None
    if result is None:
        why = (
            f"не хватило памяти (предел {limits.memory_bytes // 1048576} МБ) или времени ({limits.cpu_seconds} с)"
            if proc.returncode != 0
            else "чтение завершилось без результата"
        )
        raise FileProblem(
            f"Книга Excel «{file_name}» не прочитана: {why}. Сервер продолжает работу; сохраните данные как CSV "
            "или разделите книгу на части."
        )
    if not result["ok"]:
        raise FileProblem(f"Книга Excel «{file_name}» отклонена: {result['problem']}.")
    return result


def _xlsx_table(result: dict, file_name: str) -> RawTable:
    sheet_name = result["sheet"]
    rows = {r: dict(cells) for r, cells in result["cells"]}
    first = rows.get(1, {})
    if not any(v.strip() for v in first.values()):
        raise FileProblem(
            f"Книга Excel «{file_name}», лист «{sheet_name}»: первая строка пустая. "
            "Данные должны быть на первом видимом листе, заголовок — в строке 1."
        )
    width = max(c for c, v in first.items() if v.strip())
    header = [first.get(c, "").strip() for c in range(1, width + 1)]
    body, row_numbers, extra = [], [], []
    for r in sorted(rows):
        if r == 1:
            continue
        cells = rows[r]
        if any(c > width and v.strip() for c, v in cells.items()):
            extra.append(r)
        rec = [cells.get(c, "") for c in range(1, width + 1)]
        if any(v.strip() for v in rec):
            body.append(rec)
            row_numbers.append(r)
    if extra:
        listed = ", ".join(map(str, extra[:10])) + (" …" if len(extra) > 10 else "")
        raise FileProblem(
            f"Книга Excel «{file_name}», лист «{sheet_name}»: в строках {listed} есть значения правее последнего "
            f"столбца заголовка ({width}). Удалите их или дайте столбцу название из шаблона."
        )
    notes = []
    if result["skipped"]:
        notes.append(
            {
                "row_no": None,
                "column_name": None,
                "value": sheet_name,
                "reason": f"Прочитан лист «{sheet_name}» — первый видимый лист книги; пропущены листы перед ним: "
                + ", ".join(f"«{n}»" for n in result["skipped"])
                + " (скрытые или без таблицы).",
            }
        )
    return RawTable(header, _frame(header, body, row_numbers), "xlsx", None, sheet_name, notes)
