"""Read functions for the pages: each takes the caller's Access, owns its SQL and returns polars.

Results are cached per published version of the mart (the file's identity), so a page sees an
accepted upload on its next run without any cache to clear.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import polars as pl

from mart import config, db
from mart.access import Access, require

_readers: dict[str, db.Reader] = {}


def reader() -> db.Reader:
    path = config.db_path()
    key = str(path)
    if key not in _readers:
        _readers[key] = db.Reader(path)
    return _readers[key]


def _frame(query: str, params: dict | None = None) -> pl.DataFrame:
    return reader().df(query, params)


def cached(fn: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    """Cache a query function by its arguments and the published mart's identity and 'today'."""

    @functools.lru_cache(maxsize=512)
    def run(_stamp: Any, _today: Any, _path: str, *args: Any, **kwargs: Any) -> pl.DataFrame:
        return fn(*args, **kwargs)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> pl.DataFrame:
        r = reader()
        return run(r.stamp, config.today(), str(r.path), *args, **kwargs)

    wrapper.cache_clear = run.cache_clear  # type: ignore[attr-defined]
    return wrapper


# --- roadmap ------------------------------------------------------------------------------------


@cached
def roadmap_progress(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return _frame("select * from roadmap_progress order by section_no, item_no")


@cached
def roadmap_summary(ctx: Access) -> pl.DataFrame:
    """One row: the roadmap's headline figures as of today."""
    require(ctx, "roadmap")
    return _frame(
        """
        select
            count(*) as measures,
            count(*) filter (where status = 'done') as done,
            count(*) filter (where status = 'in_progress') as in_progress,
            count(*) filter (where status = 'not_started') as not_started,
            count(*) filter (where status = 'cancelled') as cancelled,
            count(*) filter (where is_overdue) as overdue,
            count(*) filter (where is_ongoing) as ongoing,
            round(avg(progress_pct), 1) as avg_progress_pct,
            any_value(as_of) as as_of
        from roadmap_progress
        """
    )


@cached
def roadmap_by_section(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return _frame(
        """
        select
            section_no,
            coalesce(nullif(any_value(section_title), ''), 'Раздел 1 (без заголовка в постановлении)')
                as section_title,
            count(*) as measures,
            count(*) filter (where status = 'done') as done,
            count(*) filter (where status = 'in_progress') as in_progress,
            count(*) filter (where status = 'not_started') as not_started,
            count(*) filter (where status = 'cancelled') as cancelled,
            count(*) filter (where is_overdue) as overdue,
            round(avg(progress_pct), 1) as avg_progress_pct
        from roadmap_progress
        group by section_no
        order by section_no
        """
    )


@cached
def roadmap_by_status(ctx: Access) -> pl.DataFrame:
    require(ctx, "roadmap")
    return _frame(
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
    return _frame(
        """
        select item_label, section_no, group_code, title, deadline_text, end_date, days_overdue,
               status_label, progress_pct, responsible
        from roadmap_progress
        where is_overdue
        order by days_overdue desc, section_no, item_no
        """
    )
