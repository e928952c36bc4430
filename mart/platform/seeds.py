"""Seeds: ``seeds/<name>.csv`` (UTF-8, comma-separated) fills ``seed.<name>`` at every build.

The table and its column types come from a migration; the CSV's header must name existing columns,
so a typo in a seed fails the build instead of silently loading nulls.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from mart.platform import config


class SeedError(RuntimeError):
    pass


def seed_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or config.SEEDS_DIR).glob("*.csv"))


def load_seeds(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    tables = {
        name
        for (name,) in con.sql(
            "select table_name from information_schema.tables where table_schema = 'seed'"
        ).fetchall()
    }
    for path in seed_files(directory):
        table = path.stem
        if table not in tables:
            raise SeedError(f"Seed {path.name} has no table seed.{table}: add it in a migration")
        con.sql(f"delete from seed.{table}")
        try:
            con.sql(
                f"insert into seed.{table} by name "
                "select * from read_csv($path, header = true, all_varchar = true, delim = ',', "
                "quote = '\"', escape = '\"', encoding = 'utf-8')",
                params={"path": str(path)},
            )
        except duckdb.Error as exc:
            raise SeedError(f"Seed {path.name} does not fit seed.{table}: {exc}") from exc
        counts[table] = con.sql(f"select count(*) from seed.{table}").fetchall()[0][0]
    return counts
