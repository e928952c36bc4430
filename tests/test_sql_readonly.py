"""`python -m mart sql` runs one read query and nothing else; the mart file is never changed by it."""

import hashlib
import os
import subprocess
import sys

import pytest

from mart import cli
from mart.platform import config, db


def _fingerprint(path):
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size, hashlib.sha256(path.read_bytes()).hexdigest())


def _refusals(mart, tmp_path):
    out = tmp_path / "out"
    return {
        "ATTACH read-write": f"attach '{mart}' as rw",
        "ATTACH another file": f"attach '{tmp_path / 'other.duckdb'}' as other",
        "DETACH": "detach mart",
        "COPY to a file": f"copy (select * from institutions) to '{out}.csv'",
        "COPY over the mart": f"copy (select 1) to '{mart}' (format csv)",
        "COPY FROM DATABASE": "copy from database mart to memory",
        "EXPORT": f"export database '{out}'",
        "INSTALL": "install httpfs",
        "LOAD": "load httpfs",
        "SET": "set enable_external_access = true",
        "RESET": "reset lock_configuration",
        "USE": "use memory",
        "PRAGMA": "pragma enable_checkpoint_on_shutdown",
        "CALL": "call checkpoint()",
        "CHECKPOINT": "checkpoint",
        "INSERT": "insert into upload_batches (batch_id) values (999)",
        "UPDATE": "update upload_batches set status = 'revoked'",
        "DELETE": "delete from upload_batches",
        "CREATE": "create table stolen as select 1",
        "CREATE SECRET": "create secret (type s3, key_id 'x', secret 'y')",
        "DROP": "drop view institutions",
        "ALTER": "alter table upload_batches add column x int",
        "TRANSACTION": "begin transaction",
        "VACUUM": "vacuum",
        "EXPLAIN ANALYZE": "explain analyze select 1",
        "two statements": "select 1; drop view institutions",
        "a read, then a write": "select 1; copy (select 1) to '" + str(out) + ".csv'",
    }


@pytest.fixture
def mart_file(built_mart):
    return built_mart


def test_every_kind_of_write_and_file_access_is_refused(mart_file, tmp_path, capsys):
    before = _fingerprint(mart_file)
    files_before = sorted(os.listdir(mart_file.parent))
    for kind, query in _refusals(mart_file, tmp_path).items():
        code = cli.main(["sql", query])
        err = capsys.readouterr().err
        assert code == 1, kind
        assert err.startswith("refused:"), (kind, err)
        assert _fingerprint(mart_file) == before, kind
    assert sorted(os.listdir(mart_file.parent)) == files_before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("out", "other"))]


def test_a_read_query_cannot_reach_files(mart_file, tmp_path, capsys):
    """SELECT is allowed, but the connection it runs on cannot open any file but the mart."""
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    before = _fingerprint(mart_file)
    for query in (
        f"select * from read_csv('{secret}')",
        f"select * from read_text('{secret}')",
        f"select * from glob('{tmp_path}/*')",
        "select * from query('attach ''x.duckdb''')",
    ):
        assert cli.main(["sql", query]) == 1, query
        assert "query failed" in capsys.readouterr().err
    assert _fingerprint(mart_file) == before


def test_reads_still_work(mart_file, capsys):
    assert cli.main(["sql", "select count(*) from roadmap_items"]) == 0
    assert capsys.readouterr().out.strip() == "57"
    assert cli.main(["sql", "with s as (from institutions) select count(*) > 0 from s"]) == 0
    assert capsys.readouterr().out.strip() == "True"
    assert cli.main(["sql", "describe institutions", "--csv"]) == 0
    assert "inst_code" in capsys.readouterr().out


def test_the_attack_of_the_report_fails_from_the_command_line(mart_file):
    """The issue's attack: detach, attach read-write and make a college account coordinator."""
    before = _fingerprint(mart_file)
    env = {**os.environ, "MART_DB": str(mart_file)}
    for query in (
        "detach mart",
        f"attach '{mart_file}' as rw; update rw.upload_batches set uploaded_by = 'x'",
        f"copy (select 1) to '{mart_file}'",
    ):
        res = subprocess.run(
            [sys.executable, "-m", "mart", "sql", query],
            capture_output=True,
            text=True,
            env=env,
            cwd=config.REPO_ROOT,
        )
        assert res.returncode == 1 and "refused" in res.stderr, (query, res.stderr)
    assert _fingerprint(mart_file) == before
    assert db.Reader().df("select count(*) from roadmap_items").item() == 57
