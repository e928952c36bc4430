"""The staffing balance (measures 2.1–2.4) on small given rows; every expected figure is worked by hand.

The given region: two colleges' graduates of 2023–2024 and admissions of 2020–2023; employer A
(Благовещенск) answered the surveys of 2023 and 2024 and announced an investment project in 2022;
employer B (Тында) answered the survey of 2023.
"""

import math

import pytest

from mart.platform import models
from mart.read import staffing

A, B = "2801000013", "7707083893"


def _batch(con, batch_id, dataset, status="accepted"):
    con.sql(
        "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
        " values ($b, $d, 'f.csv', 'upsert', 'test', timestamp '2025-01-01' + to_days($b), 'cli', $s)",
        params={"b": batch_id, "d": dataset, "s": status},
    )


@pytest.fixture
def region(given):
    con = given
    con.sql(
        """
        insert into seed.ugs values ('13.00.00', 'Электро- и теплоэнергетика'), ('15.00.00', 'Машиностроение');
        insert into seed.specialties values
            ('15.01.05', 'Сварщик', 'profession', '15.00.00', null),
            ('15.02.08', 'Технология машиностроения', 'specialty', '15.00.00', null),
            ('13.02.07', 'Электроснабжение', 'specialty', '13.00.00', null);
        insert into seed.employment_statuses (status_code, label_ru, status_group, sort_order) values
            ('employed', 'Трудоустроен', 'employed', 10),
            ('continuing_education', 'Продолжает обучение', 'excused', 40),
            ('army_conscript', 'Армия', 'excused', 50),
            ('parental_leave', 'Отпуск по уходу за ребенком', 'excused', 70),
            ('unemployed_registered', 'Безработный', 'other', 90);
        """
    )
    _batch(con, 1, "institutions")
    _batch(con, 2, "graduates")
    _batch(con, 3, "admissions")
    _batch(con, 4, "employers")
    _batch(con, 5, "employer_needs")
    _batch(con, 6, "employer_needs", status="revoked")
    con.sql(
        """
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, full_name, kind, municipality) values
            (1, 2, 'upsert', 'POO-01', 'К1', 'Колледж 1', 'ПОО', 'г. Благовещенск'),
            (1, 3, 'upsert', 'POO-02', 'К2', 'Колледж 2', 'ПОО', 'г. Тында');
        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, specialty_code, graduate_id, status) values
            -- 2023: two graduates, both employed: supply 2
            (2, 2, 'upsert', 'POO-01', 2023, '15.01.05', 'G1', 'employed'),
            (2, 3, 'upsert', 'POO-01', 2023, '15.01.05', 'G2', 'employed'),
            -- 2024, 15.01.05: 4 graduates, of them 2 excused (army, continuing education): supply 2;
            -- the registered unemployed is not excused: it stays in the supply
            (2, 4, 'upsert', 'POO-01', 2024, '15.01.05', 'G3', 'employed'),
            (2, 5, 'upsert', 'POO-01', 2024, '15.01.05', 'G4', 'army_conscript'),
            (2, 6, 'upsert', 'POO-01', 2024, '15.01.05', 'G5', 'continuing_education'),
            (2, 7, 'upsert', 'POO-01', 2024, '15.01.05', 'G6', 'unemployed_registered'),
            -- 2024, 15.02.08 at the other college: 6 graduates, 1 on parental leave: supply 5
            (2, 8, 'upsert', 'POO-02', 2024, '15.02.08', 'G7', 'employed'),
            (2, 9, 'upsert', 'POO-02', 2024, '15.02.08', 'G8', 'employed'),
            (2, 10, 'upsert', 'POO-02', 2024, '15.02.08', 'G9', 'employed'),
            (2, 11, 'upsert', 'POO-02', 2024, '15.02.08', 'G10', 'employed'),
            (2, 12, 'upsert', 'POO-02', 2024, '15.02.08', 'G11', 'employed'),
            (2, 13, 'upsert', 'POO-02', 2024, '15.02.08', 'G12', 'parental_leave');
        -- the region's excused share of 2024 (the latest graduation year) = 3 / 10 = 0.3
        insert into raw.admissions (batch_id, row_no, op, year, inst_code, specialty_code, kcp_plan, enrolled) values
            -- graduate in 2024 (d = 4 and d = 3): years already reported, so not projected
            (3, 2, 'upsert', 2020, 'POO-02', '15.02.08', 40, 40),
            (3, 3, 'upsert', 2021, 'POO-01', '15.01.05', 50, 50),
            -- 2021 + 4 = 2025: 10 × 0.8 = 8 graduates, 8 × 0.7 = 5.6 supply
            (3, 4, 'upsert', 2021, 'POO-02', '15.02.08', 10, 10),
            -- 2022 + 3 = 2025: 20 × 0.8 = 16, supply 11.2
            (3, 5, 'upsert', 2022, 'POO-01', '15.01.05', 20, 20),
            -- 2022 + 4 = 2026: 30 × 0.8 = 24, supply 16.8
            (3, 6, 'upsert', 2022, 'POO-02', '15.02.08', 30, 30),
            -- 2023 + 3 = 2026: 25 × 0.8 = 20, supply 14
            (3, 7, 'upsert', 2023, 'POO-01', '15.01.05', 25, 25);
        """
    )
    con.sql(
        f"""
        insert into raw.employers (batch_id, row_no, op, employer_inn, name, okved, municipality,
                                   is_investment_project, project_name, is_toser) values
            (4, 2, 'upsert', '{A}', 'Завод А', '25.62', 'г. Благовещенск', false, null, false),
            (4, 3, 'upsert', '{B}', 'Депо Б', '49.10', 'г. Тында', false, null, false);
        insert into raw.employer_needs (batch_id, row_no, op, survey_year, employer_inn, source,
            profession_name, specialty_code, ugs_code, level, need_year, headcount, target_contract) values
            -- A's survey of 2023: replaced whole by its survey of 2024 (none of these rows count)
            (5, 2, 'upsert', 2023, '{A}', 'survey', 'Сварщик', '15.01.05', '15.00.00', 'worker', 2024, 10, false),
            (5, 3, 'upsert', 2023, '{A}', 'survey', 'Сварщик', '15.01.05', '15.00.00', 'worker', 2025, 12, false),
            -- A's survey of 2024
            (5, 4, 'upsert', 2024, '{A}', 'survey', 'Сварщик', '15.01.05', '15.00.00', 'worker', 2025, 7, true),
            (5, 5, 'upsert', 2024, '{A}', 'survey', 'Сварщик', '15.01.05', '15.00.00', 'worker', 2026, 8, true),
            (5, 6, 'upsert', 2024, '{A}', 'survey', 'Технолог', '15.02.08', '15.00.00', 'specialist', 2026, 4, false),
            -- A's investment project of 2022: another source, so the 2024 survey does not replace it;
            -- named by УГС only (no specialty)
            (5, 7, 'upsert', 2022, '{A}', 'investment_project', 'Электрики', null, '13.00.00', 'specialist', 2025, 5, false),
            -- B's survey of 2023
            (5, 8, 'upsert', 2023, '{B}', 'survey', 'Рабочие', null, '15.00.00', 'worker', 2025, 3, false),
            (5, 9, 'upsert', 2023, '{B}', 'survey', 'Технолог', '15.02.08', '15.00.00', 'specialist', 2024, 6, false),
            -- a revoked batch: a B survey of 2025 that would have replaced the 2023 one
            (6, 2, 'upsert', 2025, '{B}', 'survey', 'Рабочие', null, '15.00.00', 'worker', 2025, 99, false);
        """
    )
    models.build_models(con)
    return con


