"""Graduate employment queries on a tiny hand-made region, every expected figure worked out by hand.

The region (no demo data): three colleges, POO-01 and POO-02 in «Город А», POO-03 in «Город Б».

2024 (specialties 09.02.07 and 15.01.05):

| college | 09.02.07 | 15.01.05 |
|---|---|---|
| POO-01 | 10: employed 4 (3 by specialty, 2 retained), entrepreneur 1, self-employed 1, army 1, continuing 1, parental leave 1, other 1 | 3: employed 3 (1 by specialty, 0 retained) |
| POO-02 | 6: employed 5 (5, 4), registered unemployed 1 | 8: employed 8 (6, 8) |
| POO-03 | 20: employed 15 (10, 12), continuing 2, informal 3 | 12: employed 10 (8, 9), army by contract 2 |

2023: POO-01 09.02.07 5 employed (5, 5); POO-03 09.02.07 9 = employed 6 (3, 3) + army 3; POO-03
43.02.10 2 = employed 1 (1, 1) + other 1.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from mart.access import privacy
from mart.access.rules import OPERATOR, PUBLIC, Access, AccessDenied
from mart.intake import ingest
from mart.platform import build
from mart.read import employment, queries

COORDINATOR = Access(role="coordinator", login="minobr")
COUNCIL = Access(role="council", login="council1")
RKC = Access(role="regional_center", login="rkc")
POO01 = Access(role="institution", login="poo01", inst_code="POO-01")
POO02 = Access(role="institution", login="poo02", inst_code="POO-02")

IT, WELD, TOUR = "09.02.07", "15.01.05", "43.02.10"

# (inst, year, specialty, status, by_specialty, retained_4m, how many)
GROUPS = [
    ("POO-01", 2024, IT, "employed", True, True, 2),
    ("POO-01", 2024, IT, "employed", True, False, 1),
    ("POO-01", 2024, IT, "employed", False, False, 1),
    ("POO-01", 2024, IT, "entrepreneur", None, None, 1),
    ("POO-01", 2024, IT, "self_employed", None, None, 1),
    ("POO-01", 2024, IT, "army_conscript", None, None, 1),
    ("POO-01", 2024, IT, "continuing_education", None, None, 1),
    ("POO-01", 2024, IT, "parental_leave", None, None, 1),
    ("POO-01", 2024, IT, "other", None, None, 1),
    ("POO-01", 2024, WELD, "employed", True, False, 1),
    ("POO-01", 2024, WELD, "employed", False, False, 2),
    ("POO-02", 2024, IT, "employed", True, True, 4),
    ("POO-02", 2024, IT, "employed", True, False, 1),
    ("POO-02", 2024, IT, "unemployed_registered", None, None, 1),
    ("POO-02", 2024, WELD, "employed", True, True, 6),
    ("POO-02", 2024, WELD, "employed", False, True, 2),
    ("POO-03", 2024, IT, "employed", True, True, 10),
    ("POO-03", 2024, IT, "employed", False, True, 2),
    ("POO-03", 2024, IT, "employed", False, False, 3),
    ("POO-03", 2024, IT, "continuing_education", None, None, 2),
    ("POO-03", 2024, IT, "informal", None, None, 3),
    ("POO-03", 2024, WELD, "employed", True, True, 8),
    ("POO-03", 2024, WELD, "employed", False, True, 1),
    ("POO-03", 2024, WELD, "employed", False, False, 1),
    ("POO-03", 2024, WELD, "army_contract", None, None, 2),
    ("POO-01", 2023, IT, "employed", True, True, 5),
    ("POO-03", 2023, IT, "employed", True, True, 3),
    ("POO-03", 2023, IT, "employed", False, False, 3),
    ("POO-03", 2023, IT, "army_conscript", None, None, 3),
    ("POO-03", 2023, TOUR, "employed", True, True, 1),
    ("POO-03", 2023, TOUR, "other", None, None, 1),
]


def _flag(value: bool | None) -> str:
    return "" if value is None else ("да" if value else "нет")


def graduates_csv() -> bytes:
    lines = [
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"
    ]
    n = 0
    for inst, year, spec, status, by_spec, retained, count in GROUPS:
        for _ in range(count):
            n += 1
            lines.append(
                f"{inst};{year};{spec};G-{n:03d};{status};{_flag(by_spec)};{_flag(retained)};01.12.{year}"
            )
    return ("\n".join(lines) + "\n").encode()


INSTITUTIONS = (
    "inst_code;short_name;full_name;kind;municipality;director\n"
    "POO-01;Колледж 1;Колледж 1 (полное);ПОО;Город А;\n"
    "POO-02;Колледж 2;Колледж 2 (полное);ПОО;Город А;\n"
    "POO-03;Колледж 3;Колледж 3 (полное);ПОО;Город Б;\n"
).encode()


@pytest.fixture(scope="module")
def region_file(tmp_path_factory):
    """One mart with the tiny region per module (the tests only read it)."""
    path = tmp_path_factory.mktemp("employment") / "data" / "mart.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MART_DB", str(path))
        build.build(demo=False)
        for dataset, data in (("institutions", INSTITUTIONS), ("graduates", graduates_csv())):
            result = ingest.load(OPERATOR, dataset, data, f"{dataset}.csv")
            assert result.accepted, result.errors
    return path


@pytest.fixture
def region(region_file, monkeypatch):
    monkeypatch.setenv("MART_DB", str(region_file))
    return region_file


def _row(frame: pl.DataFrame, **where) -> dict:
    for col, value in where.items():
        frame = frame.filter(pl.col(col) == value)
    assert frame.height == 1, frame
    return frame.row(0, named=True)


# --- K1, K2 and the rest on hand-computed figures -------------------------------------------------------


def test_region_k1_k2_retained_and_other(region):
    row = _row(employment.summary(PUBLIC), year=2024)
    # graduates 13 + 14 + 32; employed 9 + 13 + 25; excused 3 + 0 + 4
    assert row["graduates"] == 59
    assert math.isclose(row["k1"], 47 / 52)
    # by specialty 3+1 + 5+6 + 10+8 over employed (status «employed») 7 + 13 + 25
    assert math.isclose(row["k2"], 33 / 45)
    assert math.isclose(row["retained_share"], (2 + 0 + 4 + 8 + 12 + 9) / 45)
    assert math.isclose(row["other_share"], 1 / 59)
    assert row["hidden"] is False


def test_college_k1_k2_and_the_other_flag(region):
    colleges = employment.by_institution(COUNCIL, 2024)
    one = _row(colleges, inst_code="POO-01")
    assert one["graduates"] == 13
    assert math.isclose(one["k1"], (4 + 1 + 1 + 3) / (13 - 3))  # army, continuing, parental leave out
    assert math.isclose(one["k2"], (3 + 1) / (4 + 3))  # entrepreneurs and self-employed are not in K2
    assert math.isclose(one["k1_prev"], 5 / 5)
    assert math.isclose(one["k1_change"], 9 / 10 - 1)
    assert one["other_status"] == 1 and one["other_flag"] is True  # 1 of 13 > 1 of 200
    three = _row(colleges, inst_code="POO-03")
    assert math.isclose(three["k1"], 25 / (32 - 4))
    assert three["other_flag"] is False
    # the same formulas as the directors' KPI (kpi_values K1, K2)
    kpi = queries.reader().df(
        "select inst_code, indicator_code, value from kpi_values where year = 2024 and inst_code = 'POO-01'"
    )
    values = dict(zip(kpi.get_column("indicator_code"), kpi.get_column("value"), strict=True))
    assert math.isclose(values["K1"], one["k1"]) and math.isclose(values["K2"], one["k2"])


def test_statuses_are_counted_in_the_forms_order_with_zeros(region):
    rows = employment.by_status(COORDINATOR, inst_code="POO-01").filter(pl.col("year") == 2024)
    assert rows.height == 17  # every official status, zeros included
    assert rows.get_column("sort_order").is_sorted()
    counts = dict(zip(rows.get_column("status"), rows.get_column("graduates"), strict=True))
    assert counts["employed"] == 7 and counts["entrepreneur"] == 1 and counts["other"] == 1
    assert counts["informal"] == 0
    assert rows.get_column("graduates").sum() == 13
    groups = employment.by_status_group(COORDINATOR, inst_code="POO-01").filter(pl.col("year") == 2024)
    assert dict(zip(groups.get_column("status_group"), groups.get_column("graduates"), strict=True)) == {
        "employed": 9,
        "excused": 3,
        "other": 1,
    }


# --- small-cell protection ------------------------------------------------------------------------------


def _cells(ctx: Access, year: int, spec: str) -> dict[str, int | None]:
    frame = employment.by_institution(ctx, year, specialty_code=spec)
    return dict(zip(frame.get_column("inst_code"), frame.get_column("graduates"), strict=True))


def test_council_sees_small_cells_hidden_with_secondary_suppression(region):
    # POO-01 × 15.01.05 = 3 is hidden; POO-01's other cell (10) goes too, so 13 − 10 gives nothing;
    # then each specialty total would hold one hidden cell: its smallest visible cell goes (POO-02)
    assert _cells(COUNCIL, 2024, IT) == {"POO-01": None, "POO-02": None, "POO-03": 20}
    assert _cells(COUNCIL, 2024, WELD) == {"POO-01": None, "POO-02": None, "POO-03": 12}
    hidden = employment.by_institution(COUNCIL, 2024, specialty_code=WELD)
    one = _row(hidden, inst_code="POO-01")
    assert one["hidden"] is True and one["k1"] is None and one["k2"] is None  # rates of hidden cells too
    # the same for the regional centre (no person-level rows either)
    assert _cells(RKC, 2024, WELD) == {"POO-01": None, "POO-02": None, "POO-03": 12}


def test_coordinator_sees_every_count(region):
    assert _cells(COORDINATOR, 2024, IT) == {"POO-01": 10, "POO-02": 6, "POO-03": 20}
    assert _cells(COORDINATOR, 2024, WELD) == {"POO-01": 3, "POO-02": 8, "POO-03": 12}
    assert not employment.by_status(COORDINATOR, None, "POO-01", WELD).get_column("graduates_hidden").any()
    assert not privacy.protects(COORDINATOR)


def test_institution_sees_its_own_cells_and_others_protected_against_them(region):
    # POO-01 knows its own 10 and 3: the others' cells are all 5 or more, so nothing is hidden
    assert _cells(POO01, 2024, WELD) == {"POO-01": 3, "POO-02": 8, "POO-03": 12}
    # POO-02 knows its own 6 and 8; from the totals it could recover POO-01's 10 and 3 unless one more
    # cell of each specialty is hidden: POO-03's
    assert _cells(POO02, 2024, IT) == {"POO-01": None, "POO-02": 6, "POO-03": None}
    assert _cells(POO02, 2024, WELD) == {"POO-01": None, "POO-02": 8, "POO-03": None}
    own = employment.by_status(POO01, None, "POO-01", WELD).filter(pl.col("year") == 2024)
    assert not own.get_column("graduates_hidden").any()
    assert _row(own, status="employed")["graduates"] == 3


def test_status_counts_within_a_visible_cell_are_protected(region):
    rows = employment.by_status(COUNCIL, None, "POO-03", IT).filter(pl.col("year") == 2024)
    counts = dict(zip(rows.get_column("status"), rows.get_column("graduates"), strict=True))
    # 15 employed stays; continuing 2 and informal 3 are hidden (two hidden cells protect each other)
    assert counts["employed"] == 15
    assert counts["continuing_education"] is None and counts["informal"] is None
    assert counts["army_conscript"] == 0
    # the cell of POO-01 is hidden as a whole, and so is its year in the summary
    whole = employment.by_status(COUNCIL, None, "POO-01", IT).filter(pl.col("year") == 2024)
    assert whole.get_column("graduates").is_null().all()
    summary = _row(employment.summary(COUNCIL, None, "POO-01", IT), year=2024)
    assert summary["hidden"] is True and summary["graduates"] is None and summary["k1"] is None


def test_regional_totals_by_specialty_are_protected_for_the_public(region):
    # 2023: 43.02.10 has 2 graduates in the region (hidden); 09.02.07 (14) is hidden with it, else
    # 16 − 14 would give it away
    rows = employment.by_specialty(PUBLIC, 2023)
    assert dict(zip(rows.get_column("specialty_code"), rows.get_column("graduates"), strict=True)) == {
        IT: None,
        TOUR: None,
    }
    assert rows.get_column("hidden").all()
    assert _row(employment.summary(PUBLIC), year=2023)["graduates"] == 16  # the year's total stays
    # 2024: 36 and 23 are shown, and the rates with them
    rows = employment.by_specialty(PUBLIC, 2024)
    it = _row(rows, specialty_code=IT)
    assert it["graduates"] == 36
    assert math.isclose(it["k1"], (6 + 5 + 15) / (36 - 3 - 2))
    # the coordinator sees 2023 in full
    rows = employment.by_specialty(COORDINATOR, 2023)
    assert dict(zip(rows.get_column("specialty_code"), rows.get_column("graduates"), strict=True)) == {
        IT: 14,
        TOUR: 2,
    }


def test_a_hidden_regional_total_hides_every_cell_of_it(region):
    # the public cannot see 09.02.07 in 2023, so neither can the council add it up from colleges' cells
    assert _cells(COUNCIL, 2023, IT) == {"POO-01": None, "POO-03": None}
    assert _cells(COORDINATOR, 2023, IT) == {"POO-01": 5, "POO-03": 9}


def test_totals_not_by_specialty_are_never_hidden(region):
    rows = employment.by_institution(COUNCIL, 2023)
    assert dict(zip(rows.get_column("inst_code"), rows.get_column("graduates"), strict=True)) == {
        "POO-01": 5,
        "POO-03": 11,
    }
    assert _row(employment.summary(COUNCIL, "Город Б"), year=2023)["graduates"] == 11


# --- who may ask for what ------------------------------------------------------------------------------------


def test_public_is_denied_anything_per_institution(region):
    with pytest.raises(AccessDenied):
        employment.by_institution(PUBLIC, 2024)
    with pytest.raises(AccessDenied):
        employment.summary(PUBLIC, inst_code="POO-01")
    with pytest.raises(AccessDenied):
        employment.summary(PUBLIC, municipality="Город А")
    with pytest.raises(AccessDenied):
        employment.by_specialty(PUBLIC, 2024, inst_code="POO-01")
    with pytest.raises(AccessDenied):
        employment.institutions(PUBLIC)
    with pytest.raises(AccessDenied):
        employment.graduate_rows(PUBLIC, 2024)


def test_person_rows_coordinator_all_institution_only_its_own(region):
    assert employment.graduate_rows(COORDINATOR, 2024).height == 59
    assert employment.graduate_rows(COORDINATOR, 2024, "POO-02").height == 14
    own = employment.graduate_rows(POO01, 2024)
    assert own.height == 13 and own.get_column("inst_code").unique().to_list() == ["POO-01"]
    assert employment.graduate_rows(POO01, 2024, "POO-01", WELD).height == 3
    # another institution's rows: refused, never an empty table that looks like «no graduates»
    with pytest.raises(AccessDenied):
        employment.graduate_rows(POO01, 2024, "POO-02")
    for ctx in (COUNCIL, RKC):
        with pytest.raises(AccessDenied):
            employment.graduate_rows(ctx, 2024)
    assert privacy.person_rows_visible(POO01, "POO-01") and privacy.person_rows_visible(POO01, None)
    assert not privacy.person_rows_visible(POO01, "POO-02")
    assert not privacy.person_rows_visible(COUNCIL, "POO-01")
    assert privacy.person_rows_visible(COORDINATOR, "POO-02")
