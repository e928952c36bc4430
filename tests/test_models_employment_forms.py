"""Models of the federal-form screens (sql/marts/employment/) on given rows, expected rows by hand.

Three colleges: POO-01 and POO-02 in «г. Б», POO-03 in «г. С». For 2025 POO-01 sent only the form,
POO-02 the form and per-graduate rows, POO-03 only per-graduate rows (without the optional flags, so
its rows 02–15 are not known).

| cell (row, column) | POO-01 | POO-02 |
|---|---|---|
| 01, 07 graduates | 10 | 5 |
| 01, 08 employed | 6 | 5 |
| 01, 27 forecast: army | 2 | 3 |
| 01, 29 forecast | 1 | 0 |
| 02, 07 ОВЗ | 3 | 1 |
| 02, 08 / 11 employed, entrepreneurs | 2 / 1 | 1 / 0 |
| 05, 07 target contracts | 4 | 0 |
| 05, 12 self-employed | 1 | 0 |
"""

import duckdb
import pytest

from mart.platform import db, migrations, models

A = "15.02.08"
FORM = {
    "POO-01": [
        (1, 7, 10),
        (1, 8, 6),
        (1, 27, 2),
        (1, 29, 1),
        (2, 7, 3),
        (2, 8, 2),
        (2, 11, 1),
        (5, 7, 4),
        (5, 12, 1),
    ],
    "POO-02": [(1, 7, 5), (1, 8, 5), (1, 27, 3), (2, 7, 1), (2, 8, 1)],
}


def _given_region(con):
    con.execute(
        "insert into seed.employment_statuses (status_code, label_ru, status_group, sort_order)"
        " values ('employed', 'Трудоустроен', 'employed', 10)"
    )
    for row_no in range(1, 16):
        con.execute(
            "insert into seed.employment_form_rows (row_no, label_ru) values (?, ?)",
            [row_no, f"строка {row_no}"],
        )
    for col_no in range(7, 34):
        kind = (
            "total"
            if col_no == 7
            else "forecast"
            if 27 <= col_no <= 32
            else "text"
            if col_no == 33
            else "status"
        )
        status = "employed" if col_no == 8 else None
        con.execute(
            "insert into seed.employment_form_columns (col_no, label_ru, kind, status_code, short_ru) values (?, ?, ?, ?, ?)",
            [col_no, f"графа {col_no}", kind, status, str(col_no)],
        )
    batches = [(1, "institutions"), (2, "employment_form"), (3, "employment_form"), (4, "graduates")]
    for batch_id, dataset in batches:
        con.execute(
            "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
            " values (?, ?, 'f.csv', 'replace', 'test', timestamp '2026-01-01', 'cli', 'accepted')",
            [batch_id, dataset],
        )
    con.sql(
        """
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind, municipality) values
            (1, 2, 'upsert', 'POO-01', 'К1', 'ПОО', 'г. Б'),
            (1, 3, 'upsert', 'POO-02', 'К2', 'ПОО', 'г. Б'),
            (1, 4, 'upsert', 'POO-03', 'К3', 'ПОО', 'г. С');
        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, specialty_code, graduate_id, status)
        values
            (4, 2, 'upsert', 'POO-02', 2025, '15.02.08', 'G1', 'employed'),
            (4, 3, 'upsert', 'POO-03', 2025, '15.02.08', 'G2', 'employed');
        """
    )
    for batch_id, inst in ((2, "POO-01"), (3, "POO-02")):
        for n, (form_row, col_no, value) in enumerate(FORM[inst], 2):
            con.execute(
                "insert into raw.employment_form (batch_id, row_no, op, year, inst_code, specialty_code, form_row,"
                " col_no, value) values (?, ?, 'upsert', 2025, ?, ?, ?, ?, ?)",
                [batch_id, n, inst, A, form_row, col_no, value],
            )
    models.build_models(con)


@pytest.fixture(scope="module")
def given(tmp_path_factory):
    path = tmp_path_factory.mktemp("form_models") / "given.duckdb"
    con = duckdb.connect(str(path))
    db.prepare(con)
    migrations.migrate(con)
    _given_region(con)
    yield con
    con.close()


def test_sources_and_coverage(given):
    assert given.sql(
        "select inst_code, source from employment_sources where year = 2025 order by inst_code"
    ).fetchall() == [
        ("POO-01", "form"),
        ("POO-02", "both"),
        ("POO-03", "graduates"),
    ]
    # rows 02–15 are known of the two colleges that sent the form
    assert given.sql(
        "select year, reporting, by_rows, by_form, by_both, with_details from employment_form_coverage"
    ).fetchall() == [(2025, 3, 1, 1, 1, 2)]


def test_rows_02_to_15_summed_over_a_selection(given):
    rows = given.sql(
        "select row_no, graduates, employed from employment_form_detail_sums_at(p_year := 2025)"
    ).fetchall()
    assert len(rows) == 14 and [r[0] for r in rows] == list(range(2, 16))  # every row, zeros included
    sums = {r[0]: (r[1], r[2]) for r in rows}
    assert sums[2] == (3 + 1, 2 + 1 + 1)  # employed: columns 08 and 11 of POO-01, 08 of POO-02
    assert sums[5] == (4, 1)  # column 12 (self-employed) counts as employed
    assert sums[3] == (0, 0)
    one = given.sql(
        "select row_no, graduates, employed from employment_form_detail_sums_at(p_year := 2025, p_inst_code := 'POO-02')"
        " where row_no = 2"
    ).fetchall()
    assert one == [(2, 1, 1)]
    other_town = given.sql(
        "select sum(graduates) from employment_form_detail_sums_at(p_year := 2025, p_municipality := 'г. С')"
    ).fetchall()
    assert other_town == [(0,)]


def test_forecast_summed_over_a_selection(given):
    rows = given.sql("select col_no, graduates from employment_form_forecast_at(p_year := 2025)").fetchall()
    assert rows == [(27, 5), (28, 0), (29, 1), (30, 0), (31, 0), (32, 0)]
    rows = given.sql(
        "select col_no, graduates from employment_form_forecast_at(p_year := 2025, p_municipality := 'г. Б',"
        " p_inst_code := 'POO-01') where graduates > 0"
    ).fetchall()
    assert rows == [(27, 2), (29, 1)]
    assert given.sql(
        "select count(*) from employment_form_forecast_at(p_year := 2024) where graduates > 0"
    ).fetchall() == [(0,)]
