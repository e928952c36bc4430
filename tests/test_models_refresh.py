"""Stored models refreshed by slice after each write equal a build from scratch.

A fresh mart gets part of the demo region through the ingestion path (every write refreshes only
the slices it touched), then corrections: a new year, a replacement that retires rows, revocations,
an institution that changes kind (felt by every year), renamed experts. Every ``materialized:
table`` model, present and future, must then hold exactly what its SQL computes from scratch.
"""

from __future__ import annotations

import json

import pytest

from mart.access.rules import Access
from mart.demo import generator as demo
from mart.demo import load as demo_load
from mart.intake import ingest
from mart.platform import build, db, models
from tests.conftest import college_next_year_files

OPERATOR = Access(role="operator", login="test")
KEEP = (
    "demo_institutions.csv",
    "demo_roadmap_status.csv",
    "demo_experts.csv",
    "demo_expert_events_2025.csv",
    "demo_championship_results_2025.csv",
    "demo_kcp_proposals.csv",
    "demo_kcp_totals.csv",
    "demo_kcp_competition.csv",
    "demo_admissions_POO-02.csv",
    *(f"demo_{d}_POO-{n:02d}.csv" for d in ("admissions", "graduates", "demo_exams") for n in (3, 11)),
    "demo_employment_form_POO-11_2020.xlsx",
)
STAFFING = ("demo_employers.csv", "demo_investment_projects.xlsx", "demo_employer_survey_2025.csv")


@pytest.fixture
def fresh(mart_env, tmp_path):
    """A connection to a new mart (migrations, seeds, empty models), written without publishing."""
    con = db.prepare(__import__("duckdb").connect(str(tmp_path / "refresh.duckdb")))
    build.prepare_schema(con, build.BuildReport())
    models.build_models(con)
    yield con
    con.close()


def _load(con, dataset, data, name, *, mode="upsert", ctx=OPERATOR, options=None) -> int:
    result = ingest.load_into(con, ctx, dataset, data, name, mode=mode, options=options)
    assert result.accepted, result.errors.head(5).to_dicts()
    return result.batch_id


def _differences(con) -> dict[str, tuple[int, int]]:
    """Per stored model: rows only in the table, rows only in a computation from scratch."""
    found = {}
    for m in models.discover():
        if m.materialized != "table":
            continue
        fresh_sql = f"select * from (\n{m.sql}\n)"
        extra = _count(con, f"select * from {m.name} except all {fresh_sql}")
        missing = _count(con, f"{fresh_sql} except all select * from {m.name}")
        if extra or missing:
            found[m.name] = (extra, missing)
    return found


def _count(con, query: str) -> int:
    return con.sql(f"select count(*) from ({query})").fetchall()[0][0]


def _replace_line(data: bytes, encoding: str, key: str, old: str, new: str) -> bytes:
    text = data.decode(encoding)
    lines = text.splitlines(keepends=True)
    out = [lines[0]] + [line.replace(old, new) for line in lines[1:] if line.startswith(key)]
    return "".join(out).encode(encoding)


def test_sliced_refreshes_equal_a_build_from_scratch(fresh):
    con = fresh
    files = {f.file_name: f for f in demo.generate()}
    batches = {}
    for name in KEEP:
        f = files[name]
        ctx = Access(role="operator", login="test", inst_code=f.inst_code)
        options = {"year": f.year} if f.year is not None else None
        batches[name] = _load(con, f.dataset, f.content, f.file_name, mode=f.mode, ctx=ctx, options=options)
    for f in (f for f in demo_load._staffing_files() if f.file_name in STAFFING):
        batches[f.file_name] = _load(con, f.dataset, f.content, f.file_name, mode=f.mode)
    assert con.sql("select count(*) from kpi_values").fetchall()[0][0] > 0
    assert _differences(con) == {}

    # a college's next year, then a replacement of it that retires 30 of its 40 graduates
    college = Access(role="institution", login="x", inst_code="POO-07")
    for dataset, data in college_next_year_files().items():
        _load(con, dataset, data, f"{dataset}_2026.csv", ctx=college)
    grads = college_next_year_files(n=10)["graduates"]
    replaced = _load(con, "graduates", grads, "graduates_2026_fix.csv", mode="replace", ctx=college)
    assert con.sql(
        "select count(*) from graduates where inst_code = 'POO-07' and graduation_year = 2026"
    ).fetchall() == [(10,)]

    # revocations: the replacement (the 40 come back) and a college's admissions
    ingest.revoke_into(con, OPERATOR, replaced)
    ingest.revoke_into(con, OPERATOR, batches["demo_admissions_POO-02.csv"])
    assert con.sql(
        "select count(*) from graduates where inst_code = 'POO-07' and graduation_year = 2026"
    ).fetchall() == [(40,)]
    assert _differences(con) == {}  # before a change that refreshes the KPI in full

    # a college becomes a university: it leaves the KPI of every year
    inst = files["demo_institutions.csv"]
    changed = _replace_line(inst.content, "utf-8", "POO-03", ",ПОО,", ",ОВО,")
    assert ",ОВО," in changed.decode("utf-8")
    _load(con, "institutions", changed, "institutions_fix.csv")
    assert con.sql("select count(*) from kpi_values where inst_code = 'POO-03'").fetchall() == [(0,)]
    # experts whose certificates end earlier: K6 of the years they covered
    experts = files["demo_experts.csv"].content.decode("utf-8-sig").splitlines()
    cols = experts[0].split(";")
    edited = []
    for line in experts[1:]:
        cells = line.split(";")
        if cells[cols.index("inst_code")] and len(edited) < 5:
            cells[cols.index("valid_to")] = cells[cols.index("valid_from")]
            edited.append(";".join(cells))
    _load(con, "experts", ("\n".join([experts[0], *edited]) + "\n").encode("utf-8"), "experts_fix.csv")
    assert _differences(con) == {}


