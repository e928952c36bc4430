"""«Чемпионаты» in AppTest: what each role sees, filters by key and by link, figures against direct SQL."""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page

PAGE = "championships.py"
COUNCIL = Access(role="council", login="demo.council")
CENTER = Access(role="regional_center", login="demo.rkc")
COLLEGE = Access(role="institution", login="demo.poo03", inst_code="POO-03")


def sql(path, query, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(query, params=params).fetchall()
    finally:
        con.close()


def page(ctx, **query) -> AppTest:
    at = open_page(PAGE, default_timeout=60)
    at.session_state["access"] = ctx
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def table_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def has_table_with(at, column) -> bool:
    return any(column in d.value.columns for d in at.dataframe)


def totals(path, year, level="regional", age_group="main", competence=None):
    """Contestants, competences, medals, points of a year: straight from championship_results."""
    return sql(
        path,
        """
        select count(distinct participant_id), count(distinct competence),
               count(*) filter (where medal <> 'none'), coalesce(sum(medal_points), 0)
        from championship_results
        where year = $y and ($l is null or level = $l) and ($a is null or age_group = $a)
          and ($c is null or competence = $c)
        """,
        {"y": year, "l": level, "a": age_group, "c": competence},
    )[0]


def assert_headline(at, path, year, **filters):
    cur, prev = totals(path, year, **filters), totals(path, year - 1, **filters)
    shown = metrics(at)
    for i, label in enumerate(("Участников", "Компетенций", "Медалей", "Очков медального зачёта")):
        value, delta = shown[label]
        assert int(value.replace(" ", "")) == cur[i], label
        change = cur[i] - prev[i]  # a zero change is shown without a sign
        assert delta == (f"{change:+,d}".replace(",", "\u00a0") if change else "0") + " к прошлому году", (
            label
        )


def test_public_sees_regional_totals_only(built_mart):
    at = page(PUBLIC)
    assert not at.exception
    assert_headline(at, built_mart, 2025)
    # the totals table by year, no institution, no names
    frame = table_with(at, "contestants")
    assert list(frame.columns) == ["year", "contestants", "competences", "medals"]
    expected = sql(
        built_mart,
        "select year, count(distinct participant_id) from championship_results"
        " where level = 'regional' and age_group = 'main' group by year order by year",
    )
    assert list(zip(frame["year"], frame["contestants"], strict=True)) == expected
    for column in ("inst_code", "short_name", "participant_name", "organization"):
        assert not has_table_with(at, column), column
    assert [s.key for s in at.selectbox] == ["year", "level", "age"]
    assert not at.tabs
    assert any("после входа" in i.value for i in at.info)


def test_public_filters_from_the_link(built_mart):
    at = page(PUBLIC, year="2023", level="national", age="main")
    assert_headline(at, built_mart, 2023, level="national")


@pytest.mark.parametrize("ctx", [COUNCIL, CENTER, COLLEGE])
def test_signed_in_roles_see_the_medal_table_and_names(built_mart, ctx):
    at = page(ctx)
    assert not at.exception
    assert_headline(at, built_mart, 2025)
    table = table_with(at, "short_name")
    expected = sql(
        built_mart,
        "select inst_code, medal_points from championship_medals"
        " where year = 2025 and level = 'regional' and age_group = 'main' order by medal_points desc, inst_code",
    )
    assert sorted(zip(table["inst_code"], table["medal_points"], strict=True)) == sorted(expected)
    assert list(table["place"]) == sorted(table["place"])
    results = table_with(at, "participant_name")
    (n,) = sql(
        built_mart,
        "select count(*) from championship_results where year = 2025 and level = 'regional' and age_group = 'main'",
    )[0]
    assert len(results) == n
    # an institution sees every institution's aggregates, and where it stands
    assert table["inst_code"].nunique() > 1
    if ctx is COLLEGE:
        assert any("POO-03" in s.value for s in at.success)


def test_the_points_chart_shows_the_leaders_when_there_are_many(built_mart, monkeypatch):
    from pages.ui import tables

    everyone = table_with(page(COUNCIL), "short_name")
    monkeypatch.setattr(tables, "BARS_AT_MOST", 3)
    at = page(COUNCIL)
    assert not at.exception
    note = f"На графике — первые 3 по месту из {len(everyone)}; все — в таблице ниже."
    assert note in [c.value for c in at.caption]
    assert len(table_with(at, "short_name")) == len(everyone)  # the table keeps everyone
    import pyarrow as pa

    chart = at.get("vega_lite_chart")[0].proto
    data = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().to_pylist()
    leaders = sorted(everyone.sort_values(["place", "short_name"])["short_name"].head(3))
    assert sorted({r["short_name"] for r in data}) == leaders


def test_filters_by_key(built_mart):
    at = page(COUNCIL)
    at.selectbox(key="year").set_value(2024).run()
    at.selectbox(key="competence").set_value("Электромонтаж").run()
    assert not at.exception
    assert at.query_params["year"] == "2024"
    assert at.query_params["competence"] == "Электромонтаж"
    assert_headline(at, built_mart, 2024, competence="Электромонтаж")
    table = table_with(at, "short_name")
    expected = sql(
        built_mart,
        """
        select inst_code, sum(medal_points) from championship_results
        where year = 2024 and level = 'regional' and age_group = 'main' and competence = 'Электромонтаж'
          and inst_code is not null
        group by inst_code
        """,
    )
    assert sorted(zip(table["inst_code"], table["medal_points"], strict=True)) == sorted(expected)
    # all levels and ages
    at.selectbox(key="level").set_value(None).run()
    at.selectbox(key="age").set_value(None).run()
    assert "level" not in at.query_params and "age" not in at.query_params
    assert_headline(at, built_mart, 2024, level=None, age_group=None, competence="Электромонтаж")


def test_juniors_by_school_and_corporate_by_employer(built_mart):
    at = page(COUNCIL, year="2024")
    schools = next(
        d.value for d in at.dataframe if "organization" in d.value.columns and "events" in d.value.columns
    )
    expected = sql(
        built_mart,
        "select organization, sum(medal_points) from championship_results"
        " where year = 2024 and age_group = 'juniors' group by organization",
    )
    assert sorted(zip(schools["organization"], schools["medal_points"], strict=True)) == sorted(expected)
    employers = [d.value for d in at.dataframe if "events" in d.value.columns][1]
    expected = sql(
        built_mart,
        "select organization, count(distinct participant_id) from championship_results"
        " where year = 2024 and level = 'corporate' group by organization",
    )
    assert sorted(zip(employers["organization"], employers["contestants"], strict=True)) == sorted(expected)


def test_results_for_one_institution_by_key(built_mart):
    at = page(COLLEGE, year="2025")
    at.selectbox(key="inst").set_value("POO-03").run()
    results = table_with(at, "participant_name")
    (n,) = sql(
        built_mart,
        "select count(*) from championship_results where year = 2025 and level = 'regional'"
        " and age_group = 'main' and inst_code = 'POO-03'",
    )[0]
    assert len(results) == n > 0
    assert set(results["inst_code"]) == {"POO-03"}
    assert at.query_params["inst"] == "POO-03"
