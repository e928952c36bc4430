"""The federal monitoring form on screens and as a download (measure 8.1, issue 14).

Every function takes the caller's Access first:

* ``download``, ``download_years``, ``reconciliation``: the form of one college, cell by cell — the
  coordinator for any college, a college for its own (``person_rows``); anyone else is refused;
* ``sources``: which colleges reported a year by per-graduate rows, by the form, or both (signed-in roles);
* ``details``: rows 02–15 (ОВЗ, disabilities, target contracts, «Абилимпикс») and the forecast
  columns 27–32, summed over a selection, with small-cell protection for viewers who do not know
  the rows behind them (counts of 1–4 hidden, plus one more count of a total that would otherwise
  give a single hidden count away).

The figures are SQL models: ``employment_form_out``, ``employment_form_reconciliation``,
``employment_sources``, ``employment_form_coverage``, ``employment_form_detail_sums`` and
``employment_form_forecast`` (sums over a selection, given as parameters), ``employment_form_years``,
``college_specialties``. Nothing is computed here: the functions pick rows, protect and label.
"""

from __future__ import annotations

import polars as pl

from mart.access.privacy import known_institutions, knows_all, person_rows_institution, suppress
from mart.access.rules import Access, require, require_slice
from mart.intake import fedform
from mart.platform import config
from mart.read.queries import cached, read, where

REFUSAL = "Форма мониторинга с построчными данными доступна только самой организации и координатору."
SOURCE_RU = {
    "graduates": "построчные данные о выпускниках",
    "form": "федеральная форма",
    "both": "построчные данные и форма (сверка)",
}
FORECAST_COLUMNS = tuple(range(27, 33))
DETAIL_ROWS = tuple(range(2, 16))
# rows 07–13 add up to row 06: a single hidden one of them could be recomputed
# and row 06 = 02 + 04: those three are one group as well
_ROW_GROUP = {r: ("kinds" if 7 <= r <= 13 else "ovz" if r in (2, 4, 6) else f"r{r:02d}") for r in DETAIL_ROWS}


def column_label(col_no: int) -> str:
    return fedform.COLUMNS[col_no]["short_ru"]


# --- which colleges reported how --------------------------------------------------------------------


@cached
def _sources() -> pl.DataFrame:
    return read("employment_sources", order="year, inst_code")


def sources(ctx: Access, year: int | None = None, inst_code: str | None = None) -> pl.DataFrame:
    """Per college × year: per-graduate rows, form, or both (``source`` and ``source_ru``)."""
    require(ctx, "institution_aggregates")
    out = where(_sources(), year=year, inst_code=inst_code)
    return out.with_columns(
        pl.col("source").replace_strict(SOURCE_RU, default=None, return_dtype=pl.String).alias("source_ru")
    )


def source_counts(ctx: Access, year: int) -> dict[str, int]:
    """How many colleges reported ``year`` by per-graduate rows only, by the form only, and both."""
    require(ctx, "regional_totals")
    row = _coverage(year)
    return {
        k: int(row.get(f"by_{c}", 0)) for k, c in (("graduates", "rows"), ("form", "form"), ("both", "both"))
    }


@cached
def _coverage_rows() -> pl.DataFrame:
    return read("employment_form_coverage", order="year")


def _coverage(year: int) -> dict:
    """The row of ``employment_form_coverage`` of ``year`` (empty when nobody reported it)."""
    rows = where(_coverage_rows(), year=year).to_dicts()
    return rows[0] if rows else {}


# --- the form of one college -------------------------------------------------------------------------


@cached
def _out_years() -> pl.DataFrame:
    return read("employment_form_years", order="inst_code, year desc")


def download_years(ctx: Access, inst_code: str | None) -> pl.DataFrame:
    """Graduation years whose form the caller may download for a college (latest first)."""
    inst = person_rows_institution(ctx, inst_code, REFUSAL)
    if inst is None:
        return _out_years().clear()
    return _out_years().filter(pl.col("inst_code") == inst).sort("year", descending=True)


