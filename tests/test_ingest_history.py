"""History of uploads: upsert and replace, identical re-uploads, revocation, rebuild, the CLI.

Every test works on a private copy of the demo mart (`built_mart`). The demo holds the classes of
2019–2025, so the 2026 class of a college (POO-07 here) is an empty slice whose counts can be worked
out by hand; the demo's own rows stand for "the other slices".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mart.access.rules import Access, AccessDenied
from mart.intake import ingest
from mart.platform import config, db, rebuild

ROOT = Path(__file__).resolve().parent.parent
OPERATOR = Access(role="operator", login="test")
COLLEGE = Access(role="institution", login="x", inst_code="POO-07")
HEADER = "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"
SLICE = "select graduate_id, status, batch_id from graduates where inst_code = 'POO-07' and graduation_year = 2026 order by 1"


def graduates_file(*rows: str) -> bytes:
    """A college's file as Excel writes it: Windows-1251, `;`, CRLF."""
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1251")


def g(n: int, status: str = "Трудоустроен", inst: str = "POO-07", spec: str = "15.01.05") -> str:
    flags = "да;да" if status == "Трудоустроен" else ";"
    return f"{inst};2026;{spec};G26-0701-{n:04d};{status};{flags};01.11.2026"


def load(
    data: bytes,
    *,
    mode: str = "upsert",
    ctx: Access = OPERATOR,
    name: str = "graduates_2026.csv",
    dataset="graduates",
):
    return ingest.load(ctx, dataset, data, name, mode=mode)


def rows(query: str, params: dict | None = None) -> list[tuple]:
    return db.Reader().cursor().sql(query, params=params).fetchall()


def counts(result: ingest.LoadResult) -> tuple[int, int, int, int, int]:
    return (result.rows, result.rows_new, result.rows_replaced, result.rows_unchanged, result.rows_retired)


def batch(batch_id: int) -> dict:
    return (
        db.Reader().df("select * from upload_batches where batch_id = $b", {"b": batch_id}).row(0, named=True)
    )


def everything(ignore: dict[str, set[str]] | None = None) -> dict[str, list[tuple]]:
    """Sorted rows of every table and view of the mart (main, raw and seed schemas)."""
    ignore = ignore or {}
    cur = db.Reader().cursor()
    objects = cur.sql(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = 'mart' and table_schema in ('main', 'raw', 'seed') order by 1, 2"
    ).fetchall()
    found = {}
    for schema, name in objects:
        full = f"{schema}.{name}"
        skip = ignore.get(full, set())
        cols = [c for c in cur.sql(f"select * from {full} limit 0").columns if c not in skip]
        data = cur.sql(f"select {', '.join(cols)} from {full}").fetchall()
        found[full] = sorted(data, key=repr)
    return found


