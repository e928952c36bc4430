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

import atexit
import contextlib
import datetime as dt
import itertools
import os
import shutil
import tempfile
import threading
import time
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


def is_lock_error(exc: BaseException) -> bool:
    """Whether DuckDB refused a file because another process holds it (e.g. ``duckdb`` without -readonly)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _attach_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    try:
        con.sql(f"attach '{path}' as mart (read_only)")
    except BaseException:
        con.close()
        raise
    return con


def lock_down(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No file access beyond what is attached, no extensions, and settings that cannot be changed back.

    For connections that run a query somebody typed (``python -m mart sql``): such a query can then
    neither attach, copy or export to a file, nor read one, nor undo these settings.
    """
    con.sql("set enable_external_access = false")
    con.sql("set autoinstall_known_extensions = false")
    con.sql("set autoload_known_extensions = false")
    con.sql("set lock_configuration = true")
    return con


class Reader:
    """A read-only view of the published mart that follows every swap of the file.

    When another program holds the published file read-write (an analyst's ``duckdb data/mart.duckdb``
    without ``-readonly``), DuckDB refuses to open it. The reader then keeps serving the version it
    already has open, or, in a process that has none yet, a private copy of the file, and says so in
    ``snapshot_note`` until the file can be opened again.
    """

    RETRY_SECONDS = 2.0

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config.db_path()
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple | None = None  # the version served: the file's (inode, mtime) or a snapshot's
        self._note: str | None = None
        self._retry_at = 0.0
        self._snapshot: Path | None = None

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
            if self._con is not None and stamp == self._stamp:
                return self._con
            if self._con is not None and self._note and time.monotonic() < self._retry_at:
                return self._con  # still held by another program: look again in a moment
            try:
                con = _attach_read_only(self.path)
            except duckdb.Error as exc:
                if not is_lock_error(exc):
                    raise
                return self._held_elsewhere(stamp)
            self._drop_snapshot()
            self._con, self._stamp, self._note = con, stamp, None
            return self._con

    def _held_elsewhere(self, stamp: tuple[int, int]) -> duckdb.DuckDBPyConnection:
        """The published file is locked by a read-write connection of another process."""
        self._retry_at = time.monotonic() + self.RETRY_SECONDS
        if self._con is None:  # nothing open yet: serve a private copy of the published file
            fd, name = tempfile.mkstemp(prefix="mart-snapshot-", suffix=".duckdb")
            os.close(fd)
            snapshot = Path(name)
            try:
                shutil.copyfile(self.path, snapshot)
                self._con = _attach_read_only(snapshot)
            except BaseException:
                snapshot.unlink(missing_ok=True)
                raise
            self._snapshot = snapshot
            atexit.register(snapshot.unlink, missing_ok=True)
            self._stamp = ("snapshot", *stamp)
        served = dt.datetime.fromtimestamp(self._stamp[-1] / 1e9)  # the shown version's publication
        self._note = (
            "Файл витрины открыт для записи другой программой (например, DuckDB без ключа -readonly), "
            f"поэтому показана последняя доступная версия данных — от {served:%d.%m.%Y %H:%M}. "
            "Свежие данные появятся, когда программа закроет файл."
        )
        return self._con

    def _drop_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot.unlink(missing_ok=True)
            self._snapshot = None

    @property
    def stamp(self) -> tuple:
        """The version being served (changes with every publish): a cache key for query results."""
        self._connection()
        return self._stamp

    @property
    def snapshot_note(self) -> str | None:
        """Why an older version is shown (the file is held read-write elsewhere), or None."""
        self._connection()
        return self._note

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._connection().cursor()
        cur.sql("use mart")
        return prepare(cur)

    def df(self, query: str, params: dict | list | None = None) -> pl.DataFrame:
        return self.cursor().sql(query, params=params).pl()


def sandboxed_cursor(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh, locked-down read-only connection to the published mart (``lock_down``)."""
    path = path or config.db_path()
    if not path.exists():
        raise MartMissing(f"Витрина данных не найдена: {path}. Выполните «python -m mart build».")
    con = prepare(_attach_read_only(path))
    con.sql("use mart")
    return lock_down(con)


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
