"""Graduate employment (the federal monitoring of СПО graduates) for the «Трудоустройство» page.

Every public function takes the caller's Access first and decides here what it may see:

* everyone (``regional_totals``): the region's figures by year and status, and by specialty at the
  region level;
* signed-in roles (``institution_aggregates``): figures by municipality and institution;
* the coordinator, and an institution for its own rows (``person_rows``): person-level rows.

The figures are defined once, in SQL models of ``sql/marts/employment/``: ``employment_cells``
(the counts of a college, year and specialty by status group), ``employment_rates`` (K1, K2, the
retained share and «Иное» of every selection: the region, a municipality, a college, a specialty
and their crossings; the same rows give K1 and K2 to the directors' KPI, ``kpi_values``, and to
«Обзор»; ``employment_rate_changes`` adds K1 of the year before), ``employment_status_counts`` and ``employment_group_counts`` (a selection by status and
by group of statuses, zeros included). The functions here only pick the rows of a selection, apply
small-cell protection and label.

Small-cell protection: counts of graduates by institution × specialty × year (and the region's
counts by specialty) are protected with ``mart.access.privacy`` for viewers who may not see the
person-level rows behind them; the coordinator sees every count and an institution sees its own
counts unsuppressed (they are already known to it, so they are left out of the secondary suppression
of the rest). Rates computed from hidden cells are hidden too.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from mart.access.privacy import (
    ALL,
    known_institutions,
    knows_all,
    nulls_where,
    person_rows_institution,
    protect_cube,
    protect_margins,
    suppress,
)
from mart.access.rules import Access, require, require_slice
from mart.read import indicators
from mart.read.queries import cached, read, where

OTHER_LIMIT = (
    1 / 200
)  # share of «Иное» above which the official form asks for an explanation (employment_rates)
GROUP_LABELS = {
    indicators.EMPLOYED: "Трудоустроены (включая ИП и самозанятых)",
    indicators.EXCUSED: "Армия, учёба, отпуск по уходу за ребёнком",
    indicators.OTHER: "Не трудоустроены и иные причины",
}
GROUP_ORDER = indicators.GROUPS

# the figures of a row by institution or by specialty
FIGURES = (
    "graduates",
    "employed",
    "available",
    "k1",
    "k1_prev",
    "k1_change",
    "employed_contract",
    "by_specialty",
    "k2",
    "retained_share",
)
COUNTS = (
    "graduates",
    "employed",
    "excused",
    "employed_contract",
    "by_specialty",
    "retained_4m",
    "other_status",
)
RATES = ("available", "k1", "k2", "retained_share", "other_share", "other_flag")


# --- the rows of employment_rates behind every figure ------------------------------------------------

_ORDER = "year, inst_code, specialty_code, municipality"  # cells in this order: protection breaks ties by it


@cached
def _level(level: str) -> pl.DataFrame:
    """The rows of ``employment_rates`` of one level (region, municipality, institution, …), with
    K1 a year before (``employment_rate_changes``)."""
    return read("employment_rate_changes", where={"level": level}, order=_ORDER)


def _level_of(
    keys: Iterable[str], municipality: str | None, inst_code: str | None, specialty_code: str | None
) -> str:
    """The level of ``employment_rates`` whose rows are a selection's figures by ``keys``."""
    place = (
        "institution"
        if inst_code is not None or "inst_code" in keys
        else "municipality"
        if municipality is not None
        else None
    )
    if specialty_code is not None or "specialty_code" in keys:
        return f"{place}_specialty" if place else "specialty"
    return place or "region"


@cached
def _statuses() -> pl.DataFrame:
    return read("employment_statuses", order="sort_order").select(
        pl.col("status_code").alias("status"),
        pl.col("label_ru").alias("status_label"),
        "status_group",
        "sort_order",
    )


