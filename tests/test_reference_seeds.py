"""Reference seeds (seeds/*.csv other than the roadmap): shape, keys and cross-references.

Reads only the repository's own files, with the standard library's csv module.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent.parent / "seeds"

ALLOWED_BLOCKS = {
    "Строительство и строительные технологии",
    "Информационные и коммуникационные технологии",
    "Творчество и дизайн",
    "Производство и инженерные технологии",
    "Сфера услуг",
    "Транспорт и логистика",
    "Образование",
    "Сельское хозяйство",
}

STATUS_GROUPS = {
    "employed": "employed",
    "entrepreneur": "employed",
    "self_employed": "employed",
    "continuing_education": "excused",
    "army_conscript": "excused",
    "army_contract": "excused",
    "parental_leave": "excused",
    "informal": "other",
    "unemployed_registered": "other",
    "no_motivation": "other",
    "other_risk": "other",
    "health_or_death": "other",
    "investigation_or_sentence": "other",
    "emigrated": "other",
    "family_care": "other",
    "foreign_no_snils": "other",
    "other": "other",
}

# file -> (expected header, key columns)
FILES = {
    "ugs.csv": (["ugs_code", "ugs_name"], ["ugs_code"]),
    "specialties.csv": (["specialty_code", "name", "kind", "ugs_code", "source"], ["specialty_code"]),
    "competences.csv": (["competence", "block", "competence_code", "source"], ["competence"]),
    "specialty_competences.csv": (["specialty_code", "competence"], ["specialty_code", "competence"]),
    "employment_statuses.csv": (
        ["status_code", "label_ru", "status_group", "sort_order", "official_wording"],
        ["status_code"],
    ),
    "employment_status_synonyms.csv": (["status_code", "synonym"], ["synonym"]),
    "medals.csv": (["medal", "label_ru", "points", "sort_order"], ["medal"]),
    "demo_exam_grades.csv": (["grade", "label_ru", "min_pct", "max_pct"], ["grade"]),
    "roadmap_statuses.csv": (["status", "label_ru", "sort_order", "is_closed"], ["status"]),
    "kpi_indicators.csv": (
        ["indicator_code", "name_ru", "formula_ru", "sort_order", "weight_v1"],
        ["indicator_code"],
    ),
    "expert_rating_points.csv": (["kind", "code", "points", "label_ru", "sort_order"], ["kind", "code"]),
}


def fold(text: str) -> str:
    """Case- and ё/е-insensitive form, whitespace collapsed (how status wordings are matched)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def read(name: str) -> list[dict[str, str]]:
    raw = (SEEDS / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} must be UTF-8 without BOM"
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(name: str) -> list[str]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


@pytest.mark.parametrize("name", sorted(FILES))
def test_header_and_rows(name: str) -> None:
    expected, _ = FILES[name]
    assert header(name) == expected
    rows = read(name)
    assert rows, f"{name} is empty"
    for row in rows:
        assert None not in row, f"{name}: row with too many fields: {row}"
        assert all(v is not None for v in row.values()), f"{name}: row with too few fields: {row}"


@pytest.mark.parametrize("name", sorted(FILES))
def test_keys_unique_and_non_empty(name: str) -> None:
    _, key = FILES[name]
    rows = read(name)
    keys = []
    for row in rows:
        values = tuple(row[k].strip() for k in key)
        assert all(values), f"{name}: empty key in {row}"
        assert all(row[k] == row[k].strip() for k in key), f"{name}: key with spaces in {row}"
        keys.append(tuple(fold(v) for v in values))
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"{name}: duplicate keys {duplicates}"


def test_ugs_codes() -> None:
    for row in read("ugs.csv"):
        assert re.fullmatch(r"\d{2}\.00\.00", row["ugs_code"]), row
        assert row["ugs_name"].strip(), row


def test_specialties() -> None:
    ugs = {row["ugs_code"] for row in read("ugs.csv")}
    rows = read("specialties.csv")
    assert 60 <= len(rows) <= 90
    kinds = set()
    for row in rows:
        code = row["specialty_code"]
        assert re.fullmatch(r"\d{2}\.0[12]\.\d{2}", code), row
        expected_kind = {"01": "profession", "02": "specialty"}[code[3:5]]
        assert row["kind"] == expected_kind, row
        kinds.add(row["kind"])
        assert row["ugs_code"] in ugs, row
        assert row["ugs_code"] == code[:2] + ".00.00", row
        assert row["name"].strip() and row["source"].strip(), row
    assert kinds == {"profession", "specialty"}
    # every УГС is used by some specialty
    assert ugs == {row["ugs_code"] for row in rows}


def test_competences() -> None:
    rows = read("competences.csv")
    codes = []
    for row in rows:
        assert row["block"] in ALLOWED_BLOCKS, row
        assert row["source"].strip(), row
        if row["competence_code"]:
            assert re.fullmatch(r"\d{2}", row["competence_code"]), row
            codes.append(row["competence_code"])
    assert len(codes) == len(set(codes)), "a WorldSkills skill number is used twice"
    named = {row["competence"]: row["competence_code"] for row in rows}
    assert named["Сварочные технологии"] == "10"
    assert named["Электромонтаж"] == "18"
    assert named["Поварское дело"] == "34"


