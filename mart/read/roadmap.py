"""The roadmap of decree No. 448 of 09.08.2019 for the pages: measures, progress, history, timeline.

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
from mart.read.queries import cached, reader

DECREE_DATE = dt.date(2019, 8, 9)
NO_EXECUTOR = "-"  # the executor filter's value for measures that name no executor (2.6, 2.7)
SECTION_1_NOTE = (
    "У раздела 1 нет собственного заголовка в постановлении: есть только заголовки его групп 1.1–1.4."
)
STATUS_LABELS = datasets.ENUMS["roadmap_status"]

# A section as people name it: «Раздел 5. Реализация …»; section 1 says that it has no title.
_SECTION_LABEL = """
    'Раздел ' || {t}.section_no || coalesce(
        '. ' || rtrim(nullif({t}.section_title, ''), ':'),
        ' (собственного заголовка в постановлении нет)'
    )
"""
_GROUP_LABEL = """
    case when {t}.group_code is null then 'вне групп'
         else 'группа ' || {t}.group_code || coalesce(' «' || {t}.group_title || '»', '') end
"""
# The decree's «Ответственный исполнитель» as written; two measures leave it empty.
_RESPONSIBLE = "coalesce(nullif({t}.responsible, ''), '— не указан —') as responsible"
_FILTERS = """
    ($section is null or p.section_no = $section)
    and (
        $executor is null
        or ($executor = '-' and len(p.executor_codes) = 0)
        or list_contains(p.executor_codes, $executor)
    )
    and ($status is null or p.status = $status)
    and (not $overdue_only or p.is_overdue)