def download(ctx: Access, inst_code: str | None, year: int) -> tuple[bytes, str]:
    """The college's form for ``year`` in the federal layout (.xlsx) and its file name."""
    inst = person_rows_institution(ctx, inst_code, REFUSAL)
    if inst is None:
        raise LookupError("Выберите организацию.")
    cells = read("employment_form_out", where={"inst_code": inst, "year": year}).select(
        "specialty_code", "row_no", "col_no", "value", "text", "source"
    )
    info = read("institutions", where={"inst_code": inst}).select("short_name", "full_name").to_dicts()
    specs = read("specialties", order="specialty_code").filter(
        pl.col("specialty_code").is_in(cells.get_column("specialty_code").unique().implode())
    )
    names = {
        r["specialty_code"]: (r["name"], "ППКРС" if r["kind"] == "profession" else "ППССЗ")
        for r in specs.iter_rows(named=True)
    }
    source = cells.get_column("source").unique().to_list()
    if source == ["form"]:
        src = "Форма, загруженная организацией (построчных данных о выпускниках за этот год нет)."
    else:
        src = (
            "Заполнено по построчным данным о выпускниках в информационной системе регионального стандарта "
            f"кадрового обеспечения Амурской области на {config.today():%d.%m.%Y}."
        )
    is_demo = read("institution_demo_uploads", where={"inst_code": inst}).height > 0
    name = info[0]["full_name"] if info else inst
    data = fedform.write_form(
        cells,
        year=year,
        inst_code=inst,
        inst_name=name,
        specialties=names,
        source_ru=src,
        is_demo=is_demo,
    )
    return data, f"мониторинг_трудоустройства_{inst}_{year}.xlsx"


# --- form against the college's own list ---------------------------------------------------------------


@cached
def _reconciliation() -> pl.DataFrame:
    names = read("specialties").select("specialty_code", pl.col("name").alias("specialty_name"))
    rows = read("employment_form_reconciliation", order="year, inst_code, specialty_code, col_no")
    return rows.join(names, on="specialty_code", how="left", maintain_order="left")


def reconciliation(ctx: Access, year: int | None = None, inst_code: str | None = None) -> pl.DataFrame:
    """Row 01 of the form beside the same cells filled from the per-graduate rows, cell by cell."""
    inst = person_rows_institution(ctx, inst_code, REFUSAL)
    out = where(_reconciliation(), year=year, inst_code=inst)
    return out.with_columns(
        pl.col("col_no")
        .map_elements(lambda c: f"{c:02d} {column_label(c)}", return_dtype=pl.String)
        .alias("column_ru"),
        pl.format("строка 01, графа {}", pl.col("col_no").cast(pl.String).str.zfill(2)).alias("cell_ru"),
    )


# --- rows 02–15 and the forecast ----------------------------------------------------------------------


def details_coverage(ctx: Access, year: int) -> tuple[int, int]:
    """(colleges whose rows 02–15 are known for ``year``, colleges with employment data that year)."""
    require(ctx, "regional_totals")
    row = _coverage(year)
    return int(row.get("with_details", 0)), int(row.get("reporting", 0))


def _selection(year: int, municipality: str | None, inst_code: str | None) -> dict:
    return {
        "p_year": None if year is None else int(year),
        "p_municipality": municipality,
        "p_inst_code": inst_code,
    }


def details(
    ctx: Access, year: int, municipality: str | None = None, inst_code: str | None = None
) -> pl.DataFrame:
    """Rows 02–15 of the form over a selection: graduates (col 07) and employed (cols 08, 11, 12).

    ``hidden`` marks counts withheld from this viewer (small-cell rule); hidden counts are null.
    """
    require_slice(ctx, municipality, inst_code)
    out = read(
        "employment_form_detail_sums", at=_selection(year, municipality, inst_code), order="row_no"
    ).with_columns(
        pl.col("row_no").replace_strict(fedform.ROWS, return_dtype=pl.String).alias("row_ru"),
        pl.col("row_no").replace_strict(_ROW_GROUP, return_dtype=pl.String).alias("_group"),
    )
    return _protect(ctx, out, inst_code, ("graduates", "employed"))


