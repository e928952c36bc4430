"""Derived models: ``sql/staging/*.sql`` and ``sql/marts/*.sql``, built by every build, refreshed by slice.

A model file is one ``select`` with a header of ``-- key: value`` lines:

    -- grain: one row per graduate
    -- key: inst_code, graduation_year, graduate_id
    -- materialized: table        (default: view)
    -- slice: inst_code, graduation_year as year
    -- nullable: specialty_code   (key columns that may be empty: still unique, not checked not null)
    -- params: completion_rate := 0.8, level := null

The object's name is the file's stem (in the ``main`` schema); files may sit in subfolders of a
layer (``sql/marts/staffing/...``). Dependencies are found by looking for other models' names in
the text, and models are built in dependency order.

A model with ``params`` is built as a table macro ``<name>_at(<params>)`` (its body may use the
parameters by name) and a view ``<name>`` that calls it with the defaults, so a plain DuckDB client
reads the view with nothing set, and ``mart`` asks ``<name>_at(completion_rate := 0.9)`` for a
what-if: the figure is still defined once, in the model's file.

Refreshing by slice
-------------------
``python -m mart build`` (and ``rebuild``) compute every table from scratch. A write refreshes only
what it changed (``refresh_tables`` with the ``Changes`` of the write), inside the same transaction:

* ``slice`` names the model's slice dimensions, each a key column, optionally under a shared
  dimension name (``graduation_year as year``). It asserts that the model's rows with given values
  of these columns depend only on the rows of its inputs with the same values of the same
  dimensions (no window, ranking or maximum across them). A model without ``slice`` depends, as
  far as the runner knows, on all of its inputs' rows.
* A model that reads ``raw.<dataset>`` (the current versions, ``stg_<dataset>``) is touched by a
  write of that dataset in the slices of the rows the write's batches stored or retired (a revoked
  batch: the slices of its rows, recomputed from the versions that remain).
* Any other model is touched through its inputs: in the slices they were touched in, projected on
  the dimensions both declare; when they share none, or the model has no ``slice``, in full.
  Views pass slices on the same way (they are never stored, so they need no refresh). A model that
  reads a non-model table the write changed (``Changes.tables``) is touched in full.
* A touched ``materialized: table`` is refreshed: ``delete`` the slice, ``insert`` the model's rows
  of the slice. The slice is a filter on the model's own output (``select * from (<model>) where
  year in (2025)``); DuckDB pushes it down through projections, joins and the windows partitioned
  by the slice columns to the scans, so a slice costs what it holds, not the whole history.

The result is the same as a build from scratch as long as the ``slice`` headers say the truth
(``tests/test_models_refresh.py`` compares the two after loads, replacements and revocations).
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb

from mart.platform import config

LAYERS = ("staging", "marts")
_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_SLICE_ITEM = re.compile(r"^([a-z_][a-z0-9_]*)(?:\s+as\s+([a-z_][a-z0-9_]*))?$", re.I)
_RAW = re.compile(r"(?<![\w.])raw\.([a-z_][a-z0-9_]*)\b", re.I)
IN_LIST_LIMIT = 64  # more values than this in a slice column: filtered by their range instead
log = logging.getLogger(__name__)


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
    slice: dict[str, str] = field(default_factory=dict)  # dimension -> the model's column
    sources: set[str] = field(default_factory=set)  # datasets whose stored versions it reads (raw.<name>)
    words: set[str] = field(default_factory=set)  # the unqualified names (or main.<name>) it mentions

    @property
    def macro(self) -> str:
        return f"{self.name}_at"

    @property
    def body(self) -> str:
        """The text without comments (what dependencies are looked for in)."""
        return re.sub(r"--[^\n]*", "", self.sql)


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
    dims: dict[str, str] = {}
    for item in (i.strip() for i in meta.get("slice", "").split(",")):
        if not item:
            continue
        m = _SLICE_ITEM.match(item)
        if not m:
            raise ModelError(f"{path.name}: a slice is «column» or «column as dimension», not {item!r}")
        column, dim = m.group(1), m.group(2) or m.group(1)
        if column not in key or column in nullable:
            raise ModelError(
                f"{path.name}: the slice column {column} must be a key column that is never empty"
            )
        if dim in dims:
            raise ModelError(f"{path.name}: the slice dimension {dim} is named twice")
        dims[dim] = column
    return Model(
        name,
        layer,
        path,
        text,
        meta["grain"],
        key,
        materialized,
        nullable=nullable,
        params=params,
        slice=dims,
    )


_WORD = re.compile(r"(?<![\w.])(?:main\.)?([a-z_][a-z0-9_]*)\b", re.I)
# per folder: the files' stamp, the models parsed, and the same in dependency order
_discovered: dict[Path, tuple[tuple, list[Model], list[Model]]] = {}


def _stamp(sql_dir: Path) -> tuple:
    """The model files of every layer with their modification time and size, in a stable order
    (``os.walk`` and ``os.stat``: every write asks, and ``Path.rglob`` took three times as long)."""
    found = []
    for layer in LAYERS:
        paths = []
        for folder, _, files in os.walk(sql_dir / layer):
            paths += [os.path.join(folder, name) for name in files if name.endswith(".sql")]
        for path in sorted(paths, key=lambda p: p.split(os.sep)):  # as Path sorts
            st = os.stat(path)
            found.append((layer, path, st.st_mtime_ns, st.st_size))
    return tuple(found)


def _discover(sql_dir: Path | None) -> tuple[list[Model], list[Model]]:
    """The models as parsed and in dependency order (again only when a file changed: every write asks)."""
    sql_dir = sql_dir or config.SQL_DIR
    stamp = _stamp(sql_dir)
    cached = _discovered.get(sql_dir)
    if cached and cached[0] == stamp:
        return cached[1], cached[2]
    models = [_parse(Path(path), layer) for layer, path, _, _ in stamp]
    names = [m.name for m in models]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ModelError(f"Model names must be unique: {sorted(dupes)}")
    known = set(names)
    for m in models:
        body = m.body
        words = set(_WORD.findall(body))
        words |= {w[:-3] for w in words if w.endswith("_at")}
        m.depends = (words & known) - {m.name}
        m.sources = {s.lower() for s in _RAW.findall(body)}
        m.words = {w.lower() for w in words}
    in_order = ordered(models)
    _discovered[sql_dir] = (stamp, models, in_order)
    return models, in_order


def discover(sql_dir: Path | None = None) -> list[Model]:
    """Every model, parsed (again only when a file changed: every write asks)."""
    return list(_discover(sql_dir)[0])


def discover_ordered(sql_dir: Path | None = None) -> list[Model]:
    """Every model in dependency order (``ordered(discover())``, worked out once per version of the files)."""
    return list(_discover(sql_dir)[1])


def ordered(models: list[Model]) -> list[Model]:
    by_name = {m.name: m for m in models}
    try:
        order = list(TopologicalSorter({m.name: m.depends for m in models}).static_order())
    except CycleError as exc:
        raise ModelError(f"Models depend on each other in a circle: {exc.args[1]}") from exc
    return [by_name[n] for n in order]


def _where(m: Model) -> str:
    return (
        str(m.path.relative_to(config.REPO_ROOT)) if m.path.is_relative_to(config.REPO_ROOT) else m.path.name
    )


def build_models(
    con: duckdb.DuckDBPyConnection,
    models: list[Model] | None = None,
    *,
    views: bool = True,
    built: Callable[[Model], None] | None = None,
) -> list[Model]:
    """Create every model: tables computed from scratch, views and macros (re)defined.

    ``views`` False: the tables only, for a caller that defined the views from the same files
    earlier in the same write (a view reads its inputs when asked; defining 100 of them again costs
    half a second of binding). ``built`` is called with each model once it is in place, in
    dependency order (its inputs are in place before it)."""
    models = ordered(models) if models is not None else discover_ordered()
    existing = _existing(con)
    for m in models:
        kind = existing.get(m.name)
        if not views and m.materialized == "view" and kind == "VIEW":
            if built is not None:
                built(m)
            continue
        if kind == "VIEW" and m.materialized == "table":
            con.execute(f"drop view {m.name}")
        elif kind == "BASE TABLE" and m.materialized == "view":
            con.execute(f"drop table {m.name}")
        what = "table" if m.materialized == "table" else "view"
        try:
            if m.params:
                con.execute(f"create or replace macro {m.macro}({m.params}) as table\n{m.sql}")
                con.execute(f"create or replace view {m.name} as select * from {m.macro}()")
            else:
                con.execute(f"create or replace {what} {m.name} as\n{m.sql}")
            if m.slice:
                columns = {c.lower() for c in con.sql(f"select * from {m.name} limit 0").columns}
                missing = [c for c in m.slice.values() if c.lower() not in columns]
                if missing:
                    raise ModelError(
                        f"Model {_where(m)}: the slice column(s) {missing} are not among its columns"
                    )
        except duckdb.Error as exc:
            raise ModelError(f"Model {_where(m)} failed: {exc}") from exc
        if built is not None:
            built(m)
    return models


def readers_of(tables: Iterable[str], models: list[Model] | None = None) -> set[str]:
    """The models that read any of ``tables`` (names of stored tables that are not models), directly
    or through other models."""
    names = {t.lower() for t in tables}
    found: set[str] = set()
    for m in models if models is not None else discover_ordered():
        if m.words & names or m.depends & found:
            found.add(m.name)
    return found


def _existing(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The tables and views of the mart's ``main`` schema by name (``duckdb_tables`` and
    ``duckdb_views``: half the time of ``information_schema.tables``, and every write asks)."""
    return dict(
        con.sql(
            "select table_name, 'BASE TABLE' from duckdb_tables() "
            "where schema_name = 'main' and database_name = current_database() "
            "union all select view_name, 'VIEW' from duckdb_views() "
            "where schema_name = 'main' and database_name = current_database() and not internal"
        ).fetchall()
    )