def _rows(con, sql):
    return con.sql(sql).fetchall()


def _close(actual, expected):
    assert len(actual) == len(expected), (actual, expected)
    for got, want in zip(actual, expected, strict=True):
        assert len(got) == len(want), (got, want)
        for g, w in zip(got, want, strict=True):
            if isinstance(w, float):
                assert g == pytest.approx(w), (got, want)
            else:
                assert g == w, (got, want)


def test_need_takes_each_employers_latest_survey_per_source(region):
    rows = _rows(
        region,
        "select need_year, ugs_code, specialty_code, municipality, source, headcount from staffing_need order by all",
    )
    assert rows == [
        # 2024: A's answer of 2023 (10) is replaced by its 2024 survey, which names no 2024 need
        (2024, "15.00.00", "15.02.08", "г. Тында", "survey", 6),
        (2025, "13.00.00", None, "г. Благовещенск", "investment_project", 5),
        (2025, "15.00.00", "15.01.05", "г. Благовещенск", "survey", 7),  # not 12 (the 2023 answer)
        (2025, "15.00.00", None, "г. Тында", "survey", 3),
        (2026, "15.00.00", "15.01.05", "г. Благовещенск", "survey", 8),
        (2026, "15.00.00", "15.02.08", "г. Благовещенск", "survey", 4),
    ]
    counted = _rows(region, "select count(*) filter (where counts_in_need), count(*) from employer_needs")
    assert counted == [(6, 8)]  # the revoked batch is not there at all


