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


# --- the read models of the roadmap page (sql/marts/roadmap/) ------------------------------------


def _given_reports(con):
    """1.1 done in 2019; 5.1 in progress since 2019 and done only in March 2026; 8.4's report is in
    the future; 5.11 (ongoing) in progress. Today is 26.11.2026, a year ago 26.11.2025."""
    _seed_roadmap(con)
    con.sql("update seed.roadmap_items set note = 'прочтено по скану' where item_code = '5.11'")
    _batch(con, 1)
    _batch(con, 2)
    con.sql(
        """
        insert into raw.roadmap_status
            (batch_id, row_no, op, item_code, status, progress_pct, status_date, evidence) values
            (1, 2, 'upsert', '1.1', 'in_progress', 50, '2019-09-10', null),
            (2, 2, 'upsert', '1.1', 'done', 100, '2019-09-25', 'Приказ № 1'),
            (1, 3, 'upsert', '5.1', 'in_progress', 30, '2019-10-01', null),
            (2, 3, 'upsert', '5.1', 'done', 100, '2026-03-01', null),
            (2, 4, 'upsert', '8.4', 'done', 100, '2027-01-01', null),
            (1, 4, 'upsert', '5.11', 'in_progress', 40, '2020-01-15', null)
        """
    )
    models.build_models(con)


def test_roadmap_measures_labels_flags_and_bars(given):
    _given_reports(given)
    rows = given.sql(
        "select item_code, section_label, group_label, responsible, flags, has_note, status, progress_pct,"
        " is_overdue, bar_label, bar_start, bar_end, bar_kind from roadmap_measures"
    ).fetchall()
    d = dt.date
    early, nobody = "срок начинается до подписания постановления (09.08.2019)", "исполнитель не указан"
    fixed, ongoing = "Срок по постановлению", "Постоянно (с подписания по сегодня)"
    assert rows == [
        ("1.1", "Раздел 1 (собственного заголовка в постановлении нет)", "группа 1.1.1", "— не указан —",
         None, False, "done", 100.0, False, "п. 1.1 — A", d(2019, 9, 1), d(2019, 9, 30), fixed),
        ("2.7", "Раздел 2. S2", "вне групп", "— не указан —",
         nobody, False, "not_started", 0.0, False, "п. 2.7 — E", d(2026, 12, 1), d(2026, 12, 31), fixed),
        ("5.1", "Раздел 5. S5", "вне групп", "— не указан —",
         f"{early}; {nobody}", False, "done", 100.0, False, "п. 5.1 — B", d(2019, 1, 1), d(2019, 3, 31), fixed),
        # ongoing: the bar runs from the decree's signing to today
        ("5.11", "Раздел 5. S5", "группа 5.2", "— не указан —",
         None, True, "in_progress", 40.0, False, "п. 5.11 — C", d(2019, 8, 9), d(2026, 11, 26), ongoing),
        # its only report is dated 01.01.2027: not started today, overdue since 31.08.2019
        ("8.4", "Раздел 8. S8", "вне групп", "— не указан —",
         f"{early}; {nobody}", False, "not_started", 0.0, True, "п. 8.4 — D", d(2019, 8, 1), d(2019, 8, 31), fixed),
    ]  # fmt: skip


def test_roadmap_year_ago_and_summary(given):
    _given_reports(given)
    then = given.sql(
        "select item_code, status, is_overdue, year_ago from roadmap_progress_year_ago"
    ).fetchall()
    ago = dt.date(2025, 11, 26)
    assert then == [
        ("1.1", "done", False, ago),
        ("2.7", "not_started", False, ago),  # due in December 2026
        ("5.1", "in_progress", True, ago),  # done only in March 2026
        ("5.11", "in_progress", False, ago),
        ("8.4", "not_started", True, ago),
    ]
    columns = (
        "measures, done, in_progress, not_started, cancelled, overdue, ongoing, avg_progress_pct,"
        " done_year_ago, overdue_year_ago, year_ago, as_of"
    )
    today = dt.date(2026, 11, 26)
    # everything: progress 100 + 0 + 100 + 40 + 0 over 5 measures
    assert given.sql(f"select {columns} from roadmap_summary").fetchall() == [
        (5, 2, 1, 2, 0, 1, 1, 48.0, 1, 2, ago, today)
    ]
    assert given.sql(f"select {columns} from roadmap_summary_at(p_section := 5)").fetchall() == [
        (2, 1, 1, 0, 0, 0, 1, 70.0, 0, 1, ago, today)
    ]
    # '-' stands for the measures that name no executor: 2.7, 5.1, 8.4
    assert given.sql(f"select {columns} from roadmap_summary_at(p_executor := '-')").fetchall() == [
        (3, 1, 0, 2, 0, 1, 0, 33.3, 0, 2, ago, today)
    ]
    assert given.sql(
        f"select {columns} from roadmap_summary_at(p_section := 5, p_executor := 'rkc')"
    ).fetchall() == [(1, 0, 1, 0, 0, 0, 1, 40.0, 0, 0, ago, today)]


