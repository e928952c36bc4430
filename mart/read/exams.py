"""Demonstration exams (ДЭ) for the «Демоэкзамен» page: grades, quality, scores, credited results.

Every public function takes the caller's Access first and decides here what it may see:

* everyone (``regional_totals``): the region's figures by year, specialty and competence;
* signed-in roles (``institution_aggregates``): figures by institution;
* the coordinator, and an institution for its own rows (``person_rows``): person-level rows.

Figures (the grade in force is ``demo_exams.grade``: the one given, else from the score by the
official scale; a credited championship result is a 5):

* sat = exams taken (one student in one competence);
* share of 4–5 = exams graded 4 or 5 / exams with a grade (K3 of the directors' KPI);
* average score = mean ``score_pct`` over exams with a score (credited results without one are left
  out);
* credited = championship results credited as the exam.

Small counts of students need not be hidden, but for consistency with graduate employment the cells
institution × specialty × year with fewer than 5 students are hidden (with secondary suppression,
``mart.access.privacy.protect_cube``) from viewers who may not see the person-level rows behind them.
"""

from __future__ import annotations

import polars as pl

from mart.access.privacy import (
    ALL,
    known_institutions,
    knows_all,
    nulls_where,
    person_rows_institution,
    protect_cube,
    suppress,
)
from mart.access.rules import Access, require, require_slice
from mart.read import queries
from mart.read.queries import cached, where

GRADES = (2, 3, 4, 5)
COUNTS = ("exams", "grade_2", "grade_3", "grade_4", "grade_5", "graded", "scored", "credited")
GRADE_COUNTS = tuple(f"grade_{g}" for g in GRADES)
RATES = ("good", "good_share", "avg_score")
DIMENSIONS = ("inst_code", "specialty_code", "competence")


# --- reading the models (sql/marts/exams/) ----------------------------------------------------------


