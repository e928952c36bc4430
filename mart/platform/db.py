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

Writers queue: one that finds the lock taken takes a ticket (``.<db>.queue/``) and waits its turn in
order of arrival, telling its ``waiting`` callback its place and how long it has waited (the upload
page shows it); uploads wait for as long as it takes, other writes give up after ``timeout`` with a
Russian message.

Every write moves on the *data version* of what it changed (``data_versions``: a dataset, a seed
table or a stored table; see ``touch``), in the same published file as the change itself, so that
cached reads depend only on the data they read (``mart.read.queries``).
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import datetime as dt
import errno
import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock, Timeout

from mart.platform import config

_work_counter = itertools.count()
_active: set[Path] = set()  # this process's work files in use (never cleaned up under it)
log = logging.getLogger(__name__)


class MartMissing(RuntimeError):
    """The published mart file does not exist yet (run ``python -m mart build``)."""


class StorageError(RuntimeError):
    """The data folder cannot be written (full disk, read-only folder, no rights); the message is Russian."""


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def storage_problem(exc: BaseException, path: Path | None = None) -> str | None:
    """The Russian message for a failure of the disk or the folder, or None for any other failure."""
    folder = (path or config.db_path()).parent
    # an OSError is told by its errno alone; DuckDB's and SQLite's errors by their text
    text = str(exc) if isinstance(exc, duckdb.Error | sqlite3.Error) else ""
    code = exc.errno if isinstance(exc, OSError) else None
    if code in _NO_SPACE or re.search(
        r"No space left|Disk quota|File too large|could not write all bytes|database or disk is full",
        text,
        re.I,
    ):
        return (
            f"Нет места на диске в папке данных ({folder}): запись не выполнена, витрина осталась прежней. "
            "Сообщите администратору: нужно освободить место. Попытка не могла быть записана в журнал."
        )
    if code in _READ_ONLY or re.search(
        r"Read-only file system|Permission denied|readonly database|unable to open database file", text, re.I
    ):
        return (
            f"Папка данных ({folder}) недоступна для записи (только для чтения или нет прав): запись не выполнена, "
            "витрина осталась прежней. Сообщите администратору. Попытка не могла быть записана в журнал."
        )
    return None


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_LEFTOVER = re.compile(r"^\.(?P<db>.+)\.(work-(?P<wpid>\d+)-\d+(\.wal)?|rebuild-source(-(?P<rpid>\d+))?)$")
_PART = re.compile(r"^.+?(\.(?P<pid>\d+))?\.part$")


def cleanup(path: Path | None = None, *, locked: bool, referenced: set[str] | None = None) -> list[str]:
    """Remove what interrupted writes left behind; returns the names removed.

    Stale means left by a process that is no longer running. Under the writer lock (``locked``) no
    other write is under way, so every work copy, ``.part`` file and rebuild leftover that is not this
    process's own is stale, however recent; without the lock only those of dead processes are.
    ``referenced``: the kept originals the mart refers to; any other original under ``uploads/`` is
    one of a batch that was never published, and goes too (only under the lock).
    """
    path = path or config.db_path()
    removed: list[str] = []

    def drop(p: Path) -> None:
        try:
            p.unlink()
            removed.append(p.name)
        except FileNotFoundError:
            pass
        except OSError as exc:  # a read-only folder: nothing to clean there
            log.warning("could not remove %s: %s", p, exc)

    folder = path.parent
    if folder.is_dir():
        for p in folder.iterdir():
            m = _LEFTOVER.match(p.name)
            if not m or m.group("db") != path.name or p in _active or p.with_suffix("") in _active:
                continue
            pid = m.group("wpid") or m.group("rpid")
            if locked or (pid and not _pid_alive(int(pid))):
                drop(p)
    uploads = config.uploads_dir()
    if uploads.is_dir():
        for p in uploads.iterdir():
            m = _PART.match(p.name)
            if m:
                pid = m.group("pid")
                if (locked and (pid is None or int(pid) != os.getpid())) or (
                    pid and not _pid_alive(int(pid))
                ):
                    drop(p)
            elif locked and referenced is not None and p.is_file() and f"uploads/{p.name}" not in referenced:
                drop(p)
    if removed:
        log.info("removed %d leftovers of interrupted writes: %s", len(removed), ", ".join(removed[:20]))
    return removed


