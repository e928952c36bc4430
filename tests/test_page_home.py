"""«Обзор» in AppTest: what each role sees, the year filter, figures against direct SQL on the mart."""

import datetime as dt

import duckdb
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page

PAGE = "overview.py"
COUNCIL = Access(role="council", login="demo.council")
COLLEGE = Access(role="institution", login="demo.poo03", inst_code="POO-03")
KPI = "Лидеры KPI руководителей колледжей"
GAPS = "Полнота и актуальность данных колледжей"


def sql(path, query, today="2026-11-26"):
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.sql(f"create or replace temp macro mart_today() as date '{today}'")
        con.sql(f"set variable mart_today = date '{today}'")
        return con.sql(query).fetchall()
    finally:
        con.close()


def page(ctx, **query) -> AppTest:
    at = open_page(PAGE, default_timeout=60)
    at.session_state["access"] = ctx
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def subheaders(at):
    return [s.value for s in at.subheader]


def table_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def k1(path, year):
    graduates, employed, available = sql(
        path,
        f"""
        select count(*),
               count(*) filter (where status in ('employed', 'entrepreneur', 'self_employed')),
               count(*) - count(*) filter (where status in
                   ('army_conscript', 'army_contract', 'continuing_education', 'parental_leave'))
        from graduates where graduation_year = {year}
        """,
    )[0]
    return graduates, employed, employed / available


def medals(path, year):
    return sql(
        path,
        f"""
        select count(*) filter (where medal = 'gold'), count(*) filter (where medal = 'silver'),
               count(*) filter (where medal = 'bronze'), count(*) filter (where medal = 'medallion')
        from championship_results where level = 'regional' and inst_code is not null and year = {year}
        """,
    )[0]


def test_public_sees_roadmap_and_regional_totals_only(built_mart):
    at = page(PUBLIC)
    assert not at.exception
    overdue = sql(built_mart, "select count(*) from roadmap_progress where is_overdue")[0][0]
    done = sql(built_mart, "select count(*) from roadmap_progress where status = 'done'")[0][0]
    assert metric(at, "Выполнено").value == str(done)
    assert metric(at, "Просрочено").value == str(overdue)
    assert table_with(at, "days_overdue").shape[0] == overdue

    graduates, employed, rate = k1(built_mart, 2025)
    _, _, rate_before = k1(built_mart, 2024)
    assert metric(at, "Доля трудоустроенных (K1)").value == f"{rate * 100:.1f}\u00a0%".replace(".", ",")
    assert (
        metric(at, "Доля трудоустроенных (K1)").delta
        == f"{(rate - rate_before) * 100:+.1f}".replace(".", ",") + " п.п. к прошлому году"
    )
    assert metric(at, "Выпускников").value == str(graduates)
    assert metric(at, "Трудоустроено (с ИП и самозанятыми)").value == str(employed)

    gold, silver, bronze, medallion = medals(built_mart, 2025)
    assert [metric(at, m).value for m in ("Золото", "Серебро", "Бронза", "Медальоны")] == [
        str(gold),
        str(silver),
        str(bronze),
        str(medallion),
    ]
    assert metric(at, "Золото").delta == f"{gold - medals(built_mart, 2024)[0]:+d} к прошлому году"

    assert KPI not in " ".join(subheaders(at)) and GAPS not in subheaders(at)
    assert not [d for d in at.dataframe if "medal_points" in d.value.columns]
    assert "Войдите в систему" in " ".join(i.value for i in at.info)


def test_council_sees_institutions(built_mart):
    at = page(COUNCIL)
    assert not at.exception
    assert f"{KPI}, 2025" in subheaders(at) and GAPS in subheaders(at)
    assert not [i for i in at.info if "Войдите" in i.value]

    leaders = table_with(at, "score_change")
    expected = sql(
        built_mart,
        "select inst_code, score from director_kpi_scores where year = 2025 order by score desc, inst_code limit 5",
    )
    assert list(zip(leaders["inst_code"], leaders["score"], strict=True)) == expected

    table = table_with(at, "medal_points")
    assert (
        table.shape[0]
        == sql(
            built_mart,
            "select count(distinct inst_code) from championship_medals where level = 'regional' and year = 2025",
        )[0][0]
    )
    assert table["gold"].sum() == medals(built_mart, 2025)[0]

    # the demo region is up to date: no gaps
    assert metric(at, "Колледжей с пробелами в данных").value == "0 из 19"
    assert "Все колледжи загрузили данные" in " ".join(s.value for s in at.success)


def test_year_filter_by_key_and_url(built_mart):
    at = page(COLLEGE)
    at.selectbox(key="year").set_value(2023).run()
    assert at.query_params["year"] == "2023"
    _, _, rate = k1(built_mart, 2023)
    _, _, rate_before = k1(built_mart, 2022)
    assert metric(at, "Доля трудоустроенных (K1)").value == f"{rate * 100:.1f}\u00a0%".replace(".", ",")
    assert (
        metric(at, "Доля трудоустроенных (K1)").delta
        == f"{(rate - rate_before) * 100:+.1f}".replace(".", ",") + " п.п. к прошлому году"
    )
    assert metric(at, "Золото").value == str(medals(built_mart, 2023)[0])
    assert f"{KPI}, 2023" in subheaders(at)
    assert set(table_with(at, "score_change")["inst_code"]) == {
        r[0]
        for r in sql(
            built_mart,
            "select inst_code from director_kpi_scores where year = 2023 order by score desc limit 5",
        )
    }

    again = page(PUBLIC, year="2019")
    assert again.selectbox(key="year").value == 2019
    assert metric(
        again, "Доля трудоустроенных (K1)"
    ).value == f"{k1(built_mart, 2019)[2] * 100:.1f}\u00a0%".replace(".", ",")
    assert not metric(again, "Доля трудоустроенных (K1)").delta  # nothing to compare with


def test_stale_data_is_listed(built_mart, monkeypatch):
    monkeypatch.setenv("MART_TODAY", "2028-01-10")
    at = page(COUNCIL)
    assert not at.exception
    assert metric(at, "Колледжей с пробелами в данных").value == "19 из 19"
    gaps = table_with(at, "problem")
    assert gaps.shape[0] == 19 * 3
    last = sql(
        built_mart,
        "select cast(max(uploaded_at) as date) from upload_batches where dataset = 'graduates' and status = 'accepted'",
    )[0][0]
    assert gaps["problem"].str.startswith("последняя загрузка").all()
    oldest = max(int(p.split()[2]) for p in gaps["problem"])
    assert oldest >= (dt.date(2028, 1, 10) - last).days
