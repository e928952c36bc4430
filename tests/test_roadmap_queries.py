"""mart/read/roadmap.py and mart/read/overview.py on the demo mart: figures against independent SQL, access rules."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from mart.access.rules import PUBLIC, Access, AccessDenied
from mart.intake import ingest
from mart.read import overview, periods, roadmap

COUNCIL = Access(role="council", login="demo.council")
COORDINATOR = Access(role="coordinator", login="demo.coordinator")
CENTER = Access(role="regional_center", login="demo.rkc")
COLLEGE = Access(role="institution", login="demo.poo03", inst_code="POO-03")
TODAY = dt.date(2026, 11, 26)


def sql(path, query, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.sql(f"create or replace temp macro mart_today() as date '{TODAY.isoformat()}'")
        con.sql(f"set variable mart_today = date '{TODAY.isoformat()}'")
        return con.sql(query, params=params).fetchall()
    finally:
        con.close()


# --- roadmap --------------------------------------------------------------------------------------


def test_sections_name_section_1_as_untitled(built_mart):
    frame = roadmap.sections(PUBLIC)
    assert frame["section_no"].to_list() == list(range(1, 9))
    assert frame["measures"].to_list() == [9, 7, 4, 5, 14, 6, 7, 5]
    first = frame.row(0, named=True)
    assert first["has_own_title"] is False
    assert "собственного заголовка в постановлении нет" in first["section_label"]
    fifth = frame.row(4, named=True)
    assert fifth["section_label"].startswith("Раздел 5. Реализация механизмов практико-ориентированного")


def test_measures_filters_match_sql(built_mart):
    everything = roadmap.measures(PUBLIC)
    assert everything.height == 57
    assert everything["item_label"][0] == "п. 1.1"

    by_rkc = roadmap.measures(PUBLIC, executor="rkc")
    expected = sql(
        built_mart,
        "select item_code from roadmap_items where list_contains(executor_codes, 'rkc') order by section_no, item_no",
    )
    assert by_rkc["item_code"].to_list() == [r[0] for r in expected]

    nobody = roadmap.measures(PUBLIC, executor=roadmap.NO_EXECUTOR)
    assert nobody["item_code"].to_list() == ["2.6", "2.7"]
    assert nobody["flags"].to_list() == ["исполнитель не указан"] * 2
    assert nobody["responsible"].to_list() == ["— не указан —"] * 2

    overdue = roadmap.measures(PUBLIC, overdue_only=True)
    expected = sql(
        built_mart, "select item_code from roadmap_progress where is_overdue order by section_no, item_no"
    )
    assert overdue["item_code"].to_list() == [r[0] for r in expected]
    assert overdue.height > 0 and overdue["is_overdue"].all()

    combined = roadmap.measures(PUBLIC, section=5, status="in_progress")
    expected = sql(
        built_mart,
        "select item_code from roadmap_progress where section_no = 5 and status = 'in_progress'"
        " order by item_no",
    )
    assert combined["item_code"].to_list() == [r[0] for r in expected]

    early = everything.filter(pl.col("deadline_before_decree"))["item_code"].to_list()
    assert early == ["5.1", "5.2", "8.4"]


def test_summary_today_and_a_year_ago(built_mart):
    row = roadmap.roadmap_summary(PUBLIC).row(0, named=True)
    counts = dict(sql(built_mart, "select status, count(*) from roadmap_progress group by status"))
    assert row["measures"] == 57
    assert row["done"] == counts.get("done", 0)
    assert row["in_progress"] == counts.get("in_progress", 0)
    assert row["cancelled"] == counts.get("cancelled", 0)
    assert row["overdue"] == sql(built_mart, "select count(*) from roadmap_progress where is_overdue")[0][0]
    assert row["as_of"] == TODAY

    # a year ago, computed here from the status reports themselves
    then = dt.date(2025, 11, 26)
    reports = sql(
        built_mart, "select item_code, status, status_date, batch_id from roadmap_status order by item_code"
    )
    latest: dict[str, tuple] = {}
    for code, status, date, batch in reports:
        if date <= then and (code not in latest or (date, batch) > latest[code][1:]):
            latest[code] = (status, date, batch)
    items = sql(built_mart, "select item_code, is_ongoing, end_date from roadmap_items")
    done_then = sum(1 for code, *_ in items if latest.get(code, ("not_started",))[0] == "done")
    overdue_then = sum(
        1
        for code, ongoing, end in items
        if not ongoing and end < then and latest.get(code, ("not_started",))[0] not in ("done", "cancelled")
    )
    assert row["year_ago"] == then
    assert (row["done_year_ago"], row["overdue_year_ago"]) == (done_then, overdue_then)

    section = roadmap.roadmap_summary(PUBLIC, 5, "rkc").row(0, named=True)
    expected = sql(
        built_mart,
        "select count(*), count(*) filter (where status = 'done') from roadmap_progress"
        " where section_no = 5 and list_contains(executor_codes, 'rkc')",
    )[0]
    assert (section["measures"], section["done"]) == expected


def test_section_status_counts_add_up(built_mart):
    long = roadmap.section_status_counts(PUBLIC)
    assert long.height == 8 * 4
    assert long["measures"].sum() == 57
    wide = roadmap.roadmap_by_section(PUBLIC)
    five = long.filter(pl.col("section_no") == 5)
    assert dict(zip(five["status"], five["measures"], strict=True))["done"] == wide["done"][4]


def test_measure_card_and_history(built_mart):
    card = roadmap.measure(PUBLIC, "2.6").row(0, named=True)
    assert card["item_label"] == "п. 2.6"
    assert card["has_no_executor"] is True
    assert card["documents"].startswith("Приказ Министерства образования")
    assert "исполнитель не указан" in card["note"]

    history = roadmap.status_history(PUBLIC, "7.7")
    expected = sql(built_mart, "select count(*) from roadmap_status where item_code = '7.7'")[0][0]
    assert history.height == expected > 1
    assert history["status_date"].is_sorted(descending=True)
    assert history["uploaded_by"].is_null().all()  # the public does not see who sent a report
    assert roadmap.status_history(COORDINATOR, "7.7")["uploaded_by"].is_not_null().all()


def test_timeline_draws_ongoing_measures_from_the_decree_to_today(built_mart):
    bars = roadmap.timeline(PUBLIC)
    assert bars.height == 57
    ongoing = bars.filter(pl.col("is_ongoing"))
    expected = sql(built_mart, "select count(*) from roadmap_items where is_ongoing")[0][0]
    assert ongoing.height == expected > 0
    assert set(ongoing["bar_start"]) == {dt.date(2019, 8, 9)}
    assert set(ongoing["bar_end"]) == {TODAY}
    fixed = bars.filter(pl.col("item_code") == "5.1").row(0, named=True)
    assert (fixed["bar_start"], fixed["bar_end"]) == (dt.date(2019, 1, 1), dt.date(2019, 3, 31))
    assert roadmap.timeline(PUBLIC, section=3).height == 4


def test_oddities_flag_the_decree(built_mart):
    odd = roadmap.oddities(PUBLIC)
    kinds = {k: set(g["item_code"]) for (k,), g in odd.group_by("kind")}
    assert kinds["Срок начинается до подписания постановления"] == {"5.1", "5.2", "8.4"}
    assert kinds["Исполнитель не указан"] == {"2.6", "2.7"}
    notes = sql(built_mart, "select count(*) from roadmap_items where note is not null")[0][0]
    assert len(kinds["Примечание расшифровки"]) == notes


def test_roadmap_is_open_to_every_role(built_mart):
    for ctx in (PUBLIC, COUNCIL, COORDINATOR, CENTER, COLLEGE):
        assert roadmap.overdue_measures(ctx).height == roadmap.roadmap_summary(ctx)["overdue"][0]


def test_status_form_file_goes_through_ingestion(built_mart):
    data, name = roadmap.status_form_file(
        COORDINATOR, "8.5", "done", 100, TODAY, "Протокол; № 7 от 26.11.2026", "=формула не сработает"
    )
    assert name == "форма: статус п. 8.5 от 26.11.2026.csv"
    assert data.decode().splitlines()[0] == "item_code;status;progress_pct;status_date;evidence;comment"
    result = ingest.load(COORDINATOR, "roadmap_status", data, name, channel="form")
    assert result.accepted, result.errors
    batch = sql(
        built_mart,
        "select channel, dataset, status, uploaded_by from upload_batches where batch_id = $b",
        {"b": result.batch_id},
    )
    assert batch == [("form", "roadmap_status", "accepted", "demo.coordinator")]
    assert sql(
        built_mart, "select status, progress_pct, evidence from roadmap_progress where item_code = '8.5'"
    ) == [("done", 100, "Протокол; № 7 от 26.11.2026")]
    assert roadmap.measure(PUBLIC, "8.5")["status"][0] == "done"


def test_status_form_refuses_bad_values_in_russian(built_mart):
    before = sql(built_mart, "select count(*) from roadmap_status")[0][0]
    data, name = roadmap.status_form_file(COORDINATOR, "8.5", "done", 150, TODAY)
    result = ingest.load(COORDINATOR, "roadmap_status", data, name, channel="form")
    assert not result.accepted
    lines = roadmap.form_errors(result.errors)
    assert lines == ["«Прогресс, %»: Значение вне допустимого диапазона 0–100. Введено: «150»."]
    assert sql(built_mart, "select count(*) from roadmap_status")[0][0] == before


@pytest.mark.parametrize("ctx", [PUBLIC, COUNCIL, CENTER, COLLEGE])
def test_only_the_coordinator_builds_status_files(built_mart, ctx):
    with pytest.raises(AccessDenied):
        roadmap.status_form_file(ctx, "8.5", "done", 100, TODAY)


# --- overview -------------------------------------------------------------------------------------


def test_employment_rate_k1_by_year(built_mart):
    frame = overview.employment_by_year(PUBLIC)
    expected = sql(
        built_mart,
        """
        select graduation_year,
               count(*),
               count(*) filter (where status in ('employed', 'entrepreneur', 'self_employed')),
               count(*) - count(*) filter (where status in
                   ('army_conscript', 'army_contract', 'continuing_education', 'parental_leave'))
        from graduates group by graduation_year order by graduation_year
        """,
    )
    # a college-year reported by the federal form alone counts by the form's row 01 (issue 14)
    forms = {
        y: (n, employed, available)
        for y, n, employed, available in sql(
            built_mart,
            """
            select year,
                   sum(value) filter (where col_no = 7),
                   sum(value) filter (where col_no in (8, 11, 12)),
                   sum(value) filter (where col_no = 7) - sum(value) filter (where col_no between 13 and 16)
            from employment_form as f
            where row_no = 1 and not exists (
                select 1 from graduates as g where g.graduation_year = f.year and g.inst_code = f.inst_code
            )
            group by year
            """,
        )
    }
    assert forms  # the demo has form-only college-years
    expected = [
        (y, n + forms.get(y, (0, 0, 0))[0], e + forms.get(y, (0, 0, 0))[1], a + forms.get(y, (0, 0, 0))[2])
        for y, n, e, a in expected
    ]
    assert frame.select("year", "graduates", "employed", "available").rows() == expected
    for (_, _, employed, available), k1 in zip(expected, frame["k1"], strict=True):
        assert k1 == pytest.approx(employed / available)


def test_regional_medals(built_mart):
    frame = overview.regional_medals_by_year(COLLEGE)
    expected = sql(
        built_mart,
        """
        select year,
               count(*) filter (where medal = 'gold'), count(*) filter (where medal = 'silver'),
               count(*) filter (where medal = 'bronze'), count(*) filter (where medal = 'medallion')
        from championship_results where level = 'regional' and inst_code is not null
        group by year order by year
        """,
    )
    assert frame.select("year", "gold", "silver", "bronze", "medallion").rows() == expected
    latest = frame["year"].max()
    table = overview.medals_by_institution(COUNCIL, latest)
    assert table["gold"].sum() == frame.filter(pl.col("year") == latest)["gold"][0]
    assert table["place"][0] == 1 and table["gold"].is_sorted(descending=True)


def test_kpi_leaders(built_mart):
    leaders = overview.kpi_leaders(COUNCIL)
    expected = sql(
        built_mart,
        """
        select inst_code, score from director_kpi_scores
        where year = (select max(year) from director_kpi_scores)
        order by score desc, inst_code limit 5
        """,
    )
    assert leaders.select("inst_code", "score").rows() == expected
    prev = dict(
        sql(
            built_mart,
            "select inst_code, score from director_kpi_scores"
            " where year = (select max(year) - 1 from director_kpi_scores)",
        )
    )
    for row in leaders.iter_rows(named=True):
        assert row["score_change"] == pytest.approx(row["score"] - prev[row["inst_code"]])
    assert overview.kpi_leaders(COUNCIL, 2022)["year"].unique().to_list() == [2022]


# the demo colleges that have not sent their admission report of 2026 (its collection is open)
LATE_ADMISSIONS = ["POO-01", "POO-07"]


def _report_admission_2026(path, inst_code):
    """The college's late admission report of 2026: one specialty, its places as the competition awarded."""
    spec, places = sql(
        path,
        "select specialty_code, awarded_places from kcp_competition where admission_year = 2026"
        " and inst_code = $i and study_form = 'full_time' order by specialty_code limit 1",
        {"i": inst_code},
    )[0]
    csv = f"year;inst_code;specialty_code;kcp_plan;enrolled\r\n2026;{inst_code};{spec};{places};{places}\r\n"
    college = Access(role="institution", login=f"demo.{inst_code}", inst_code=inst_code)
    result = ingest.load(college, "admissions", csv.encode(), f"приём-2026-{inst_code}.csv")
    assert result.accepted, result.errors


