"""The roadmap of decree No. 448 of 09.08.2019 for the pages: measures, progress, history, timeline.

The figures are SQL models in ``sql/marts/roadmap/`` (``roadmap_measures``, ``roadmap_summary`` …);
the functions here filter them by the page's choices and check access.

Every read takes the caller's Access and needs the «roadmap» capability (everyone holds it); the
status form's file is built here so that a coordinator's edit enters the mart through the one
ingestion path (``mart.intake.ingest.load(..., channel="form")``) like any upload.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.read.queries import cached, read

DECREE_DATE = dt.date(2019, 8, 9)
NO_EXECUTOR = "-"  # the executor filter's value for measures that name no executor (2.6, 2.7)
SECTION_1_NOTE = (
    "У раздела 1 нет собственного заголовка в постановлении: есть только заголовки его групп 1.1–1.4."
)
STATUS_LABELS = datasets.ENUMS["roadmap_status"]

# The filters of the roadmap page over a model's columns (``executor_codes``, ``is_overdue`` …).
_FILTERS = """
    ($section is null or section_no = $section)
    and (
        $executor is null
        or ($executor = '-' and len(executor_codes) = 0)
        or list_contains(executor_codes, $executor)
    )
    and ($status is null or status = $status)
    and (not $overdue_only or is_overdue)
"""
_MEASURE_COLUMNS = [
    "item_code",
    "item_label",
    "section_no",
    "item_no",
    "section_label",
    "group_code",
    "group_label",
    "title",
    "deadline_text",
    "start_date",
    "end_date",
    "is_ongoing",
    "status",
    "status_label",
    "progress_pct",
    "status_date",
    "is_overdue",
    "days_overdue",
    "responsible",
    "executors",
    "deadline_before_decree",
    "has_no_executor",
    "flags",
    "has_note",
    "as_of",
]


def _params(section, executor, status, overdue_only) -> dict:
    return {
        "section": None if section is None else int(section),
        "executor": executor,
        "status": status,
        "overdue_only": bool(overdue_only),
    }


# --- reference lists for the filters -------------------------------------------------------------


@cached
def sections(ctx: Access) -> pl.DataFrame:
    """The eight sections with their titles (section 1 has none of its own) and measure counts."""
    require(ctx, "roadmap")
    return read("roadmap_sections", order="section_no")


@cached
def executors(ctx: Access) -> pl.DataFrame:
    """Executors named in the decree and how many measures each one carries."""
    require(ctx, "roadmap")
    return read("roadmap_executor_load", order="measures desc, name_ru")


@cached
def statuses(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return read("roadmap_status_counts", columns=["status", "status_label", "is_closed"], order="sort_order")


# --- measures --------------------------------------------------------------------------------------


@cached
def roadmap_progress(ctx: Access) -> pl.DataFrame:
    """Every measure with its latest status as of today (the view ``roadmap_progress``)."""
    require(ctx, "roadmap")
    frame = read(
        "roadmap_progress",
        columns=[
            "item_code",
            "item_label",
            "section_no",
            "item_no",
            "section_title",
            "group_code",
            "group_title",
            "title",
            "deadline_text",
            "start_date",
            "end_date",
            "is_ongoing",
            "responsible",
            "executors",
            "executor_codes",
            "deadline_before_decree",
            "status",
            "status_label",
            "is_closed",
            "progress_pct",
            "status_date",
            "evidence",
            "comment",
            "is_overdue",
            "days_overdue",
            "as_of",
        ],
        order="section_no, item_no",
    )
    return frame.with_columns(pl.col("progress_pct").cast(pl.Float64))


@cached
def measures(
    ctx: Access,
    section: int | None = None,
    executor: str | None = None,
    status: str | None = None,
    overdue_only: bool = False,
) -> pl.DataFrame:
    """Measures for the roadmap table, filtered; ``flags`` names the decree's oddities of each."""
    require(ctx, "roadmap")
    return read(
        "roadmap_measures",
        where=_FILTERS,
        params=_params(section, executor, status, overdue_only),
        order="section_no, item_no",
        columns=_MEASURE_COLUMNS,
    )


@cached
def measure(ctx: Access, item_code: str) -> pl.DataFrame:
    """One measure's card: every column of the decree's row, its transcription note and status."""
    require(ctx, "roadmap")
    return read(
        "roadmap_measures",
        where="item_code = $item",
        params={"item": item_code},
        columns=[
            "item_code",
            "item_label",
            "section_no",
            "section_label",
            "group_code",
            "group_label",
            "title",
            "key_result",
            "documents",
            "deadline_text",
            "start_date",
            "end_date",
            "is_ongoing",
            "responsible",
            "executors",
            "has_no_executor",
            "deadline_before_decree",
            "note",
            "status",
            "status_label",
            "progress_pct",
            "status_date",
            "evidence",
            "comment",
            "is_overdue",
            "days_overdue",
            "as_of",
        ],
    )