def _read(
    model: str,
    where: str | None = None,
    params: dict | None = None,
    *,
    columns: str | None = None,
    order: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """The rows of a model that match ``where`` (``queries.read``): the functions here only filter,
    protect and label."""
    cols = [c.strip() for c in columns.split(",")] if columns else None
    return queries.read(
        model, where=where or None, params=params or None, columns=cols, order=order, limit=limit
    )


def _cell_filter(keys: list[str], **chosen: str | None) -> tuple[str, dict]:
    """The cube rows (``demo_exam_cube``) of a selection, by ``keys``: a dimension among the keys is
    one row per value (of the chosen one, if chosen), a chosen one is that value, any other the total."""
    parts, params = [], {}
    for dim in DIMENSIONS:
        value = chosen.get(dim)
        if value is not None:
            parts.append(f"{dim} = ${dim}")
            params[dim] = value
        else:
            parts.append(f"{dim} is {'not ' if dim in keys else ''}null")
    return " and ".join(parts), params


# --- the counts behind every figure ------------------------------------------------------------


@cached
def _figures(
    keys: tuple[str, ...],
    inst_code: str | None,
    specialty_code: str | None,
    competence: str | None,
    columns: str,
) -> pl.DataFrame:
    condition, params = _cell_filter(
        list(keys), inst_code=inst_code, specialty_code=specialty_code, competence=competence
    )
    return _read("demo_exam_figures", condition, params, columns=columns, order=", ".join(keys))


@cached
def _cube(known: str | None, competence: str | None) -> pl.DataFrame:
    """Students per year × institution × specialty (one competence when given), with ``hidden``."""
    students = _read(
        "demo_exam_students",
        "competence is null" if competence is None else "competence = $competence",
        {"competence": competence} if competence is not None else None,
        columns="year, inst_code, specialty_code, students",
        order="year, inst_code, specialty_code",
    )
    return protect_cube(students, "students", known)


def _aggregate(
    ctx: Access,
    keys: list[str],
    inst_code: str | None,
    specialty_code: str | None,
    competence: str | None,
    extra: tuple[str, ...] = (),
) -> pl.DataFrame:
    """The figures by ``keys`` of a selection; ``hidden`` rows (institution × specialty) are null.

    ``extra`` names further columns of ``demo_exam_figures`` (names, last year's share), hidden too.
    """
    columns = ", ".join((*keys, *COUNTS, *RATES, *extra))
    out = _figures(tuple(keys), inst_code, specialty_code, competence, columns)
    per_inst = inst_code is not None or "inst_code" in keys
    per_specialty = specialty_code is not None or "specialty_code" in keys
    known = known_institutions(ctx)
    if not (per_inst and per_specialty) or known == ALL:
        return out.with_columns(pl.lit(False).alias("hidden"))
    cube_keys = [k for k in keys if k in ("year", "inst_code", "specialty_code")]
    hidden = (
        where(_cube(known, competence), inst_code=inst_code, specialty_code=specialty_code)
        .group_by(cube_keys)
        .agg(pl.col("hidden").any())
    )
    out = out.join(hidden, on=cube_keys, how="left").with_columns(pl.col("hidden").fill_null(False))
    if "good_share_prev" in extra:
        # last year's share of a cell hidden last year is hidden with it
        before = hidden.select(
            (pl.col("year") + 1).alias("year"), *cube_keys[1:], pl.col("hidden").alias("hidden_prev")
        )
        out = (
            out.join(before, on=cube_keys, how="left")
            .with_columns(
                nulls_where(pl.col("hidden_prev").fill_null(False), ["good_share_prev", "good_share_change"])
            )
            .drop("hidden_prev")
        )
    # a hidden cell keeps last year's share (shown, or hidden, as last year's cell is)
    kept = ("short_name", "specialty_name", "block", "good_share_prev", "hidden")
    measures = [c for c in out.columns if c not in (*keys, *kept)]
    return out.with_columns(nulls_where(pl.col("hidden"), measures)).sort(keys)


# --- filters --------------------------------------------------------------------------------------


@cached
def years(ctx: Access) -> pl.DataFrame:
    require(ctx, "regional_totals")
    condition, _ = _cell_filter([])
    return _read("demo_exam_cube", condition, columns="year", order="year desc")


@cached
def institutions(ctx: Access) -> pl.DataFrame:
    """Institutions with demo exams."""
    require(ctx, "institution_aggregates")
    condition, _ = _cell_filter(["inst_code"])
    return _read(
        "demo_exam_options", condition, columns="inst_code, short_name, municipality", order="inst_code"
    )


@cached
def specialties(ctx: Access, inst_code: str | None = None) -> pl.DataFrame:
    """Specialties with demo exams (of one institution when given)."""
    require_slice(ctx, inst_code)
    condition, params = _cell_filter(["specialty_code"], inst_code=inst_code)
    return _read(
        "demo_exam_options",
        condition,
        params,
        columns="specialty_code, specialty_name",
        order="specialty_code",
    )


@cached
def competences(ctx: Access, inst_code: str | None = None, specialty_code: str | None = None) -> pl.DataFrame:
    """Competences with demo exams (of one institution and/or specialty when given)."""
    require_slice(ctx, inst_code)
    condition, params = _cell_filter(["competence"], inst_code=inst_code, specialty_code=specialty_code)
    return _read("demo_exam_options", condition, params, columns="competence, block", order="competence")


# --- figures ----------------------------------------------------------------------------------------


@cached
def summary(
    ctx: Access,
    inst_code: str | None = None,
    specialty_code: str | None = None,
    competence: str | None = None,
) -> pl.DataFrame:
    """One row per year of a selection: exams sat, grades 2–5, share of 4–5, average score, credited.

    ``hidden`` years (an institution × specialty cell under 5 students) have null figures.
    """
    require_slice(ctx, inst_code)
    return _aggregate(ctx, ["year"], inst_code, specialty_code, competence)


@cached
def grade_distribution(
    ctx: Access,
    inst_code: str | None = None,
    specialty_code: str | None = None,
    competence: str | None = None,
) -> pl.DataFrame:
    """Exams of a selection by year and grade in force (2–5), with each grade's share of the year."""
    hidden = summary(ctx, inst_code, specialty_code, competence).select("year", "hidden")
    rows = queries.read(
        "demo_exam_grade_shares",
        at={"p_inst_code": inst_code, "p_specialty_code": specialty_code, "p_competence": competence},
        columns=["year", "grade", "grade_label", "exams", "share"],
        order="year, grade",
    )
    return (
        rows.join(hidden, on="year", how="left")
        .with_columns(nulls_where(pl.col("hidden"), ["exams", "share"]))
        .select("year", "grade", "grade_label", "exams", "share", "hidden")
        .sort("year", "grade")
    )


@cached
def by_institution(
    ctx: Access, year: int, specialty_code: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """One row per institution in a year (institution × specialty cells when a specialty is chosen)."""
    require(ctx, "institution_aggregates")
    rows = _aggregate(
        ctx,
        ["year", "inst_code"],
        None,
        specialty_code,
        competence,
        ("short_name", "good_share_prev", "good_share_change"),
    )
    return (
        rows.filter(pl.col("year") == year)
        .select(
            "inst_code",
            "short_name",
            "exams",
            *GRADE_COUNTS,
            "good_share",
            "good_share_prev",
            "good_share_change",
            "avg_score",
            "credited",
            "hidden",
        )
        .sort("inst_code")
    )


@cached
def by_specialty(
    ctx: Access, year: int, inst_code: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """One row per specialty in a year, in the region or one institution (then protected)."""
    require_slice(ctx, inst_code)
    rows = _aggregate(ctx, ["year", "specialty_code"], inst_code, None, competence, ("specialty_name",))
    return (
        rows.filter(pl.col("year") == year)
        .select(
            "specialty_code",
            "specialty_name",
            "exams",
            *GRADE_COUNTS,
            "good_share",
            "avg_score",
            "credited",
            "hidden",
        )
        .sort("specialty_code")
    )


@cached
def by_competence(
    ctx: Access, year: int, inst_code: str | None = None, specialty_code: str | None = None
) -> pl.DataFrame:
    """One row per competence in a year, in the region or one institution (and specialty).

    Within one institution and specialty, for a viewer who may not see its rows, the whole table is
    hidden with the cell, else competences with 1–4 exams and one more (secondary suppression).
    """
    require_slice(ctx, inst_code)
    rows = _aggregate(ctx, ["year", "competence"], inst_code, specialty_code, None, ("block",)).filter(
        pl.col("year") == year
    )
    known = known_institutions(ctx)
    if inst_code is not None and specialty_code is not None and not knows_all(known, inst_code):
        cell_hidden = summary(ctx, inst_code, specialty_code).filter(pl.col("year") == year)
        whole = bool(cell_hidden.get_column("hidden").any())
        rows = suppress(rows, "exams", ["year"]).with_columns(
            (pl.col("exams_hidden") | whole).alias("hidden")
        )
        measures = [
            c for c in rows.columns if c not in ("year", "competence", "block", "hidden", "exams_hidden")
        ]
        rows = rows.with_columns(nulls_where(pl.col("hidden"), measures)).drop("exams_hidden")
    return rows.select(
        "competence",
        "block",
        "exams",
        *GRADE_COUNTS,
        "good_share",
        "avg_score",
        "credited",
        "hidden",
    ).sort("competence")


# --- person-level rows ----------------------------------------------------------------------------


@cached
def exam_rows(
    ctx: Access,
    year: int,
    inst_code: str | None = None,
    specialty_code: str | None = None,
    competence: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """Students' exams in a year (pseudonymous ids) of the institutions ``person_rows_institution`` allows
    (the first ``limit`` in their order, when given)."""
    inst_code = person_rows_institution(
        ctx, inst_code, "Персональные данные студентов другой организации недоступны."
    )
    return _read(
        "demo_exam_rows",
        "year = $year and ($inst_code is null or inst_code = $inst_code)"
        " and ($specialty_code is null or specialty_code = $specialty_code)"
        " and ($competence is null or competence = $competence)",
        {"year": year, "inst_code": inst_code, "specialty_code": specialty_code, "competence": competence},
        order="inst_code, specialty_code, competence, student_id",
        limit=limit,
    )
