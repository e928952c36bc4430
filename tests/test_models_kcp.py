"""Admission-target (КЦП) models on given rows, with the expected figures computed by hand."""

import pytest

from mart.platform import checks, models


def _batch(con, batch_id, dataset, status="accepted"):
    con.sql(
        "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
        " values ($b, $d, 'f.csv', 'upsert', 'test', timestamp '2025-01-01' + to_days($b), 'cli', $s)",
        params={"b": batch_id, "d": dataset, "s": status},
    )


def _given_cycle(con):
    con.sql(
        """
        insert into seed.ugs values ('15.00.00', 'Машиностроение'), ('35.00.00', 'Сельское хозяйство');
        insert into seed.specialties (specialty_code, name, kind, ugs_code) values
            ('15.02.08', 'Технология машиностроения', 'specialty', '15.00.00'),
            ('15.01.05', 'Сварщик', 'profession', '15.00.00'),
            ('35.02.16', 'Эксплуатация сельхозтехники', 'specialty', '35.00.00');
        """
    )
    for batch_id, dataset in enumerate(
        ["institutions", "kcp_proposals", "kcp_totals", "kcp_competition", "admissions"], start=1
    ):
        _batch(con, batch_id, dataset)
    con.sql(
        """
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО'),
            (1, 3, 'upsert', 'POO-02', 'Колледж 2', 'ПОО');

        insert into raw.kcp_proposals (batch_id, row_no, op, admission_year, specialty_code, proposed_by, places) values
            (2, 2, 'upsert', 2025, '15.02.08', 'Минэкономразвития', 60),
            (2, 3, 'upsert', 2025, '15.02.08', '2801234567', 20),
            (2, 4, 'upsert', 2025, '15.01.05', 'Минэкономразвития', 25),
            (2, 5, 'upsert', 2026, '35.02.16', 'Минсельхоз', 40);

        -- 15.02.08: 50 full-time + 10 part-time approved; 15.01.05: 25 (form left empty: full-time)
        insert into raw.kcp_totals (batch_id, row_no, op, admission_year, specialty_code, study_form, places) values
            (3, 2, 'upsert', 2025, '15.02.08', 'full_time', 50),
            (3, 3, 'upsert', 2025, '15.02.08', 'part_time', 10),
            (3, 4, 'upsert', 2025, '15.01.05', null, 25);

        insert into raw.kcp_competition (batch_id, row_no, op, admission_year, inst_code, specialty_code,
                                         study_form, bid_places, score, awarded_places) values
            (4, 2, 'upsert', 2025, 'POO-01', '15.02.08', 'full_time', 40, 91.5, 30),
            (4, 3, 'upsert', 2025, 'POO-02', '15.02.08', 'full_time', 25, 80, 20),
            (4, 4, 'upsert', 2025, 'POO-01', '15.02.08', 'part_time', 10, null, 10),
            (4, 5, 'upsert', 2025, 'POO-02', '15.01.05', null, 30, 70, 25);

        -- POO-01 15.02.08 full-time split by base 9/11 (КЦП 20 + 10 = the award of 30), part-time not
        -- split; POO-02 reports 15.02.08 КЦП 25 although it was awarded 20 (a discrepancy), in the old
        -- format (no form: full-time; no base); POO-02 15.01.05 reports no applications;
        -- 35.02.16 in 2025: КЦП reported by POO-02 although the competition of 2025 gave it nothing.
        insert into raw.admissions (batch_id, row_no, op, year, inst_code, specialty_code, kcp_plan, enrolled,
                                    study_form, base_education, applications, enrolled_target, enrolled_paid) values
            (5, 2, 'upsert', 2025, 'POO-01', '15.02.08', 20, 20, 'full_time', '9', 50, 4, 5),
            (5, 3, 'upsert', 2025, 'POO-01', '15.02.08', 10, 8, 'full_time', '11', 16, 0, 2),
            (5, 4, 'upsert', 2025, 'POO-01', '15.02.08', 10, 6, 'part_time', null, 7, null, null),
            (5, 5, 'upsert', 2025, 'POO-02', '15.02.08', 25, 20, null, null, 30, 2, 10),
            (5, 6, 'upsert', 2025, 'POO-02', '15.01.05', 25, 25, null, null, null, 5, 0),
            (5, 7, 'upsert', 2025, 'POO-02', '35.02.16', 15, 12, null, null, 14, 0, 0),
            -- a year without competition results in the mart: awarded = the college's КЦП
            (5, 8, 'upsert', 2024, 'POO-01', '15.02.08', 30, 27, null, null, 60, 3, 4);
        """
    )
    models.build_models(con)


