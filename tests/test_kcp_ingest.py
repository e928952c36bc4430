"""Admissions in the old and the new format, and the КЦП datasets' bad input, through the one ingestion path."""

from __future__ import annotations

import duckdb
import pytest

from mart.access.rules import OPERATOR, Access
from mart.intake import ingest

COLLEGE = Access(role="institution", login="poo01", inst_code="POO-01")
ECONOMY = Access(role="economy", login="minec")


def sql(path, query, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, params or {}).fetchall()
    finally:
        con.close()


def stored_rows(path) -> dict[str, int]:
    tables = ("admissions", "kcp_proposals", "kcp_totals", "kcp_competition")
    return {t: sql(path, f"select count(*) from raw.{t}")[0][0] for t in tables}


def k5(path, inst, year):
    rows = sql(
        path,
        "select numerator, denominator, value from kpi_values"
        " where indicator_code = 'K5' and inst_code = $i and year = $y",
        {"i": inst, "y": year},
    )
    return rows[0] if rows else None


OLD_FORMAT = "year;inst_code;specialty_code;kcp_plan;enrolled\r\n2026;POO-01;08.01.07;50;46\r\n2026;POO-01;08.02.01;25;25\r\n"


def test_old_format_file_loads_unchanged_and_k5_keeps_its_definition(built_mart):
    before = sql(built_mart, "select count(*) from admissions where year = 2026")[0][0]
    result = ingest.load(COLLEGE, "admissions", OLD_FORMAT.encode("cp1251"), "КЦП 2026.csv")
    assert result.accepted, result.errors.to_dicts()
    assert (result.rows, result.rows_new) == (2, 2)
    rows = sql(
        built_mart,
        "select specialty_code, study_form, base_education, kcp_plan, enrolled, applications, enrolled_target,"
        " enrolled_paid from admissions where year = 2026 and inst_code = 'POO-01' order by 1",
    )
    assert rows == [
        ("08.01.07", "full_time", None, 50, 46, None, None, None),
        ("08.02.01", "full_time", None, 25, 25, None, None, None),
    ]
    assert sql(built_mart, "select count(*) from admissions where year = 2026")[0][0] == before + 2
    # K5 = Σ enrolled / Σ КЦП of the college and year: (46 + 25) / (50 + 25)
    assert k5(built_mart, "POO-01", 2026) == (71.0, 75.0, pytest.approx(71 / 75))

    # the same file again is a repeat: the empty base education is a value of the key, not «unknown»
    again = ingest.load(COLLEGE, "admissions", OLD_FORMAT.encode("cp1251"), "КЦП 2026 (2).csv")
    assert again.accepted and again.rows_unchanged == 2 and again.rows_new == 0 and again.duplicate_of

    # the new format replaces the slice: 08.01.07 split by base, 08.02.01 part-time added
    new = (
        "Год приёма;Код организации;Код специальности;КЦП;Зачислено;Форма обучения;База приёма;"
        "Подано заявлений;Зачислено по целевым договорам;Зачислено на платные места\r\n"
        "2026;POO-01;08.01.07;35;33;очная;9;80;5;10\r\n"
        "2026;POO-01;08.01.07;15;12;очная;11 классов;20;0;4\r\n"
        "2026;POO-01;08.02.01;25;25;;;61;3;0\r\n"
        "2026;POO-01;08.02.01;10;7;заочная;;9;;\r\n"
    )
    replaced = ingest.load(COLLEGE, "admissions", new.encode("utf-8-sig"), "КЦП 2026 v2.csv", mode="replace")
    assert replaced.accepted, replaced.errors.to_dicts()
    assert (replaced.rows_new, replaced.rows_replaced, replaced.rows_retired) == (3, 1, 1)
    rows = sql(
        built_mart,
        "select specialty_code, study_form, base_education, kcp_plan, enrolled, applications from admissions"
        " where year = 2026 and inst_code = 'POO-01' order by 1, 2, 3",
    )
    assert rows == [
        ("08.01.07", "full_time", "11", 15, 12, 20),
        ("08.01.07", "full_time", "9", 35, 33, 80),
        ("08.02.01", "full_time", None, 25, 25, 61),
        ("08.02.01", "part_time", None, 10, 7, 9),
    ]
    # K5 over every row of the college and year: (33 + 12 + 25 + 7) / (35 + 15 + 25 + 10)
    assert k5(built_mart, "POO-01", 2026) == (77.0, 85.0, pytest.approx(77 / 85))


def _over_award(path) -> tuple[str, str, int, int, int]:
    """A 2026 award (college, specialty, its places) and the specialty's approved total and awarded sum."""
    inst, spec, places = sql(
        path,
        "select inst_code, specialty_code, awarded_places from kcp_competition"
        " where admission_year = 2026 and study_form = 'full_time' order by inst_code, specialty_code limit 1",
    )[0]
    total, awarded = sql(
        path,
        "select t.places, (select sum(awarded_places) from kcp_competition as c where c.admission_year = 2026"
        " and c.specialty_code = t.specialty_code and c.study_form = 'full_time')"
        " from kcp_totals as t where admission_year = 2026 and specialty_code = $s and study_form = 'full_time'",
        {"s": spec},
    )[0]
    return inst, spec, places, total, awarded


