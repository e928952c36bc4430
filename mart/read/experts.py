"""The regional expert base for the «Эксперты» page: the rating, expiring certificates, an expert's card.

Every figure is a model in sql/marts/experts/ (the rating: ``expert_rating``, its points from
``seeds/expert_rating_points.csv``). The models that depend on the day take ``p_as_of`` (their view
is as of today, ``MART_TODAY`` when set); a function here reads them through ``queries.read`` with
D as that parameter, so D is part of the cache key. A certificate is valid on D when ``valid_from <= D <= valid_to``; it is expiring soon when it
is valid on D and ends within 90 days of D (``valid_to - D <= 90``), as in the view.

Who sees what (``mart.access.rules``): everything by name — ``named_results``; the public gets one
regional figure, the number of certified experts (``regional_totals``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.platform import config, ru
from mart.read.championships import roadmap_measures
from mart.read.queries import cached, read

EXPIRY_DAYS = 90
CERTIFICATES = datasets.ENUMS["certificate"]
ROLES = datasets.ENUMS["role"]
# words, not emoji: fonts differ between browsers and Excel, and exports keep the text
STATUS = {
    "valid": "Действует",
    "expiring": f"Истекает в течение {EXPIRY_DAYS} дней",
    "expired": "Истёк",
    "not_yet": "Ещё не действует",
}
EXPIRY_FLAG = f"истекает в {EXPIRY_DAYS} дней"
# the roadmap measures this page reports on: the regional expert community, certification of experts
MEASURES = ("5.10", "7.7")


def measures(ctx: Access) -> pl.DataFrame:
    """The roadmap measures about experts, with their section, group, status and progress."""
    return roadmap_measures(ctx, MEASURES)


def today() -> dt.date:
    """The default as-of date (``MART_TODAY`` when set)."""
    return config.today()


def _urgency(days_left: pl.Expr) -> pl.Expr:
    """How soon a certificate ends: within 30 days, within 60, within 90."""
    return (
        pl.when(days_left <= 30)
        .then(pl.lit("≤ 30 дн."))
        .when(days_left <= 60)
        .then(pl.lit("≤ 60 дн."))
        .otherwise(pl.lit("≤ 90 дн."))
    )


def _as_of(as_of: dt.date | None) -> dt.date:
    day = as_of or config.today()
    if not isinstance(day, dt.date):
        raise TypeError("as_of must be a date")
    return day


def _read(
    model: str,
    where: str | None,
    params: dict | None,
    as_of: dt.date,
    *,
    at: dict | None = None,
    columns: str | None = None,
    order: str | None = None,
) -> pl.DataFrame:
    """The rows of a model (sql/marts/experts/) as of D (``queries.read``; the models that depend on
    the day take ``p_as_of``): the read functions only filter."""
    if model in _DATED:
        at = {**(at or {}), "p_as_of": as_of}
    cols = [c.strip() for c in columns.split(",")] if columns else None
    return read(model, where=where, params=params, at=at, columns=cols, order=order)


# the models rated as of a day (their header's params name p_as_of)
_DATED = {
    "expert_rating",
    "expert_certificate_status",
    "expert_event_points",
    "expert_competence_summary",
    "expert_organization_summary",
    "expert_base_counts",
    "expert_certified_total",
}


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


# --- filter options -------------------------------------------------------------------------------


@cached
def _event_years(ctx: Access) -> pl.DataFrame:
    require(ctx, "named_results")
    return _read("expert_event_years", None, None, config.today(), order="year desc")


def as_of_dates(ctx: Access) -> list[dt.date]:
    """Dates the page offers besides today: 31 December of each past year with expert events."""
    today = config.today()
    years = _event_years(ctx).get_column("year").to_list()
    return [dt.date(y, 12, 31) for y in years if dt.date(y, 12, 31) < today]


@cached
def competences(ctx: Access) -> pl.DataFrame:
    """Competences in the expert base (certificates or events)."""
    require(ctx, "named_results")
    return _read("expert_competences", None, None, config.today(), order="competence")


@cached
def organizations(ctx: Access) -> pl.DataFrame:
    """Organizations the experts work in (a college by its short name), with the college's code."""
    require(ctx, "named_results")
    return _read("expert_organizations", None, None, config.today(), order="organization")


@cached
def rating_points(ctx: Access) -> pl.DataFrame:
    """The points of the rating (seeds/expert_rating_points.csv): kind (certificate or role), code,
    points, label_ru, in the method's order."""
    require(ctx, "regional_totals")
    return _read("seed.expert_rating_points", None, None, config.today(), order="kind, sort_order")


def method_ru(ctx: Access) -> str:
    """The rating's method in words, with the points of the seed (shown on the page)."""
    points = rating_points(ctx)

    def listed(kind: str) -> str:
        rows = points.filter(pl.col("kind") == kind).iter_rows(named=True)
        return ", ".join(
            f"{r['label_ru']} {r['points']}"
            + (f" {ru.plural(r['points'], 'балл', 'балла', 'баллов')}" if i == 0 else "")
            for i, r in enumerate(rows)
        )

    return (
        f"Рейтинг на дату D: действующий на D сертификат в компетенции — {listed('certificate')}; "
        f"плюс участие в мероприятиях по компетенции в году D и двух предыдущих — {listed('role')}. "
        "Места внутри компетенции, равные баллы — одно место."
    )


# --- the rating -----------------------------------------------------------------------------------