def _referenced(con: duckdb.DuckDBPyConnection) -> set[str] | None:
    try:
        rows = con.sql(
            "select distinct stored_file from upload_batches where stored_file is not null"
        ).fetchall()
    except duckdb.CatalogException:
        return None  # no upload log yet (a first build): nothing to compare with
    return {r[0] for r in rows}


def cleanup_on_start(path: Path | None = None) -> list[str]:
    """At start: clean everything when no write is under way, else only what dead processes left."""
    path = path or config.db_path()
    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=0)
    try:
        with lock:
            referenced = None
            if path.exists():
                con = duckdb.connect(":memory:")
                try:
                    con.sql(f"attach '{path}' as m (read_only)")
                    con.sql("use m")
                    referenced = _referenced(con)
                finally:
                    con.close()
            return cleanup(path, locked=True, referenced=referenced)
    except Timeout:
        return cleanup(path, locked=False)
    except (OSError, duckdb.Error) as exc:  # a read-only or missing folder: nothing to clean
        log.warning("clean-up at start skipped: %s", exc)
        return []


TODAY_SQL = "coalesce(cast(getvariable('mart_today') as date), current_date)"


def set_today(con: duckdb.DuckDBPyConnection, day) -> duckdb.DuckDBPyConnection:
    """Make ``day`` "today" for this connection's views (the DuckDB variable ``mart_today``)."""
    con.execute(f"set variable mart_today = date '{day.isoformat()}'")
    return con


def prepare(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Per-connection settings: 'today' for views that depend on it.

    Views read the DuckDB variable ``mart_today`` and fall back to ``current_date``, so they also open
    in a plain DuckDB client with nothing set. ``mart_today()`` stays as a macro for queries in Python.
    """
    set_today(con, config.today())
    con.execute(f"create or replace temp macro mart_today() as {TODAY_SQL}")  # execute: one bind, not two
    return con


def is_lock_error(exc: BaseException) -> bool:
    """Whether DuckDB refused a file because another process holds it (e.g. ``duckdb`` without -readonly)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _attach_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        ":memory:",
        config={"memory_limit": config.reader_memory(), "temp_directory": str(config.spill_dir())},
    )
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


_reads: contextvars.ContextVar[list | None] = contextvars.ContextVar("mart_reads", default=None)


def _record(item: object) -> None:
    reads = _reads.get()
    if reads is not None:
        reads.append(item)


@contextlib.contextmanager
def recording() -> Iterator[list]:
    """Collect what reads run in this block: each ``Reader.df`` query's text, ``None`` for a cursor
    handed out (a query that cannot be seen), and whatever else ``note`` adds (``mart.read.queries``)."""
    reads: list = []
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def note(item: object) -> None:
    """Add to the reads being recorded (a nested cached read reports its dependencies this way)."""
    _record(item)


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

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._connection().cursor()
        cur.execute("use mart")
        return prepare(cur)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for free-form queries; a cached read that uses one depends on every write."""
        _record(None)
        return self._cursor()

    def df(self, query: str, params: dict | list | None = None) -> pl.DataFrame:
        _record(query)
        return self._cursor().sql(query, params=params).pl()

    def df_untracked(self, query: str, params: dict | list | None = None) -> pl.DataFrame:
        """``df`` for a query whose dependencies the caller accounts for itself (``queries.read``)."""
        return self._cursor().sql(query, params=params).pl()


def sandboxed_cursor(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh, locked-down read-only connection to the published mart (``lock_down``)."""
    path = path or config.db_path()
    if not path.exists():
        raise MartMissing(f"Витрина данных не найдена: {path}. Выполните «python -m mart build».")
    con = prepare(_attach_read_only(path))
    con.sql("use mart")
    return lock_down(con)


# ---------------------------------------------------------------------------------------------
# Data versions: what each write changed, for caches keyed by what they read.

