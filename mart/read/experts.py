"""The regional expert base for the «Эксперты» page: the rating, expiring certificates, an expert's card.

The rating is the view ``expert_rating`` (sql/marts/expert_rating.sql), computed as of the
connection's ``mart_today()``. To rate as of another day D, a query here runs on its own cursor
with that macro redefined; D is an argument of every cached function, so it is part of the cache
key. A certificate is valid on D when ``valid_from <= D <= valid_to``; it is expiring soon when it
is valid on D and ends within 90 days of D (``valid_to - D <= 90``), as in the view.

Who sees what (``mart.access.rules``): everything by name — ``named_results``; the public gets one
regional figure, the number of certified experts (``regional_totals``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.platform import config, db
from mart.read.championships import roadmap_measures
from mart.read.queries import cached, reader

EXPIRY_DAYS = 90
CERTIFICATES = datasets.ENUMS["certificate"]
ROLES = datasets.ENUMS["role"]
# the method of expert_rating.sql, shown on the page and in an expert's points breakdown
CERTIFICATE_POINTS = {"certified_expert": 20, "demo_exam_expert": 10, "regional_expert": 5}
EVENT_POINTS = {
    "chief_expert": 10,
    "deputy_chief_expert": 6,
    "expert": 4,
    "compatriot_expert": 4,
    "demo_exam_expert": 2,
}
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


def _case(column: str, points: dict[str, int]) -> str:
    whens = " ".join(f"when '{code}' then {value}" for code, value in points.items())
    return f"case {column} {whens} else 0 end"


def _as_of(as_of: dt.date | None) -> dt.date:
    day = as_of or config.today()
    if not isinstance(day, dt.date):
        raise TypeError("as_of must be a date")
    return day


def _frame(query: str, params: dict | None, as_of: dt.date) -> pl.DataFrame:
    """Run ``query`` with "today" (the variable ``mart_today``) = ``as_of`` on a cursor of its own."""
    cur = db.set_today(reader().cursor(), as_of)
    return cur.sql(query, params=params).pl()


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
    return reader().df("select distinct year from expert_events order by year desc")


def as_of_dates(ctx: Access) -> list[dt.date]:
    """Dates the page offers besides today: 31 December of each past year with expert events."""
    today = config.today()
    years = _event_years(ctx).get_column("year").to_list()
    return [dt.date(y, 12, 31) for y in years if dt.date(y, 12, 31) < today]


@cached
def competences(ctx: Access) -> pl.DataFrame:
    """Competences in the expert base (certificates or events)."""
    require(ctx, "named_results")
    return reader().df(
        """
        select competence from experts
        union
        select competence from expert_events
        order by competence
        """
    )


@cached
def organizations(ctx: Access) -> pl.DataFrame:
    """Organizations the experts work in (a college by its short name), with the college's code."""
    require(ctx, "named_results")
    return reader().df(
        """
        select organization, any_value(inst_code) as inst_code
        from expert_rating
        where organization is not null
        group by organization
        order by organization
        """
    )


# --- the rating -----------------------------------------------------------------------------------


