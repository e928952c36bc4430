"""The federal monitoring form on screens and as a download (measure 8.1, issue 14).

Every function takes the caller's Access first:

* ``download``, ``download_years``, ``reconciliation``: the form of one college, cell by cell — the
  coordinator for any college, a college for its own (``person_rows``); anyone else is refused;
* ``sources``: which colleges reported a year by per-graduate rows, by the form, or both (signed-in roles);
* ``details``: rows 02–15 (ОВЗ, disabilities, target contracts, «Абилимпикс») and the forecast
  columns 27–32, summed over a selection, with small-cell protection for viewers who do not know
  the rows behind them (counts of 1–4 hidden, plus one more count of a total that would otherwise
  give a single hidden count away).

The figures are the SQL models ``employment_form_out``, ``employment_form_reconciliation``,
``employment_form_details`` and ``employment_counts``; nothing is computed here but sums over a
selection and the protection.
"""

from __future__ import annotations

import polars as pl

from mart.access.privacy import known_institutions, knows_all, person_rows_institution, suppress
from mart.access.rules import Access, require
from mart.intake import fedform
from mart.platform import config
from mart.read.queries import cached, reader, where

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
    return reader().df(
        """
        with rows_years as (
            select distinct year, inst_code from employment_form_filled
        ),

        form_years as (
            select distinct year, inst_code from employment_form
        ),

        both_sides as (
            select
                coalesce(r.year, f.year) as year,
                coalesce(r.inst_code, f.inst_code) as inst_code,
                r.inst_code is not null as has_rows,
                f.inst_code is not null as has_form
            from rows_years as r
            full outer join form_years as f using (year, inst_code)
        )

        select
            cast(b.year as integer) as year,
            b.inst_code,
            i.short_name,
            i.municipality,
            b.has_rows,
            b.has_form,
            case when b.has_rows and b.has_form then 'both' when b.has_form then 'form' else 'graduates' end
                as source
        from both_sides as b
        left join institutions as i using (inst_code)
        order by year, inst_code
        """
    )


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
    frame = where(_sources(), year=year)
    return {k: int(frame.filter(pl.col("source") == k).height) for k in SOURCE_RU}


# --- the form of one college -------------------------------------------------------------------------


