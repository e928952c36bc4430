"""Data versions (issue 15, item 4): every write moves on the version of each thing it changes, and a
cached read is kept exactly while the data it reads stays the same."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import duckdb
import pytest

from mart.access.rules import Access
from mart.intake import collections, ingest
from mart.papers import brief
from mart.platform import config, db, models
from mart.read import kpi, queries, staffing
from tests.conftest import college_next_year_files

COORD = Access(role="coordinator", login="minobr")
COLLEGE = Access(role="institution", login="demo.poo07", inst_code="POO-07")


def _state(path) -> tuple[dict[str, tuple], dict[str, int]]:
    """Every stored table's row count and content hash (models aside), and the data versions."""
    model_names = {m.name for m in models.discover()}
    con = duckdb.connect(str(path), read_only=True)
    try:
        prints = {
            (s, t): v
            for (s, t), v in db.fingerprints(con).items()
            if not (s == "main" and (t in model_names or t == "schema_migrations"))
        }
        versions = dict(con.sql(f"select name, version from {db.VERSIONS}").fetchall())
    finally:
        con.close()
    return prints, versions


def _assert_versioned(path, action) -> set[str]:
    """Run ``action``; every stored table it changed must have a new data version. Returns those names."""
    before, old = _state(path)
    action()
    after, new = _state(path)
    changed = {db.version_name(s, t) for (s, t) in after if after[(s, t)] != before.get((s, t))}
    assert changed, "the action changed nothing: the check would prove nothing"
    moved = {n for n in new if new[n] != old.get(n)}
    assert changed <= moved, f"changed without a new data version: {sorted(changed - moved)}"
    return moved


def test_every_writer_moves_the_version_of_what_it_changes(built_mart):
    files = college_next_year_files()
    # an accepted upload moves its dataset and the upload log, not the other datasets
    moved = _assert_versioned(
        built_mart, lambda: ingest.load(COLLEGE, "graduates", files["graduates"], "g.csv", channel="page")
    )
    assert "graduates" in moved and "championship_results" not in moved and "seed.ugs" not in moved
    # a refused file: only the log
    moved = _assert_versioned(
        built_mart, lambda: ingest.load(COLLEGE, "graduates", b"inst_code;nonsense\r\nx;y\r\n", "bad.csv")
    )
    assert "graduates" not in moved
    # the same file again (recognised as a repeat), then its revocation
    _assert_versioned(built_mart, lambda: ingest.load(COLLEGE, "graduates", files["graduates"], "g.csv"))
    last = queries.reader().df("select max(batch_id) from upload_batches where status = 'accepted'").item()
    moved = _assert_versioned(built_mart, lambda: ingest.revoke(COORD, last))
    assert "graduates" in moved and "demo_exams" not in moved
    # the coordinator's writes that are not files
    weights = {"K1": 0.3, "K2": 0.2, "K3": 0.15, "K4": 0.15, "K5": 0.1, "K6": 0.1}
    moved = _assert_versioned(built_mart, lambda: kpi.save_methodology(COORD, weights, "Методика 2027"))
    assert "graduates" not in moved
    version = kpi.current_version()
    moved = _assert_versioned(
        built_mart,
        lambda: kpi.save_evaluation(COORD, 2025, version, "Заседание комиссии", confirm_partial=True),
    )
    assert "graduates" not in moved
    deadline = dt.date(2028, 3, 1)
    moved = _assert_versioned(
        built_mart,
        lambda: collections.apply_changes(COORD, [collections.Change("open", "experts", 2027, deadline)]),
    )
    assert "experts" not in moved
    forecast: list[int] = []
    moved = _assert_versioned(
        built_mart, lambda: forecast.append(staffing.save_forecast(COORD, "Прогноз", 2024, 2026))
    )
    assert "graduates" not in moved
    _assert_versioned(built_mart, lambda: staffing.publish(COORD, forecast[0]))
    rows = queries.reader().df(
        "select year, ugs_code from staffing_forecast_rows where forecast_id = $f limit 1", {"f": forecast[0]}
    )
    _assert_versioned(
        built_mart,
        lambda: staffing.add_correction(
            COORD, forecast[0], rows["year"][0], rows["ugs_code"][0], 10, "Протокол"
        ),
    )
    moved = _assert_versioned(
        built_mart,
        lambda: brief.keep(
            COORD,
            b"%PDF-1.4 test",
            kind="meeting_pack",
            title="Пакет",
            as_of=config.today(),
            file_name="p.pdf",
        ),
    )
    assert "graduates" not in moved


