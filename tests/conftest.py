import os
import shutil
from pathlib import Path

import duckdb
import pytest

from mart import build, db, migrations, models

# A fixed "today" keeps the figures stable as time passes (overdue measures, certificate validity).
TODAY = "2026-11-26"
os.environ["MART_TODAY"] = TODAY


@pytest.fixture
def mart_env(tmp_path, monkeypatch):
    """An empty place for a mart: MART_DB points into a temporary folder."""
    path = tmp_path / "data" / "mart.duckdb"
    monkeypatch.setenv("MART_DB", str(path))
    monkeypatch.setenv("MART_TODAY", TODAY)
    return path


@pytest.fixture
def given(tmp_path, monkeypatch):
    """A connection with every migration applied and no rows: tests insert given rows, then build."""
    monkeypatch.setenv("MART_TODAY", TODAY)
    con = duckdb.connect(str(tmp_path / "given.duckdb"))
    db.prepare(con)
    migrations.migrate(con)
    yield con
    con.close()


def build_models_on(con):
    models.build_models(con)


@pytest.fixture(scope="session")
def built_mart_template(tmp_path_factory):
    """One full build (demo data included) per test session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "data" / "mart.duckdb"
    old = os.environ.get("MART_DB")
    os.environ["MART_DB"] = str(path)
    try:
        build.build(demo=True)
    finally:
        if old is None:
            os.environ.pop("MART_DB", None)
        else:
            os.environ["MART_DB"] = old
    return path


@pytest.fixture
def built_mart(built_mart_template, tmp_path, monkeypatch) -> Path:
    """A private copy of the full demo mart, with MART_DB pointing at it."""
    target = tmp_path / "data" / "mart.duckdb"
    target.parent.mkdir(parents=True)
    shutil.copyfile(built_mart_template, target)
    src_uploads = built_mart_template.parent / "uploads"
    if src_uploads.exists():
        shutil.copytree(src_uploads, target.parent / "uploads")
    monkeypatch.setenv("MART_DB", str(target))
    return target
