"""mart/read/experts.py: access by role, the rating as of another date on given rows computed by hand, and
the demo mart against direct SQL.

Today is 2026-11-26 (MART_TODAY in tests); 2026-11-26 + 90 days = 2027-02-24.
"""

import datetime as dt

import duckdb
import polars as pl
import pytest

from mart.access.rules import PUBLIC, Access, AccessDenied
from mart.platform import models
from mart.read import experts as ex
from mart.read import queries
from tests.conftest import given_rating_points

TODAY = dt.date(2026, 11, 26)
COUNCIL = Access(role="council", login="c")
CENTER = Access(role="regional_center", login="rkc")
COLLEGE = Access(role="institution", login="poo01", inst_code="POO-01")


@pytest.fixture
def tiny_mart(given, tmp_path, monkeypatch):
    given_rating_points(given)
    given.sql(
        """
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)
        values (1, 'institutions', 'i.csv', 'upsert', 't', timestamp '2026-01-01', 'cli', 'accepted'),
               (2, 'experts', 'e.csv', 'upsert', 't', timestamp '2026-01-02', 'cli', 'accepted'),
               (3, 'expert_events', 'v.csv', 'upsert', 't', timestamp '2026-01-03', 'cli', 'accepted');
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО');
        insert into raw.experts (batch_id, row_no, op, expert_id, full_name, inst_code, organization,
                                 competence, certificate, valid_from, valid_to) values
            -- E1: certified 2024–2027; demo exam 2025 until exactly 90 days after today
            (2, 2, 'upsert', 'E1', 'Иванова', 'POO-01', null, 'Электромонтаж', 'certified_expert', '2024-01-01', '2027-12-31'),
            (2, 3, 'upsert', 'E1', 'Иванова', 'POO-01', null, 'Электромонтаж', 'demo_exam_expert', '2025-01-01', '2027-02-24'),
            -- E2: demo exam until 91 days after today; certified 2020 – 1 January 2023
            (2, 4, 'upsert', 'E2', 'Петров', null, 'АО «Завод»', 'Электромонтаж', 'demo_exam_expert', '2025-06-01', '2027-02-25'),
            (2, 5, 'upsert', 'E2', 'Петров', null, 'АО «Завод»', 'Электромонтаж', 'certified_expert', '2020-01-01', '2023-01-01'),
            -- E3: a regional expert until 2022 only
            (2, 6, 'upsert', 'E3', 'Сидорова', null, 'АО «Завод»', 'Электромонтаж', 'regional_expert', '2019-01-01', '2022-01-01');
        insert into raw.expert_events (batch_id, row_no, op, expert_id, year, event, competence, role) values
            (3, 2, 'upsert', 'E1', 2026, 'РЧ 2026', 'Электромонтаж', 'chief_expert'),
            (3, 3, 'upsert', 'E1', 2024, 'РЧ 2024', 'Электромонтаж', 'expert'),
            (3, 4, 'upsert', 'E1', 2023, 'РЧ 2023', 'Электромонтаж', 'deputy_chief_expert'),
            (3, 5, 'upsert', 'E2', 2025, 'РЧ 2025', 'Электромонтаж', 'deputy_chief_expert'),
            (3, 6, 'upsert', 'E2', 2026, 'ДЭ 2026', 'Электромонтаж', 'demo_exam_expert'),
            (3, 7, 'upsert', 'E3', 2024, 'РЧ 2024', 'Электромонтаж', 'expert'),
            (3, 8, 'upsert', 'E3', 2022, 'РЧ 2022', 'Электромонтаж', 'chief_expert');
        """
    )
    models.build_models(given)
    given.close()
    monkeypatch.setenv("MART_DB", str(tmp_path / "given.duckdb"))


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda ctx: ex.competences(ctx),
        lambda ctx: ex.organizations(ctx),
        lambda ctx: ex.rating(ctx),
        lambda ctx: ex.competence_summary(ctx),
        lambda ctx: ex.by_organization(ctx),
        lambda ctx: ex.base_counts(ctx),
        lambda ctx: ex.expiring(ctx),
        lambda ctx: ex.expert_certificates(ctx, "E1"),
        lambda ctx: ex.expert_events(ctx, "E1"),
        lambda ctx: ex.expert_points(ctx, "E1"),
    ],
)
def test_public_is_denied_the_expert_base(tiny_mart, call):
    with pytest.raises(AccessDenied):
        call(PUBLIC)
    for ctx in (COUNCIL, CENTER, COLLEGE):
        assert isinstance(call(ctx), pl.DataFrame)


