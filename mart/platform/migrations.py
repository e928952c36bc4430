"""Numbered migrations (``sql/migrations/NNNN_name.sql``) define every stored table.

Each is applied once, in order, and recorded with its sha256. Editing an applied migration is a
mistake that would leave databases built before and after the edit different, so it stops the
build: a change to stored tables is always a new migration.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mart.platform import config

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(directory: Path | None = None) -> list[Migration]:
    directory = directory or config.SQL_DIR / "migrations"
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        m = _NAME.match(path.name)
        if not m:
            raise MigrationError(f"Migration file name must look like 0001_name.sql: {path.name}")
        found.append(Migration(int(m.group(1)), m.group(2), path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"Two migrations share a number in {directory}")
    return found


def migrate(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> list[Migration]:
    """Apply pending migrations in order; return those applied now."""
    con.sql(
        "create table if not exists schema_migrations ("
        " version integer primary key, name varchar not null,"
        " checksum varchar not null, applied_at timestamp not null)"
    )
    applied = {
        v: (n, c) for v, n, c in con.sql("select version, name, checksum from schema_migrations").fetchall()
    }
    done: list[Migration] = []
    for mig in discover(directory):
        if mig.version in applied:
            name, checksum = applied[mig.version]
            if checksum != mig.checksum:
                raise MigrationError(
                    f"Migration {mig.path.name} was applied to this database (as {mig.version:04d}_{name}) "
                    "and its file has changed since. Applied migrations are immutable: revert the edit "
                    "and put the change in a new migration."
                )
            continue
        con.sql(mig.sql)
        con.sql(
            "insert into schema_migrations values ($v, $n, $c, $t)",
            params={"v": mig.version, "n": mig.name, "c": mig.checksum, "t": config.now()},
        )
        done.append(mig)
    return done
