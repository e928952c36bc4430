"""The federal graduate-employment monitoring form (measure 8.1), 2022 layout: read it and write it.

The layout (the 2022 version of the federal form, as colleges fill it; the rows and columns are reference data in
``seeds/employment_form_rows.csv`` and ``seeds/employment_form_columns.csv``):

* rows 1–7 hold titles, row 8 the column numbers «01» … «33», data start below;
* each specialty takes a block of 15 rows (column 03 the specialty code, column 05 the row number,
  column 06 the row's name), followed by a check row with «16» in column 05 that is not data;
* columns 07–32 are counts, column 33 the measures taken (text).

The version is recognised from the column numbers and the block structure, never from the
wording of the title rows (colleges edit those). ``read_form`` turns a workbook into the long
table the ingestion path checks (one row per cell: specialty, form row, column, value, text);
the form's own checks are in ``check_rules``; ``write_form`` fills the federal layout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import polars as pl

from mart.intake.filereader import FileProblem, RawTable, read_grid
from mart.platform import config

DATASET = "employment_form"
NUMBER_ROW = 8  # the row of column numbers in the 2022 layout (Excel numbering)
N_COLUMNS = 33
BLOCK_ROWS = 15
CHECK_MARK = "16"  # column 05 of the check row after every block
FIRST_COUNT, LAST_COUNT, TEXT_COL = 7, 32, 33
COL_CODE, COL_NAME, COL_LEVEL, COL_ROW, COL_ROW_NAME = 3, 2, 4, 5, 6
ZERO_WORDS = {"", "-", "–", "—", "х", "x"}  # what colleges type for «nothing» in a count cell
OTHER_COL = 26  # «Иное»
OTHER_LIMIT = 200  # more than 1 in 200 graduates of a specialty in «Иное» needs an explanation


def _seed(name: str) -> list[dict[str, str]]:
    with (config.SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS: dict[int, str] = {int(r["row_no"]): r["label_ru"] for r in _seed("employment_form_rows")}
COLUMNS: dict[int, dict[str, str]] = {int(r["col_no"]): r for r in _seed("employment_form_columns")}
STATUS_COLUMNS: dict[str, int] = {r["status_code"]: c for c, r in COLUMNS.items() if r["status_code"]}


def cell_name(col_no: int) -> str:
    """How the form names a column: «графа 08»."""
    return f"графа {col_no:02d}"


def col_letter(col_no: int) -> str:
    """Excel's letter of the form's column (01 = A, 33 = AG)."""
    n, s = col_no, ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# --- reading ------------------------------------------------------------------------------------


@dataclass
class _Block:
    code: str
    first_row: int  # Excel row of its first data row
    rows: list[tuple[int, int | None, list[str]]]  # (Excel row, form row number, cells)
    check_row: int | None


def _as_number(text: str) -> int | None:
    t = text.strip()
    if re.fullmatch(r"\d{1,3}(\.0+)?", t):
        return int(float(t))
    return None


def _number_row(rec: list[str]) -> int:
    """How many consecutive column numbers 1, 2, 3 … the row holds from column A (0 if it is no such row)."""
    n = 0
    for cell in rec:
        if _as_number(cell) == n + 1:
            n += 1
        else:
            break
    rest = [c for c in rec[n:] if c.strip()]
    return n if n >= 6 and not rest else 0


def _title_year(titles: list[str]) -> int | None:
    text = " ".join(titles).lower()
    m = re.search(r"выпуск\w*[^0-9]{0,40}?(20\d\d)", text) or re.search(r"(20\d\d)\s*г\w*\s*выпуск", text)
    return int(m.group(1)) if m else None


def read_form(data: bytes, file_name: str) -> RawTable:
    """The form as the long table of its cells; layout problems that stop reading raise FileProblem.

    Problems of single blocks (a block that is not 15 rows, a specialty twice) do not stop the
    reading: they are listed in ``meta["errors"]`` beside the cells of the good blocks, so that
    the person sees every error of the file at once.
    """
    sheet, grid = read_grid(data, file_name)
    found = [(i + 1, _number_row(rec)) for i, rec in enumerate(grid[:40])]
    found = [(row, n) for row, n in found if n]
    where = f"Книга «{file_name}», лист «{sheet}»"
    if not found:
        raise FileProblem(
            f"{where}: не найдена строка с номерами граф «01» … «33». В форме мониторинга трудоустройства "
            f"выпускников 2022 года номера граф стоят в строке {NUMBER_ROW}. Это не та форма или другая её версия."
        )
    number_row, n_cols = found[0]
    notes: list[dict] = []
    if n_cols != N_COLUMNS:
        raise FileProblem(
            f"{where}: в строке {number_row} номера граф «01» … «{n_cols:02d}» ({n_cols} граф), а в форме 2022 года "
            f"их {N_COLUMNS}. Это другая версия формы (например, 2023 года, где занятость разбита по отраслям): "
            "её система пока не читает. Заполните форму 2022 года (её можно скачать на этой странице)."
        )
    if abs(number_row - NUMBER_ROW) > 1:
        raise FileProblem(
            f"{where}: номера граф «01» … «33» стоят в строке {number_row}, а в форме 2022 года — в строке "
            f"{NUMBER_ROW} (заголовок — строки 1–{NUMBER_ROW - 1}). Уберите лишние строки заголовка или "
            "вставьте недостающие и загрузите форму снова."
        )
    if number_row != NUMBER_ROW:
        more = number_row > NUMBER_ROW
        notes.append(
            {
                "row_no": number_row,
                "column_name": None,
                "value": None,
                "reason": f"Номера граф найдены в строке {number_row}, а не {NUMBER_ROW}: в заголовке на одну строку "
                f"{'больше' if more else 'меньше'}, чем в форме 2022 года. Форма прочитана с учётом сдвига; номера "
                "строк в сообщениях — как в вашем файле.",
            }
        )
    titles = [" ".join(c for c in rec if c.strip()) for rec in grid[: number_row - 1]]

    def cell(rec: list[str], col_no: int) -> str:
        return rec[col_no - 1].strip() if len(rec) >= col_no else ""

    # blocks: data rows up to a check row («16» in column 05)
    blocks: list[_Block] = []
    current: _Block | None = None
    for i in range(number_row, len(grid)):
        rec, excel_row = grid[i], i + 1
        if not any(c.strip() for c in rec):
            continue
        mark = cell(rec, COL_ROW)
        if _as_number(mark) == int(CHECK_MARK):
            if current is not None:
                current.check_row = excel_row
                blocks.append(current)
                current = None
            continue
        code = cell(rec, COL_CODE)
        if current is None or (code and current.code and code != current.code):
            if current is not None:
                blocks.append(current)
            current = _Block(code, excel_row, [], None)
        if code and not current.code:
            current.code = code
        current.rows.append((excel_row, _as_number(mark), rec))
    if current is not None:
        blocks.append(current)
    if not blocks:
        raise FileProblem(
            f"{where}: под строкой номеров граф (строка {number_row}) нет ни одного блока специальности. "
            "Заполните форму: по 15 строк на специальность и контрольная строка «16»."
        )
    sizes = [len(b.rows) for b in blocks]
    if BLOCK_ROWS not in sizes or not any(b.check_row for b in blocks):
        seen = ", ".join(str(s) for s in sorted(set(sizes)))
        checks = sum(1 for b in blocks if b.check_row)
        raise FileProblem(
            f"{where}: номера граф — как в форме 2022 года, но блоки специальностей по {seen} строк(и) "
            f"(контрольных строк «16» в графе 05: {checks}), а в форме 2022 года блок — {BLOCK_ROWS} строк и "
            "контрольная строка. Это другая версия формы (в форме 2021 года было 8 строк на специальность): "
            "её система не читает. Заполните форму 2022 года."
        )

    errors: list[dict] = []
    body: list[list[str]] = []
    rows_no: list[int] = []
    seen_codes: dict[str, int] = {}
    for b in blocks:
        last = b.rows[-1][0]
        label = b.code or "без кода"
        numbers = [n for _, n, _ in b.rows]
        if len(b.rows) != BLOCK_ROWS or numbers != list(range(1, BLOCK_ROWS + 1)):
            missing = [f"{n:02d}" for n in range(1, BLOCK_ROWS + 1) if n not in numbers]
            extra = [str(n) for n in numbers if n is None or not 1 <= n <= BLOCK_ROWS]
            detail = (f"; нет строк {', '.join(missing)}" if missing else "") + (
                f"; лишние или непронумерованные строки ({len(extra)})" if extra else ""
            )
            errors.append(
                {
                    "row_no": b.first_row,
                    "column_name": cell_name(COL_ROW),
                    "value": str(len(b.rows)),
                    "reason": f"Специальность {label} (строки {b.first_row}–{last}): в блоке {len(b.rows)} строк, а должно "
                    f"быть {BLOCK_ROWS} — строки 01–15 по порядку в графе 05{detail}.",
                }
            )
            continue
        if b.check_row is None:
            errors.append(
                {
                    "row_no": last,
                    "column_name": cell_name(COL_ROW),
                    "value": None,
                    "reason": f"Специальность {label} (строки {b.first_row}–{last}): после блока нет контрольной строки "
                    "(«16» в графе 05).",
                }
            )
        if not b.code:
            errors.append(
                {
                    "row_no": b.first_row,
                    "column_name": cell_name(COL_CODE),
                    "value": None,
                    "reason": f"Блок в строках {b.first_row}–{last}: не указан код профессии, специальности (графа 03).",
                }
            )
            continue
        key = re.sub(r"\s", "", b.code)
        if key in seen_codes:
            errors.append(
                {
                    "row_no": b.first_row,
                    "column_name": cell_name(COL_CODE),
                    "value": b.code,
                    "reason": f"Специальность {b.code} уже есть в блоке, начинающемся в строке {seen_codes[key]}: одна "
                    "специальность — один блок. Сложите строки в один блок.",
                }
            )
            continue
        seen_codes[key] = b.first_row
        for excel_row, form_row, rec in b.rows:
            for col in range(FIRST_COUNT, TEXT_COL + 1):
                raw = rec[col - 1] if len(rec) >= col else ""
                if col == TEXT_COL:
                    body.append([b.code, str(form_row), str(col), "", raw])
                else:
                    value = "0" if raw.strip() in ZERO_WORDS else raw
                    body.append([b.code, str(form_row), str(col), value, ""])
                rows_no.append(excel_row)

    header = ["specialty_code", "form_row", "col_no", "value", "text"]
    frame = pl.DataFrame(
        {f"c{j}": [r[j] for r in body] for j in range(len(header))},
        schema={f"c{j}": pl.String for j in range(len(header))},
    ).with_columns(pl.Series("__row", rows_no, dtype=pl.Int64))
    cols = pl.col("c2").cast(pl.Int64)
    frame = frame.with_columns(
        pl.lit(cell_name(COL_CODE)).alias("specialty_code__cell"),
        pl.lit(cell_name(COL_ROW)).alias("form_row__cell"),
        pl.format("графа {}", cols.cast(pl.String).str.zfill(2)).alias("value__cell"),
        pl.format("графа {}", cols.cast(pl.String).str.zfill(2)).alias("text__cell"),
    )
    table = RawTable(header, frame, "xlsx", None, sheet)
    table.meta = {
        "number_row": number_row,
        "titles": titles,
        "title_year": _title_year(titles),
        "errors": errors,
        "notes": notes,
        "blocks": len(blocks),
    }
    return table


def title_institutions(titles: list[str], institutions: dict[str, list[str]]) -> set[str]:
    """Codes of the institutions the title rows name (by code, short or full name)."""
    text = " ".join(titles).lower().replace("ё", "е")
    named = set()
    for code, names in institutions.items():
        for n in [code, *names]:
            n = (n or "").strip().lower().replace("ё", "е")
            if len(n) >= 4 and n in text:
                named.add(code)
                break
    return named


# --- the form's own checks -------------------------------------------------------------------------


def check_rules(typed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The checks printed on the form, on the typed long table; (errors, warnings) frames.

    ``typed``: specialty_code, form_row, col_no, value, text, __row (Excel row). Each failure names
    the Excel cell as the person sees it («строка 23, графа 08»), the specialty and the rule.
    """
    counts = typed.filter(pl.col("col_no") <= LAST_COUNT).select(
        "specialty_code", "form_row", "col_no", pl.col("value").fill_null(0), "__row"
    )
    errs: list[dict] = []

    # within a row: col 07 = col 08 + Σ cols 11…32; cols 09, 10 ≤ col 08
    wide = counts.pivot(on="col_no", index=["specialty_code", "form_row", "__row"], values="value")
    wide = wide.rename({c: f"c{int(c):02d}" for c in wide.columns if c.isdigit()})
    need = [f"c{c:02d}" for c in range(FIRST_COUNT, LAST_COUNT + 1)]
    if any(c not in wide.columns for c in need):
        return pl.DataFrame(), pl.DataFrame()
    parts = pl.sum_horizontal([pl.col("c08"), *[pl.col(f"c{c:02d}") for c in range(11, LAST_COUNT + 1)]])
    for r in (
        wide.with_columns(parts.alias("parts")).filter(pl.col("c07") != pl.col("parts")).iter_rows(named=True)
    ):
        errs.append(
            _err(
                r,
                7,
                r["c07"],
                f"графа 07 ({r['c07']}) не равна сумме графы 08 и граф 11–32 ({r['parts']}). "
                "Правило формы: гр. 07 = гр. 08 + Σ гр. 11…32.",
            )
        )
    for col in (9, 10):
        name = f"c{col:02d}"
        for r in wide.filter(pl.col(name) > pl.col("c08")).iter_rows(named=True):
            errs.append(
                _err(
                    r,
                    col,
                    r[name],
                    f"графа {col:02d} ({r[name]}) больше графы 08 ({r['c08']}). Правило формы: гр. {col:02d} ≤ гр. 08.",
                )
            )

    # between rows of a block, column by column
    by_row = counts.pivot(on="form_row", index=["specialty_code", "col_no"], values="value")
    rows_at = counts.group_by("specialty_code", "form_row").agg(pl.col("__row").first())
    excel = {(s, r): x for s, r, x in rows_at.iter_rows()}
    by_row = by_row.rename({c: f"r{int(c):02d}" for c in by_row.columns if c.isdigit()})
    if all(f"r{r:02d}" in by_row.columns for r in range(1, BLOCK_ROWS + 1)):
        sum_713 = pl.sum_horizontal([pl.col(f"r{r:02d}") for r in range(7, 14)])
        rules = [
            (3, "r03", pl.col("r03") > pl.col("r02"), pl.col("r02"), "строки 02", "стр. 03 ≤ стр. 02"),
            (2, "r02", pl.col("r02") > pl.col("r01"), pl.col("r01"), "строки 01", "стр. 02 ≤ стр. 01"),
            (4, "r04", pl.col("r04") > pl.col("r01"), pl.col("r01"), "строки 01", "стр. 04 ≤ стр. 01"),
            (5, "r05", pl.col("r05") > pl.col("r01"), pl.col("r01"), "строки 01", "стр. 05 ≤ стр. 01"),
            (
                6,
                "r06",
                pl.col("r06") != pl.col("r02") + pl.col("r04"),
                pl.col("r02") + pl.col("r04"),
                "суммы строк 02 и 04",
                "стр. 06 = стр. 02 + стр. 04",
            ),
            (6, "r06", pl.col("r06") != sum_713, sum_713, "суммы строк 07–13", "стр. 06 = Σ стр. 07…13"),
            (14, "r14", pl.col("r14") > pl.col("r05"), pl.col("r05"), "строки 05", "стр. 14 ≤ стр. 05"),
            (14, "r14", pl.col("r14") > pl.col("r06"), pl.col("r06"), "строки 06", "стр. 14 ≤ стр. 06"),
        ]
        for form_row, name, bad, other, what, rule in rules:
            hits = by_row.with_columns(other.alias("__other")).filter(bad)
            for r in hits.sort("specialty_code", "col_no").iter_rows(named=True):
                relation = "не равна" if "=" in rule and "≤" not in rule else "больше"
                errs.append(
                    {
                        "row_no": excel.get((r["specialty_code"], form_row)),
                        "column_name": cell_name(r["col_no"]),
                        "value": str(r[name]),
                        "reason": f"Специальность {r['specialty_code']}: строка {form_row:02d} ({r[name]}) {relation} "
                        f"{what} ({r['__other']}) в графе {r['col_no']:02d}. Правило формы: {rule}.",
                    }
                )

    # «Иное» above 1 in 200 of a specialty's graduates needs an explanation in column 33 of row 01
    warns: list[dict] = []
    texts = typed.filter((pl.col("col_no") == TEXT_COL) & (pl.col("form_row") == 1)).select(
        "specialty_code", pl.col("text").fill_null("").str.strip_chars().alias("explained")
    )
    first = wide.filter(pl.col("form_row") == 1).join(texts, on="specialty_code", how="left")
    for r in first.filter(
        (pl.col("c26") * OTHER_LIMIT > pl.col("c07")) & (pl.col("explained").fill_null("") == "")
    ).iter_rows(named=True):
        warns.append(
            _err(
                r,
                OTHER_COL,
                r["c26"],
                f"«Иное» у {r['c26']} из {r['c07']} выпускников (больше 1 из {OTHER_LIMIT}), а в графе 33 нет пояснения. "
                "Федеральный мониторинг требует объяснить «Иное»: укажите причины и принятые меры в графе 33.",
            )
        )
    return _frame(errs), _frame(warns)


