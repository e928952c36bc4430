"""The KPI of college directors (roadmap measure 8.3): methodology versions and saved evaluations.

A methodology version is a set of weights for the indicators K1..K6 (``kpi_values``); it is never
changed once saved, a new set of weights is a new version and the latest one is current
(``director_kpi``, ``director_kpi_scores``). Version 1 comes from ``seeds/kpi_indicators.csv``.

An evaluation freezes one year's figures under one version for the commission: the rows are
copied into ``kpi_evaluation_rows`` together with the batches they came from, so later uploads do
not change a protocol already taken to a meeting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal

import duckdb
import polars as pl

from mart import config, db, models, queries
from mart.access import Access, require

INDICATORS = ("K1", "K2", "K3", "K4", "K5", "K6")
V1_TITLE = "Методика v1"
V1_AUTHOR = "seed"
V1_CREATED_AT = dt.datetime(2019, 8, 9)  # the decree's date: v1 is the methodology as first published
# the figures an evaluation is computed from; institutions decide which organizations are colleges
SOURCE_DATASETS = ("graduates", "demo_exams", "admissions", "championship_results", "experts", "institutions")


# --- methodology versions -----------------------------------------------------------------------


def ensure_v1(con: duckdb.DuckDBPyConnection) -> bool:
    """Store methodology version 1 (weights from seed.kpi_indicators) unless it exists; True if stored now."""
    exists = con.sql("select count(*) from kpi_methodologies where version = 1").fetchall()[0][0]
    if exists:
        return False
    seeded = con.sql("select count(*) from seed.kpi_indicators").fetchall()[0][0]
    if not seeded:
        return False  # nothing to take the weights from yet (seeds are loaded first in a build)
    con.sql(
        "insert into kpi_methodologies (version, title, author, created_at, note) values (1, $t, $a, $c, $n)",
        params={
            "t": V1_TITLE,
            "a": V1_AUTHOR,
            "c": V1_CREATED_AT,
            "n": "Веса из справочника показателей (seeds/kpi_indicators.csv, weight_v1).",
        },
    )
    con.sql(
        "insert into kpi_weights (version, indicator_code, weight) "
        "select 1, indicator_code, weight_v1 from seed.kpi_indicators"
    )
    return True


def _connection(con: duckdb.DuckDBPyConnection | None) -> duckdb.DuckDBPyConnection:
    return con if con is not None else queries.reader().cursor()


def current_version(con: duckdb.DuckDBPyConnection | None = None) -> int | None:
    """The current methodology version (the latest saved); None when there is none."""
    return _connection(con).sql("select max(version) from kpi_methodologies").fetchall()[0][0]


def weights(con: duckdb.DuckDBPyConnection | None, version: int) -> dict[str, float]:
    """The weights of one methodology version, {indicator_code: weight}; empty if no such version."""
    rows = (
        _connection(con)
        .sql(
            "select indicator_code, weight from kpi_weights where version = $v order by indicator_code",
            params={"v": version},
        )
        .fetchall()
    )
    return {code: float(w) for code, w in rows}


def _fmt(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def validate_weights(weights: Mapping[str, float], *, storable: bool = False) -> dict[str, float]:
    """Check a set of weights; returns it as {K1..K6: float} or raises ValueError in Russian.

    ``storable`` also requires at most four decimals (weights are stored as decimal(6, 4)).
    """
    given = set(weights)
    missing = [k for k in INDICATORS if k not in given]
    extra = sorted(given - set(INDICATORS))
    if missing or extra:
        parts = []
        if missing:
            parts.append("нет весов для " + ", ".join(missing))
        if extra:
            parts.append("лишние показатели: " + ", ".join(map(str, extra)))
        raise ValueError("Нужны веса ровно для показателей K1–K6: " + "; ".join(parts) + ".")
    clean: dict[str, float] = {}
    for k in INDICATORS:
        w = weights[k]
        if isinstance(w, bool) or not isinstance(w, int | float | Decimal):
            raise ValueError(f"Вес {k} должен быть числом, указано «{w}».")
        w = float(w)
        if not math.isfinite(w) or w < 0 or w > 1:
            raise ValueError(f"Вес {k} должен быть от 0 до 1, указано {_fmt(w)}.")
        if storable and abs(w - round(w, 4)) > 1e-9:
            raise ValueError(
                f"Вес {k} должен иметь не более четырёх знаков после запятой, указано {_fmt(w)}."
            )
        clean[k] = w
    total = math.fsum(clean.values())
    if abs(total - 1) > 1e-9:
        raise ValueError(f"Сумма весов должна быть равна 1, сейчас {_fmt(round(total, 6))}.")
    return clean


def save_methodology(ctx: Access, weights: Mapping[str, float], title: str, note: str | None = None) -> int:
    """Save a new methodology version (it becomes current) and recompute the KPI; returns its number."""
    require(ctx, "edit_methodology")
    clean = validate_weights(weights, storable=True)
    title = (title or "").strip()
    if not title:
        raise ValueError("Укажите название методики.")
    with db.writer() as con:
        version = con.sql("select coalesce(max(version), 0) + 1 from kpi_methodologies").fetchall()[0][0]
        con.sql(
            "insert into kpi_methodologies (version, title, author, created_at, note) values ($v, $t, $a, $c, $n)",
            params={
                "v": version,
                "t": title,
                "a": ctx.who,
                "c": config.now(),
                "n": (note or "").strip() or None,
            },
        )
        con.executemany(
            "insert into kpi_weights (version, indicator_code, weight) values (?, ?, ?)",
            [(version, k, Decimal(str(round(w, 4)))) for k, w in clean.items()],
        )
        models.refresh_tables(con)
    return version


@queries.cached
def methodologies(ctx: Access) -> pl.DataFrame:
    """Every methodology version with its weights as columns K1..K6, the current one marked."""
    require(ctx, "institution_aggregates")
    pivot = ", ".join(f"max(w.weight) filter (where w.indicator_code = '{k}') as {k}" for k in INDICATORS)
    return queries.reader().df(
        f"""
        select m.version, m.title, m.author, m.created_at, m.note,
               m.version = (select max(version) from kpi_methodologies) as is_current,
               {pivot}
        from kpi_methodologies as m
        left join kpi_weights as w using (version)
        group by all
        order by m.version desc
        """
    )


# --- trying weights without saving --------------------------------------------------------------


@queries.cached
def _scores(ctx: Access, year: int, items: tuple[tuple[str, float], ...]) -> pl.DataFrame:
    return queries.reader().df(
        """
        with trial_weights as (
            select unnest($codes) as indicator_code, unnest($weights) as weight
        ),
        scores as (
            select v.inst_code, sum(100 * w.weight * v.value order by v.indicator_code) as score
            from kpi_values as v
            inner join trial_weights as w using (indicator_code)
            where v.year = $year
            group by v.inst_code
        )
        select s.inst_code, i.short_name, s.score,
               cast(dense_rank() over (order by round(s.score, 9) desc) as integer) as rank
        from scores as s
        left join institutions as i using (inst_code)
        order by rank, s.inst_code
        """,
        {"codes": [k for k, _ in items], "weights": [w for _, w in items], "year": year},
    )


def scores_with_weights(ctx: Access, year: int, weights: Mapping[str, float]) -> pl.DataFrame:
    """Colleges' scores and ranks in a year under weights not saved (yet): inst_code, short_name, score, rank."""
    require(ctx, "institution_aggregates")
    clean = validate_weights(weights)
    return _scores(ctx, int(year), tuple(clean.items()))


