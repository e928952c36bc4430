"""Property tests of the ingestion path (issue 8): random bytes, random cell values in CSV and in
Excel never raise out of ``ingest.load``, every attempt is recorded, a refused file changes no
stored row, and an accepted one stores every value as it shows (never a NULL from a failed cast).

The example counts stay modest so that the suite stays fast; ``HYPOTHESIS_PROFILE=thorough`` runs
many more (``bench/`` is for timings, this is for finding files that break us)."""

from __future__ import annotations

import io
import os

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mart.access.rules import Access
from mart.intake import ingest
from mart.platform import db
from tests.test_ingest_bad_files import snapshot

OPERATOR = Access(role="operator", login="prop")
HEADER = ["Год приёма", "Код организации", "Код специальности", "КЦП", "Зачислено"]

settings.register_profile(
    "default",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# values as offices and attackers type them: plausible ones, other scripts' digits, control and
# invisible characters, Excel errors, huge numbers, Markdown, quotes and delimiters
TRICKY = st.sampled_from(
    [
        "2026",
        "POO-01",
        "15.01.05",
        "50",
        "1 200",
        "72,5",
        "２０２５",
        "٢٠٢٥",
        "12345678901234567890",
        "-1",
        "#DIV/0!",
        "#N/A",
        "\x00",
        "a\nb",
        "\u200b50",
        "\u00a050",
        '"',
        ";",
        "[x](http://e)",
        "72.555",
        "1e5",
        "NaN",
        "",
    ]
)
CELL = st.one_of(TRICKY, st.text(max_size=12), st.integers(min_value=-(10**20), max_value=10**20).map(str))


def _batches() -> int:
    return db.Reader().cursor().sql("select count(*) from upload_batches").fetchall()[0][0]


_baseline: dict = {}


def _check(data: bytes, file_name: str) -> None:
    """One attempt: never raises, is recorded; a refusal leaves every stored row as it was."""
    key = os.environ["MART_DB"]
    if key not in _baseline:
        _baseline.clear()
        _baseline[key] = (snapshot(), _batches())
    before, batches = _baseline[key]
    result = ingest.load(OPERATOR, "admissions", data, file_name)  # must not raise
    assert result.status in ("accepted", "rejected"), result.summary_ru()
    assert _batches() == batches + 1  # every attempt is recorded
    if result.accepted:
        stored = (
            db.Reader()
            .cursor()
            .sql(
                "select count(*) filter (where year is null or inst_code is null or specialty_code is null"
                " or kcp_plan is null or enrolled is null), count(*) from raw.admissions where batch_id = $b",
                params={"b": result.batch_id},
            )
            .fetchall()[0]
        )
        assert stored[0] == 0 and stored[1] <= result.rows
        _baseline[key] = (snapshot(), batches + 1)
    else:
        assert result.errors.height >= 1
        assert all(isinstance(r, str) and r for r in result.errors.get_column("reason"))
        assert snapshot() == before
        _baseline[key] = (before, batches + 1)


@given(data=st.binary(max_size=3000), ext=st.sampled_from([".csv", ".xlsx", ".txt", ".tsv", ""]))
def test_random_bytes_never_raise_nor_change_data(built_mart, data, ext):
    _check(data, f"random{ext}")


@given(
    rows=st.lists(st.lists(CELL, min_size=5, max_size=6), min_size=1, max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]),
    newline=st.sampled_from(["\r\n", "\n", "\r"]),
)
def test_random_csv_cells_never_raise_and_store_what_they_show(
    built_mart, rows, delimiter, encoding, newline
):
    lines = [delimiter.join(HEADER)] + [delimiter.join(r) for r in rows]
    data = (newline.join(lines) + newline).encode(encoding, errors="replace")
    _check(data, "cells.csv")


EXCEL_CELL = st.one_of(
    CELL,
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.booleans(),
)


@settings(max_examples=10)
@given(
    rows=st.lists(st.lists(EXCEL_CELL, min_size=5, max_size=5), min_size=1, max_size=5),
    percent=st.booleans(),
)
def test_random_excel_cells_never_raise_and_store_what_they_show(built_mart, rows, percent):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    ws = wb.add_worksheet("Приём")
    fmt = wb.add_format({"num_format": "0.0%"}) if percent else None
    ws.write_row(0, 0, HEADER)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if isinstance(value, bool):
                ws.write_boolean(i, j, value)
            elif isinstance(value, int | float):
                ws.write_number(i, j, value, fmt)
            else:
                ws.write_string(i, j, value)
    wb.close()
    _check(buf.getvalue(), "cells.xlsx")