def test_data_gaps_empty_when_every_college_is_up_to_date(built_mart):
    gaps = overview.data_gaps(COUNCIL)
    assert gaps.select("inst_code", "dataset", "problem").rows() == [
        (code, "admissions", "нет данных за 2026 год") for code in LATE_ADMISSIONS
    ]
    for code in LATE_ADMISSIONS:
        _report_admission_2026(built_mart, code)
    assert overview.data_gaps(COUNCIL).is_empty()


def test_data_gaps_missing_latest_year(built_mart):
    csv = (
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date\r\n"
        "POO-01;2026;08.01.07;G26-0001;employed;да;да;01.10.2026\r\n"
    )
    result = ingest.load(COORDINATOR, "graduates", csv.encode(), "выпуск-2026.csv", channel="cli")
    assert result.accepted, result.errors
    gaps = overview.data_gaps(COUNCIL)
    colleges = [r[0] for r in sql(built_mart, "select inst_code from institutions where kind = 'ПОО'")]
    graduates = gaps.filter(pl.col("dataset") == "graduates")
    assert sorted(graduates["inst_code"]) == sorted(c for c in colleges if c != "POO-01")
    assert set(graduates["problem"]) == {"нет данных за 2026 год"}
    # besides graduates, only the demo's two late admission reports
    others = gaps.filter(pl.col("dataset") != "graduates")
    assert others.select("inst_code", "dataset", "problem").rows() == [
        (code, "admissions", "нет данных за 2026 год") for code in LATE_ADMISSIONS
    ]


