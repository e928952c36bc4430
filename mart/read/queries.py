"""Reading the mart for the read functions: ``read`` a model, ``cached`` results, small frame helpers.

Results are cached by what they read. Every write of the mart moves on the *data versions* of
what it changed (``mart.platform.db.touch``: a dataset such as ``graduates``, a seed table, a
stored table such as ``kpi_weights``); a cached result is kept while the versions of the data it
depends on stay the same, so an upload of graduates refreshes the employment figures and leaves
the championship figures (and every other session's cache of them) alone. The dependencies are
derived, not listed by hand: a model's come from the model runner's graph
(``mart.platform.models``) down to the ``raw.`` tables, seed tables and stored tables it reads; a
free-form query's from the names in its text. Reading the versions costs one tiny query per
published file per process.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import duckdb
import polars as pl

from mart.platform import config, db, models

_readers: dict[str, db.Reader] = {}
ANY = "*"  # depends on every write (a query that cannot be seen): keyed by the published file itself


def reader() -> db.Reader:
    path = config.db_path()
    key = str(path)
    if key not in _readers:
        _readers[key] = db.Reader(path)
    return _readers[key]


def where(frame: pl.DataFrame, **equal) -> pl.DataFrame:
    """The rows of ``frame`` whose columns equal the values given (a None value filters nothing)."""
    for column, value in equal.items():
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame


def year_on_year(rows: pl.DataFrame, year: int, key: str, column: str) -> pl.DataFrame:
    """The rows of ``year`` with ``<column>_prev`` (the same ``key`` a year earlier) and ``<column>_change``."""
    previous = rows.filter(pl.col("year") == year - 1).select(key, pl.col(column).alias(f"{column}_prev"))
    return (
        rows.filter(pl.col("year") == year)
        .join(previous, on=key, how="left")
        .with_columns((pl.col(column) - pl.col(f"{column}_prev")).alias(f"{column}_change"))
    )


def _frame(query: str, params: dict | None = None) -> pl.DataFrame:
    return reader().df(query, params)


# ---------------------------------------------------------------------------------------------
# What a query depends on.


@functools.cache
def _model_graph() -> dict[str, models.Model]:
    return {m.name: m for m in models.discover()}


def _strip(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


_QUALIFIED = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)")


@dataclasses.dataclass(frozen=True)
class _Tables:
    """The stored tables of a published file: (schema, name) pairs, and main's names by themselves."""

    qualified: frozenset[tuple[str, str]]
    schemas: frozenset[str]
    main: frozenset[str]


def _direct(sql: str, tables: _Tables, names: Iterable[str]) -> set[str]:
    """The version names a piece of SQL reads directly, and the models it reads (as ``model:<name>``)."""
    body = _strip(sql).lower()
    found: set[str] = set()
    for schema, name in _QUALIFIED.findall(body):
        if schema in tables.schemas and schema != "main":
            found.add(db.version_name(schema, name))
        elif schema == "main" and name in tables.main:
            found.add(name)
    for name in names:
        if name in body and re.search(rf"(?<![\w.]){re.escape(name)}(_at)?\b", body):
            found.add(name)
    return found


class _Catalogue:
    """The data versions and stored tables of one published file, and what each model depends on."""

    def __init__(self, stamp: tuple, versions: dict[str, int], tables: _Tables, epoch: int) -> None:
        self.stamp = stamp
        self.versions = versions
        self.tables = tables
        self.epoch = epoch
        self._of_model: dict[str, frozenset[str]] = {}

    def version(self, name: str) -> Any:
        if name != ANY and name in self.versions:
            return self.versions[name]
        return (self.stamp, self.epoch)  # not versioned: any write may have changed it

    def versions_of(self, deps: frozenset[str]) -> tuple:
        return (self.epoch, *(self.version(n) for n in sorted(deps)))

    def of_model(self, name: str) -> frozenset[str]:
        """The version names a model depends on, through the models it reads."""
        if name in self._of_model:
            return self._of_model[name]
        graph = _model_graph()
        model = graph[name]
        self._of_model[name] = frozenset({ANY})  # a cycle (the runner refuses those) stays safe
        deps: set[str] = set()
        direct = _direct(model.sql, self.tables, self.tables.main)
        datasets = {d for d in direct if "." not in d and d not in self.tables.main}
        if datasets:
            # a staging model joins raw.<dataset> with its batches: their log rows are the dataset's
            direct.discard("upload_batches")
        deps |= direct
        for other in model.depends:
            deps |= self.of_model(other)
        result = frozenset(deps or {ANY})
        self._of_model[name] = result
        return result

    def of_sql(self, sql: str) -> frozenset[str]:
        """What a free-form query depends on: the models and stored tables named in its text."""
        return _of_sql(sql, self)