def test_public_gets_the_regional_count_of_certified_experts(tiny_mart):
    # today only E1's certified_expert certificate is valid
    assert ex.certified_total(PUBLIC).row(0) == (1, 1)
    # on 31.12.2022 only E2's (it ends on 01.01.2023)
    assert ex.certified_total(PUBLIC, dt.date(2022, 12, 31)).row(0) == (1, 1)


# --- the rating as of a date ------------------------------------------------------------------------


def _ranks(frame):
    return frame.select("expert_id", "points", "rank_in_competence", "expiring_soon").rows()


def test_rating_today(tiny_mart):
    # window 2024–2026. E1: certified 20 + demo exam 10 + chief 2026 10 + expert 2024 4 = 44, a
    # certificate ends in 90 days; E2: demo exam 10 (the certified one is over) + deputy 6 + demo 2 = 18;
    # E3: expert 2024 4
    assert _ranks(ex.rating(COUNCIL)) == [("E1", 44, 1, True), ("E2", 18, 2, False), ("E3", 4, 3, False)]
    assert ex.rating(COUNCIL).get_column("as_of").unique().to_list() == [TODAY]


def test_rating_as_of_the_end_of_2025(tiny_mart):
    # window 2023–2025. E1: 20 + 10 + expert 2024 4 + deputy 2023 6 = 40; E2: demo exam (since June
    # 2025) 10 + deputy 2025 6 = 16; E3: 4
    day = dt.date(2025, 12, 31)
    rating = ex.rating(COUNCIL, day)
    assert _ranks(rating) == [("E1", 40, 1, False), ("E2", 16, 2, False), ("E3", 4, 3, False)]
    assert rating.get_column("as_of").unique().to_list() == [day]


def test_rating_as_of_the_end_of_2022_changes_the_order(tiny_mart):
    # window 2020–2022. E1 holds nothing yet: 0; E2: certified (until 01.01.2023, one day left) 20;
    # E3: its certificate is over, chief 2022 10
    rating = ex.rating(COUNCIL, dt.date(2022, 12, 31))
    assert _ranks(rating) == [("E2", 20, 1, True), ("E3", 10, 2, False), ("E1", 0, 3, False)]


def test_another_date_does_not_leak_into_other_queries(tiny_mart):
    ex.rating(COUNCIL, dt.date(2022, 12, 31))
    assert queries.reader().df("select mart_today() as d").item() == TODAY
    assert _ranks(ex.rating(COUNCIL))[0] == ("E1", 44, 1, True)


def test_rating_filtered_by_organization_keeps_the_competence_ranks(tiny_mart):
    rating = ex.rating(COUNCIL, None, "Электромонтаж", "АО «Завод»")
    assert _ranks(rating) == [("E2", 18, 2, False), ("E3", 4, 3, False)]
    assert ex.rating(COUNCIL, None, None, "Колледж 1").get_column("expert_id").to_list() == ["E1"]


def test_by_organization(tiny_mart):
    rows = ex.by_organization(COUNCIL).select(
        "organization", "experts", "certified", "points", "points_per_expert", "first_places", "expiring"
    )
    assert rows.rows() == [
        ("Колледж 1", 1, 1, 44, 44.0, 1, 1),
        ("АО «Завод»", 2, 0, 22, 11.0, 0, 0),
    ]


def test_competence_summary(tiny_mart):
    row = ex.competence_summary(COUNCIL).row(0, named=True)
    assert row == {
        "competence": "Электромонтаж",
        "experts": 3,
        "certified": 1,
        "top_points": 44,
        "leaders": "Иванова",
        "expiring": 1,
    }


# --- the expert base ----------------------------------------------------------------------------------


def test_base_counts_today_and_a_year_before(tiny_mart):
    row = ex.base_counts(COUNCIL).row(0, named=True)
    # today: 3 experts; certified E1; expiring E1 (demo exam, 90 days); expired E3 (E2's demo exam is valid)
    # 26.11.2025: 3; certified E1; nothing ends by 24.02.2026; expired E3
    assert row == {
        "experts": 3,
        "certified": 1,
        "expiring": 1,
        "expired": 1,
        "experts_prev": 3,
        "certified_prev": 1,
        "expiring_prev": 0,
        "expired_prev": 1,
    }


