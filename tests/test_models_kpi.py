"""Directors' KPI models (roadmap measure 8.3) on given rows, expected figures computed by hand.

Four colleges (POO-01..POO-04) and a university (OVO-01, never a college: it neither gets KPI rows
nor sets a maximum). The year 2024 holds the data; 2023 has one admissions row only, which is
enough to make it a KPI year with every indicator present.
"""

import pytest

from mart.platform import models
from mart.read import kpi

V1 = {"K1": 0.25, "K2": 0.15, "K3": 0.20, "K4": 0.15, "K5": 0.15, "K6": 0.10}


def _seed(con):
    con.sql(
        """
        insert into seed.employment_statuses (status_code, label_ru, status_group, sort_order) values
            ('employed', 'Трудоустроен', 'employed', 10),
            ('entrepreneur', 'ИП', 'employed', 20),
            ('self_employed', 'Самозанятый', 'employed', 30),
            ('continuing_education', 'Продолжает обучение', 'excused', 40),
            ('army_conscript', 'Армия по призыву', 'excused', 50),
            ('army_contract', 'Служба по контракту', 'excused', 60),
            ('parental_leave', 'Отпуск по уходу за ребенком', 'excused', 70),
            ('unemployed_registered', 'Безработный', 'other', 90);
        insert into seed.medals values
            ('gold', 'Золото', 4, 1), ('silver', 'Серебро', 3, 2), ('bronze', 'Бронза', 2, 3),
            ('medallion', 'Медальон', 1, 4), ('none', 'Без медали', 0, 5);
        insert into seed.demo_exam_grades values
            (2, 'неуд', 0, 19.99), (3, 'уд', 20, 39.99), (4, 'хор', 40, 69.99), (5, 'отл', 70, 100);
        insert into seed.kpi_indicators (indicator_code, name_ru, sort_order, weight_v1) values
            ('K1', 'Трудоустройство', 1, 0.25), ('K2', 'По специальности', 2, 0.15),
            ('K3', 'ДЭ', 3, 0.20), ('K4', 'Чемпионаты', 4, 0.15),
            ('K5', 'КЦП', 5, 0.15), ('K6', 'Эксперты', 6, 0.10);
        """
    )


def _batch(con, batch_id, dataset, status="accepted"):
    con.sql(
        "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
        " values ($b, $d, 'f.csv', 'upsert', 'test', timestamp '2025-01-01' + to_days($b), 'cli', $s)",
        params={"b": batch_id, "d": dataset, "s": status},
    )