def test_supply_is_graduates_less_the_excused_then_projected_from_admissions(region):
    rows = _rows(
        region,
        "select year, ugs_code, specialty_code, graduates, supply, is_projected from graduate_supply order by all",
    )
    _close(
        rows,
        [
            (2023, "15.00.00", "15.01.05", 2.0, 2.0, False),
            (2024, "15.00.00", "15.01.05", 4.0, 2.0, False),  # 4 − army − continuing education
            (2024, "15.00.00", "15.02.08", 6.0, 5.0, False),  # 6 − parental leave
            # projected: excused share of 2024 = 3 / 10; d = 3 for NN.01.NN, 4 for NN.02.NN
            (2025, "15.00.00", "15.01.05", 16.0, 11.2, True),  # enrolled 2022: 20 × 0.8; × 0.7
            (2025, "15.00.00", "15.02.08", 8.0, 5.6, True),  # enrolled 2021: 10 × 0.8; × 0.7
            (2026, "15.00.00", "15.01.05", 20.0, 14.0, True),  # enrolled 2023: 25 × 0.8; × 0.7
            (2026, "15.00.00", "15.02.08", 24.0, 16.8, True),  # enrolled 2022: 30 × 0.8; × 0.7
        ],
    )


def test_completion_rate_is_a_parameter(region):
    rows = _rows(
        region,
        "select year, specialty_code, graduates, supply from graduate_supply_at(completion_rate := 0.5)"
        " where is_projected order by all",
    )
    _close(
        rows,
        [
            (2025, "15.01.05", 10.0, 7.0),  # 20 × 0.5 = 10; × 0.7
            (2025, "15.02.08", 5.0, 3.5),
            (2026, "15.01.05", 12.5, 8.75),
            (2026, "15.02.08", 15.0, 10.5),
        ],
    )
    # the view is the macro at its default rate 0.8
    assert (
        _rows(
            region,
            "select * from graduate_supply except select * from graduate_supply_at(completion_rate := 0.8)",
        )
        == []
    )


def test_balance_by_ugs_and_year(region):
    rows = _rows(
        region,
        "select year, ugs_code, need, supply, gap, coverage, is_projected from staffing_balance order by all",
    )
    _close(
        rows,
        [
            (2023, "15.00.00", 0.0, 2.0, -2.0, None, False),  # coverage empty when need is 0
            (2024, "15.00.00", 6.0, 7.0, -1.0, 7 / 6, False),
            # the project's need named by УГС 13 only counts there; nobody trains for it
            (2025, "13.00.00", 5.0, 0.0, 5.0, 0.0, True),
            # УГС 15: A's 7 by specialty + B's 3 by УГС only; supply 11.2 + 5.6
            (2025, "15.00.00", 10.0, 16.8, -6.8, 1.68, True),
            (2026, "15.00.00", 12.0, 30.8, -18.8, 30.8 / 12, True),
        ],
    )
    # the views are their macros at the default completion rate (what mart.read.staffing calls 0.8)
    for view in ("staffing_balance", "staffing_mismatch", "staffing_balance_specialty", "graduate_supply"):
        assert (
            _rows(region, f"select * from {view} except select * from {view}_at(completion_rate := 0.8)")
            == []
        )
    assert staffing.DEFAULT_COMPLETION_RATE == 0.8
    assert _rows(region, "select year, is_projected from staffing_years order by year") == [
        (2023, False),
        (2024, False),
        (2025, True),
        (2026, True),  # the last admission year 2023 + 3
    ]


def test_specialties_add_up_to_their_ugs(region):
    rows = _rows(
        region,
        "select specialty_code, need, supply from staffing_balance_specialty"
        " where year = 2025 and ugs_code = '15.00.00' order by all",
    )
    _close(rows, [("15.01.05", 7.0, 11.2), ("15.02.08", 0.0, 5.6), (None, 3.0, 0.0)])


def test_mismatch_index(region):
    rows = _rows(region, "select year, mismatch_index from staffing_mismatch order by year")
    _close(
        rows,
        [
            (2023, 1.0),  # supply but no need: a = 1, b = 0 → sqrt(1 / 1)
            (2024, 0.0),  # one УГС holds all of both: a = b = 1
            # УГС 13: a = 0, b = 5/15; УГС 15: a = 1, b = 10/15:
            # Σ(a − b)² = 1/9 + 1/9 = 2/9; Σ(a + b)² = 1/9 + 25/9 = 26/9; I = sqrt(2/26)
            (2025, math.sqrt(2 / 26)),
            (2026, 0.0),
        ],
    )


