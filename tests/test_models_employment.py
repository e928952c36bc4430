"""Employment models (sql/marts/employment/) on given rows, every expected figure worked out by hand.

Three colleges: POO-01 and POO-02 in «Город А», POO-03 in «Город Б»; specialties A (15.02.08) and
B (15.01.05).

2024:

| college × specialty | graduates | employed group | excused | status «employed» (by specialty, retained 4 months) | «Иное» |
|---|---|---|---|---|---|
| POO-01 × A | 7: employed 3, entrepreneur 1, army 1, continuing 1, other 1 | 4 | 2 | 3 (2, 1) | 1 |
| POO-01 × B | 3: employed 2, registered unemployed 1 | 2 | 0 | 2 (2, 2) | 0 |
| POO-02 × A | 4: employed 1, self-employed 1, parental leave 2 | 2 | 2 | 1 (0, 0) | 0 |
| POO-03 × A | 4: employed 2, army by contract 2 | 2 | 2 | 2 (1, 2) | 0 |

2023: POO-01 × A only, 4 graduates: employed 2 (2, 2), other 2.
"""

from __future__ import annotations

import math

import duckdb
import pytest

from mart.access.rules import PUBLIC, Access
from mart.platform import db, migrations, models
from mart.read import employment, overview, queries

COORDINATOR = Access(role="coordinator", login="minobr")
COUNCIL = Access(role="council", login="council1")
A, B = "15.02.08", "15.01.05"

STATUSES = [
    ("employed", "Трудоустроен", "employed", 10),
    ("entrepreneur", "ИП", "employed", 20),
    ("self_employed", "Самозанятый", "employed", 30),
    ("army_conscript", "Армия по призыву", "excused", 40),
    ("army_contract", "Служба по контракту", "excused", 50),
    ("continuing_education", "Продолжает обучение", "excused", 60),
    ("parental_leave", "Отпуск по уходу за ребенком", "excused", 70),
    ("unemployed_registered", "Безработный", "other", 80),
    ("other", "Иное", "other", 90),
]

# (inst, year, specialty, status, by_specialty, retained_4m, how many)
GROUPS = [
    ("POO-01", 2024, A, "employed", True, True, 1),
    ("POO-01", 2024, A, "employed", True, False, 1),
    ("POO-01", 2024, A, "employed", False, False, 1),
    ("POO-01", 2024, A, "entrepreneur", None, None, 1),
    ("POO-01", 2024, A, "army_conscript", None, None, 1),
    ("POO-01", 2024, A, "continuing_education", None, None, 1),
    ("POO-01", 2024, A, "other", None, None, 1),
    ("POO-01", 2024, B, "employed", True, True, 2),
    ("POO-01", 2024, B, "unemployed_registered", None, None, 1),
    ("POO-02", 2024, A, "employed", False, False, 1),
    ("POO-02", 2024, A, "self_employed", None, None, 1),
    ("POO-02", 2024, A, "parental_leave", None, None, 2),
    ("POO-03", 2024, A, "employed", True, True, 1),
    ("POO-03", 2024, A, "employed", False, True, 1),
    ("POO-03", 2024, A, "army_contract", None, None, 2),
    ("POO-01", 2023, A, "employed", True, True, 2),
    ("POO-01", 2023, A, "other", None, None, 2),
]


def _given_region(con) -> None:
    for code, label, group, order in STATUSES:
        con.execute(
            "insert into seed.employment_statuses (status_code, label_ru, status_group, sort_order) values (?, ?, ?, ?)",
            [code, label, group, order],
        )
    for batch_id, dataset in ((1, "institutions"), (2, "graduates")):
        con.execute(
            "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
            " values (?, ?, 'f.csv', 'upsert', 'test', timestamp '2025-01-01', 'cli', 'accepted')",
            [batch_id, dataset],
        )
    for row_no, (inst, muni) in enumerate(
        (("POO-01", "Город А"), ("POO-02", "Город А"), ("POO-03", "Город Б")), 2
    ):
        con.execute(
            "insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind, municipality)"
            " values (1, ?, 'upsert', ?, ?, 'ПОО', ?)",
            [row_no, inst, f"Колледж {inst[-1]}", muni],
        )
    row_no = 1
    for inst, year, spec, status, by_spec, retained, count in GROUPS:
        for _ in range(count):
            row_no += 1
            con.execute(
                "insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, specialty_code,"
                " graduate_id, status, by_specialty, retained_4m) values (2, ?, 'upsert', ?, ?, ?, ?, ?, ?, ?)",
                [row_no, inst, year, spec, f"G{row_no:03d}", status, by_spec, retained],
            )
    models.build_models(con)


@pytest.fixture(scope="module")
def region_file(tmp_path_factory):
    """The given rows with every model built, once per module (the tests only read it)."""
    path = tmp_path_factory.mktemp("employment_models") / "given.duckdb"
    con = duckdb.connect(str(path))
    db.prepare(con)
    migrations.migrate(con)
    _given_region(con)
    con.close()
    return path


@pytest.fixture
def given(region_file):
    con = duckdb.connect(str(region_file), read_only=True)
    db.prepare(con)
    yield con
    con.close()


def _rate(con, level: str, year: int, municipality=None, inst_code=None, specialty_code=None) -> dict:
    rows = (
        con.sql(
            "select * from employment_rate_changes where level = $l and year = $y"
            " and municipality is not distinct from $m and inst_code is not distinct from $i"
            " and specialty_code is not distinct from $s",
            params={"l": level, "y": year, "m": municipality, "i": inst_code, "s": specialty_code},
        )
        .pl()
        .to_dicts()
    )
    assert len(rows) == 1, rows
    return rows[0]