def _given_region(con):
    _seed(con)
    for batch_id, dataset in enumerate(
        ["institutions", "graduates", "demo_exams", "championship_results", "admissions", "experts"], start=1
    ):
        _batch(con, batch_id, dataset)
    con.sql(
        """
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО'),
            (1, 3, 'upsert', 'POO-02', 'Колледж 2', 'ПОО'),
            (1, 4, 'upsert', 'POO-03', 'Колледж 3', 'ПОО'),
            (1, 5, 'upsert', 'POO-04', 'Колледж 4', 'ПОО'),
            (1, 6, 'upsert', 'OVO-01', 'Университет', 'ОВО');

        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, specialty_code,
                                   graduate_id, status, by_specialty) values
            -- POO-01: 11 graduates
            (2, 2, 'upsert', 'POO-01', 2024, '15.02.08', 'G01', 'employed', true),
            (2, 3, 'upsert', 'POO-01', 2024, '15.02.08', 'G02', 'employed', true),
            (2, 4, 'upsert', 'POO-01', 2024, '15.02.08', 'G03', 'employed', true),
            (2, 5, 'upsert', 'POO-01', 2024, '15.02.08', 'G04', 'employed', false),
            -- an entrepreneur by the specialty counts for K1 but not for K2 (the status «employed» only)
            (2, 6, 'upsert', 'POO-01', 2024, '15.02.08', 'G05', 'entrepreneur', true),
            (2, 7, 'upsert', 'POO-01', 2024, '15.02.08', 'G06', 'self_employed', null),
            (2, 8, 'upsert', 'POO-01', 2024, '15.02.08', 'G07', 'army_conscript', null),
            (2, 9, 'upsert', 'POO-01', 2024, '15.02.08', 'G08', 'army_contract', null),
            (2, 10, 'upsert', 'POO-01', 2024, '15.02.08', 'G09', 'continuing_education', null),
            (2, 11, 'upsert', 'POO-01', 2024, '15.02.08', 'G10', 'parental_leave', null),
            (2, 12, 'upsert', 'POO-01', 2024, '15.02.08', 'G11', 'unemployed_registered', null),
            -- POO-02: both graduates study on, so nobody could work: K1 and K2 have no denominator
            (2, 13, 'upsert', 'POO-02', 2024, '15.02.08', 'G01', 'continuing_education', null),
            (2, 14, 'upsert', 'POO-02', 2024, '15.02.08', 'G02', 'continuing_education', null),
            -- POO-04: one graduate, employed but not by the specialty
            (2, 15, 'upsert', 'POO-04', 2024, '15.02.08', 'G01', 'employed', false);

        insert into raw.demo_exams (batch_id, row_no, op, year, inst_code, specialty_code, competence,
                                    student_id, score_pct, grade, credited) values
            (3, 2, 'upsert', 2024, 'POO-01', '15.02.08', 'Электромонтаж', 'S1', 80, 5, null),
            (3, 3, 'upsert', 2024, 'POO-01', '15.02.08', 'Электромонтаж', 'S2', 45, null, null),  -- 45 % → 4
            (3, 4, 'upsert', 2024, 'POO-01', '15.02.08', 'Электромонтаж', 'S3', 35, 3, null),
            (3, 5, 'upsert', 2024, 'POO-01', '15.02.08', 'Электромонтаж', 'S4', null, null, true),  -- credited: 5
            (3, 6, 'upsert', 2024, 'POO-01', '15.02.08', 'Электромонтаж', 'S5', 10, 2, null),
            (3, 7, 'upsert', 2024, 'POO-02', '15.02.08', 'Электромонтаж', 'S1', 50, 4, null),
            (3, 8, 'upsert', 2024, 'POO-02', '15.02.08', 'Электромонтаж', 'S2', 15, 2, null);

        insert into raw.championship_results (batch_id, row_no, op, year, event, level, age_group,
                                              competence, participant_id, inst_code, medal) values
            (4, 2, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Электромонтаж', 'P01', 'POO-01', 'gold'),
            (4, 3, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Сварка', 'P02', 'POO-01', 'medallion'),
            (4, 4, 'upsert', 2024, 'РЧ', 'regional', 'juniors', 'Кулинария', 'P03', 'POO-01', 'silver'),
            (4, 5, 'upsert', 2024, 'НФ', 'national', 'main', 'Электромонтаж', 'P01', 'POO-01', 'bronze'),
            (4, 6, 'upsert', 2024, 'КЧ', 'corporate', 'main', 'Сварка', 'P04', 'POO-01', 'gold'),
            (4, 7, 'upsert', 2024, 'НФ', 'national', 'main', 'Сварка', 'P05', 'POO-02', 'gold'),
            (4, 8, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Кулинария', 'P06', 'POO-02', 'bronze'),
            (4, 9, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Электромонтаж', 'P07', 'POO-02', 'none'),
            (4, 10, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Сварка', 'P08', 'POO-04', 'bronze'),
            (4, 11, 'upsert', 2024, 'НФ', 'national', 'main', 'Кулинария', 'P09', 'OVO-01', 'gold'),
            (4, 12, 'upsert', 2024, 'НФ', 'national', 'main', 'Сварка', 'P10', 'OVO-01', 'gold'),
            (4, 13, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Кулинария', 'P11', null, 'gold');

        insert into raw.admissions (batch_id, row_no, op, year, inst_code, specialty_code, kcp_plan, enrolled) values
            (5, 2, 'upsert', 2024, 'POO-01', '15.02.08', 50, 55),
            (5, 3, 'upsert', 2024, 'POO-01', '15.01.05', 30, 20),
            (5, 4, 'upsert', 2024, 'POO-02', '15.02.08', 40, 50),
            (5, 5, 'upsert', 2024, 'POO-03', '15.02.08', 0, 5),
            (5, 6, 'upsert', 2024, 'POO-04', '15.02.08', 10, 10),
            (5, 7, 'upsert', 2023, 'POO-01', '15.02.08', 10, 10);

        insert into raw.experts (batch_id, row_no, op, expert_id, full_name, inst_code, competence,
                                 certificate, valid_from, valid_to) values
            -- valid on 31.12.2024 up to and including its last day
            (6, 2, 'upsert', 'E1', 'Эксперт 1', 'POO-01', 'Электромонтаж', 'certified_expert', '2022-01-01', '2024-12-31'),
            -- valid from 01.01.2025 only
            (6, 3, 'upsert', 'E2', 'Эксперт 2', 'POO-01', 'Электромонтаж', 'demo_exam_expert', '2025-01-01', '2027-12-31'),
            -- two valid certificates, one expert
            (6, 4, 'upsert', 'E3', 'Эксперт 3', 'POO-01', 'Электромонтаж', 'certified_expert', '2024-03-01', '2027-02-28'),
            (6, 5, 'upsert', 'E3', 'Эксперт 3', 'POO-01', 'Сварка', 'regional_expert', '2024-03-01', '2027-02-28'),
            -- valid from 31.12.2024 itself
            (6, 6, 'upsert', 'E4', 'Эксперт 4', 'POO-02', 'Сварка', 'certified_expert', '2024-12-31', '2027-12-30'),
            -- ended the day before
            (6, 7, 'upsert', 'E5', 'Эксперт 5', 'POO-02', 'Сварка', 'certified_expert', '2021-01-01', '2024-12-30'),
            (6, 8, 'upsert', 'E6', 'Эксперт 6', null, 'Сварка', 'certified_expert', '2021-01-01', '2027-12-30'),
            (6, 9, 'upsert', 'E7', 'Эксперт 7', 'OVO-01', 'Сварка', 'certified_expert', '2021-01-01', '2027-12-30'),
            (6, 10, 'upsert', 'E8', 'Эксперт 8', 'OVO-01', 'Кулинария', 'certified_expert', '2021-01-01', '2027-12-30'),
            (6, 11, 'upsert', 'E9', 'Эксперт 9', 'OVO-01', 'Электромонтаж', 'certified_expert', '2021-01-01', '2027-12-30');
        """
    )
    kpi.ensure_v1(con)
    models.build_models(con)


