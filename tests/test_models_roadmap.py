"""Roadmap models on given rows, with expected rows computed by hand (today = 2026-11-26)."""

import datetime as dt

from mart.platform import models


def _seed_roadmap(con):
    con.sql(
        """
        insert into seed.roadmap_statuses values
            ('not_started', 'Не начато', 1, false), ('in_progress', 'Выполняется', 2, false),
            ('done', 'Выполнено', 3, true), ('cancelled', 'Отменено', 4, true);
        insert into seed.roadmap_executors values
            ('coordinator', 'Координатор', 'authority'), ('rkc', 'РКЦ', 'centre');
        insert into seed.roadmap_items
            (item_code, section_no, item_no, section_title, group_code, title, deadline_text,
             start_date, end_date, is_ongoing)
        values
            ('1.1', 1, 1, null, '1.1.1', 'A', 'Сентябрь 2019 года', '2019-09-01', '2019-09-30', false),
            ('5.1', 5, 1, 'S5', null, 'B', 'Январь- март 2019 года', '2019-01-01', '2019-03-31', false),
            ('5.11', 5, 11, 'S5', '5.2', 'C', 'Постоянно', null, null, true),
            ('8.4', 8, 4, 'S8', null, 'D', 'Август 2019 года', '2019-08-01', '2019-08-31', false),
            ('2.7', 2, 7, 'S2', null, 'E', 'Декабрь 2026 года', '2026-12-01', '2026-12-31', false);
        insert into seed.roadmap_item_executors values
            ('1.1', 'rkc', null), ('1.1', 'coordinator', null), ('5.11', 'rkc', null);
        """
    )


def _batch(con, batch_id, status="accepted"):
    con.sql(
        "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
        f" values ({batch_id}, 'roadmap_status', 'f{batch_id}.csv', 'upsert', 'coordinator',"
        f" timestamp '2020-01-01' + interval ({batch_id}) day, 'page', '{status}')"
    )


def test_roadmap_items_labels_and_executors(given):
    _seed_roadmap(given)
    models.build_models(given)
    rows = given.sql(
        "select item_code, item_label, executor_codes, executors, deadline_before_decree"
        " from roadmap_items order by section_no, item_no"
    ).fetchall()
    assert rows == [
        ("1.1", "п. 1.1", ["coordinator", "rkc"], "Координатор; РКЦ", False),
        ("2.7", "п. 2.7", [], None, False),
        ("5.1", "п. 5.1", [], None, True),
        ("5.11", "п. 5.11", ["rkc"], "РКЦ", False),
        ("8.4", "п. 8.4", [], None, True),
    ]


def test_roadmap_progress_status_and_overdue(given):
    _seed_roadmap(given)
    _batch(given, 1)
    _batch(given, 2)
    _batch(given, 3, status="revoked")
    given.sql(
        """
        insert into raw.roadmap_status (batch_id, row_no, op, item_code, status, progress_pct, status_date) values
            (1, 2, 'upsert', '1.1', 'in_progress', 50, '2019-09-10'),
            (2, 2, 'upsert', '1.1', 'done', 100, '2019-09-25'),
            (1, 3, 'upsert', '5.1', 'in_progress', 30, '2019-10-01'),
            -- a revoked batch does not count: 5.1 stays in progress and overdue
            (3, 2, 'upsert', '5.1', 'done', 100, '2019-11-01'),
            -- a report dated after today does not count yet
            (2, 3, 'upsert', '8.4', 'done', 100, '2027-01-01'),
            (2, 4, 'upsert', '5.11', 'in_progress', 40, '2020-01-15')
        """
    )
    models.build_models(given)
    rows = given.sql(
        "select item_code, status, progress_pct, is_overdue, days_overdue from roadmap_progress"
        " order by section_no, item_no"
    ).fetchall()
    today = dt.date(2026, 11, 26)
    assert rows == [
        ("1.1", "done", 100, False, None),
        ("2.7", "not_started", 0, False, None),  # due in December 2026: not yet
        ("5.1", "in_progress", 30, True, (today - dt.date(2019, 3, 31)).days),
        ("5.11", "in_progress", 40, False, None),  # ongoing measures are never overdue
        ("8.4", "not_started", 0, True, (today - dt.date(2019, 8, 31)).days),
    ]


def test_staging_keeps_latest_version_and_drops_retired(given):
    _seed_roadmap(given)
    _batch(given, 1)
    _batch(given, 2)
    given.sql(
        """
        insert into raw.roadmap_status (batch_id, row_no, op, item_code, status, progress_pct, status_date) values
            (1, 2, 'upsert', '1.1', 'in_progress', 50, '2019-09-10'),
            (2, 2, 'upsert', '1.1', 'in_progress', 70, '2019-09-10'),
            (1, 3, 'upsert', '5.1', 'in_progress', 30, '2019-10-01'),
            (2, 0, 'retire', '5.1', null, null, '2019-10-01')
        """
    )
    models.build_models(given)
    rows = given.sql(
        "select item_code, progress_pct, batch_id from stg_roadmap_status order by all"
    ).fetchall()
    assert rows == [("1.1", 70, 2)]
