"""«Потребность в кадрах»: AppTest drives the filters, the what-if field and the forecast forms."""

import io

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import Access
from mart.read import staffing
from pages.ui import fmt
from tests.pages_app import open_page

PAGE = "staffing.py"
COUNCIL = Access(role="council", login="demo.council")
COORDINATOR = Access(role="coordinator", login="demo.coordinator")
ECONOMY = Access(role="economy", login="demo.economy")
CENTER = Access(role="regional_center", login="demo.rkc")


def page(ctx: Access | None, **params) -> AppTest:
    at = open_page(PAGE, default_timeout=120)
    if ctx is not None:
        at.session_state["access"] = ctx
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def sql(path, query, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(path, year, rate=0.8, level=None, source=None, muni=None):
    need, supply = sql(
        path,
        "select sum(need), sum(supply) from staffing_balance_at(completion_rate := ?, p_level := ?,"
        " p_source := ?, p_municipality := ?) where year = ?",
        [rate, level, source, muni, year],
    )[0]
    return fmt.number(round(need)), fmt.number(round(supply))


def test_council_sees_the_balance_of_the_latest_complete_year(built_mart):
    at = page(COUNCIL)
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="year").value == 2025  # graduates of 2026 are still being collected
    need, supply = expected(built_mart, 2025)
    shown = metrics(at)
    assert shown["Потребность, чел."] == need
    assert shown["Выйдут на рынок труда, чел."] == supply
    index = sql(built_mart, "select mismatch_index from staffing_mismatch where year = 2025")[0][0]
    assert shown["Индекс несоответствия"] == fmt.number(index, 2)
    # three charts: the diverging bars, need and supply over the years, the mismatch index
    assert len(at.get("vega_lite_chart")) == 3
    assert any("прогноз" in str(o) for o in at.selectbox(key="year").options)


def test_year_filters_and_the_what_if_field_save_nothing(built_mart):
    at = page(COUNCIL)
    at.selectbox(key="year").set_value(2027).run()
    need, supply = expected(built_mart, 2027)
    assert metrics(at)["Выйдут на рынок труда, чел."] == supply
    assert any("прогнозный год" in c.value for c in at.caption)

    at.number_input(key="rate").set_value(1.0).run()
    need_1, supply_1 = expected(built_mart, 2027, rate=1.0)
    assert metrics(at)["Выйдут на рынок труда, чел."] == supply_1 != supply
    assert metrics(at)["Потребность, чел."] == need_1 == need  # the rate moves supply only
    # a reported year does not move with the rate
    at.selectbox(key="year").set_value(2024).run()
    assert metrics(at)["Выйдут на рынок труда, чел."] == expected(built_mart, 2024)[1]
    assert sql(built_mart, "select count(*) from staffing_forecasts")[0][0] == 0

    at.selectbox(key="level").set_value("worker").run()
    at.selectbox(key="source").set_value("survey").run()
    need_w, supply_w = expected(built_mart, 2024, rate=1.0, level="worker", source="survey")
    assert (metrics(at)["Потребность, чел."], metrics(at)["Выйдут на рынок труда, чел."]) == (
        need_w,
        supply_w,
    )

    at.selectbox(key="muni").set_value("г. Тында").run()
    need_t, supply_t = expected(built_mart, 2024, rate=1.0, level="worker", source="survey", muni="г. Тында")
    assert (metrics(at)["Потребность, чел."], metrics(at)["Выйдут на рынок труда, чел."]) == (
        need_t,
        supply_t,
    )
    assert at.query_params["muni"] == "г. Тында"


def test_drill_down_to_specialties_and_employers(built_mart):
    at = page(ECONOMY, year="2026", ugs="21.00.00")
    assert not at.exception
    tables = [df.value for df in at.dataframe]
    specs = next(t for t in tables if "specialty_name" in t.columns)
    rows = sql(
        built_mart,
        "select coalesce(specialty_code, '—'), need from staffing_balance_specialty where year = 2026 and ugs_code = '21.00.00'",
    )
    assert sorted(zip(specs["specialty_code"], specs["need"], strict=True)) == sorted(rows)
    answers = next(t for t in tables if "employer_name" in t.columns)
    total = sql(
        built_mart,
        "select sum(headcount) from employer_needs where counts_in_need and need_year = 2026 and ugs_code = '21.00.00'",
    )[0][0]
    assert answers["headcount"].sum() == total == specs["need"].sum()
    assert all("(демо)" in name for name in answers["employer_name"])

    # the regional centre sees the balance but not the employers' answers
    at = page(CENTER, year="2026", ugs="21.00.00")
    assert not any("employer_name" in df.value.columns for df in at.dataframe)
    assert any("Ответы отдельных работодателей" in c.value for c in at.caption)