def test_a_write_touches_only_the_models_its_dataset_feeds_and_only_its_years(fresh):
    con = fresh
    files = {f.file_name: f for f in demo.generate()}
    _load(con, "institutions", files["demo_institutions.csv"].content, "demo_institutions.csv")
    other = files["demo_graduates_POO-03.csv"]  # the slices a write leaves alone
    _load(
        con,
        "graduates",
        other.content,
        other.file_name,
        ctx=Access(role="operator", login="t", inst_code="POO-03"),
    )
    college = Access(role="institution", login="x", inst_code="POO-07")
    bid = _load(con, "graduates", college_next_year_files()["graduates"], "g.csv", ctx=college)

    touched = models.plan(con, models.Changes.of_batch("graduates", bid, ingest.LOG_TABLES))
    stored = {m.name for m in models.discover() if m.materialized == "table"}
    assert touched["stg_graduates"] == models.Slices(("inst_code", "year"), frozenset({("POO-07", 2026)}))
    assert touched["kpi_values"] == models.Slices(("year",), frozenset({(2026,)}))
    assert touched["staffing_graduate_counts"] == models.Slices(
        ("inst_code", "year"), frozenset({("POO-07", 2026)})
    )
    # graduates feed neither admissions, employers' needs nor the roadmap
    untouched = stored - set(touched)
    assert {"stg_admissions", "staffing_cohorts", "employer_needs", "roadmap_items"} <= untouched

    done = {r.model: r for r in models.refresh_tables(con, models.Changes.of_batch("graduates", bid))}
    assert done["kpi_values"].slices == 1
    assert "stg_admissions" not in done and "roadmap_items" not in done
    # the slice is a filter the scans see (below the window over every stored version)
    m = next(m for m in models.discover() if m.name == "stg_graduates")
    where = models.slice_filter(m, touched["stg_graduates"])
    assert where == "inst_code in ('POO-07') and graduation_year in (2026)"
    filters = _scan_filters(con, f"select * from (\n{m.sql}\n) where {where}")
    assert "graduation_year = 2026" in filters["raw.graduates"], filters
    assert "POO-07" in filters["raw.graduates"], filters


def _scan_filters(con, query: str) -> dict[str, str]:
    """The filters each table scan of the query's plan applies (EXPLAIN as JSON)."""
    found: dict[str, str] = {}

    def walk(node: dict) -> None:
        info = node.get("extra_info", {})
        if node.get("name") == "SEQ_SCAN":
            table = ".".join(info["Table"].replace('"', "").split(".")[-2:])
            filters = info.get("Filters", "")
            found[table] = " ".join(filters) if isinstance(filters, list) else filters
        for child in node.get("children", []):
            walk(child)

    for root in json.loads(con.sql(f"explain (format json) {query}").fetchall()[0][1]):
        walk(root)
    return found


def test_a_slice_must_be_a_key_column(tmp_path):
    (tmp_path / "staging").mkdir()
    (tmp_path / "marts").mkdir()
    (tmp_path / "marts" / "m.sql").write_text(
        "-- grain: g\n-- key: a, b\n-- materialized: table\n-- slice: c\nselect 1 as a, 2 as b, 3 as c\n"
    )
    with pytest.raises(models.ModelError, match="slice column c"):
        models.discover(tmp_path)
    (tmp_path / "marts" / "m.sql").write_text(
        "-- grain: g\n-- key: a, b\n-- materialized: table\n-- slice: b as year, a\nselect 1 as a, 2 as b\n"
    )
    (m,) = models.discover(tmp_path)
    assert m.slice == {"year": "b", "a": "a"}
    many = models.Slices(("year", "a"), frozenset((y, None if y == 2000 else "x") for y in range(2000, 2100)))
    assert models.slice_filter(m, many) == "b between 2000 and 2099 and (a in ('x') or a is null)"
