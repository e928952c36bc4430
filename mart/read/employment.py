"""Graduate employment (the federal monitoring of СПО graduates) for the «Трудоустройство» page.

Every public function takes the caller's Access first and decides here what it may see:

* everyone (``regional_totals``): the region's figures by year and status, and by specialty at the
  region level;
* signed-in roles (``institution_aggregates``): figures by municipality and institution;
* the coordinator, and an institution for its own rows (``person_rows``): person-level rows.

Small-cell protection: counts of graduates by institution × specialty × year (and the region's
counts by specialty) are protected with ``mart.access.privacy.suppress`` for viewers who may not see the
person-level rows behind them; the coordinator sees every count and an institution sees its own
counts unsuppressed (they are already known to it, so they are left out of the secondary suppression
of the rest). Rates computed from hidden cells are hidden too.

Indicators (the same formulas as K1 and K2 of the directors' KPI, ``kpi_values``):

* K1 = (employed + entrepreneur + self_employed)
  / (graduates − army_conscript − army_contract − continuing_education − parental_leave),
  the status groups «employed» and «excused» of ``mart.read.indicators``;
* K2 = employed by the specialty learned / employed (the status «employed» only);
* retained share = employed at the last job at least 4 months / employed (status «employed»);
* «Иное» (status ``other``) above 1 in 200 graduates of a college and year needs an explanation.
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
    protect_margins,
    suppress,
)
from mart.access.rules import Access, require, require_slice
from mart.read import indicators
from mart.read.queries import cached, reader, where, year_on_year

OTHER_LIMIT = 1 / 200  # share of «Иное» above which the official form asks for an explanation
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


# --- the counts behind every figure ------------------------------------------------------------


@cached
def _cells() -> pl.DataFrame:
    """Counts per graduation year × institution × specialty (no person-level rows leave the mart)."""
    return reader().df(
        """
        with status_counts as (
            select e.graduation_year, e.inst_code, e.specialty_code, e.status, s.status_group, e.graduates
            from graduate_employment as e
            left join employment_statuses as s on s.status_code = e.status
        ),

        -- the two sub-flags of the status «employed» (per-graduate rows or the form's columns 09, 10)
        employed_flags as (
            select graduation_year, inst_code, specialty_code, by_specialty, retained_4m
            from employment_counts
            where status = 'employed'
        ),

        cells as (
            select
                graduation_year,
                inst_code,
                specialty_code,
                sum(graduates) as graduates,
                coalesce(sum(graduates) filter (where status_group = $employed_group), 0) as employed,
                coalesce(sum(graduates) filter (where status_group = $excused_group), 0) as excused,
                coalesce(sum(graduates) filter (where status = 'employed'), 0) as employed_contract,
                coalesce(sum(graduates) filter (where status = 'other'), 0) as other_status
            from status_counts
            group by graduation_year, inst_code, specialty_code
        ),

        final as (
            select
                cast(c.graduation_year as integer) as year,
                c.inst_code,
                i.municipality,
                c.specialty_code,
                cast(c.graduates as integer) as graduates,
                cast(c.employed as integer) as employed,
                cast(c.excused as integer) as excused,
                cast(c.employed_contract as integer) as employed_contract,
                cast(coalesce(f.by_specialty, 0) as integer) as by_specialty,
                cast(coalesce(f.retained_4m, 0) as integer) as retained_4m,
                cast(c.other_status as integer) as other_status
            from cells as c
            left join employed_flags as f using (graduation_year, inst_code, specialty_code)
            left join institutions as i using (inst_code)
        )

        select * from final
        order by year, inst_code, specialty_code
        """,
        indicators.PARAMS,
    )


@cached
def _status_cells() -> pl.DataFrame:
    """Counts per graduation year × institution × specialty × status."""
    return reader().df(
        """
        select
            cast(e.graduation_year as integer) as year,
            e.inst_code,
            i.municipality,
            e.specialty_code,
            e.status,
            cast(e.graduates as integer) as graduates
        from graduate_employment as e
        left join institutions as i using (inst_code)
        order by year, e.inst_code, e.specialty_code, e.status
        """
    )


@cached
def _statuses() -> pl.DataFrame:
    return reader().df(
        """
        select status_code as status, label_ru as status_label, status_group, sort_order
        from employment_statuses
        order by sort_order
        """
    )


@cached
def _margins(known: str | None) -> pl.DataFrame:
    """The region's graduates by year × specialty with ``hidden`` for this viewer."""
    margins = (
        _cells()
        .group_by("year", "specialty_code")
        .agg(pl.col("graduates").sum())
        .sort("year", "specialty_code")
    )
    # an institution is not exempt at the region level: the totals mix other institutions' graduates
    return protect_margins(margins, "graduates", ALL if known == ALL else None)


@cached
def _cube(known: str | None) -> pl.DataFrame:
    """``_cells`` with ``hidden`` for a viewer who knows the rows of ``known``."""
    hidden_margins = None if known == ALL else _margins(known)
    return protect_cube(_cells(), "graduates", known, hidden_margins=hidden_margins)


def _rates(frame: pl.DataFrame) -> pl.DataFrame:
    def ratio(num: str, den: pl.Expr) -> pl.Expr:
        return pl.when(den > 0).then(pl.col(num) / den).otherwise(None)

    available = pl.col("graduates") - pl.col("excused")
    return frame.with_columns(
        available.alias("available"),
        ratio("employed", available).alias("k1"),
        ratio("by_specialty", pl.col("employed_contract")).alias("k2"),
        ratio("retained_4m", pl.col("employed_contract")).alias("retained_share"),
        ratio("other_status", pl.col("graduates")).alias("other_share"),
    ).with_columns((pl.col("other_share") > OTHER_LIMIT).fill_null(False).alias("other_flag"))


def _aggregate(
    ctx: Access,
    keys: list[str],
    municipality: str | None,
    inst_code: str | None,
    specialty_code: str | None,
) -> pl.DataFrame:
    """Sums of the counts by ``keys`` over a selection, with rates and ``hidden`` for this viewer.

    A row is a count by specialty when a specialty is chosen or is a key. Such a row is hidden at the
    region level when the specialty's regional total is hidden, below it when any cell it adds up is
    hidden. Of a row by specialty the viewer does not know in full, only the graduates and the rates
    are given: the counts of statuses are on the status table, protected cell by cell.
    """
    known = known_institutions(ctx)
    cube = where(_cube(known), municipality=municipality, inst_code=inst_code, specialty_code=specialty_code)
    out = cube.group_by(keys).agg(
        *[pl.col(c).sum() for c in COUNTS],
        pl.col("hidden").any().alias("hidden"),
        pl.col("known").all().alias("known"),
    )
    by_specialty = specialty_code is not None or "specialty_code" in keys
    region_level = municipality is None and inst_code is None and "inst_code" not in keys
    if not by_specialty:
        out = out.with_columns(pl.lit(False).alias("hidden"), pl.lit(True).alias("known"))
    elif region_level:
        margins = _margins(known).select("year", "specialty_code", pl.col("hidden").alias("_margin_hidden"))
        if "specialty_code" not in keys:
            margins = margins.filter(pl.col("specialty_code") == specialty_code).drop("specialty_code")
        out = (
            out.join(margins, on=[k for k in ("year", "specialty_code") if k in margins.columns], how="left")
            .with_columns(
                pl.col("_margin_hidden").fill_null(False).alias("hidden"),
                pl.lit(known == ALL).alias("known"),
            )
            .drop("_margin_hidden")
        )
    out = _rates(out.sort(keys))
    hide = pl.col("hidden")
    return out.with_columns(
        *nulls_where(hide, ("graduates", "k1", "k2", "retained_share", "other_share")),
        *nulls_where(hide | ~pl.col("known"), (*COUNTS[1:], "available")),
    )


# --- filters --------------------------------------------------------------------------------------


@cached
def years(ctx: Access) -> pl.DataFrame:
    """Graduation years with data, the latest first."""
    require(ctx, "regional_totals")
    return reader().df("select distinct graduation_year as year from graduate_employment order by year desc")


@cached
def municipalities(ctx: Access) -> pl.DataFrame:
    require(ctx, "institution_aggregates")
    return reader().df(
        """
        select distinct i.municipality
        from institutions as i
        where i.inst_code in (select inst_code from graduate_employment)
        order by i.municipality
        """
    )


@cached
def institutions(ctx: Access, municipality: str | None = None) -> pl.DataFrame:
    """Institutions with graduates data (optionally in one municipality)."""
    require(ctx, "institution_aggregates")
    return reader().df(
        """
        select i.inst_code, i.short_name, i.municipality
        from institutions as i
        where i.inst_code in (select inst_code from graduate_employment)
            and ($municipality is null or i.municipality = $municipality)
        order by i.inst_code
        """,
        {"municipality": municipality},
    )


@cached
def specialties(ctx: Access, inst_code: str | None = None) -> pl.DataFrame:
    """Specialties with graduates (of one institution when given)."""
    require_slice(ctx, inst_code)
    return reader().df(
        """
        with taught as (
            select distinct specialty_code
            from graduate_employment
            where $inst_code is null or inst_code = $inst_code
        )

        select t.specialty_code, s.name as specialty_name, s.kind
        from taught as t
        left join specialties as s using (specialty_code)
        order by t.specialty_code
        """,
        {"inst_code": inst_code},
    )


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
    return _aggregate(ctx, ["year"], municipality, inst_code, specialty_code)


def _protect_by_year(
    ctx: Access,
    out: pl.DataFrame,
    municipality: str | None,
    inst_code: str | None,
    specialty_code: str | None,
) -> pl.DataFrame:
    """Counts of a selection by year and status (or group) with ``graduates_hidden`` and ``share``.

    With a specialty chosen and rows the viewer does not know: the whole year is hidden with the
    selection's total; else counts 1–4 and, by secondary suppression, one more count of the year.
    """
    out = out.with_columns(pl.col("graduates").sum().over("year").alias("year_total"))
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
                pl.when(hide).then(None).otherwise(pl.col("graduates")).alias("graduates"),
                pl.when(pl.col("_year_hidden"))
                .then(None)
                .otherwise(pl.col("year_total"))
                .alias("year_total"),
            )
            .drop("_year_hidden")
        )
    else:
        out = out.with_columns(pl.lit(False).alias("graduates_hidden"))
    return out.with_columns(
        pl.when(pl.col("year_total") > 0).then(pl.col("graduates") / pl.col("year_total")).alias("share")
    )