def _of_sql(sql: str, cat: _Catalogue) -> frozenset[str]:
    graph = _model_graph()
    direct = _direct(sql, cat.tables, [*graph, *cat.tables.main])
    deps: set[str] = set()
    for name in direct:
        deps |= cat.of_model(name) if name in graph and name not in cat.tables.main else {name}
    return frozenset(deps or {ANY})


_catalogues: dict[str, _Catalogue] = {}
_catalogue_lock = threading.Lock()


def _catalogue() -> _Catalogue:
    """The current file's catalogue: re-read (two tiny queries) only when a new file is published."""
    r = reader()
    stamp = r.stamp
    key = str(r.path)
    cat = _catalogues.get(key)
    if cat is not None and cat.stamp == stamp:
        return cat
    with _catalogue_lock:
        cat = _catalogues.get(key)
        if cat is not None and cat.stamp == stamp:
            return cat
        cur = r._cursor()
        qualified = frozenset((s.lower(), t.lower()) for s, t in db.stored_tables(cur, "mart"))
        model_names = set(_model_graph())
        tables = _Tables(
            qualified,
            frozenset(s for s, _ in qualified),
            frozenset(t for s, t in qualified if s == "main" and t not in model_names),
        )
        try:
            versions = dict(cur.table(db.VERSIONS).project("name, version").fetchall())
        except duckdb.CatalogException:
            versions = {}  # a mart built before data versions: everything is keyed by the file
        epoch = 0
        if cat is not None:
            epoch = cat.epoch
            if versions and versions == cat.versions:
                epoch += 1  # a new file with no version moved: changed outside the writer, trust nothing
        fresh = _Catalogue(stamp, versions, tables, epoch)
        if cat is not None and cat.tables == tables:
            fresh._of_model = cat._of_model  # what a model depends on changes only with the tables
        _catalogues[key] = fresh
        return fresh


def depends_on(model_or_sql: str) -> frozenset[str]:
    """The data versions a model (by name) or a query (by its text) depends on; ``*`` for any write."""
    cat = _catalogue()
    if model_or_sql in _model_graph():
        return cat.of_model(model_or_sql)
    return cat.of_sql(model_or_sql)


def versions() -> dict[str, int]:
    """The data version of every dataset and versioned table in the published mart."""
    return dict(_catalogue().versions)


# ---------------------------------------------------------------------------------------------
# The cache.

CACHE_ENTRIES = 2048
CACHE_BYTES = 768 * 1024 * 1024  # results above this, together, make the oldest go


@dataclasses.dataclass
class _Entry:
    deps: frozenset[str]
    versions: tuple
    value: Any
    size: int


