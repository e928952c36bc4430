"""``python -m mart rebuild``: recreate the data from the seeds and the kept original files.

Everything that did not come from a file (accounts, methodology versions, saved evaluations, the
upload log itself) is copied over; every accepted or revoked batch is replayed from its kept file,
in its recorded order, under its recorded batch id, and revocations are replayed where they
happened in that order, so each file is compared with the same earlier versions as the first time.
"""

from __future__ import annotations

import json
import os
import time

import duckdb

from mart.access import authstore
from mart.access.rules import Access
from mart.intake import ingest
from mart.platform import build, config, db, models


class RebuildError(RuntimeError):
    pass


def _kept_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    model_names = {m.name for m in models.discover()}
    rows = con.sql(
        "select table_name from information_schema.tables "
        "where table_catalog = 'old' and table_schema = 'main' and table_type = 'BASE TABLE'"
    ).fetchall()
    current = {
        r[0]
        for r in con.sql(
            "select table_name from information_schema.tables where table_catalog = current_database()"
            " and table_schema = 'main' and table_type = 'BASE TABLE'"
        ).fetchall()
    }
    # tables a later migration dropped (the accounts, now in their own store) are not copied back
    return [t for (t,) in rows if t not in model_names and t != "schema_migrations" and t in current]


def rebuild() -> dict[str, int | float]:
    started = time.perf_counter()
    source = config.db_path()
    if not source.exists():
        raise RebuildError(f"Нет витрины для пересборки: {source}")
    snapshot = source.with_name(f".{source.name}.rebuild-source-{os.getpid()}")
    report = build.BuildReport()
    replayed = 0
    with db.writer(fresh=True) as con:
        import shutil

        shutil.copyfile(source, snapshot)  # under the writer lock: nobody publishes meanwhile
        try:
            build.prepare_schema(con, report)
            con.sql(f"attach '{snapshot}' as old (read_only)")
            authstore.import_from_mart(con, "old.main")  # an old mart's accounts go to their own store
            kept = _kept_tables(con)
            for table in kept:
                con.sql(f"delete from main.{table}")  # the old file's rows win (e.g. methodology v1)
                con.sql(f"insert into main.{table} by name select * from old.main.{table}")
            # batches still to replay wait as 'pending'; each revocation is replayed right after the
            # last batch that existed when it was made (older logs: by time)
            batches = con.sql(
                "select batch_id, dataset, file_name, stored_file, mode, channel, scope_inst, uploaded_by,"
                " uploaded_at, status, options, coalesce(revoked_after_batch, (select max(p.batch_id) from upload_batches p"
                " where p.uploaded_at <= b.revoked_at)) from upload_batches as b"
                " where status in ('accepted', 'revoked') order by batch_id"
            ).fetchall()
            con.sql("update upload_batches set status = 'pending' where status in ('accepted', 'revoked')")
            con.sql("detach old")
            models.build_models(con)
            dataset_of = {b[0]: b[1] for b in batches}
            revocations = sorted((b[11], b[0]) for b in batches if b[9] == "revoked" and b[11] is not None)
            for (
                bid,
                dataset,
                file_name,
                stored,
                mode,
                channel,
                scope,
                who,
                _at,
                _status,
                opts,
                _after,
            ) in batches:
                while revocations and revocations[0][0] < bid:
                    _, rbid = revocations.pop(0)
                    con.sql(
                        "update upload_batches set status = 'revoked' where batch_id = $b", params={"b": rbid}
                    )
                    # later files are compared with the current versions: they follow each status change
                    models.refresh_tables(
                        con, models.Changes.of_batch(dataset_of[rbid], rbid), downstream=False
                    )
                path = config.uploads_dir() / str(stored).removeprefix("uploads/")
                if not stored or not path.exists():
                    raise RebuildError(
                        f"Пакет № {bid}: исходный файл «{file_name}» ({stored}) не найден в {config.uploads_dir()}"
                    )
                ctx = Access(role="operator", login=who, inst_code=scope)
                result = ingest.load_into(
                    con,
                    ctx,
                    dataset,
                    path.read_bytes(),
                    file_name,
                    mode=mode,
                    channel=channel,
                    batch_id=bid,
                    record=False,
                    refresh=False,
                    options=json.loads(opts) if opts else None,
                )
                if not result.accepted:
                    first = result.errors.head(3).to_dicts()
                    raise RebuildError(
                        f"Пакет № {bid} («{file_name}») не прошёл проверку при повторе: {first}"
                    )
                con.sql(
                    "update upload_batches set status = 'accepted' where batch_id = $b", params={"b": bid}
                )
                models.refresh_tables(con, models.Changes.of_batch(dataset, bid), downstream=False)
                replayed += 1
            for _, rbid in revocations:
                con.sql(
                    "update upload_batches set status = 'revoked' where batch_id = $b", params={"b": rbid}
                )
            build.finish(con, report)
        finally:
            snapshot.unlink(missing_ok=True)
    return {"batches_replayed": replayed, "seconds": time.perf_counter() - started}