def test_roadmap_sections_and_status_counts(given):
    _given_reports(given)
    untitled = "Раздел 1 (собственного заголовка в постановлении нет)"
    assert given.sql("select * from roadmap_sections").fetchall() == [
        (1, None, untitled, False, 1),
        (2, "S2", "Раздел 2. S2", True, 1),
        (5, "S5", "Раздел 5. S5", True, 2),
        (8, "S8", "Раздел 8. S8", True, 1),
    ]
    assert given.sql("select * from roadmap_section_progress").fetchall() == [
        # section, label, measures, done, in progress, not started, cancelled, overdue, avg progress
        (1, untitled, 1, 1, 0, 0, 0, 0, 100.0),
        (2, "Раздел 2. S2", 1, 0, 0, 1, 0, 0, 0.0),
        (5, "Раздел 5. S5", 2, 1, 1, 0, 0, 0, 70.0),
        (8, "Раздел 8. S8", 1, 0, 0, 1, 0, 1, 0.0),
    ]
    five = given.sql(
        "select section, status, measures from roadmap_section_status where section_no = 5"
    ).fetchall()
    assert five == [
        ("Раздел 5", "not_started", 0),
        ("Раздел 5", "in_progress", 1),
        ("Раздел 5", "done", 1),
        ("Раздел 5", "cancelled", 0),
    ]
    assert given.sql("select count(*), sum(measures) from roadmap_section_status").fetchall() == [(16, 5)]
    assert given.sql(
        "select status, status_label, is_closed, measures from roadmap_status_counts"
    ).fetchall() == [
        ("not_started", "Не начато", False, 2),
        ("in_progress", "Выполняется", False, 1),
        ("done", "Выполнено", True, 2),
        ("cancelled", "Отменено", True, 0),
    ]
    assert given.sql("select executor_code, measures from roadmap_executor_load").fetchall() == [
        ("rkc", 2),
        ("coordinator", 1),
    ]


def test_roadmap_oddities_and_history(given):
    _given_reports(given)
    odd = given.sql("select item_code, kind, detail from roadmap_oddities").fetchall()
    signed = "постановление подписано 09.08.2019"
    assert odd == [
        ("5.1", "Срок начинается до подписания постановления", f"Январь- март 2019 года (01.01.2019–31.03.2019), {signed}"),
        ("8.4", "Срок начинается до подписания постановления", f"Август 2019 года (01.08.2019–31.08.2019), {signed}"),
        ("2.7", "Исполнитель не указан", "В графе «Ответственный исполнитель» стоит текст документа; исполнитель не назван"),
        ("5.1", "Исполнитель не указан", "В графе «Ответственный исполнитель» стоит текст документа; исполнитель не назван"),
        ("8.4", "Исполнитель не указан", "В графе «Ответственный исполнитель» стоит текст документа; исполнитель не назван"),
        ("5.11", "Примечание расшифровки", "прочтено по скану"),
    ]  # fmt: skip
    history = given.sql(
        "select status_date, status, progress_pct, evidence, comment, batch_id, source, uploaded_by"
        " from roadmap_status_history where item_code = '1.1'"
    ).fetchall()
    assert history == [
        (dt.date(2019, 9, 25), "done", 100.0, "Приказ № 1", "", 2, "Загрузка файла", "coordinator"),
        (dt.date(2019, 9, 10), "in_progress", 50.0, "", "", 1, "Загрузка файла", "coordinator"),
    ]