def test_kcp_places_awarded_from_competition_else_college_plan(given):
    _given_cycle(given)
    rows = given.sql(
        "select admission_year, inst_code, specialty_code, study_form, awarded_places, kcp_plan, awarded,"
        " awarded_source, applications, enrolled from kcp_places order by all"
    ).fetchall()
    assert rows == [
        (2024, "POO-01", "15.02.08", "full_time", None, 30, 30, "college_plan", 60, 27),
        (2025, "POO-01", "15.02.08", "full_time", 30, 30, 30, "competition", 66, 28),
        (2025, "POO-01", "15.02.08", "part_time", 10, 10, 10, "competition", 7, 6),
        (2025, "POO-02", "15.01.05", "full_time", 25, 25, 25, "competition", None, 25),
        (2025, "POO-02", "15.02.08", "full_time", 20, 25, 20, "competition", 30, 20),
        (2025, "POO-02", "35.02.16", "full_time", None, 15, 15, "college_plan", 14, 12),
    ]


def test_kcp_cycle_competition_and_fulfilment(given):
    _given_cycle(given)
    rows = given.sql(
        "select admission_year, specialty_code, ugs_code, proposed, approved, bid, awarded, applications,"
        " competition, enrolled, enrolled_target, fulfilment from kcp_cycle order by all"
    ).fetchall()
    assert rows == [
        # 2024: no proposals, totals or bids; awarded = КЦП 30; 60 / 30 = 2.0; 27 / 30 = 0.9
        (2024, "15.02.08", "15.00.00", None, None, None, 30, 60, 2.0, 27, 3, 0.9),
        # 15.01.05: applications not reported → competition empty; 25 / 25 = 1.0
        (2025, "15.01.05", "15.00.00", 25, 25, 30, 25, None, None, 25, 5, 1.0),
        # 15.02.08: proposed 60 + 20; approved 50 + 10; bids 40 + 25 + 10; awarded 30 + 20 + 10 = 60;
        # applications 50 + 16 + 7 + 30 = 103 → 103 / 60; enrolled 20 + 8 + 6 + 20 = 54 → 54 / 60 = 0.9
        (2025, "15.02.08", "15.00.00", 80, 60, 75, 60, 103, pytest.approx(103 / 60), 54, 6, 0.9),
        # 35.02.16 2025: the college's КЦП only
        (2025, "35.02.16", "35.00.00", None, None, None, 15, 14, pytest.approx(14 / 15), 12, 0, 0.8),
        # 2026: proposals only
        (2026, "35.02.16", "35.00.00", 40, None, None, None, None, None, None, None, None),
    ]


def test_kcp_by_college(given):
    _given_cycle(given)
    rows = given.sql("select * from kcp_by_college order by all").fetchall()
    assert rows == [
        (2024, "POO-01", "15.02.08", 30, 60, 2.0, 27, 0.9),
        # full-time 30 + part-time 10 = 40 places; applications 66 + 7 = 73; enrolled 28 + 6 = 34
        (2025, "POO-01", "15.02.08", 40, 73, pytest.approx(73 / 40), 34, pytest.approx(34 / 40)),
        (2025, "POO-02", "15.01.05", 25, None, None, 25, 1.0),
        (2025, "POO-02", "15.02.08", 20, 30, 1.5, 20, 1.0),
        (2025, "POO-02", "35.02.16", 15, 14, pytest.approx(14 / 15), 12, 0.8),
    ]
    detail = given.sql(
        "select inst_code, specialty_code, bid, unfilled, target_share from kcp_college_detail"
        " where admission_year = 2025 order by all"
    ).fetchall()
    assert detail == [
        ("POO-01", "15.02.08", 50, 6, pytest.approx(4 / 34)),
        ("POO-02", "15.01.05", 30, 0, 0.2),
        ("POO-02", "15.02.08", 25, 0, 0.1),
        ("POO-02", "35.02.16", None, 3, 0.0),
    ]


