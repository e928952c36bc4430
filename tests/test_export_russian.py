"""An export carries the filters as the screen shows them and Russian headers, numbers as numbers."""

import io
import re

import polars as pl

from mart.access.rules import Access
from mart.intake import uploads_log
from mart.papers import export
from tests.pages_app import open_page
from tests.test_russian_everywhere import _problems

COUNCIL = Access(role="council", login="demo.council")


def test_filters_in_an_export_read_as_on_screen(built_mart):
    at = open_page("championships.py", default_timeout=120)
    at.session_state["access"] = COUNCIL
    at.query_params["level"] = "regional"
    at.query_params["age"] = "main"
    at.run()
    assert not at.exception
    described = at.session_state["_filter_text"]
    assert described["level"] == ("Уровень чемпионата", "Региональный")
    assert described["age"] == ("Возрастная группа", "Основная (16–22)")

    # what sidebar.active_filters gives the export for these URL parameters
    filters = {described[k][0]: described[k][1] for k in ("year", "level", "age")}
    frame = pl.DataFrame({"short_name": ["Демо-колледж № 1"], "medal_points": [12], "k1": [0.81]})
    book = export.to_xlsx(
        frame,
        title="Проба",
        filters=filters,
        freshness=uploads_log.freshness_table(COUNCIL),
        freshness_labels=uploads_log.FRESHNESS_LABELS,
        column_labels={"short_name": "Организация", "medal_points": "Очки", "k1": "K1"},
        is_demo=True,
    )
    about = pl.read_excel(io.BytesIO(book), sheet_name=export.ABOUT_SHEET, has_header=False)
    cells = [str(v) for row in about.iter_rows() for v in row if v is not None]
    text = "\n".join(cells)
    assert "Уровень чемпионата" in text and "Региональный" in text and "Основная (16–22)" in text
    for code in (
        "level",
        "regional",
        "age",
        "main",
        "dataset",
        "last_upload_at",
        "last_batch_id",
        "inst_code",
    ):
        assert not re.search(rf"(^|\s){code}($|\s)", text), code
    assert not _problems([("export", c) for c in cells if not re.fullmatch(r"[\d.:\s-]+", c)])
    data = pl.read_excel(io.BytesIO(book), sheet_name="Данные")
    assert data.columns == ["Организация", "Очки", "K1"]
    assert data["Очки"].dtype.is_integer() and data["K1"].dtype.is_float()  # numbers stay numbers