class _Cache:
    """One least-recently-used store for every cached function, bounded by entries and bytes."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, cat: _Catalogue) -> _Entry | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if entry.versions != cat.versions_of(entry.deps):
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: _Entry) -> None:
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = entry
            self._bytes += entry.size
            while self._items and (len(self._items) > CACHE_ENTRIES or self._bytes > CACHE_BYTES):
                self._drop(next(iter(self._items)))

    def _drop(self, key: tuple) -> None:
        entry = self._items.pop(key)
        self._bytes -= entry.size

    def clear(self, owner: object | None = None) -> None:
        with self._lock:
            for key in [k for k in self._items if owner is None or k[0] is owner]:
                self._drop(key)


_cache = _Cache()


def _size(value: Any) -> int:
    if isinstance(value, pl.DataFrame):
        return int(value.estimated_size())
    return 0


def _deps_of(reads: list, cat: _Catalogue) -> frozenset[str]:
    deps: set[str] = set()
    for item in reads:
        if item is None:
            deps.add(ANY)
        elif isinstance(item, frozenset):
            deps |= item
        else:
            deps |= cat.of_sql(item)
    return frozenset(deps or {ANY})


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        items = [_freeze(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, set | frozenset) else items)
    return value


def _cached_call(
    owner: object, key: tuple, compute: Callable[[], Any], deps: frozenset[str] | None = None
) -> Any:
    cat = _catalogue()
    full = (owner, str(reader().path), config.today(), *key)
    entry = _cache.get(full, cat)
    if entry is None:
        with db.recording() as reads:
            value = compute()
        found = deps if deps is not None else _deps_of(reads, cat)
        # the versions seen before the reads ran: a write published meanwhile only costs a re-read
        entry = _Entry(found, cat.versions_of(found), value, _size(value))
        _cache.put(full, entry)
    db.note(entry.deps)  # a cached function calling this one depends on the same data
    return entry.value


def cached(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Cache a read function by its arguments, "today" and the data versions of what it reads.

    What it reads is recorded while it runs: ``read`` calls (their models' dependencies),
    ``reader().df`` queries (the models and tables named in their text) and other cached functions
    it calls. A function that takes ``reader().cursor()`` cannot be seen into and is refreshed by
    any write, as before. Arguments must be hashable (``Access`` is).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _cached_call(wrapper, (args, tuple(sorted(kwargs.items()))), lambda: fn(*args, **kwargs))

    wrapper.cache_clear = lambda: _cache.clear(wrapper)  # type: ignore[attr-defined]
    return wrapper


# ---------------------------------------------------------------------------------------------
# read(): one model, filtered, ordered, cached.

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ORDER = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*(\s+(asc|desc))?(\s+nulls\s+(first|last))?\s*$", re.I)
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NOT_IN_A_FILTER = ("select", "from", "join", "union", "attach", "copy", "pragma", "install", "load")
_FORBIDDEN = re.compile(rf"\b({'|'.join(_NOT_IN_A_FILTER)})\b|;", re.I)


class ReadError(ValueError):
    """A call of ``read`` that names something that is not there (a programming error, in English)."""


def _ident(name: str, what: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ReadError(f"read(): {what} must be a plain name, not {name!r}")
    return f'"{name}"'


def _relation(model: str, at: Mapping[str, Any] | None, bind: dict[str, Any]) -> str:
    schema, _, name = model.rpartition(".")
    if schema and schema not in ("seed", "raw"):
        raise ReadError(f"read(): {model!r}: only models, seed.<table> and raw.<dataset> can be read")
    _ident(name, "the model")
    if at:
        if schema or name not in _model_graph() or not _model_graph()[name].params:
            raise ReadError(f"read(): {model!r} takes no parameters (its header has no params)")
        args = []
        for i, (param, value) in enumerate(at.items()):
            _ident(param, "a parameter")
            bind[f"_at{i}"] = value
            args.append(f"{param} := $_at{i}")
        return f"{name}_at({', '.join(args)})"
    return f"{schema}.{name}" if schema else name


def _condition(where: Mapping[str, Any] | str | None, params: Mapping[str, Any] | None, bind: dict) -> str:
    if where is None:
        if params:
            raise ReadError("read(): params are for a where condition given as text")
        return ""
    if isinstance(where, str):
        if _FORBIDDEN.search(where):
            raise ReadError(f"read(): the condition is a filter, not a query: {where!r}")
        for name in _DOLLAR.findall(where):
            if not params or name not in params:
                raise ReadError(f"read(): ${name} in the condition has no value in params")
        bind.update(params or {})
        return f" where {where}"
    parts = []
    for i, (column, value) in enumerate(where.items()):
        col = _ident(column, "a column")
        if value is None:
            continue  # as queries.where: None filters nothing
        if isinstance(value, list | tuple | set | frozenset):
            bind[f"_w{i}"] = list(value)
            parts.append(f"list_contains($_w{i}, {col})")
        else:
            bind[f"_w{i}"] = value
            parts.append(f"{col} = $_w{i}")
    return f" where {' and '.join(parts)}" if parts else ""


def read(
    model: str,
    *,
    where: Mapping[str, Any] | str | None = None,
    params: Mapping[str, Any] | None = None,
    order: str | Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
    at: Mapping[str, Any] | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """The rows of one SQL model as polars, filtered and ordered, cached by the data it depends on.

    The way a read function gets its figures: the figure is defined in the model's file
    (``sql/marts/<domain>/<model>.sql``); the function filters by its parameters, then applies
    access and small-cell protection (``mart.access.rules``, ``mart.access.privacy``) and labels in Russian.
    ``read`` checks no access: filter by the caller's scope here (``where={"inst_code": ...}``) or
    after.

    - ``model``: a model's name (its file's stem), a stored table (``upload_batches``), or
      ``seed.<table>`` / ``raw.<dataset>``.
    - ``where``: a dict of column → value, all of which must hold: a value compares with ``=``, a
      list/tuple/set means "one of" (an empty one matches nothing), ``None`` filters nothing (so an
      optional filter can be passed as it is); or a condition as text with ``$name`` placeholders
      bound from ``params`` (``where="year between $a and $b", params={"a": 2021, "b": 2024}``) —
      a filter only (no select, from, join or ``;``); values always go through ``params``.
    - ``order``: ``"year desc, inst_code"`` or a list of such items (a column, optionally
      ``asc``/``desc`` and ``nulls first``/``nulls last``).
    - ``columns``: the columns to return (default: all), in this order.
    - ``at``: values for a model with ``params`` in its header, read through its macro
      (``read("staffing_balance", at={"completion_rate": 0.9})`` reads
      ``staffing_balance_at(completion_rate := 0.9)``).
    - ``limit``: at most this many rows.

    The result is cached by these arguments, "today" (``MART_TODAY``) and the data versions of the
    datasets, seed tables and stored tables the model depends on, found through the model runner's
    graph: an upload of another dataset keeps it, an upload (or revocation) of one of its datasets
    refreshes it. The frame returned may be shared with other callers: derive new frames from it
    (polars does), never change it in place. A cached function that calls ``read`` depends on the
    same data. Names that are not plain identifiers, and models that do not exist, raise ``ReadError``.

    For example, a college sees its own rows, the region all of them::

        rows = queries.read(
            "kpi_values",
            where={"year": year, "inst_code": ctx.inst_code},  # None for the region: no filter
            order="inst_code, indicator_code",
        )
    """
    bind: dict[str, Any] = {}
    relation = _relation(model, at, bind)
    cols = ", ".join(_ident(c, "a column") for c in columns) if columns is not None else "*"
    if columns is not None and not cols:
        raise ReadError("read(): columns must name at least one column")
    condition = _condition(where, params, bind)
    items = [order] if isinstance(order, str) else list(order or [])
    items = [part for item in items for part in item.split(",")]
    for item in items:
        if not _ORDER.match(item):
            raise ReadError(f"read(): cannot order by {item!r}")
    ordering = f" order by {', '.join(i.strip() for i in items)}" if items else ""
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ReadError(f"read(): limit must be a whole number, not {limit!r}")
    tail = f" limit {limit}" if limit is not None else ""
    query = f"select {cols} from {relation}{condition}{ordering}{tail}"

    name = model.rpartition(".")[2]
    schema = model.rpartition(".")[0]
    cat = _catalogue()
    if not schema and name in _model_graph():
        deps = cat.of_model(name)
    elif schema:
        deps = frozenset({db.version_name(schema, name)})
    elif name in cat.tables.main:
        deps = frozenset({name})
    else:
        raise ReadError(f"read(): there is no model {model!r} (see sql/staging and sql/marts)")
    key = (query, _freeze(bind))
    return _cached_call(read, key, lambda: reader().df_untracked(query, bind or None), deps)


read.cache_clear = lambda: _cache.clear(read)  # type: ignore[attr-defined]


@cached
def _demo_batches() -> pl.DataFrame:
    return read(
        "upload_batches", where="channel = 'demo' and status = 'accepted'", columns=["batch_id"], limit=1
    )


def has_demo_data() -> bool:
    """Whether the mart holds the fictional demo region (said on every screen)."""
    return _demo_batches().height > 0