def test_base_counts_as_of_2022(tiny_mart):
    row = ex.base_counts(COUNCIL, dt.date(2022, 12, 31)).row(0, named=True)
    # E1 has no certificate yet; E2 certified, ending on 01.01.2023; E3 expired.
    # 31.12.2021: E2 certified (not ending soon), E3 regional until 01.01.2022 — 1 day: expiring
    assert row == {
        "experts": 2,
        "certified": 1,
        "expiring": 1,
        "expired": 1,
        "experts_prev": 2,
        "certified_prev": 1,
        "expiring_prev": 1,
        "expired_prev": 0,
    }


def test_expiring_certificates(tiny_mart):
    rows = ex.expiring(COUNCIL).select("expert_id", "certificate", "valid_to", "days_left", "urgency").rows()
    # E2's demo exam certificate ends 91 days after today: not in the list
    assert rows == [("E1", "demo_exam_expert", dt.date(2027, 2, 24), 90, "≤ 90 дн.")]
    assert ex.expiring(COUNCIL, dt.date(2022, 12, 31)).get_column("days_left").to_list() == [1]


def test_expert_card_adds_up_to_the_rating(tiny_mart):
    certificates = ex.expert_certificates(COUNCIL, "E1")
    assert certificates.select("certificate", "status", "days_left", "points").rows() == [
        ("certified_expert", "valid", 400, 20),
        ("demo_exam_expert", "expiring", 90, 10),
    ]
    events = ex.expert_events(COUNCIL, "E1")
    assert events.select("year", "role", "counted", "points").rows() == [
        (2026, "chief_expert", True, 10),
        (2024, "expert", True, 4),
        (2023, "deputy_chief_expert", False, 0),
    ]
    points = ex.expert_points(COUNCIL, "E1").row(0, named=True)
    assert (points["certificate_points"], points["event_points"], points["points"]) == (30, 14, 44)
    assert points["certificate_points"] == certificates.get_column("points").sum()
    assert points["event_points"] == events.get_column("points").sum()
    # as of 2022: nothing valid yet, the 2023 role is in the future window only
    assert ex.expert_certificates(COUNCIL, "E1", dt.date(2022, 12, 31)).get_column("status").to_list() == [
        "not_yet",
        "not_yet",
    ]


def test_as_of_dates_are_past_year_ends(tiny_mart):
    assert ex.as_of_dates(COUNCIL) == [
        dt.date(2025, 12, 31),
        dt.date(2024, 12, 31),
        dt.date(2023, 12, 31),
        dt.date(2022, 12, 31),
    ]
    assert ex.year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


# --- the demo mart against direct SQL ----------------------------------------------------------------


def _sql(path, query, day):
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.sql(f"create or replace temp macro mart_today() as date '{day}'")
        con.sql(f"set variable mart_today = date '{day}'")
        return con.sql(query).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("day", [TODAY, dt.date(2024, 12, 31)])
def test_demo_rating_is_the_view(built_mart, day):
    expected = _sql(
        built_mart,
        "select expert_id, competence, points, rank_in_competence from expert_rating order by all",
        day,
    )
    got = (
        ex.rating(COUNCIL, day)
        .select("expert_id", "competence", "points", "rank_in_competence")
        .sort("expert_id", "competence")
    )
    assert got.rows() == expected


def test_demo_base_counts_match_direct_sql(built_mart):
    (expected,) = _sql(
        built_mart,
        """
        with d as (select mart_today() as d)
        select
            count(distinct expert_id) filter (where valid_from <= d),
            count(distinct expert_id) filter (where certificate = 'certified_expert' and d between valid_from and valid_to),
            count(distinct expert_id) filter (where d between valid_from and valid_to and valid_to <= d + 90)
        from experts, d
        """,
        TODAY,
    )
    row = ex.base_counts(COUNCIL).row(0, named=True)
    assert (row["experts"], row["certified"], row["expiring"]) == expected
    (expired,) = _sql(
        built_mart,
        """
        select count(*) from (
            select expert_id from experts
            group by expert_id
            having bool_and(not (mart_today() between valid_from and valid_to))
               and bool_or(valid_from <= mart_today())
        )
        """,
        TODAY,
    )
    assert row["expired"] == expired[0]


def test_the_page_states_the_method_with_the_seeds_points(tiny_mart):
    text = ex.method_ru(COUNCIL)
    assert (
        "сертифицированный эксперт 20 баллов, эксперт с правом оценки ДЭ 10, региональный эксперт 5;" in text
    )
    assert "главный эксперт 10 баллов, заместитель 6, эксперт 4, эксперт-компатриот 4, эксперт ДЭ 2." in text