def _values(con, year, inst_code):
    return con.sql(
        "select indicator_code, numerator, denominator, value, has_data from kpi_values"
        " where year = $y and inst_code = $i order by indicator_code",
        params={"y": year, "i": inst_code},
    ).fetchall()


def test_ensure_v1_is_idempotent(given):
    _seed(given)
    assert kpi.ensure_v1(given) is True
    assert kpi.ensure_v1(given) is False
    assert given.sql(
        "select version, title, author, cast(created_at as varchar) from kpi_methodologies"
    ).fetchall() == [(1, "Базовая", "seed", "2019-08-09 00:00:00")]
    assert kpi.weights(given, 1) == V1
    assert kpi.current_version(given) == 1


def test_kpi_values_of_two_colleges(given):
    _given_region(given)
    # POO-01, 2024
    # K1: employed 4 + entrepreneur 1 + self-employed 1 = 6 over 11 graduates − 4 excused
    #     (conscript, contract, continuing education, parental leave) = 7
    # K2: status «employed» and by the specialty: 3 of the 4 «employed» (the entrepreneur does not count)
    # K3: grades in force 5, 4 (45 %), 3, 5 (credited), 2 → 3 of 5 sat got 4 or 5
    # K4: regional gold 4 + medallion 1 + juniors' silver 3 + national bronze 2×2 = 12; the corporate
    #     gold does not count. POO-02: national gold 4×2 + regional bronze 2 = 10. OVO-01 (16) is not a
    #     college, so the best college is POO-01 with 12 → 12/12
    # K5: enrolled 55 + 20 = 75 over КЦП 50 + 30 = 80 → 0.9375
    # K6: experts valid on 31.12.2024: E1 (until that day) and E3 (two certificates, counted once) = 2;
    #     E2 starts in 2025. POO-02 has E4 (from that day) = 1; E5 ended on 30.12. OVO-01 has 3 but is
    #     no college, so the maximum is 2
    assert _values(given, 2024, "POO-01") == [
        ("K1", 6, 7, 6 / 7, True),
        ("K2", 3, 4, 0.75, True),
        ("K3", 3, 5, 0.6, True),
        ("K4", 12, 12, 1.0, True),
        ("K5", 75, 80, 0.9375, True),
        ("K6", 2, 2, 1.0, True),
    ]
    # POO-02, 2024: K1 and K2 have denominator 0 (nobody could work, nobody employed) → 0, no data;
    # K3 1 of 2; K4 10/12; K5 50/40 capped at 1; K6 1/2
    assert _values(given, 2024, "POO-02") == [
        ("K1", 0, 0, 0.0, False),
        ("K2", 0, 0, 0.0, False),
        ("K3", 1, 2, 0.5, True),
        ("K4", 10, 12, 10 / 12, True),
        ("K5", 50, 40, 1.0, True),
        ("K6", 1, 2, 0.5, True),
    ]
    # POO-03 has no graduates and no exams; 5 enrolled with КЦП 0 is no data either. K4 and K6 have a
    # denominator (the best college), so 0 of it is data
    assert _values(given, 2024, "POO-03") == [
        ("K1", 0, 0, 0.0, False),
        ("K2", 0, 0, 0.0, False),
        ("K3", 0, 0, 0.0, False),
        ("K4", 0, 12, 0.0, True),
        ("K5", 5, 0, 0.0, False),
        ("K6", 0, 2, 0.0, True),
    ]