@cached
def rating(
    ctx: Access, as_of: dt.date | None = None, competence: str | None = None, organization: str | None = None
) -> pl.DataFrame:
    """The expert rating as of D by competence (dense ranks within each competence)."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    return _frame(
        """
        select
            competence,
            rank_in_competence,
            expert_id,
            full_name,
            organization,
            inst_code,
            points,
            certificate_points,
            event_points,
            expiring_soon,
            as_of
        from expert_rating
        where ($competence is null or competence = $competence)
            and ($organization is null or organization = $organization)
        order by competence, rank_in_competence, full_name, expert_id
        """,
        {"competence": competence, "organization": organization},
        day,
    ).with_columns(
        pl.when(pl.col("expiring_soon")).then(pl.lit(EXPIRY_FLAG)).otherwise(pl.lit("")).alias("expiry_flag")
    )


@cached
def competence_summary(
    ctx: Access, as_of: dt.date | None = None, organization: str | None = None
) -> pl.DataFrame:
    """Per competence: experts rated, certified experts on D, the top points and who holds them."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    return _frame(
        """
        with rated as (
            select * from expert_rating
            where ($organization is null or organization = $organization)
        ),

        certified as (
            select competence, count(distinct expert_id) as certified
            from experts
            where certificate = 'certified_expert'
                and valid_from <= $as_of and valid_to >= $as_of
                and ($organization is null or expert_id in (
                    select expert_id from expert_rating where organization = $organization
                ))
            group by competence
        ),

        per_competence as (
            select
                competence,
                cast(count(*) as integer) as experts,
                cast(max(points) as integer) as top_points,
                string_agg(full_name, '; ' order by full_name)
                    filter (where rank_in_competence = 1 and points > 0) as leaders,
                cast(count(*) filter (where expiring_soon) as integer) as expiring
            from rated
            group by competence
        ),

        final as (
            select
                p.competence,
                p.experts,
                cast(coalesce(c.certified, 0) as integer) as certified,
                p.top_points,
                p.leaders,
                p.expiring
            from per_competence as p
            left join certified as c using (competence)
        )

        select * from final
        order by certified desc, experts desc, competence
        """,
        {"as_of": day, "organization": organization},
        day,
    )


@cached
def by_organization(ctx: Access, as_of: dt.date | None = None, competence: str | None = None) -> pl.DataFrame:
    """Per organization: experts, certified experts on D, points, first places in a competence."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    return _frame(
        """
        with rated as (
            select * from expert_rating
            where ($competence is null or competence = $competence)
        ),

        certified as (
            select expert_id
            from experts
            where certificate = 'certified_expert'
                and valid_from <= $as_of and valid_to >= $as_of
                and ($competence is null or competence = $competence)
            group by expert_id
        ),

        final as (
            select
                coalesce(r.organization, 'Организация не указана') as organization,
                any_value(r.inst_code) as inst_code,
                cast(count(distinct r.expert_id) as integer) as experts,
                cast(count(distinct c.expert_id) as integer) as certified,
                cast(sum(r.points) as integer) as points,
                round(sum(r.points) / count(distinct r.expert_id), 1) as points_per_expert,
                cast(count(*) filter (where r.rank_in_competence = 1 and r.points > 0) as integer)
                    as first_places,
                cast(count(distinct r.expert_id) filter (where r.expiring_soon) as integer) as expiring
            from rated as r
            left join certified as c using (expert_id)
            group by all
        )

        select * from final
        order by points desc, organization
        """,
        {"as_of": day, "competence": competence},
        day,
    )


# --- the expert base ------------------------------------------------------------------------------


_BASE_COUNTS = """
    cast(count(distinct expert_id) filter (where valid_from <= {d}) as integer) as experts{s},
    cast(count(distinct expert_id) filter (
        where certificate = 'certified_expert' and valid_from <= {d} and valid_to >= {d}
    ) as integer) as certified{s},
    cast(count(distinct expert_id) filter (
        where valid_from <= {d} and valid_to >= {d} and valid_to - {d} <= {days}
    ) as integer) as expiring{s},
    cast(count(distinct expert_id) filter (
        where valid_from <= {d} and expert_id not in (
            select expert_id from scope where valid_from <= {d} and valid_to >= {d}
        )
    ) as integer) as expired{s}
"""


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
    day = _as_of(as_of)
    return _frame(
        f"""
        with scope as (
            select expert_id, certificate, valid_from, valid_to
            from experts
            where ($competence is null or competence = $competence)
                and ($organization is null or expert_id in (
                    select expert_id from expert_rating where organization = $organization
                ))
        )

        select
            {_BASE_COUNTS.format(d="$as_of", s="", days=EXPIRY_DAYS)},
            {_BASE_COUNTS.format(d="$prev", s="_prev", days=EXPIRY_DAYS)}
        from scope
        """,
        {"as_of": day, "prev": year_before(day), "competence": competence, "organization": organization},
        day,
    )


@cached
def expiring(
    ctx: Access, as_of: dt.date | None = None, competence: str | None = None, organization: str | None = None
) -> pl.DataFrame:
    """Certificates valid on D that end within 90 days of D, the soonest first."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    frame = _frame(
        """
        with scope as (
            select * from experts
            where ($competence is null or competence = $competence)
                and ($organization is null or expert_id in (
                    select expert_id from expert_rating where organization = $organization
                ))
        )

        select
            expert_id,
            full_name,
            organization,
            competence,
            certificate,
            valid_from,
            valid_to,
            cast(valid_to - $as_of as integer) as days_left
        from scope
        where valid_from <= $as_of and valid_to >= $as_of and valid_to - $as_of <= $days
        order by valid_to, full_name, competence, certificate
        """,
        {"as_of": day, "days": EXPIRY_DAYS, "competence": competence, "organization": organization},
        day,
    )
    return frame.with_columns(
        pl.col("certificate").replace_strict(CERTIFICATES).alias("certificate_label"),
        _urgency(pl.col("days_left")).alias("urgency"),
    )


