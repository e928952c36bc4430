"""«Сбор данных» in AppTest: the board of the coordinator and the council, figures against direct SQL."""

import duckdb
import polars as pl
from streamlit.testing.v1 import AppTest

from mart.access.rules import Access
from tests.pages_app import open_page

PAGE = "collections.py"
COUNCIL = Access(role="council", login="demo.council")
COORD = Access(role="coordinator", login="demo.coordinator")


def page(ctx, **query) -> AppTest:
    at = open_page(PAGE, default_timeout=90)
    at.session_state["access"] = ctx
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def sql(path, query):
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.sql("set variable mart_today = date '2026-11-26'")
        return con.sql(query).fetchall()
    finally:
        con.close()


def table_with(at, column):
    return next(pl.from_pandas(d.value) for d in at.dataframe if column in d.value.columns)


def test_board_shows_who_is_missing(college_uploaded_next_year):
    at = page(COUNCIL)
    assert not at.exception
    assert at.selectbox(key="year").value == 2026
    metric = {m.label: m.value for m in at.metric}
    assert metric["Наборов собрано полностью"] == "1 из 6"  # only the experts base (RKC) is in for 2026
    # 1 college submitted graduates and demo exams; the RKC its experts base; 17 of 19 colleges
    # their admission (POO-01 and POO-07 are late)
    assert metric["Сдано (организация × набор)"] == "20"
    missing = sql(
        college_uploaded_next_year,
        "select count(*) from collection_submitters where year = 2026 and status = 'missing'",
    )[0][0]
    assert metric["Не сдано"] == str(missing)

    grid = table_with(at, "submitter_name")
    row = grid.filter(pl.col("inst_code") == "POO-07").row(0, named=True)
    assert row["Трудоустройство выпускников"].startswith("сдано ")
    other = grid.filter(pl.col("inst_code") == "POO-01").row(0, named=True)
    assert other["Трудоустройство выпускников"] == "не сдано (срок 01.12.2026)"
    assert other["Демонстрационный экзамен"] == "не сдано (просрочено 134 дн.)"  # 15.07 → 26.11.2026
    assert other["Приём и КЦП"] == "не сдано (просрочено 56 дн.)"  # 01.10 → 26.11.2026
    assert grid.filter(pl.col("inst_code") == "POO-02")["Приём и КЦП"][0].startswith("сдано ")
    assert grid.filter(pl.col("inst_code") == "POO-19")["Демонстрационный экзамен"][0].startswith(
        "освобождён: "
    )

    owed = table_with(at, "director")
    expected = sql(
        college_uploaded_next_year,
        """
        select s.inst_code, i.director from collection_submitters as s
        left join institutions as i using (inst_code)
        where s.year = 2026 and s.status = 'missing'
        """,
    )
    assert owed.height == len(expected)
    assert set(zip(owed["inst_code"], owed["director"], strict=True)) == set(expected)
    assert "POO-07" not in owed.filter(pl.col("dataset_title") == "Трудоустройство выпускников")["inst_code"]
    # the most overdue first: the RKC's championship results, due 01.04.2026
    assert owed.row(0, named=True)["inst_code"] == "RKC" and owed["days_overdue"][0] == 239
    assert [b.label for b in at.get("download_button")].count("Скачать XLSX") >= 2


def test_a_grid_too_large_to_colour_marks_each_status(college_uploaded_next_year, monkeypatch):
    from pages.ui import tables

    monkeypatch.setattr(tables, "STYLED_ROWS_AT_MOST", 5)
    at = page(COUNCIL)
    assert not at.exception
    grid = table_with(at, "submitter_name")
    row = grid.filter(pl.col("inst_code") == "POO-07").row(0, named=True)
    assert row["Трудоустройство выпускников"].startswith("✔ сдано ")
    assert row["Приём и КЦП"] == "✖ не сдано (просрочено 56 дн.)"
    other = grid.filter(pl.col("inst_code") == "POO-01").row(0, named=True)
    assert other["Трудоустройство выпускников"] == "○ не сдано (срок 01.12.2026)"
    assert grid.filter(pl.col("inst_code") == "POO-19")["Демонстрационный экзамен"][0].startswith(
        "⊘ освобождён: "
    )
    assert grid.filter(pl.col("inst_code") == "POO-01")["Результаты чемпионатов"][0] == "—"
    assert "✔ сдано · ⚠ сдано с опозданием" in " ".join(h.proto.body for h in at.get("html"))


def test_board_closed_year(built_mart):
    at = page(COORD, year="2025")
    assert not at.exception
    metric = {m.label: m.value for m in at.metric}
    assert metric["Наборов собрано полностью"] == "6 из 6"
    assert "все обязанные организации сдали данные" in " ".join(s.value for s in at.success)


UPLOAD = "upload.py"


def upload_page(ctx) -> AppTest:
    at = open_page(UPLOAD, default_timeout=90)
    at.session_state["access"] = ctx
    return at.run()


def test_college_sees_its_obligations(college_uploaded_next_year):
    own = upload_page(Access(role="institution", login="demo.poo07", inst_code="POO-07"))
    assert not own.exception
    due = " ".join(w.value for w in own.error) + " ".join(w.value for w in own.warning)
    # demo exams and graduates are in; admissions 2026 (due 01.10.2026) is 56 days late on 26.11.2026
    assert "Нужно загрузить: **приём и кцп 2026** — до 01.10.2026 (срок прошёл 56 дней назад)." in due
    done = " ".join(s.value for s in own.success)
    assert (
        "Уже сдано: трудоустройство выпускников 2026 — " in done and "демонстрационный экзамен 2026" in done
    )

    other = upload_page(Access(role="institution", login="demo.poo01", inst_code="POO-01"))
    due = " ".join(w.value for w in other.error)
    assert "**трудоустройство выпускников 2026** — до 01.12.2026 (осталось 5 дней)" in due
    assert "**демонстрационный экзамен 2026** — до 15.07.2026 (срок прошёл 134 дня назад)" in due


def test_coordinator_form_opens_excuses_and_closes(built_mart):
    from mart.read import periods

    at = upload_page(COORD)
    assert not at.exception
    at.multiselect(key="co_datasets").set_value(["graduates", "admissions"])
    at.number_input(key="co_year").set_value(2027)
    at.date_input(key="co_deadline").set_value(__import__("datetime").date(2027, 12, 1))
    next(b for b in at.button if b.label == "Открыть сбор (или изменить срок)").click().run()
    assert not at.exception
    assert "Открыт сбор «Трудоустройство выпускников 2027», срок — 01.12.2027." in " ".join(
        s.value for s in at.success
    )

    at.selectbox(key="ex_dataset").set_value("graduates")
    at.number_input(key="ex_year").set_value(2026)
    at.text_input(key="ex_inst").input("POO-99")
    at.text_input(key="ex_reason").input("закрыт")
    next(b for b in at.button if b.label == "Освободить от сдачи").click().run()
    assert "Организации «POO-99» нет в справочнике организаций" in " ".join(e.value for e in at.error)

    at.selectbox(key="cl_dataset").set_value("graduates")
    at.number_input(key="cl_year").set_value(2026)
    next(b for b in at.button if b.label == "Завершить сбор").click().run()
    assert "Сбор «Трудоустройство выпускников 2026» завершён" in " ".join(s.value for s in at.success)
    assert periods.is_complete(COORD, ("graduates",), 2026)
    next(b for b in at.button if b.label == "Завершить сбор").click().run()
    assert "повторно завершить его нельзя" in " ".join(e.value for e in at.error)