def _counting(calls: list[str], model: str):
    @queries.cached
    def figure(year: int):
        calls.append(model)
        return queries.read(model, where={"year": year})

    return figure


def test_a_cached_read_survives_an_unrelated_upload_and_follows_its_own(built_mart):
    calls: list[str] = []
    exams = _counting(calls, "demo_exams")
    first = exams(2026)
    exams(2026)
    assert calls == ["demo_exams"]  # cached
    files = college_next_year_files()
    before = queries.reader().stamp
    result = ingest.load(COLLEGE, "graduates", files["graduates"], "g.csv", channel="page")
    assert result.accepted and queries.reader().stamp != before  # a new file was published
    exams(2026)
    assert calls == ["demo_exams"]  # graduates do not feed demo exams: still cached
    assert queries.read("demo_exams", where={"year": 2026}) is queries.read(
        "demo_exams", where={"year": 2026}
    )

    result = ingest.load(COLLEGE, "demo_exams", files["demo_exams"], "d.csv", channel="page")
    assert result.accepted, result.errors.to_dicts()
    again = exams(2026)
    assert calls == ["demo_exams"] * 2  # its own dataset changed: read again
    assert again.height == first.height + result.rows_new > first.height


def test_a_model_depends_on_the_datasets_beneath_it(built_mart):
    assert queries.depends_on("stg_graduates") == {"graduates"}
    medals = queries.depends_on("championship_medals")
    assert "championship_results" in medals and "graduates" not in medals and "upload_batches" not in medals
    assert {"kpi_weights", "graduates", "seed.kpi_indicators"} <= queries.depends_on("director_kpi") | {
        "seed.kpi_indicators"
    }
    # a free-form query: the models and stored tables named in it
    assert queries.depends_on("select count(*) from upload_batches") == {"upload_batches"}
    assert "graduates" in queries.depends_on("select * from graduate_employment where year = 2025")


def test_a_write_outside_the_writer_is_never_served_stale(built_mart):
    calls: list[int] = []

    @queries.cached
    def count() -> int:
        calls.append(1)
        return queries.read("upload_batches", columns=["batch_id"]).height

    n = count()
    # a file changed by another program (not the writer) and put in place: no data version moved
    other = built_mart.with_name("edited.duckdb")
    shutil.copyfile(built_mart, other)
    con = duckdb.connect(str(other))
    con.sql("delete from upload_batches where batch_id = (select max(batch_id) from upload_batches)")
    con.close()
    os.replace(other, built_mart)
    assert count() == n - 1 and len(calls) == 2


def test_read_refuses_what_is_not_a_plain_name(built_mart):
    with pytest.raises(queries.ReadError):
        queries.read("graduates; drop table x")
    with pytest.raises(queries.ReadError):
        queries.read("no_such_model")
    with pytest.raises(queries.ReadError):
        queries.read("graduates", where="1 = 1 union select * from upload_batches")
    with pytest.raises(queries.ReadError):
        queries.read("graduates", order="graduation_year; drop")
    frame = queries.read(
        "graduates",
        where="graduation_year between $a and $b",
        params={"a": 2024, "b": 2025},
        columns=["graduation_year"],
        order="graduation_year desc",
    )
    assert frame.columns == ["graduation_year"] and set(frame["graduation_year"]) <= {2024, 2025}
    assert queries.read("graduates", where={"inst_code": []}).height == 0