@cached
def rating(
    ctx: Access, as_of: dt.date | None = None, competence: str | None = None, organization: str | None = None
) -> pl.DataFrame:
    """The expert rating as of D by competence (dense ranks within each competence)."""
    require(ctx, "named_results")
    return _read(
        "expert_rating",
        "($competence is null or competence = $competence) and ($organization is null or organization = $organization)",
        {"competence": competence, "organization": organization},
        _as_of(as_of),
        columns="competence, rank_in_competence, expert_id, full_name, organization, inst_code, points,"
        " certificate_points, event_points, expiring_soon, as_of",
        order="competence, rank_in_competence, full_name, expert_id",
    ).with_columns(
        pl.when(pl.col("expiring_soon")).then(pl.lit(EXPIRY_FLAG)).otherwise(pl.lit("")).alias("expiry_flag")
    )


@cached
def competence_summary(
    ctx: Access, as_of: dt.date | None = None, organization: str | None = None
) -> pl.DataFrame:
    """Per competence: experts rated, certified experts on D, the top points and who holds them."""
    require(ctx, "named_results")
    return _read(
        "expert_competence_summary",
        None,
        None,
        _as_of(as_of),
        at={"p_organization": organization},
        order="certified desc, experts desc, competence",
    )


@cached
def by_organization(ctx: Access, as_of: dt.date | None = None, competence: str | None = None) -> pl.DataFrame:
    """Per organization: experts, certified experts on D, points, first places in a competence."""
    require(ctx, "named_results")
    return _read(
        "expert_organization_summary",
        None,
        None,
        _as_of(as_of),
        at={"p_competence": competence},
        order="points desc, organization",
    )


# --- the expert base ------------------------------------------------------------------------------


@cached
def base_counts(
    ctx: Access, as_of: dt.date | None = None, competence: str | None = None, organization: str | None = None
) -> pl.DataFrame:
    """One row: experts, certified, expiring soon and expired as of D and as of a year before D.

    experts — with a certificate issued by D; certified — with a certified_expert certificate valid
    on D; expiring — with a certificate valid on D that ends within 90 days; expired — with
    certificates issued by D and none of them valid on D. The ``*_prev`` columns are the same a year
    earlier.
    """
    require(ctx, "named_results")
    return _read(
        "expert_base_counts",
        None,
        None,
        _as_of(as_of),
        at={"p_competence": competence, "p_organization": organization},
        columns="experts, certified, expiring, expired, experts_prev, certified_prev, expiring_prev, expired_prev",
    )


@cached
def expiring(
    ctx: Access, as_of: dt.date | None = None, competence: str | None = None, organization: str | None = None
) -> pl.DataFrame:
    """Certificates valid on D that end within 90 days of D, the soonest first."""
    require(ctx, "named_results")
    frame = _read(
        "expert_certificate_status",
        "status = 'expiring' and ($competence is null or competence = $competence)"
        " and ($organization is null or expert_organization = $organization)",
        {"competence": competence, "organization": organization},
        _as_of(as_of),
        columns="expert_id, full_name, organization, competence, certificate, valid_from, valid_to, days_left",
        order="valid_to, full_name, competence, certificate",
    )
    return frame.with_columns(
        pl.col("certificate").replace_strict(CERTIFICATES).alias("certificate_label"),
        _urgency(pl.col("days_left")).alias("urgency"),
    )


@cached
def certified_total(ctx: Access, as_of: dt.date | None = None) -> pl.DataFrame:
    """One regional figure for everyone: certified experts on D and the competences they cover."""
    require(ctx, "regional_totals")
    return _read("expert_certified_total", None, None, _as_of(as_of), columns="certified, competences")


# --- an expert's card -----------------------------------------------------------------------------


@cached
def expert_certificates(ctx: Access, expert_id: str, as_of: dt.date | None = None) -> pl.DataFrame:
    """An expert's certificates with validity on D, status and the points each gives on D."""
    require(ctx, "named_results")
    frame = _read(
        "expert_certificate_status",
        "expert_id = $expert_id",
        {"expert_id": expert_id},
        _as_of(as_of),
        columns="competence, certificate, valid_from, valid_to, status, days_left, points",
        order="competence, valid_to desc, certificate",
    )
    return frame.with_columns(
        pl.col("certificate").replace_strict(CERTIFICATES).alias("certificate_label"),
        pl.col("status").replace_strict(STATUS).alias("status_label"),
    )


@cached
def expert_events(ctx: Access, expert_id: str, as_of: dt.date | None = None) -> pl.DataFrame:
    """An expert's roles at events by year; points count only in D's year and the two before."""
    require(ctx, "named_results")
    frame = _read(
        "expert_event_points",
        "expert_id = $expert_id",
        {"expert_id": expert_id},
        _as_of(as_of),
        columns="year, event, competence, role, counted, points",
        order="year desc, event, competence, role",
    )
    return frame.with_columns(pl.col("role").replace_strict(ROLES).alias("role_label"))


@cached
def expert_points(ctx: Access, expert_id: str, as_of: dt.date | None = None) -> pl.DataFrame:
    """An expert's rating rows as of D: points per competence, their breakdown and the place."""
    require(ctx, "named_results")
    return _read(
        "expert_rating",
        "expert_id = $expert_id",
        {"expert_id": expert_id},
        _as_of(as_of),
        columns="competence, certificate_points, event_points, points, rank_in_competence,"
        " rated_in_competence, expiring_soon, full_name, organization",
        order="points desc, competence",
    )