@cached
def _margins(known: str | None) -> pl.DataFrame:
    """The region's graduates by year × specialty with ``hidden`` for this viewer."""
    margins = _level("specialty").select("year", "specialty_code", "graduates").sort("year", "specialty_code")
    # an institution is not exempt at the region level: the totals mix other institutions' graduates
    return protect_margins(margins, "graduates", ALL if known == ALL else None)


@cached
def _cube(known: str | None) -> pl.DataFrame:
    """The cells (year × institution × specialty) with ``hidden`` for a viewer who knows ``known``."""
    hidden_margins = None if known == ALL else _margins(known)
    cells = _level("institution_specialty").select(
        "year", "inst_code", "municipality", "specialty_code", "graduates"
    )
    return protect_cube(cells, "graduates", known, hidden_margins=hidden_margins)


def _aggregate(
    ctx: Access,
    keys: list[str],
    municipality: str | None,
    inst_code: str | None,
    specialty_code: str | None,
) -> pl.DataFrame:
    """A selection's figures by ``keys`` (from ``employment_rates``) with ``hidden`` for this viewer.

    A row is a count by specialty when a specialty is chosen or is a key. Such a row is hidden at the
    region level when the specialty's regional total is hidden, below it when any cell it adds up is
    hidden. Of a row by specialty the viewer does not know in full, only the graduates and the rates
    are given: the counts of statuses are on the status table, protected cell by cell. K1 of a year
    before (``k1_prev``, ``k1_change``) is hidden with that year's row.
    """
    known = known_institutions(ctx)
    out = where(
        _level(_level_of(keys, municipality, inst_code, specialty_code)),
        municipality=municipality,
        inst_code=inst_code,
        specialty_code=specialty_code,
    )
    by_specialty = specialty_code is not None or "specialty_code" in keys
    region_level = municipality is None and inst_code is None and "inst_code" not in keys
    if not by_specialty:
        out = out.with_columns(pl.lit(False).alias("hidden"), pl.lit(True).alias("known"))
    elif region_level:
        margins = _margins(known).select("year", "specialty_code", pl.col("hidden").alias("_margin_hidden"))
        out = out.join(margins, on=["year", "specialty_code"], how="left").with_columns(
            pl.col("_margin_hidden").fill_null(False).alias("hidden"),
            pl.lit(known == ALL).alias("known"),
        )
    else:
        cube = where(
            _cube(known), municipality=municipality, inst_code=inst_code, specialty_code=specialty_code
        )
        flags = cube.group_by(keys).agg(pl.col("hidden").any(), pl.col("known").all())
        out = out.join(flags, on=keys, how="left")
    others = [k for k in keys if k != "year"]
    before = out.select(*others, (pl.col("year") + 1).alias("year"), pl.col("hidden").alias("_prev_hidden"))
    out = out.join(before, on=keys, how="left").with_columns(pl.col("_prev_hidden").fill_null(False))
    hide = pl.col("hidden")
    return out.sort(keys).with_columns(
        *nulls_where(hide, ("graduates", "k1", "k2", "retained_share", "other_share")),
        *nulls_where(hide | ~pl.col("known"), (*COUNTS[1:], "available")),
        *nulls_where(pl.col("_prev_hidden"), ("k1_prev",)),
        *nulls_where(hide | pl.col("_prev_hidden"), ("k1_change",)),
    )


# --- filters --------------------------------------------------------------------------------------


@cached
def years(ctx: Access) -> pl.DataFrame:
    """Graduation years with data, the latest first."""
    require(ctx, "regional_totals")
    return _level("region").select("year").sort("year", descending=True)


@cached
def _names() -> pl.DataFrame:
    return read("institutions", order="inst_code").select("inst_code", "short_name", "municipality")


@cached
def municipalities(ctx: Access) -> pl.DataFrame:
    require(ctx, "institution_aggregates")
    return _level("municipality").select("municipality").unique().sort("municipality", nulls_last=True)


