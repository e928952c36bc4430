"""Paths and the clock. Everything the mart reads from the environment lives here."""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = REPO_ROOT / "sql"
SEEDS_DIR = REPO_ROOT / "seeds"


def db_path() -> Path:
    """The published mart file: what pages and analysts read (``MART_DB``)."""
    return _resolved(os.environ.get("MART_DB", ""))


@functools.lru_cache(maxsize=16)
def _resolved(raw: str) -> Path:
    # every cached read asks for the path: resolving it each time (a stat per folder) cost a
    # regional page run 36 ms
    return Path(raw or REPO_ROOT / "data" / "mart.duckdb").resolve()


def accounts_path() -> Path:
    """The accounts store (SQLite): ``MART_ACCOUNTS``, else ``accounts/accounts.sqlite`` beside the mart.

    Its own folder, so the store keeps working when the mart's folder is read-only or has no room
    for a copy of the mart; point ``MART_ACCOUNTS`` elsewhere when the mart is on a read-only mount.
    """
    raw = os.environ.get("MART_ACCOUNTS", "").strip()
    return Path(raw).resolve() if raw else db_path().parent / "accounts" / "accounts.sqlite"


def uploads_dir() -> Path:
    """Original uploaded files, named by their sha256, kept next to the database file."""
    return db_path().parent / "uploads"


def reader_memory() -> str:
    """What DuckDB may hold in memory for the readers of one process (``MART_READER_MEMORY``, 768MB).

    Without it DuckDB takes up to 80 % of the machine for a national page's first, cold run (2.4 GB);
    above the limit it spills to ``spill_dir()``. The cached results of ``mart.read.queries`` come on top.
    """
    return os.environ.get("MART_READER_MEMORY", "").strip() or "768MB"


def spill_dir() -> Path:
    """Where a reader spills what does not fit in ``reader_memory()``: one folder per process."""
    return Path(tempfile.gettempdir()) / f"mart-spill-{os.getpid()}"


def today() -> dt.date:
    """ "Today" for overdue measures, certificate validity and ratings (``MART_TODAY`` when set)."""
    raw = os.environ.get("MART_TODAY", "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise SystemExit(f"MART_TODAY must be an ISO date (YYYY-MM-DD), got {raw!r}") from exc
    return dt.date.today()


def now() -> dt.datetime:
    """Wall-clock time for audit records (local time, no timezone: the region's office clock)."""
    return dt.datetime.now().replace(microsecond=0)