def _status_grid(municipality: str | None, inst_code: str | None, specialty_code: str | None) -> pl.DataFrame:
    """Every year of the selection × every status, zeros included, in the form's order."""
    cells = where(
        _status_cells(), municipality=municipality, inst_code=inst_code, specialty_code=specialty_code
    )
    counts = cells.group_by("year", "status").agg(pl.col("graduates").sum())
    grid = counts.select("year").unique().join(_statuses(), how="cross")
    return _with_group_labels(
        grid.join(counts, on=["year", "status"], how="left")
        .with_columns(pl.col("graduates").fill_null(0).cast(pl.Int64))
        .sort("year", "sort_order")
    )


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
    out = _protect_by_year(
        ctx, _status_grid(municipality, inst_code, specialty_code), municipality, inst_code, specialty_code
    )
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

    The groups are summed from every status first and protected as counts of their own, so a group
    is not short of the statuses hidden on the status table.
    """
    require_slice(ctx, municipality, inst_code)
    grid = _status_grid(municipality, inst_code, specialty_code)
    groups = (
        grid.group_by("year", "status_group", "group_label", "group_order")
        .agg(pl.col("graduates").sum())
        .sort("year", "group_order")
    )
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
    college_year = _rates(
        where(_cells(), municipality=municipality)
        .filter(pl.col("year") == year)
        .group_by("inst_code")
        .agg(*[pl.col(c).sum() for c in COUNTS])
    ).select(
        "inst_code",
        pl.col("other_status").alias("college_other"),
        pl.col("other_share").alias("college_other_share"),
        pl.col("other_flag").alias("college_other_flag"),
    )
    names = reader().df("select inst_code, short_name, municipality from institutions")
    out = (
        year_on_year(rows, year, "inst_code", "k1")
        .join(college_year, on="inst_code", how="left")
        .join(names, on="inst_code", how="left")
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
    names = reader().df("select specialty_code, name as specialty_name, kind from specialties")
    out = year_on_year(rows, year, "specialty_code", "k1").join(names, on="specialty_code", how="left")
    return out.sort("specialty_code").select("specialty_code", "specialty_name", *FIGURES, "hidden")


# --- person-level rows ----------------------------------------------------------------------------


@cached
def graduate_rows(
    ctx: Access,
    year: int,
    inst_code: str | None = None,
    specialty_code: str | None = None,
    municipality: str | None = None,
) -> pl.DataFrame:
    """The graduates of a year (pseudonymous ids) of the institutions ``person_rows_institution`` allows."""
    inst_code = person_rows_institution(
        ctx, inst_code, "Персональные данные выпускников другой организации недоступны."
    )
    return reader().df(
        """
        select
            g.graduation_year as year,
            g.inst_code,
            g.specialty_code,
            s.name as specialty_name,
            g.graduate_id,
            g.status,
            g.status_label,
            g.status_group,
            g.by_specialty,
            g.retained_4m,
            g.status_date
        from graduates as g
        left join specialties as s using (specialty_code)
        left join institutions as i using (inst_code)
        where g.graduation_year = $year
            and ($inst_code is null or g.inst_code = $inst_code)
            and ($specialty_code is null or g.specialty_code = $specialty_code)
            and ($municipality is null or i.municipality = $municipality)
        order by g.inst_code, g.specialty_code, g.graduate_id
        """,
        {
            "year": year,
            "inst_code": inst_code,
            "specialty_code": specialty_code,
            "municipality": municipality,
        },
    )