def test_kcp_region_ugs_and_discrepancies(given):
    _given_cycle(given)
    ugs = given.sql(
        "select admission_year, ugs_code, awarded, applications, enrolled, enrolled_target, target_share"
        " from kcp_cycle_ugs order by all"
    ).fetchall()
    assert ugs == [
        (2024, "15.00.00", 30, 60, 27, 3, pytest.approx(3 / 27)),
        # 15.01.05 + 15.02.08: awarded 25 + 60; applications only where reported: 103; enrolled 25 + 54
        (2025, "15.00.00", 85, 103, 79, 11, pytest.approx(11 / 79)),
        (2025, "35.00.00", 15, 14, 12, 0, 0.0),
        (2026, "35.00.00", None, None, None, None, None),
    ]
    region = given.sql(
        "select admission_year, proposed, approved, awarded, enrolled, fulfilment, colleges_awarded,"
        " colleges_reported from kcp_region order by all"
    ).fetchall()
    assert region == [
        (2024, None, None, 30, 27, 0.9, 1, 1),
        (2025, 105, 85, 100, 91, 0.91, 2, 2),
        (2026, 40, None, None, None, None, 0, 0),
    ]
    # unfilled places: 2024 30 − 27; 2025 POO-01 15.02.08 40 − 34 and POO-02 35.02.16 15 − 12
    assert given.sql("select admission_year, unfilled from kcp_region order by 1").fetchall() == [
        (2024, 3),
        (2025, 9),
        (2026, None),
    ]
    assert given.sql(
        "select ugs_code, unfilled from kcp_cycle_ugs where admission_year = 2025 order by 1"
    ).fetchall() == [
        ("15.00.00", 6),
        ("35.00.00", 3),
    ]
    found = given.sql("select * from kcp_discrepancies order by all").fetchall()
    assert found == [
        (2025, "POO-02", "15.02.08", "full_time", 20, 25, 5, "differs"),
        (2025, "POO-02", "35.02.16", "full_time", None, 15, 15, "not_awarded"),
    ]


def test_a_late_college_is_left_out_of_competition_and_fulfilment(given):
    """A partial year: places awarded to a college that has not reported its admission yet."""
    _given_cycle(given)
    _batch(given, 6, "kcp_competition")
    _batch(given, 7, "admissions")
    given.sql(
        """
        insert into raw.kcp_competition (batch_id, row_no, op, admission_year, inst_code, specialty_code,
                                         study_form, bid_places, score, awarded_places) values
            (6, 2, 'upsert', 2027, 'POO-01', '15.02.08', 'full_time', 40, null, 30),
            (6, 3, 'upsert', 2027, 'POO-02', '15.02.08', 'full_time', 30, null, 20),
            (6, 4, 'upsert', 2027, 'POO-02', '15.01.05', 'full_time', 25, null, 25);
        -- POO-02 has reported: 15.02.08 30 applications, 16 enrolled; 15.01.05 40 applications, 25
        -- enrolled. POO-01 has not reported (its 30 places: enrolment not known yet).
        insert into raw.admissions (batch_id, row_no, op, year, inst_code, specialty_code, kcp_plan, enrolled,
                                    study_form, base_education, applications, enrolled_target, enrolled_paid) values
            (7, 2, 'upsert', 2027, 'POO-02', '15.02.08', 20, 16, null, null, 30, 0, 0),
            (7, 3, 'upsert', 2027, 'POO-02', '15.01.05', 25, 25, null, null, 40, 0, 0);
        """
    )
    models.build_models(given)
    cycle = given.sql(
        "select specialty_code, awarded, applications, competition, enrolled, fulfilment from kcp_cycle"
        " where admission_year = 2027 order by all"
    ).fetchall()
    assert cycle == [
        ("15.01.05", 25, 40, 1.6, 25, 1.0),
        # awarded 30 + 20 = 50, but only POO-02's 20 are reported: 30 / 20 = 1.5, 16 / 20 = 0.8
        # (not 30 / 50 = 0.6 and 16 / 50 = 0.32)
        ("15.02.08", 50, 30, 1.5, 16, 0.8),
    ]
    ugs = given.sql(
        "select awarded, applications, competition, enrolled, fulfilment from kcp_cycle_ugs"
        " where admission_year = 2027"
    ).fetchall()
    # 15.00.00: awarded 75, reported 45; applications 70 / 45; enrolled 41 / 45
    assert ugs == [(75, 70, pytest.approx(70 / 45), 41, pytest.approx(41 / 45))]
    region = given.sql(
        "select awarded, competition, enrolled, fulfilment, colleges_awarded, colleges_reported, unfilled"
        " from kcp_region where admission_year = 2027"
    ).fetchall()
    # unfilled: POO-02 15.02.08 20 − 16 = 4; POO-01's places are not counted as empty
    assert region == [(75, pytest.approx(70 / 45), 41, pytest.approx(41 / 45), 2, 1, 4)]


def test_every_kcp_model_key_is_unique(given):
    _given_cycle(given)
    for model in models.discover():
        if model.name.startswith(("kcp_", "stg_kcp_", "admissions", "stg_admissions")):
            result = checks.run_checks(given, [checks.key_check(model)])[0]
            assert result.failures == 0, (model.name, result.sample)
