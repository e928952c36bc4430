"""``python -m mart build``: migrations → seeds → models → checks (→ demo data), published at once."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import duckdb

from mart.access import accounts, authstore
from mart.intake import collections
from mart.platform import checks, db, migrations, models, seeds
from mart.read import kpi


class CheckFailed(RuntimeError):
    def __init__(self, failed: list[checks.CheckResult]) -> None:
        self.failed = failed
        lines = [
            f"{r.check.name}: {r.check.description} — {r.failures} bad row(s), e.g. {r.sample[:3]}"
            for r in failed
        ]
        super().__init__("Data checks failed, nothing was published:\n  " + "\n  ".join(lines))


@dataclass
class BuildReport:
    migrations_applied: list[str] = field(default_factory=list)
    seed_rows: dict[str, int] = field(default_factory=dict)
    models_built: int = 0
    checks_passed: int = 0
    demo_batches: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        seeds_total = sum(self.seed_rows.values())
        lines = [
            f"migrations applied now: {len(self.migrations_applied)}"
            + (f" ({', '.join(self.migrations_applied)})" if self.migrations_applied else ""),
            f"seeds loaded: {len(self.seed_rows)} files, {seeds_total} rows",
            f"models built: {self.models_built}",
            f"checks passed: {self.checks_passed}",
            f"demo batches loaded now: {self.demo_batches}",
            f"time: {self.seconds:.2f} s",
        ]
        return "\n".join(lines)


def prepare_schema(con: duckdb.DuckDBPyConnection, report: BuildReport) -> None:
    db.touch_all(con)  # seeds, migrations, demo data: every data version moves on (mart.queries)
    authstore.import_from_mart(con)  # accounts of a mart built before the store, before 0020 drops them
    report.migrations_applied = [m.path.stem for m in migrations.migrate(con)]
    report.seed_rows = seeds.load_seeds(con)
    collections.sync_rules(con)
    kpi.ensure_v1(con)


def finish(con: duckdb.DuckDBPyConnection, report: BuildReport, *, views: bool = True) -> None:
    """Compute the models (``views`` False: the views were defined earlier in this write), then check.

    A model's key check runs on a worker thread as soon as the model is built, while the main thread
    builds the next ones; the models that read what ``collections.backfill`` changes are checked
    after it, and the checks of ``sql/checks`` last.
    """
    late = models.readers_of(collections.BACKFILLED)
    with checks.Pool(lambda: db.prepare(con.cursor()), workers=2) as pool:

        def built(m: models.Model) -> None:
            if m.name not in late:
                pool.submit(checks.key_check(m))

        found = models.build_models(con, views=views, built=built)
        report.models_built = len(found)
        collections.backfill(con)  # reads the model batch_deliveries; no stored model reads collections
        for m in found:
            if m.name in late:
                pool.submit(checks.key_check(m))
        for check in checks.file_checks():
            pool.submit(check)
        results = pool.results()
    failed = [r for r in results if r.failures]
    if failed:
        raise CheckFailed(failed)
    report.checks_passed = len(results)


def build(*, demo: bool = True) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    with db.writer() as con:
        prepare_schema(con, report)
        defined = False  # whether the models were defined (and the views with them) in this write
        if demo:
            from mart.demo import load as demo_load

            if demo_load.to_load(con):  # loading reads the models: define them first
                models.build_models(con)
                defined = True
                report.demo_batches = demo_load.ensure_demo(con)
            accounts.ensure_demo_accounts(con)
        finish(con, report, views=not defined)
    report.seconds = time.perf_counter() - started
    return report
