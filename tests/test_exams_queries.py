"""Demo exam queries on a tiny hand-made region, every expected figure worked out by hand.

2024, competence «Программные решения для бизнеса» (09.02.07) and «Сварочные технологии» (15.01.05):

| college | 09.02.07 | 15.01.05 |
|---|---|---|
| POO-01 | 6: scores 75, 45, 25, 10 → 5, 4, 3, 2; one credited without a score → 5; 64.5 graded 4 by the college | 3: 80, 50, 30 → 5, 4, 3 |
| POO-02 | 5: 70, 70, 40, 40, 19.99 → 5, 5, 4, 4, 2 | 7: all 50 → 4 |
| POO-03 | 10: all 55 → 4 | 8: all 15 → 2 |

2023: POO-01 09.02.07: 5 students, all 30 → 3.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from mart.access.rules import OPERATOR, PUBLIC, Access, AccessDenied
from mart.intake import ingest
from mart.platform import build
from mart.read import exams

COORDINATOR = Access(role="coordinator", login="minobr")
COUNCIL = Access(role="council", login="council1")
POO01 = Access(role="institution", login="poo01", inst_code="POO-01")
POO02 = Access(role="institution", login="poo02", inst_code="POO-02")

IT, WELD = "09.02.07", "15.01.05"
SOFT, WELDING = "Программные решения для бизнеса", "Сварочные технологии"

# (year, inst, specialty, competence, score, grade given, credited)
EXAMS = [
    (2024, "POO-01", IT, SOFT, "75", "", ""),
    (2024, "POO-01", IT, SOFT, "45", "", ""),
    (2024, "POO-01", IT, SOFT, "25", "", ""),
    (2024, "POO-01", IT, SOFT, "10", "", ""),
    (2024, "POO-01", IT, SOFT, "", "5", "да"),
    (2024, "POO-01", IT, SOFT, "64,5", "4", ""),
    *[(2024, "POO-01", WELD, WELDING, s, "", "") for s in ("80", "50", "30")],
    *[(2024, "POO-02", IT, SOFT, s, "", "") for s in ("70", "70", "40", "40", "19,99")],
    *[(2024, "POO-02", WELD, WELDING, "50", "", "")] * 7,
    *[(2024, "POO-03", IT, SOFT, "55", "", "")] * 10,
    *[(2024, "POO-03", WELD, WELDING, "15", "", "")] * 8,
    *[(2023, "POO-01", IT, SOFT, "30", "", "")] * 5,
]

INSTITUTIONS = (
    "inst_code;short_name;full_name;kind;municipality;director\n"
    "POO-01;Колледж 1;Колледж 1 (полное);ПОО;Город А;\n"
    "POO-02;Колледж 2;Колледж 2 (полное);ПОО;Город А;\n"
    "POO-03;Колледж 3;Колледж 3 (полное);ПОО;Город Б;\n"
).encode()


def exams_csv() -> bytes:
    lines = ["year;inst_code;specialty_code;competence;student_id;score_pct;grade;credited"]
    for n, (year, inst, spec, comp, score, grade, credited) in enumerate(EXAMS, start=1):
        lines.append(f"{year};{inst};{spec};{comp};S-{n:03d};{score};{grade};{credited}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def region_file(tmp_path_factory):
    """One mart with the tiny region per module (the tests only read it)."""
    path = tmp_path_factory.mktemp("exams") / "data" / "mart.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MART_DB", str(path))
        build.build(demo=False)
        for dataset, data in (("institutions", INSTITUTIONS), ("demo_exams", exams_csv())):
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


def test_region_grades_quality_score_and_credited(region):
    row = _row(exams.summary(PUBLIC), year=2024)
    assert row["exams"] == 39
    assert [row[f"grade_{g}"] for g in (2, 3, 4, 5)] == [10, 2, 22, 5]
    assert math.isclose(row["good_share"], 27 / 39)
    scores = 75 + 45 + 25 + 10 + 64.5 + 80 + 50 + 30 + 70 + 70 + 40 + 40 + 19.99 + 7 * 50 + 10 * 55 + 8 * 15
    assert row["scored"] == 38  # the credited result without a score is left out of the average
    assert math.isclose(row["avg_score"], scores / 38)
    assert row["credited"] == 1


def test_the_grade_in_force_is_given_or_from_the_scale_and_credited_is_five(region):
    row = _row(exams.summary(COORDINATOR, "POO-01", IT), year=2024)
    # 75 → 5, 45 → 4, 25 → 3, 10 → 2 and 64.5 → 4 by the scale (the last one also given); credited → 5
    assert [row[f"grade_{g}"] for g in (2, 3, 4, 5)] == [1, 1, 2, 2]
    assert math.isclose(row["good_share"], 4 / 6)
    assert math.isclose(row["avg_score"], (75 + 45 + 25 + 10 + 64.5) / 5)
    dist = exams.grade_distribution(COORDINATOR, "POO-01", IT).filter(pl.col("year") == 2024)
    assert dict(zip(dist.get_column("grade"), dist.get_column("exams"), strict=True)) == {
        2: 1,
        3: 1,
        4: 2,
        5: 2,
    }
    assert math.isclose(dist.get_column("share").sum(), 1.0)


def test_change_from_last_year(region):
    colleges = exams.by_institution(COUNCIL, 2024)
    one = _row(colleges, inst_code="POO-01")
    assert one["exams"] == 9
    assert math.isclose(one["good_share"], 6 / 9)  # 5, 4, 5, 4 of 09.02.07 and 5, 4 of 15.01.05
    assert one["good_share_prev"] == 0.0  # 2023: five 3s
    assert math.isclose(one["good_share_change"], 6 / 9)


def _cells(ctx: Access, spec: str) -> dict[str, int | None]:
    frame = exams.by_institution(ctx, 2024, specialty_code=spec)
    return dict(zip(frame.get_column("inst_code"), frame.get_column("exams"), strict=True))


def test_council_sees_cells_under_five_students_hidden(region):
    # POO-01 × 15.01.05 has 3 students: hidden, and POO-01's 6 with it; then in each specialty one
    # more cell (POO-02's, the smallest) so that the region's totals do not give them away
    assert _cells(COUNCIL, IT) == {"POO-01": None, "POO-02": None, "POO-03": 10}
    assert _cells(COUNCIL, WELD) == {"POO-01": None, "POO-02": None, "POO-03": 8}
    hidden = _row(exams.by_institution(COUNCIL, 2024, specialty_code=WELD), inst_code="POO-01")
    assert hidden["hidden"] is True and hidden["good_share"] is None and hidden["avg_score"] is None
    by_spec = exams.by_specialty(COUNCIL, 2024, "POO-01")
    assert by_spec.get_column("exams").is_null().all()
    # the region's totals by specialty are not hidden (not required for exams)
    region_spec = exams.by_specialty(PUBLIC, 2024)
    assert dict(
        zip(region_spec.get_column("specialty_code"), region_spec.get_column("exams"), strict=True)
    ) == {
        IT: 21,
        WELD: 18,
    }


def test_coordinator_and_own_institution_see_every_cell(region):
    assert _cells(COORDINATOR, WELD) == {"POO-01": 3, "POO-02": 7, "POO-03": 8}
    # POO-01 knows its own 3; the other cells are all 5 or more
    assert _cells(POO01, WELD) == {"POO-01": 3, "POO-02": 7, "POO-03": 8}
    # POO-02 is protected against: POO-01's cells are hidden, and POO-03's with them
    assert _cells(POO02, WELD) == {"POO-01": None, "POO-02": 7, "POO-03": None}


def test_competences_within_a_cell(region):
    rows = exams.by_competence(COUNCIL, 2024, "POO-03", IT)
    assert _row(rows, competence=SOFT)["exams"] == 10
    hidden = exams.by_competence(COUNCIL, 2024, "POO-01", WELD)
    assert hidden.get_column("exams").is_null().all() and hidden.get_column("hidden").all()
    assert _row(exams.by_competence(POO01, 2024, "POO-01", WELD), competence=WELDING)["exams"] == 3


def test_public_is_denied_anything_per_institution(region):
    with pytest.raises(AccessDenied):
        exams.by_institution(PUBLIC, 2024)
    with pytest.raises(AccessDenied):
        exams.summary(PUBLIC, inst_code="POO-01")
    with pytest.raises(AccessDenied):
        exams.by_competence(PUBLIC, 2024, inst_code="POO-01")
    with pytest.raises(AccessDenied):
        exams.institutions(PUBLIC)


def test_person_rows_coordinator_all_institution_only_its_own(region):
    assert exams.exam_rows(COORDINATOR, 2024).height == 39
    own = exams.exam_rows(POO02, 2024)
    assert own.height == 12 and own.get_column("inst_code").unique().to_list() == ["POO-02"]
    credited = exams.exam_rows(POO01, 2024, "POO-01", IT).filter(pl.col("credited"))
    assert credited.height == 1 and credited.item(0, "grade") == 5 and credited.item(0, "score_pct") is None
    with pytest.raises(AccessDenied):
        exams.exam_rows(POO02, 2024, "POO-01")
    for ctx in (PUBLIC, COUNCIL):
        with pytest.raises(AccessDenied):
            exams.exam_rows(ctx, 2024)


def test_a_hidden_cell_keeps_last_years_share_when_that_was_shown(region):
    # POO-01 × 09.02.07 is hidden in 2024 (with the 3 students of 15.01.05); its 2023 cell of 5 was not
    row = _row(exams.by_institution(COUNCIL, 2024, specialty_code=IT), inst_code="POO-01")
    assert row["hidden"] is True and row["good_share"] is None and row["good_share_change"] is None
    assert row["good_share_prev"] == 0.0
    # POO-02 is hidden in 2024 and had no exams in 2023
    row = _row(exams.by_institution(COUNCIL, 2024, specialty_code=IT), inst_code="POO-02")
    assert row["good_share_prev"] is None
