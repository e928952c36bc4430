"""Command line: ``python -m mart <command>``. Exit codes: 0 ok, 1 refused or failed, 2 wrong usage."""

from __future__ import annotations

import argparse
import sys

import duckdb
import polars as pl

from mart import build as build_mod
from mart import checks, config, db, migrations, models, seeds


def _cmd_build(args: argparse.Namespace) -> int:
    try:
        report = build_mod.build(demo=not args.no_demo)
    except (build_mod.CheckFailed, migrations.MigrationError, seeds.SeedError, models.ModelError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"mart: {config.db_path()}")
    print(report.summary())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    try:
        cur = db.Reader().cursor()
    except db.MartMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    results = checks.run_checks(cur)
    bad = [r for r in results if r.failures]
    for r in results:
        mark = "FAIL" if r.failures else "ok  "
        print(
            f"{mark} {r.check.description}"
            + (f" — {r.failures} bad row(s): {r.sample}" if r.failures else "")
        )
    print(f"{len(results) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


def _cmd_sql(args: argparse.Namespace) -> int:
    try:
        frame = db.Reader().df(args.query)
    except db.MartMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"query failed: {exc}", file=sys.stderr)
        return 1
    if args.csv:
        sys.stdout.write(frame.write_csv())
    elif frame.shape == (1, 1):
        print(frame.item())
    else:
        with pl.Config(tbl_rows=args.limit, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=200):
            print(frame)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m mart", description="The Amur staffing-standard data mart.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="apply migrations, load seeds, build models, run checks")
    b.add_argument("--no-demo", action="store_true", help="reference data and the roadmap only")
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser("check", help="run the data checks on the published mart")
    c.set_defaults(func=_cmd_check)

    s = sub.add_parser("sql", help="run a read-only query and print the result")
    s.add_argument("query")
    s.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    s.add_argument("--limit", type=int, default=50, help="rows to print (table output)")
    s.set_defaults(func=_cmd_sql)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
