"""Derived models: ``sql/staging/*.sql`` and ``sql/marts/*.sql``, rebuilt by every build.

A model file is one ``select`` with a header of ``-- key: value`` lines:

    -- grain: one row per graduate
    -- key: inst_code, graduation_year, graduate_id
    -- materialized: table        (default: view)
    -- nullable: specialty_code   (key columns that may be empty: still unique, not checked not null)
    -- params: completion_rate := 0.8, level := null

The object's name is the file's stem (in the ``main`` schema); files may sit in subfolders of a
layer (``sql/marts/staffing/...``). Dependencies are found by looking for other models' names in
the text, and models are built in dependency order.

A model with ``params`` is built as a table macro ``<name>_at(<params>)`` (its body may use the
parameters by name) and a view ``<name>`` that calls it with the defaults, so a plain DuckDB client
reads the view with nothing set, and ``mart`` asks ``<name>_at(completion_rate := 0.9)`` for a
what-if: the figure is still defined once, in the model's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb

from mart.platform import config

LAYERS = ("staging", "marts")
_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*?)\s*$")


class ModelError(RuntimeError):
    pass


@dataclass
class Model:
    name: str
    layer: str
    path: Path
    sql: str
    grain: str
    key: list[str]
    materialized: str
    depends: set[str] = field(default_factory=set)
    nullable: list[str] = field(default_factory=list)
    params: str = ""

    @property
    def macro(self) -> str:
        return f"{self.name}_at"


def _parse(path: Path, layer: str) -> Model:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        m = _HEADER.match(line)
        if m:
            meta[m.group(1)] = m.group(2)
    name = path.stem
    for required in ("grain", "key"):
        if not meta.get(required):
            raise ModelError(f"{path.relative_to(config.REPO_ROOT)}: the header must name the {required}")
    materialized = meta.get("materialized", "view")
    if materialized not in ("view", "table"):
        raise ModelError(f"{path.name}: materialized must be view or table, not {materialized!r}")
    key = [k.strip() for k in meta["key"].split(",") if k.strip()]
    nullable = [k.strip() for k in meta.get("nullable", "").split(",") if k.strip()]
    params = meta.get("params", "")
    if params and materialized != "view":
        raise ModelError(f"{path.name}: a model with params is a macro and a view, not a table")
    return Model(name, layer, path, text, meta["grain"], key, materialized, nullable=nullable, params=params)


def discover(sql_dir: Path | None = None) -> list[Model]:
    sql_dir = sql_dir or config.SQL_DIR
    models = [_parse(p, layer) for layer in LAYERS for p in sorted((sql_dir / layer).rglob("*.sql"))]
    names = [m.name for m in models]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ModelError(f"Model names must be unique: {sorted(dupes)}")
    for m in models:
        body = re.sub(r"--[^\n]*", "", m.sql)
        m.depends = {
            other for other in names if other != m.name and re.search(rf"(?<![\w.]){other}(_at)?\b", body)
        }
    return models


def ordered(models: list[Model]) -> list[Model]:
    by_name = {m.name: m for m in models}
    try:
        order = list(TopologicalSorter({m.name: m.depends for m in models}).static_order())
    except CycleError as exc:
        raise ModelError(f"Models depend on each other in a circle: {exc.args[1]}") from exc
    return [by_name[n] for n in order]


def build_models(con: duckdb.DuckDBPyConnection, models: list[Model] | None = None) -> list[Model]:
    models = ordered(models if models is not None else discover())
    existing = dict(
        con.sql(
            "select table_name, table_type from information_schema.tables where table_schema = 'main'"
        ).fetchall()
    )
    for m in models:
        kind = existing.get(m.name)
        if kind == "VIEW" and m.materialized == "table":
            con.sql(f"drop view {m.name}")
        elif kind == "BASE TABLE" and m.materialized == "view":
            con.sql(f"drop table {m.name}")
        what = "table" if m.materialized == "table" else "view"
        try:
            if m.params:
                con.sql(f"create or replace macro {m.macro}({m.params}) as table\n{m.sql}")
                con.sql(f"create or replace view {m.name} as select * from {m.macro}()")
            else:
                con.sql(f"create or replace {what} {m.name} as\n{m.sql}")
        except duckdb.Error as exc:
            raise ModelError(f"Model {m.path.relative_to(config.REPO_ROOT)} failed: {exc}") from exc
    return models


def refresh_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the materialised models after new data landed (views follow by themselves)."""
    for m in ordered(discover()):
        if m.materialized == "table":
            try:
                con.sql(f"create or replace table {m.name} as\n{m.sql}")
            except duckdb.Error as exc:
                raise ModelError(f"Model {m.path.relative_to(config.REPO_ROOT)} failed: {exc}") from exc
