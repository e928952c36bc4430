"""Completeness views on given rows, expected rows worked out by hand (today = 2026-11-26)."""

import datetime as dt
import re
from pathlib import Path

from mart.platform import models

REPO = Path(__file__).resolve().parent.parent


def _given_collections(con):
    con.sql(
        """
        insert into seed.collection_rules values
            ('graduates', 'Трудоустройство выпускников', 'colleges', null, null, 1),
            ('championship_results', 'Результаты чемпионатов', 'single', 'RKC', 'РКЦ', 2);
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status) values
            (1, 'graduates', 'a.csv', 'upsert', 'poo01', timestamp '2025-11-20 10:00', 'page', 'accepted'),
            (2, 'graduates', 'b.csv', 'upsert', 'poo03', timestamp '2025-12-05 09:00', 'page', 'accepted'),
            (3, 'graduates', 'c.csv', 'upsert', 'poo02', timestamp '2026-11-01 12:00', 'page', 'revoked'),
            (4, 'graduates', 'd.csv', 'upsert', 'poo01', timestamp '2026-11-20 08:00', 'page', 'accepted'),
            (5, 'graduates', 'e.csv', 'upsert', 'poo01', timestamp '2026-11-25 16:30', 'page', 'accepted'),
            (6, 'graduates', 'f.csv', 'upsert', 'anna', timestamp '2024-11-01 11:00', 'cli', 'accepted'),
            (9, 'institutions', 'i.csv', 'upsert', 'anna', timestamp '2019-01-01', 'cli', 'accepted');
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, full_name, kind, municipality, director) values
            (9, 2, 'upsert', 'POO-01', 'К1', 'Колледж 1', 'ПОО', 'г. Б', 'Иванов'),
            (9, 3, 'upsert', 'POO-02', 'К2', 'Колледж 2', 'ПОО', 'г. Б', 'Петров'),
            (9, 4, 'upsert', 'POO-03', 'К3', 'Колледж 3', 'ПОО', 'г. С', null),
            (9, 5, 'upsert', 'OVO-01', 'В1', 'Вуз 1', 'ОВО', 'г. Б', 'Сидоров');
        insert into collections (dataset, year, deadline, opened_by, opened_at, auto_opened, closed_by, closed_at) values
            ('graduates', 2024, date '2024-12-01', 'anna', timestamp '2024-09-01', false, null, null),
            ('graduates', 2025, date '2025-12-01', 'anna', timestamp '2025-09-01', false, 'anna', timestamp '2026-01-10 12:00'),
            ('graduates', 2026, date '2026-12-01', 'anna', timestamp '2026-09-01', false, null, null),
            ('championship_results', 2026, date '2026-04-01', 'anna', timestamp '2026-01-15', false, null, null);
        insert into collection_excuses values
            ('graduates', 2024, 'POO-03', 'колледж закрыт', 'anna', timestamp '2024-10-01'),
            ('graduates', 2026, 'POO-03', 'нет выпуска в 2026 году', 'anna', timestamp '2026-10-01');
        insert into batch_coverage values
            (1, 'graduates', 2025, 'POO-01'), (1, 'graduates', 2025, 'POO-02'),
            (2, 'graduates', 2025, 'POO-03'),
            (3, 'graduates', 2026, 'POO-02'),
            (4, 'graduates', 2026, 'POO-01'), (5, 'graduates', 2026, 'POO-01'),
            (6, 'graduates', 2024, 'POO-01'), (6, 'graduates', 2024, 'POO-02'), (6, 'graduates', 2024, 'OVO-01');
        """
    )
    models.build_models(con)


