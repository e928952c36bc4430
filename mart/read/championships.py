"""WorldSkills championships for the «Чемпионаты» page: medal tables, trends and named results.

Medal-table points are WorldSkills': gold 4, silver 3, bronze 2, medallion for excellence 1
(``seed.medals``, carried by ``championship_results.medal_points``). «Medals» counts all four,
medallions included, as the medal table does. Contestants are distinct people (``participant_id``):
one person in two competences or at two championships of a year is one contestant.

Who sees what (``mart.access.rules``): regional totals by year — everyone (``regional_totals``); tables
by institution, school or employer — signed-in roles (``institution_aggregates``); contestants by
name — ``named_results``.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.read.queries import cached, reader

LEVELS = datasets.ENUMS["level"]
AGE_GROUPS = datasets.ENUMS["age_group"]
MEDALS = {k: v for k, v in datasets.ENUMS["medal"].items() if k != "none"}
POINTS = {"gold": 4, "silver": 3, "bronze": 2, "medallion": 1}

# The filters every query shares; a None parameter leaves its filter out.
_FILTERS = """
    ($year is null or year = $year)
    and ($level is null or level = $level)
    and ($age_group is null or age_group = $age_group)
    and ($competence is null or competence = $competence)
"""

# Medal counts and points of the rows in a group.
_MEDAL_COLUMNS = """
    cast(count(distinct participant_id) as integer) as contestants,
    cast(count(*) filter (where medal = 'gold') as integer) as gold,
    cast(count(*) filter (where medal = 'silver') as integer) as silver,
    cast(count(*) filter (where medal = 'bronze') as integer) as bronze,
    cast(count(*) filter (where medal = 'medallion') as integer) as medallion,
    cast(count(*) filter (where medal in ('gold', 'silver', 'bronze', 'medallion')) as integer) as medals,
    cast(coalesce(sum(medal_points), 0) as integer) as medal_points
"""
# The columns _MEDAL_COLUMNS makes, in the order every table shows them.
_MEDAL_FIELDS = "contestants, gold, silver, bronze, medallion, medals, medal_points"

# Ranks in a medal table: points first, then gold, silver, bronze (a shared rank when all are equal).
_RANK = """
    cast(rank() over (order by medal_points desc, gold desc, silver desc, bronze desc) as integer) as place
"""

# The separately shown championships: juniors come from schools, corporate ones from employers.
SEPARATE = {
    "juniors": "age_group = 'juniors'",
    "corporate": "level = 'corporate'",
}


def _params(year=None, level=None, age_group=None, competence=None) -> dict:
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown championship level {level!r}")
    if age_group is not None and age_group not in AGE_GROUPS:
        raise ValueError(f"unknown age group {age_group!r}")
    return {"year": year, "level": level, "age_group": age_group, "competence": competence}


def _with_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """Russian labels beside the level and age group codes."""
    out = frame
    if "level" in out.columns:
        out = out.with_columns(pl.col("level").replace_strict(LEVELS, default=None).alias("level_label"))
    if "age_group" in out.columns:
        out = out.with_columns(
            pl.col("age_group").replace_strict(AGE_GROUPS, default=None).alias("age_group_label")
        )
    return out


# the roadmap measures this page reports on: regional championships, the team, corporate championships
MEASURES = ("4.4", "5.8", "5.11", "5.12")


def measures(ctx: Access) -> pl.DataFrame:
    """The roadmap measures about championships, with their section, group, status and progress."""
    return roadmap_measures(ctx, MEASURES)


@cached
def roadmap_measures(ctx: Access, codes: tuple[str, ...]) -> pl.DataFrame:
    """Roadmap measures by code («п. 5.11»), with their section, group, status and progress."""
    require(ctx, "roadmap")
    return reader().df(
        """
        select item_code, item_label, section_no, section_title, group_code, group_title, title,
               status_label, progress_pct
        from roadmap_progress
        where list_contains($codes, item_code)
        order by section_no, item_no
        """,
        {"codes": list(codes)},
    )


# --- filter options -------------------------------------------------------------------------------


@cached
def years(ctx: Access) -> pl.DataFrame:
    """Years with any championship result, latest first."""
    require(ctx, "regional_totals")
    return reader().df("select distinct year from championship_results order by year desc")


@cached
def competences(ctx: Access) -> pl.DataFrame:
    """Competences with any championship result (for the competence filter)."""
    require(ctx, "institution_aggregates")
    return reader().df("select distinct competence from championship_results order by competence")


@cached
def institutions(ctx: Access) -> pl.DataFrame:
    """Colleges and universities whose students took part (for the institution filter)."""
    require(ctx, "institution_aggregates")
    return reader().df(
        """
        select distinct r.inst_code, i.short_name
        from championship_results as r
        inner join institutions as i using (inst_code)
        order by r.inst_code
        """
    )


# --- regional totals (everyone) -------------------------------------------------------------------


@cached
def yearly_totals(
    ctx: Access, level: str | None = None, age_group: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """The region's totals per year: contestants, competences, medals and medal points."""
    require(ctx, "regional_totals")
    return reader().df(
        f"""
        select
            year,
            cast(count(distinct competence) as integer) as competences,
            {_MEDAL_COLUMNS}
        from championship_results
        where {_FILTERS}
        group by year
        order by year
        """,
        _params(None, level, age_group, competence),
    )


