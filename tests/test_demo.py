"""The demo data generator (mart/demo/generator.py): determinism, shapes, volumes and cross-references.

Reads only the repository's files: the generator's output, decoded the way an office would have
written it (cp1251 or UTF-8 with or without BOM, `;` or `,`, .xlsx), and the seeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl
import pytest

from mart.demo import generator as demo

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
YEARS = {str(y) for y in range(2019, 2026)}
NOT_AFTER = dt.date(2026, 7, 1)
TODAY = dt.date(2026, 11, 26)
LATE_2026 = {"POO-01", "POO-07"}  # colleges that have not sent their admission report of 2026

KEYS = {
    "institutions": ("inst_code",),
    "graduates": ("inst_code", "graduation_year", "graduate_id"),
    "admissions": ("year", "inst_code", "specialty_code", "study_form", "base_education"),
    "kcp_proposals": ("admission_year", "specialty_code", "proposed_by"),
    "kcp_totals": ("admission_year", "specialty_code", "study_form"),
    "kcp_competition": ("admission_year", "inst_code", "specialty_code", "study_form"),
    "demo_exams": ("year", "inst_code", "student_id"),
    "experts": ("expert_id", "competence", "certificate"),
    "expert_events": ("expert_id", "year", "event", "competence", "role"),
    "championship_results": ("year", "event", "competence", "participant_id"),
    "roadmap_status": ("item_code", "status_date"),
}
YES, NO = {"да", "yes"}, {"нет", "no"}


def _seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _decode(f: demo.DemoFile) -> tuple[list[str], list[dict[str, str]], str]:
    """(header, rows as text, how it was encoded)."""
    if f.file_name.endswith(".xlsx"):
        df = pl.read_excel(io.BytesIO(f.content), sheet_name="Данные")
        rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in df.iter_rows(named=True)]
        return df.columns, rows, "xlsx"
    if f.content.startswith(b"\xef\xbb\xbf"):
        text, enc = f.content.decode("utf-8-sig"), "utf-8-sig"
    else:
        try:
            text, enc = f.content.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = f.content.decode("cp1251"), "cp1251"
    first = text.split("\r\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = next(reader)
    rows = [dict(zip(header, r, strict=True)) for r in reader]
    return header, rows, f"{enc}{delim}"


def _date(s: str) -> dt.date:
    return dt.datetime.strptime(s, "%d.%m.%Y").date() if "." in s else dt.date.fromisoformat(s)


def _num(s: str) -> float:
    return float(s.replace(",", "."))


@pytest.fixture(scope="module")
def files() -> list[demo.DemoFile]:
    return demo.generate()


@pytest.fixture(scope="module")
def decoded(files) -> list[tuple[demo.DemoFile, list[str], list[dict[str, str]], str]]:
    # the federal monitoring forms are not tables with a header row: test_demo_forms reads them
    return [(f, *_decode(f)) for f in files if f.dataset != "employment_form"]


@pytest.fixture(scope="module")
def tables(decoded) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    labels = {r["label_ru"]: r["status_code"] for r in _seed("employment_statuses.csv")}
    for f, _, rows, _ in decoded:
        for r in rows:
            if f.dataset == "graduates":
                r = {**r, "status": labels.get(r["status"], r["status"])}
            out[f.dataset].append(r)
    return out


def test_deterministic(files):
    assert demo.generate() == files


def test_same_bytes_in_another_process(files):
    """No dependence on hash randomisation (set order) or the clock."""
    code = (
        "import hashlib; from mart.demo import generator as demo; h = hashlib.sha256()\n"
        "for f in demo.generate(): h.update(repr((f.dataset, f.file_name, f.inst_code, f.mode)).encode()); "
        "h.update(f.content)\n"
        "print(h.hexdigest())"
    )
    h = hashlib.sha256()
    for f in files:
        h.update(repr((f.dataset, f.file_name, f.inst_code, f.mode)).encode())
        h.update(f.content)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == h.hexdigest()


def test_load_order_modes_and_bindings(files):
    order = [demo.DATASETS.index(f.dataset) for f in files]
    assert order == sorted(order)
    assert {f.dataset for f in files} == set(demo.DATASETS)
    assert list(demo.DATASETS) == [
        "institutions",
        "roadmap_status",
        "experts",
        "expert_events",
        "championship_results",
        "kcp_proposals",
        "kcp_totals",
        "kcp_competition",
        "admissions",
        "graduates",
        "employment_form",
        "demo_exams",
    ]
    assert len({f.file_name for f in files}) == len(files)
    for f in files:
        per_year = f.dataset in ("expert_events", "championship_results", "employment_form")
        assert f.mode == ("replace" if per_year else "upsert"), f.file_name
        assert (f.year is not None) == (f.dataset == "employment_form"), f.file_name
        college_file = f.dataset in ("admissions", "graduates", "demo_exams", "employment_form")
        assert (f.inst_code is not None) == college_file, f.file_name
        if college_file:
            assert f.inst_code in f.file_name
    counts = Counter(f.dataset for f in files)
    assert counts["graduates"] == counts["admissions"] == 19
    assert counts["expert_events"] == counts["championship_results"] == 7
    assert counts["employment_form"] == len(demo.FORM_ONLY) + len(demo.FORM_AND_ROWS)


def test_demo_forms(files, tables):
    """Some college-years come as the federal form instead of per-graduate rows, one both ways."""
    from mart.intake import fedform

    forms = {(f.inst_code, f.year): f for f in files if f.dataset == "employment_form"}
    assert set(forms) == set(demo.FORM_ONLY) | set(demo.FORM_AND_ROWS)
    rows = Counter((r["inst_code"], int(r["graduation_year"])) for r in tables["graduates"])
    for key, f in forms.items():
        table = fedform.read_form(f.content, f.file_name)
        assert table.meta["errors"] == [] and table.meta["title_year"] == f.year, f.file_name
        assert table.meta["number_row"] == 8
        assert (rows[key] > 0) == (key in demo.FORM_AND_ROWS), key  # form-only years have no rows
        total = sum(
            int(v)
            for s, r, c, v in table.rows.select("c0", "c1", "c2", "c3").iter_rows()
            if r == "1" and c == "7"
        )
        if key in demo.FORM_AND_ROWS:
            assert total == rows[key]  # the same graduates as the per-graduate rows


def test_headers_and_formats(decoded):
    kinds = Counter()
    for f, header, rows, how in decoded:
        assert header == list(demo.COLUMNS[f.dataset]), f.file_name
        assert rows, f.file_name
        kinds[how] += 1
        if how == "xlsx":
            df = pl.read_excel(io.BytesIO(f.content), sheet_name="Данные")
            assert df.schema["kcp_plan"].is_integer() and df.schema["year"].is_integer()
        if how.startswith("cp1251") and f.dataset == "graduates":
            assert any(r["status"] == "Трудоустроен" for r in rows)
    assert 2 <= kinds["xlsx"] <= 3
    assert kinds["cp1251;"] >= 10
    assert kinds["utf-8-sig;"] >= 6
    assert kinds["utf-8,"] >= 20


def test_keys_unique_across_files(tables):
    for dataset, key in KEYS.items():
        seen = Counter(tuple(r[k] for k in key) for r in tables[dataset])
        dupes = [k for k, n in seen.items() if n > 1]
        assert not dupes, f"{dataset}: {dupes[:3]}"


def test_institutions(tables):
    rows = tables["institutions"]
    kinds = Counter(r["kind"] for r in rows)
    assert kinds == {"ПОО": 19, "ОВО": 3}
    assert [r["inst_code"] for r in rows if r["kind"] == "ПОО"] == [f"POO-{i:02d}" for i in range(1, 20)]
    assert [r["inst_code"] for r in rows if r["kind"] == "ОВО"] == ["OVO-01", "OVO-02", "OVO-03"]
    for r in rows:
        assert "Демо" in r["short_name"] and "вымышленная" in r["full_name"]
        assert r["municipality"] and len(r["director"].split()) == 3


def test_every_college_file_holds_only_its_own_rows(decoded):
    for f, _, rows, _ in decoded:
        if f.inst_code:
            assert {r["inst_code"] for r in rows} == {f.inst_code}, f.file_name


def test_graduates(tables):
    rows = tables["graduates"]
    per_year = Counter(r["graduation_year"] for r in rows)
    assert set(per_year) == YEARS
    assert all(5000 <= n <= 6000 for n in per_year.values()), per_year
    assert all(r["inst_code"].startswith("POO-") for r in rows)
    codes = {r["status_code"] for r in _seed("employment_statuses.csv")}
    assert {r["status"] for r in rows} <= codes
    for r in rows:
        if r["status"] == "employed":
            assert r["by_specialty"] in YES | NO and r["retained_4m"] in YES | NO, r
        else:
            assert r["by_specialty"] == "" and r["retained_4m"] == "", r
        assert _date(r["status_date"]) < NOT_AFTER
        assert "-" in r["graduate_id"] and not any(ch.isspace() for ch in r["graduate_id"])
    employed = [r for r in rows if r["status"] == "employed"]
    by_spec = sum(r["by_specialty"] in YES for r in employed) / len(employed)
    retained = sum(r["retained_4m"] in YES for r in employed) / len(employed)
    assert 0.6 <= by_spec <= 0.8 and 0.7 <= retained <= 0.8
    shares = Counter(r["status"] for r in rows)
    total = sum(shares.values())
    assert 0.45 <= shares["employed"] / total <= 0.65
    assert 0.10 <= shares["army_conscript"] / total <= 0.18


def test_other_exceeds_one_in_200_in_one_or_two_college_years(tables):
    per = defaultdict(Counter)
    for r in tables["graduates"]:
        per[(r["inst_code"], r["graduation_year"])][r["status"]] += 1
    over = [k for k, c in per.items() if c["other"] * 200 > c.total()]
    assert 1 <= len(over) <= 2, over


def test_admissions(tables):
    rows = tables["admissions"]
    kcp = Counter()
    for r in rows:
        plan, enrolled = int(r["kcp_plan"]), int(r["enrolled"])
        assert plan >= 0 and enrolled >= 0
        kcp[r["year"]] += plan
    assert set(kcp) == YEARS | {"2026"}
    assert all(3500 <= n <= 3900 for y, n in kcp.items() if y in YEARS), kcp
    assert kcp["2021"] == 3715 and kcp["2022"] == 3790
    # 2026: the autumn admission is reported by every college but the two late ones
    colleges = {r["inst_code"] for r in rows}
    assert {r["inst_code"] for r in rows if r["year"] == "2026"} == colleges - LATE_2026
    assert 3000 <= kcp["2026"] < 3870
    fill = sum(int(r["enrolled"]) for r in rows) / sum(int(r["kcp_plan"]) for r in rows)
    assert 0.85 <= fill <= 1.0


def _int(s: str) -> int:
    return int(s) if s else 0


def test_kcp_cycle_is_consistent(tables):
    """Proposals, approved totals, the competition and admissions tell one story for 2019–2026."""
    form = {"": "full_time", "очная": "full_time", "заочная": "part_time"}
    approved = {
        (r["admission_year"], r["specialty_code"], form[r["study_form"]]): int(r["places"])
        for r in tables["kcp_totals"]
    }
    awarded = Counter()
    award_of = {}
    for r in tables["kcp_competition"]:
        key = (r["admission_year"], r["specialty_code"], form[r["study_form"]])
        awarded[key] += int(r["awarded_places"])
        assert int(r["bid_places"]) >= int(r["awarded_places"]) > 0
        award_of[(r["admission_year"], r["inst_code"], *key[1:])] = int(r["awarded_places"])
    assert {y for y, _, _ in awarded} == YEARS | {"2026"}
    assert all(awarded[k] <= approved[k] for k in awarded), "awards above the approved total"
    assert set(approved) == set(awarded)
    proposed = {r["admission_year"] for r in tables["kcp_proposals"]}
    assert proposed == YEARS | {"2026", "2027"}
    assert all(int(r["places"]) > 0 for r in tables["kcp_proposals"])
    plan = Counter()
    differs = Counter()
    for r in tables["admissions"]:
        assert (
            _int(r["enrolled_target"]) <= int(r["enrolled"]) <= _int(r["applications"])
            or int(r["enrolled"]) == 0
        )
        plan[(r["year"], r["inst_code"], r["specialty_code"], form[r["study_form"]])] += int(r["kcp_plan"])
    # 2026: places awarded; every college but the two late ones has reported its admission
    assert set(plan) == {k for k in award_of if k[0] in YEARS or k[1] not in LATE_2026}
    for key, places in award_of.items():
        if key not in plan:
            continue
        differs[key[0]] += plan[key] != places
    assert 1 <= sum(differs.values()) <= 16 and max(differs.values()) <= 4, differs
    # the colleges' КЦП of a year add up to the region's figures (3 715 in 2021, 3 790 in 2022)
    assert sum(v for (y, *_), v in award_of.items() if y == "2021") == 3715


def test_admissions_match_graduates(tables):
    """A cohort's budget and paid students, less drop-outs, are the graduates d years later."""
    admitted = Counter()
    kinds = {r["specialty_code"]: r["kind"] for r in _seed("specialties.csv")}
    for r in tables["admissions"]:
        if r["study_form"] in ("", "очная"):
            d = 3 if kinds[r["specialty_code"]] == "profession" else 4
            admitted[(r["inst_code"], r["specialty_code"], str(int(r["year"]) + d))] += int(
                r["enrolled"]
            ) + int(r["enrolled_paid"])
    graduated = Counter(
        (r["inst_code"], r["specialty_code"], r["graduation_year"]) for r in tables["graduates"]
    )
    pairs = [(admitted[k], graduated[k]) for k in admitted if k[2] in YEARS]
    assert len(pairs) > 200
    assert all(g <= a for a, g in pairs)
    assert 0.78 <= sum(g for _, g in pairs) / sum(a for a, _ in pairs) <= 0.9