def test_collection_submitters(given):
    _given_collections(given)
    rows = given.sql(
        "select dataset, year, inst_code, status, last_upload_at, batch_id, days_late, excuse_reason"
        " from collection_submitters order by dataset, year, inst_code"
    ).fetchall()
    t = dt.datetime
    assert rows == [
        # nothing from the regional centre; the deadline 01.04.2026 passed 239 days before 26.11.2026
        ("championship_results", 2026, "RKC", "missing", None, None, 239, None),
        ("graduates", 2024, "POO-01", "submitted", t(2024, 11, 1, 11), 6, None, None),
        ("graduates", 2024, "POO-02", "submitted", t(2024, 11, 1, 11), 6, None, None),
        ("graduates", 2024, "POO-03", "excused", None, None, None, "колледж закрыт"),
        # a university is not expected to submit graduates of colleges: OVO-01's coverage is ignored
        ("graduates", 2025, "POO-01", "submitted", t(2025, 11, 20, 10), 1, None, None),
        ("graduates", 2025, "POO-02", "submitted", t(2025, 11, 20, 10), 1, None, None),
        # first delivered 05.12.2025, four days after the deadline 01.12.2025
        ("graduates", 2025, "POO-03", "late", t(2025, 12, 5, 9), 2, 4, None),
        # two batches: the first (20.11) decides lateness, the last is shown
        ("graduates", 2026, "POO-01", "submitted", t(2026, 11, 25, 16, 30), 5, None, None),
        # its only batch was revoked: missing, but the deadline has not passed yet
        ("graduates", 2026, "POO-02", "missing", None, None, None, None),
        ("graduates", 2026, "POO-03", "excused", None, None, None, "нет выпуска в 2026 году"),
    ]


def test_collection_status(given):
    _given_collections(given)
    rows = given.sql(
        "select dataset, year, deadline, expected, submitted, late, missing, excused, is_complete, is_closed,"
        " days_to_deadline from collection_status order by dataset, year"
    ).fetchall()
    d = dt.date
    assert rows == [
        ("championship_results", 2026, d(2026, 4, 1), 1, 0, 0, 1, 0, False, False, -239),
        # not closed, but every expected college (POO-03 excused) submitted: complete
        ("graduates", 2024, d(2024, 12, 1), 2, 2, 0, 0, 1, True, False, -725),
        ("graduates", 2025, d(2025, 12, 1), 3, 3, 1, 0, 0, True, True, -360),
        # 1 of 2 expected (POO-03 excused), deadline in 5 days
        ("graduates", 2026, d(2026, 12, 1), 2, 1, 0, 1, 1, False, False, 5),
    ]


def test_closed_collection_is_complete_with_missing_submitters(given):
    _given_collections(given)
    given.sql(
        "update collections set closed_at = timestamp '2026-11-26 10:00', closed_by = 'anna'"
        " where dataset = 'graduates' and year = 2026"
    )
    row = given.sql(
        "select missing, is_complete, is_closed from collection_status where dataset = 'graduates' and year = 2026"
    ).fetchall()
    assert row == [(1, True, True)]


def test_views_use_real_date_without_the_variable(given):
    _given_collections(given)
    given.sql("reset variable mart_today")
    [(days,)] = given.sql(
        "select days_to_deadline from collection_status where dataset = 'graduates' and year = 2026"
    ).fetchall()
    assert days == (dt.date(2026, 12, 1) - dt.date.today()).days


def test_board_columns_of_the_completeness_views(given):
    """What the board and a college's obligations read besides the statuses (sql/marts/intake/)."""
    _given_collections(given)
    rows = given.sql(
        "select distinct dataset, dataset_title, sort_order, year, is_closed, days_to_deadline"
        " from collection_submitters order by sort_order, year"
    ).fetchall()
    assert rows == [
        ("graduates", "Трудоустройство выпускников", 1, 2024, False, -725),
        ("graduates", "Трудоустройство выпускников", 1, 2025, True, -360),
        ("graduates", "Трудоустройство выпускников", 1, 2026, False, 5),
        ("championship_results", "Результаты чемпионатов", 2, 2026, False, -239),
    ]
    status = given.sql(
        "select dataset, year, share_submitted, submitter_name from collection_status order by sort_order, year"
    ).fetchall()
    assert status == [
        ("graduates", 2024, 1.0, None),  # 2 of 2 (POO-03 excused)
        ("graduates", 2025, 1.0, None),
        ("graduates", 2026, 0.5, None),  # 1 of 2
        ("championship_results", 2026, 0.0, "РКЦ"),  # the one submitter has not submitted
    ]


