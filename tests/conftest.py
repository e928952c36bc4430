import os
import shutil
from pathlib import Path

import duckdb
import pytest

from mart.platform import build, db, migrations, models
from mart.read.periods import KPI_DATASETS

# A fixed "today" keeps the figures stable as time passes (overdue measures, certificate validity).
TODAY = "2026-11-26"
os.environ["MART_TODAY"] = TODAY


@pytest.fixture
def mart_env(tmp_path, monkeypatch):
    """An empty place for a mart: MART_DB points into a temporary folder."""
    path = tmp_path / "data" / "mart.duckdb"
    monkeypatch.setenv("MART_DB", str(path))
    monkeypatch.setenv("MART_TODAY", TODAY)
    monkeypatch.delenv("MART_ACCOUNTS", raising=False)
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
    src_accounts = built_mart_template.parent / "accounts"  # the accounts store beside the mart
    if src_accounts.exists():
        shutil.copytree(src_accounts, target.parent / "accounts")
    monkeypatch.setenv("MART_DB", str(target))
    monkeypatch.delenv("MART_ACCOUNTS", raising=False)
    return target


# the newest KPI year whose collections are all complete: the KPI page's default (the demo's 2026
# is partial: two colleges have not reported their admission)
LATEST_COMPLETE_KPI_YEAR = f"""
    select max(v.year) as year from kpi_values as v
    where not exists (
        select 1 from collection_status as c
        where c.year = v.year and not c.is_complete and c.dataset in {KPI_DATASETS}
    )
"""


def college_next_year_files(inst: str = "POO-07", year: int = 2026, n: int = 40) -> dict[str, bytes]:
    """One college's files of the next reporting year, as its office would save them (cp1251, `;`)."""
    grads = [
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"
    ]
    for i in range(n):
        employed = i % 10 != 0
        status, flags = ("Трудоустроен", "да;да") if employed else ("army_conscript", ";")
        grads.append(
            f"{inst};{year};15.01.05;G{year % 100}-{inst[-2:]}-{i:04d};{status};{flags};01.11.{year}"
        )
    exams = ["year;inst_code;specialty_code;competence;student_id;score_pct;grade;credited"]
    for i in range(n // 2):
        exams.append(
            f"{year};{inst};15.01.05;Сварочные технологии;S{year % 100}-{inst[-2:]}-{i:04d};{50 + i};;нет"
        )
    return {
        "graduates": ("\r\n".join(grads) + "\r\n").encode("cp1251"),
        "demo_exams": ("\r\n".join(exams) + "\r\n").encode("cp1251"),
    }


@pytest.fixture
def college_uploaded_next_year(built_mart):
    """The autumn scenario: one college of 19 uploads next year's graduates and demo exams (2026)."""
    from mart.access.rules import Access
    from mart.intake import ingest

    ctx = Access(role="institution", login="demo.poo07", inst_code="POO-07")
    for dataset, data in college_next_year_files().items():
        result = ingest.load(ctx, dataset, data, f"{dataset}_2026.csv", channel="page")
        assert result.accepted, result.errors.to_dicts()
    return built_mart


def given_rating_points(con) -> None:
    """The expert rating's points as given rows (the values of seeds/expert_rating_points.csv)."""
    con.sql(
        """
        insert into seed.expert_rating_points (kind, code, points, label_ru, sort_order) values
            ('certificate', 'certified_expert', 20, 'сертифицированный эксперт', 1),
            ('certificate', 'demo_exam_expert', 10, 'эксперт с правом оценки ДЭ', 2),
            ('certificate', 'regional_expert', 5, 'региональный эксперт', 3),
            ('role', 'chief_expert', 10, 'главный эксперт', 1),
            ('role', 'deputy_chief_expert', 6, 'заместитель', 2),
            ('role', 'expert', 4, 'эксперт', 3),
            ('role', 'compatriot_expert', 4, 'эксперт-компатриот', 4),
            ('role', 'demo_exam_expert', 2, 'эксперт ДЭ', 5)
        """
    )