@cached
def institutions(ctx: Access, municipality: str | None = None) -> pl.DataFrame:
    """Institutions with graduates data (optionally in one municipality)."""
    require(ctx, "institution_aggregates")
    reported = _level("institution").get_column("inst_code").unique()
    return where(_names(), municipality=municipality).filter(pl.col("inst_code").is_in(reported.implode()))


@cached
def specialties(ctx: Access, inst_code: str | None = None) -> pl.DataFrame:
    """Specialties with graduates (of one institution when given)."""
    require_slice(ctx, inst_code)
    rows = where(_level("institution_specialty" if inst_code else "specialty"), inst_code=inst_code)
    taught = rows.select("specialty_code").unique().sort("specialty_code")
    names = read("specialties").select("specialty_code", pl.col("name").alias("specialty_name"), "kind")
    return taught.join(names, on="specialty_code", how="left").sort("specialty_code")


@cached
def statuses(ctx: Access) -> pl.DataFrame:
    """The official monitoring statuses with their groups, in the form's order."""
    require(ctx, "regional_totals")
    return _with_group_labels(_statuses())


def _with_group_labels(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("status_group")
        .replace_strict(GROUP_LABELS, default=pl.col("status_group"))
        .alias("group_label"),
        pl.col("status_group")
        .replace_strict({g: i for i, g in enumerate(GROUP_ORDER)}, default=len(GROUP_ORDER))
        .alias("group_order"),
    )


# --- figures ----------------------------------------------------------------------------------------


@cached
def summary(
    ctx: Access,
    municipality: str | None = None,
    inst_code: str | None = None,
    specialty_code: str | None = None,
) -> pl.DataFrame:
    """One row per graduation year of a selection: graduates, K1, K2, retained share, «Иное» share.

    ``hidden`` marks years whose figures are protected (a specialty's small count): they are null.
    """
    require_slice(ctx, municipality, inst_code)
    out = _aggregate(ctx, ["year"], municipality, inst_code, specialty_code)
    return out.select("year", *COUNTS, "hidden", "known", *RATES)


def _protect_by_year(
    ctx: Access,
    out: pl.DataFrame,
    municipality: str | None,
    inst_code: str | None,
    specialty_code: str | None,
) -> pl.DataFrame:
    """Counts of a selection by year and status (or group) with ``graduates_hidden``.

    With a specialty chosen and rows the viewer does not know: the whole year is hidden with the
    selection's total; else counts 1–4 and, by secondary suppression, one more count of the year.
    A hidden count's share is hidden with it.
    """
    if specialty_code is not None and not knows_all(known_institutions(ctx), inst_code):
        year_hidden = summary(ctx, municipality, inst_code, specialty_code).select(
            "year", pl.col("hidden").alias("_year_hidden")
        )
        hide = pl.col("graduates_hidden")
        out = (
            suppress(out, "graduates", ["year"])
            .join(year_hidden, on="year", how="left")
            .with_columns(pl.col("_year_hidden").fill_null(False))
            .with_columns((hide | pl.col("_year_hidden")).alias("graduates_hidden"))
            .with_columns(
                *nulls_where(hide, ("graduates", "share")),
                *nulls_where(pl.col("_year_hidden"), ("year_total",)),
            )
            .drop("_year_hidden")
        )
    else:
        out = out.with_columns(pl.lit(False).alias("graduates_hidden"))
    return out


def _selection(municipality: str | None, inst_code: str | None, specialty_code: str | None) -> dict:
    return {"p_municipality": municipality, "p_inst_code": inst_code, "p_specialty_code": specialty_code}


@cached
def by_status(
    ctx: Access,
    municipality: str | None = None,
    inst_code: str | None = None,
    specialty_code: str | None = None,
) -> pl.DataFrame:
    """Graduates of a selection by year and monitoring status (every status, zeros included).

    With a specialty chosen, counts the viewer may not see are null (``graduates_hidden``).
    """
    require_slice(ctx, municipality, inst_code)
    counts = read(
        "employment_status_counts",
        at=_selection(municipality, inst_code, specialty_code),
        order="year, sort_order",
    )
    out = _protect_by_year(ctx, _with_group_labels(counts), municipality, inst_code, specialty_code)
    return out.select(
        "year",
        "status",
        "status_label",
        "status_group",
        "group_label",
        "group_order",
        "sort_order",
        "graduates",
        "graduates_hidden",
        "share",
        "year_total",
    )


