"""Key checks on given rows: duplicates and empty keys are found, the quick hash pass never hides one."""

from pathlib import Path

import duckdb
import pytest

from mart.platform import checks, models


def _model(name: str, key: list[str], nullable: list[str] | None = None) -> models.Model:
    return models.Model(
        name=name,
        layer="marts",
        path=Path(f"{name}.sql"),
        sql=f"select * from {name}",
        grain="test",
        key=key,
        materialized="view",
        nullable=nullable or [],
    )


@pytest.fixture
def con():
    c = duckdb.connect(":memory:")
    c.sql(
        """
        create table t (year integer, inst_code varchar, competence varchar, n integer);
        insert into t values
            (2024, 'POO-01', 'Сварка', 1), (2024, 'POO-01', null, 2), (2024, null, null, 3),
            (2025, 'POO-01', 'Сварка', 4);
        """
    )
    yield c
    c.close()


def test_a_unique_key_passes(con):
    [result] = checks.run_checks(
        con, [checks.key_check(_model("t", ["year", "inst_code", "competence"], ["inst_code", "competence"]))]
    )
    assert result.failures == 0 and result.sample == []


def test_a_duplicate_key_is_reported_with_its_rows(con):
    con.sql("insert into t values (2024, 'POO-01', 'Сварка', 5)")
    check = checks.key_check(_model("t", ["year", "inst_code", "competence"], ["inst_code", "competence"]))
    [result] = checks.run_checks(con, [check])
    assert result.failures == 1
    assert result.sample == [(2024, "POO-01", "Сварка", 2)]


def test_an_empty_key_column_is_reported_unless_it_may_be_empty(con):
    strict = checks.key_check(_model("t", ["year", "inst_code", "competence"], ["competence"]))
    [result] = checks.run_checks(con, [strict])
    assert result.failures == 1 and result.sample == [(2024, None, None, 1)]


def test_a_hash_collision_falls_back_to_the_exact_query(con):
    check = checks.key_check(_model("t", ["year", "inst_code", "competence"], ["inst_code", "competence"]))
    check.quick = "select 1"  # as if two different keys had the same hash
    [result] = checks.run_checks(con, [check])
    assert result.failures == 0
