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
from mart.read.queries import cached, reader, where, year_on_year

GRADES = (2, 3, 4, 5)
COUNTS = ("exams", "grade_2", "grade_3", "grade_4", "grade_5", "graded", "scored", "credited")
GRADE_COUNTS = tuple(f"grade_{g}" for g in GRADES)


# --- the counts behind every figure ------------------------------------------------------------


@cached
def _cells() -> pl.DataFrame:
    """Counts per year × institution × specialty × competence (no person-level rows leave the mart)."""
    return reader().df(
        """
        with exams as (
            select year, inst_code, specialty_code, competence, score_pct, credited, grade
            from demo_exams
        ),

        final as (
            select
                cast(year as integer) as year,
                inst_code,
                specialty_code,
                competence,
                cast(count(*) as integer) as exams,
                cast(count(*) filter (where grade = 2) as integer) as grade_2,
                cast(count(*) filter (where grade = 3) as integer) as grade_3,
                cast(count(*) filter (where grade = 4) as integer) as grade_4,
                cast(count(*) filter (where grade = 5) as integer) as grade_5,
                cast(count(grade) as integer) as graded,
                cast(count(score_pct) as integer) as scored,
                cast(coalesce(sum(score_pct), 0) as double) as score_sum,
                cast(count(*) filter (where credited) as integer) as credited
            from exams
            group by year, inst_code, specialty_code, competence
        )

        select * from final
        order by year, inst_code, specialty_code, competence
        """
    )


@cached
def _cube(known: str | None, competence: str | None) -> pl.DataFrame:
    """Students per year × institution × specialty (one competence when given), with ``hidden``."""
    students = reader().df(
        """
        select
            cast(year as integer) as year,
            inst_code,
            specialty_code,
            cast(count(distinct student_id) as integer) as students
        from demo_exams
        where $competence is null or competence = $competence
        group by year, inst_code, specialty_code
        order by year, inst_code, specialty_code
        """,
        {"competence": competence},
    )
    return protect_cube(students, "students", known)


def _rates(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        (pl.col("grade_4") + pl.col("grade_5")).alias("good"),
        pl.when(pl.col("graded") > 0)
        .then((pl.col("grade_4") + pl.col("grade_5")) / pl.col("graded"))
        .alias("good_share"),
        pl.when(pl.col("scored") > 0).then(pl.col("score_sum") / pl.col("scored")).alias("avg_score"),
    ).drop("score_sum")


def _aggregate(
    ctx: Access,
    keys: list[str],
    inst_code: str | None,
    specialty_code: str | None,
    competence: str | None,
) -> pl.DataFrame:
    """Sums by ``keys`` over a selection with rates; ``hidden`` rows (institution × specialty) are null."""
    cells = where(_cells(), inst_code=inst_code, specialty_code=specialty_code, competence=competence)
    out = _rates(
        cells.group_by(keys).agg(*[pl.col(c).sum() for c in COUNTS], pl.col("score_sum").sum()).sort(keys)
    )
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
    measures = [c for c in out.columns if c not in (*keys, "hidden")]
    return out.with_columns(nulls_where(pl.col("hidden"), measures))


# --- filters --------------------------------------------------------------------------------------


@cached
def years(ctx: Access) -> pl.DataFrame:
    require(ctx, "regional_totals")
    return reader().df("select distinct cast(year as integer) as year from demo_exams order by year desc")


@cached
def institutions(ctx: Access) -> pl.DataFrame:
    """Institutions with demo exams."""
    require(ctx, "institution_aggregates")
    return reader().df(
        """
        select i.inst_code, i.short_name, i.municipality
        from institutions as i
        where i.inst_code in (select inst_code from demo_exams)
        order by i.inst_code
        """
    )


@cached
def specialties(ctx: Access, inst_code: str | None = None) -> pl.DataFrame:
    """Specialties with demo exams (of one institution when given)."""
    require_slice(ctx, inst_code)
    return reader().df(
        """
        with taught as (
            select distinct specialty_code
            from demo_exams
            where $inst_code is null or inst_code = $inst_code
        )

        select t.specialty_code, s.name as specialty_name
        from taught as t
        left join specialties as s using (specialty_code)
        order by t.specialty_code
        """,
        {"inst_code": inst_code},
    )


