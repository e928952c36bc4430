"""Upload templates: every dataset's CSV and Excel template passes the ingestion path as it is."""

import io
import zipfile

import polars as pl
import pytest

from mart.access.rules import OPERATOR
from mart.intake import datasets, ingest, templates

# datasets uploaded as tables with a header row (the federal monitoring form has its own layout and
# templates: tests/test_employment_form.py)
NAMES = [name for name, ds in datasets.DATASETS.items() if ds.reader == "table"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("name", NAMES)
def test_template_is_accepted_by_ingestion(built_mart, name, kind):
    data = templates.template_csv(name) if kind == "csv" else templates.template_xlsx(name)
    result = ingest.load(OPERATOR, name, data, f"шаблон_{name}.{kind}")
    assert result.errors.to_dicts() == []
    assert result.accepted, result.summary_ru()
    assert result.rows == 1


@pytest.mark.parametrize("name", NAMES)
def test_csv_template_is_for_russian_excel(name):
    data = templates.template_csv(name)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    ds = datasets.get(name)
    assert lines[0].split(";") == [c.label_ru for c in ds.columns]  # the header row is Russian
    assert lines[1] == ";".join(templates.example(c) for c in ds.columns)


@pytest.mark.parametrize("name", NAMES)
def test_xlsx_template_sheets(name):
    data = templates.template_xlsx(name)
    sheets = pl.read_excel(data, sheet_id=0, has_header=False, drop_empty_rows=False)
    assert list(sheets) == [templates.DATA_SHEET, templates.HELP_SHEET]
    ds = datasets.get(name)
    assert list(sheets[templates.DATA_SHEET].row(0)) == [c.label_ru for c in ds.columns]
    assert sheets[templates.DATA_SHEET].height == 2

    help_sheet = sheets[templates.HELP_SHEET]
    first = help_sheet.get_column(help_sheet.columns[0]).to_list()
    for column in ds.columns:
        assert column.name in first, f"help sheet does not describe {column.name}"
    text = "\n".join(str(v) for row in help_sheet.iter_rows() for v in row if v is not None)
    assert "Ключ строки" in text
    if ds.slice:
        assert "Срез:" in text
    else:
        assert "недоступен" in text
    # enum columns list every code with its Russian label
    for column in ds.columns:
        for code, label in templates.allowed_codes(column):
            assert f"{code} — {label}" in text
    # strings are never formulas
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(part)


def test_employment_statuses_without_a_mart_come_from_the_seed(mart_env):
    assert not mart_env.exists()
    from_seed = templates.employment_statuses()
    assert ("employed", "Трудоустроен") in from_seed
    assert from_seed[-1] == ("other", "Иное")
    assert len(from_seed) == 17


def test_graduates_help_lists_official_statuses(built_mart):
    column = datasets.get("graduates").column("status")
    codes = dict(templates.allowed_codes(column))
    assert codes["self_employed"] == "Самозанятый"
    assert len(codes) == 17


def test_examples_of_code_lists_are_russian_labels_and_codes_stay_accepted(built_mart):
    status = datasets.get("graduates").column("status")
    assert templates.example(status) == "Трудоустроен"
    # a file headed by the canonical codes (older templates, scripts) is still accepted
    ds = datasets.get("graduates")
    data = (";".join(ds.column_names) + "\r\n" + ";".join(c.example for c in ds.columns) + "\r\n").encode()
    result = ingest.load(OPERATOR, "graduates", data, "коды.csv")
    assert result.accepted, result.errors.to_dicts()