def test_public_sees_only_the_published_forecast(built_mart):
    at = page(None)
    assert not at.exception
    assert not at.metric and not at.number_input
    assert any("Прогноз ещё не опубликован" in i.value for i in at.info)

    number = staffing.save_forecast(COORDINATOR, "Прогноз 2025–2028", 2025, 2028)
    staffing.add_correction(COORDINATOR, number, 2027, "21.00.00", 500, "Протокол совета № 1")
    staffing.publish(COORDINATOR, number)
    at = page(None)
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table.columns) >= {"ugs_code", "need", "supply", "gap"}
    at.selectbox(key="year").set_value(2027).run()
    table = at.dataframe[0].value
    row = table[table["ugs_code"] == "21.00.00"]
    assert row["need"].item() == 500 and bool(row["is_corrected"].item())
    computed = sql(
        built_mart, "select need from staffing_balance where year = 2027 and ugs_code = '21.00.00'"
    )[0][0]
    assert computed != 500  # the computed figure is kept beside the correction
    assert sql(
        built_mart,
        "select need, corrected_need from staffing_forecast_figures where year = 2027 and ugs_code = '21.00.00'",
    ) == [(computed, 500.0)]


def test_coordinator_saves_corrects_and_publishes(built_mart):
    at = page(COORDINATOR)
    assert not at.exception
    at.number_input(key="rate").set_value(0.7).run()
    at.text_input(key="forecast_title").input("Прогноз для совета")
    next(b for b in at.button if b.label == "Сохранить прогноз").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    saved = sql(built_mart, "select forecast_id, title, completion_rate, created_by from staffing_forecasts")
    assert saved == [(1, "Прогноз для совета", 0.7, "demo.coordinator")]
    frozen = sql(built_mart, "select sum(supply) from staffing_forecast_rows where year = 2027")[0][0]
    live = sql(
        built_mart, "select sum(supply) from staffing_balance_at(completion_rate := 0.7) where year = 2027"
    )[0][0]
    assert frozen == pytest.approx(live)

    at = page(COORDINATOR)
    at.selectbox(key="fix_year").set_value(2026)
    at.selectbox(key="fix_ugs").set_value("13.00.00")
    at.number_input(key="fix_need").set_value(321)
    at.text_input(key="fix_reason").input("Протокол № 2 от 10.12.2026")
    next(b for b in at.button if b.label == "Внести корректировку").click().run()
    assert not at.exception
    assert sql(
        built_mart, "select year, ugs_code, corrected_need, created_by from staffing_forecast_corrections"
    ) == [(2026, "13.00.00", 321.0, "demo.coordinator")]
    at.button(key="publish").click().run()
    assert sql(built_mart, "select published_by from staffing_forecasts") == [("demo.coordinator",)]
    # the council sees the forecast but has no forms
    at = page(COUNCIL)
    assert not at.exception
    assert not [b for b in at.button if b.label in ("Внести корректировку", "Опубликовать этот прогноз")]


def test_forecast_xlsx_holds_figures_parameters_corrections_sources(built_mart):
    number = staffing.save_forecast(COORDINATOR, "Прогноз", 2026, 2028, 0.85)
    staffing.add_correction(COORDINATOR, number, 2026, "08.00.00", 100, "Первое решение")
    staffing.add_correction(COORDINATOR, number, 2026, "08.00.00", 120, "Уточнение совета")
    data = staffing.forecast_xlsx(COUNCIL, number)
    sheets = pl.read_excel(io.BytesIO(data), sheet_id=0)
    assert {"Прогноз", "Параметры", "Корректировки", "Источники"} <= set(sheets)
    params = dict(
        zip(
            *[sheets["Параметры"].get_column(c).to_list() for c in sheets["Параметры"].columns[:2]],
            strict=True,
        )
    )
    assert params["Доля завершающих обучение"] == "0,85"
    assert params["Годы"] == "2026–2028"
    fixes = sheets["Корректировки"]
    assert fixes.height == 2  # both kept; the later one counts
    figures = sheets["Прогноз"]
    row = figures.filter(pl.col("Код УГС") == "08.00.00", pl.col("Год") == 2026)
    assert row.get_column("Потребность (итог)").item() == 120
    assert row.get_column("Основание корректировки").item() == "Уточнение совета"
    assert (
        sheets["Источники"].height
        == sql(
            built_mart,
            "select count(*) from upload_batches where status = 'accepted'"
            " and dataset in ('employers', 'employer_needs', 'graduates', 'admissions')",
        )[0][0]
    )


def test_forecast_rules_refuse_bad_input(built_mart):
    from mart.access.rules import AccessDenied

    with pytest.raises(AccessDenied):
        staffing.save_forecast(ECONOMY, "x", 2026, 2027)
    with pytest.raises(ValueError, match="название"):
        staffing.save_forecast(COORDINATOR, " ", 2026, 2027)
    with pytest.raises(ValueError, match="больше 0"):
        staffing.save_forecast(COORDINATOR, "x", 2026, 2027, 1.5)
    number = staffing.save_forecast(COORDINATOR, "x", 2026, 2027)
    with pytest.raises(ValueError, match="основание"):
        staffing.add_correction(COORDINATOR, number, 2026, "08.00.00", 10, "")
    with pytest.raises(ValueError, match="нет строки"):
        staffing.add_correction(COORDINATOR, number, 2031, "08.00.00", 10, "протокол")
    with pytest.raises(AccessDenied):
        staffing.balance(Access())