VERSIONS = "data_versions"
_writes: dict[int, _Write] = {}  # id() of an open writer connection -> what it has touched so far


@dataclass
class _Write:
    version: int
    names: set[str]
    declared: bool = False  # ``touch`` was called (possibly naming nothing)
    before: dict | None = None  # ``touch_all``: the tables as they were, to move on what differs


def version_name(schema: str, table: str) -> str:
    """The data version a stored table belongs to.

    A dataset's tables (``raw.<dataset>``, or a table of the dataset's name in any schema but
    ``main`` and ``seed``) share the dataset's version, ``<dataset>``; a seed table has its own,
    ``seed.<table>``; any other stored table of ``main`` has its own, ``<table>``.
    """
    schema, table = schema.lower(), table.lower()
    if schema == "seed":
        return f"seed.{table}"
    return table


def _new_version() -> int:
    # unique per write (writes are one at a time under the lock); never reused, even by a rebuild
    return time.time_ns()


def touch(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Say that this write changes the data of ``names``; their data versions move on when it publishes.

    A name is a dataset (``"graduates"``: its ``raw.`` table and its batches in ``upload_batches`` as
    the staging models read them), a seed table (``"seed.ugs"``) or a stored table of ``main``
    (``"kpi_weights"``, ``"upload_batches"``). Call it inside the ``writer`` block that makes the
    change: the new versions are written into the same published file. A write that never calls
    ``touch`` moves every version on, so a writer that does not declare is never served stale data;
    one that declares must name everything it changes (``tests/test_data_versions.py`` checks each
    writer of the project against what really changed); one that cannot say calls ``touch_all``.

    On a connection that is not a writer's (a test's given database) the versions change at once.
    """
    names = {n for n in names if n}
    write = _writes.get(id(con))
    if write is not None:
        write.declared = True
        write.names |= names
    elif names:
        _bump(con, names, _new_version())


def touch_all(con: duckdb.DuckDBPyConnection) -> None:
    """Say that this write may change anything (a build, a rebuild): every stored table is compared
    with what it was when this is called (or, for a ``fresh`` write, in the published file), and the
    versions of those that differ move on; a changed model, view or macro moves every version on."""
    write = _writes.get(id(con))
    if write is None:
        _bump_all(con, _new_version())
    elif write.before is None:
        write.before = fingerprints(con)


DEFINITIONS = "*definitions*"  # the version row holding a hash of the models' definitions


def fingerprints(con: duckdb.DuckDBPyConnection, database: str | None = None) -> dict[tuple[str, str], tuple]:
    """Each stored table's row count and a hash of its rows (in any order)."""
    row_hash = "count(*), bit_xor(hash(row(*columns(*))::varchar))"
    prefix = f"{database}." if database else ""
    found = {
        (s, t): tuple(con.execute(f'select {row_hash} from {prefix}{s}."{t}"').fetchall()[0])
        for s, t in stored_tables(con, database)
        if t not in (VERSIONS, "schema_migrations")  # bookkeeping, not data
    }
    return found


def _definitions() -> int:
    """A hash of every model's definition (the SQL files the build creates the views and tables from)."""
    from mart.platform import models

    digest = hashlib.sha256()
    for m in sorted(models.discover(), key=lambda m: m.name):
        digest.update(f"{m.name}\n{m.sql}\n".encode())
    return int(digest.hexdigest()[:15], 16)


def _published_fingerprints(path: Path) -> dict | None:
    if not path.exists():
        return None
    con = duckdb.connect(":memory:")
    try:
        con.sql(f"attach '{path}' as published (read_only)")
        return fingerprints(con, "published")
    except duckdb.Error:
        return None
    finally:
        con.close()


def _seal(con: duckdb.DuckDBPyConnection, write: _Write) -> None:
    """Move on the data versions of what this write changed, before it is published."""
    if write.before is not None:
        if not _has_versions(con):
            return
        definitions = _definitions()
        known = dict(con.table(VERSIONS).project("name, version").fetchall())
        if known.get(DEFINITIONS) != definitions:  # a model means something else now: nothing cached holds
            _bump_all(con, write.version)
            _bump(con, [DEFINITIONS], definitions)
            return
        after = fingerprints(con)
        changed = {version_name(s, t) for (s, t), v in after.items() if write.before.get((s, t)) != v}
        _bump(con, changed, write.version)
    elif write.declared:
        _bump(con, write.names, write.version)
    else:
        _bump_all(con, write.version)


