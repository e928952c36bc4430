"""«Сбор данных» in AppTest: the board of the coordinator and the council, figures against direct SQL."""

from pathlib import Path

import duckdb
import polars as pl
from streamlit.testing.v1 import AppTest

from mart.access import Access

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "collections.py")
COUNCIL = Access(role="council", login="demo.council")
COORD = Access(role="coordinator", login="demo.coordinator")


def page(ctx, **query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
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
    # 1 college submitted graduates and demo exams; the RKC its experts base
    assert metric["Сдано (организация × набор)"] == "3"
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


def test_board_closed_year(built_mart):
    at = page(COORD, year="2025")
    assert not at.exception
    metric = {m.label: m.value for m in at.metric}
    assert metric["Наборов собрано полностью"] == "6 из 6"
    assert "все обязанные организации сдали данные" in " ".join(s.value for s in at.success)