def test_data_gaps_stale_uploads(built_mart, monkeypatch):
    monkeypatch.setenv("MART_TODAY", "2028-01-10")
    gaps = overview.data_gaps(COUNCIL)
    assert gaps.height == 19 * 3
    assert gaps["days_since_upload"].min() > overview.STALE_DAYS
    stale = gaps.filter(~pl.col("inst_code").is_in(LATE_ADMISSIONS) | (pl.col("dataset") != "admissions"))
    assert stale["problem"].str.starts_with("последняя загрузка").all()
    # the two late admission reports are both missing and stale
    late = gaps.filter(pl.col("inst_code").is_in(LATE_ADMISSIONS) & (pl.col("dataset") == "admissions"))
    assert late.height == 2
    assert late["problem"].str.starts_with("нет данных за 2026 год; последняя загрузка").all()


@pytest.mark.parametrize(
    "fn", [overview.kpi_leaders, overview.data_gaps, lambda ctx: overview.medals_by_institution(ctx, 2025)]
)
def test_institution_figures_are_closed_to_the_public(built_mart, fn):
    with pytest.raises(AccessDenied):
        fn(PUBLIC)
    for ctx in (COUNCIL, COORDINATOR, CENTER, COLLEGE):
        assert fn(ctx) is not None


def test_regional_totals_are_open_to_the_public(built_mart):
    assert overview.employment_by_year(PUBLIC).height == 7
    assert overview.regional_medals_by_year(PUBLIC).height == 7
    years = overview.years(PUBLIC)["year"].to_list()
    # 2026 has a KPI from the admission reported so far; the public may choose complete years only
    assert years[:2] == [2026, 2025]
    datasets = ("graduates", "championship_results", *periods.KPI_DATASETS)
    assert periods.visible_years(PUBLIC, datasets, years)[0] == 2025