def test_every_college_has_six_rows_in_every_year(given):
    _given_region(given)
    # years come from any dataset: 2023 has only one admissions row; 4 colleges × 2 years × 6
    counts = given.sql(
        "select year, count(distinct inst_code), count(*) from kpi_values group by year order by year"
    ).fetchall()
    assert counts == [(2023, 4, 24), (2024, 4, 24)]
    assert given.sql("select count(*) from kpi_values where inst_code = 'OVO-01'").fetchall() == [(0,)]
    # no medals at all in 2023: the best college has 0 → K4 is 0 without data for everybody;
    # on 31.12.2023 only E1 (POO-01) and E5 (POO-02) were valid → 1 each, the maximum 1
    assert given.sql(
        "select inst_code, numerator, denominator, value, has_data from kpi_values"
        " where year = 2023 and indicator_code in ('K4', 'K6') order by indicator_code, inst_code"
    ).fetchall() == [
        ("POO-01", 0, 0, 0.0, False),
        ("POO-02", 0, 0, 0.0, False),
        ("POO-03", 0, 0, 0.0, False),
        ("POO-04", 0, 0, 0.0, False),
        ("POO-01", 1, 1, 1.0, True),
        ("POO-02", 1, 1, 1.0, True),
        ("POO-03", 0, 1, 0.0, True),
        ("POO-04", 0, 1, 0.0, True),
    ]