# --- refreshing after a write ----------------------------------------------------------------------


@dataclass
class Changes:
    """What one write (or a queue of writes) changed, for ``refresh_tables``.

    ``batches``: per dataset, the batches whose rows entered or left the current versions (stored,
    or revoked); the slices they touch are read from their rows in ``raw.<dataset>``.
    ``tables``: other tables the write changed as a whole (e.g. ``kpi_weights``): the models that
    read one are refreshed in full. The upload log belongs to the datasets' versions: a model that
    reads ``raw.<dataset>`` follows it through ``batches``.
    """

    batches: dict[str, set[int]] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)

    @classmethod
    def of_batch(cls, dataset: str, batch_id: int, tables: Iterable[str] = ()) -> Changes:
        return cls({dataset: {int(batch_id)}}, set(tables))

    def merge(self, other: Changes) -> Changes:
        batches = {d: set(b) for d, b in self.batches.items()}
        for d, b in other.batches.items():
            batches.setdefault(d, set()).update(b)
        return Changes(batches, self.tables | other.tables)

    def __bool__(self) -> bool:
        return bool(self.batches or self.tables)


ALL = "all"


@dataclass(frozen=True)
class Slices:
    """Touched slices: value tuples of the dimensions ``dims``."""

    dims: tuple[str, ...]
    values: frozenset[tuple]

    def project(self, dims: tuple[str, ...]) -> Slices:
        at = [self.dims.index(d) for d in dims]
        return Slices(dims, frozenset(tuple(v[i] for i in at) for v in self.values))


