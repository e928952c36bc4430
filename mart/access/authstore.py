"""The accounts store: accounts, sign-in sessions, sign-in events and back-off counters.

A small transactional SQLite database in WAL mode (``config.accounts_path()``, by default
``accounts/accounts.sqlite`` beside the mart), kept apart from the mart on purpose:

* a sign-in, a sign-out or an account change is a few rows in one short transaction here; it never
  copies or republishes the mart, never waits for an upload holding the mart's writer lock, and
  needs kilobytes of disk, not room for a copy of the mart;
* the analytics file that analysts open holds no password hashes and no record of who signed in.

The schema is versioned by ``sql/accounts/NNNN_name.sql`` files, applied once each in order
(``pragma user_version`` holds the last one). Accounts of a mart built before the store existed are
copied over once (``import_from_mart``); migration 0020 then drops them from the mart.
A connection is opened per operation: SQLite connections are cheap and not shared between threads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from mart.platform import config

SCHEMA_DIR = config.SQL_DIR / "accounts"
BUSY_SECONDS = 10.0
_ready: set[Path] = set()
_secrets: dict[Path, bytes] = {}
_init_lock = threading.Lock()


class StoreError(RuntimeError):
    """The accounts store cannot be opened or is newer than this code."""


def ts(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(sep=" ", timespec="seconds")


def parse_ts(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def session_hash(session_id: str) -> str:
    """Sessions are stored by the hash of their id: a copy of the store does not hold live tokens."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def _open(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
    con.row_factory = sqlite3.Row
    con.execute("pragma foreign_keys = on")
    con.execute("pragma synchronous = normal")  # durable in WAL mode up to the last checkpointed commit
    return con