def test_cells_sum_the_status_groups(given):
    cells = given.sql(
        "select inst_code, specialty_code, graduates, employed, excused, employed_contract, by_specialty,"
        " retained_4m, other_status from employment_cells where year = 2024 order by inst_code, specialty_code"
    ).fetchall()
    assert cells == [
        ("POO-01", B, 3, 2, 0, 2, 2, 2, 0),
        ("POO-01", A, 7, 4, 2, 3, 2, 1, 1),
        ("POO-02", A, 4, 2, 2, 1, 0, 0, 0),
        ("POO-03", A, 4, 2, 2, 2, 1, 2, 0),
    ]


def test_rates_at_every_level(given):
    levels = dict(
        given.sql("select level, count(*) from employment_rates where year = 2024 group by level").fetchall()
    )
    assert levels == {
        "region": 1,
        "municipality": 2,
        "institution": 3,
        "specialty": 2,
        "municipality_specialty": 3,
        "institution_specialty": 4,
    }
    region = _rate(given, "region", 2024)
    # graduates 10 + 4 + 4; employed 6 + 2 + 2; excused 2 + 2 + 2
    assert (region["graduates"], region["employed"], region["available"], region["institutions"]) == (
        18,
        10,
        12,
        3,
    )
    assert math.isclose(region["k1"], 10 / 12)
    assert math.isclose(region["k2"], (2 + 2 + 0 + 1) / (3 + 2 + 1 + 2))
    assert math.isclose(region["k1_prev"], 2 / 4)  # 2023: POO-01 only
    assert math.isclose(region["k1_change"], 10 / 12 - 2 / 4)
    town_a = _rate(given, "municipality", 2024, "Город А")
    assert math.isclose(town_a["k1"], (6 + 2) / (14 - 4))
    one = _rate(given, "institution", 2024, "Город А", "POO-01")
    assert math.isclose(one["k1"], 6 / 8) and math.isclose(one["k2"], 4 / 5)
    assert math.isclose(one["retained_share"], 3 / 5)
    assert math.isclose(one["other_share"], 1 / 10) and one["other_flag"] is True
    assert math.isclose(one["k1_change"], 6 / 8 - 2 / 4)
    spec_a = _rate(given, "specialty", 2024, specialty_code=A)
    assert (spec_a["graduates"], spec_a["available"]) == (15, 9)
    assert math.isclose(spec_a["k1"], 8 / 9)
    cell = _rate(given, "institution_specialty", 2024, "Город А", "POO-02", A)
    assert math.isclose(cell["k1"], 2 / 2) and cell["k2"] == 0.0 and cell["retained_share"] == 0.0
    assert cell["k1_prev"] is None and cell["k1_change"] is None  # no POO-02 × A in 2023
    town_a_spec_a = _rate(given, "municipality_specialty", 2024, "Город А", specialty_code=A)
    assert math.isclose(town_a_spec_a["k1"], (4 + 2) / (11 - 4))


def test_status_and_group_counts_of_a_selection_with_zeros(given):
    rows = given.sql(
        "select status, graduates, year_total, share from employment_status_counts_at(p_inst_code := 'POO-01')"
        " where year = 2024 order by sort_order"
    ).fetchall()
    assert len(rows) == len(STATUSES)  # every status, zeros included
    counts = {status: graduates for status, graduates, _, _ in rows}
    assert counts == {
        "employed": 5,
        "entrepreneur": 1,
        "self_employed": 0,
        "army_conscript": 1,
        "army_contract": 0,
        "continuing_education": 1,
        "parental_leave": 0,
        "unemployed_registered": 1,
        "other": 1,
    }
    assert {total for _, _, total, _ in rows} == {10}
    assert math.isclose(rows[0][3], 5 / 10)
    groups = given.sql(
        "select status_group, graduates, year_total from employment_group_counts_at(p_municipality := 'Город А',"
        " p_specialty_code := $s) where year = 2024 order by status_group",
        params={"s": A},
    ).fetchall()
    # POO-01 × A and POO-02 × A: 4 + 2 employed, 2 + 2 excused, 1 other
    assert groups == [("employed", 6, 11), ("excused", 4, 11), ("other", 1, 11)]
    # the view without parameters is the region
    region = given.sql("select sum(graduates) from employment_group_counts where year = 2024").fetchall()
    assert region == [(18,)]


def test_k1_of_a_college_is_the_same_number_everywhere(region_file, monkeypatch):
    """K1 of POO-01 on «Обзор», «Трудоустройство» and in the directors' KPI: one figure, hand-computed."""
    monkeypatch.setenv("MART_DB", str(region_file))  # the read functions open it
    kpi = dict(
        queries.reader()
        .df("select year, value from kpi_values where inst_code = 'POO-01' and indicator_code = 'K1'")
        .iter_rows()
    )
    page_college = {
        year: employment.by_institution(COUNCIL, year).filter(inst_code="POO-01").item(0, "k1")
        for year in (2023, 2024)
    }
    page_own = {
        r["year"]: r["k1"] for r in employment.summary(COORDINATOR, inst_code="POO-01").iter_rows(named=True)
    }
    region_page = {r["year"]: r["k1"] for r in employment.summary(PUBLIC).iter_rows(named=True)}
    region_overview = {r["year"]: r["k1"] for r in overview.employment_by_year(PUBLIC).iter_rows(named=True)}
    # 2024: (3 employed + 1 entrepreneur + 2 employed) / (10 graduates − army − continuing education)
    # 2023: POO-01 is the only college that reported, so the overview's regional K1 is its K1
    expected = {2023: 2 / 4, 2024: 6 / 8}
    for year, value in expected.items():
        assert kpi[year] == page_college[year] == page_own[year] == value
    assert region_overview[2023] == region_page[2023] == expected[2023]
    assert region_overview[2024] == region_page[2024] == 10 / 12
