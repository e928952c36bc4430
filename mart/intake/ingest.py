"""The one ingestion path: page uploads, the CLI, the roadmap form and the demo data all land here.

A file is read, checked in full and then either stored whole, in one transaction, or refused whole
with every error listed; either way the attempt is recorded in ``upload_batches``. Landing tables
keep every version of every row (tagged with its batch); the current version of each row (the
latest among batches that are not revoked) is stored in ``stg_<dataset>``, refreshed in the same
write for the slices the file touches, with the stored models those feed (``models.refresh_tables``).
The original file is kept under ``uploads/<sha256><ext>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import polars as pl

from mart.access.rules import Access, AccessDenied, require
from mart.intake import collections, datasets
from mart.intake.datasets import Dataset
from mart.intake.filereader import FileProblem, RawTable, extension, limits_for, read_table
from mart.intake.validate import Validation, errors_frame, validate
from mart.platform import config, db, models
from mart.read.queries import reader

Progress = Callable[[float, str], None]
COMBINE_AT_MOST_BYTES = 2 * 1024 * 1024  # files up to this size may join a write under way (db.writer)
# what an accepted file writes besides its rows: the upload log and the collections it delivers to
LOG_TABLES = ("upload_batches", "upload_errors", "batch_coverage", "collections", "collection_log")
log = logging.getLogger(__name__)


@dataclass
class LoadResult:
    dataset: str
    file_name: str
    status: str  # accepted | rejected | preview
    batch_id: int | None = None
    rows: int = 0
    rows_new: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    rows_retired: int = 0
    errors: pl.DataFrame = field(default_factory=errors_frame)
    warnings: pl.DataFrame = field(default_factory=errors_frame)
    duplicate_of: int | None = None
    preview: pl.DataFrame | None = None
    encoding: str | None = None
    sheet: str | None = None  # the sheet of a workbook that was read
    error_total: int | None = None  # errors found (more than those kept when over the cap)

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    @property
    def errors_found(self) -> int:
        return self.error_total if self.error_total is not None else self.errors.height

    def summary_ru(self) -> str:
        if self.status == "failed":  # nothing could be written, not even the record of the attempt
            reason = self.errors.get_column("reason")[0] if self.errors.height else ""
            return f"Файл «{self.file_name}» не загружен. {reason}"
        if self.status == "rejected":
            more = (
                f" (показаны первые {self.errors.height - 1})"
                if self.errors_found > self.errors.height
                else ""
            )
            return (
                f"Файл «{self.file_name}» отклонён целиком: ошибок — {self.errors_found}{more}. "
                "Ничего не сохранено, кроме записи о попытке."
            )
        head = "Файл принят" if self.status == "accepted" else "Проверка пройдена"
        unit = "ячеек формы" if self.dataset == "employment_form" else "строк"
        text = (
            f"{head}: {unit} {self.rows}; новых {self.rows_new}, заменено {self.rows_replaced}, "
            f"без изменений {self.rows_unchanged}, выбыло из среза {self.rows_retired}."
        )
        if self.duplicate_of:
            text += f" Этот же файл уже загружался (пакет № {self.duplicate_of}): данные не изменились."
        return text


def _noop(_f: float, _t: str) -> None:
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_name(data: bytes, file_name: str) -> str:
    return f"{_sha256(data)}{extension(file_name) or '.bin'}"


def _keep_original(data: bytes, file_name: str) -> str:
    name = stored_name(data, file_name)
    target = config.uploads_dir() / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.part")  # the pid tells a stale one apart
        tmp.write_bytes(data)
        tmp.replace(target)
    return f"uploads/{name}"


@dataclass
class Checked:
    validation: Validation | None  # None when the file could not be read
    errors: pl.DataFrame
    encoding: str | None = None
    sheet: str | None = None
    error_total: int | None = None


def mode_for(dataset: str, mode: str) -> str:
    """The mode a file of ``dataset`` is loaded in (a federal form is always the complete slice)."""
    ds = datasets.DATASETS.get(dataset)
    return "replace" if ds is not None and ds.replace_only else mode


def check(
    con: duckdb.DuckDBPyConnection,
    ctx: Access,
    dataset: str,
    data: bytes,
    file_name: str,
    mode: str = "upsert",
    options: dict | None = None,
    table: RawTable | Checked | None = None,
) -> Checked:
    """Read (within the dataset's limits) and validate.

    ``options`` are what the upload says besides the file (the federal form's reporting year);
    ``table``: the file already read (``read``).
    """
    if table is None:
        table = read(ctx, dataset, data, file_name)
    if isinstance(table, Checked):  # unreadable
        return table
    v = validate(con, ctx, dataset, table, mode, file_name, options)
    return Checked(v, v.errors, table.encoding, table.sheet, v.error_total)


def read(
    ctx: Access, dataset: str, data: bytes, file_name: str, *, large: bool = False
) -> RawTable | Checked:
    """The file as a table within the dataset's limits, or its refusal (a ``Checked`` with the error).

    ``large``: the server's operator loads a national export (``python -m mart load --large``), with
    the operator's caps (``filereader.OPERATOR_MAX_ROWS``, ``OPERATOR_MAX_BYTES``); asked by anyone
    else it changes nothing.

    Needs no connection: ``load`` reads a file before it takes the writer lock, so that parsing a
    big or hostile file never keeps other writes waiting."""
    try:
        ds = datasets.get(dataset)
    except KeyError as exc:
        return Checked(None, _one_error(str(exc.args[0])))
    try:
        if ds.reader == "employment_form" and ctx.can_upload(dataset):
            from mart.intake import fedform

            return fedform.read_form(data, file_name)
        return read_table(
            data, file_name, limits_for(len(ds.columns), operator=large and ctx.role == "operator")
        )
    except FileProblem as exc:
        return Checked(None, _one_error(str(exc), exc.row))


def _one_error(reason: str, row: int | None = None) -> pl.DataFrame:
    return errors_frame([{"row_no": row, "column_name": None, "value": None, "reason": reason}])


def _diff(con: duckdb.DuckDBPyConnection, ds: Dataset, clean: pl.DataFrame, mode: str) -> dict[str, int]:
    """Classify incoming rows against the current versions; leaves temp tables incoming/retiring."""
    cols = ds.column_names
    con.execute(
        f"create or replace temp table incoming as select * exclude (batch_id, op) from raw.{ds.name} limit 0"
    )
    con.register("incoming_frame", clean.rename({"__row": "row_no"}))
    con.execute(f"insert into incoming by name select {', '.join(cols)}, row_no from incoming_frame")
    con.unregister("incoming_frame")
    # an optional key column may be empty (admissions not split by base education): compare null-safely
    keys = " and ".join(f"i.{k} is not distinct from c.{k}" for k in ds.key)
    same = " and ".join(f"i.{c} is not distinct from c.{c}" for c in cols)
    # the current versions of the file's slices only (its keys are in them), not the whole table
    current = f"stg_{ds.name}"
    touched = f"(select * from {current} where {models.filter_from(con, current, 'incoming')})"
    con.execute(
        f"""
        create or replace temp table incoming_class as
        select i.row_no,
               case when c.{ds.key[0]} is null then 'new' when {same} then 'unchanged' else 'replaced' end as cls
        from incoming as i
        left join {touched} as c on {keys}
        """
    )
    counts = dict(con.execute("select cls, count(*) from incoming_class group by cls").fetchall())
    retired = 0
    if mode == "replace":
        slice_match = " and ".join(f"s.{k} = c.{k}" for k in ds.slice)
        key_cols = ", ".join(f"c.{k}" for k in ds.key)
        slice_cols = ", ".join(f"c.{k}" for k in ds.slice if k not in ds.key)
        sel = key_cols + (f", {slice_cols}" if slice_cols else "")
        # what the file's replace slices hold now (narrowed by the slice columns both share)
        holding = f"(select * from {current} where {models.filter_from(con, current, 'incoming', ds.slice)})"
        con.execute(
            f"""
            create or replace temp table retiring as
            select {sel}
            from {holding} as c
            where exists (select 1 from (select distinct {", ".join(ds.slice)} from incoming) as s where {slice_match})
              and not exists (select 1 from incoming as i where {keys})
            """
        )
        retired = con.execute("select count(*) from retiring").fetchall()[0][0]
    return {
        "rows_new": counts.get("new", 0),
        "rows_replaced": counts.get("replaced", 0),
        "rows_unchanged": counts.get("unchanged", 0),
        "rows_retired": retired,
    }


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select coalesce(max(batch_id), 0) + 1 from upload_batches").fetchall()[0][0]


def _record_batch(
    con: duckdb.DuckDBPyConnection, row: dict, errors: pl.DataFrame, warnings: pl.DataFrame
) -> None:
    cols = ", ".join(row)
    con.execute(f"insert into upload_batches ({cols}) values ({', '.join('$' + k for k in row)})", row)
    notes = pl.concat(
        [
            errors.with_columns(pl.lit("error").alias("severity")),
            warnings.with_columns(pl.lit("warning").alias("severity")),
        ]
    ).with_row_index("error_no", offset=1)
    if notes.height:
        con.register("notes_frame", notes.with_columns(pl.lit(row["batch_id"]).alias("batch_id")))
        con.execute(
            "insert into upload_errors (batch_id, error_no, row_no, column_name, value, reason, severity) "
            "select batch_id, error_no, row_no, column_name, value, reason, severity from notes_frame"
        )
        con.unregister("notes_frame")


def load_into(
    con: duckdb.DuckDBPyConnection,
    ctx: Access,
    dataset: str,
    data: bytes,
    file_name: str,
    *,
    mode: str = "upsert",
    channel: str = "cli",
    batch_id: int | None = None,
    uploaded_at: dt.datetime | None = None,
    record: bool = True,
    refresh: bool = True,
    progress: Progress = _noop,
    options: dict | None = None,
    table: RawTable | Checked | None = None,
) -> LoadResult:
    """Validate and store one file inside an open writer connection (see ``load`` for the usual way)."""
    progress(0.1, "Чтение и проверка файла")
    mode = mode_for(dataset, mode)
    checked = check(con, ctx, dataset, data, file_name, mode, options, table)
    v, errors, encoding = checked.validation, checked.errors, checked.encoding
    total = checked.error_total if checked.error_total is not None else errors.height
    sha = _sha256(data)
    stored = _keep_original(data, file_name) if len(data) and v is not None else None
    base = {
        "dataset": dataset,
        "file_name": file_name,
        "sha256": sha,
        "size_bytes": len(data),
        "mode": mode,
        "scope_inst": ctx.inst_code,
        "uploaded_by": ctx.who,
        "uploaded_at": uploaded_at or config.now(),
        "channel": channel,
        "stored_file": stored,
        "options": json.dumps(options, ensure_ascii=False, sort_keys=True) if options else None,
    }
    if v is None or not v.ok:
        bid = batch_id or _next_batch_id(con)
        if record:
            db.touch(con, "upload_batches", "upload_errors")  # the data versions a refusal moves on
            _record_batch(
                con,
                {
                    **base,
                    "batch_id": bid,
                    "rows": v.clean.height if v and v.clean is not None else None,
                    "status": "rejected",
                    "error_count": total,
                },
                errors,
                errors_frame(),
            )
        return LoadResult(
            dataset,
            file_name,
            "rejected",
            bid,
            errors=errors,
            encoding=encoding,
            sheet=checked.sheet,
            error_total=total,
        )

    progress(0.5, "Сравнение с уже загруженными данными")
    ds, clean = v.dataset, v.clean
    counts = _diff(con, ds, clean, mode)
    bid = batch_id or _next_batch_id(con)
    duplicate = con.execute(
        "select min(batch_id) from upload_batches where sha256 = $s and dataset = $d and status = 'accepted'",
        {"s": sha, "d": dataset},
    ).fetchall()[0][0]

    progress(0.7, "Сохранение")
    db.touch(con, dataset, "upload_batches", "upload_errors")  # the data versions this file moves on
    cols = ", ".join(ds.column_names)
    # Every row of an accepted file is stored under its batch, unchanged ones too, so that revoking
    # an earlier batch never takes away a row a later file repeats. Only a file identical to a batch
    # that is still accepted, with nothing changed, stores nothing: it is recognised as a repeat.
    repeat = duplicate is not None and counts["rows_unchanged"] == clean.height and not counts["rows_retired"]
    if not repeat:
        con.execute(
            f"insert into raw.{ds.name} (batch_id, row_no, op, {cols}) "
            f"select {bid}, i.row_no, 'upsert', {', '.join('i.' + c for c in ds.column_names)} from incoming as i"
        )
    if mode == "replace" and counts["rows_retired"]:
        retire_cols = con.sql("select * from retiring limit 0").columns
        con.execute(
            f"insert into raw.{ds.name} (batch_id, row_no, op, {', '.join(retire_cols)}) "
            f"select {bid}, 0, 'retire', {', '.join(retire_cols)} from retiring"
        )
    inst_values = clean.get_column(ds.inst_column).unique().drop_nulls().to_list() if ds.inst_column else []
    if record:
        _record_batch(
            con,
            {
                **base,
                "batch_id": bid,
                "inst_code": inst_values[0] if len(inst_values) == 1 else None,
                "rows": clean.height,
                **counts,
                "status": "accepted",
                "error_count": 0,
                "note": f"повтор файла пакета № {duplicate}" if repeat else None,
            },
            errors_frame(),
            v.warnings,
        )
        if not repeat:
            collections.record_batch(con, dataset, bid, ctx.who, channel)
    if not repeat and (record or refresh):
        # the current versions of the slices the file touched, and (refresh) the stored models they feed;
        # with record=False the caller owns the batch's status and refreshes once it has set it
        progress(0.85, "Обновление витрины")
        models.refresh_tables(con, models.Changes.of_batch(ds.name, bid, LOG_TABLES), downstream=refresh)
    progress(1.0, "Готово")
    return LoadResult(
        dataset,
        file_name,
        "accepted",
        bid,
        rows=clean.height,
        warnings=v.warnings,
        duplicate_of=duplicate if repeat else None,
        encoding=encoding,
        sheet=checked.sheet,
        **counts,
    )


def preview(
    ctx: Access,
    dataset: str,
    data: bytes,
    file_name: str,
    mode: str = "upsert",
    options: dict | None = None,
) -> LoadResult:
    """Check a file against the published mart without storing anything (the page's first step)."""
    con = reader().cursor()
    try:
        mode = mode_for(dataset, mode)
        checked = check(con, ctx, dataset, data, file_name, mode, options)
        v = checked.validation
        if v is None or not v.ok:
            return LoadResult(
                dataset,
                file_name,
                "preview",
                errors=checked.errors,
                encoding=checked.encoding,
                sheet=checked.sheet,
                error_total=checked.error_total,
            )
        counts = _diff(con, v.dataset, v.clean, mode)
    except (db.MartMissing, AccessDenied):
        raise
    except Exception as exc:  # a failure of ours or of a library on this file: a message, never a traceback
        log.exception("checking %s (%s) failed", file_name, dataset)
        return LoadResult(dataset, file_name, "preview", errors=_one_error(_internal_ru(file_name, exc)))
    return LoadResult(
        dataset,
        file_name,
        "preview",
        rows=v.clean.height,
        warnings=v.warnings,
        preview=v.clean.head(20),
        encoding=checked.encoding,
        sheet=checked.sheet,
        **counts,
    )


def _internal_ru(file_name: str, exc: BaseException) -> str:
    return (
        f"Файл «{file_name}» не удалось проверить: внутренняя ошибка системы ({type(exc).__name__}). "
        "Ничего не сохранено. Сообщите координатору номер пакета из журнала загрузок."
    )


def load(
    ctx: Access,
    dataset: str,
    data: bytes,
    file_name: str,
    *,
    mode: str = "upsert",
    channel: str = "cli",
    progress: Progress = _noop,
    options: dict | None = None,
    large: bool = False,
) -> LoadResult:
    """Validate and store a file as one write of the mart; a refused file is recorded as rejected.

    ``large``: the operator's national export may exceed the caps of uploads (see ``read``).

    Never raises for the file's sake: an unreadable or hostile file is refused with a Russian message;
    a failure inside reading, checking or storing is recorded as a rejected attempt (the partial write
    is discarded); a full disk or a read-only data folder comes back as status ``failed`` with the
    reason, since then not even the attempt can be recorded.
    """
    ds = datasets.DATASETS.get(dataset)
    progress = _unstoppable(progress)
    # behind another write: wait as long as it takes (never lost, never timed out), saying so; a small
    # file joins a write of this process under way rather than copy and publish the mart once more
    # (a big one takes its own turn: the write it joined would wait for it before it is published)
    combine = len(data) <= COMBINE_AT_MOST_BYTES
    wait = {"timeout": None, "waiting": lambda w: progress(0.0, w.text_ru), "combine": combine}
    try:
        progress(0.05, "Чтение файла")
        table = read(
            ctx, dataset, data, file_name, large=large
        )  # before the lock: parsing never holds up other writes
        with db.writer(**wait, what=f"набор «{ds.title_ru}»" if ds else None) as con:
            return load_into(
                con,
                ctx,
                dataset,
                data,
                file_name,
                mode=mode,
                channel=channel,
                progress=progress,
                options=options,
                table=table,
            )
    except db.StorageError as exc:
        return LoadResult(dataset, file_name, "failed", errors=_one_error(str(exc)))
    except (db.MartMissing, AccessDenied):
        raise
    except Exception as exc:
        log.exception("loading %s (%s) failed", file_name, dataset)
        reason = _internal_ru(file_name, exc)
    return _record_failure(ctx, dataset, data, file_name, mode, channel, reason)


def _unstoppable(progress: Progress) -> Progress:
    """``progress`` whose failures never stop the upload (a page that reruns while it waits or writes)."""
    stopped = []

    def report(fraction: float, text: str) -> None:
        if stopped:
            return
        try:
            progress(fraction, text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # e.g. Streamlit's rerun: the page comes back once the file is in
            log.info("upload progress no longer shown: %r", exc)
            stopped.append(exc)

    return report


def _record_failure(
    ctx: Access, dataset: str, data: bytes, file_name: str, mode: str, channel: str, reason: str
) -> LoadResult:
    """Record an attempt that failed inside the system as rejected, with the reason."""
    errors = _one_error(reason)
    try:
        with db.writer() as con:
            bid = _next_batch_id(con)
            _record_batch(
                con,
                {
                    "batch_id": bid,
                    "dataset": dataset,
                    "file_name": file_name,
                    "sha256": _sha256(data),
                    "size_bytes": len(data),
                    "mode": mode,
                    "scope_inst": ctx.inst_code,
                    "uploaded_by": ctx.who,
                    "uploaded_at": config.now(),
                    "channel": channel,
                    "stored_file": None,
                    "status": "rejected",
                    "error_count": 1,
                },
                errors,
                errors_frame(),
            )
    except db.StorageError as exc:
        return LoadResult(dataset, file_name, "failed", errors=_one_error(f"{reason} {exc}"))
    return LoadResult(dataset, file_name, "rejected", bid, errors=errors, error_total=1)


def revoke(ctx: Access, batch_id: int) -> None:
    """Withdraw an accepted batch: its rows leave the current versions and the earlier versions come back."""
    require(ctx, "manage")
    with db.writer() as con:
        revoke_into(con, ctx, batch_id)


def revoke_into(con: duckdb.DuckDBPyConnection, ctx: Access, batch_id: int) -> None:
    """``revoke`` inside an open writer connection."""
    require(ctx, "manage")
    found = con.sql(
        "select status, dataset from upload_batches where batch_id = $b", params={"b": batch_id}
    ).fetchall()
    if not found:
        raise LookupError(f"Пакета № {batch_id} нет.")
    if found[0][0] != "accepted":
        raise ValueError(
            f"Пакет № {batch_id} имеет статус «{found[0][0]}»: отозвать можно только принятый пакет."
        )
    db.touch(con, found[0][1], "upload_batches")  # the data versions a revocation moves on
    con.sql(
        "update upload_batches set status = 'revoked', revoked_by = $u, revoked_at = $t,"
        " revoked_after_batch = (select max(batch_id) from upload_batches) where batch_id = $b",
        params={"u": ctx.who, "t": config.now(), "b": batch_id},
    )
    # the batch's slices are recomputed from the versions that remain
    models.refresh_tables(con, models.Changes.of_batch(found[0][1], batch_id, ["upload_batches"]))