def _err(r: dict, col: int, value: object, text: str) -> dict:
    return {
        "row_no": r["__row"],
        "column_name": cell_name(col),
        "value": None if value is None else str(value),
        "reason": f"Специальность {r['specialty_code']}, строка {r['form_row']:02d}: {text}",
    }


def _frame(rows: list[dict]) -> pl.DataFrame:
    schema = {"row_no": pl.Int64, "column_name": pl.String, "value": pl.String, "reason": pl.String}
    return pl.DataFrame(rows, schema=schema)


# --- writing ---------------------------------------------------------------------------------------


def write_form(
    cells: pl.DataFrame,
    *,
    year: int,
    inst_code: str,
    inst_name: str,
    specialties: dict[str, tuple[str, str]],
    source_ru: str,
    is_demo: bool = False,
    created: dt.datetime | None = None,
) -> bytes:
    """The federal form, 2022 layout, filled with ``cells`` (specialty_code, row_no, col_no, value, text).

    Title rows 1–7, column numbers on row 8, then per specialty 15 rows and a check row whose
    cells hold the form's main check as Excel formulas (0 when it holds).
    ``specialties``: code -> (name, level «ППКРС»/«ППССЗ»).
    """
    import xlsxwriter

    from mart.papers.export import guard

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    wb.set_properties(
        {"title": f"Мониторинг трудоустройства выпускников {year}", "created": created or config.now()}
    )
    ws = wb.add_worksheet("Форма")
    bold = wb.add_format({"bold": True})
    title = wb.add_format({"bold": True, "font_size": 12})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1, "font_size": 8})
    num_head = wb.add_format({"bold": True, "align": "center", "border": 1, "bg_color": "#DDEBF7"})
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_size": 9})
    num = wb.add_format({"border": 1, "num_format": "0"})
    check = wb.add_format({"border": 1, "italic": True, "bg_color": "#F2F2F2", "num_format": "0"})
    check_text = wb.add_format({"border": 1, "italic": True, "bg_color": "#F2F2F2", "font_size": 8})
    note = wb.add_format({"italic": True, "font_color": "#7F7F7F"})

    ws.write_string(
        0, 0, "Мониторинг трудоустройства выпускников, завершивших обучение по программам СПО", title
    )
    ws.write_string(1, 0, f"Выпуск {year} года (форма 2022 года)", bold)
    ws.write_string(2, 0, "Субъект Российской Федерации: Амурская область")
    ws.write_string(3, 0, guard(f"Образовательная организация: {inst_name} ({inst_code})"))
    ws.write_string(4, 0, guard(source_ru), note)
    if is_demo:
        ws.write_string(
            5, 0, "Демонстрационные данные (вымышленные): не для отправки в федеральный мониторинг.", note
        )
    for c in range(1, N_COLUMNS + 1):
        ws.write_string(6, c - 1, COLUMNS[c]["label_ru"], head)
        ws.write_string(NUMBER_ROW - 1, c - 1, f"{c:02d}", num_head)
    ws.set_row(6, 150)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 10)
    ws.set_column(3, 3, 8)
    ws.set_column(4, 4, 5)
    ws.set_column(5, 5, 36)
    ws.set_column(6, LAST_COUNT - 1, 7)
    ws.set_column(TEXT_COL - 1, TEXT_COL - 1, 30)
    ws.freeze_panes(NUMBER_ROW, 6)

    values = {
        (s, r, c): (v, t)
        for s, r, c, v, t in cells.select("specialty_code", "row_no", "col_no", "value", "text").iter_rows()
    }
    codes = sorted({k[0] for k in values})
    row = NUMBER_ROW  # 0-based index of the first data row (Excel row 9)
    for i, code in enumerate(codes, start=1):
        name, level = specialties.get(code, ("", ""))
        first = row
        for form_row in range(1, BLOCK_ROWS + 1):
            ws.write_number(row, 0, i, num)
            ws.write_string(row, 1, guard(name), text)
            ws.write_string(row, COL_CODE - 1, code, text)
            ws.write_string(row, COL_LEVEL - 1, level, text)
            ws.write_string(row, COL_ROW - 1, f"{form_row:02d}", text)
            ws.write_string(row, COL_ROW_NAME - 1, ROWS[form_row], text)
            for c in range(FIRST_COUNT, LAST_COUNT + 1):
                v, _ = values.get((code, form_row, c), (0, None))
                ws.write_number(row, c - 1, int(v or 0), num)
            _, t = values.get((code, form_row, TEXT_COL), (None, None))
            ws.write_string(row, TEXT_COL - 1, guard(t or ""), text)
            row += 1
        # the check row: for every data row of the block, col 07 − (col 08 + Σ cols 11…32) must be 0;
        # the row shows, per column, the difference of row 06 and rows 02 + 04 (0 when the form holds)
        ws.write_string(row, COL_CODE - 1, code, check_text)
        ws.write_string(row, COL_ROW - 1, CHECK_MARK, check_text)
        ws.write_string(
            row, COL_ROW_NAME - 1, "Контроль: стр. 06 − (стр. 02 + стр. 04); 0 — верно", check_text
        )
        r02, r04, r06 = first + 2, first + 4, first + 6  # Excel rows of form rows 02, 04, 06
        for c in range(FIRST_COUNT, LAST_COUNT + 1):
            L = col_letter(c)
            v06 = values.get((code, 6, c), (0, None))[0] or 0
            v02 = values.get((code, 2, c), (0, None))[0] or 0
            v04 = values.get((code, 4, c), (0, None))[0] or 0
            ws.write_formula(row, c - 1, f"={L}{r06}-({L}{r02}+{L}{r04})", check, int(v06 - v02 - v04))
        row += 1
    if not codes:
        ws.write_string(row, 0, "Нет данных о выпускниках этой организации за этот год.", note)
    wb.close()
    return out.getvalue()