@cached
def status_history(ctx: Access, item_code: str) -> pl.DataFrame:
    """Every status report on one measure, newest first (who sent it only for roles with the upload log)."""
    require(ctx, "roadmap")
    frame = read(
        "roadmap_status_history",
        where="item_code = $item",
        params={"item": item_code},
        order="status_date desc, batch_id desc",
        columns=[
            "status_date",
            "status",
            "status_label",
            "progress_pct",
            "evidence",
            "comment",
            "batch_id",
            "source",
            "uploaded_by",
            "uploaded_at",
        ],
    )
    if not ctx.allows("upload_history"):
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("uploaded_by"))
    return frame


@cached
def timeline(
    ctx: Access,
    section: int | None = None,
    executor: str | None = None,
    status: str | None = None,
    overdue_only: bool = False,
) -> pl.DataFrame:
    """One bar per measure: its deadline (start–end), or, for ongoing ones, decree date → today."""
    require(ctx, "roadmap")
    return read(
        "roadmap_measures",
        where=_FILTERS,
        params=_params(section, executor, status, overdue_only),
        order="section_no, item_no",
        columns=[
            "item_code",
            "item_label",
            "section_no",
            "item_no",
            "bar_label",
            "title",
            "deadline_text",
            "bar_start",
            "bar_end",
            "is_ongoing",
            "bar_kind",
            "status",
            "status_label",
            "progress_pct",
            "status_date",
            "is_overdue",
            "days_overdue",
            "as_of",
        ],
    )


@cached
def oddities(ctx: Access) -> pl.DataFrame:
    """The decree's own oddities, flagged rather than hidden: early deadlines, no executor, notes."""
    require(ctx, "roadmap")
    return read(
        "roadmap_oddities",
        order="kind_order, section_no, item_no",
        columns=["item_code", "item_label", "section_no", "item_no", "section_label", "kind", "detail"],
    )


# --- summaries -------------------------------------------------------------------------------------


@cached
def roadmap_summary(ctx: Access, section: int | None = None, executor: str | None = None) -> pl.DataFrame:
    """One row: headline figures as of today and, to compare, as of the same day a year earlier."""
    require(ctx, "roadmap")
    return read(
        "roadmap_summary",
        at={"p_section": None if section is None else int(section), "p_executor": executor},
    )


@cached
def roadmap_by_section(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return read("roadmap_section_progress", order="section_no")


@cached
def section_status_counts(ctx: Access) -> pl.DataFrame:
    """Measures per section and status, every status present (zeros too): the stacked bar's rows."""
    require(ctx, "roadmap")
    return read("roadmap_section_status", order="section_no, sort_order")


@cached
def roadmap_by_status(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return read("roadmap_status_counts", columns=["status", "status_label", "measures"], order="sort_order")


@cached
def overdue_measures(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return read(
        "roadmap_measures",
        where="is_overdue",
        order="days_overdue desc, section_no, item_no",
        columns=[
            "item_code",
            "item_label",
            "section_no",
            "section_label",
            "group_label",
            "title",
            "deadline_text",
            "end_date",
            "days_overdue",
            "status_label",
            "progress_pct",
            "responsible",
        ],
    )


# --- the coordinator's status form -----------------------------------------------------------------


def status_form_file(
    ctx: Access,
    item_code: str,
    status: str,
    progress_pct: float | None,
    status_date: dt.date,
    evidence: str | None = None,
    comment: str | None = None,
) -> tuple[bytes, str]:
    """The form's entry as a one-row CSV of the dataset «roadmap_status» and its file name.

    The values are written as typed; checking them is the ingestion path's job, so a form entry is
    refused for the same reasons (and with the same Russian messages) as an uploaded file.
    """
    require(ctx, "edit_roadmap")
    columns = datasets.get("roadmap_status").column_names
    progress = "" if progress_pct is None else f"{progress_pct:g}"
    values = {
        "item_code": item_code,
        "status": status,
        "progress_pct": progress,
        "status_date": status_date.strftime("%d.%m.%Y"),
        "evidence": (evidence or "").strip(),
        "comment": (comment or "").strip(),
    }
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([values[c] for c in columns])
    name = f"форма: статус п. {item_code} от {status_date:%d.%m.%Y}.csv"
    return out.getvalue().encode("utf-8"), name


def form_errors(errors: pl.DataFrame) -> list[str]:
    """A refused form entry's errors as sentences naming the form's field."""
    labels = {c.name: c.label_ru for c in datasets.get("roadmap_status").columns}
    lines = []
    for row in errors.iter_rows(named=True):
        field = labels.get(row.get("column_name") or "")
        value = row.get("value")
        text = row["reason"]
        if value not in (None, ""):
            text += f" Введено: «{value}»."
        lines.append(f"«{field}»: {text}" if field else text)
    return lines


__all__ = [
    "DECREE_DATE",
    "NO_EXECUTOR",
    "SECTION_1_NOTE",
    "STATUS_LABELS",
    "executors",
    "form_errors",
    "measure",
    "measures",
    "oddities",
    "overdue_measures",
    "roadmap_by_section",
    "roadmap_by_status",
    "roadmap_progress",
    "roadmap_summary",
    "section_status_counts",
    "sections",
    "status_form_file",
    "status_history",
    "statuses",
    "timeline",
]