"""


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
    return reader().df(
        f"""
        select
            i.section_no,
            any_value(i.section_title) as section_title,
            any_value({_SECTION_LABEL.format(t="i")}) as section_label,
            bool_or(nullif(i.section_title, '') is not null) as has_own_title,
            count(*) as measures
        from roadmap_items as i
        group by i.section_no
        order by i.section_no
        """
    )


@cached
def executors(ctx: Access) -> pl.DataFrame:
    """Executors named in the decree and how many measures each one carries."""
    require(ctx, "roadmap")
    return reader().df(
        """
        select e.executor_code, e.name_ru, e.kind, count(ie.item_code) as measures
        from seed.roadmap_executors as e
        left join seed.roadmap_item_executors as ie using (executor_code)
        group by e.executor_code, e.name_ru, e.kind
        order by measures desc, e.name_ru
        """
    )


@cached
def statuses(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return reader().df(
        "select status, label_ru as status_label, is_closed from seed.roadmap_statuses order by sort_order"
    )


# --- measures --------------------------------------------------------------------------------------


@cached
def roadmap_progress(ctx: Access) -> pl.DataFrame:
    """Every measure with its latest status as of today (the view ``roadmap_progress``)."""
    require(ctx, "roadmap")
    return reader().df(
        """
        select item_code, item_label, section_no, item_no, section_title, group_code, group_title,
               title, deadline_text, start_date, end_date, is_ongoing, responsible, executors,
               executor_codes, deadline_before_decree, status, status_label, is_closed,
               cast(progress_pct as double) as progress_pct, status_date, evidence, comment,
               is_overdue, days_overdue, as_of
        from roadmap_progress
        order by section_no, item_no
        """
    )


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
    return reader().df(
        f"""
        with flagged as (
            select
                p.*,
                i.note,
                len(p.executor_codes) = 0 as has_no_executor,
                concat_ws(
                    '; ',
                    case when p.deadline_before_decree
                        then 'срок начинается до подписания постановления (09.08.2019)' end,
                    case when len(p.executor_codes) = 0 then 'исполнитель не указан' end
                ) as flags
            from roadmap_progress as p
            inner join roadmap_items as i using (item_code)
            where {_FILTERS}
        )

        select
            item_code,
            item_label,
            section_no,
            item_no,
            {_SECTION_LABEL.format(t="f")} as section_label,
            group_code,
            {_GROUP_LABEL.format(t="f")} as group_label,
            title,
            deadline_text,
            start_date,
            end_date,
            is_ongoing,
            status,
            status_label,
            cast(progress_pct as double) as progress_pct,
            status_date,
            is_overdue,
            days_overdue,
            {_RESPONSIBLE.format(t="f")},
            executors,
            deadline_before_decree,
            has_no_executor,
            nullif(flags, '') as flags,
            note is not null as has_note,
            as_of
        from flagged as f
        order by section_no, item_no
        """,
        _params(section, executor, status, overdue_only),
    )


@cached
def measure(ctx: Access, item_code: str) -> pl.DataFrame:
    """One measure's card: every column of the decree's row, its transcription note and status."""
    require(ctx, "roadmap")
    return reader().df(
        f"""
        select
            i.item_code,
            i.item_label,
            i.section_no,
            {_SECTION_LABEL.format(t="i")} as section_label,
            i.group_code,
            {_GROUP_LABEL.format(t="i")} as group_label,
            i.title,
            i.key_result,
            i.documents,
            i.deadline_text,
            i.start_date,
            i.end_date,
            i.is_ongoing,
            {_RESPONSIBLE.format(t="i")},
            i.executors,
            len(i.executor_codes) = 0 as has_no_executor,
            i.deadline_before_decree,
            i.note,
            p.status,
            p.status_label,
            cast(p.progress_pct as double) as progress_pct,
            p.status_date,
            p.evidence,
            p.comment,
            p.is_overdue,
            p.days_overdue,
            p.as_of
        from roadmap_items as i
        inner join roadmap_progress as p using (item_code)
        where i.item_code = $item
        """,
        {"item": item_code},
    )


@cached
def status_history(ctx: Access, item_code: str) -> pl.DataFrame:
    """Every status report on one measure, newest first (who sent it only for roles with the upload log)."""
    require(ctx, "roadmap")
    frame = reader().df(
        """
        select
            s.status_date,
            s.status,
            s.status_label,
            cast(s.progress_pct as double) as progress_pct,
            coalesce(s.evidence, '') as evidence,
            coalesce(s.comment, '') as comment,
            s.batch_id,
            case b.channel
                when 'form' then 'Форма координатора'
                when 'page' then 'Загрузка файла'
                when 'cli' then 'Командная строка'
                when 'demo' then 'Демо-данные'
                else b.channel
            end as source,
            s.uploaded_by,
            s.uploaded_at
        from roadmap_status as s
        left join upload_batches as b using (batch_id)
        where s.item_code = $item
        order by s.status_date desc, s.batch_id desc
        """,
        {"item": item_code},
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
    return reader().df(
        f"""
        select
            p.item_code,
            p.item_label,
            p.section_no,
            p.item_no,
            p.item_label || ' — ' || left(p.title, 60) || case when length(p.title) > 60 then '…' else '' end
                as bar_label,
            p.title,
            p.deadline_text,
            coalesce(p.start_date, date '{DECREE_DATE.isoformat()}') as bar_start,
            coalesce(p.end_date, p.as_of) as bar_end,
            p.is_ongoing,
            case when p.is_ongoing then 'Постоянно (с подписания по сегодня)' else 'Срок по постановлению' end
                as bar_kind,
            p.status,
            p.status_label,
            cast(p.progress_pct as double) as progress_pct,
            p.status_date,
            p.is_overdue,
            p.days_overdue,
            p.as_of
        from roadmap_progress as p
        where {_FILTERS}
        order by p.section_no, p.item_no
        """,
        _params(section, executor, status, overdue_only),
    )


@cached
def oddities(ctx: Access) -> pl.DataFrame:
    """The decree's own oddities, flagged rather than hidden: early deadlines, no executor, notes."""
    require(ctx, "roadmap")
    return reader().df(
        f"""
        with flags as (
            select item_code, 1 as kind_order, 'Срок начинается до подписания постановления' as kind,
                   deadline_text || ' (' || strftime(start_date, '%d.%m.%Y') || '–'
                       || strftime(end_date, '%d.%m.%Y') || '), постановление подписано 09.08.2019' as detail
            from roadmap_items
            where deadline_before_decree
            union all
            select item_code, 2, 'Исполнитель не указан',
                   'В графе «Ответственный исполнитель» стоит текст документа; исполнитель не назван'
            from roadmap_items
            where len(executor_codes) = 0
            union all
            select item_code, 3, 'Примечание расшифровки', note
            from roadmap_items
            where note is not null
        )

        select
            i.item_code,
            i.item_label,
            i.section_no,
            i.item_no,
            {_SECTION_LABEL.format(t="i")} as section_label,
            f.kind,
            f.detail
        from flags as f
        inner join roadmap_items as i using (item_code)
        order by f.kind_order, i.section_no, i.item_no
        """
    )