@cached
def _out_years() -> pl.DataFrame:
    return reader().df(
        "select distinct inst_code, year, source from employment_form_out order by inst_code, year desc"
    )


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
    con = reader()
    cells = con.df(
        "select specialty_code, row_no, col_no, value, text, source from employment_form_out"
        " where inst_code = $i and year = $y",
        {"i": inst, "y": year},
    )
    info = con.df(
        "select short_name, full_name from institutions where inst_code = $i", {"i": inst}
    ).to_dicts()
    specs = con.df(
        "select specialty_code, name, kind from specialties where specialty_code in"
        " (select distinct specialty_code from employment_form_out where inst_code = $i and year = $y)",
        {"i": inst, "y": year},
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
    is_demo = bool(
        con.df(
            "select count(*) as n from upload_batches where status = 'accepted' and channel = 'demo'"
            " and (inst_code = $i or scope_inst = $i)",
            {"i": inst},
        ).item()
    )
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
    return reader().df(
        """
        select r.*, s.name as specialty_name
        from employment_form_reconciliation as r
        left join specialties as s using (specialty_code)
        order by year, inst_code, specialty_code, col_no
        """
    )


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


@cached
def _details() -> pl.DataFrame:
    return reader().df(
        """
        select d.*, i.municipality
        from employment_form_details as d
        left join institutions as i using (inst_code)
        """
    )


def details_coverage(ctx: Access, year: int) -> tuple[int, int]:
    """(colleges whose rows 02–15 are known for ``year``, colleges with employment data that year)."""
    require(ctx, "regional_totals")
    d = where(_details(), year=year)
    s = where(_sources(), year=year)
    return d.get_column("inst_code").n_unique(), s.get_column("inst_code").n_unique()


def details(
    ctx: Access, year: int, municipality: str | None = None, inst_code: str | None = None
) -> pl.DataFrame:
    """Rows 02–15 of the form over a selection: graduates (col 07) and employed (cols 08, 11, 12).

    ``hidden`` marks counts withheld from this viewer (small-cell rule); hidden counts are null.
    """
    from mart.access.rules import require_slice

    require_slice(ctx, municipality, inst_code)
    d = where(_details(), year=year, municipality=municipality, inst_code=inst_code).filter(
        pl.col("row_no") >= 2
    )
    sums = d.group_by("row_no").agg(
        pl.col("value").filter(pl.col("col_no") == 7).sum().alias("graduates"),
        pl.col("value").filter(pl.col("col_no").is_in([8, 11, 12])).sum().alias("employed"),
    )
    rows = pl.DataFrame({"row_no": list(DETAIL_ROWS)}, schema={"row_no": pl.Int32})
    out = (
        rows.join(sums.with_columns(pl.col("row_no").cast(pl.Int32)), on="row_no", how="left")
        .with_columns(
            pl.col("graduates").fill_null(0).cast(pl.Int64),
            pl.col("employed").fill_null(0).cast(pl.Int64),
            pl.col("row_no").replace_strict(fedform.ROWS, return_dtype=pl.String).alias("row_ru"),
            pl.col("row_no").replace_strict(_ROW_GROUP, return_dtype=pl.String).alias("_group"),
        )
        .sort("row_no")
    )
    return _protect(ctx, out, inst_code, ("graduates", "employed"))


def forecast(
    ctx: Access, year: int, municipality: str | None = None, inst_code: str | None = None
) -> pl.DataFrame:
    """The forecast for graduates at risk (cols 27–32 of row 01) over a selection, protected."""
    from mart.access.rules import require_slice

    require_slice(ctx, municipality, inst_code)
    d = where(_details(), year=year, municipality=municipality, inst_code=inst_code).filter(
        (pl.col("row_no") == 1) & pl.col("col_no").is_in(list(FORECAST_COLUMNS))
    )
    sums = d.group_by("col_no").agg(pl.col("value").sum().alias("graduates"))
    cols = pl.DataFrame({"col_no": list(FORECAST_COLUMNS)}, schema={"col_no": pl.Int32})
    out = (
        cols.join(sums.with_columns(pl.col("col_no").cast(pl.Int32)), on="col_no", how="left")
        .with_columns(
            pl.col("graduates").fill_null(0).cast(pl.Int64),
            pl.col("col_no")
            .map_elements(
                lambda c: fedform.COLUMNS[c]["label_ru"].split("прогноз: ")[-1], return_dtype=pl.String
            )
            .alias("forecast_ru"),
            pl.format("графа {}", pl.col("col_no").cast(pl.String)).alias("cell_ru"),
            pl.lit("forecast").alias("_group"),
        )
        .sort("col_no")
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
    return reader().df("select inst_code, short_name from institutions where kind = 'ПОО' order by inst_code")


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
    con = reader()
    specs = con.df(
        """
        select s.specialty_code, s.name, s.kind
        from specialties as s
        where s.specialty_code in (
            select specialty_code from admissions where inst_code = $i
            union select specialty_code from graduate_employment where inst_code = $i
        )
        order by s.specialty_code
        """,
        {"i": inst},
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
    info = con.df("select full_name from institutions where inst_code = $i", {"i": inst}).to_dicts()
    data = fedform.write_form(
        cells,
        year=year,
        inst_code=inst,
        inst_name=info[0]["full_name"] if info else inst,
        specialties=names,
        source_ru="Пустая форма: заполните графы 07–33 и загрузите на странице «Загрузка данных».",
    )
    return data, f"мониторинг_трудоустройства_{inst}_{year}_пустая.xlsx"