def stored_tables(con: duckdb.DuckDBPyConnection, database: str | None = None) -> list[tuple[str, str]]:
    """(schema, table) of every stored table of ``database`` (default: the connection's own)."""
    where = f"database_name = '{database}'" if database else "database_name = current_database()"
    return con.sql("from duckdb_tables()").filter(where).project("schema_name, table_name").fetchall()


def _has_versions(con: duckdb.DuckDBPyConnection) -> bool:
    return ("main", VERSIONS) in stored_tables(con)


def _bump(con: duckdb.DuckDBPyConnection, names: Iterable[str], version: int) -> None:
    if not _has_versions(con):
        return  # a mart built before data versions: readers key by the file itself
    con.execute(
        f"insert into {VERSIONS} (name, version, changed_at) select unnest($n), $v, $at "
        "on conflict (name) do update set version = excluded.version, changed_at = excluded.changed_at",
        {"n": sorted(set(names)), "v": version, "at": config.now()},
    )


def _bump_all(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Every known version moves on, and every stored table gets one (its dataset's, for raw tables)."""
    if not _has_versions(con):
        return
    tables = [(s, t) for s, t in stored_tables(con) if t not in (VERSIONS, "schema_migrations")]
    known = [r[0] for r in con.table(VERSIONS).project("name").fetchall()]
    _bump(con, {*known, *(version_name(s, t) for s, t in tables)}, version)


# ---------------------------------------------------------------------------------------------
# The queue of writers.


@dataclass(frozen=True)
class Wait:
    """A writer waiting its turn: what ``writer(waiting=...)`` is told about every half second."""

    position: int  # 1: next in line (one write under way and nobody else ahead)
    elapsed: float  # seconds waited so far
    current: str | None  # what the write under way is doing, in Russian, if it said

    @property
    def text_ru(self) -> str:
        ahead = f"; перед этой в очереди ещё {self.position - 1}" if self.position > 1 else ""
        doing = f" ({self.current})" if self.current else ""
        return (
            f"Ожидает окончания другой загрузки{doing}{ahead}… Ждём {_seconds_ru(self.elapsed)}. "
            "Файл не потерян: запись начнётся сама, как только подойдёт очередь."
        )


def _seconds_ru(seconds: float) -> str:
    s = int(seconds)
    if s < 60:
        return f"{s} с"
    return f"{s // 60} мин {s % 60:02d} с"


POLL_SECONDS = 0.5


def _queue_dir(path: Path) -> Path:
    return path.with_name(f".{path.name}.queue")


def _now_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.writing.json")


def _take_ticket(path: Path, what: str | None) -> Path:
    folder = _queue_dir(path)
    folder.mkdir(exist_ok=True)
    ticket = folder / f"{time.time_ns():020d}-{os.getpid()}-{next(_work_counter)}.json"
    ticket.write_text(json.dumps({"what": what}, ensure_ascii=False), encoding="utf-8")
    return ticket


def _ahead_of(ticket: Path) -> int:
    """Live tickets taken before ``ticket`` (those of processes that died are removed)."""
    ahead = 0
    for other in sorted(ticket.parent.glob("*.json")):
        if other.name >= ticket.name:
            break
        try:
            pid = int(other.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        if _pid_alive(pid):
            ahead += 1
        else:
            with contextlib.suppress(OSError):
                other.unlink()
    return ahead


def _current_write(path: Path) -> str | None:
    try:
        return json.loads(_now_file(path).read_text(encoding="utf-8")).get("what")
    except (OSError, ValueError):
        return None


@dataclass(eq=False)
class _Joiner:
    """A write waiting in this process that the writer under way may take into its own publish."""

    ticket: Path
    turn: threading.Event = field(default_factory=threading.Event)  # set by the host: run now on ``con``
    finished: threading.Event = field(default_factory=threading.Event)  # set by the joiner: done
    published: threading.Event = field(default_factory=threading.Event)  # set by the host
    con: duckdb.DuckDBPyConnection | None = None
    error: BaseException | None = None  # why the shared publish failed


_joiners: dict[str, list[_Joiner]] = {}  # published file -> writes of this process waiting to join
_joiners_lock = threading.Lock()
COMBINE_AT_MOST = 10  # writes taken into one publish (each still in its own transaction)


def _acquire(
    lock: FileLock,
    path: Path,
    timeout: float | None,
    waiting: Callable[[Wait], None] | None,
    what: str | None,
    combine: bool = False,
) -> _Joiner | None:
    """Take the writer lock, in order of arrival behind writers already waiting.

    Returns None with the lock taken, or, for a ``combine`` write, possibly the ``_Joiner`` a writer
    of this process under way has taken into its publish (then the lock is not this write's).
    """
    queue = _queue_dir(path)
    if not (queue.is_dir() and any(queue.glob("*.json"))):
        with contextlib.suppress(Timeout):
            lock.acquire(timeout=0)
            return None
    started = time.monotonic()
    ticket = _take_ticket(path, what)
    joiner = _Joiner(ticket) if combine else None
    if joiner is not None:
        with _joiners_lock:
            _joiners.setdefault(str(path), []).append(joiner)
    handed = False  # the joiner was returned to run (else it must not keep a host waiting)
    try:
        while True:
            if joiner is not None and joiner.turn.is_set():
                handed = True
                return joiner
            ahead = _ahead_of(ticket)
            if ahead == 0:
                with contextlib.suppress(Timeout):
                    lock.acquire(timeout=POLL_SECONDS)
                    return None
            elif joiner is not None:
                joiner.turn.wait(POLL_SECONDS)
            else:
                time.sleep(POLL_SECONDS)
            elapsed = time.monotonic() - started
            if (
                timeout is not None
                and elapsed >= timeout
                and not (joiner is not None and joiner.turn.is_set())
            ):
                raise Timeout(str(path))
            if waiting is not None:
                waiting(Wait(ahead + 1, elapsed, _current_write(path)))
    finally:
        if joiner is not None and not handed:
            with _joiners_lock:
                mine = _joiners.get(str(path), [])
                taken = joiner not in mine
                if not taken:
                    mine.remove(joiner)
            if taken:  # a host took it meanwhile and waits for it: say it will not run
                joiner.finished.set()
        with contextlib.suppress(OSError):
            ticket.unlink()


def _next_joiner(path: Path) -> _Joiner | None:
    """The first write of this process waiting to join, unless another write arrived before it."""
    with _joiners_lock:
        waiting = _joiners.get(str(path)) or []
        if not waiting:
            return None
        first = waiting[0]
        ours = {j.ticket.name for j in waiting}
        for other in sorted(_queue_dir(path).glob("*.json")):
            if other.name >= first.ticket.name:
                break
            if other.name not in ours:
                return None  # a write of another process (or one that cannot join) came first
        waiting.pop(0)
        return first


def _host(path: Path, con: duckdb.DuckDBPyConnection, write: _Write, hosted: list[_Joiner]) -> None:
    """Run the writes waiting to join, one after another, each in its own transaction on the work copy."""
    while len(hosted) < COMBINE_AT_MOST:
        joiner = _next_joiner(path)
        if joiner is None:
            return
        cur = con.cursor()
        _writes[id(cur)] = write
        joiner.con = cur
        hosted.append(joiner)
        joiner.turn.set()
        joiner.finished.wait()
        _writes.pop(id(cur), None)
        with contextlib.suppress(duckdb.Error):
            cur.close()


@contextlib.contextmanager
def _joined(joiner: _Joiner) -> Iterator[duckdb.DuckDBPyConnection]:
    """This write inside another's publish: its own transaction; published (or failed) with the host's."""
    cur = joiner.con
    try:
        cur.begin()
        prepare(cur)
        yield cur
        cur.commit()
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            cur.rollback()
        joiner.finished.set()
        raise
    joiner.finished.set()
    joiner.published.wait()
    if joiner.error is not None:
        message = storage_problem(joiner.error)
        raise StorageError(message) if message else joiner.error


@contextlib.contextmanager
def writer(
    path: Path | None = None,
    *,
    timeout: float | None = 120,
    fresh: bool = False,
    waiting: Callable[[Wait], None] | None = None,
    what: str | None = None,
    combine: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Exclusive, atomic write access to the mart; publishes the result when the block succeeds.

    ``fresh`` starts from an empty database instead of a copy of the published one (rebuild).
    When another write is under way, this one queues behind it (and behind those already waiting):
    ``waiting`` is called about every half second with a ``Wait`` (place, seconds waited, what the
    write under way does); ``timeout`` seconds of waiting end in a Russian ``StorageError`` (None:
    wait as long as it takes, as uploads do). ``what``: this write in Russian, for those queued behind.
    The block says what it changes with ``touch`` (else every data version moves on).

    ``combine``: when this write queues behind a write of the same process, that write may take it
    into its own publish instead of a new copy and publish each: the block then runs in its own
    transaction on the other write's work copy, right after it (a failing block is rolled back
    alone), and the ``with`` ends once the shared file is published. Uploads do this.
    """
    path = path or config.db_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path.with_name(path.name + ".lock")))
        joiner = _acquire(lock, path, timeout, waiting, what, combine and not fresh)
    except Timeout as exc:
        raise StorageError(
            f"Витрина занята другой записью дольше {timeout:.0f} с: запись не выполнена. Попробуйте ещё раз позже."
        ) from exc
    except OSError as exc:
        raise StorageError(storage_problem(exc, path) or f"Папка данных недоступна: {exc}") from exc
    if joiner is not None:
        with _joined(joiner) as cur:
            yield cur
        return
    work = path.with_name(f".{path.name}.work-{os.getpid()}-{next(_work_counter)}")
    con = None
    hosted: list[_Joiner] = []
    try:
        with contextlib.suppress(OSError):
            _now_file(path).write_text(json.dumps({"what": what}, ensure_ascii=False), encoding="utf-8")
        _active.add(work)
        cleanup(path, locked=True)
        if path.exists() and not fresh:
            _copy(path, work)
        con = duckdb.connect(str(work))
        _writes[id(con)] = _Write(
            _new_version(), set(), before=_published_fingerprints(path) if fresh else None
        )
        if not fresh:
            cleanup(path, locked=True, referenced=_referenced(con))
        prepare(con)
        yield con
        write = _writes[id(con)]
        if not fresh:
            _host(path, con, write, hosted)
        _seal(con, write)
        con.sql("checkpoint")
        con.close()
        os.replace(work, path)
    except (OSError, duckdb.Error) as exc:
        for joiner in hosted:
            joiner.error = exc
        if con is not None:
            with contextlib.suppress(duckdb.Error):
                con.close()
        message = storage_problem(exc, path)
        if message:
            raise StorageError(message) from exc
        raise
    except BaseException as exc:
        for joiner in hosted:
            joiner.error = exc
        if con is not None:
            with contextlib.suppress(duckdb.Error):
                con.close()
        raise
    finally:
        for joiner in hosted:
            joiner.published.set()
        if con is not None:
            _writes.pop(id(con), None)
        _active.discard(work)
        for leftover in (work, work.with_name(work.name + ".wal"), _now_file(path)):
            with contextlib.suppress(FileNotFoundError, OSError):
                os.remove(leftover)
        lock.release()


def _copy(src: Path, dst: Path) -> None:
    """A private copy of the published file; a partial copy on a full disk is removed by the caller.

    The copy's pages go to disk in the background while the write works on it: the checkpoint
    before publishing must sync the whole file, and then finds little left to wait for (a 300 MB
    mart: about 0.15 s of a small upload's time).
    """
    shutil.copyfile(src, dst)
    threading.Thread(target=_flush, args=(dst,), daemon=True).start()


def _flush(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fdatasync(fd)
        finally:
            os.close(fd)
