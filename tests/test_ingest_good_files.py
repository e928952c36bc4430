"""Good files in every form Russian offices send (tests/files/good/ and .xlsx made here) are accepted.

Each graduates file, whatever its encoding, delimiter, header wording, code wording and date form,
holds the same four graduates of a fictional college's 2026 class, so each must give exactly the same
typed rows in the `graduates` view; the demo mart has no 2026 class, so those rows are the file's.
The decimal forms are checked on demo exams (graduates and admissions have no fractional column).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from mart.access.rules import Access
from mart.intake import ingest
from mart.platform import db

GOOD = Path(__file__).resolve().parent / "files" / "good"
OPERATOR = Access(role="operator", login="test")
COLLEGE = Access(role="institution", login="x", inst_code="POO-07")

NOV_1, OCT_15 = dt.date(2026, 11, 1), dt.date(2026, 10, 15)
GRADUATES = [
    # inst_code, graduation_year, specialty_code, graduate_id, status, by_specialty, retained_4m, status_date
    ("POO-07", 2026, "15.01.05", "G26-0701-0001", "employed", True, True, NOV_1),
    ("POO-07", 2026, "15.01.05", "G26-0701-0002", "army_conscript", None, None, NOV_1),
    ("POO-07", 2026, "09.02.07", "G26-0701-0003", "parental_leave", None, None, OCT_15),
    ("POO-07", 2026, "09.02.07", "G26-0701-0004", "employed", False, False, OCT_15),
]
DEMO_EXAMS = [
    # year, inst_code, specialty_code, competence, student_id, score_pct, grade_given, credited, grade
    (
        2026,
        "POO-07",
        "09.02.07",
        "Программные решения для бизнеса",
        "S26-0701-0001",
        Decimal("64.50"),
        None,
        False,
        4,
    ),
    (
        2026,
        "POO-07",
        "09.02.07",
        "Программные решения для бизнеса",
        "S26-0701-0002",
        Decimal("19.99"),
        2,
        False,
        2,
    ),
    (2026, "POO-07", "09.02.07", "Веб-дизайн и разработка", "S26-0701-0003", None, 5, True, 5),
    (2026, "POO-07", "15.01.05", "Сварочные технологии", "S26-0701-0004", Decimal("70.00"), 5, False, 5),
]
QUERIES = {
    "graduates": "select inst_code, graduation_year, specialty_code, graduate_id, status, by_specialty,"
    " retained_4m, status_date from graduates where graduation_year = 2026 order by graduate_id",
    "demo_exams": "select year, inst_code, specialty_code, competence, student_id, score_pct, grade_given,"
    " credited, grade from demo_exams where year = 2026 order by student_id",
}
EXPECTED = {"graduates": GRADUATES, "demo_exams": DEMO_EXAMS}

HEADER_RU = [
    "Код организации",
    "Год выпуска",
    "Код специальности",
    "Номер выпускника",
    "Статус",
    "По специальности",
    "Работает не менее 4 месяцев",
    "Дата статуса",
]


def _workbook(write_data) -> bytes:
    """A workbook as offices make them: the data on the first sheet, a help sheet after it."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    data = wb.add_worksheet("Данные")
    write_data(wb, data)
    help_sheet = wb.add_worksheet("Справка")
    help_sheet.write_column(
        0, 0, ["Как заполнять", "Одна строка — один выпускник.", "Статус — по форме мониторинга."]
    )
    wb.close()
    return buf.getvalue()


def graduates_xlsx() -> bytes:
    def write(wb, ws):
        date = wb.add_format({"num_format": "dd.mm.yyyy"})
        ws.write_row(0, 0, HEADER_RU)
        rows = [
            ("15.01.05", "G26-0701-0001", "Трудоустроен", "да", "да", NOV_1),
            ("15.01.05", "G26-0701-0002", "Служба в армии по призыву", None, None, NOV_1),
            ("09.02.07", "G26-0701-0003", "Отпуск по уходу за ребёнком", None, None, OCT_15),
            ("09.02.07", "G26-0701-0004", "ТРУДОУСТРОЕН", "нет", "нет", "15.10.2026"),  # a date typed as text
        ]
        for i, (spec, gid, status, by_spec, retained, when) in enumerate(rows, start=1):
            ws.write_string(i, 0, "POO-07")
            ws.write_number(i, 1, 2026)  # a number, as Excel keeps a year
            ws.write_string(i, 2, spec)
            ws.write_string(i, 3, gid)
            ws.write_string(i, 4, status)
            if by_spec:
                ws.write_string(i, 5, by_spec)
                ws.write_string(i, 6, retained)
            if isinstance(when, dt.date):
                ws.write_datetime(i, 7, dt.datetime.combine(when, dt.time()), date)  # a real date cell
            else:
                ws.write_string(i, 7, when)

    return _workbook(write)


