"""Load the fictional demo region (``mart.demo.generator``) through the ingestion path, once."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import duckdb

from mart.access.rules import Access
from mart.demo import generator as demo
from mart.demo import staffing as demo_staffing
from mart.intake import collections, datasets, ingest
from mart.platform import config

DEMO_LOGIN = "demo-generator"


class DemoError(RuntimeError):
    pass


def has_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return con.sql("select count(*) from upload_batches where channel = 'demo'").fetchall()[0][0] > 0


def to_load(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``ensure_demo`` has files to load (a mart without the demo, or without its employers)."""
    return not has_demo(con) or not _has_staffing_demo(con)


def _has_staffing_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return (
        con.execute(
            "select count(*) from upload_batches where channel = 'demo' and dataset = 'employers'"
        ).fetchall()[0][0]
        > 0
    )


def ensure_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Load the demo files as the operator unless demo data is already there; returns batches loaded."""
    if has_demo(con):
        return _ensure_staffing_demo(con)
    loaded = 0
    files = [*demo.generate(), *_staffing_files()]
    contexts = [Access(role="operator", login=DEMO_LOGIN, inst_code=f.inst_code) for f in files]
    # a file is read (parsed within its limits; needs no connection) on a second thread while the
    # files before it are checked and stored, as ``ingest.load`` reads before it takes the lock
    with ThreadPoolExecutor(max_workers=1) as reader:
        tables = [
            reader.submit(ingest.read, ctx, f.dataset, f.content, f.file_name)
            for f, ctx in zip(files, contexts, strict=True)
        ]
        for f, ctx, table in zip(files, contexts, tables, strict=True):
            result = ingest.load_into(
                con,
                ctx,
                f.dataset,
                f.content,
                f.file_name,
                mode=f.mode,
                channel="demo",
                refresh=False,
                options={"year": f.year} if f.year is not None else None,
                table=table.result(),
            )
            if not result.accepted:
                raise DemoError(f"Demo file {f.file_name} was refused: {result.errors.head(5).to_dicts()}")
            loaded += 1
    ensure_demo_collections(con, demo.YEARS, DEMO_LOGIN)
    return loaded


def _staffing_files() -> list[demo.DemoFile]:
    """The demo employers and their needs (section 2, ``mart.demo.staffing``)."""
    return [
        demo.DemoFile(ds, name, data, None, "upsert") for ds, name, data in demo_staffing.files(demo.SEED)
    ]


def _ensure_staffing_demo(con: duckdb.DuckDBPyConnection) -> int:
    """A demo mart built before employers' demand existed gets the demo employers on its next build."""
    if _has_staffing_demo(con):
        return 0
    loaded = 0
    for f in _staffing_files():
        ctx = Access(role="operator", login=DEMO_LOGIN)
        result = ingest.load_into(
            con, ctx, f.dataset, f.content, f.file_name, mode=f.mode, channel="demo", refresh=False
        )
        if not result.accepted:
            raise DemoError(f"Demo file {f.file_name} was refused: {result.errors.head(5).to_dicts()}")
        loaded += 1
    return loaded


# --- demo collections -------------------------------------------------------------------------------

# the demo's deadlines of the current year (day, month)
DEMO_DEADLINES = {
    "graduates": (1, 12),
    "demo_exams": (15, 7),
    "admissions": (1, 10),
    "championship_results": (1, 4),
    "experts": (25, 12),
    "expert_events": (25, 12),
}


def ensure_demo_collections(con: duckdb.DuckDBPyConnection, years: tuple[int, ...], who: str) -> None:
    """Demo collections: every collected dataset × demo year closed; the current year open with a deadline."""
    current = config.today().year
    changes: list[collections.Change] = []
    for dataset, rule in datasets.COLLECTED.items():
        if rule.counts_for:
            continue
        for year in years:
            if year == current:
                continue
            if collections.current(con, dataset, year) is None:
                changes.append(collections.Change("open", dataset, year))
            changes.append(collections.Change("close", dataset, year))
        day, month = DEMO_DEADLINES.get(dataset, (1, 12))
        state = collections.current(con, dataset, current)
        action = "open" if state is None else "deadline" if state["deadline"] is None else None
        if action:
            changes.append(
                collections.Change(action, dataset, current, deadline=dt.date(current, month, day))
            )
    # a fictional excuse, so the board shows one: the demo's last college has no exam groups this year
    excused = ("demo_exams", current, "POO-19")
    has_college = con.sql(
        "select count(*) from institutions where inst_code = $i", params={"i": excused[2]}
    ).fetchall()[0][0]
    has_excuse = con.sql(
        "select count(*) from collection_excuses where dataset = $d and year = $y and inst_code = $i",
        params={"d": excused[0], "y": excused[1], "i": excused[2]},
    ).fetchall()[0][0]
    if has_college and not has_excuse:
        changes.append(
            collections.Change(
                "excuse",
                *excused[:2],
                inst_code=excused[2],
                reason="нет выпускных групп с демонстрационным экзаменом в этом году",
            )
        )
    collections.apply_into(con, who, changes, channel="demo")
