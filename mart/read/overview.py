"""The council's one-screen overview: employment rate, championship medals, KPI leaders, data gaps.

Regional totals (``regional_totals``) are open to everyone; anything named per institution needs
``institution_aggregates``. The roadmap figures of the overview come from ``mart.read.roadmap``.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.read import indicators
from mart.read.queries import cached, reader

# the datasets every college (ПОО) uploads each year; a college without them is flagged
COLLEGE_DATASETS = ("graduates", "demo_exams", "admissions")
STALE_DAYS = 365


@cached
def employment_by_year(ctx: Access) -> pl.DataFrame:
    """The region's employment rate K1 per graduation year (counts of all colleges together).

    K1 = (employed + entrepreneurs + self-employed) / (graduates − army by conscription or contract
    − continuing education − parental leave): the status groups of ``mart.read.indicators``.
    """
    require(ctx, "regional_totals")
    return reader().df(
        """
        with by_year as (
            select
                e.graduation_year as year,
                sum(e.graduates) as graduates,
                coalesce(sum(e.graduates) filter (where s.status_group = $employed_group), 0) as employed,
                coalesce(sum(e.graduates) filter (where s.status_group = $excused_group), 0) as excused,
                count(distinct e.inst_code) as institutions
            from graduate_employment as e
            left join employment_statuses as s on s.status_code = e.status
            group by e.graduation_year
        )

        select
            year,
            cast(graduates as integer) as graduates,
            cast(employed as integer) as employed,
            cast(excused as integer) as excused,
            cast(graduates - excused as integer) as available,
            cast(employed as double) / nullif(graduates - excused, 0) as k1,
            cast(institutions as integer) as institutions
        from by_year
        order by year
        """,
        indicators.PARAMS,
    )


@cached
def regional_medals_by_year(ctx: Access) -> pl.DataFrame:
    """Medals won at each year's regional championship by students of the region's colleges and universities.

    All age groups together; contestants without an institution (schoolchildren, employees) are not
    counted (the model ``championship_regional_medals``).
    """
    require(ctx, "regional_totals")
    return reader().df("select * from championship_regional_medals order by year")


@cached
def medals_by_institution(ctx: Access, year: int) -> pl.DataFrame:
    """One regional championship's medal table by institution (all age groups together).

    The colleges' one medal table (``championship_medal_table``), as the «Чемпионаты» page ranks it.
    """
    require(ctx, "institution_aggregates")
    frame = reader().df(
        "select * from championship_medal_table_at(p_year := $year, p_level := 'regional') order by place, inst_code",
        {"year": int(year)},
    )
    return frame.select(
        "place", "inst_code", "short_name", "kind", "gold", "silver", "bronze", "medallion", "medal_points"
    )


@cached
def kpi_leaders(ctx: Access, year: int | None = None, limit: int = 5) -> pl.DataFrame:
    """The colleges with the best director KPI score in ``year`` (the latest by default), with the year before."""
    require(ctx, "institution_aggregates")
    return reader().df(
        """
        with latest as (
            select coalesce($year, max(year)) as year
            from director_kpi_scores
        ),

        current_scores as (
            select s.year, s.inst_code, s.score, s.rank, s.methodology_version
            from director_kpi_scores as s
            inner join latest as l using (year)
        ),

        previous_scores as (
            select s.inst_code, s.score as prev_score, s.rank as prev_rank
            from director_kpi_scores as s
            inner join latest as l on s.year = l.year - 1
        )

        select
            c.year,
            cast(c.rank as integer) as rank,
            c.inst_code,
            coalesce(i.short_name, c.inst_code) as short_name,
            i.municipality,
            c.score,
            p.prev_score,
            c.score - p.prev_score as score_change,
            cast(p.prev_rank as integer) as prev_rank,
            c.methodology_version
        from current_scores as c
        left join previous_scores as p using (inst_code)
        left join institutions as i using (inst_code)
        order by c.score desc, c.inst_code
        limit $limit
        """,
        {"year": None if year is None else int(year), "limit": int(limit)},
    )


def _touched_sql() -> str:
    parts = [
        f"select distinct r.batch_id, '{name}' as dataset, r.inst_code from raw.{name} as r"
        for name in COLLEGE_DATASETS
    ]
    return "\nunion all\n".join(parts)


@cached
def data_gaps(ctx: Access, year: int | None = None) -> pl.DataFrame:
    """Colleges whose yearly data is missing or stale, one row per college and dataset.

    Missing: the college has not submitted the dataset's collection of ``year`` (by default the
    dataset's latest year with data) and was not excused (``collection_submitters``). Stale: the
    last accepted upload touching the college is older than 365 days as of today.
    """
    require(ctx, "institution_aggregates")
    wanted = ", ".join(f"('{name}')" for name in COLLEGE_DATASETS)
    frame = reader().df(
        f"""
        with wanted(dataset) as (
            values {wanted}
        ),

        colleges as (
            select inst_code, short_name
            from institutions
            where kind = 'ПОО'
        ),

        data_years as (
            select distinct dataset, inst_code, year, status
            from collection_submitters
            where status in ('submitted', 'late', 'excused')
        ),

        latest as (
            select w.dataset, coalesce($year, max(d.year) filter (where d.status <> 'excused')) as latest_year
            from wanted as w
            left join data_years as d using (dataset)
            group by w.dataset
        ),

        touched as (
            {_touched_sql()}
        ),

        last_upload as (
            select t.dataset, t.inst_code, max(b.uploaded_at) as last_upload_at
            from touched as t
            inner join upload_batches as b using (batch_id)
            where b.status = 'accepted'
            group by t.dataset, t.inst_code
        ),

        grid as (
            select c.inst_code, c.short_name, l.dataset, l.latest_year
            from colleges as c
            cross join latest as l
        ),

        checked as (
            select
                g.inst_code,
                g.short_name,
                g.dataset,
                g.latest_year,
                d.inst_code is not null as has_latest_year,
                u.last_upload_at,
                mart_today() - cast(u.last_upload_at as date) as days_since_upload
            from grid as g
            left join data_years as d
                on d.dataset = g.dataset and d.inst_code = g.inst_code and d.year = g.latest_year
            left join last_upload as u on u.dataset = g.dataset and u.inst_code = g.inst_code
        )

        select
            inst_code,
            short_name,
            dataset,
            latest_year,
            has_latest_year,
            last_upload_at,
            days_since_upload,
            concat_ws(
                '; ',
                case
                    when latest_year is null then 'набор ещё не загружал никто'
                    when not has_latest_year then 'нет данных за ' || latest_year || ' год'
                end,
                case
                    when last_upload_at is null then 'принятых загрузок нет'
                    when days_since_upload > {STALE_DAYS}
                        then 'последняя загрузка ' || days_since_upload || ' дн. назад'
                end
            ) as problem
        from checked
        where not has_latest_year or last_upload_at is null or days_since_upload > {STALE_DAYS}
        order by inst_code, dataset
        """,
        {"year": None if year is None else int(year)},
    )
    titles = {name: datasets.get(name).title_ru for name in COLLEGE_DATASETS}
    return frame.with_columns(
        pl.col("dataset")
        .replace_strict(titles, default=pl.col("dataset"), return_dtype=pl.String)
        .alias("dataset_title")
    ).select(
        "inst_code",
        "short_name",
        "dataset",
        "dataset_title",
        "latest_year",
        "has_latest_year",
        "last_upload_at",
        "days_since_upload",
        "problem",
    )


@cached
def years(ctx: Access) -> pl.DataFrame:
    """Years with any regional figure (graduation years, championships, KPI), newest first."""
    require(ctx, "regional_totals")
    return reader().df(
        """
        select distinct year
        from (
            select graduation_year as year from graduate_employment
            union
            select year from championship_medals where level = 'regional'
            union
            select year from director_kpi_scores
        )
        order by year desc
        """
    )


@cached
def colleges_count(ctx: Access) -> pl.DataFrame:
    """How many colleges (ПОО) and universities (ОВО) the mart knows: the denominator of data gaps."""
    require(ctx, "regional_totals")
    return reader().df(
        """
        select
            count(*) filter (where kind = 'ПОО') as colleges,
            count(*) filter (where kind = 'ОВО') as universities
        from institutions
        """
    )


__all__ = [
    "COLLEGE_DATASETS",
    "STALE_DAYS",
    "colleges_count",
    "data_gaps",
    "employment_by_year",
    "kpi_leaders",
    "medals_by_institution",
    "regional_medals_by_year",
    "years",
]
