"""Admission targets (КЦП, measures 2.5–2.7) for the «Приём и КЦП» page.

The figures are SQL models (``kcp_places`` defines «awarded», ``kcp_cycle``, ``kcp_cycle_ugs``,
``kcp_region``, ``kcp_college_detail`` / ``kcp_by_college``, ``kcp_discrepancies``, ``kcp_vs_need``,
``kcp_proposal_draft``); the functions here filter them, decide access and attach names:

* everyone (``regional_totals``): the region's cycle by year and by УГС;
* signed-in roles (``institution_aggregates``): the cycle by specialty, the places against the need
  at graduation; by college — every college, except an institution, which sees its own only
  (``access.kcp_scope``);
* the coordinator (``plan_admissions``): next year's proposal table, edited and exported for the order.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, kcp_scope, require
from mart.intake import datasets
from mart.papers import export
from mart.read import periods, queries

FORM_LABELS = datasets.ENUMS["study_form"]
KIND_LABELS = {
    "differs": "КЦП организации ≠ итогам конкурса",
    "not_awarded": "КЦП без мест по итогам конкурса",
}


# --- the region --------------------------------------------------------------------------------------


def _region() -> pl.DataFrame:
    return queries.read(
        "kcp_region",
        columns=[
            "admission_year",
            "proposed",
            "approved",
            "bid",
            "awarded",
            "applications",
            "competition",
            "enrolled",
            "fulfilment",
            "enrolled_target",
            "target_share",
            "enrolled_paid",
            "unfilled",
            "colleges_awarded",
            "colleges_reported",
        ],
        order="admission_year",
    ).rename({"admission_year": "year"})


ADMISSIONS = ("admissions",)  # the collection that says whether a year's admission is complete


@queries.cached
def region(ctx: Access) -> pl.DataFrame:
    """The region's cycle per admission year, with ``admission_missing`` (no college has reported its
    admission yet), ``is_partial`` and ``period_note`` (the admissions collection of the year is not
    complete: ``mart.read.periods``)."""
    require(ctx, "regional_totals")
    frame = _region().with_columns((pl.col("colleges_reported") == 0).alias("admission_missing"))
    return periods.mark(ctx, frame, ADMISSIONS)


def years(ctx: Access) -> list[int]:
    """Admission years with any figure of the cycle that the caller may choose, latest first (the
    public: years whose admission is complete, and years before any admission is due)."""
    frame = region(ctx)
    return sorted(periods.visible_years(ctx, ADMISSIONS, frame.get_column("year").to_list()), reverse=True)


def default_year(ctx: Access) -> int | None:
    """The latest admission year whose admission every college has reported (else the latest year)."""
    frame = region(ctx).filter(pl.col("year").is_in(years(ctx)))
    reported = frame.filter(~pl.col("admission_missing")).get_column("year").to_list()
    default = periods.default_year(ctx, ADMISSIONS, reported)
    return default if default is not None else (frame.get_column("year").max() if frame.height else None)


def year_note(ctx: Access, year: int | None) -> str | None:
    """What a year lacks, said wherever the year shows; None for a complete year."""
    row = region(ctx).filter(pl.col("year") == year)
    if year is None or row.is_empty():
        return None
    r = row.row(0, named=True)
    if r["awarded"] is None:
        return "места ещё не распределены: есть только предложения по КЦП"
    detail = periods.year_detail(ctx, ADMISSIONS, year)
    if r["admission_missing"]:
        why = f" ({detail})" if detail else ""
        return f"сведения о приёме ещё не поступили{why}: показаны места, без заявлений и зачисления"
    if detail:
        return f"неполные сведения о приёме: {detail}"
    return None


def comparable(ctx: Access, year: int | None) -> bool:
    """Whether a change from the previous year may be shown: both years complete, with admission."""
    return year is not None and year_note(ctx, year) is None and year_note(ctx, year - 1) is None


# --- by УГС (the public's regional totals) --------------------------------------------------------------


def _by_ugs() -> pl.DataFrame:
    return queries.read(
        "kcp_cycle_ugs",
        columns=[
            "admission_year",
            "ugs_code",
            "ugs_name",
            "proposed",
            "approved",
            "bid",
            "awarded",
            "applications",
            "competition",
            "enrolled",
            "fulfilment",
            "enrolled_target",
            "target_share",
            "unfilled",
        ],
        order="admission_year, ugs_code",
    ).rename({"admission_year": "year"})


def ugs_options(ctx: Access) -> dict[str, str]:
    """УГС code -> «code name», for the filter."""
    require(ctx, "regional_totals")
    frame = _by_ugs().select("ugs_code", "ugs_name").unique().sort("ugs_code")
    return {
        r["ugs_code"]: f"{r['ugs_code']} {r['ugs_name'] or ''}".strip() for r in frame.iter_rows(named=True)
    }


def by_ugs(ctx: Access, year: int | None = None, ugs: str | None = None) -> pl.DataFrame:
    """The cycle by УГС (every year when ``year`` is None)."""
    require(ctx, "regional_totals")
    frame = _by_ugs()
    if year is not None:
        frame = frame.filter(pl.col("year") == year)
    if ugs is not None:
        frame = frame.filter(pl.col("ugs_code") == ugs)
    return frame


# --- by specialty and by college ----------------------------------------------------------------------


def _by_specialty() -> pl.DataFrame:
    return queries.read(
        "kcp_cycle_named",
        columns=[
            "admission_year",
            "specialty_code",
            "specialty_name",
            "ugs_code",
            "proposed",
            "approved",
            "bid",
            "awarded",
            "applications",
            "competition",
            "enrolled",
            "fulfilment",
            "enrolled_target",
        ],
        order="admission_year, specialty_code",
    ).rename({"admission_year": "year"})


def by_specialty(ctx: Access, year: int, ugs: str | None = None) -> pl.DataFrame:
    """The cycle by specialty for the region (signed-in roles)."""
    require(ctx, "institution_aggregates")
    return queries.where(_by_specialty(), year=int(year), ugs_code=ugs)


COLLEGE_COLUMNS = [
    "admission_year",
    "inst_code",
    "short_name",
    "municipality",
    "specialty_code",
    "specialty_name",
    "ugs_code",
    "bid",
    "awarded",
    "applications",
    "competition",
    "enrolled",
    "fulfilment",
    "enrolled_target",
    "target_share",
    "enrolled_paid",
    "unfilled",
    "admission_reported",
    "awarded_by_competition",
]


def by_college(
    ctx: Access, year: int, ugs: str | None = None, inst: str | None = None, spec: str | None = None
) -> pl.DataFrame:
    """Bids, awards, competition and fulfilment by college and specialty (an institution: its own)."""
    scope = kcp_scope(ctx)
    frame = queries.read(
        "kcp_college_detail", columns=COLLEGE_COLUMNS, order="admission_year, inst_code, specialty_code"
    ).rename({"admission_year": "year"})
    frame = queries.where(frame, year=int(year), inst_code=scope)
    return queries.where(frame, inst_code=inst, ugs_code=ugs, specialty_code=spec)


def institutions(ctx: Access, year: int) -> pl.DataFrame:
    """The colleges with places or admissions in ``year`` that the caller may see (for the filter)."""
    return by_college(ctx, year).select("inst_code", "short_name").unique().sort("inst_code")


def discrepancies(ctx: Access, year: int, ugs: str | None = None, inst: str | None = None) -> pl.DataFrame:
    """Where a college's reported КЦП differs from the competition's award (listed, not rejected)."""
    scope = kcp_scope(ctx)
    frame = queries.read(
        "kcp_discrepancies_named",
        columns=[
            "admission_year",
            "inst_code",
            "short_name",
            "specialty_code",
            "specialty_name",
            "ugs_code",
            "study_form",
            "awarded_places",
            "kcp_plan",
            "difference",
            "kind",
        ],
        order="admission_year, inst_code, specialty_code, study_form",
    ).rename({"admission_year": "year"})
    frame = queries.where(frame, year=int(year), inst_code=scope)
    frame = queries.where(frame, inst_code=inst, ugs_code=ugs)
    return frame.with_columns(
        pl.col("study_form")
        .replace_strict(FORM_LABELS, default=pl.col("study_form"))
        .alias("study_form_label"),
        pl.col("kind").replace_strict(KIND_LABELS, default=pl.col("kind")).alias("kind_label"),
    )


# --- places against the need at graduation -------------------------------------------------------------
def vs_need(ctx: Access, year: int, ugs: str | None = None) -> pl.DataFrame:
    """The places of ``year`` by УГС against the staffing need of their graduation year (signed-in roles)."""
    require(ctx, "institution_aggregates")
    frame = queries.read(
        "kcp_vs_need_named",
        columns=[
            "admission_year",
            "ugs_code",
            "ugs_name",
            "graduation_year",
            "awarded",
            "projected_supply",
            "need",
            "gap_after",
        ],
        order="admission_year, ugs_code, graduation_year",
    ).rename({"admission_year": "year"})
    return queries.where(frame, year=int(year), ugs_code=ugs)


def proposal_draft(ctx: Access, ugs: str | None = None) -> pl.DataFrame:
    """Next year's draft of admission targets by specialty, with the suggested places (the coordinator)."""
    require(ctx, "plan_admissions")
    frame = queries.read(
        "kcp_proposal_draft",
        columns=[
            "admission_year",
            "specialty_code",
            "specialty_name",
            "ugs_code",
            "ugs_name",
            "graduation_year",
            "need",
            "earlier_supply",
            "gap",
            "current_places",
            "proposed",
            "suggested_places",
        ],
        order="ugs_code, specialty_code",
    ).rename({"admission_year": "year"})
    return queries.where(frame, ugs_code=ugs)


def proposal_xlsx(ctx: Access, frame: pl.DataFrame, year: int, column_labels: dict[str, str]) -> bytes:
    """The coordinator's edited proposal as an Excel book for the ministry's order (nothing is approved)."""
    require(ctx, "plan_admissions")
    return export.to_xlsx(
        {"Предложение КЦП": frame},
        title=f"Предложение по контрольным цифрам приёма на {year} год (проект, не утверждён)",
        filters={"Год приёма": str(year), "Подготовил": ctx.who},
        freshness="Потребность — по прогнозу кадровой потребности; выпуск — по приёму прошлых лет.",
        column_labels=column_labels,
        is_demo=queries.has_demo_data(),
    )
