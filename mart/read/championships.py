"""WorldSkills championships for the «Чемпионаты» page: medal tables, trends and named results.

Every figure is an SQL model in ``sql/marts/championships/`` (the grain, key and rules are in each
file's header); the functions here check access, pass the page's filters and label. Medal-table
points (gold 4, silver 3, bronze 2, medallion for excellence 1) are defined once, in
``seeds/medals.csv``: the models carry them through ``championship_results.medal_points`` and screens
and papers that name the scale read it with ``medal_scale``. «Medals» counts all four, medallions
included. Contestants are distinct people (``participant_id``): one person in two competences or at
two championships of a year is one contestant.

Who sees what (``mart.access.rules``): regional totals by year — everyone (``regional_totals``); tables
by institution, school or employer — signed-in roles (``institution_aggregates``); contestants by
name — ``named_results``.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.read import queries
from mart.read.queries import cached

LEVELS = datasets.ENUMS["level"]
AGE_GROUPS = datasets.ENUMS["age_group"]
MEDALS = {k: v for k, v in datasets.ENUMS["medal"].items() if k != "none"}

# The separately shown championships (``championship_organization_medals``): juniors come from
# schools, corporate ones from employers.
SEPARATE = ("juniors", "corporate")

# The columns each table returns, in the order it shows them.
_MEDAL_COUNTS = ["contestants", "gold", "silver", "bronze", "medallion", "medals", "medal_points"]
MEDAL_TABLE = ["place", "inst_code", "short_name", *_MEDAL_COUNTS]
ORGANIZATION_TABLE = ["place", "organization", "events", "competences", *_MEDAL_COUNTS]
NAMED_RESULTS = [
    "year",
    "event",
    "level",
    "age_group",
    "competence",
    "participant_name",
    "organization",
    "inst_code",
    "score",
    "medal",
    "medal_label",
    "medal_points",
]


def _params(year=None, level=None, age_group=None, competence=None) -> dict:
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown championship level {level!r}")
    if age_group is not None and age_group not in AGE_GROUPS:
        raise ValueError(f"unknown age group {age_group!r}")
    return {"p_year": year, "p_level": level, "p_age_group": age_group, "p_competence": competence}


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
    return queries.read(
        "roadmap_progress",
        where={"item_code": list(codes)},
        order="section_no, item_no",
        columns=[
            "item_code",
            "item_label",
            "section_no",
            "section_title",
            "group_code",
            "group_title",
            "title",
            "status_label",
            "progress_pct",
        ],
    )


# --- the medal scale and filter options -----------------------------------------------------------


@cached
def medal_scale(ctx: Access) -> pl.DataFrame:
    """The medals that score and their points (``seeds/medals.csv``): medal, label, points, in table order."""
    require(ctx, "regional_totals")
    return queries.read("championship_medal_scale", order="sort_order", columns=["medal", "label", "points"])


def points_note(ctx: Access, dash: str = " ") -> str:
    """The scale in words for screens and papers: «золото 4, серебро 3, бронза 2, медальон … 1»."""
    return ", ".join(
        f"{r['label'].lower()}{dash}{r['points']}" for r in medal_scale(ctx).iter_rows(named=True)
    )


@cached
def years(ctx: Access) -> pl.DataFrame:
    """Years with any championship result, latest first."""
    require(ctx, "regional_totals")
    return queries.read("championship_years", order="year desc")


@cached
def competences(ctx: Access) -> pl.DataFrame:
    """Competences with any championship result (for the competence filter)."""
    require(ctx, "institution_aggregates")
    return queries.read("championship_competences", order="competence")


@cached
def institutions(ctx: Access) -> pl.DataFrame:
    """Colleges and universities whose students took part (for the institution filter)."""
    require(ctx, "institution_aggregates")
    return queries.read("championship_institutions", order="inst_code")


# --- regional totals (everyone) -------------------------------------------------------------------


@cached
def yearly_totals(
    ctx: Access, level: str | None = None, age_group: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """The region's totals per year: contestants, competences, medals and medal points."""
    require(ctx, "regional_totals")
    at = _params(None, level, age_group, competence)
    del at["p_year"]
    return queries.read("championship_yearly_totals", at=at, order="year")


@cached
def yearly_points_by_level(
    ctx: Access, age_group: str | None = None, competence: str | None = None
) -> pl.DataFrame:
    """Medal points, medals and contestants per year and championship level (the trend chart)."""
    require(ctx, "regional_totals")
    at = _params(None, None, age_group, competence)
    del at["p_year"], at["p_level"]
    frame = queries.read("championship_points_by_level", at=at, order="year, level")
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
    return queries.read(
        "championship_medal_table",
        at=_params(year, level, age_group, competence),
        order="place, inst_code",
        columns=MEDAL_TABLE,
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
    return queries.read(
        "championship_competence_medals",
        at=_params(year, level, age_group, competence),
        order="medal_points desc, competence",
    )


@cached
def organization_table(
    ctx: Access, kind: str, year: int | None = None, competence: str | None = None
) -> pl.DataFrame:
    """Juniors by school or corporate championships by employer (``kind``: juniors | corporate), ranked."""
    require(ctx, "institution_aggregates")
    if kind not in SEPARATE:
        raise ValueError(f"unknown championship kind {kind!r}")
    return queries.read(
        "championship_organization_medals",
        at={"p_year": year, "p_competence": competence},
        where={"kind": kind},
        order="place, organization",
        columns=ORGANIZATION_TABLE,
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
    frame = queries.read(
        "championship_named_results",
        at=_params(year, level, age_group, competence) | {"p_inst_code": inst_code},
        order="year, event, competence, score desc nulls last, participant_name",
        columns=NAMED_RESULTS,
    )
    return _with_labels(frame)
