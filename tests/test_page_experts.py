"""«Эксперты» in AppTest: what each role sees, filters by key and by link (the as-of date included),
figures against direct SQL on the mart."""

import datetime as dt

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page, open_page_past_the_gate

PAGE = "experts.py"
TODAY = dt.date(2026, 11, 26)
COUNCIL = Access(role="council", login="demo.council")
CENTER = Access(role="regional_center", login="demo.rkc")
COLLEGE = Access(role="institution", login="demo.poo03", inst_code="POO-03")


def sql(path, query, day=TODAY, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.sql(f"create or replace temp macro mart_today() as date '{day.isoformat()}'")
        con.sql(f"set variable mart_today = date '{day.isoformat()}'")
        return con.sql(query, params=params).fetchall()
    finally:
        con.close()


def page(ctx, past_the_gate: bool = False, **query) -> AppTest:
    at = (open_page_past_the_gate if past_the_gate else open_page)(PAGE, default_timeout=60)
    at.session_state["access"] = ctx
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def metric(at, label) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


def table_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def counts(path, day, competence=None):
    """Experts, certified and expiring as of ``day``, straight from the experts view."""
    return sql(
        path,
        """
        select
            count(distinct expert_id) filter (where valid_from <= mart_today()),
            count(distinct expert_id) filter (
                where certificate = 'certified_expert' and mart_today() between valid_from and valid_to),
            count(distinct expert_id) filter (
                where mart_today() between valid_from and valid_to and valid_to <= mart_today() + 90)
        from experts
        where $c is null or competence = $c
        """,
        day,
        {"c": competence},
    )[0]


def test_public_gets_a_message_and_the_regional_count(built_mart):
    at = page(PUBLIC, past_the_gate=True)  # the app sends the public to sign in first
    assert not at.exception
    assert any("после входа" in i.value for i in at.info)
    (certified,) = sql(
        built_mart,
        "select count(distinct expert_id) from experts where certificate = 'certified_expert'"
        " and mart_today() between valid_from and valid_to",
    )[0]
    assert metric(at, "Сертифицированных экспертов в регионе") == certified
    # no names, no rating, no filters: only the freshness table
    for frame in at.dataframe:
        assert "full_name" not in frame.value.columns and "expert_id" not in frame.value.columns
    assert not at.selectbox
    assert not at.tabs


@pytest.mark.parametrize("ctx", [COUNCIL, CENTER, COLLEGE])
def test_signed_in_roles_see_the_base_and_the_rating(built_mart, ctx):
    at = page(ctx)
    assert not at.exception
    experts, certified, expiring = counts(built_mart, TODAY)
    assert metric(at, "Экспертов") == experts
    assert metric(at, "Сертифицированных") == certified
    assert metric(at, "Истекает в 90 дней") == expiring
    rating = table_with(at, "rank_in_competence")
    (rows,) = sql(built_mart, "select count(*) from expert_rating")[0]
    assert len(rating) == rows
    soon = table_with(at, "days_left")
    (n,) = sql(
        built_mart,
        "select count(*) from experts where mart_today() between valid_from and valid_to"
        " and valid_to <= mart_today() + 90",
    )[0]
    assert len(soon) == n > 0
    assert (soon["days_left"] <= 90).all()
    # the rating flags the rows whose certificate ends soon
    (flagged,) = sql(built_mart, "select count(*) from expert_rating where expiring_soon")[0]
    assert (rating["expiry_flag"] != "").sum() == flagged


def test_as_of_date_by_key_changes_the_rating(built_mart):
    at = page(COUNCIL)
    at.selectbox(key="competence").set_value("Электромонтаж").run()
    day = dt.date(2023, 12, 31)
    at.selectbox(key="asof").set_value(day).run()
    assert not at.exception
    assert at.query_params["asof"] == "2023-12-31"
    expected = sql(
        built_mart,
        "select expert_id, points, rank_in_competence from expert_rating where competence = 'Электромонтаж'"
        " order by rank_in_competence, full_name, expert_id",
        day,
    )
    rating = table_with(at, "rank_in_competence")
    assert (
        list(zip(rating["expert_id"], rating["points"], rating["rank_in_competence"], strict=True))
        == expected
    )
    today = sql(
        built_mart,
        "select expert_id, points from expert_rating where competence = 'Электромонтаж' order by all",
    )
    assert sorted(zip(rating["expert_id"], rating["points"], strict=True)) != today  # the date matters
    experts, certified, expiring = counts(built_mart, day, "Электромонтаж")
    assert (metric(at, "Экспертов"), metric(at, "Сертифицированных"), metric(at, "Истекает в 90 дней")) == (
        experts,
        certified,
        expiring,
    )


def test_a_link_with_any_date_reproduces_the_view(built_mart):
    day = dt.date(2024, 6, 30)
    at = page(COUNCIL, asof=day.isoformat(), org="Демо-колледж № 7 (информационных технологий)")
    assert not at.exception
    assert at.selectbox(key="asof").value == day
    expected = sql(
        built_mart,
        "select count(*), sum(points) from expert_rating where organization = 'Демо-колледж № 7 (информационных технологий)'",
        day,
    )[0]
    rating = table_with(at, "rank_in_competence")
    assert (len(rating), int(rating["points"].sum())) == expected


def test_expert_card(built_mart):
    at = page(COUNCIL, competence="Электромонтаж")
    (expert,) = sql(
        built_mart,
        "select expert_id from expert_rating where competence = 'Электромонтаж' order by rank_in_competence, expert_id",
    )[0]
    at.selectbox(key="expert").set_value(expert).run()
    assert not at.exception
    assert at.query_params["expert"] == expert
    (points,) = sql(
        built_mart, "select sum(points) from expert_rating where expert_id = $e", params={"e": expert}
    )[0]
    assert metric(at, "Баллов на 26.11.2026") == points
    certificates = table_with(at, "status_label")
    (n,) = sql(built_mart, "select count(*) from experts where expert_id = $e", params={"e": expert})[0]
    assert len(certificates) == n
    events = table_with(at, "role_label")
    (m,) = sql(built_mart, "select count(*) from expert_events where expert_id = $e", params={"e": expert})[0]
    assert len(events) == m
    # the breakdown adds up: certificates valid today + roles of 2024–2026 = the rating's points
    assert int(certificates["points"].sum()) + int(events["points"].sum()) == points
