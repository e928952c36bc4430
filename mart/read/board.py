"""The collection board («Сбор данных») and a college's obligations: reads of the completeness models.

Figures come from the SQL models ``collection_submitters`` and ``collection_status``; functions
here filter, check access and label. The board is for the coordinator and the council
(``collection_board``); a college sees its own obligations (``upload`` and its ``inst_code``).
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, AccessDenied, require
from mart.read.queries import cached, read

STATUS_RU = {
    "submitted": "сдано",
    "late": "сдано с опозданием",
    "missing": "не сдано",
    "excused": "освобождён",
}
# status → colour on the board (green, amber, red, grey); «не сдано» before the deadline is blue
STATUS_COLORS = {
    "сдано": "#c8e6c9",
    "сдано с опозданием": "#ffe0b2",
    "не сдано, срок прошёл": "#ffcdd2",
    "не сдано, срок не наступил": "#e3f2fd",
    "не сдано": "#e3f2fd",
    "освобождён": "#eeeeee",
}


@cached
def submitters(ctx: Access, year: int | None = None, dataset: str | None = None) -> pl.DataFrame:
    """Every expected submitter of the collections (of ``year``, of ``dataset``), with its status."""
    require(ctx, "collection_board")
    return read(
        "collection_submitters",
        where={"year": None if year is None else int(year), "dataset": dataset},
        order="sort_order, year, inst_code",
        columns=[
            "dataset",
            "dataset_title",
            "sort_order",
            "year",
            "inst_code",
            "submitter_name",
            "director",
            "deadline",
            "status",
            "first_upload_at",
            "last_upload_at",
            "batch_id",
            "days_late",
            "excuse_reason",
            "is_closed",
        ],
    ).with_columns(_status_text().alias("status_text"))


def _status_text() -> pl.Expr:
    return (
        pl.when(pl.col("status") == "submitted")
        .then(pl.lit("сдано"))
        .when(pl.col("status") == "late")
        .then(pl.lit("сдано с опозданием"))
        .when(pl.col("status") == "excused")
        .then(pl.lit("освобождён"))
        .when(pl.col("days_late").is_not_null())
        .then(pl.lit("не сдано, срок прошёл"))
        .when(pl.col("deadline").is_not_null())
        .then(pl.lit("не сдано, срок не наступил"))
        .otherwise(pl.lit("не сдано"))
    )


def grid(ctx: Access, year: int) -> pl.DataFrame:
    """Submitters × datasets of ``year``: one row per submitter, a cell per dataset saying where it stands.

    A cell reads «сдано 20.11.2026», «сдано с опозданием 05.12.2025 (+4 дн.)», «не сдано (просрочено
    137 дн.)», «не сдано (срок 01.12.2026)» or «освобождён: причина»; ``<dataset>__status`` holds the
    status text the colour follows.
    """
    rows = submitters(ctx, year).with_columns(
        pl.when(pl.col("status") == "submitted")
        .then(pl.format("сдано {}", pl.col("last_upload_at").dt.strftime("%d.%m.%Y")))
        .when(pl.col("status") == "late")
        .then(
            pl.format(
                "сдано с опозданием {} (+{} дн.)",
                pl.col("first_upload_at").dt.strftime("%d.%m.%Y"),
                pl.col("days_late"),
            )
        )
        .when(pl.col("status") == "excused")
        .then(pl.format("освобождён: {}", pl.col("excuse_reason")))
        .when(pl.col("days_late").is_not_null())
        .then(pl.format("не сдано (просрочено {} дн.)", pl.col("days_late")))
        .when(pl.col("deadline").is_not_null())
        .then(pl.format("не сдано (срок {})", pl.col("deadline").dt.strftime("%d.%m.%Y")))
        .otherwise(pl.lit("не сдано (срок не установлен)"))
        .alias("cell")
    )
    if rows.is_empty():
        return pl.DataFrame()
    order = rows.select("dataset_title", "sort_order").unique().sort("sort_order")["dataset_title"].to_list()
    cells = rows.pivot(on="dataset_title", index=["inst_code", "submitter_name"], values="cell")
    status = rows.pivot(on="dataset_title", index=["inst_code", "submitter_name"], values="status_text")
    status = status.rename({c: f"{c}__status" for c in order})
    return (
        cells.join(status, on=["inst_code", "submitter_name"], how="left")
        .select(
            "inst_code",
            "submitter_name",
            *[c for c in order if c in cells.columns],
            *[f"{c}__status" for c in order if c in cells.columns],
        )
        .sort(pl.col("inst_code").str.starts_with("POO").not_(), "inst_code")
    )


@cached
def status(ctx: Access) -> pl.DataFrame:
    """Every collection with its completeness (regional figures: everyone who sees the board)."""
    require(ctx, "collection_board")
    return read(
        "collection_status",
        order="sort_order, year",
        columns=[
            "dataset",
            "dataset_title",
            "sort_order",
            "year",
            "deadline",
            "expected",
            "submitted",
            "late",
            "missing",
            "excused",
            "is_complete",
            "is_closed",
            "closed_at",
            "closed_by",
            "auto_opened",
            "days_to_deadline",
            "last_upload_at",
            "share_submitted",
        ],
    )


def years(ctx: Access) -> list[int]:
    """Reporting years that have collections, newest first."""
    return sorted(status(ctx).get_column("year").unique().to_list(), reverse=True)


def owed(ctx: Access, year: int | None = None) -> pl.DataFrame:
    """Who owes what: expected submitters that have not submitted (and were not excused), with the
    director to remind, the deadline and how many days it has passed; open collections only."""
    frame = submitters(ctx, year).filter((pl.col("status") == "missing") & ~pl.col("is_closed"))
    return frame.select(
        "inst_code",
        "submitter_name",
        "director",
        "dataset_title",
        "year",
        "deadline",
        pl.col("days_late").alias("days_overdue"),
        "status_text",
    ).sort(pl.col("days_overdue").fill_null(-1), "inst_code", descending=[True, False])


@cached
def obligations(ctx: Access, inst_code: str) -> pl.DataFrame:
    """A college's own collections: what it must submit, by when, and what it has already submitted."""
    require(ctx, "upload")
    if ctx.role == "institution" and inst_code != ctx.inst_code:
        raise AccessDenied("Организация видит только свои обязательства по сбору данных.")
    frame = read(
        "collection_submitters",
        where="inst_code = $inst",
        params={"inst": inst_code},
        order="year desc, sort_order",
        columns=[
            "dataset",
            "dataset_title",
            "sort_order",
            "year",
            "deadline",
            "status",
            "last_upload_at",
            "batch_id",
            "days_late",
            "excuse_reason",
            "is_closed",
            "days_to_deadline",
        ],
    )
    return frame.rename({"days_to_deadline": "days_left"})


def collections_list(ctx: Access) -> pl.DataFrame:
    """The collections the coordinator keeps (the form's choices)."""
    require(ctx, "manage_collections")
    return status(ctx) if ctx.allows("collection_board") else pl.DataFrame()


__all__ = [
    "STATUS_COLORS",
    "STATUS_RU",
    "collections_list",
    "grid",
    "obligations",
    "owed",
    "status",
    "submitters",
    "years",
]