Touch = Slices | str  # a Slices, or ALL


@dataclass
class Refreshed:
    model: str
    slices: int | None  # None: in full
    rows: int
    seconds: float


def _combine(m: Model, touches: list[Touch]) -> Touch | None:
    """How ``m`` is touched, given how its inputs were (None: not at all)."""
    if not touches:
        return None
    if not m.slice or any(t == ALL for t in touches):
        return ALL
    dims = tuple(d for d in m.slice if all(d in t.dims for t in touches))
    if not dims:
        return ALL
    values: set[tuple] = set()
    for t in touches:
        values |= t.project(dims).values
    return Slices(dims, frozenset(values))


def _reads_table(m: Model, table: str) -> bool:
    return table.lower() in m.words


def plan(
    con: duckdb.DuckDBPyConnection, changes: Changes, models: list[Model] | None = None
) -> dict[str, Touch]:
    """Every model a write touched, and how (``models``: in dependency order; default all)."""
    touched: dict[str, Touch] = {}
    for m in discover_ordered() if models is None else models:
        touches: list[Touch] = [touched[d] for d in m.depends if d in touched]
        for dataset in sorted(m.sources & set(changes.batches)):
            if not m.slice:
                touches.append(ALL)
                continue
            cols = ", ".join(f"{c} as {d}" for d, c in m.slice.items())
            ids = ", ".join(str(int(b)) for b in sorted(changes.batches[dataset]))
            try:
                rows = con.sql(
                    f"select distinct {cols} from raw.{dataset} where batch_id in ({ids})"
                ).fetchall()
            except duckdb.Error as exc:
                raise ModelError(
                    f"Model {_where(m)}: the slice of raw.{dataset} cannot be read: {exc}"
                ) from exc
            if rows:
                touches.append(Slices(tuple(m.slice), frozenset(rows)))
        for table in changes.tables:
            if table == "upload_batches" and m.sources:
                continue
            if _reads_table(m, table):
                touches.append(ALL)
        touch = _combine(m, touches)
        if touch is not None:
            touched[m.name] = touch
    return touched


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | decimal.Decimal):
        return repr(value) if not isinstance(value, decimal.Decimal) else str(value)
    if isinstance(value, dt.datetime):
        return f"timestamp '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"date '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def slice_filter(m: Model, touch: Slices) -> str:
    """A filter on ``m``'s columns that holds for every touched slice (a superset: IN lists or ranges)."""
    parts = []
    for i, dim in enumerate(touch.dims):
        column = m.slice[dim]
        values = {v[i] for v in touch.values}
        known = sorted(v for v in values if v is not None)
        alternatives = []
        if len(known) > IN_LIST_LIMIT:
            alternatives.append(f"{column} between {_literal(known[0])} and {_literal(known[-1])}")
        elif known:
            alternatives.append(f"{column} in ({', '.join(_literal(v) for v in known)})")
        if None in values:
            alternatives.append(f"{column} is null")
        parts.append(alternatives[0] if len(alternatives) == 1 else f"({' or '.join(alternatives)})")
    return " and ".join(parts)