def test_filters_narrow_both_sides(region):
    worker = _rows(
        region,
        "select year, ugs_code, need, supply from staffing_balance_at(p_level := 'worker') where year = 2025",
    )
    _close(worker, [(2025, "15.00.00", 10.0, 11.2)])  # the specialist need (УГС 13) and 15.02.08 drop out
    project = _rows(
        region,
        "select ugs_code, need, supply from staffing_balance_at(p_source := 'investment_project')"
        " where year = 2025 order by all",
    )
    _close(project, [("13.00.00", 5.0, 0.0), ("15.00.00", 0.0, 16.8)])  # source narrows the need only
    tynda = _rows(
        region,
        "select year, need, supply from staffing_balance_at(p_municipality := 'г. Тында') order by all",
    )
    # Тында: B's need; the supply of POO-02 (15.02.08)
    _close(tynda, [(2024, 6.0, 5.0), (2025, 3.0, 5.6), (2026, 0.0, 16.8)])


def test_a_partial_year_is_never_taken_for_the_region(region):
    """2024's graduates collection is open and POO-02 has not submitted: 2024 is projected, not reported."""
    region.sql(
        """
        insert into seed.collection_rules values ('graduates', 'Выпускники', 'colleges', null, null, 1);
        insert into collections (dataset, year, deadline, opened_by, opened_at)
            values ('graduates', 2024, date '2024-12-01', 'test', timestamp '2024-06-01');
        insert into batch_coverage values (2, 'graduates', 2024, 'POO-01');
        """
    )
    models.build_models(region)
    rows = _rows(
        region,
        "select year, specialty_code, graduates, supply, is_projected from graduate_supply where year <= 2025 order by all",
    )
    # the latest complete graduation year is 2023 (2 graduates, none excused: excused share 0);
    # 2024 is projected from admissions: 2021 (d = 3) 50 × 0.8 and 2020 (d = 4) 40 × 0.8
    _close(
        rows,
        [
            (2023, "15.01.05", 2.0, 2.0, False),
            (2024, "15.01.05", 40.0, 40.0, True),
            (2024, "15.02.08", 32.0, 32.0, True),
            (2025, "15.01.05", 16.0, 16.0, True),
            (2025, "15.02.08", 8.0, 8.0, True),
        ],
    )
    assert _rows(region, "select year, is_projected from staffing_years order by year") == [
        (2023, False),
        (2024, True),
        (2025, True),
        (2026, True),
    ]


def test_totals_per_year_with_shortages_and_surpluses(region):
    """staffing_totals: the balance's УГС added up per year; shortage and surplus kept apart."""
    rows = _rows(
        region,
        "select year, is_projected, need, supply, gap, shortage, surplus, mismatch_index from staffing_totals"
        " order by year",
    )
    _close(
        rows,
        [
            (2023, False, 0.0, 2.0, -2.0, 0.0, 2.0, 1.0),
            (2024, False, 6.0, 7.0, -1.0, 0.0, 1.0, 0.0),
            # УГС 13 short by 5, УГС 15 over by 6.8: the total gap −1.8 hides both
            (2025, True, 15.0, 16.8, -1.8, 5.0, 6.8, math.sqrt(2 / 26)),
            (2026, True, 12.0, 30.8, -18.8, 0.0, 18.8, 0.0),
        ],
    )
    worker = _rows(
        region, "select year, need, supply from staffing_totals_at(p_level := 'worker') order by year"
    )
    _close(worker, [(2023, 0.0, 2.0), (2024, 0.0, 2.0), (2025, 10.0, 11.2), (2026, 8.0, 14.0)])


def test_need_beyond_the_balance_and_the_status_row(region):
    # A's 2024 survey also names 2028: no cohort graduating then is enrolled yet (the balance ends in 2026)
    region.sql(
        f"""
        insert into raw.employer_needs (batch_id, row_no, op, survey_year, employer_inn, source,
            profession_name, specialty_code, ugs_code, level, need_year, headcount, target_contract) values
            (5, 10, 'upsert', 2024, '{A}', 'survey', 'Сварщик', '15.01.05', '15.00.00', 'worker', 2028, 9, false);
        """
    )
    models.build_models(region)
    assert _rows(region, "select need_year, headcount from staffing_need_beyond") == [(2028, 9)]
    assert _rows(region, "select * from staffing_need_beyond_at(p_source := 'investment_project')") == []
    status = region.sql("select * from staffing_status").pl().row(0, named=True)
    assert status == {
        "employers": 2,
        "projects": 0,
        "answers": 9,
        "answers_counted": 7,  # A's 2023 answers are replaced by its 2024 survey
        "first_survey": 2022,
        "last_survey": 2024,  # the revoked 2025 survey is not there
        "latest_graduation_year": 2024,
        "last_admission_year": 2023,
        "first_year": 2023,
        "last_year": 2026,
        "employers_demo": False,
    }