def test_specialty_competences_refs() -> None:
    specialties = {row["specialty_code"] for row in read("specialties.csv")}
    competences = {row["competence"] for row in read("competences.csv")}
    rows = read("specialty_competences.csv")
    for row in rows:
        assert row["specialty_code"] in specialties, row
        assert row["competence"] in competences, row
    assert ("15.01.05", "Сварочные технологии") in {(r["specialty_code"], r["competence"]) for r in rows}


def test_employment_statuses() -> None:
    rows = read("employment_statuses.csv")
    assert {row["status_code"]: row["status_group"] for row in rows} == STATUS_GROUPS
    assert len(rows) == 17
    orders = [int(row["sort_order"]) for row in rows]
    assert len(set(orders)) == len(orders)
    for row in rows:
        assert row["label_ru"].strip() and row["official_wording"].strip(), row
    labels = {row["status_code"]: row["label_ru"] for row in rows}
    assert labels["employed"] == "Трудоустроен"
    assert labels["other"] == "Иное"


def test_employment_status_groups_are_the_ones_k1_names() -> None:
    from mart.read import indicators

    groups = {row["status_group"] for row in read("employment_statuses.csv")}
    assert groups == set(indicators.GROUPS)
    employed = {code for code, group in STATUS_GROUPS.items() if group == indicators.EMPLOYED}
    excused = {code for code, group in STATUS_GROUPS.items() if group == indicators.EXCUSED}
    assert employed == {"employed", "entrepreneur", "self_employed"}
    assert excused == {"army_conscript", "army_contract", "continuing_education", "parental_leave"}


def test_employment_status_synonyms() -> None:
    statuses = read("employment_statuses.csv")
    codes = {row["status_code"] for row in statuses}
    label_of = {fold(row["label_ru"]): row["status_code"] for row in statuses}
    meaning: dict[str, str] = {}
    for row in read("employment_status_synonyms.csv"):
        assert row["status_code"] in codes, row
        key = fold(row["synonym"])
        assert key, row
        assert meaning.setdefault(key, row["status_code"]) == row["status_code"], (
            f"synonym {row['synonym']!r} maps to {meaning[key]} and {row['status_code']}"
        )
        assert label_of.get(key, row["status_code"]) == row["status_code"], (
            f"synonym {row['synonym']!r} of {row['status_code']} is the label of {label_of[key]}"
        )
    # each status is reachable by its label and its official wording
    for row in statuses:
        assert meaning.get(fold(row["label_ru"])) == row["status_code"], row
        assert meaning.get(fold(row["official_wording"])) == row["status_code"], row


def test_medals() -> None:
    points = {row["medal"]: int(row["points"]) for row in read("medals.csv")}
    assert points == {"gold": 4, "silver": 3, "bronze": 2, "medallion": 1, "none": 0}


def test_demo_exam_grades_cover_0_to_100() -> None:
    rows = sorted(read("demo_exam_grades.csv"), key=lambda r: Decimal(r["min_pct"]))
    assert [int(r["grade"]) for r in rows] == [2, 3, 4, 5]
    assert Decimal(rows[0]["min_pct"]) == 0
    assert Decimal(rows[-1]["max_pct"]) == 100
    for row in rows:
        assert Decimal(row["min_pct"]) <= Decimal(row["max_pct"]), row
    for prev, nxt in itertools.pairwise(rows):
        # scores are rounded to 2 decimals: the next band starts one hundredth after the last
        assert Decimal(nxt["min_pct"]) - Decimal(prev["max_pct"]) == Decimal("0.01"), (prev, nxt)


def test_roadmap_statuses() -> None:
    closed = {row["status"]: row["is_closed"] for row in read("roadmap_statuses.csv")}
    assert closed == {"not_started": "false", "in_progress": "false", "done": "true", "cancelled": "true"}


def test_kpi_weights_sum_to_one() -> None:
    rows = read("kpi_indicators.csv")
    assert [row["indicator_code"] for row in rows] == ["K1", "K2", "K3", "K4", "K5", "K6"]
    assert math.isclose(sum(float(row["weight_v1"]) for row in rows), 1.0, abs_tol=1e-9)
    for row in rows:
        assert row["formula_ru"].strip(), row


def test_expert_rating_points_cover_every_certificate_and_role() -> None:
    from mart.intake.datasets import ENUMS

    rows = read("expert_rating_points.csv")
    for kind in ("certificate", "role"):
        of_kind = [row for row in rows if row["kind"] == kind]
        assert {row["code"] for row in of_kind} == set(ENUMS[kind]), kind
        assert sorted(int(row["sort_order"]) for row in of_kind) == list(range(1, len(of_kind) + 1)), kind
    assert {row["kind"] for row in rows} == {"certificate", "role"}
    points = {(row["kind"], row["code"]): int(row["points"]) for row in rows}
    assert points == {
        ("certificate", "certified_expert"): 20,
        ("certificate", "demo_exam_expert"): 10,
        ("certificate", "regional_expert"): 5,
        ("role", "chief_expert"): 10,
        ("role", "deputy_chief_expert"): 6,
        ("role", "expert"): 4,
        ("role", "compatriot_expert"): 4,
        ("role", "demo_exam_expert"): 2,
    }