def filter_from(
    con: duckdb.DuckDBPyConnection, name: str, rows: str, columns: Iterable[str] | None = None
) -> str:
    """A filter on model ``name`` for the slices its slice columns take in the relation ``rows``
    (``"incoming"``: a file's rows against their current versions); ``columns`` limits it to those
    slice columns. ``true`` when the model has no slice (or none of them)."""
    m = next((m for m in discover() if m.name == name), None)
    if m is None or not m.slice:
        return "true"
    dims = {d: c for d, c in m.slice.items() if columns is None or c in columns}
    if not dims:
        return "true"
    values = con.sql(f"select distinct {', '.join(dims.values())} from {rows}").fetchall()
    if not values:
        return "false"
    return slice_filter(m, Slices(tuple(dims), frozenset(values)))


def narrowable(m: Model, dims: tuple[str, ...], by_name: dict[str, Model]) -> list[str]:
    """The inputs of ``m`` (direct or through views) that may be narrowed to a slice of ``dims``.

    An input qualifies when it declares the dimensions and so does every model on every path from
    ``m`` down to it: then ``m``'s rows of the slice depend only on its rows of the slice. The walk
    stops at stored tables (what they were computed from is not read).
    """
    rank = {name: i for i, name in enumerate(by_name)}  # by_name is in dependency order
    parents: dict[str, set[str]] = {}
    seen, stack = {m.name}, [m.name]
    while stack:
        name = stack.pop()
        if name != m.name and by_name[name].materialized == "table":
            continue
        for dep in by_name[name].depends:
            parents.setdefault(dep, set()).add(name)
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    clean = {m.name: True}
    for name in sorted(seen - {m.name}, key=rank.__getitem__, reverse=True):  # dependents first
        declared = all(d in by_name[name].slice for d in dims)
        clean[name] = declared and all(clean[p] for p in parents[name])
    return sorted((n for n in seen if n != m.name and clean[n]), key=rank.__getitem__)


def refresh_tables(
    con: duckdb.DuckDBPyConnection, changes: Changes | None = None, *, downstream: bool = True
) -> list[Refreshed]:
    """Recompute the stored models a write touched (views follow by themselves).

    ``changes`` None: every table in full (what a build does). ``downstream`` False: only the current
    versions (the models reading ``raw``), for a caller that recomputes the rest itself later.
    """
    models = discover_ordered()
    by_name = {m.name: m for m in models}
    if changes is None:
        touched: dict[str, Touch] = {m.name: ALL for m in models}
    else:  # only the current versions: the models that read raw.<dataset> (they read nothing else)
        touched = plan(con, changes, models if downstream else [m for m in models if m.sources])
    existing = _existing(con)
    catalog = '"' + con.sql("select current_database()").fetchall()[0][0].replace('"', '""') + '"'
    done: list[Refreshed] = []
    for m in models:
        touch = touched.get(m.name)
        if m.materialized != "table" or touch is None or (not downstream and not m.sources):
            continue
        started = time.perf_counter()
        narrowed: list[str] = []
        try:
            if touch == ALL or existing.get(m.name) != "BASE TABLE":
                if existing.get(m.name) == "VIEW":  # a mart built before the model was stored
                    con.execute(f"drop view {m.name}")
                con.execute(f"create or replace table {m.name} as\n{m.sql}")
                rows = con.execute(f"select count(*) from {m.name}").fetchall()[0][0]
                done.append(Refreshed(m.name, None, rows, time.perf_counter() - started))
                continue
            # the inputs, narrowed to the slice: temporary views under their names, which the
            # model and the views between read instead (the optimizer cannot always push a filter
            # on the model's output through unions, cross joins and windows of other dimensions)
            for name in narrowable(m, touch.dims, by_name):
                con.execute(
                    f"create temp view {name} as select * from {catalog}.main.{name} "
                    f"where {slice_filter(by_name[name], touch)}"
                )
                narrowed.append(name)
            where = slice_filter(m, touch)
            con.execute(f"delete from {m.name} where {where}")
            rows = con.execute(
                f"insert into {m.name} select * from (\n{m.sql}\n) as sliced where {where}"
            ).fetchall()[0][0]
            done.append(Refreshed(m.name, len(touch.values), rows, time.perf_counter() - started))
        except duckdb.Error as exc:
            raise ModelError(f"Model {_where(m)} failed: {exc}") from exc
        finally:
            for name in narrowed:
                con.execute(f"drop view if exists temp.main.{name}")
    for r in done:
        log.debug("refreshed %s (%s): %d rows in %.3f s", r.model, r.slices or "in full", r.rows, r.seconds)
    return done