def snapshot() -> dict[str, tuple]:
    """Count and order-independent hash of every landing table and every view of the datasets."""
    cur = db.Reader().cursor()
    names = [
        f"raw.{t}"
        for (t,) in cur.sql(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    ]
    names += [
        "graduates",
        "demo_exams",
        "admissions",
        "championship_results",
        "experts",
        "expert_events",
        "institutions",
        "roadmap_status",
    ]
    return {
        n: cur.sql(f"select count(*), coalesce(sum(hash(t)), 0) from {n} as t").fetchall()[0] for n in names
    }


# --- upsert and replace ------------------------------------------------------------------------------


def test_upsert_replaces_the_row_with_the_same_key(built_mart):
    first = load(graduates_file(g(1), g(2, "Служба в армии по призыву"), g(3, "Продолжает обучение")))
    assert first.accepted
    assert counts(first) == (3, 3, 0, 0, 0)

    # row 1 as it was, row 2 changed (conscript -> contract), rows 4 and 5 new
    second = load(
        graduates_file(g(1), g(2, "Служба по контракту"), g(4), g(5, "Самозанятый")),
        name="graduates_2026_v2.csv",
    )

    assert second.accepted
    assert counts(second) == (4, 2, 1, 1, 0)
    a, b = first.batch_id, second.batch_id
    assert rows(SLICE) == [
        ("G26-0701-0001", "employed", b),  # unchanged, stored again under the later file
        ("G26-0701-0002", "army_contract", b),
        ("G26-0701-0003", "continuing_education", a),  # not in the second file: upsert keeps it
        ("G26-0701-0004", "employed", b),
        ("G26-0701-0005", "self_employed", b),
    ]
    # every row of an accepted file is stored under its batch (unchanged ones too); both versions of
    # row 2 are kept
    assert rows(
        "select batch_id, graduate_id, op from raw.graduates where batch_id in ($a, $b) order by 1, 2",
        {"a": a, "b": b},
    ) == [
        (a, "G26-0701-0001", "upsert"),
        (a, "G26-0701-0002", "upsert"),
        (a, "G26-0701-0003", "upsert"),
        (b, "G26-0701-0001", "upsert"),
        (b, "G26-0701-0002", "upsert"),
        (b, "G26-0701-0004", "upsert"),
        (b, "G26-0701-0005", "upsert"),
    ]
    rec = batch(b)
    assert (
        rec["rows"],
        rec["rows_new"],
        rec["rows_replaced"],
        rec["rows_unchanged"],
        rec["rows_retired"],
    ) == (4, 2, 1, 1, 0)
    assert (rec["status"], rec["mode"], rec["inst_code"], rec["error_count"]) == (
        "accepted",
        "upsert",
        "POO-07",
        0,
    )


def test_replace_retires_missing_rows_of_the_slice_and_leaves_other_slices(built_mart):
    other_slices = (
        "select * from graduates where not (inst_code = 'POO-07' and graduation_year = 2026) order by all"
    )
    demo_before = rows(other_slices)
    assert len(demo_before) > 30_000
    first = load(
        graduates_file(
            g(1), g(2, "Служба в армии по призыву"), g(3, "Продолжает обучение"), g(9, inst="POO-08")
        )
    )
    assert counts(first) == (4, 4, 0, 0, 0)
    poo08 = rows(
        "select graduate_id, status, batch_id from graduates where inst_code = 'POO-08' and graduation_year = 2026"
    )

    # the complete 2026 class of POO-07: row 1 as it was, row 2 changed, row 3 gone, row 4 new
    second = load(
        graduates_file(g(1), g(2, "Служба по контракту"), g(4)),
        mode="replace",
        ctx=COLLEGE,
        name="graduates_2026_full.csv",
    )

    assert second.accepted, second.errors.to_dicts()
    assert counts(second) == (3, 1, 1, 1, 1)
    a, b = first.batch_id, second.batch_id
    assert rows(SLICE) == [
        ("G26-0701-0001", "employed", b),  # unchanged, stored again under the later file
        ("G26-0701-0002", "army_contract", b),
        ("G26-0701-0004", "employed", b),
    ]
    assert rows(
        "select graduate_id, op, row_no from raw.graduates where batch_id = $b and op = 'retire'", {"b": b}
    ) == [("G26-0701-0003", "retire", 0)]
    # another college's 2026 slice and every demo slice are left alone
    assert (
        rows(
            "select graduate_id, status, batch_id from graduates where inst_code = 'POO-08' and graduation_year = 2026"
        )
        == poo08
        == [("G26-0701-0009", "employed", a)]
    )
    assert (
        rows(other_slices.replace("where", "where not (inst_code = 'POO-08' and graduation_year = 2026) and"))
        == demo_before
    )
    assert batch(b)["rows_retired"] == 1 and batch(b)["mode"] == "replace"


def test_replace_with_a_smaller_file_of_a_demo_slice(built_mart):
    """A demo college resends its 2025 class with only two graduates: the rest of that class retires."""
    slice_2025 = "select graduate_id, status, specialty_code from graduates where inst_code = 'POO-07' and graduation_year = 2025 order by 1"
    before = rows(slice_2025)
    keep, change = before[0], before[1]
    others = rows(
        "select count(*) from graduates where not (inst_code = 'POO-07' and graduation_year = 2025)"
    )
    data = graduates_file(
        f"POO-07;2025;{keep[2]};{keep[0]};{keep[1]};;;01.12.2025".replace(
            ";employed;;;", ";employed;нет;нет;"
        ),
        f"POO-07;2025;{change[2]};{change[0]};Иное;;;01.12.2025",
    )

    result = load(data, mode="replace", name="graduates_2025.csv")

    assert result.accepted, result.errors.to_dicts()
    assert result.rows_retired == len(before) - 2
    assert result.rows_replaced + result.rows_unchanged == 2
    assert [r[0] for r in rows(slice_2025)] == [keep[0], change[0]]
    assert rows(slice_2025)[1][1] == "other"
    assert (
        rows("select count(*) from graduates where not (inst_code = 'POO-07' and graduation_year = 2025)")
        == others
    )


# --- identical re-upload and revocation ------------------------------------------------------------------


def test_identical_reupload_changes_no_data(built_mart):
    data = graduates_file(g(1), g(2, "Служба в армии по призыву"), g(3, "Продолжает обучение"))
    first = load(data)
    before = snapshot()

    again = load(data, name="graduates_2026 (копия).csv")

    assert again.accepted
    assert counts(again) == (3, 0, 0, 3, 0)
    assert again.duplicate_of == first.batch_id
    assert f"пакет № {first.batch_id}" in again.summary_ru()
    assert batch(again.batch_id)["note"] == f"повтор файла пакета № {first.batch_id}"
    assert snapshot() == before
    assert rows("select count(*) from raw.graduates where batch_id = $b", {"b": again.batch_id}) == [(0,)]


def test_revoke_brings_the_earlier_version_back(built_mart):
    first = load(graduates_file(g(1), g(2, "Служба в армии по призыву")))
    view_after_first = rows(SLICE)
    second = load(
        graduates_file(g(1, "Иное"), g(2, "Служба в армии по призыву"), g(3)), name="graduates_2026_v2.csv"
    )
    assert rows(SLICE) == [
        ("G26-0701-0001", "other", second.batch_id),
        ("G26-0701-0002", "army_conscript", second.batch_id),  # repeated unchanged: stored under both
        ("G26-0701-0003", "employed", second.batch_id),
    ]

    ingest.revoke(Access(role="coordinator", login="minobr"), second.batch_id)

    assert (
        rows(SLICE)
        == view_after_first
        == [
            ("G26-0701-0001", "employed", first.batch_id),
            ("G26-0701-0002", "army_conscript", first.batch_id),
        ]
    )
    rec = batch(second.batch_id)
    assert (rec["status"], rec["revoked_by"]) == ("revoked", "minobr")
    assert rec["revoked_at"] is not None
    # the revoked batch's rows stay in the landing table: revocation hides, never deletes
    assert rows("select count(*) from raw.graduates where batch_id = $b", {"b": second.batch_id}) == [(3,)]


def test_revoking_an_earlier_batch_keeps_the_rows_a_later_batch_repeats(built_mart):
    first = load(graduates_file(g(1)))
    second = load(graduates_file(g(1), g(2, "Иное")), name="graduates_2026_v2.csv")
    assert counts(second) == (2, 1, 0, 1, 0)

    ingest.revoke(OPERATOR, first.batch_id)

    assert [r[:2] for r in rows(SLICE)] == [("G26-0701-0001", "employed"), ("G26-0701-0002", "other")]


def test_revoke_is_refused_unless_the_batch_is_accepted(built_mart):
    rejected = load(graduates_file(g(1).replace("2026", "двадцать", 1)))
    assert rejected.status == "rejected"
    accepted = load(graduates_file(g(1)))
    before = snapshot()

    with pytest.raises(ValueError, match="только принятый"):
        ingest.revoke(OPERATOR, rejected.batch_id)
    with pytest.raises(LookupError):
        ingest.revoke(OPERATOR, 999_999)
    with pytest.raises(AccessDenied):
        ingest.revoke(COLLEGE, accepted.batch_id)  # a college cannot withdraw batches
    assert snapshot() == before
    assert batch(rejected.batch_id)["status"] == "rejected"

    ingest.revoke(OPERATOR, accepted.batch_id)
    with pytest.raises(ValueError, match="revoked"):
        ingest.revoke(OPERATOR, accepted.batch_id)  # not twice


# --- rebuild ----------------------------------------------------------------------------------------------


class Clock:
    """Audit time that moves on by a minute at every reading (the real clock has one-second steps)."""

    def __init__(self, start: dt.datetime, step: dt.timedelta) -> None:
        self.t, self.step = start, step

    def __call__(self) -> dt.datetime:
        self.t += self.step
        return self.t


def _history(built_mart) -> None:
    """Several uploads of several datasets and forms, a rejected file, a revocation, replace modes."""
    a = load(graduates_file(g(1), g(2, "Служба в армии по призыву"), g(3, "Продолжает обучение")))
    b = load(graduates_file(g(1, "Иное"), g(4)), name="graduates_2026_v2.csv")
    assert load(graduates_file(g(1).replace("01.11.2026", "31.11.2026"))).status == "rejected"
    adm = "Год приёма;Код организации;Код специальности;КЦП;Зачислено\r\n2026;POO-07;15.01.05;50;48\r\n2026;POO-07;09.02.07;25;25\r\n"
    c = ingest.load(COLLEGE, "admissions", adm.encode("cp1251"), "kcp_2026.csv")
    ingest.revoke(OPERATOR, b.batch_id)
    d = load(
        graduates_file(g(1), g(2, "Служба по контракту"), g(5)),
        mode="replace",
        ctx=COLLEGE,
        name="graduates_2026_full.csv",
    )
    e = load(
        graduates_file(g(1), g(2, "Служба по контракту"), g(5)),
        mode="replace",
        ctx=COLLEGE,
        name="graduates_2026_full.csv",
    )
    adm2 = adm.replace("25;25", "30;27")
    f = ingest.load(COLLEGE, "admissions", adm2.encode("utf-8-sig"), "kcp_2026_v2.csv", mode="replace")
    for r in (a, b, c, d, e, f):
        assert r.accepted, r.errors.to_dicts()
    assert (d.rows_retired, e.duplicate_of) == (1, d.batch_id)
    assert rows(SLICE) == [
        ("G26-0701-0001", "employed", d.batch_id),  # repeated unchanged in the complete file d,
        ("G26-0701-0002", "army_contract", d.batch_id),
        ("G26-0701-0005", "employed", d.batch_id),
    ]


# schema_migrations.applied_at is the only column a rebuild may change: the rebuild applies every
# migration anew to a fresh file, so it records the time of the rebuild. Everything else, the
# audit times in upload_batches (uploaded_at, revoked_at) included, is copied or replayed as it was.
REBUILD_IGNORES = {"main.schema_migrations": {"applied_at"}}


def test_rebuild_gives_the_same_contents(built_mart, monkeypatch):
    monkeypatch.setattr(
        config, "now", Clock(dt.datetime.now().replace(microsecond=0), dt.timedelta(minutes=1))
    )
    _history(built_mart)
    before = everything(REBUILD_IGNORES)
    batches = rows("select count(*), count(*) filter (where status = 'revoked') from upload_batches")

    report = rebuild.rebuild()

    after = everything(REBUILD_IGNORES)
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], f"{name} differs after rebuild"
    assert rows("select count(*), count(*) filter (where status = 'revoked') from upload_batches") == batches
    replayable = rows("select count(*) from upload_batches where status in ('accepted', 'revoked')")[0][0]
    assert report["batches_replayed"] == replayable


