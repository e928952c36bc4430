"""The expert rating on given rows, as of today = 2026-11-26 (MART_TODAY in tests).

Points: valid certificates in the competence (certified 20, demo exam 10, regional 5) plus roles at
events in the competence in 2024–2026 (chief 10, deputy 6, expert 4, compatriot 4, demo exam 2).
2026-11-26 + 90 days = 2027-02-24 (4 days of November, 31 + 31 in December and January, 24 in
February).
"""

import datetime as dt

from mart.platform import models
from tests.conftest import given_rating_points

TODAY = dt.date(2026, 11, 26)


def _given_experts(con):
    given_rating_points(con)
    con.sql(
        """
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status) values
            (1, 'institutions', 'i.csv', 'upsert', 't', timestamp '2026-01-01', 'cli', 'accepted'),
            (2, 'experts', 'e.csv', 'upsert', 't', timestamp '2026-01-02', 'cli', 'accepted'),
            (3, 'expert_events', 'v.csv', 'upsert', 't', timestamp '2026-01-03', 'cli', 'accepted');
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО');
        insert into raw.experts (batch_id, row_no, op, expert_id, full_name, inst_code, organization,
                                 competence, certificate, valid_from, valid_to) values
            -- E1: certified 20 + demo exam 10, the latter ends exactly 90 days after today
            (2, 2, 'upsert', 'E1', 'Иванова А. А.', 'POO-01', null, 'Электромонтаж', 'certified_expert', '2024-01-01', '2027-12-31'),
            (2, 3, 'upsert', 'E1', 'Иванова А. А.', 'POO-01', null, 'Электромонтаж', 'demo_exam_expert', '2025-01-01', '2027-02-24'),
            -- E2: demo exam 10, ending 91 days after today (not soon); an expired certificate gives nothing
            (2, 4, 'upsert', 'E2', 'Петров Б. Б.', null, 'АО «Завод»', 'Электромонтаж', 'demo_exam_expert', '2025-06-01', '2027-02-25'),
            (2, 5, 'upsert', 'E2', 'Петров Б. Б.', null, 'АО «Завод»', 'Электромонтаж', 'certified_expert', '2020-01-01', '2023-01-01'),
            -- E3: certified in welding only, ending today (still valid today, and soon over)
            (2, 6, 'upsert', 'E3', 'Сидорова В. В.', null, 'ООО «Сервис»', 'Сварочные технологии', 'certified_expert', '2023-01-01', '2026-11-26'),
            -- E4: an expired certificate, and one not valid yet
            (2, 7, 'upsert', 'E4', 'Кузнецов Г. Г.', null, 'ИП', 'Электромонтаж', 'regional_expert', '2019-01-01', '2022-01-01'),
            (2, 8, 'upsert', 'E4', 'Кузнецов Г. Г.', null, 'ИП', 'Сварочные технологии', 'certified_expert', '2026-12-01', '2029-11-30');
        insert into raw.expert_events (batch_id, row_no, op, expert_id, year, event, competence, role) values
            -- E1 in electrical work: chief 2026 (10) + expert 2024 (4) = 14; 2023 is before the window,
            -- 2027 after it
            (3, 2, 'upsert', 'E1', 2026, 'РЧ 2026', 'Электромонтаж', 'chief_expert'),
            (3, 3, 'upsert', 'E1', 2024, 'РЧ 2024', 'Электромонтаж', 'expert'),
            (3, 4, 'upsert', 'E1', 2023, 'РЧ 2023', 'Электромонтаж', 'chief_expert'),
            (3, 5, 'upsert', 'E1', 2027, 'РЧ 2027', 'Электромонтаж', 'deputy_chief_expert'),
            -- E1 has no certificate in hospitality: an event alone puts the pair in the rating
            (3, 6, 'upsert', 'E1', 2026, 'ДЭ 2026', 'Поварское дело', 'expert'),
            -- E2: deputy 6 + demo exam 2 = 8
            (3, 7, 'upsert', 'E2', 2025, 'РЧ 2025', 'Электромонтаж', 'deputy_chief_expert'),
            (3, 8, 'upsert', 'E2', 2026, 'ДЭ 2026', 'Электромонтаж', 'demo_exam_expert'),
            -- E3 in electrical work, events only: chief 10 + expert 2024 4 + compatriot 4 = 18; 2023 out
            (3, 9, 'upsert', 'E3', 2026, 'РЧ 2026', 'Электромонтаж', 'chief_expert'),
            (3, 10, 'upsert', 'E3', 2024, 'РЧ 2024', 'Электромонтаж', 'expert'),
            (3, 11, 'upsert', 'E3', 2025, 'НФ 2025', 'Электромонтаж', 'compatriot_expert'),
            (3, 12, 'upsert', 'E3', 2023, 'РЧ 2023', 'Электромонтаж', 'expert');
        """
    )
    models.build_models(con)