@cached
def competences(ctx: Access, inst_code: str | None = None, specialty_code: str | None = None) -> pl.DataFrame:
    """Competences with demo exams (of one institution and/or specialty when given)."""
    require_slice(ctx, inst_code)
    return reader().df(
        """
        with sat as (
            select distinct competence
            from demo_exams
            where ($inst_code is null or inst_code = $inst_code)
                and ($specialty_code is null or specialty_code = $specialty_code)
        )

        select s.competence, c.block
        from sat as s
        left join competences as c using (competence)
        order by s.competence
        """,
        {"inst_code": inst_code, "specialty_code": specialty_code},
    )


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
    rows = summary(ctx, inst_code, specialty_code, competence)
    labels = reader().df("select grade, label_ru as grade_label from seed.demo_exam_grades")
    long = rows.select("year", "graded", "hidden", *GRADE_COUNTS).unpivot(
        index=["year", "graded", "hidden"], variable_name="grade_col", value_name="exams"
    )
    return (
        long.with_columns(pl.col("grade_col").str.strip_prefix("grade_").cast(pl.Int32).alias("grade"))
        .join(labels.with_columns(pl.col("grade").cast(pl.Int32)), on="grade", how="left")
        .with_columns(pl.when(pl.col("graded") > 0).then(pl.col("exams") / pl.col("graded")).alias("share"))
        .select("year", "grade", "grade_label", "exams", "share", "hidden")
        .sort("year", "grade")
    )


@cached
def by_institution(
    ctx: Access, year: int, specialty_code: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """One row per institution in a year (institution × specialty cells when a specialty is chosen)."""
    require(ctx, "institution_aggregates")
    rows = _aggregate(ctx, ["year", "inst_code"], None, specialty_code, competence)
    names = reader().df("select inst_code, short_name from institutions")
    return (
        year_on_year(rows, year, "inst_code", "good_share")
        .join(names, on="inst_code", how="left")
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
    rows = _aggregate(ctx, ["year", "specialty_code"], inst_code, None, competence)
    names = reader().df("select specialty_code, name as specialty_name from specialties")
    return (
        rows.filter(pl.col("year") == year)
        .join(names, on="specialty_code", how="left")
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
    rows = _aggregate(ctx, ["year", "competence"], inst_code, specialty_code, None).filter(
        pl.col("year") == year
    )
    known = known_institutions(ctx)
    if inst_code is not None and specialty_code is not None and not knows_all(known, inst_code):
        cell_hidden = summary(ctx, inst_code, specialty_code).filter(pl.col("year") == year)
        whole = bool(cell_hidden.get_column("hidden").any())
        rows = suppress(rows, "exams", ["year"]).with_columns(
            (pl.col("exams_hidden") | whole).alias("hidden")
        )
        measures = [c for c in rows.columns if c not in ("year", "competence", "hidden", "exams_hidden")]
        rows = rows.with_columns(nulls_where(pl.col("hidden"), measures)).drop("exams_hidden")
    return (
        rows.join(reader().df("select competence, block from competences"), on="competence", how="left")
        .select(
            "competence",
            "block",
            "exams",
            *GRADE_COUNTS,
            "good_share",
            "avg_score",
            "credited",
            "hidden",
        )
        .sort("competence")
    )


# --- person-level rows ----------------------------------------------------------------------------


@cached
def exam_rows(
    ctx: Access,
    year: int,
    inst_code: str | None = None,
    specialty_code: str | None = None,
    competence: str | None = None,
) -> pl.DataFrame:
    """Students' exams in a year (pseudonymous ids) of the institutions ``person_rows_institution`` allows."""
    inst_code = person_rows_institution(
        ctx, inst_code, "Персональные данные студентов другой организации недоступны."
    )
    return reader().df(
        """
        select
            e.year,
            e.inst_code,
            e.specialty_code,
            s.name as specialty_name,
            e.competence,
            e.student_id,
            e.score_pct,
            e.grade_given,
            e.credited,
            e.grade
        from demo_exams as e
        left join specialties as s using (specialty_code)
        where e.year = $year
            and ($inst_code is null or e.inst_code = $inst_code)
            and ($specialty_code is null or e.specialty_code = $specialty_code)
            and ($competence is null or e.competence = $competence)
        order by e.inst_code, e.specialty_code, e.competence, e.student_id
        """,
        {"year": year, "inst_code": inst_code, "specialty_code": specialty_code, "competence": competence},
    )