def demo_exams_xlsx() -> bytes:
    def write(wb, ws):
        ws.write_row(
            0,
            0,
            [
                "year",
                "inst_code",
                "specialty_code",
                "competence",
                "student_id",
                "score_pct",
                "grade",
                "credited",
            ],
        )
        ws.write_row(
            1, 0, [2026, "POO-07", "09.02.07", "Программные решения для бизнеса", "S26-0701-0001", 64.5]
        )
        ws.write_row(
            2, 0, [2026, "POO-07", "09.02.07", "Программные решения для бизнеса", "S26-0701-0002", 19.99, 2]
        )
        ws.write_row(3, 0, [2026, "POO-07", "09.02.07", "Веб-дизайн и разработка", "S26-0701-0003"])
        ws.write_boolean(3, 7, True)  # a logical cell: ИСТИНА
        ws.write_row(4, 0, [2026, "POO-07", "15.01.05", "Сварочные технологии", "S26-0701-0004", 70, 5])

    return _workbook(write)


# file (or a generated workbook), dataset, the encoding the reader must report
CASES = [
    ("graduates_utf8_comma_iso.csv", "graduates", "UTF-8"),
    ("graduates_utf8_bom_semicolon.csv", "graduates", "UTF-8 (BOM)"),
    ("graduates_cp1251_labels.csv", "graduates", "Windows-1251"),
    ("graduates_cp1251_tab.txt", "graduates", "Windows-1251"),
    ("graduates_sep_line.csv", "graduates", "UTF-8"),
    ("graduates_cp1251_trailing_rows.csv", "graduates", "Windows-1251"),
    ("graduates_official_wording.csv", "graduates", "UTF-8"),
    ("graduates.xlsx", "graduates", "xlsx"),
    ("demo_exams_cp1251_decimal_comma.csv", "demo_exams", "Windows-1251"),
    ("demo_exams_utf8_decimal_point.csv", "demo_exams", "UTF-8"),
    ("demo_exams.xlsx", "demo_exams", "xlsx"),
]
GENERATED = {"graduates.xlsx": graduates_xlsx, "demo_exams.xlsx": demo_exams_xlsx}


def _content(name: str) -> bytes:
    return GENERATED[name]() if name in GENERATED else (GOOD / name).read_bytes()


def test_every_good_file_is_listed():
    assert sorted(p.name for p in GOOD.iterdir()) == sorted(c[0] for c in CASES if c[0] not in GENERATED)


@pytest.mark.parametrize(("name", "dataset", "encoding"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("who", [OPERATOR, COLLEGE], ids=["operator", "college"])
def test_good_file_is_accepted(built_mart, name, dataset, encoding, who):
    cur = db.Reader().cursor()
    assert cur.sql(QUERIES[dataset]).fetchall() == []  # the demo has no 2026 rows
    raw_before = cur.sql(f"select count(*) from raw.{dataset}").fetchall()[0][0]

    result = ingest.load(who, dataset, _content(name), name)

    assert result.status == "accepted", result.errors.to_dicts()
    assert result.errors.is_empty() and result.warnings.is_empty()
    assert result.encoding == encoding
    assert (
        result.rows,
        result.rows_new,
        result.rows_replaced,
        result.rows_unchanged,
        result.rows_retired,
    ) == (4, 4, 0, 0, 0)
    cur = db.Reader().cursor()
    assert cur.sql(QUERIES[dataset]).fetchall() == EXPECTED[dataset]
    assert cur.sql(f"select count(*) from raw.{dataset}").fetchall()[0][0] == raw_before + 4
    batch = cur.sql(
        "select status, rows, inst_code, scope_inst, uploaded_by from upload_batches where batch_id = $b",
        params={"b": result.batch_id},
    ).fetchall()
    assert batch == [("accepted", 4, "POO-07", who.inst_code, who.who)]
    # the stored file's row numbers are those of the file, as Excel shows them
    rows = cur.sql(
        f"select row_no from raw.{dataset} where batch_id = $b order by row_no", params={"b": result.batch_id}
    )
    expected_rows = {
        "graduates_sep_line.csv": [2, 3, 4, 5],  # the hint line is not a row in Excel
        "graduates_cp1251_trailing_rows.csv": [2, 3, 5, 6],  # the empty line 4 is skipped, not renumbered
    }.get(name, [2, 3, 4, 5])
    assert [r for (r,) in rows.fetchall()] == expected_rows