def forecast(
    ctx: Access, year: int, municipality: str | None = None, inst_code: str | None = None
) -> pl.DataFrame:
    """The forecast for graduates at risk (cols 27–32 of row 01) over a selection, protected."""
    require_slice(ctx, municipality, inst_code)
    out = read(
        "employment_form_forecast", at=_selection(year, municipality, inst_code), order="col_no"
    ).with_columns(
        pl.col("col_no")
        .map_elements(lambda c: fedform.COLUMNS[c]["label_ru"].split("прогноз: ")[-1], return_dtype=pl.String)
        .alias("forecast_ru"),
        pl.format("графа {}", pl.col("col_no").cast(pl.String)).alias("cell_ru"),
        pl.lit("forecast").alias("_group"),
    )
    return _protect(ctx, out, inst_code, ("graduates",))


def _protect(
    ctx: Access, frame: pl.DataFrame, inst_code: str | None, counts: tuple[str, ...]
) -> pl.DataFrame:
    """Small counts hidden unless the viewer knows every row of the selection (its own college)."""
    if knows_all(known_institutions(ctx), inst_code):
        return frame.with_columns(pl.lit(False).alias("hidden")).drop("_group")
    hidden = pl.lit(False)
    for c in counts:
        frame = suppress(frame, c, ["_group"])
        hidden = hidden | pl.col(f"{c}_hidden")
    return frame.with_columns(hidden.alias("hidden")).drop("_group", *[f"{c}_hidden" for c in counts])


# --- the upload page ------------------------------------------------------------------------------


@cached
def _colleges() -> pl.DataFrame:
    return read("institutions", where={"kind": "ПОО"}, order="inst_code").select("inst_code", "short_name")


def colleges(ctx: Access) -> pl.DataFrame:
    """Colleges whose form the caller may upload and download: all for the coordinator, else its own."""
    if not ctx.can_upload(fedform.DATASET):
        return _colleges().clear()
    if ctx.role == "institution":
        return _colleges().filter(pl.col("inst_code") == ctx.inst_code)
    return _colleges()


def blank(ctx: Access, inst_code: str, year: int) -> tuple[bytes, str]:
    """An empty form (zeros) for the specialties the college teaches, to fill by hand."""
    inst = person_rows_institution(ctx, inst_code, REFUSAL)
    specs = read("college_specialties", where={"inst_code": inst}, order="specialty_code").select(
        "specialty_code", "name", "kind"
    )
    cells = pl.DataFrame(
        {
            "specialty_code": specs.get_column("specialty_code").to_list(),
            "row_no": [1] * specs.height,
            "col_no": [7] * specs.height,
            "value": [0] * specs.height,
            "text": [None] * specs.height,
        },
        schema={
            "specialty_code": pl.String,
            "row_no": pl.Int64,
            "col_no": pl.Int64,
            "value": pl.Int64,
            "text": pl.String,
        },
    )
    names = {
        r["specialty_code"]: (r["name"], "ППКРС" if r["kind"] == "profession" else "ППССЗ")
        for r in specs.iter_rows(named=True)
    }
    info = read("institutions", where={"inst_code": inst}).select("full_name").to_dicts()
    data = fedform.write_form(
        cells,
        year=year,
        inst_code=inst,
        inst_name=info[0]["full_name"] if info else inst,
        specialties=names,
        source_ru="Пустая форма: заполните графы 07–33 и загрузите на странице «Загрузка данных».",
    )
    return data, f"мониторинг_трудоустройства_{inst}_{year}_пустая.xlsx"
