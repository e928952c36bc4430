"""Load the fictional demo region (``mart.demo.generator``) through the ingestion path, once."""

from __future__ import annotations

import duckdb

from mart.access.rules import Access
from mart.demo import generator as demo
from mart.demo import staffing as demo_staffing
from mart.intake import collections, ingest

DEMO_LOGIN = "demo-generator"


class DemoError(RuntimeError):
    pass


def has_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return con.sql("select count(*) from upload_batches where channel = 'demo'").fetchall()[0][0] > 0


def ensure_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Load the demo files as the operator unless demo data is already there; returns batches loaded."""
    if has_demo(con):
        return _ensure_staffing_demo(con)
    loaded = 0
    for f in [*demo.generate(), *_staffing_files()]:
        ctx = Access(role="operator", login=DEMO_LOGIN, inst_code=f.inst_code)
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
        )
        if not result.accepted:
            raise DemoError(f"Demo file {f.file_name} was refused: {result.errors.head(5).to_dicts()}")
        loaded += 1
    collections.ensure_demo(con, demo.YEARS, DEMO_LOGIN)
    return loaded


def _staffing_files() -> list[demo.DemoFile]:
    """The demo employers and their needs (section 2, ``mart.demo.staffing``)."""
    return [
        demo.DemoFile(ds, name, data, None, "upsert") for ds, name, data in demo_staffing.files(demo.SEED)
    ]


def _ensure_staffing_demo(con: duckdb.DuckDBPyConnection) -> int:
    """A demo mart built before employers' demand existed gets the demo employers on its next build."""
    has = con.sql(
        "select count(*) from upload_batches where channel = 'demo' and dataset = 'employers'"
    ).fetchall()[0][0]
    if has:
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