def _schema_files() -> list[tuple[int, Path]]:
    return sorted((int(p.name[:4]), p) for p in SCHEMA_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def _migrate(con: sqlite3.Connection) -> None:
    files = _schema_files()
    for number, file in files:
        if con.execute("pragma user_version").fetchone()[0] >= number:
            continue
        try:
            # one transaction per file; another process doing the same waits on BEGIN IMMEDIATE
            con.executescript(
                f"begin immediate;\n{file.read_text(encoding='utf-8')}\npragma user_version = {number};\ncommit;"
            )
        except sqlite3.OperationalError:
            con.execute("rollback") if con.in_transaction else None
            if con.execute("pragma user_version").fetchone()[0] < number:  # not applied by someone else
                raise
    latest = files[-1][0] if files else 0
    if con.execute("pragma user_version").fetchone()[0] > latest:
        raise StoreError(
            f"Хранилище учётных записей {config.accounts_path()} создано более новой версией системы."
        )


def _secret_file() -> Path:
    return config.db_path().parent / ".session-secret"  # where the secret lived before the store


def _init(con: sqlite3.Connection) -> None:
    con.execute("pragma journal_mode = wal")  # persistent: set once, kept in the file
    _migrate(con)
    if meta(con, "session_secret") is None:
        old = _secret_file()
        value = old.read_bytes().hex() if old.is_file() else secrets.token_hex(32)  # cookies stay valid
        con.execute("insert or ignore into meta values ('session_secret', ?)", (value,))
    if meta(con, "mart_import") is None:
        _import_published_mart(con)


def _import_published_mart(con: sqlite3.Connection) -> None:
    """Accounts of a published mart built before the store existed (read-only; the mart is not changed)."""
    import duckdb

    from mart.platform import db

    path = config.db_path()
    if path.exists():
        try:
            reader = duckdb.connect(":memory:")
            reader.sql(f"attach '{path}' as mart (read_only)")
            import_from_mart(reader, "mart.main", con=con)
            reader.close()
            return
        except duckdb.Error as exc:  # e.g. held read-write by another program: try again next time
            if db.is_lock_error(exc):
                return
            raise
    con.execute("insert or ignore into meta values ('mart_import', ?)", (f"none at {ts(config.now())}",))


@contextlib.contextmanager
def connect() -> Iterator[sqlite3.Connection]:
    """A connection to the store (created and brought up to date on first use)."""
    path = config.accounts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _ready.discard(path)  # created anew (or removed under us): bring it up to date again
        _secrets.pop(path, None)
    try:
        con = _open(path)
    except sqlite3.Error as exc:
        raise StoreError(f"Хранилище учётных записей недоступно: {path}: {exc}") from exc
    try:
        if path not in _ready:
            with _init_lock:
                _init(con)
                _ready.add(path)
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def transaction() -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE: writers queue for at most ``BUSY_SECONDS``)."""
    with connect() as con:
        con.execute("begin immediate")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")


def meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("select value from meta where key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def secret() -> bytes:
    """The key that signs session and device tokens (kept in the store; read once per process)."""
    path = config.accounts_path()
    if path not in _secrets or not path.exists():
        with connect() as con:
            _secrets[path] = bytes.fromhex(meta(con, "session_secret"))
    return _secrets[path]


def event(
    con: sqlite3.Connection, login: str, name: str, detail: str | None = None, client: str | None = None
):
    con.execute(
        "insert into events (login, event, event_at, detail, client) values (?, ?, ?, ?, ?)",
        (login, name, ts(config.now()), detail, client),
    )


def _has_table(mart, schema: str, table: str) -> bool:
    catalog, _, name = schema.rpartition(".")
    query = "select count(*) from information_schema.tables where table_schema = $s and table_name = $t"
    params = {"s": name, "t": table}
    if catalog:
        query += " and table_catalog = $c"
        params["c"] = catalog
    return mart.sql(query, params=params).fetchall()[0][0] > 0


def import_from_mart(mart, schema: str = "main", *, con: sqlite3.Connection | None = None) -> int:
    """Copy accounts, open sessions and sign-in events from a mart that still holds them.

    ``mart`` is a DuckDB connection, ``schema`` where the old tables are (``main``, ``old.main``).
    Idempotent: accounts and sessions already in the store are kept; events are copied once.
    Returns the number of accounts copied now.
    """
    if con is None:
        with connect() as own:
            return import_from_mart(mart, schema, con=own)
    if not _has_table(mart, schema, "accounts"):
        return 0
    accounts = mart.sql(
        f"select login, role, inst_code, display_name, password_hash, is_active, is_demo, created_by,"
        f" created_at, updated_at from {schema}.accounts order by login"
    ).fetchall()
    sessions = mart.sql(
        f"select session_id, login, created_at, expires_at, ended_at, end_reason from {schema}.auth_sessions"
    ).fetchall()
    events = mart.sql(
        f"select login, event, event_at, detail from {schema}.auth_events order by event_id"
    ).fetchall()
    started = con.in_transaction
    if not started:
        con.execute("begin immediate")
    try:
        copied = 0
        for login, role, inst, name, hashed, active, demo, by, at, upd in accounts:
            cur = con.execute(
                "insert or ignore into accounts (login, role, inst_code, display_name, password_hash, is_active,"
                " is_demo, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (login, role, inst, name, hashed, int(active), int(demo), by, ts(at), ts(upd)),
            )
            copied += cur.rowcount
        for sid, login, at, expires, ended, reason in sessions:
            con.execute(
                "insert or ignore into sessions (session_hash, login, created_at, expires_at, ended_at, end_reason)"
                " select ?, ?, ?, ?, ?, ? where exists (select 1 from accounts where login = ?)",
                (session_hash(sid), login, ts(at), ts(expires), ts(ended), reason, login),
            )
        if meta(con, "mart_events_imported") is None:
            con.executemany(
                "insert into events (login, event, event_at, detail) values (?, ?, ?, ?)",
                [(login, ev, ts(at), detail) for login, ev, at, detail in events],
            )
            con.execute("insert into meta values ('mart_events_imported', ?)", (str(len(events)),))
        con.execute(
            "insert or replace into meta values ('mart_import', ?)",
            (f"{len(accounts)} accounts at {ts(config.now())}",),
        )
        if copied:
            event(con, "-", "imported", f"{copied} accounts from the mart")
        if not started:
            con.execute("commit")
    except BaseException:
        if not started:
            con.execute("rollback")
        raise
    return copied


def backup_to(target: Path) -> None:
    """A consistent copy of the store (the SQLite backup API), e.g. for test fixtures."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with connect() as con:
        dest = sqlite3.connect(str(target))
        try:
            con.backup(dest)
        finally:
            dest.close()
