"""Upload templates institutions download: a CSV and an Excel book per dataset of the contract.

Both are generated from ``mart.intake.datasets`` so they can never drift from what validation accepts:
the canonical header and one example row. The Excel book also explains every column (label,
required, type, allowed codes, help), the dataset's key and, for datasets with one, the slice that
replace mode covers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import polars as pl
import xlsxwriter

from mart.intake import datasets
from mart.intake.datasets import Column, Dataset
from mart.intake.filereader import MAX_BYTES
from mart.platform import config, db
from mart.read import queries

DATA_SHEET = "Данные"
HELP_SHEET = "Описание столбцов"

KIND_RU = {
    "text": "текст",
    "int": "целое число",
    "decimal": "число (дробная часть — через запятую или точку)",
    "date": "дата ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД)",
    "bool": "да / нет (также yes/no, 1/0)",
    "enum": "код из списка (или его название по-русски)",
}
REF_RU = {
    "institutions": "код организации из справочника организаций системы (например, POO-01)",
    "specialties": "код профессии или специальности по ОКСО (например, 15.02.08)",
    "competences": "название компетенции WorldSkills из справочника компетенций",
    "roadmap_items": "номер мероприятия дорожной карты «раздел.номер» (постановление № 448)",
    "experts": "номер эксперта, уже загруженного в набор «Эксперты и сертификаты»",
}
HELP_COLUMNS = {
    "name": "Код столбца (тоже принимается в заголовке)",
    "label_ru": "Заголовок в шаблоне",
    "required": "Обязательный",
    "kind_ru": "Тип",
    "allowed_ru": "Допустимые значения",
    "help_ru": "Пояснение",
    "example": "Пример",
}


def _dataset(dataset: str | Dataset) -> Dataset:
    return dataset if isinstance(dataset, Dataset) else datasets.get(dataset)


@queries.cached
def _mart_statuses() -> pl.DataFrame:
    """The monitoring categories in the mart (kept until the model changes: a page asks per column)."""
    return queries.read("employment_statuses", columns=["status_code", "label_ru"], order="sort_order")


def employment_statuses() -> list[tuple[str, str]]:
    """(code, Russian label) of the official monitoring categories: from the mart, else the seed."""
    try:
        frame = _mart_statuses()
        if frame.height:
            return [(r[0], r[1]) for r in frame.iter_rows()]
    except (db.MartMissing, duckdb.Error):  # no mart yet, or one without the view: the seed is the source
        pass
    with (config.SEEDS_DIR / "employment_statuses.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["sort_order"]))
    return [(r["status_code"], r["label_ru"]) for r in rows]


def allowed_codes(column: Column) -> list[tuple[str, str]]:
    """(code, Russian label) for an enum column; empty for other kinds."""
    if column.kind != "enum" or not column.enum:
        return []
    if column.enum == "employment_status":
        return employment_statuses()
    return list(datasets.ENUMS[column.enum].items())


def _kind_ru(column: Column) -> str:
    if column.kind == "ref":
        return REF_RU.get(column.ref or "", "код из справочника")
    text = KIND_RU.get(column.kind, column.kind)
    if column.kind in ("int", "decimal"):
        lo, hi = column.min_value, column.max_value
        if column.name in ("year", "graduation_year"):
            text += f", от {datasets.YEAR_MIN} до текущего года"
        elif lo is not None and hi is not None:
            text += f", от {_num(lo)} до {_num(hi)}"
        elif lo is not None:
            text += f", не меньше {_num(lo)}"
    return text


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")


def _allowed_ru(column: Column) -> str:
    codes = allowed_codes(column)
    if codes:
        return "\n".join(f"{code} — {label}" for code, label in codes)
    if column.kind == "bool":
        return "да, нет"
    return ""


def columns_frame(dataset: str | Dataset) -> pl.DataFrame:
    """One row per column of the dataset, in Russian: what the help sheet and the page show."""
    ds = _dataset(dataset)
    return pl.DataFrame(
        [
            {
                "name": c.name,
                "label_ru": c.label_ru,
                "required": "да" if c.required else "нет",
                "kind_ru": _kind_ru(c),
                "allowed_ru": _allowed_ru(c),
                "help_ru": c.help_ru,
                "example": example(c),
            }
            for c in ds.columns
        ],
        schema=dict.fromkeys(HELP_COLUMNS, pl.String),
    )


def _labels(ds: Dataset, names: tuple[str, ...]) -> str:
    return ", ".join(f"«{ds.column(n).label_ru}»" for n in names)


def key_ru(dataset: str | Dataset) -> str:
    ds = _dataset(dataset)
    return (
        f"Ключ строки: {_labels(ds, ds.key)}. Строка с тем же ключом, что уже есть в системе, "
        "заменяет прежнюю версию (прежняя сохраняется в истории); с новым ключом — добавляется. "
        "Внутри одного файла ключ не должен повторяться."
    )


def slice_ru(dataset: str | Dataset) -> str:
    ds = _dataset(dataset)
    if not ds.slice:
        return (
            "Режим «Заменить срез целиком» для этого набора недоступен: строки не делятся на срезы, "
            "файл всегда дополняет и обновляет данные по ключу."
        )
    return (
        f"Срез: {_labels(ds, ds.slice)}. В режиме «Заменить срез целиком» файл считается полным "
        "списком строк каждого среза, который в нём встречается: строки этих срезов, которых нет в файле, "
        "выбывают из данных (история сохраняется, выбытие можно отменить отзывом пакета). "
        "Срезы, которых нет в файле, не меняются. В режиме «Дополнить/обновить» ничего не выбывает."
    )


def file_rules_ru() -> list[str]:
    return [
        f"Файл: CSV (.csv) или книга Excel (.xlsx), не больше {MAX_BYTES // 1048576} МБ.",
        "CSV: кодировка UTF-8 (с BOM или без) или Windows-1251; разделитель — точка с запятой, "
        "запятая или табуляция (определяется по строке заголовка).",
        "Excel: данные на первом листе, заголовок — в строке 1, одна строка — одна запись. "
        "Старый формат .xls не принимается: сохраните книгу как .xlsx.",
        "Заголовок — имена столбцов из этого описания (или их русские названия); порядок столбцов любой, "
        "необязательные столбцы можно не включать.",
        "Номер строки в сообщениях об ошибках — как в Excel: заголовок — строка 1, первая строка данных — строка 2.",
        "Если в файле есть хотя бы одна ошибка, он отклоняется целиком, а все ошибки перечисляются.",
    ]


# --- CSV -------------------------------------------------------------------------------------------


def header_row(dataset: str | Dataset) -> list[str]:
    """The template's header: each column's Russian name (its canonical code is accepted as well)."""
    return [c.label_ru for c in _dataset(dataset).columns]


def example(column: Column) -> str:
    """The example value as a person writes it: a code list's Russian label rather than its code."""
    labels = dict(allowed_codes(column))
    return labels.get(column.example, column.example)