def test_codes_exist_in_seeds(tables):
    specialties = {r["specialty_code"] for r in _seed("specialties.csv")}
    competences = {r["competence"] for r in _seed("competences.csv")}
    spec_comps = {(r["specialty_code"], r["competence"]) for r in _seed("specialty_competences.csv")}
    for dataset in ("graduates", "admissions", "demo_exams"):
        assert {r["specialty_code"] for r in tables[dataset]} <= specialties, dataset
    for dataset in ("demo_exams", "experts", "expert_events", "championship_results"):
        assert {r["competence"] for r in tables[dataset]} <= competences, dataset
    assert {(r["specialty_code"], r["competence"]) for r in tables["demo_exams"]} <= spec_comps
    # a college's admissions, graduates and exams are in the same specialties
    by = {d: {(r["inst_code"], r["specialty_code"]) for r in tables[d]} for d in ("graduates", "admissions")}
    assert by["graduates"] == by["admissions"]
    assert {(r["inst_code"], r["specialty_code"]) for r in tables["demo_exams"]} <= by["graduates"]


def test_demo_exams(tables):
    rows = tables["demo_exams"]
    per_year = Counter(r["year"] for r in rows)
    assert set(per_year) == YEARS
    assert 400 <= per_year["2019"] <= 800 and 2500 <= per_year["2025"] <= 3500
    assert [per_year[str(y)] for y in range(2019, 2026)] == sorted(per_year.values())
    good = total = 0
    credited = Counter()
    for r in rows:
        if r["credited"] in YES:
            assert r["score_pct"] == "" and r["grade"] == "5", r
            credited[r["year"]] += 1
            continue
        assert r["credited"] in NO | {""}
        score = _num(r["score_pct"])
        assert 0 <= score <= 100 and len(r["score_pct"].replace(",", ".").split(".")[1]) == 2
        grade = 2 if score < 20 else 3 if score < 40 else 4 if score < 70 else 5
        assert r["grade"] in ("", str(grade)), r
        total += 1
        good += grade >= 4
    assert 0.55 <= good / total <= 0.70
    assert all(10 <= n <= 60 for n in credited.values()) and set(credited) == YEARS
    assert sum(r["grade"] == "" for r in rows) > len(rows) / 2