# --- summaries -------------------------------------------------------------------------------------


@cached
def roadmap_summary(ctx: Access, section: int | None = None, executor: str | None = None) -> pl.DataFrame:
    """One row: headline figures as of today and, to compare, as of the same day a year earlier."""
    require(ctx, "roadmap")
    return reader().df(
        f"""
        with scope as (
            select p.*
            from roadmap_progress as p
            where {_FILTERS}
        ),

        year_ago as (
            select cast(mart_today() - interval 1 year as date) as d
        ),

        status_then as (
            select s.item_code, s.status
            from roadmap_status as s, year_ago as y
            where s.status_date <= y.d
            qualify row_number() over (partition by s.item_code order by s.status_date desc, s.batch_id desc) = 1
        ),

        scope_then as (
            select
                c.item_code,
                coalesce(t.status, 'not_started') as status,
                not c.is_ongoing and c.end_date < y.d and not st.is_closed as is_overdue
            from scope as c
            cross join year_ago as y
            left join status_then as t using (item_code)
            inner join seed.roadmap_statuses as st on st.status = coalesce(t.status, 'not_started')
        )

        select
            (select count(*) from scope) as measures,
            (select count(*) from scope where status = 'done') as done,
            (select count(*) from scope where status = 'in_progress') as in_progress,
            (select count(*) from scope where status = 'not_started') as not_started,
            (select count(*) from scope where status = 'cancelled') as cancelled,
            (select count(*) from scope where is_overdue) as overdue,
            (select count(*) from scope where is_ongoing) as ongoing,
            (select round(avg(progress_pct), 1) from scope)::double as avg_progress_pct,
            (select count(*) from scope_then where status = 'done') as done_year_ago,
            (select count(*) from scope_then where is_overdue) as overdue_year_ago,
            (select d from year_ago) as year_ago,
            mart_today() as as_of
        """,
        _params(section, executor, None, False),
    )


@cached
def roadmap_by_section(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return reader().df(
        f"""
        select
            p.section_no,
            any_value({_SECTION_LABEL.format(t="p")}) as section_label,
            count(*) as measures,
            count(*) filter (where p.status = 'done') as done,
            count(*) filter (where p.status = 'in_progress') as in_progress,
            count(*) filter (where p.status = 'not_started') as not_started,
            count(*) filter (where p.status = 'cancelled') as cancelled,
            count(*) filter (where p.is_overdue) as overdue,
            round(avg(p.progress_pct), 1)::double as avg_progress_pct
        from roadmap_progress as p
        group by p.section_no
        order by p.section_no
        """
    )


@cached
def section_status_counts(ctx: Access) -> pl.DataFrame:
    """Measures per section and status, every status present (zeros too): the stacked bar's rows."""
    require(ctx, "roadmap")
    return reader().df(
        f"""
        with sections as (
            select section_no, any_value({_SECTION_LABEL.format(t="i")}) as section_label
            from roadmap_items as i
            group by section_no
        )

        select
            s.section_no,
            'Раздел ' || s.section_no as section,
            s.section_label,
            st.status,
            st.label_ru as status_label,
            st.sort_order,
            count(p.item_code) as measures
        from sections as s
        cross join seed.roadmap_statuses as st
        left join roadmap_progress as p on p.section_no = s.section_no and p.status = st.status
        group by all
        order by s.section_no, st.sort_order
        """
    )


@cached
def roadmap_by_status(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return reader().df(
        """
        select s.status, s.label_ru as status_label, count(p.item_code) as measures
        from seed.roadmap_statuses as s
        left join roadmap_progress as p using (status)
        group by s.status, s.label_ru, s.sort_order
        order by s.sort_order
        """
    )


@cached
def overdue_measures(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return reader().df(
        f"""
        select
            p.item_code,
            p.item_label,
            p.section_no,
            {_SECTION_LABEL.format(t="p")} as section_label,
            {_GROUP_LABEL.format(t="p")} as group_label,
            p.title,
            p.deadline_text,
            p.end_date,
            p.days_overdue,
            p.status_label,
            cast(p.progress_pct as double) as progress_pct,
            {_RESPONSIBLE.format(t="p")}
        from roadmap_progress as p
        where p.is_overdue
        order by p.days_overdue desc, p.section_no, p.item_no
        """
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