@cached
def certified_total(ctx: Access, as_of: dt.date | None = None) -> pl.DataFrame:
    """One regional figure for everyone: certified experts on D and the competences they cover."""
    require(ctx, "regional_totals")
    day = _as_of(as_of)
    return _frame(
        """
        select
            cast(count(distinct expert_id) as integer) as certified,
            cast(count(distinct competence) as integer) as competences
        from experts
        where certificate = 'certified_expert' and valid_from <= $as_of and valid_to >= $as_of
        """,
        {"as_of": day},
        day,
    )


# --- an expert's card -----------------------------------------------------------------------------


@cached
def expert_certificates(ctx: Access, expert_id: str, as_of: dt.date | None = None) -> pl.DataFrame:
    """An expert's certificates with validity on D, status and the points each gives on D."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    frame = _frame(
        f"""
        with certificates as (
            select * from experts where expert_id = $expert_id
        ),

        final as (
            select
                competence,
                certificate,
                valid_from,
                valid_to,
                case
                    when valid_from > $as_of then 'not_yet'
                    when valid_to < $as_of then 'expired'
                    when valid_to - $as_of <= $days then 'expiring'
                    else 'valid'
                end as status,
                case when valid_from <= $as_of and valid_to >= $as_of
                    then cast(valid_to - $as_of as integer) end as days_left,
                case when valid_from <= $as_of and valid_to >= $as_of
                    then {_case("certificate", CERTIFICATE_POINTS)} else 0 end as points
            from certificates
        )

        select * from final
        order by competence, valid_to desc, certificate
        """,
        {"expert_id": expert_id, "as_of": day, "days": EXPIRY_DAYS},
        day,
    )
    return frame.with_columns(
        pl.col("certificate").replace_strict(CERTIFICATES).alias("certificate_label"),
        pl.col("status").replace_strict(STATUS).alias("status_label"),
        pl.col("points").cast(pl.Int32),
    )


@cached
def expert_events(ctx: Access, expert_id: str, as_of: dt.date | None = None) -> pl.DataFrame:
    """An expert's roles at events by year; points count only in D's year and the two before."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    frame = _frame(
        f"""
        select
            year,
            event,
            competence,
            role,
            year between $first and $last as counted,
            cast(case when year between $first and $last
                then {_case("role", EVENT_POINTS)} else 0 end as integer) as points
        from expert_events
        where expert_id = $expert_id
        order by year desc, event, competence, role
        """,
        {"expert_id": expert_id, "first": day.year - 2, "last": day.year},
        day,
    )
    return frame.with_columns(pl.col("role").replace_strict(ROLES).alias("role_label"))


@cached
def expert_points(ctx: Access, expert_id: str, as_of: dt.date | None = None) -> pl.DataFrame:
    """An expert's rating rows as of D: points per competence, their breakdown and the place."""
    require(ctx, "named_results")
    day = _as_of(as_of)
    return _frame(
        """
        with ranked as (
            select
                *,
                cast(count(*) over (partition by competence) as integer) as rated_in_competence
            from expert_rating
        )

        select
            competence,
            certificate_points,
            event_points,
            points,
            rank_in_competence,
            rated_in_competence,
            expiring_soon,
            full_name,
            organization
        from ranked
        where expert_id = $expert_id
        order by points desc, competence
        """,
        {"expert_id": expert_id},
        day,
    )
