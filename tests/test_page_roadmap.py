"""«Дорожная карта» in AppTest: filters by key and URL, the measure card, the coordinator's status form."""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page

PAGE = "roadmap.py"
COUNCIL = Access(role="council", login="demo.council")
COORDINATOR = Access(role="coordinator", login="demo.coordinator")
SUBMIT = "Сохранить статус"


def sql(path, query):
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.sql("create or replace temp macro mart_today() as date '2026-11-26'")
        con.sql("set variable mart_today = date '2026-11-26'")
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


def measures_table(at):
    return next(d.value for d in at.dataframe if "flags" in d.value.columns)


def history_table(at):
    return next(d.value for d in at.dataframe if "source" in d.value.columns)


def texts(elements):
    return " ".join(e.value for e in elements)


def test_public_sees_figures_and_no_form(built_mart):
    at = page(PUBLIC)
    assert not at.exception
    counts = dict(sql(built_mart, "select status, count(*) from roadmap_progress group by status"))
    overdue = sql(built_mart, "select count(*) from roadmap_progress where is_overdue")[0][0]
    assert metric(at, "Мероприятий").value == "57"
    assert metric(at, "Выполнено").value == str(counts["done"])
    assert metric(at, "Просрочено").value == str(overdue)
    table = measures_table(at)
    assert table.shape[0] == 57
    assert list(table["item_label"][:2]) == ["п. 1.1", "п. 1.2"]
    assert "собственного заголовка в постановлении нет" in table["section_label"][0]
    # the decree's oddities are flagged on screen
    warning = texts(at.warning)
    assert "п. 5.1, п. 5.2, п. 8.4" in warning and "п. 2.6, п. 2.7" in warning
    assert SUBMIT not in [b.label for b in at.button]
    assert len(at.get("vega_lite_chart")) == 1


def test_filters_by_key(built_mart):
    at = page(COUNCIL)
    at.selectbox(key="section").set_value(5).run()
    expected = [
        r[0]
        for r in sql(
            built_mart, "select item_label from roadmap_progress where section_no = 5 order by item_no"
        )
    ]
    assert list(measures_table(at)["item_label"]) == expected
    assert metric(at, "Мероприятий").value == "14"

    at.selectbox(key="executor").set_value("rkc").run()
    expected = sql(
        built_mart,
        "select item_label from roadmap_progress where section_no = 5 and list_contains(executor_codes, 'rkc')"
        " order by item_no",
    )
    assert list(measures_table(at)["item_label"]) == [r[0] for r in expected]
    assert at.query_params["section"] == "5" and at.query_params["executor"] == "rkc"

    at.selectbox(key="section").set_value(None).run()
    at.selectbox(key="executor").set_value(None).run()
    at.toggle(key="overdue").set_value(True).run()
    expected = sql(
        built_mart, "select item_label from roadmap_progress where is_overdue order by section_no, item_no"
    )
    table = measures_table(at)
    assert list(table["item_label"]) == [r[0] for r in expected]
    assert table["is_overdue"].all()

    at.toggle(key="overdue").set_value(False).run()
    at.selectbox(key="status").set_value("cancelled").run()
    expected = sql(built_mart, "select item_label from roadmap_progress where status = 'cancelled'")
    assert list(measures_table(at)["item_label"]) == [r[0] for r in expected]


def test_url_reproduces_the_view(built_mart):
    at = page(PUBLIC, executor="-", overdue="0")
    assert list(measures_table(at)["item_label"]) == ["п. 2.6", "п. 2.7"]
    assert at.selectbox(key="executor").value == "-"
    at = page(PUBLIC, overdue="1", section="8")
    expected = sql(
        built_mart,
        "select item_label from roadmap_progress where is_overdue and section_no = 8 order by item_no",
    )
    assert list(measures_table(at)["item_label"]) == [r[0] for r in expected]


def test_measure_card_with_history_and_oddities(built_mart):
    at = page(PUBLIC, item="5.1")
    assert not at.exception
    assert "раньше подписания постановления" in texts(at.warning)
    assert "Примечание расшифровки постановления" in texts(at.info)
    history = history_table(at)
    expected = sql(
        built_mart,
        "select status_label from roadmap_status where item_code = '5.1' order by status_date desc, batch_id desc",
    )
    assert list(history["status_label"]) == [r[0] for r in expected]
    assert history["uploaded_by"].isna().all()

    at.selectbox(key="item").set_value("2.7").run()
    assert "не указан ответственный исполнитель" in texts(at.warning)
    assert at.query_params["item"] == "2.7"


def test_council_member_sees_no_form(built_mart):
    at = page(COUNCIL, item="8.5")
    assert not at.exception
    assert SUBMIT not in [b.label for b in at.button]
    assert not [w for w in at.number_input if (w.key or "").startswith("form_")]


def test_coordinator_changes_a_status_through_the_form(built_mart):
    before = sql(built_mart, "select status from roadmap_progress where item_code = '8.5'")[0][0]
    assert before == "in_progress"
    at = page(COORDINATOR, item="8.5")
    assert SUBMIT in [b.label for b in at.button]
    at.selectbox(key="form_status_8.5").set_value("done")
    at.number_input(key="form_progress_8.5").set_value(100)
    at.text_input(key="form_evidence_8.5").input("Аналитический отчёт № 12 от 20.11.2026")
    next(b for b in at.button if b.label == SUBMIT).click().run()
    assert not at.exception
    assert not at.error
    assert "Статус п. 8.5 сохранён" in texts(at.success)

    assert sql(
        built_mart, "select status, progress_pct, evidence from roadmap_progress where item_code = '8.5'"
    ) == [("done", 100, "Аналитический отчёт № 12 от 20.11.2026")]
    batch = sql(
        built_mart,
        "select channel, dataset, status, uploaded_by, file_name from upload_batches"
        " order by batch_id desc limit 1",
    )[0]
    assert batch == (
        "form",
        "roadmap_status",
        "accepted",
        "demo.coordinator",
        "форма: статус п. 8.5 от 26.11.2026.csv",
    )
    # the page shows the new status after the save
    assert history_table(at)["status_label"].iloc[0] == "Выполнено"
    overdue = sql(built_mart, "select count(*) from roadmap_progress where is_overdue")[0][0]
    assert metric(at, "Просрочено").value == str(overdue)


@pytest.mark.parametrize("progress", [150, -5])
def test_bad_form_value_is_refused_and_nothing_stored(built_mart, progress):
    reports = sql(built_mart, "select count(*) from roadmap_status")[0][0]
    accepted = sql(built_mart, "select count(*) from upload_batches where status = 'accepted'")[0][0]
    at = page(COORDINATOR, item="8.5")
    at.number_input(key="form_progress_8.5").set_value(progress)
    next(b for b in at.button if b.label == SUBMIT).click().run()
    assert not at.exception
    error = texts(at.error)
    assert "Статус не сохранён" in error
    assert "«Прогресс, %»: Значение вне допустимого диапазона 0–100." in error
    assert sql(built_mart, "select count(*) from roadmap_status")[0][0] == reports
    assert sql(built_mart, "select count(*) from upload_batches where status = 'accepted'")[0][0] == accepted
    # the refused attempt is in the upload log, as any refused file is
    assert sql(built_mart, "select channel, status from upload_batches order by batch_id desc limit 1") == [
        ("form", "rejected")
    ]
    assert sql(built_mart, "select status from roadmap_progress where item_code = '8.5'") == [
        ("in_progress",)
    ]
