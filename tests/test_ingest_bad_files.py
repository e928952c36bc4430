"""The corpus of bad files (tests/files/bad/, one file per rule): each is refused whole and changes nothing.

`tests/files/bad/expected.csv` names, for every file, the dataset, the mode, the optional binding
to an institution (`inst`, the CLI's --inst) and the role of the uploader (`role`, empty =
the operator), and the one error expected: its row (empty for the whole file), its column (empty if
none) and a Russian substring of its reason. Every file breaks exactly one rule, so exactly one error
is expected. The over-size rule is generated here, at run time, instead of being committed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mart.access.rules import Access
from mart.intake import datasets, filereader, ingest
from mart.platform import db

BAD = Path(__file__).resolve().parent / "files" / "bad"
COLUMNS = ["file", "dataset", "mode", "inst", "row_no", "column_name", "reason_contains", "role"]


def _cases() -> list[dict[str, str]]:
    with (BAD / "expected.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CASES = _cases()


def snapshot() -> dict[str, tuple]:
    """Row count and an order-independent hash of every landing table and every dataset view."""
    cur = db.Reader().cursor()
    raw = [
        f"raw.{t}"
        for (t,) in cur.sql(
            "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
        ).fetchall()
    ]
    assert raw, "no landing tables found"
    found = {}
    for name in [*raw, *datasets.DATASETS]:
        found[name] = cur.sql(f"select count(*), coalesce(sum(hash(t)), 0) from {name} as t").fetchall()[0]
    return found


def _access(case: dict[str, str]) -> Access:
    role = case["role"] or "operator"
    return Access(role=role, login="test" if role == "operator" else "x", inst_code=case["inst"] or None)


def assert_refused(result: ingest.LoadResult, *, row_no: int | None, column: str | None, reason: str) -> None:
    assert result.status == "rejected", result.summary_ru()
    errors = result.errors
    match = [
        e
        for e in errors.iter_rows(named=True)
        if e["row_no"] == row_no and e["column_name"] == column and reason in e["reason"]
    ]
    assert match, f"expected (row {row_no}, column {column}, «{reason}»), got {errors.to_dicts()}"
    # one file, one rule: nothing else is wrong with it
    assert errors.height == 1, errors.to_dicts()

    cur = db.Reader().cursor()
    batch = cur.sql(
        "select status, error_count, dataset from upload_batches where batch_id = $b",
        params={"b": result.batch_id},
    ).fetchall()
    assert batch == [("rejected", errors.height, result.dataset)]
    notes = cur.sql(
        "select row_no, column_name, reason, severity from upload_errors where batch_id = $b",
        params={"b": result.batch_id},
    ).fetchall()
    assert len(notes) == errors.height > 0
    assert {n[3] for n in notes} == {"error"}
    assert any(n[0] == row_no and n[1] == column and reason in n[2] for n in notes)


def test_corpus_is_complete():
    with (BAD / "expected.csv").open(encoding="utf-8", newline="") as fh:
        assert csv.DictReader(fh).fieldnames == COLUMNS
    listed = [c["file"] for c in CASES]
    assert len(listed) == len(set(listed)) >= 30
    on_disk = sorted(p.name for p in BAD.iterdir() if p.name != "expected.csv")
    assert sorted(listed) == on_disk
    assert all((BAD / f).stat().st_size < 16_384 for f in listed), "bad files must stay small"
    assert {c["dataset"] for c in CASES} <= set(datasets.DATASETS)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_is_refused_whole(built_mart, case):
    before = snapshot()
    batches_before = db.Reader().cursor().sql("select count(*) from upload_batches").fetchall()[0][0]
    data = (BAD / case["file"]).read_bytes()

    result = ingest.load(_access(case), case["dataset"], data, case["file"], mode=case["mode"] or "upsert")

    assert_refused(
        result,
        row_no=int(case["row_no"]) if case["row_no"] else None,
        column=case["column_name"] or None,
        reason=case["reason_contains"],
    )
    assert snapshot() == before
    assert (
        db.Reader().cursor().sql("select count(*) from upload_batches").fetchall()[0][0] == batches_before + 1
    )


def test_oversize_file_is_refused(built_mart, monkeypatch):
    header = (
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date\r\n"
    )
    rows = "".join(
        f"POO-01;2026;15.01.05;G26-0101-{i:04d};Трудоустроен;да;да;01.11.2026\r\n" for i in range(1, 41)
    )
    data = (header + rows).encode("cp1251")
    monkeypatch.setattr(filereader, "MAX_BYTES", len(data) - 1)
    before = snapshot()

    result = ingest.load(Access(role="operator", login="test"), "graduates", data, "graduates_2026.csv")

    assert_refused(result, row_no=None, column=None, reason="слишком большой")
    assert snapshot() == before

    monkeypatch.setattr(filereader, "MAX_BYTES", len(data))  # exactly at the limit is fine
    assert ingest.load(
        Access(role="operator", login="test"), "graduates", data, "graduates_2026.csv"
    ).accepted