def template_csv(dataset: str | Dataset) -> bytes:
    """UTF-8 with BOM, ``;``-separated: the Russian header and one example row (opens in Russian Excel)."""
    ds = _dataset(dataset)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header_row(ds))
    w.writerow([example(c) for c in ds.columns])
    return buf.getvalue().encode("utf-8-sig")


# --- Excel -----------------------------------------------------------------------------------------


def _example_cell(column: Column) -> tuple[str, object]:
    """How the example is written into Excel: as a number, a date or text."""
    value = example(column).strip()
    if not value:
        return "blank", None
    if column.kind == "int":
        return "number", int(value)
    if column.kind == "decimal":
        return "number", float(value.replace(",", "."))
    if column.kind == "date":
        return "date", dt.datetime.strptime(value, "%d.%m.%Y")
    return "text", value


def template_xlsx(dataset: str | Dataset) -> bytes:
    """Excel book: sheet «Данные» (header + example row) and sheet «Описание столбцов»."""
    ds = _dataset(dataset)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    header = wb.add_format(
        {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
    )
    header_req = wb.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"}
    )
    text_fmt = wb.add_format({"num_format": "@"})
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    int_fmt = wb.add_format({"num_format": "0"})
    dec_fmt = wb.add_format({"num_format": "0.##"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    bold = wb.add_format({"bold": True})
    title_fmt = wb.add_format({"bold": True, "font_size": 14})

    data = wb.add_worksheet(DATA_SHEET)
    for j, c in enumerate(ds.columns):
        # Codes such as 15.01.05 or 5.10 must stay text: Excel would turn them into a date or 5.1.
        col_fmt = {"date": date_fmt, "int": int_fmt, "decimal": dec_fmt}.get(c.kind, text_fmt)
        data.set_column(j, j, max(14, min(45, len(c.example) + 2, len(c.label_ru) + 6)), col_fmt)
        data.write_string(0, j, c.label_ru, header_req if c.required else header)
        data.write_comment(
            0,
            j,
            f"{c.label_ru}{' (обязательный)' if c.required else ''}. {c.help_ru} "
            f"Код столбца «{c.name}» в заголовке тоже принимается.",
            {"x_scale": 2, "y_scale": 1.5},
        )
        how, value = _example_cell(c)
        if how == "number":
            data.write_number(1, j, value, col_fmt)
        elif how == "date":
            data.write_datetime(1, j, value, date_fmt)
        elif how == "text":
            data.write_string(1, j, value, text_fmt)
    data.freeze_panes(1, 0)

    helpws = wb.add_worksheet(HELP_SHEET)
    widths = {
        "name": 20,
        "label_ru": 26,
        "required": 13,
        "kind_ru": 30,
        "allowed_ru": 44,
        "help_ru": 60,
        "example": 22,
    }
    for j, key in enumerate(HELP_COLUMNS):
        helpws.set_column(j, j, widths[key])
    r = 0
    helpws.write_string(r, 0, f"Шаблон загрузки: {ds.title_ru}", title_fmt)
    r += 1
    helpws.write_string(r, 0, ds.description_ru)
    r += 1
    helpws.write_string(
        r,
        0,
        f"Набор данных: {ds.name}. Заполните лист «{DATA_SHEET}» (строку-пример замените своими данными). "
        "Обязательные столбцы выделены в заголовке цветом.",
    )
    r += 2
    frame = columns_frame(ds)
    for j, label in enumerate(HELP_COLUMNS.values()):
        helpws.write_string(r, j, label, header)
    table_top = r
    for row in frame.iter_rows(named=True):
        r += 1
        for j, key in enumerate(HELP_COLUMNS):
            helpws.write_string(r, j, row[key] or "", wrap)
    helpws.autofilter(table_top, 0, r, len(HELP_COLUMNS) - 1)
    r += 2
    helpws.write_string(r, 0, "Ключ и режимы загрузки", bold)
    for line in (key_ru(ds), slice_ru(ds)):
        r += 1
        helpws.write_string(r, 0, line)
    r += 2
    helpws.write_string(r, 0, "Требования к файлу", bold)
    for line in file_rules_ru():
        r += 1
        helpws.write_string(r, 0, line)
    helpws.freeze_panes(table_top + 1, 0)
    wb.close()
    return buf.getvalue()


def file_names(dataset: str | Dataset) -> tuple[str, str]:
    """Suggested download names of the CSV and the Excel template."""
    ds = _dataset(dataset)
    return f"шаблон_{ds.name}.csv", f"шаблон_{ds.name}.xlsx"


__all__ = [
    "DATA_SHEET",
    "HELP_SHEET",
    "allowed_codes",
    "columns_frame",
    "employment_statuses",
    "file_names",
    "file_rules_ru",
    "key_ru",
    "slice_ru",
    "template_csv",
    "template_xlsx",
]


def labelled(frame: pl.DataFrame, dataset: str | Dataset) -> pl.DataFrame:
    """A checked file's rows as a person reads them: code-list columns by their Russian labels.

    What the upload preview shows («Трудоустроен», not ``employed``); codes without a label stay.
    """
    ds = _dataset(dataset)
    exprs = []
    for c in ds.columns:
        labels = dict(allowed_codes(c))
        if labels and c.name in frame.columns:
            exprs.append(
                pl.col(c.name)
                .replace_strict(labels, default=pl.col(c.name), return_dtype=pl.String)
                .alias(c.name)
            )
    return frame.with_columns(exprs) if exprs else frame
