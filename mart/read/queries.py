"""Read functions for the pages: each takes the caller's Access, owns its SQL and returns polars.

Results are cached per published version of the mart (the file's identity), so a page sees an
accepted upload on its next run without any cache to clear.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import polars as pl

from mart.platform import config, db

_readers: dict[str, db.Reader] = {}


def reader() -> db.Reader:
    path = config.db_path()
    key = str(path)
    if key not in _readers:
        _readers[key] = db.Reader(path)
    return _readers[key]


def where(frame: pl.DataFrame, **equal) -> pl.DataFrame:
    """The rows of ``frame`` whose columns equal the values given (a None value filters nothing)."""
    for column, value in equal.items():
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame


def year_on_year(rows: pl.DataFrame, year: int, key: str, column: str) -> pl.DataFrame:
    """The rows of ``year`` with ``<column>_prev`` (the same ``key`` a year earlier) and ``<column>_change``."""
    previous = rows.filter(pl.col("year") == year - 1).select(key, pl.col(column).alias(f"{column}_prev"))
    return (
        rows.filter(pl.col("year") == year)
        .join(previous, on=key, how="left")
        .with_columns((pl.col(column) - pl.col(f"{column}_prev")).alias(f"{column}_change"))
    )


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


@cached
def _demo_batches() -> pl.DataFrame:
    return _frame("select count(*) as n from upload_batches where channel = 'demo' and status = 'accepted'")


def has_demo_data() -> bool:
    """Whether the mart holds the fictional demo region (said on every screen)."""
    return _demo_batches().item() > 0