# --- what batches delivered, who is expected, which collections data opens ------------------------


def test_batch_deliveries_follow_the_collection_rules(given):
    given.sql(
        """
        insert into seed.collection_rules values
            ('graduates', 'Трудоустройство выпускников', 'colleges', null, null, 1),
            ('championship_results', 'Результаты чемпионатов', 'single', 'RKC', 'РКЦ', 2),
            ('experts', 'Эксперты и сертификаты', 'single', 'RKC', 'РКЦ', 3);
        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, graduate_id) values
            (1, 2, 'upsert', 'POO-01', 2025, 'G1'), (1, 3, 'upsert', 'POO-01', 2025, 'G2'),
            (1, 4, 'upsert', 'POO-02', 2025, 'G3'), (1, 5, 'upsert', 'POO-03', null, 'G4'),
            (2, 0, 'retire', 'POO-01', 2024, 'G0');
        insert into raw.employment_form (batch_id, row_no, op, year, inst_code, form_row, col_no, value) values
            (3, 10, 'upsert', 2025, 'POO-03', 1, 7, 20), (3, 11, 'upsert', 2025, 'POO-03', 1, 8, 15);
        insert into raw.championship_results (batch_id, row_no, op, year, inst_code, participant_id) values
            (4, 2, 'upsert', 2026, 'POO-01', 'P1'), (4, 3, 'upsert', 2026, null, 'P2');
        insert into raw.experts (batch_id, row_no, op, expert_id, valid_from) values
            (5, 2, 'upsert', 'E1', date '2024-03-01');
        insert into raw.demo_exams (batch_id, row_no, op, year, inst_code, student_id) values
            (6, 2, 'upsert', 2025, 'POO-01', 'S1');
        """
    )
    models.build_models(given)
    rows = given.sql("select * from batch_deliveries order by all").fetchall()
    assert rows == [
        (1, "graduates", 2025, "POO-01"),  # two rows, one delivery; the row without a year delivers nothing
        (1, "graduates", 2025, "POO-02"),
        # batch 2 only retires rows: nothing delivered
        (3, "graduates", 2025, "POO-03"),  # the federal form counts for the graduates' collection
        (4, "championship_results", 2026, "RKC"),  # the regional centre submits, whoever the rows name
        (5, "experts", 2024, "RKC"),  # the year of valid_from
        # demo_exams has no rule in this mart: not collected
    ]


def test_batch_deliveries_list_every_collected_dataset():
    from mart.intake import datasets

    text = (REPO / "sql" / "marts" / "intake" / "batch_deliveries.sql").read_text(encoding="utf-8")
    listed = set(re.findall(r"from raw\.([a-z_]+) where op = 'upsert'", text))
    assert listed == set(datasets.COLLECTED)


def test_expected_submitters_and_collections_to_open(given):
    _given_collections(given)
    expected = given.sql(
        "select dataset, inst_code, submitter_name, director from collection_expected"
    ).fetchall()
    assert expected == [
        ("championship_results", "RKC", "РКЦ", None),
        ("graduates", "POO-01", "К1", "Иванов"),  # colleges only: OVO-01 is a university
        ("graduates", "POO-02", "К2", "Петров"),
        ("graduates", "POO-03", "К3", None),
    ]
    assert given.sql("select * from collections_to_open").fetchall() == []
    given.sql(
        "insert into batch_coverage values (7, 'graduates', 2023, 'POO-01'), (7, 'graduates', 2025, 'POO-01')"
    )
    # 2025 has a collection; 2023 holds data without one
    assert given.sql("select * from collections_to_open").fetchall() == [("graduates", 2023)]
