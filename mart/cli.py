"""Command line: ``python -m mart <command>``. Exit codes: 0 ok, 1 refused or failed, 2 wrong usage."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import duckdb
import polars as pl

from mart.access.rules import ROLES, Access
from mart.intake.datasets import DATASETS
from mart.platform import build as build_mod
from mart.platform import checks, config, db, migrations, models, seeds


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
    # an operator's one-off run over every model: more room than a page server's readers, so the
    # national models' key checks (15 million rows) group in memory instead of spilling
    os.environ.setdefault("MART_READER_MEMORY", "2GB")
    try:
        reader = db.Reader()
        cur = reader.cursor()
    except db.MartMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    results = checks.run_checks(cur, cursors=reader.cursor, workers=2)
    bad = [r for r in results if r.failures]
    for r in results:
        mark = "FAIL" if r.failures else "ok  "
        print(
            f"{mark} {r.check.description}"
            + (f" — {r.failures} bad row(s): {r.sample}" if r.failures else "")
        )
    print(f"{len(results) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


class QueryRefused(ValueError):
    """A query that ``python -m mart sql`` does not run: anything but a single read statement."""


def read_only_statement(query: str) -> str:
    """The query when it is one read statement (SELECT, WITH … SELECT, FROM …, DESCRIBE, SUMMARIZE).

    DuckDB's own parser decides: ATTACH, DETACH, COPY, EXPORT, INSTALL/LOAD, SET/USE, PRAGMA, CALL,
    EXPLAIN, transactions and every kind of write are refused, and so is more than one statement.
    """
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.ParserException as exc:
        raise QueryRefused(f"query failed: {exc}") from None
    except ValueError:  # a statement kind this duckdb cannot even name (e.g. UPDATE EXTENSIONS)
        raise QueryRefused("refused: only a single read query (SELECT) is allowed") from None
    if len(statements) != 1:
        raise QueryRefused(f"refused: one statement at a time, got {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        name = kind.name.replace("_", " ")
        raise QueryRefused(f"refused: {name} statements are not allowed; only a single read query (SELECT)")
    return query


def _cmd_sql(args: argparse.Namespace) -> int:
    try:
        query = read_only_statement(args.query)
        frame = db.sandboxed_cursor().sql(query).pl()
    except QueryRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    except db.MartMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        if db.is_lock_error(exc):
            print(
                "the mart is held read-write by another program; open it with `duckdb -readonly` instead",
                file=sys.stderr,
            )
        else:
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


def _operator(args: argparse.Namespace) -> Access:
    """The CLI acts as the local operator (coordinator's rights), or as --user without a password."""
    login = getattr(args, "user", None)
    if login:
        from mart.access import accounts

        try:
            ctx = accounts.access_for(login)
        except LookupError as exc:
            raise SystemExit(f"error: {exc}") from None
        if args.inst and args.inst != ctx.inst_code:
            raise SystemExit("error: --inst contradicts the account's institution")
        return ctx
    return Access(
        role="operator", login=f"operator:{getpass.getuser()}", inst_code=getattr(args, "inst", None)
    )


def _print_errors(frame: pl.DataFrame, limit: int = 200) -> None:
    for r in frame.head(limit).iter_rows(named=True):
        where = ", ".join(
            x
            for x in (
                f"строка {r['row_no']}" if r["row_no"] else "",
                (
                    r["column_name"]
                    if r["column_name"].startswith("графа ")
                    else f"столбец «{r['column_name']}»"
                )
                if r["column_name"]
                else "",
            )
            if x
        )
        value = f" значение «{r['value']}»" if r["value"] not in (None, "") else ""
        print(f"  {where}{':' if where else ''}{value} — {r['reason']}", file=sys.stderr)
    if frame.height > limit:
        print(f"  … и ещё {frame.height - limit}", file=sys.stderr)


def _say_waits():
    """A progress callback that tells, on stderr and every ten seconds, that the load waits its turn."""
    said = [-10.0]

    def progress(_fraction: float, text: str) -> None:
        import time

        if text.startswith("Ожидает") and time.monotonic() - said[0] >= 10:
            said[0] = time.monotonic()
            print(text, file=sys.stderr, flush=True)

    return progress


def _cmd_load(args: argparse.Namespace) -> int:
    from mart.intake import ingest

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    ctx = _operator(args)
    options = {"year": args.year} if args.year is not None else None
    result = ingest.load(
        ctx,
        args.dataset,
        path.read_bytes(),
        path.name,
        mode="replace" if args.replace else "upsert",
        options=options,
        progress=_say_waits(),
        large=args.large,
    )
    stream = sys.stdout if result.accepted else sys.stderr
    if result.status == "failed":
        print(result.summary_ru(), file=stream)
        return 1
    print(f"batch {result.batch_id}: {result.summary_ru()}", file=stream)
    if not result.accepted:
        _print_errors(result.errors)
        return 1
    if result.warnings.height:
        print("Предупреждения:", file=sys.stderr)
        _print_errors(result.warnings)
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    from mart.intake import ingest

    try:
        ingest.revoke(_operator(args), args.batch_id)
    except (LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"batch {args.batch_id} revoked")
    return 0


def _cmd_rebuild(args: argparse.Namespace) -> int:
    from mart.platform import rebuild

    try:
        report = rebuild.rebuild()
    except (rebuild.RebuildError, build_mod.CheckFailed) as exc:
        print(f"rebuild failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"rebuilt: {report['batches_replayed']} batches replayed in {report['seconds']:.2f} s")
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    """The council's meeting pack as of a date (figures as the views hold them on that date)."""
    import datetime as dt
    import os

    try:
        as_of = dt.date.fromisoformat(args.date) if args.date else config.today()
    except ValueError:
        print(f"error: --date must be YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
        return 2
    os.environ["MART_TODAY"] = as_of.isoformat()  # overdue measures, validity: as of the meeting's date
    from mart.papers import brief

    ctx = _operator(args)
    try:
        made = brief.make_meeting_pack(ctx, as_of, args.year)
    except db.MartMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out or made.file_name)
    out.write_bytes(made.pdf)
    print(f"{out}: {made.pages} pages, sha256 {made.sha256}, kept as paper {made.paper_id}")
    return 0


def _read_password(prompt: str = "Пароль: ") -> str:
    """From standard input when it is not a terminal, else asked twice; never from the command line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Ещё раз: ") != first:
        raise SystemExit("error: the passwords differ")
    return first


def _cmd_users(args: argparse.Namespace) -> int:
    from mart.access import accounts

    op = Access(role="operator", login=f"operator:{getpass.getuser()}")
    try:
        if args.action == "add":
            acc = accounts.add_user(
                args.login, args.role, _read_password(), ctx=op, inst_code=args.inst, display_name=args.name
            )
            print(f"account {acc.login} ({acc.role}{', ' + acc.inst_code if acc.inst_code else ''}) created")
        elif args.action == "passwd":
            accounts.set_password(args.login, _read_password("Новый пароль: "), ctx=op)
            print(f"password of {args.login} changed")
        elif args.action == "unpause":
            accounts.lift_pause(args.login, ctx=op)
            print(f"sign-in pause of {args.login} lifted")
        elif args.action in ("disable", "enable"):
            accounts.set_active(args.login, args.action == "enable", ctx=op)
            print(f"account {args.login} {args.action}d")
        else:
            frame = accounts.list_users(op)
            with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200):
                print(
                    frame
                    if frame.height
                    else "no accounts yet: python -m mart users add LOGIN --role coordinator"
                )
    except (ValueError, LookupError, accounts.authstore.StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_collections(args: argparse.Namespace) -> int:
    """Collections (a dataset × reporting year): list, open, deadline, excuse, unexcuse, close, reopen."""
    from mart.access.rules import AccessDenied
    from mart.intake import collections
    from mart.read.queries import where

    if args.action in ("list", "submitters"):
        try:
            reader = db.Reader()
            if args.action == "list":
                query = (
                    "select dataset, year, deadline, expected, submitted, late, missing, excused, is_complete,"
                    " is_closed, closed_by, closed_at from collection_status"
                )
            else:
                query = (
                    "select dataset, year, inst_code, submitter_name, status, last_upload_at, batch_id, days_late,"
                    " excuse_reason from collection_submitters"
                )
            frame = where(reader.df(query), dataset=args.dataset, year=args.year)
        except db.MartMissing as exc:
            print(exc, file=sys.stderr)
            return 1
        with pl.Config(tbl_rows=500, tbl_cols=-1, fmt_str_lengths=40, tbl_width_chars=220):
            print(frame)
        return 0
    try:
        deadline = collections.parse_date(args.deadline) if getattr(args, "deadline", None) else None
        change = collections.Change(
            args.action,
            args.dataset,
            args.year,
            deadline=deadline,
            inst_code=getattr(args, "inst_code", None),
            reason=getattr(args, "reason", None),
        )
        done = collections.apply_changes(_operator(args), [change], channel="cli")
    except (collections.CollectionError, AccessDenied) as exc:
        print(exc, file=sys.stderr)
        return 1
    print("\n".join(done))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m mart", description="The Amur staffing-standard data mart.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="apply migrations, load seeds, build models, run checks")
    b.add_argument("--no-demo", action="store_true", help="reference data and the roadmap only")
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser("check", help="run the data checks on the published mart")
    c.set_defaults(func=_cmd_check)

    s = sub.add_parser("sql", help="run one read-only query (SELECT) on the published mart and print it")
    s.add_argument("query")
    s.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    s.add_argument("--limit", type=int, default=50, help="rows to print (table output)")
    s.set_defaults(func=_cmd_sql)

    ld = sub.add_parser("load", help="validate and store a CSV or XLSX file of a dataset")
    ld.add_argument("dataset", choices=list(DATASETS))
    ld.add_argument("file")
    ld.add_argument("--inst", help="every row must belong to this institution")
    ld.add_argument("--user", help="act as this account (no password asked)")
    ld.add_argument("--replace", action="store_true", help="the file is the complete slice it covers")
    ld.add_argument("--year", type=int, help="employment_form: the graduation year the form reports")
    ld.add_argument(
        "--large",
        action="store_true",
        help="the operator's national export: up to 1,000,000 rows and 256 MB (uploads keep 200,000 and 50 MB)",
    )
    ld.set_defaults(func=_cmd_load)

    rv = sub.add_parser("revoke", help="withdraw an accepted batch")
    rv.add_argument("batch_id", type=int)
    rv.set_defaults(func=_cmd_revoke)

    us = sub.add_parser("users", help="accounts: add, passwd, disable, enable, unpause, list")
    us_sub = us.add_subparsers(dest="action", required=True)
    ua = us_sub.add_parser("add", help="create an account (password from stdin or asked)")
    ua.add_argument("login")
    ua.add_argument("--role", required=True, choices=[r for r in ROLES if r not in ("public", "operator")])
    ua.add_argument("--inst", help="the institution of an institution account")
    ua.add_argument("--name", help="display name")
    for action in ("passwd", "disable", "enable", "unpause"):
        us_sub.add_parser(action).add_argument("login")
    us_sub.add_parser("list")
    us.set_defaults(func=_cmd_users)

    co = sub.add_parser(
        "collections", help="reporting periods: list, submitters, open, deadline, excuse, close"
    )
    co_sub = co.add_subparsers(dest="action", required=True)
    for action, text in (
        ("list", "collections and their completeness"),
        ("submitters", "who submitted what"),
    ):
        cl = co_sub.add_parser(action, help=text)
        cl.add_argument("--dataset")
        cl.add_argument("--year", type=int)
    for action, text in (
        ("open", "open a collection with a deadline"),
        ("deadline", "change a collection's deadline"),
        ("excuse", "release an expected submitter, with a reason"),
        ("unexcuse", "withdraw an excuse"),
        ("close", "close a collection («сбор завершён»)"),
        ("reopen", "reopen a closed collection"),
    ):
        ca = co_sub.add_parser(action, help=text)
        ca.add_argument("dataset")
        ca.add_argument("year", type=int)
        if action in ("excuse", "unexcuse"):
            ca.add_argument("inst_code")
        if action == "excuse":
            ca.add_argument("--reason", required=True, help="e.g. «колледж закрыт»")
        if action in ("open", "deadline"):
            ca.add_argument("--deadline", required=action == "deadline", help="DD.MM.YYYY")
        ca.add_argument("--user", help="act as this account (no password asked)")
        ca.add_argument("--inst", help=argparse.SUPPRESS)
    co.set_defaults(func=_cmd_collections)

    br = sub.add_parser("brief", help="the council's meeting pack (PDF), kept in the mart")
    br.add_argument("--date", help="the meeting's date, YYYY-MM-DD (default: today)")
    br.add_argument("--year", type=int, help="the year of employment, championship and KPI (default: latest)")
    br.add_argument("--out", help="the PDF file to write (default: материалы-к-заседанию-DATE.pdf)")
    br.add_argument("--user", help="act as this account (no password asked)")
    br.set_defaults(func=_cmd_brief, inst=None)

    rb = sub.add_parser("rebuild", help="recreate the data from the seeds and the kept original files")
    rb.set_defaults(func=_cmd_rebuild)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except db.StorageError as exc:  # a full disk or a read-only data folder: a message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