def test_championships(tables):
    rows = tables["championship_results"]
    assert {r["year"] for r in rows} == YEARS
    regional = Counter(r["year"] for r in rows if r["level"] == "regional" and r["age_group"] == "main")
    assert all(150 <= n <= 260 for n in regional.values()), regional
    assert regional["2020"] < 200
    comps = defaultdict(set)
    for r in rows:
        if r["level"] == "regional" and r["age_group"] == "main":
            comps[r["year"]].add(r["competence"])
    assert all(35 <= len(c) <= 42 for c in comps.values())
    assert {r["level"] for r in rows} == {"regional", "national", "corporate"}
    assert {r["age_group"] for r in rows} == {"main", "juniors", "50plus"}
    names = {}
    groups = defaultdict(list)
    for r in rows:
        assert 0 <= _num(r["score"]) <= 100
        assert names.setdefault(r["participant_id"], r["participant_name"]) == r["participant_name"]
        assert len(r["participant_name"].split()) == 3
        if r["age_group"] == "juniors" or r["level"] == "corporate":
            assert r["inst_code"] == "" and r["organization"], r
        groups[(r["year"], r["event"], r["age_group"], r["competence"])].append(r)
    for key, group in groups.items():
        if "Финал" in key[1]:
            continue
        group.sort(key=lambda r: -_num(r["score"]))
        for rank, r in enumerate(group):
            score = _num(r["score"])
            want = ("gold", "silver", "bronze")[rank] if rank < 3 else "medallion" if score >= 70 else "none"
            assert r["medal"] == want, (key, r)
    # national finalists are that year's regional champions
    golds = {
        (r["year"], r["participant_id"]) for r in rows if r["level"] == "regional" and r["medal"] == "gold"
    }
    finalists = [(r["year"], r["participant_id"]) for r in rows if r["level"] == "national"]
    assert finalists and set(finalists) <= golds
    # participant ids are stable across years: some people come back
    years_of = defaultdict(set)
    for r in rows:
        years_of[r["participant_id"]].add(r["year"])
    assert sum(len(y) > 1 for y in years_of.values()) >= 20


