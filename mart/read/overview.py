"""The council's one-screen overview: employment rate, championship medals, KPI leaders, data gaps.

Regional totals (``regional_totals``) are open to everyone; anything named per institution needs
``institution_aggregates``. The roadmap figures of the overview come from ``mart.read.roadmap``.

Every figure is an SQL model: the region's K1 by year is the level ``region`` of
``sql/marts/employment/employment_rates.sql`` (the same rows as «Трудоустройство» and K1 of the
directors' KPI); the medals are the championships' models (``championship_regional_medals``,
``championship_medal_table``); the rest are in ``sql/marts/overview/`` (``kpi_leaders``,
``college_data_gaps``, ``overview_years``, ``institution_counts``). The functions here filter them
and label.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.read.queries import cached, read

# the datasets every college (ПОО) uploads each year; a college without them is flagged
# (the model college_data_gaps names the same three)
COLLEGE_DATASETS = ("graduates", "demo_exams", "admissions")
STALE_DAYS = 365


@cached
def employment_by_year(ctx: Access) -> pl.DataFrame:
    """The region's employment rate K1 per graduation year (counts of all colleges together).

    K1 = (employed + entrepreneurs + self-employed) / (graduates − army by conscription or contract
    − continuing education − parental leave), as ``employment_rates`` defines it.
    """
    require(ctx, "regional_totals")
    return read("employment_rates", where={"level": "region"}, order="year").select(
        "year", "graduates", "employed", "excused", "available", "k1", "institutions"
    )


@cached
def regional_medals_by_year(ctx: Access) -> pl.DataFrame:
    """Medals won at each year's regional championship by students of the region's colleges and universities.

    All age groups together; contestants without an institution (schoolchildren, employees) are not
    counted (the model ``championship_regional_medals``).
    """
    require(ctx, "regional_totals")
    return read("championship_regional_medals", order="year")


@cached
def medals_by_institution(ctx: Access, year: int) -> pl.DataFrame:
    """One regional championship's medal standings by institution (all age groups together).

    The colleges' one medal table (``championship_medal_table``, the «Чемпионаты» page's figures); the
    place here is its medal standings (``medal_place``: gold first, then silver, bronze, medallions).
    """
    require(ctx, "institution_aggregates")
    frame = read(
        "championship_medal_table",
        at={"p_year": int(year), "p_level": "regional"},
        order="medal_place, inst_code",
    )
    return frame.select(
        pl.col("medal_place").alias("place"),
        "inst_code",
        "short_name",
        "kind",
        "gold",
        "silver",
        "bronze",
        "medallion",
        "medal_points",
    )


@cached
def kpi_leaders(ctx: Access, year: int | None = None, limit: int = 5) -> pl.DataFrame:
    """The colleges with the best director KPI score in ``year`` (the latest by default), with the year before."""
    require(ctx, "institution_aggregates")
    scores = read("kpi_leaders", order="year, score desc, inst_code")
    if year is None:
        if scores.is_empty():
            return scores
        year = scores.get_column("year").max()
    return scores.filter(pl.col("year") == year).head(int(limit))


@cached
def data_gaps(ctx: Access, year: int | None = None) -> pl.DataFrame:
    """Colleges whose yearly data is missing or stale, one row per college and dataset.

    Missing: the college has not submitted the dataset's collection of ``year`` (by default the
    dataset's latest year with data) and was not excused (``collection_submitters``). Stale: the
    last accepted upload touching the college is older than 365 days as of today. The model
    ``college_data_gaps`` finds them; the dataset's title is added here.
    """
    require(ctx, "institution_aggregates")
    frame = read(
        "college_data_gaps",
        at={"p_year": None if year is None else int(year), "p_stale_days": STALE_DAYS},
        order="inst_code, dataset",
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
    return read("overview_years", order="year desc")


@cached
def colleges_count(ctx: Access) -> pl.DataFrame:
    """How many colleges (ПОО) and universities (ОВО) the mart knows: the denominator of data gaps."""
    require(ctx, "regional_totals")
    return read("institution_counts")


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
