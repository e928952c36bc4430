"""AppTests of the federal monitoring form on the upload and employment pages (issue 14)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from streamlit.testing.v1 import AppTest

from mart.access.rules import Access
from mart.intake import fedform
from mart.read import queries
from tests.pages_app import open_page
from tests.test_employment_form import good_blocks, make_form

ROOT = Path(__file__).resolve().parents[1]
UPLOAD = "upload.py"
EMPLOYMENT = "employment.py"
POO19 = Access(role="institution", login="poo19", inst_code="POO-19")
POO05 = Access(role="institution", login="poo05", inst_code="POO-05")
COORDINATOR = Access(role="coordinator", login="minobr")
COUNCIL = Access(role="council", login="council1")


def run(path: str, ctx: Access, **params) -> AppTest:
    at = open_page(path, default_timeout=120)
    at.session_state["access"] = ctx
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.success, *at.warning, *at.info, *at.error, *at.subheader]
    return "\n".join(str(e.value) for e in parts)


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def test_college_uploads_its_form_checked_then_stored(built_mart):
    at = run(UPLOAD, POO19)
    at.selectbox(key="dataset").set_value("employment_form").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "POO-19" in texts(at) and "(ваша учётная запись)" in texts(at)
    assert not [s for s in at.selectbox if s.key == "form_inst"]  # a college cannot choose another one
    labels = [b.label for b in at.get("download_button")]
    assert any("Пустая форма" in label for label in labels)
    at.selectbox(key="form_year").set_value(2026).run()
    at.file_uploader(key="upload_file").set_value(
        ("форма.xlsx", make_form(good_blocks()), "application/vnd.ms-excel")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Проверка пройдена: ячеек формы 810" in texts(at)
    at.button(key="confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Файл принят: ячеек формы 810" in texts(at)
    stored = (
        queries.reader()
        .df(
            "select sum(value) as n from employment_form where inst_code = 'POO-19' and year = 2026"
            " and row_no = 1 and col_no = 7"
        )
        .item()
    )
    assert stored == 50


def test_coordinator_chooses_the_college_and_sees_cell_errors(built_mart):
    at = run(UPLOAD, COORDINATOR)
    at.selectbox(key="dataset").set_value("employment_form").run()
    assert any(o.startswith("POO-11 — ") for o in at.selectbox(key="form_inst").options)
    at.selectbox(key="form_inst").set_value("POO-19").run()
    at.selectbox(key="form_year").set_value(2026).run()
    broken = make_form(good_blocks(), put={("15.01.05", 1, 7): 41})
    at.file_uploader(key="upload_file").set_value(("форма.xlsx", broken, "application/vnd.ms-excel")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Файл будет отклонён целиком" in texts(at)
    report = next(f for f in frames(at) if "place" in f.columns)
    assert "строка 9, графа 07" in report["place"].tolist()
    assert any("Специальность 15.01.05" in r for r in report["reason"].tolist())


def test_coordinator_sees_the_reconciliation_and_the_form_section(built_mart):
    at = run(EMPLOYMENT, COORDINATOR, year="2024")
    text = texts(at)
    assert "POO-05 — построчные данные и форма (сверка)" in text
    assert "POO-05: форма 2024 года расходится с построчными данными" in text
    rec = next(f for f in frames(at) if "cell_ru" in f.columns and "form_value" in f.columns)
    truth = (
        queries.reader()
        .df(
            "select count(*) from employment_form_reconciliation where inst_code = 'POO-05' and year = 2024"
            " and difference <> 0"
        )
        .item()
    )
    assert len(rec) == truth > 0
    rows = next(f for f in frames(at) if "row_ru" in f.columns)
    assert list(rows["row"]) == [f"{r:02d}" for r in range(2, 16)]
    assert "Неполные данные: строки 02–15 за 2024 год известны по 1 орг. из 19" in text


def test_council_sees_no_reconciliation_and_small_counts_hidden(built_mart):
    at = run(EMPLOYMENT, COUNCIL, year="2021")
    text = texts(at)
    assert "только федеральная форма мониторинга — 2 орг." in text
    assert "POO-11 — федеральная форма" in text and "POO-17 — федеральная форма" in text
    assert not any("form_value" in f.columns for f in frames(at))
    rows = next(f for f in frames(at) if "row_ru" in f.columns)
    truth = (
        queries.reader()
        .df(
            "select row_no, sum(value) as n from employment_form_details where year = 2021 and col_no = 7"
            " and row_no >= 2 group by row_no"
        )
        .to_dict(as_series=False)
    )
    small = {r for r, n in zip(truth["row_no"], truth["n"], strict=True) if 0 < n < 5}
    assert small  # the demo has small counts here
    shown = dict(zip(rows["row"].astype(int), rows["graduates"], strict=True))
    for r in small:
        assert shown[r] != shown[r] or shown[r] is None  # hidden (NaN/None)
    assert "скрыто (< 5)" in set(rows["note"].dropna())
    forecast = next(f for f in frames(at) if "forecast_ru" in f.columns)
    assert len(forecast) == 6


def test_a_college_sees_its_own_reconciliation_only(built_mart):
    at = run(EMPLOYMENT, POO05, year="2024")
    assert "POO-05: форма 2024 года расходится" in texts(at)
    at = run(EMPLOYMENT, POO19, year="2024")
    assert "расходится" not in texts(at)
    assert not any("form_value" in f.columns for f in frames(at))


def test_downloaded_form_opens_in_the_federal_layout(built_mart):
    from mart.read import employment_forms

    data, name = employment_forms.download(COORDINATOR, "POO-05", 2024)
    grid = pl.read_excel(data, has_header=False, infer_schema_length=None, drop_empty_rows=False)
    cells = [[("" if v is None else str(v)) for v in row] for row in grid.iter_rows()]
    assert cells[0][0].startswith("Мониторинг трудоустройства выпускников")
    assert "Выпуск 2024 года" in cells[1][0]
    assert [c for c in cells[7][:33]] == [f"{c:02d}" for c in range(1, 34)]  # row 8
    assert [cells[8 + i][4] for i in range(16)] == [f"{r:02d}" for r in range(1, 16)] + ["16"]
    assert cells[8][5] == fedform.ROWS[1] and name.endswith("POO-05_2024.xlsx")