# --- saved evaluations --------------------------------------------------------------------------


def save_evaluation(ctx: Access, year: int, version: int, title: str) -> int:
    """Freeze the KPI of a year under a methodology version for the commission; returns its number."""
    require(ctx, "edit_methodology")
    title = (title or "").strip()
    if not title:
        raise ValueError("Укажите название оценки (например, «Заседание комиссии 15.12.2026»).")
    with db.writer() as con:
        if not con.sql(
            "select 1 from kpi_methodologies where version = $v", params={"v": version}
        ).fetchall():
            raise ValueError(f"Методики версии {version} нет.")
        rows = con.sql(
            "select count(*) from director_kpi_all where year = $y and methodology_version = $v",
            params={"y": year, "v": version},
        ).fetchall()[0][0]
        if not rows:
            raise ValueError(f"За {year} год нет данных для расчёта KPI.")
        evaluation_id = con.sql("select coalesce(max(evaluation_id), 0) + 1 from kpi_evaluations").fetchall()[
            0
        ][0]
        datasets = ", ".join(f"'{d}'" for d in SOURCE_DATASETS)
        con.sql(
            f"""
            insert into kpi_evaluations
                (evaluation_id, year, methodology_version, title, created_by, created_at, batch_ids)
            select $e, $y, $v, $t, $who, $at,
                   coalesce(list(batch_id order by batch_id), [])::bigint[]
            from upload_batches
            where status = 'accepted' and dataset in ({datasets})
            """,
            params={
                "e": evaluation_id,
                "y": year,
                "v": version,
                "t": title,
                "who": ctx.who,
                "at": config.now(),
            },
        )
        con.sql(
            """
            insert into kpi_evaluation_rows
                (evaluation_id, inst_code, indicator_code, value, numerator, denominator, has_data,
                 weight, points, score, rank)
            select $e, p.inst_code, p.indicator_code, p.value, v.numerator, v.denominator, p.has_data,
                   p.weight, p.points, s.score, s.rank
            from director_kpi_all as p
            inner join kpi_values as v using (year, inst_code, indicator_code)
            inner join director_kpi_scores_all as s using (year, inst_code, methodology_version)
            where p.year = $y and p.methodology_version = $v
            """,
            params={"e": evaluation_id, "y": year, "v": version},
        )
    return evaluation_id


@queries.cached
def evaluations(ctx: Access) -> pl.DataFrame:
    """Saved evaluations, the latest first."""
    require(ctx, "institution_aggregates")
    return queries.reader().df(
        """
        select e.evaluation_id, e.year, e.methodology_version, m.title as methodology_title, e.title,
               e.created_by, e.created_at, e.batch_ids
        from kpi_evaluations as e
        left join kpi_methodologies as m on m.version = e.methodology_version
        order by e.evaluation_id desc
        """
    )


@queries.cached
def evaluation_rows(ctx: Access, evaluation_id: int) -> pl.DataFrame:
    """The frozen rows of one saved evaluation: one per college and indicator, best score first."""
    require(ctx, "institution_aggregates")
    return queries.reader().df(
        """
        select r.evaluation_id, r.inst_code, i.short_name, r.indicator_code, r.value, r.numerator,
               r.denominator, r.has_data, r.weight, r.points, r.score, r.rank
        from kpi_evaluation_rows as r
        left join institutions as i using (inst_code)
        where r.evaluation_id = $e
        order by r.rank, r.inst_code, r.indicator_code
        """,
        {"e": evaluation_id},
    )
