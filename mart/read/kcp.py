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
from mart.read import periods
from mart.read.queries import cached, has_demo_data, reader

FORM_LABELS = datasets.ENUMS["study_form"]
KIND_LABELS = {
    "differs": "КЦП организации ≠ итогам конкурса",
    "not_awarded": "КЦП без мест по итогам конкурса",
}


# --- the region --------------------------------------------------------------------------------------


@cached
def _region() -> pl.DataFrame:
    return reader().df(
        """
        select
            admission_year as year, proposed, approved, bid, awarded, applications, competition,
            enrolled, fulfilment, enrolled_target, target_share, enrolled_paid, unfilled,
            colleges_awarded, colleges_reported
        from kcp_region
        order by admission_year
        """
    )


ADMISSIONS = ("admissions",)  # the collection that says whether a year's admission is complete


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


@cached
def _by_ugs() -> pl.DataFrame:
    return reader().df(
        """
        select
            c.admission_year as year, c.ugs_code, u.ugs_name, c.proposed, c.approved, c.bid, c.awarded,
            c.applications, c.competition, c.enrolled, c.fulfilment, c.enrolled_target, c.target_share,
            c.unfilled
        from kcp_cycle_ugs as c
        left join (select distinct ugs_code, ugs_name from specialties) as u using (ugs_code)
        order by c.admission_year, c.ugs_code
        """
    )


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


@cached
def _by_specialty() -> pl.DataFrame:
    return reader().df(
        """
        select
            c.admission_year as year, c.specialty_code, s.name as specialty_name, c.ugs_code,
            c.proposed, c.approved, c.bid, c.awarded, c.applications, c.competition, c.enrolled,
            c.fulfilment, c.enrolled_target
        from kcp_cycle as c
        left join specialties as s using (specialty_code)
        order by c.admission_year, c.specialty_code
        """
    )


def by_specialty(ctx: Access, year: int, ugs: str | None = None) -> pl.DataFrame:
    """The cycle by specialty for the region (signed-in roles)."""
    require(ctx, "institution_aggregates")
    frame = _by_specialty().filter(pl.col("year") == year)
    return frame if ugs is None else frame.filter(pl.col("ugs_code") == ugs)


@cached
def _by_college() -> pl.DataFrame:
    return reader().df(
        """
        select
            d.admission_year as year, d.inst_code, i.short_name, i.municipality, d.specialty_code,
            s.name as specialty_name, s.ugs_code, d.bid, d.awarded, d.applications, d.competition,
            d.enrolled, d.fulfilment, d.enrolled_target, d.target_share, d.enrolled_paid, d.unfilled,
            d.admission_reported, d.awarded_by_competition
        from kcp_college_detail as d
        left join institutions as i using (inst_code)
        left join specialties as s using (specialty_code)
        order by d.admission_year, d.inst_code, d.specialty_code
        """
    )


def by_college(
    ctx: Access, year: int, ugs: str | None = None, inst: str | None = None, spec: str | None = None
) -> pl.DataFrame:
    """Bids, awards, competition and fulfilment by college and specialty (an institution: its own)."""
    scope = kcp_scope(ctx)
    frame = _by_college().filter(pl.col("year") == year)
    for column, value in (
        ("inst_code", scope),
        ("inst_code", inst),
        ("ugs_code", ugs),
        ("specialty_code", spec),
    ):
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame


def institutions(ctx: Access, year: int) -> pl.DataFrame:
    """The colleges with places or admissions in ``year`` that the caller may see (for the filter)."""
    return by_college(ctx, year).select("inst_code", "short_name").unique().sort("inst_code")


@cached
def _discrepancies() -> pl.DataFrame:
    return reader().df(
        """
        select
            d.admission_year as year, d.inst_code, i.short_name, d.specialty_code, s.name as specialty_name,
            s.ugs_code, d.study_form, d.awarded_places, d.kcp_plan, d.difference, d.kind
        from kcp_discrepancies as d
        left join institutions as i using (inst_code)
        left join specialties as s using (specialty_code)
        order by d.admission_year, d.inst_code, d.specialty_code, d.study_form
        """
    )


def discrepancies(ctx: Access, year: int, ugs: str | None = None, inst: str | None = None) -> pl.DataFrame:
    """Where a college's reported КЦП differs from the competition's award (listed, not rejected)."""
    scope = kcp_scope(ctx)
    frame = _discrepancies().filter(pl.col("year") == year)
    for column, value in (("inst_code", scope), ("inst_code", inst), ("ugs_code", ugs)):
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame.with_columns(
        pl.col("study_form")
        .replace_strict(FORM_LABELS, default=pl.col("study_form"))
        .alias("study_form_label"),
        pl.col("kind").replace_strict(KIND_LABELS, default=pl.col("kind")).alias("kind_label"),
    )


# --- places against the need at graduation -------------------------------------------------------------
@cached
def _vs_need() -> pl.DataFrame:
    return reader().df(
        """
        select
            v.admission_year as year, v.ugs_code, u.ugs_name, v.graduation_year, v.awarded,
            v.projected_supply, v.need, v.gap_after
        from kcp_vs_need as v
        left join (select distinct ugs_code, ugs_name from specialties) as u using (ugs_code)
        order by v.admission_year, v.ugs_code, v.graduation_year
        """
    )


def vs_need(ctx: Access, year: int, ugs: str | None = None) -> pl.DataFrame:
    """The places of ``year`` by УГС against the staffing need of their graduation year (signed-in roles)."""
    require(ctx, "institution_aggregates")
    frame = _vs_need().filter(pl.col("year") == year)
    return frame if ugs is None else frame.filter(pl.col("ugs_code") == ugs)


@cached
def _proposal_draft() -> pl.DataFrame:
    return reader().df(
        """
        select
            d.admission_year as year, d.specialty_code, s.name as specialty_name, d.ugs_code, u.ugs_name,
            d.graduation_year, d.need, d.earlier_supply, d.gap, d.current_places, d.proposed,
            d.suggested_places
        from kcp_proposal_draft as d
        left join specialties as s using (specialty_code)
        left join (select distinct ugs_code, ugs_name from specialties) as u on u.ugs_code = d.ugs_code
        order by d.ugs_code, d.specialty_code
        """
    )


def proposal_draft(ctx: Access, ugs: str | None = None) -> pl.DataFrame:
    """Next year's draft of admission targets by specialty, with the suggested places (the coordinator)."""
    require(ctx, "plan_admissions")
    frame = _proposal_draft()
    return frame if ugs is None else frame.filter(pl.col("ugs_code") == ugs)


def proposal_xlsx(ctx: Access, frame: pl.DataFrame, year: int, column_labels: dict[str, str]) -> bytes:
    """The coordinator's edited proposal as an Excel book for the ministry's order (nothing is approved)."""
    require(ctx, "plan_admissions")
    return export.to_xlsx(
        {"Предложение КЦП": frame},
        title=f"Предложение по контрольным цифрам приёма на {year} год (проект, не утверждён)",
        filters={"Год приёма": str(year), "Подготовил": ctx.who},
        freshness="Потребность — по прогнозу кадровой потребности; выпуск — по приёму прошлых лет.",
        column_labels=column_labels,
        is_demo=has_demo_data(),
    )