@cached
def by_status_group(
    ctx: Access,
    municipality: str | None = None,
    inst_code: str | None = None,
    specialty_code: str | None = None,
) -> pl.DataFrame:
    """Graduates of a selection by year and group of statuses (employed / excused / other).

    The groups are summed from every status first (``employment_group_counts``) and protected as
    counts of their own, so a group is not short of the statuses hidden on the status table.
    """
    require_slice(ctx, municipality, inst_code)
    counts = read("employment_group_counts", at=_selection(municipality, inst_code, specialty_code))
    groups = _with_group_labels(counts).sort("year", "group_order")
    out = _protect_by_year(ctx, groups, municipality, inst_code, specialty_code)
    return out.select(
        "year",
        "status_group",
        "group_label",
        "group_order",
        "graduates",
        "graduates_hidden",
        "share",
        "year_total",
    )


@cached
def by_institution(
    ctx: Access, year: int, municipality: str | None = None, specialty_code: str | None = None
) -> pl.DataFrame:
    """One row per institution in a year: graduates, K1 (and last year's), K2, retained, «Иное».

    With a specialty chosen the rows are institution × specialty cells (protected); the «Иное» share
    and flag are always the college's whole year, as the official form asks.
    """
    require(ctx, "institution_aggregates")
    rows = _aggregate(ctx, ["year", "inst_code"], municipality, None, specialty_code)
    college_year = (
        where(_level("institution"), municipality=municipality)
        .filter(pl.col("year") == year)
        .select(
            "inst_code",
            pl.col("other_status").alias("college_other"),
            pl.col("other_share").alias("college_other_share"),
            pl.col("other_flag").alias("college_other_flag"),
        )
    )
    out = (
        rows.filter(pl.col("year") == year)
        .drop("municipality")
        .join(college_year, on="inst_code", how="left")
        .join(_names(), on="inst_code", how="left")
        .sort("inst_code")
    )
    return out.select(
        "inst_code",
        "short_name",
        "municipality",
        *FIGURES,
        pl.col("college_other").alias("other_status"),
        pl.col("college_other_share").alias("other_share"),
        pl.col("college_other_flag").alias("other_flag"),
        "hidden",
    )


@cached
def by_specialty(
    ctx: Access, year: int, municipality: str | None = None, inst_code: str | None = None
) -> pl.DataFrame:
    """One row per specialty in a year (in the region, a municipality or an institution), protected."""
    require_slice(ctx, municipality, inst_code)
    rows = _aggregate(ctx, ["year", "specialty_code"], municipality, inst_code, None)
    names = read("specialties").select("specialty_code", pl.col("name").alias("specialty_name"), "kind")
    out = rows.filter(pl.col("year") == year).join(names, on="specialty_code", how="left")
    return out.sort("specialty_code").select("specialty_code", "specialty_name", *FIGURES, "hidden")


# --- person-level rows ----------------------------------------------------------------------------


@cached
def graduate_rows(
    ctx: Access,
    year: int,
    inst_code: str | None = None,
    specialty_code: str | None = None,
    municipality: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """The graduates of a year (pseudonymous ids) of the institutions ``person_rows_institution`` allows
    (the first ``limit`` in their order, when given)."""
    inst_code = person_rows_institution(
        ctx, inst_code, "Персональные данные выпускников другой организации недоступны."
    )
    rows = read(
        "employment_graduate_rows",
        where={
            "year": year,
            "inst_code": inst_code,
            "specialty_code": specialty_code,
            "municipality": municipality,
        },
        order="inst_code, specialty_code, graduate_id",
        limit=limit,
    )
    return rows.drop("municipality")