def test_experts(tables):
    rows = tables["experts"]
    ids = {r["expert_id"] for r in rows}
    assert 250 <= len(ids) <= 350
    per = defaultdict(list)
    for r in rows:
        assert r["certificate"] in {"certified_expert", "demo_exam_expert", "regional_expert"}
        a, b = _date(r["valid_from"]), _date(r["valid_to"])
        assert dt.date(2018, 1, 1) <= a <= b <= dt.date(2028, 12, 31) and a < NOT_AFTER
        per[r["expert_id"]].append(r)
    for certs in per.values():
        assert 1 <= len(certs) <= 3 and 1 <= len({r["competence"] for r in certs}) <= 2
    employers = {r["expert_id"] for r in rows if not r["inst_code"]}
    assert all("вымышленная" in r["organization"] for r in rows if not r["inst_code"])
    assert 0.15 <= len(employers) / len(ids) <= 0.35
    ends = [_date(r["valid_to"]) for r in rows]
    assert sum(TODAY <= d <= TODAY + dt.timedelta(days=90) for d in ends) >= 5
    assert sum(d < TODAY for d in ends) >= 50


def test_expert_events(tables):
    certs = defaultdict(list)
    for r in tables["experts"]:
        certs[(r["expert_id"], r["competence"], r["certificate"])].append(
            (_date(r["valid_from"]), _date(r["valid_to"]))
        )
    experts = {r["expert_id"] for r in tables["experts"]}
    rows = tables["expert_events"]
    assert {r["expert_id"] for r in rows} <= experts
    champ_events = {
        (r["year"], r["event"]) for r in tables["championship_results"] if r["level"] == "regional"
    }
    champ_comps = {
        (r["year"], r["event"], r["competence"])
        for r in tables["championship_results"]
        if r["level"] == "regional" and r["age_group"] == "main"
    }
    chiefs = Counter()
    for r in rows:
        if r["role"] == "demo_exam_expert":
            assert r["event"] == f"Демонстрационный экзамен {r['year']}"
            continue
        assert (r["year"], r["event"]) in champ_events, r
        assert (r["year"], r["event"], r["competence"]) in champ_comps, r
        if r["role"] == "chief_expert":
            chiefs[(r["year"], r["event"], r["competence"])] += 1
            periods = certs.get((r["expert_id"], r["competence"], "certified_expert"))
            assert periods, r
            day = dt.date(int(r["year"]), 11, 1)
            assert any(a <= day <= b for a, b in periods), r
    assert set(chiefs) == champ_comps and set(chiefs.values()) == {1}
    assert {r["role"] for r in rows} == {
        "chief_expert",
        "deputy_chief_expert",
        "expert",
        "compatriot_expert",
        "demo_exam_expert",
    }