def test_rebuild_with_a_revocation_in_the_same_second(built_mart, monkeypatch):
    frozen = dt.datetime.now().replace(microsecond=0) + dt.timedelta(hours=1)
    monkeypatch.setattr(config, "now", lambda: frozen)
    first = load(graduates_file(g(1)))
    second = load(graduates_file(g(1, "Иное")), name="graduates_2026_v2.csv")
    ingest.revoke(OPERATOR, second.batch_id)
    before = everything(REBUILD_IGNORES)

    rebuild.rebuild()

    assert rows(SLICE) == [("G26-0701-0001", "employed", first.batch_id)]
    assert everything(REBUILD_IGNORES) == before


def test_originals_are_kept_under_their_sha256(built_mart):
    csv_data = graduates_file(g(1))
    xlsx_data = (ROOT / "tests" / "files" / "bad" / "06_excel_named_csv.csv").read_bytes()  # a real workbook
    results = [load(csv_data, name="Выпуск 2026.CSV"), load(xlsx_data, name="выпуск_2026.xlsx")]
    for result, data, ext in zip(results, (csv_data, xlsx_data), (".csv", ".xlsx"), strict=True):
        assert result.accepted, result.errors.to_dicts()
        sha = hashlib.sha256(data).hexdigest()
        kept = built_mart.parent / "uploads" / f"{sha}{ext}"
        assert kept.read_bytes() == data
        rec = batch(result.batch_id)
        assert (rec["sha256"], rec["stored_file"], rec["size_bytes"]) == (
            sha,
            f"uploads/{sha}{ext}",
            len(data),
        )


