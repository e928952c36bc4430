"""The upload log's models (sql/marts/intake/) on given rows, expected rows worked out by hand."""

import datetime as dt
import re
from pathlib import Path

from mart.intake import datasets
from mart.platform import models

FRESHNESS = Path(__file__).resolve().parent.parent / "sql" / "marts" / "intake" / "upload_freshness.sql"


def _given_uploads(con):
    con.sql(
        """
        insert into upload_batches
            (batch_id, dataset, inst_code, scope_inst, file_name, mode, uploaded_by, uploaded_at, channel,
             status, rows, error_count) values
            (1, 'graduates', null, null, 'all.csv', 'upsert', 'anna', timestamp '2025-11-20 10:00', 'cli', 'accepted', 3, 0),
            (2, 'graduates', 'POO-02', 'POO-02', 'b.csv', 'upsert', 'poo02', timestamp '2025-12-05 09:00', 'page', 'rejected', 2, 2),
            (3, 'graduates', null, 'POO-01', 'c.csv', 'upsert', 'poo01', timestamp '2026-11-01 12:00', 'page', 'accepted', 1, 0),
            (4, 'roadmap_status', null, null, 'form.csv', 'upsert', 'anna', timestamp '2026-11-02 08:00', 'form', 'accepted', 1, 0),
            (5, 'graduates', null, 'POO-02', 'd.csv', 'upsert', 'poo02', timestamp '2026-11-03 08:00', 'page', 'revoked', 1, 0);
        insert into upload_errors (batch_id, error_no, row_no, column_name, value, reason, severity) values
            (2, 1, 3, 'status', 'x', 'Неизвестный статус.', 'error'),
            (2, 2, null, null, null, 'Файл пуст наполовину.', 'warning'),
            (2, 3, 4, 'status', 'y', 'Неизвестный статус.', 'error'),
            (3, 1, 2, 'retained_4m', '', 'Не указано.', 'warning');
        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, graduate_id) values
            (1, 2, 'upsert', 'POO-01', 2025, 'G1'), (1, 3, 'upsert', 'POO-01', 2025, 'G2'),
            (1, 4, 'upsert', 'POO-02', 2025, 'G3'),
            (3, 2, 'upsert', 'POO-01', 2026, 'G4'),
            (5, 2, 'upsert', 'POO-02', 2026, 'G5');
        insert into raw.roadmap_status (batch_id, row_no, op, item_code, status, status_date) values
            (4, 2, 'upsert', '1.1', 'done', '2026-11-02');
        """
    )
    models.build_models(con)


def test_upload_history_counts_warnings_and_names_the_institution(given):
    _given_uploads(given)
    rows = given.sql(
        "select batch_id, inst_code, batch_inst_code, scope_inst, status, error_count, warning_count"
        " from upload_history"
    ).fetchall()
    assert rows == [
        (5, "POO-02", None, "POO-02", "revoked", 0, 0),
        (4, None, None, None, "accepted", 0, 0),
        # a file bound to POO-01's account names POO-01
        (3, "POO-01", None, "POO-01", "accepted", 0, 1),
        (2, "POO-02", "POO-02", "POO-02", "rejected", 2, 1),
        (1, None, None, None, "accepted", 0, 0),
    ]


def test_upload_notes_put_errors_before_warnings(given):
    _given_uploads(given)
    rows = given.sql("select error_no, row_no, severity from upload_notes where batch_id = 2").fetchall()
    assert rows == [(1, 3, "error"), (3, 4, "error"), (2, None, "warning")]


def test_upload_freshness_counts_accepted_batches_only(given):
    _given_uploads(given)
    rows = given.sql(
        "select dataset, inst_code, last_upload_at, last_batch_id from upload_freshness"
    ).fetchall()
    t = dt.datetime
    assert rows == [
        ("graduates", "POO-01", t(2026, 11, 1, 12), 3),
        # POO-02's own file was rejected and its next one revoked: the coordinator's file of 2025 counts
        ("graduates", "POO-02", t(2025, 11, 20, 10), 1),
        # the roadmap's status names no institution
        ("roadmap_status", None, t(2026, 11, 2, 8), 4),
    ]
    region = given.sql("select dataset, last_upload_date from upload_freshness_region").fetchall()
    assert region == [("graduates", dt.date(2026, 11, 1)), ("roadmap_status", dt.date(2026, 11, 2))]


def test_upload_freshness_lists_every_dataset():
    text = FRESHNESS.read_text(encoding="utf-8")
    listed = dict(
        re.findall(
            r"'([a-z_]+)' as dataset, (inst_code|cast\(null as varchar\) as inst_code) from raw\.\1\b", text
        )
    )
    assert set(listed) == set(datasets.DATASETS)
    for name, ds in datasets.DATASETS.items():
        assert (listed[name] == "inst_code") == (ds.inst_column == "inst_code"), name