def test_roadmap_status(tables):
    items = {r["item_code"]: r for r in _seed("roadmap_items.csv")}
    rows = tables["roadmap_status"]
    assert {r["item_code"] for r in rows} == set(items)
    by_item = defaultdict(list)
    for r in rows:
        d = _date(r["status_date"])
        assert dt.date(2019, 9, 1) <= d <= dt.date(2026, 6, 30)
        assert r["status"] in {"not_started", "in_progress", "done", "cancelled"}
        pct = int(r["progress_pct"])
        assert 0 <= pct <= 100 and (r["status"] != "done" or pct == 100)
        by_item[r["item_code"]].append((d, r))
    rank = {"not_started": 0, "in_progress": 1, "done": 2, "cancelled": 2}
    last = {}
    for code, reports in by_item.items():
        reports.sort(key=lambda x: x[0])
        statuses = [r["status"] for _, r in reports]
        assert [rank[s] for s in statuses] == sorted(rank[s] for s in statuses), code
        if items[code]["is_ongoing"] == "true":
            assert set(statuses) == {"in_progress"} and len(statuses) >= 5
        else:
            assert 1 <= len(statuses) <= 4
        last[code] = reports[-1][1]["status"]
    finals = Counter(last.values())
    assert finals["cancelled"] == 1
    overdue = [
        c for c, s in last.items() if items[c]["is_ongoing"] != "true" and s in ("not_started", "in_progress")
    ]
    assert 6 <= len(overdue) <= 10
    assert all(r["evidence"].endswith("(демо)") for r in rows if r["status"] == "done")
