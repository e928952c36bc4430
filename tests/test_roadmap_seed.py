"""Checks of the roadmap seeds (decree No. 448 of 09.08.2019).

Reads only seeds/*.csv inside the repository, with the stdlib csv module.
"""

import calendar
import csv
from datetime import date
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent.parent / "seeds"

EXPECTED_COUNTS = {1: 9, 2: 7, 3: 4, 4: 5, 5: 14, 6: 6, 7: 7, 8: 5}
GROUP_CODES = {"", "1.1.1", "1.2", "1.3", "1.4", "5.1", "5.2", "6.1", "6.2", "6.3"}
NO_EXECUTOR = {"2.6", "2.7"}
SIGNED = "09.08.2019"
WINDOW = (date(2019, 1, 1), date(2020, 12, 31))

ITEM_COLUMNS = [
    "item_code",
    "section_no",
    "item_no",
    "section_title",
    "group_code",
    "group_title",
    "title",
    "key_result",
    "deadline_text",
    "start_date",
    "end_date",
    "is_ongoing",
    "responsible",
    "documents",
    "note",
]


def read(name):
    path = SEEDS / name
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} has a BOM"
    assert b"\r" not in raw, f"{name} must use LF line endings"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return reader.fieldnames, rows


@pytest.fixture(scope="module")
def items():
    header, rows = read("roadmap_items.csv")
    assert header == ITEM_COLUMNS
    return rows


@pytest.fixture(scope="module")
def executors():
    header, rows = read("roadmap_executors.csv")
    assert header == ["executor_code", "name_ru", "kind"]
    return rows


@pytest.fixture(scope="module")
def links():
    header, rows = read("roadmap_item_executors.csv")
    assert header == ["item_code", "executor_code", "note"]
    return rows


def by_code(items):
    return {r["item_code"]: r for r in items}


def test_57_measures(items):
    assert len(items) == 57


def test_8_sections_and_counts(items):
    counts = {}
    for r in items:
        counts[int(r["section_no"])] = counts.get(int(r["section_no"]), 0) + 1
    assert len(counts) == 8
    assert counts == EXPECTED_COUNTS


def test_item_code_unique_and_consistent(items):
    codes = [r["item_code"] for r in items]
    assert len(codes) == len(set(codes))
    for r in items:
        assert r["item_code"] == f"{int(r['section_no'])}.{int(r['item_no'])}"
    for s, n in EXPECTED_COUNTS.items():
        nums = sorted(int(r["item_no"]) for r in items if int(r["section_no"]) == s)
        assert nums == list(range(1, n + 1))


def test_required_text_fields(items):
    for r in items:
        for col in ("title", "key_result", "deadline_text"):
            assert r[col].strip(), (r["item_code"], col)
        assert r["is_ongoing"] in ("true", "false")


def test_deadlines_parsed_or_ongoing(items):
    for r in items:
        code = r["item_code"]
        if r["is_ongoing"] == "true":
            assert r["start_date"] == "" and r["end_date"] == "", code
            continue
        start = date.fromisoformat(r["start_date"])
        end = date.fromisoformat(r["end_date"])
        assert start <= end, code
        assert start.day == 1, code
        assert end.day == calendar.monthrange(end.year, end.month)[1], code


def test_dates_inside_window_or_flagged(items):
    for r in items:
        if r["is_ongoing"] == "true":
            continue
        start = date.fromisoformat(r["start_date"])
        end = date.fromisoformat(r["end_date"])
        if not (WINDOW[0] <= start and end <= WINDOW[1]):
            assert r["note"].strip(), f"{r['item_code']}: deadline outside 2019–2020 not flagged"
            assert str(start.year) in r["note"] or str(end.year) in r["note"], r["item_code"]


def test_early_deadlines_flag_signing_date(items):
    rows = by_code(items)
    for code in ("5.1", "5.2", "8.4"):
        assert SIGNED in rows[code]["note"], code
    assert rows["5.1"]["end_date"] < "2019-08-09"
    assert rows["5.2"]["end_date"] < "2019-08-09"
    assert rows["8.4"]["start_date"] == "2019-08-01"


def test_section_1_has_no_title_and_is_flagged(items):
    for r in items:
        if r["section_no"] == "1":
            assert r["section_title"] == ""
            assert "раздела 1" in r["note"]
        else:
            assert r["section_title"].strip(), r["item_code"]


def test_group_codes(items):
    for r in items:
        assert r["group_code"] in GROUP_CODES, r["item_code"]
        assert bool(r["group_code"]) == bool(r["group_title"]), r["item_code"]
        if r["group_code"]:
            assert r["group_code"].split(".")[0] == r["section_no"], r["item_code"]
    rows = by_code(items)
    assert [rows[f"1.{n}"]["group_code"] for n in (1, 2, 3)] == ["1.1.1"] * 3
    assert rows["1.4"]["group_code"] == "1.2"


def test_no_p_tags(items, executors, links):
    for rows in (items, executors, links):
        for r in rows:
            for k, v in r.items():
                assert "<p>" not in v and "</p>" not in v, (k, v)


def test_executor_codes_exist(executors, links):
    codes = [e["executor_code"] for e in executors]
    assert len(codes) == len(set(codes))
    for e in executors:
        assert e["kind"] in {"authority", "council", "institution", "centre", "employer"}
        assert e["name_ru"].strip()
    for link in links:
        assert link["executor_code"] in codes, link


def test_link_item_codes_exist(items, links):
    codes = {r["item_code"] for r in items}
    pairs = [(link["item_code"], link["executor_code"]) for link in links]
    assert len(pairs) == len(set(pairs))
    for code, _ in pairs:
        assert code in codes


def test_every_measure_has_executor_except_2_6_2_7(items, links):
    linked = {link["item_code"] for link in links}
    rows = by_code(items)
    for code in rows:
        if code in NO_EXECUTOR:
            assert code not in linked, code
            assert "исполнитель не указан" in rows[code]["note"], code
        else:
            assert code in linked, code


def test_known_oddities_flagged(items):
    rows = by_code(items)
    assert "ПОО" in rows["5.14"]["note"]
    for n in range(1, 5):
        assert "ОВО" in rows[f"6.{n}"]["note"]
    assert "ОО, ОО" in rows["4.1"]["note"]
    assert rows["7.5"]["key_result"].endswith("в апробации стандарта")
    assert not rows["7.6"]["key_result"].startswith("в апробации")
    assert "трехов" in rows["8.2"]["title"] and "трехов" in rows["8.2"]["note"]
    assert "технопарка" in rows["4.5"]["note"]
