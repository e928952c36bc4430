"""«KPI руководителей ПОО» in AppTest: who sees what, the ranking against the mart, the drill-down,
the coordinator's trial weights, new methodology versions and frozen evaluations."""

import io

import duckdb
import polars as pl
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from mart.intake import ingest
from mart.read import kpi
from tests.conftest import LATEST_COMPLETE_KPI_YEAR
from tests.pages_app import open_page, open_page_past_the_gate

PAGE = "kpi.py"
COUNCIL = Access(role="council", login="demo.council")
COORDINATOR = Access(role="coordinator", login="demo.coordinator")
SAVE_METHOD = "Сохранить как новую версию методики"
SAVE_EVAL = "Сохранить оценку для комиссии"
NO_DATA = "нет данных"


def sql(path, query, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(query, params=params).fetchall()
    finally:
        con.close()


def page(ctx, past_the_gate: bool = False, **query) -> AppTest:
    at = (open_page_past_the_gate if past_the_gate else open_page)(PAGE, default_timeout=60)
    at.session_state["access"] = ctx
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def table_with(at, column):
    return next(pl.from_pandas(d.value) for d in at.dataframe if column in d.value.columns)


def ranking_table(at):
    return table_with(at, "is_demo")


def trial_table(at):
    return table_with(at, "base_rank")


def frozen_table(at):
    """The rows of the selected saved evaluation (the only table with a score per indicator row)."""
    return next(
        pl.from_pandas(d.value)
        for d in at.dataframe
        if {"score", "indicator_code", "value_text"} <= set(d.value.columns)
    )


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def texts(at) -> str:
    return " ".join(
        e.value for kind in (at.markdown, at.caption, at.error, at.success, at.info) for e in kind
    )


def button(at, label):
    return next(b for b in at.button if b.label == label)


def sql_scores(path, year, version=None):
    """{inst_code: (score, rank)} straight from director_kpi_scores(_all)."""
    if version is None:
        rows = sql(
            path, "select inst_code, score, rank from director_kpi_scores where year = $y", {"y": year}
        )
    else:
        rows = sql(
            path,
            "select inst_code, score, rank from director_kpi_scores_all where year = $y and methodology_version = $v",
            {"y": year, "v": version},
        )
    return {code: (score, rank) for code, score, rank in rows}


def shown_scores(at):
    table = ranking_table(at)
    return dict(zip(table["inst_code"], zip(table["score"], table["rank"], strict=True), strict=True))


def latest_year(path):
    return sql(path, LATEST_COMPLETE_KPI_YEAR)[0][0]


def test_public_sees_no_scores(built_mart):
    at = page(PUBLIC, past_the_gate=True)  # the app sends the public to sign in first
    assert not at.exception
    assert "после входа" in " ".join(i.value for i in at.info)
    assert not at.metric
    assert all("score" not in d.value.columns for d in at.dataframe)
    assert not at.get("vega_lite_chart")
    assert not at.selectbox  # no filters either


def test_council_sees_the_ranking(built_mart):
    at = page(COUNCIL)
    assert not at.exception
    year = latest_year(built_mart)
    assert at.selectbox(key="year").value == year
    # a newer, partial year is offered but marked, never the default
    newest = sql(built_mart, "select max(year) from kpi_values")[0][0]
    assert newest > year
    assert at.selectbox(key="year").options[0] == f"{newest} — неполные данные"
    assert at.selectbox(key="version").value == 1
    expected = sql_scores(built_mart, year)
    shown = shown_scores(at)
    assert set(shown) == set(expected)  # every college, universities not
    for code, (score, rank) in expected.items():
        assert shown[code] == (round(score, 1), rank)
    table = ranking_table(at)
    assert table["rank"].to_list() == sorted(table["rank"].to_list())
    assert table["is_demo"].all()
    # the score names its methodology, with title, author and date
    assert "Методика v1 «Базовая», справочник показателей, 09.08.2019" in texts(at)
    # the leader is drilled into by default; its score metric is the view's, rounded
    leader = table["inst_code"][0]
    assert at.selectbox(key="inst").value == leader
    assert metric(at, "Балл").value == f"{expected[leader][0]:.1f}".replace(".", ",")
    # changes from the previous year under the same version
    prev = sql_scores(built_mart, year - 1)
    row = table.filter(pl.col("inst_code") == leader).row(0, named=True)
    assert row["score_delta"] == round(expected[leader][0] - prev[leader][0], 1)
    assert row["rank_change"] == prev[leader][1] - expected[leader][1]
    # two charts: scores by college and the selected college's trend
    assert len(at.get("vega_lite_chart")) == 2
    # no coordinator's tools
    assert not at.number_input
    assert SAVE_METHOD not in [b.label for b in at.button]
    assert SAVE_EVAL not in [b.label for b in at.button]


def test_drilldown_names_the_figures_behind_each_indicator(built_mart):
    year = latest_year(built_mart)
    at = page(COUNCIL, inst="POO-03")
    assert not at.exception
    ((num, den, value),) = sql(
        built_mart,
        "select numerator, denominator, value from kpi_values where year = $y and inst_code = 'POO-03' "
        "and indicator_code = 'K1'",
        {"y": year},
    )
    assert (
        f"K1: {int(num)} трудоустроены (включая ИП и самозанятых) из {int(den)} (выпускники за вычетом призыва, "
        "контракта, продолжающих обучение и отпуска по уходу)"
    ) in texts(at)
    assert metric(at, "K1 · Трудоустройство").value == f"{value * 100:.1f}".replace(".", ",") + "\u00a0%"
    figures = table_with(at, "formula_ru")
    assert figures["numerator"].to_list()[0] == num and figures["denominator"].to_list()[0] == den
    assert figures["formula_ru"][0].startswith("(трудоустроены + индивидуальные предприниматели")


def test_year_filter_changes_the_figures(built_mart):
    at = page(COUNCIL)
    year = latest_year(built_mart)
    before = shown_scores(at)
    at.selectbox(key="year").set_value(year - 3).run()
    assert not at.exception
    assert at.query_params["year"] == str(year - 3)
    after = shown_scores(at)
    assert after != before
    for code, (score, rank) in sql_scores(built_mart, year - 3).items():
        assert after[code] == (round(score, 1), rank)
    # a link reproduces the view
    again = page(COUNCIL, year=str(year - 3), muni="г. Белогорск")
    codes = [
        c
        for (c,) in sql(
            built_mart,
            "select inst_code from institutions where municipality = 'г. Белогорск' and kind = 'ПОО'",
        )
    ]
    assert sorted(ranking_table(again)["inst_code"]) == sorted(codes)


def test_no_data_is_said_never_a_silent_zero(built_mart):
    # the demo has colleges with no demo exams in early years: K3 has no denominator there
    year, inst = sql(
        built_mart,
        "select year, inst_code from kpi_values where indicator_code = 'K3' and not has_data "
        "and year <= $latest order by year desc, inst_code limit 1",
        {"latest": latest_year(built_mart)},
    )[0]
    at = page(COUNCIL, year=str(year), inst=inst)
    assert not at.exception
    row = ranking_table(at).filter(pl.col("inst_code") == inst).row(0, named=True)
    assert row["K3"] == NO_DATA
    assert row["K1"] != NO_DATA and row["K1"].endswith("%")
    assert metric(at, "K3 · Демоэкзамен").value == NO_DATA
    assert "K3: нет данных — знаменатель равен 0" in texts(at)
    details = table_with(at, "points_delta")
    k3 = details.filter((pl.col("inst_code") == inst) & (pl.col("indicator_code") == "K3")).row(0, named=True)
    assert k3["value_text"] == NO_DATA and k3["points"] == 0
    assert metric(at, "Колледжей с пробелами в данных").value != "0"


def test_institution_gets_its_own_drilldown(built_mart):
    at = page(Access(role="institution", login="poo07", inst_code="POO-07"))
    assert not at.exception
    assert at.selectbox(key="inst").value == "POO-07"
    assert "Демо-колледж № 7" in " ".join(s.value for s in at.subheader)
    assert len(ranking_table(at)) == len(sql_scores(built_mart, latest_year(built_mart)))  # all colleges
    assert not at.number_input


def test_trial_weights_rerank_without_writing(built_mart):
    counts = "select (select count(*) from upload_batches), (select count(*) from kpi_methodologies)"
    before = sql(built_mart, counts)
    stamp = built_mart.stat().st_mtime_ns
    at = page(COORDINATOR)
    assert not at.exception
    year = latest_year(built_mart)
    assert [s.value for s in at.number_input] == [0.25, 0.15, 0.20, 0.15, 0.15, 0.10]
    assert trial_table(at)["rank"].to_list() == ranking_table(at)["rank"].to_list()

    # all weight on K4 (championships): the trial ranking follows K4 alone
    for k in ("K1", "K2", "K3", "K5", "K6"):
        at.number_input(key=f"w_{k}").set_value(0.0)
    at.number_input(key="w_K4").set_value(1.0).run()
    assert not at.exception
    assert metric(at, "Сумма весов").value == "1,00"
    by_k4 = sql(
        built_mart,
        "select inst_code, 100 * value, cast(dense_rank() over (order by value desc) as integer) from kpi_values"
        " where year = $y and indicator_code = 'K4'",
        {"y": year},
    )
    trial = trial_table(at)
    got = dict(zip(trial["short_name"], zip(trial["score"], trial["rank"], strict=True), strict=True))
    names = dict(sql(built_mart, "select inst_code, short_name from institutions"))
    for code, score, rank in by_k4:
        assert got[names[code]] == (round(score, 1), rank)
    # the order really changed: the trial's first college is not the saved ranking's
    assert trial["short_name"][0] != names[ranking_table(at)["inst_code"][0]]
    # the saved ranking did not move, nothing was written
    assert shown_scores(at) == {c: (round(s, 1), r) for c, (s, r) in sql_scores(built_mart, year).items()}
    assert sql(built_mart, counts) == before
    assert built_mart.stat().st_mtime_ns == stamp

    # a sum other than 1 is said, and nothing is re-ranked
    at.number_input(key="w_K1").set_value(0.2).run()
    assert metric(at, "Сумма весов").value == "1,20"
    assert "Сумма весов должна быть равна 1, сейчас 1,20" in texts(at)
    assert all("base_rank" not in d.value.columns for d in at.dataframe)


def test_saving_weights_that_do_not_sum_to_one_is_refused_in_russian(built_mart):
    at = page(COORDINATOR)
    at.number_input(key="w_K1").set_value(0.3).run()
    at.text_input(key="m_title").input("Методика с ошибкой")
    button(at, SAVE_METHOD).click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Методика не сохранена. Сумма весов должна быть равна 1, сейчас 1,05." in errors
    assert sql(built_mart, "select count(*) from kpi_methodologies")[0][0] == 1


def test_saving_a_methodology_creates_version_2_and_the_page_names_it(built_mart):
    at = page(COORDINATOR)
    at.number_input(key="w_K1").set_value(0.4)
    at.number_input(key="w_K3").set_value(0.1)
    at.number_input(key="w_K4").set_value(0.1).run()
    at.text_input(key="m_title").input("Методика 2027")
    at.text_area(key="m_note").input("акцент на трудоустройство")
    button(at, SAVE_METHOD).click().run()
    assert not at.exception
    assert sql(
        built_mart, "select version, title, author, note from kpi_methodologies where version = 2"
    ) == [(2, "Методика 2027", "demo.coordinator", "акцент на трудоустройство")]
    assert "Сохранена методика v2" in texts(at)
    assert at.selectbox(key="version").value == 2
    assert at.query_params["version"] == "2"
    assert "Методика v2 «Методика 2027», demo.coordinator" in texts(at)
    year = latest_year(built_mart)
    for code, (score, rank) in sql_scores(built_mart, year, 2).items():
        assert shown_scores(at)[code] == (round(score, 1), rank)
    # the old version can still be viewed, by anyone who sees the page
    old = page(COUNCIL, version="1")
    assert "Методика v1 «Базовая»" in texts(old)
    assert "текущая — v2" in texts(old)
    for code, (score, rank) in sql_scores(built_mart, year, 1).items():
        assert shown_scores(old)[code] == (round(score, 1), rank)


def _graduates_csv(inst: str, year: int, specialty: str, n: int) -> bytes:
    lines = [
        "inst_code,graduation_year,specialty_code,graduate_id,status,by_specialty,retained_4m,status_date"
    ]
    lines += [
        f"{inst},{year},{specialty},G{year % 100}-TEST-{i:04d},unemployed_registered,,,{year}-11-01"
        for i in range(1, n + 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_saved_evaluation_stays_after_new_data_and_its_protocol(built_mart):
    year = latest_year(built_mart)
    at = page(COORDINATOR)
    at.text_input(key="ev_title").input("Заседание комиссии 15.12.2026")
    button(at, SAVE_EVAL).click().run()
    assert not at.exception
    assert "Оценка № 1 сохранена" in texts(at)
    assert at.selectbox(key="evaluation").value == 1
    frozen = frozen_table(at)
    assert frozen.height == len(sql_scores(built_mart, year)) * 6

    # new graduates of a college for that year: the live KPI moves, the evaluation does not
    inst = "POO-03"
    specialty = sql(
        built_mart,
        "select min(specialty_code) from graduates where inst_code = $i and graduation_year = $y",
        {"i": inst, "y": year},
    )[0][0]
    live_before = sql_scores(built_mart, year)[inst][0]
    result = ingest.load(COORDINATOR, "graduates", _graduates_csv(inst, year, specialty, 40), "new.csv")
    assert result.accepted, result.errors
    live_after = sql_scores(built_mart, year)[inst][0]
    assert live_after < live_before

    at.run()
    assert not at.exception
    assert shown_scores(at)[inst][0] == round(live_after, 1)
    again = frozen_table(at)
    assert again.equals(frozen)

    # the protocol: sheets «Рейтинг», «Показатели», «Методика» and «О выгрузке»
    assert any(b.proto.label == "Скачать протокол оценки (XLSX)" for b in at.get("download_button"))
    book = pl.read_excel(io.BytesIO(kpi.evaluation_protocol_xlsx(COUNCIL, 1)), sheet_id=0)
    assert list(book) == ["Рейтинг", "Показатели", "Методика", "О выгрузке"]
    rating = book["Рейтинг"]
    assert rating.height == len(sql_scores(built_mart, year))
    frozen_scores = dict(
        sql(built_mart, "select distinct inst_code, score from kpi_evaluation_rows where evaluation_id = 1")
    )
    got = dict(zip(rating["Код"], rating["Балл (из 100)"], strict=True))
    assert got[inst] == round(frozen_scores[inst], 2) == round(live_before, 2)
    assert book["Показатели"].height == rating.height * 6
    assert book["Методика"]["Вес"].to_list() == [0.25, 0.15, 0.2, 0.15, 0.15, 0.1]
    sheet = book["О выгрузке"]
    about = " ".join([*sheet.columns, *(str(v) for row in sheet.rows() for v in row if v is not None)])
    assert "Заседание комиссии 15.12.2026" in about and "Методика v1" in about
    assert "Время выгрузки" in about


def test_protocol_flags_indicators_without_data_and_council_gets_it(built_mart):
    year, inst = sql(
        built_mart,
        "select year, inst_code from kpi_values where indicator_code = 'K3' and not has_data "
        "and year <= $latest order by year desc, inst_code limit 1",
        {"latest": latest_year(built_mart)},
    )[0]
    evaluation_id = kpi.save_evaluation(COORDINATOR, year, 1, "Ретроспектива")
    book = pl.read_excel(io.BytesIO(kpi.evaluation_protocol_xlsx(COUNCIL, evaluation_id)), sheet_id=0)
    row = book["Рейтинг"].filter(pl.col("Код") == inst).row(0, named=True)
    assert row["Показатели без данных"] == "K3"
    assert row["K3, %"] is None and row["K1, %"] is not None
    k3 = (
        book["Показатели"].filter((pl.col("Код") == inst) & (pl.col("Показатель") == "K3")).row(0, named=True)
    )
    assert k3["Есть данные"] == "нет" and k3["Знаменатель"] == 0

    # the council sees saved evaluations and their protocol, but cannot save one
    at = page(COUNCIL)
    assert not at.exception
    assert frozen_table(at).height == len(sql_scores(built_mart, year)) * 6
    assert any(b.proto.label == "Скачать протокол оценки (XLSX)" for b in at.get("download_button"))
    assert SAVE_EVAL not in [b.label for b in at.button]