def test_awards_above_the_approved_total_are_refused_naming_the_specialty(built_mart):
    inst, spec, places, total, awarded = _over_award(built_mart)
    too_many = places + (total - awarded) + 5  # 5 above what the total leaves
    body = (
        "admission_year,inst_code,specialty_code,study_form,bid_places,score,awarded_places\n"
        f"2026,{inst},{spec},очная,{too_many},80.5,{too_many}\n"
    )
    before = stored_rows(built_mart)
    result = ingest.load(OPERATOR, "kcp_competition", body.encode(), "конкурс.csv")
    assert not result.accepted
    [error] = result.errors.to_dicts()
    assert error["row_no"] == 2 and error["column_name"] == "awarded_places"
    assert spec in error["reason"] and f"{total}" in error["reason"] and f"{total + 5}" in error["reason"]
    assert "больше утверждённого объёма" in error["reason"]
    assert stored_rows(built_mart) == before

    # exactly the total is accepted
    fits = body.replace(f",{too_many}\n", f",{too_many - 5}\n")
    assert ingest.load(OPERATOR, "kcp_competition", fits.encode(), "конкурс2.csv").accepted


def test_lowering_a_total_below_the_awards_is_refused(built_mart):
    _, spec, _, _total, awarded = _over_award(built_mart)
    body = f"admission_year;specialty_code;study_form;places;order_ref\n2026;{spec};очная;{awarded - 1};№ 1 от 01.04.2025\n"
    before = stored_rows(built_mart)
    result = ingest.load(OPERATOR, "kcp_totals", body.encode("cp1251"), "объёмы.csv")
    assert not result.accepted
    [error] = result.errors.to_dicts()
    assert (error["row_no"], error["column_name"]) == (2, "places")
    assert spec in error["reason"] and str(awarded) in error["reason"]
    assert stored_rows(built_mart) == before


@pytest.mark.parametrize(
    ("dataset", "body", "row", "column", "words"),
    [
        (
            "admissions",
            "year,inst_code,specialty_code,kcp_plan,enrolled,enrolled_target\n2026,POO-01,08.01.07,50,40,41\n",
            2,
            "enrolled_target",
            "больше, чем зачислено",
        ),
        (
            "admissions",
            "year,inst_code,specialty_code,kcp_plan,enrolled,applications\n2026,POO-01,08.01.07,50,40,-3\n",
            2,
            "applications",
            "не меньше 0",
        ),
        (
            "admissions",
            "year,inst_code,specialty_code,kcp_plan,enrolled,study_form\n2026,POO-01,08.01.07,50,40,дистанционная\n",
            2,
            "study_form",
            "Неизвестное значение",
        ),
        (
            "kcp_proposals",
            "admission_year,specialty_code,proposed_by,places\n2027,15.02.08,Минэкономразвития,20\n"
            "2027,15.02.08,2801234567,-5\n",
            3,
            "places",
            "не меньше 1",
        ),
        (
            "kcp_totals",
            "admission_year,specialty_code,study_form,places\n2027,99.99.99,очная,20\n",
            2,
            "specialty_code",
            "Такого кода специальности нет",
        ),
        (
            "kcp_competition",
            "admission_year,inst_code,specialty_code,bid_places,awarded_places\n2026,POO-99,15.02.08,10,5\n",
            2,
            "inst_code",
            "Такого кода организации нет",
        ),
        (
            "kcp_competition",
            "admission_year,inst_code,specialty_code,bid_places,awarded_places\n2026,POO-01,15.02.08,10,-1\n",
            2,
            "awarded_places",
            "не меньше 0",
        ),
    ],
)
def test_bad_input_is_refused_whole(built_mart, dataset, body, row, column, words):
    before = stored_rows(built_mart)
    ctx = COLLEGE if dataset == "admissions" else OPERATOR
    result = ingest.load(ctx, dataset, body.encode(), "файл.csv")
    assert not result.accepted
    errors = result.errors.to_dicts()
    assert any(e["row_no"] == row and e["column_name"] == column and words in e["reason"] for e in errors), (
        errors
    )
    assert stored_rows(built_mart) == before
    status = sql(built_mart, "select status from upload_batches order by batch_id desc limit 1")[0][0]
    assert status == "rejected"


def test_who_uploads_the_cycle(built_mart):
    proposal = "admission_year;specialty_code;proposed_by;places;justification\n2027;35.02.16;Минсельхоз;30;Прогноз\n"
    result = ingest.load(ECONOMY, "kcp_proposals", proposal.encode("cp1251"), "предложения.csv")
    assert result.accepted, result.errors.to_dicts()
    assert sql(
        built_mart,
        "select places from kcp_proposals where admission_year = 2027 and proposed_by = 'Минсельхоз'"
        " and specialty_code = '35.02.16'",
    ) == [(30,)]
    for ctx, dataset in ((ECONOMY, "kcp_totals"), (ECONOMY, "kcp_competition"), (COLLEGE, "kcp_competition")):
        refused = ingest.load(ctx, dataset, b"admission_year\n2027\n", "x.csv")
        assert not refused.accepted and "не может загружать" in refused.errors["reason"][0]
