"""Leftovers of interrupted writes (issue 8): a killed load leaves a work copy and the original of a
batch that was never published; the next write (a recorded rejection too) removes them, and so
does the start of the app, for whatever a process that is no longer running left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

from filelock import FileLock

from mart.access.rules import Access
from mart.intake import ingest
from mart.platform import config, db
from tests.test_ingest_bad_files import snapshot

OPERATOR = Access(role="operator", login="test")
FILE = "Год приёма;Код организации;Код специальности;КЦП;Зачислено\r\n2026;POO-01;15.01.05;91;90\r\n".encode(
    "cp1251"
)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _leftovers(mart) -> set[str]:
    names = {p.name for p in mart.parent.iterdir() if ".work-" in p.name or "rebuild-source" in p.name}
    uploads = config.uploads_dir()
    names |= {f"uploads/{p.name}" for p in uploads.iterdir() if p.name.endswith(".part")}
    return names


def _originals() -> set[str]:
    return {f"uploads/{p.name}" for p in config.uploads_dir().iterdir() if not p.name.endswith(".part")}


def _kill_a_load_mid_write(mart) -> None:
    """Start a load in another process, stop it for good after it stored rows and kept the original."""
    script = textwrap.dedent(
        """
        import sys, time
        from mart.platform import models
        from mart.intake import ingest
        from mart.access.rules import Access

        def stall(con, *args, **kwargs):
            print("stored", flush=True)
            time.sleep(600)

        models.refresh_tables = stall
        ingest.load(Access(role="operator", login="killed"), "admissions", sys.stdin.buffer.read(), "killed.csv")
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=config.REPO_ROOT,
        env={**os.environ, "MART_DB": str(mart)},
    )
    proc.stdin.write(FILE)
    proc.stdin.close()
    assert proc.stdout.readline().strip() == b"stored"
    proc.kill()
    proc.wait()


def test_a_killed_loads_leftovers_are_gone_after_the_next_write(built_mart):
    before, originals = snapshot(), _originals()
    _kill_a_load_mid_write(built_mart)
    dead = _dead_pid()
    (config.uploads_dir() / f"{'0' * 64}.csv.{dead}.part").write_bytes(b"half")
    (built_mart.parent / f".mart.duckdb.rebuild-source-{dead}").write_bytes(b"old")

    assert snapshot() == before  # nothing of the killed load was published
    assert any(".work-" in n for n in _leftovers(built_mart))
    unpublished = _originals() - originals
    assert len(unpublished) == 1  # the original of the killed, never published batch

    # the next write is a refused file: recorded, and it cleans up first
    result = ingest.load(OPERATOR, "admissions", b"\xff\xfe\x00x", "bad.csv")
    assert result.status == "rejected"
    assert _leftovers(built_mart) == set()
    assert _originals() == originals
    assert db.Reader().cursor().sql(
        "select count(*) from upload_batches where uploaded_by = 'killed'"
    ).fetchall() == [(0,)]


def test_start_cleans_what_dead_processes_left_even_while_another_writes(built_mart):
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        folder = built_mart.parent
        stale = [folder / f".mart.duckdb.work-{dead}-0", folder / f".mart.duckdb.work-{dead}-0.wal"]
        fresh = folder / f".mart.duckdb.work-{live.pid}-0"
        for p in [*stale, fresh]:
            p.write_bytes(b"x")
        part = config.uploads_dir() / f"{'1' * 64}.xlsx.{dead}.part"
        part.write_bytes(b"x")

        # a write is under way (the lock is held): only a dead process's files are stale
        with FileLock(str(built_mart.with_name("mart.duckdb.lock"))):
            removed = set(db.cleanup_on_start())
        assert removed == {p.name for p in stale} | {part.name}
        assert fresh.exists()

        # nobody writes: everything left by others is stale, however recent
        time.sleep(0.01)
        assert db.cleanup_on_start() == [fresh.name]
    finally:
        live.kill()
        live.wait()
