"""The one way into the mart file: read-only readers and a single writer path.

DuckDB lets one process hold a database file read-write and then locks every other process out,
read-only ones included. The running app, the CLI and an analyst's DuckDB client must all work at
once, so the published file (``MART_DB``) is never opened read-write:

* a writer takes a cross-process lock (``<db>.lock``), copies the published file to a private
  work file, changes the copy in one go, checkpoints and closes it, and atomically renames it over
  the published file (``os.replace``); a failure leaves the published file untouched;
* a reader attaches the published file read-only inside an in-memory database and reattaches when
  the file on disk is a new one (another inode), so every page run sees the latest write.

Processes that still read the old file keep a consistent snapshot until they look again.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock

from mart import config

_work_counter = itertools.count()


class MartMissing(RuntimeError):
    """The published mart file does not exist yet (run ``python -m mart build``)."""


TODAY_SQL = "coalesce(cast(getvariable('mart_today') as date), current_date)"


def set_today(con: duckdb.DuckDBPyConnection, day) -> duckdb.DuckDBPyConnection:
    """Make ``day`` "today" for this connection's views (the DuckDB variable ``mart_today``)."""
    con.sql(f"set variable mart_today = date '{day.isoformat()}'")
    return con


def prepare(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Per-connection settings: 'today' for views that depend on it.

    Views read the DuckDB variable ``mart_today`` and fall back to ``current_date``, so they also open
    in a plain DuckDB client with nothing set. ``mart_today()`` stays as a macro for queries in Python.
    """
    set_today(con, config.today())
    con.sql(f"create or replace temp macro mart_today() as {TODAY_SQL}")
    return con


class Reader:
    """A read-only view of the published mart that follows every swap of the file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config.db_path()
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None

    def _current_stamp(self) -> tuple[int, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError as exc:
            raise MartMissing(
                f"Витрина данных не найдена: {self.path}. Выполните «make run» или «python -m mart build»."
            ) from exc
        return (st.st_ino, st.st_mtime_ns)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        stamp = self._current_stamp()
        with self._lock:
            if self._con is None or stamp != self._stamp:
                con = duckdb.connect(":memory:")
                con.sql(f"attach '{self.path}' as mart (read_only)")
                self._con, self._stamp = con, stamp
            return self._con

    @property
    def stamp(self) -> tuple[int, int]:
        """Changes whenever a writer publishes: a cache key for query results."""
        return self._current_stamp()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._connection().cursor()
        cur.sql("use mart")
        return prepare(cur)

    def df(self, query: str, params: dict | list | None = None) -> pl.DataFrame:
        return self.cursor().sql(query, params=params).pl()


@contextlib.contextmanager
def writer(
    path: Path | None = None, *, timeout: float = 120, fresh: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Exclusive, atomic write access to the mart; publishes the result when the block succeeds.

    ``fresh`` starts from an empty database instead of a copy of the published one (rebuild).
    """
    path = path or config.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_name(path.name + ".lock")), timeout=timeout):
        work = path.with_name(f".{path.name}.work-{os.getpid()}-{next(_work_counter)}")
        if path.exists() and not fresh:
            shutil.copyfile(path, work)
        con = duckdb.connect(str(work))
        try:
            prepare(con)
            yield con
            con.sql("checkpoint")
            con.close()
            os.replace(work, path)
        except BaseException:
            con.close()
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(work)
            with contextlib.suppress(FileNotFoundError):
                os.remove(work.with_name(work.name + ".wal"))
