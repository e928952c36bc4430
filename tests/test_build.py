import hashlib
import shutil
import subprocess
import sys

import duckdb
import pytest

from mart.cli import main
from mart.platform import build, config, migrations


def _fingerprint(path) -> dict[str, str]:
    """A hash of every table's sorted contents (views are derived and follow)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.sql(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema <> 'information_schema' order by all"
        ).fetchall()
        out = {}
        for schema, name in tables:
            rows = con.sql(f'select * from "{schema}"."{name}"').fetchall()
            if name == "schema_migrations":
                rows = [r[:3] for r in rows]  # applied_at is the time of the first build
            out[f"{schema}.{name}"] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
        return out
    finally:
        con.close()


def test_build_twice_changes_nothing(mart_env):
    build.build(demo=False)
    first = _fingerprint(mart_env)
    report = build.build(demo=False)
    assert report.migrations_applied == []
    assert _fingerprint(mart_env) == first


def test_build_publishes_roadmap(mart_env, capsys):
    assert main(["build", "--no-demo"]) == 0
    assert "checks passed" in capsys.readouterr().out
    assert main(["sql", "select count(*) from roadmap_items"]) == 0
    assert capsys.readouterr().out.strip() == "57"


def test_changed_applied_migration_stops_build(mart_env, tmp_path, monkeypatch):
    mig_dir = tmp_path / "migrations"
    mig_dir.mkdir()
    for m in migrations.discover():
        (mig_dir / m.path.name).write_bytes(m.path.read_bytes())
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    migrations.migrate(con, mig_dir)
    first = next(iter(sorted(mig_dir.glob("*.sql"))))
    first.write_text(first.read_text() + "\n-- an edit after the fact\n", encoding="utf-8")
    with pytest.raises(migrations.MigrationError, match="applied to this database") as err:
        migrations.migrate(con, mig_dir)
    assert first.name in str(err.value)
    assert "new migration" in str(err.value)


def test_new_migration_is_applied_once(tmp_path):
    mig_dir = tmp_path / "migrations"
    mig_dir.mkdir()
    (mig_dir / "0001_a.sql").write_text("create table a (x integer);", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    assert [m.name for m in migrations.migrate(con, mig_dir)] == ["a"]
    (mig_dir / "0002_b.sql").write_text("insert into a values (1);", encoding="utf-8")
    assert [m.name for m in migrations.migrate(con, mig_dir)] == ["b"]
    assert migrations.migrate(con, mig_dir) == []
    assert con.sql("select count(*) from a").fetchall() == [(1,)]


def _sql_copy(tmp_path, monkeypatch):
    """A copy of the project's SQL folder that the build reads instead (a test adds files to it)."""
    sql_dir = tmp_path / "sql"
    shutil.copytree(config.SQL_DIR, sql_dir)
    monkeypatch.setattr(config, "SQL_DIR", sql_dir)
    return sql_dir


def test_failed_check_publishes_nothing(mart_env, monkeypatch, tmp_path):
    build.build(demo=False)
    before = mart_env.stat().st_ino
    checks_dir = _sql_copy(tmp_path, monkeypatch)
    (checks_dir / "checks" / "always_fails.sql").write_text(
        "-- check: a deliberately failing check\nselect 1 as bad", encoding="utf-8"
    )
    with pytest.raises(build.CheckFailed, match="a deliberately failing check"):
        build.build(demo=False)
    assert mart_env.stat().st_ino == before


def test_a_model_with_a_duplicate_key_fails_the_build(mart_env, monkeypatch, tmp_path):
    """Key checks run while the models are still being built (``checks.Pool``): a model early in the
    order and one that reads the collections (checked after the backfill) are both caught."""
    build.build(demo=False)
    before = mart_env.stat().st_ino
    sql_dir = _sql_copy(tmp_path, monkeypatch)
    (sql_dir / "marts" / "zz_twice.sql").write_text(
        "-- grain: one row\n-- key: k\nselect 1 as k union all select 1", encoding="utf-8"
    )
    (sql_dir / "marts" / "zz_open_twice.sql").write_text(
        "-- grain: one row\n-- key: n\nselect count(*) as n from collections union all select count(*) from collections",
        encoding="utf-8",
    )
    with pytest.raises(build.CheckFailed) as failed:
        build.build(demo=False)
    assert {r.check.name for r in failed.value.failed} == {"key:zz_twice", "key:zz_open_twice"}
    assert mart_env.stat().st_ino == before


def test_cli_wrong_usage_exits_2():
    res = subprocess.run(
        [sys.executable, "-m", "mart", "frobnicate"], capture_output=True, cwd=config.REPO_ROOT
    )
    assert res.returncode == 2


def test_reader_sees_each_publish(mart_env):
    from mart.platform import db

    build.build(demo=False)
    reader = db.Reader(mart_env)
    assert reader.df("select count(*) as n from upload_batches").item() == 0
    with db.writer(mart_env) as con:
        con.sql(
            "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
            " values (1, 'graduates', 'x.csv', 'upsert', 'test', now(), 'cli', 'rejected')"
        )
    assert reader.df("select count(*) as n from upload_batches").item() == 1