def test_director_kpi_points_and_scores_with_a_tie(given):
    _given_region(given)
    # points = 100 × weight × value, weights of v1: K1 .25, K2 .15, K3 .20, K4 .15, K5 .15, K6 .10
    points = given.sql(
        "select indicator_code, weight, points, methodology_version from director_kpi"
        " where year = 2024 and inst_code = 'POO-02' order by indicator_code"
    ).fetchall()
    assert [(c, float(w), v) for c, w, _, v in points] == [(c, w, 1) for c, w in V1.items()]
    # POO-02: 0 + 0 + 20×0.5 + 15×10/12 + 15×1 + 10×0.5 = 10 + 12.5 + 15 + 5 = 42.5
    assert [p for *_, p, _v in points] == pytest.approx([0, 0, 10, 12.5, 15, 5])

    scores = given.sql(
        "select inst_code, score, rank, methodology_version from director_kpi_scores"
        " where year = 2024 order by rank, inst_code"
    ).fetchall()
    # POO-01: 25×6/7 + 15×0.75 + 20×0.6 + 15×1 + 15×0.9375 + 10×1 = 21.428571… + 11.25 + 12 + 15 + 14.0625 + 10
    # POO-04: K1 1/1 → 25; K2 0/1 → 0; K3 none; K4 bronze 2/12 → 2.5; K5 10/10 → 15; K6 0 → 42.5,
    #         a tie with POO-02: both second; POO-03 scores 0 and is third (dense ranks)
    assert [(i, r, v) for i, _, r, v in scores] == [
        ("POO-01", 1, 1),
        ("POO-02", 2, 1),
        ("POO-04", 2, 1),
        ("POO-03", 3, 1),
    ]
    assert [s for _, s, _, _ in scores] == pytest.approx([25 * 6 / 7 + 62.3125, 42.5, 42.5, 0])
    assert given.sql("select count(*) from director_kpi where year = 2024").fetchall() == [(24,)]


def test_a_new_methodology_version_becomes_current(given):
    _given_region(given)
    # version 2 weighs graduate employment only
    given.sql(
        """
        insert into kpi_methodologies values (2, 'Только трудоустройство', 'coord', timestamp '2026-01-01', null);
        insert into kpi_weights values (2, 'K1', 1), (2, 'K2', 0), (2, 'K3', 0), (2, 'K4', 0), (2, 'K5', 0), (2, 'K6', 0);
        """
    )
    models.build_models(given)
    assert given.sql("select distinct methodology_version from director_kpi").fetchall() == [(2,)]
    # score = 100 × K1: POO-04 100 (1/1), POO-01 100×6/7, POO-02 and POO-03 0 (no data)
    scores = given.sql(
        "select inst_code, score, rank, methodology_version from director_kpi_scores"
        " where year = 2024 order by rank, inst_code"
    ).fetchall()
    assert [(i, r, v) for i, _, r, v in scores] == [
        ("POO-04", 1, 2),
        ("POO-01", 2, 2),
        ("POO-02", 3, 2),
        ("POO-03", 3, 2),
    ]
    assert [s for _, s, _, _ in scores] == pytest.approx([100, 600 / 7, 0, 0])
    # every version stays in the _all models
    assert given.sql(
        "select methodology_version, count(*) from director_kpi_scores_all where year = 2024 group by all order by 1"
    ).fetchall() == [(1, 4), (2, 4)]
    assert given.sql(
        "select methodology_version, count(*) from director_kpi_all group by all order by 1"
    ).fetchall() == [(1, 48), (2, 48)]


def test_revoked_batch_leaves_the_kpi(given):
    _given_region(given)
    # withdraw the admissions batch: 2023 is no KPI year any more, and K5 has no data anywhere
    given.sql("update upload_batches set status = 'revoked' where dataset = 'admissions'")
    models.build_models(given)
    assert given.sql("select distinct year from kpi_values").fetchall() == [(2024,)]
    assert given.sql(
        "select count(*) from kpi_values where indicator_code = 'K5' and has_data"
    ).fetchall() == [(0,)]


def test_kpi_checks_pass_and_catch_bad_weights(given):
    from mart.platform import checks

    _given_region(given)
    wanted = {"kpi_weights_sum", "kpi_values_range"}
    found = [c for c in checks.file_checks() if c.name in wanted]
    assert {c.name for c in found} == wanted
    assert all(r.failures == 0 for r in checks.run_checks(given, found))
    given.sql(
        """
        insert into kpi_methodologies values (2, 'Сумма 0,9', 'coord', timestamp '2026-01-01', null);
        insert into kpi_weights values (2, 'K1', 0.9);
        """
    )
    failed = {r.check.name: r.failures for r in checks.run_checks(given, found)}
    assert failed == {"kpi_weights_sum": 1, "kpi_values_range": 0}