def test_expert_rating_points_ranks_and_expiry(given):
    _given_experts(given)
    rows = given.sql(
        "select as_of, expert_id, full_name, competence, points, rank_in_competence, expiring_soon,"
        " certificate_points, event_points from expert_rating order by competence, rank_in_competence, expert_id"
    ).fetchall()
    assert rows == [
        (TODAY, "E1", "Иванова А. А.", "Поварское дело", 4, 1, False, 0, 4),
        (TODAY, "E3", "Сидорова В. В.", "Сварочные технологии", 20, 1, True, 20, 0),
        # E4's certificate starts in December: 0 points, still in the list
        (TODAY, "E4", "Кузнецов Г. Г.", "Сварочные технологии", 0, 2, False, 0, 0),
        # 20 + 10 + 14 = 44; the demo exam certificate ends on 2027-02-24, 90 days after today
        (TODAY, "E1", "Иванова А. А.", "Электромонтаж", 44, 1, True, 30, 14),
        # E2 10 + 8 = 18 and E3 0 + 18 = 18 share the second place; E4 (0) is third, not fourth
        (TODAY, "E2", "Петров Б. Б.", "Электромонтаж", 18, 2, False, 10, 8),
        (TODAY, "E3", "Сидорова В. В.", "Электромонтаж", 18, 2, False, 0, 18),
        (TODAY, "E4", "Кузнецов Г. Г.", "Электромонтаж", 0, 3, False, 0, 0),
    ]


def test_expert_rating_names_the_organization(given):
    _given_experts(given)
    rows = given.sql(
        "select expert_id, organization, inst_code from expert_rating"
        " where competence = 'Электромонтаж' order by expert_id"
    ).fetchall()
    # a college expert is named by the college's short name; others by the organization given
    assert rows == [
        ("E1", "Колледж 1", "POO-01"),
        ("E2", "АО «Завод»", None),
        ("E3", "ООО «Сервис»", None),
        ("E4", "ИП", None),
    ]


def test_expert_rating_as_of_another_date(given):
    _given_experts(given)
    # pages rate as of another day by setting the connection's variable mart_today
    given.sql("create or replace temp macro mart_today() as date '2027-03-01'")
    given.sql("set variable mart_today = date '2027-03-01'")
    rows = given.sql(
        "select as_of, expert_id, points, rank_in_competence, expiring_soon from expert_rating"
        " where competence = 'Электромонтаж' order by rank_in_competence, expert_id"
    ).fetchall()
    day = dt.date(2027, 3, 1)
    # window 2025–2027: E1 certified 20 + chief 2026 10 + deputy 2027 6 = 36 (the demo exam
    # certificate is over); E2 ended on 2027-02-25: 6 + 2 = 8; E3 chief 10 + compatriot 4 = 14
    assert rows == [
        (day, "E1", 36, 1, False),
        (day, "E3", 14, 2, False),
        (day, "E2", 8, 3, False),
        (day, "E4", 0, 4, False),
    ]


def test_expert_rating_takes_its_points_from_the_seed(given):
    _given_experts(given)
    # the methodology changes: a chief expert is worth 12, a certified expert 25 (seed rows, not code)
    given.sql(
        "update seed.expert_rating_points set points = 12 where kind = 'role' and code = 'chief_expert'"
    )
    given.sql(
        "update seed.expert_rating_points set points = 25 where kind = 'certificate' and code = 'certified_expert'"
    )
    rows = given.sql(
        "select expert_id, points, rank_in_competence, rated_in_competence, certificate_points, event_points"
        " from expert_rating where competence = 'Электромонтаж' order by rank_in_competence, expert_id"
    ).fetchall()
    # E1: 25 + 10 + chief 12 + expert 4 = 51; E3: chief 12 + expert 4 + compatriot 4 = 20 now passes
    # E2 (10 + 6 + 2 = 18); E4 0; four experts are rated in the competence
    assert rows == [
        ("E1", 51, 1, 4, 35, 16),
        ("E3", 20, 2, 4, 0, 20),
        ("E2", 18, 3, 4, 10, 8),
        ("E4", 0, 4, 4, 0, 0),
    ]
    # the card's models read the same seed: E1's certificates and events add up to the rating
    card = given.sql(
        "select sum(points) from expert_certificate_status where expert_id = 'E1' and competence = 'Электромонтаж'"
    ).fetchall()[0][0]
    events = given.sql(
        "select sum(points) from expert_event_points where expert_id = 'E1' and competence = 'Электромонтаж'"
    ).fetchall()[0][0]
    assert (card, events) == (35, 16)
