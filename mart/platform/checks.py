"""Data checks: each is a query that returns the offending rows; the build fails when any do.

Two sources: every model's key (unique and not null, from its header), and the files in
``sql/checks/`` (references and accepted values), each with a ``-- check: what it asserts`` line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mart.platform import config, models


@dataclass
class Check:
    name: str
    description: str
    sql: str
    # a cheaper query that returns 0 when ``sql`` surely finds nothing (else ``sql`` is run to see)
    quick: str | None = None


@dataclass
class CheckResult:
    check: Check
    failures: int
    sample: list[tuple]


def key_check(model: models.Model) -> Check:
    cols = ", ".join(model.key)
    nulls = " or ".join(f"{c} is null" for c in model.key if c not in model.nullable) or "false"
    sql = f"select {cols}, count(*) as n from {model.name} group by all having count(*) > 1 or {nulls}"
    also = f" ({', '.join(model.nullable)} may be empty)" if model.nullable else ""
    # grouping by one 64-bit hash of the key is about twice as fast as grouping by its columns on a
    # national model (15 million rows): no repeated hash and no empty key column means no duplicate
    # key and no empty one; a repeated hash (a duplicate, or rarely a collision) runs the exact query
    quick = (
        f"select count(*) filter (where n > 1) + coalesce(sum(bad), 0) from ("
        f"select count(*) as n, count(*) filter (where {nulls}) as bad from {model.name}"
        f" group by hash({cols}))"
    )
    return Check(f"key:{model.name}", f"{model.name}: ({cols}) is unique and not null{also}", sql, quick)


def file_checks(directory: Path | None = None) -> list[Check]:
    found = []
    for path in sorted((directory or config.SQL_DIR / "checks").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        desc = next(
            (line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("-- check:")),
            path.stem,
        )
        found.append(Check(path.stem, desc, text))
    return found


def all_checks() -> list[Check]:
    return [key_check(m) for m in models.discover()] + file_checks()


def run_check(con: duckdb.DuckDBPyConnection, check: Check) -> CheckResult:
    if check.quick is not None and con.execute(check.quick).fetchall()[0][0] == 0:
        return CheckResult(check, 0, [])
    rows = con.execute(f"select * from ({check.sql.rstrip().rstrip(';')}) limit 6").fetchall()
    count = (
        con.execute(f"select count(*) from ({check.sql.rstrip().rstrip(';')})").fetchall()[0][0]
        if rows
        else 0
    )
    return CheckResult(check, count, rows[:5])


class Pool:
    """Checks run on ``workers`` threads as they are submitted, each thread on its own cursor from
    ``cursors()`` (set up like the connection the checks are about); ``results`` waits for them all
    and returns them in the order they were submitted.

    A build submits a model's key check as soon as the model is built, so the checks of the first
    models run while the main thread still builds the rest (``mart.platform.build.finish``).
    """

    def __init__(self, cursors: Callable[[], duckdb.DuckDBPyConnection], workers: int = 2) -> None:
        # the cursors are made here, in the caller's thread, and each worker takes one at its first check
        self._free = [cursors() for _ in range(workers)]
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._futures: list[Future[CheckResult]] = []

    def _run(self, check: Check) -> CheckResult:
        if not hasattr(self._local, "con"):
            self._local.con = self._free.pop()  # atomic: one cursor per worker thread
        return run_check(self._local.con, check)

    def submit(self, check: Check) -> None:
        self._futures.append(self._pool.submit(self._run, check))

    def results(self) -> list[CheckResult]:
        return [f.result() for f in self._futures]

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def run_checks(
    con: duckdb.DuckDBPyConnection,
    checks: list[Check] | None = None,
    *,
    cursors: Callable[[], duckdb.DuckDBPyConnection] | None = None,
    workers: int = 1,
) -> list[CheckResult]:
    """Every check's result, in the order given.

    With ``workers`` > 1, checks run on that many threads, each on its own cursor from ``cursors()``
    (set up like ``con``): DuckDB runs one query on a few threads but leaves cores idle between and
    inside the small ones, so two at a time finish the national checks sooner on two cores.
    """
    todo = checks if checks is not None else all_checks()
    if workers <= 1 or cursors is None:
        return [run_check(con, check) for check in todo]
    with Pool(cursors, workers) as pool:
        for check in todo:
            pool.submit(check)
        return pool.results()