@cached
def yearly_points_by_level(
    ctx: Access, age_group: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """Medal points, medals and contestants per year and championship level (the trend chart)."""
    require(ctx, "regional_totals")
    frame = reader().df(
        f"""
        select
            year,
            level,
            {_MEDAL_COLUMNS}
        from championship_results
        where {_FILTERS}
        group by year, level
        order by year, level
        """,
        _params(None, None, age_group, competence),
    )
    return _with_labels(frame)


# --- tables by institution, school or employer (signed-in roles) --------------------------------


@cached
def medal_table(
    ctx: Access,
    year: int | None = None,
    level: str | None = None,
    age_group: str | None = None,
    competence: str | None = None,
) -> pl.DataFrame:
    """The medal table of colleges and universities, ranked; contestants without one are left out."""
    require(ctx, "institution_aggregates")
    return reader().df(
        f"""
        with results as (
            select * from championship_results
            where inst_code is not null and {_FILTERS}
        ),

        by_institution as (
            select
                inst_code,
                {_MEDAL_COLUMNS}
            from results
            group by inst_code
        ),

        final as (
            select
                {_RANK},
                b.inst_code,
                i.short_name,
                {_MEDAL_FIELDS}
            from by_institution as b
            left join institutions as i using (inst_code)
        )

        select * from final
        order by place, inst_code
        """,
        _params(year, level, age_group, competence),
    )


@cached
def by_competence(
    ctx: Access,
    year: int | None = None,
    level: str | None = None,
    age_group: str | None = None,
    competence: str | None = None,
) -> pl.DataFrame:
    """Medals per competence, with the organization that scored most points in it (ties: all named)."""
    require(ctx, "institution_aggregates")
    return reader().df(
        f"""
        with results as (
            select * from championship_results
            where {_FILTERS}
        ),

        per_competence as (
            select
                competence,
                {_MEDAL_COLUMNS}
            from results
            group by competence
        ),

        per_organization as (
            select competence, organization, sum(medal_points) as points
            from results
            where organization is not null
            group by competence, organization
        ),

        top_organizations as (
            select competence, organization
            from per_organization
            where points > 0
            qualify rank() over (partition by competence order by points desc) = 1
        ),

        leaders as (
            select competence, string_agg(organization, '; ' order by organization) as leader
            from top_organizations
            group by competence
        ),

        final as (
            select
                c.competence,
                {_MEDAL_FIELDS},
                l.leader
            from per_competence as c
            left join leaders as l using (competence)
        )

        select * from final
        order by medal_points desc, competence
        """,
        _params(year, level, age_group, competence),
    )


@cached
def organization_table(
    ctx: Access, kind: str, year: int | None = None, competence: str | None = None
) -> pl.DataFrame:
    """Juniors by school or corporate championships by employer (``kind``: juniors | corporate), ranked."""
    require(ctx, "institution_aggregates")
    if kind not in SEPARATE:
        raise ValueError(f"unknown championship kind {kind!r}")
    return reader().df(
        f"""
        with results as (
            select * from championship_results
            where {SEPARATE[kind]} and {_FILTERS}
        ),

        by_organization as (
            select
                coalesce(organization, 'Организация не указана') as organization,
                cast(count(distinct event) as integer) as events,
                cast(count(distinct competence) as integer) as competences,
                {_MEDAL_COLUMNS}
            from results
            group by all
        ),

        final as (
            select
                {_RANK},
                organization,
                events,
                competences,
                {_MEDAL_FIELDS}
            from by_organization
        )

        select * from final
        order by place, organization
        """,
        _params(year, None, None, competence),
    )


# --- named results --------------------------------------------------------------------------------


@cached
def results(
    ctx: Access,
    year: int | None = None,
    level: str | None = None,
    age_group: str | None = None,
    competence: str | None = None,
    inst_code: str | None = None,
) -> pl.DataFrame:
    """Every contestant's result by name: participant, competence, score, medal, institution."""
    require(ctx, "named_results")
    params = _params(year, level, age_group, competence) | {"inst": inst_code}
    frame = reader().df(
        f"""
        select
            year,
            event,
            level,
            age_group,
            competence,
            participant_name,
            organization,
            inst_code,
            cast(score as double) as score,
            medal,
            medal_label,
            medal_points
        from championship_results
        where {_FILTERS}
            and ($inst is null or inst_code = $inst)
        order by year, event, competence, score desc nulls last, participant_name
        """,
        params,
    )
    return _with_labels(frame)