# --- the command line --------------------------------------------------------------------------------------


def cli(*args: str, mart: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MART_DB": str(mart), "MART_TODAY": os.environ["MART_TODAY"]}
    return subprocess.run(
        [sys.executable, "-m", "mart", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_exit_codes(built_mart, tmp_path):
    good = tmp_path / "graduates_2026.csv"
    good.write_bytes(graduates_file(g(1), g(2)))
    bad = tmp_path / "graduates_2026_bad.csv"
    bad.write_bytes(
        graduates_file(g(1), g(2).replace("15.01.05", "15.01.99"), g(3).replace("01.11.2026", "01.11.2099"))
    )

    ok = cli("load", "graduates", str(good), "--inst", "POO-07", mart=built_mart)
    assert ok.returncode == 0, ok.stderr
    assert "Файл принят" in ok.stdout
    assert rows("select count(*) from graduates where inst_code = 'POO-07' and graduation_year = 2026") == [
        (2,)
    ]
    assert rows("select uploaded_by, channel, scope_inst from upload_batches order by batch_id desc limit 1")[
        0
    ][1:] == ("cli", "POO-07")

    refused = cli("load", "graduates", str(bad), mart=built_mart)
    assert refused.returncode == 1
    assert "отклонён" in refused.stderr
    assert "строка 3" in refused.stderr and "specialty_code" in refused.stderr
    assert "строка 4" in refused.stderr and "status_date" in refused.stderr
    assert rows("select status, error_count from upload_batches order by batch_id desc limit 1") == [
        ("rejected", 2)
    ]

    rejected_id = rows("select max(batch_id) from upload_batches")[0][0]
    assert cli("revoke", str(rejected_id), mart=built_mart).returncode == 1
    for wrong in (
        ("load", "pupils", str(good)),  # no such dataset
        ("load", "graduates", str(tmp_path / "missing.csv")),  # no such file
        ("load", "graduates"),  # no file named
        ("revoke", "first"),  # not a batch number
        ("unload",),
    ):
        run = cli(*wrong, mart=built_mart)
        assert run.returncode == 2, (wrong, run.returncode, run.stderr)
    assert rows("select count(*) from graduates where inst_code = 'POO-07' and graduation_year = 2026") == [
        (2,)
    ]


READER = textwrap.dedent(
    """
    import os, sys, time
    import duckdb
    from mart.platform import db

    path, go = os.environ["MART_DB"], sys.argv[1]
    q = "select count(*) from graduates where graduation_year = 2026"
    reader = db.Reader()
    cur = reader.cursor()
    cur.execute("select * from graduates")
    cur.fetchmany(100)  # a query still open on the published file
    analyst = duckdb.connect(path, read_only=True)
    print(reader.cursor().sql(q).fetchall()[0][0], analyst.sql(q).fetchall()[0][0], flush=True)
    deadline = time.time() + 120
    while not os.path.exists(go) and time.time() < deadline:
        time.sleep(0.05)
    cur.fetchmany(100)
    seen_before = analyst.sql(q).fetchall()[0][0]
    analyst.close()
    analyst = duckdb.connect(path, read_only=True)  # the analyst reattaches
    print(reader.cursor().sql(q).fetchall()[0][0], seen_before, analyst.sql(q).fetchall()[0][0], flush=True)
    """
)


def test_cli_load_while_the_mart_is_open_for_reading(built_mart, tmp_path):
    good = tmp_path / "graduates_2026.csv"
    good.write_bytes(graduates_file(g(1), g(2), g(3)))
    go = tmp_path / "go"
    env = {**os.environ, "MART_DB": str(built_mart)}
    proc = subprocess.Popen(
        [sys.executable, "-c", READER, str(go)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline().split()
        assert first == ["0", "0"], first or proc.stderr.read()
        started = time.perf_counter()
        run = cli("load", "graduates", str(good), mart=built_mart)
        assert run.returncode == 0, run.stderr
        assert time.perf_counter() - started < 60
        go.touch()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    # the app's reader follows the new file; an open analyst connection keeps its snapshot until it reattaches
    assert out.split() == ["3", "0", "3"]


# --- bound uploads and warnings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ctx", [Access(role="operator", login="test", inst_code="POO-07"), COLLEGE], ids=["--inst", "account"]
)
def test_bound_upload_names_every_row_of_another_college(built_mart, ctx):
    before = snapshot()
    data = graduates_file(g(1), g(2, inst="POO-02"), g(3), g(4, inst="POO-03"), g(5, inst="POO-02"), g(6))

    result = load(data, ctx=ctx)

    assert result.status == "rejected"
    assert [(e["row_no"], e["column_name"], e["value"]) for e in result.errors.iter_rows(named=True)] == [
        (3, "inst_code", "POO-02"),
        (5, "inst_code", "POO-03"),
        (6, "inst_code", "POO-02"),
    ]
    assert all("POO-07" in e and "только свои строки" in e for e in result.errors["reason"])
    assert snapshot() == before
    assert batch(result.batch_id)["error_count"] == 3
    assert batch(result.batch_id)["scope_inst"] == "POO-07"


@pytest.mark.parametrize(("total", "warned"), [(10, True), (199, True), (200, False)])
def test_more_than_one_in_200_other_is_a_warning(built_mart, total, warned):
    statuses = ["Иное"] + ["Трудоустроен"] * (total - 1)
    data = graduates_file(*(g(i, s) for i, s in enumerate(statuses, start=1)))

    result = load(data)

    assert result.accepted
    assert result.rows_new == total
    stored = rows(
        "select row_no, column_name, severity, reason from upload_errors where batch_id = $b",
        {"b": result.batch_id},
    )
    if warned:
        assert result.warnings.height == 1
        assert len(stored) == 1
        row_no, column, severity, reason = stored[0]
        assert (row_no, column, severity) == (2, "status", "warning")
        assert f"у 1 из {total}" in reason and "больше 1 из 200" in reason
    else:
        assert result.warnings.is_empty() and stored == []
    assert batch(result.batch_id)["error_count"] == 0
