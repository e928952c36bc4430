"""The demo exam models (sql/marts/exams/) on given rows, every figure by hand.

2024: POO-01 09.02.07 «А»: S1 75 → 5, S2 45 → 4, S3 credited without a score → 5; POO-01 15.01.05
«Б»: S4 10 → 2; S1 also sat «Б» in 09.02.07 with 25 → 3; POO-02 09.02.07 «А»: S5 50 graded 3 by the
college (the grade given wins over the scale). 2023: POO-01 09.02.07 «А»: S1 30 → 3.
"""

import pytest

from mart.platform import models

IT, WELD = "09.02.07", "15.01.05"


def _given_exams(con):
    con.sql(
        f"""
        insert into seed.demo_exam_grades values
            (2, 'неуд', 0, 19.99), (3, 'уд', 20, 39.99), (4, 'хор', 40, 69.99), (5, 'отл', 70, 100);
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)
            values (1, 'demo_exams', 'd.csv', 'upsert', 't', timestamp '2026-01-01', 'cli', 'accepted');
        insert into raw.demo_exams (batch_id, row_no, op, year, inst_code, specialty_code, competence,
                                    student_id, score_pct, grade, credited) values
            (1, 2, 'upsert', 2024, 'POO-01', '{IT}', 'А', 'S1', 75, null, null),
            (1, 3, 'upsert', 2024, 'POO-01', '{IT}', 'А', 'S2', 45, null, null),
            (1, 4, 'upsert', 2024, 'POO-01', '{IT}', 'А', 'S3', null, null, true),
            (1, 5, 'upsert', 2024, 'POO-01', '{WELD}', 'Б', 'S4', 10, null, null),
            (1, 6, 'upsert', 2024, 'POO-01', '{IT}', 'Б', 'S1', 25, null, null),
            (1, 7, 'upsert', 2024, 'POO-02', '{IT}', 'А', 'S5', 50, 3, null),
            (1, 8, 'upsert', 2023, 'POO-01', '{IT}', 'А', 'S1', 30, null, null);
        """
    )
    models.build_models(con)


COLUMNS = "exams, grade_2, grade_3, grade_4, grade_5, graded, scored, credited, good, good_share, avg_score"


def _cell(con, year, inst=None, spec=None, comp=None):
    return con.sql(
        f"select {COLUMNS} from demo_exam_cube where year = $y and inst_code is not distinct from $i"
        " and specialty_code is not distinct from $s and competence is not distinct from $c",
        params={"y": year, "i": inst, "s": spec, "c": comp},
    ).fetchall()


def test_the_cube_holds_every_total(given):
    _given_exams(given)
    # the region 2024: 6 exams; grades 2 (S4), 3 (S1 «Б», S5), 4 (S2), 5 (S1 «А», S3); 3 good of 6;
    # scores 75 + 45 + 10 + 25 + 50 over 5 (the credited one has none)
    assert _cell(given, 2024) == [pytest.approx((6, 1, 2, 1, 2, 6, 5, 1, 3, 0.5, 41.0))]
    # POO-01: 5 exams, 3 good; scores 75 + 45 + 10 + 25 over 4
    assert _cell(given, 2024, "POO-01") == [pytest.approx((5, 1, 1, 1, 2, 5, 4, 1, 3, 0.6, 38.75))]
    # POO-01 × 09.02.07 over both competences: 4 exams, 3 good
    assert _cell(given, 2024, "POO-01", IT) == [pytest.approx((4, 0, 1, 1, 2, 4, 3, 1, 3, 0.75, 145 / 3))]
    # competence «А» in the region: 4 exams, the college's 3 for S5
    assert _cell(given, 2024, None, None, "А") == [pytest.approx((4, 0, 1, 1, 2, 4, 3, 1, 3, 0.75, 170 / 3))]
    # one cell: POO-02 × 09.02.07 × «А»
    assert _cell(given, 2024, "POO-02", IT, "А") == [pytest.approx((1, 0, 1, 0, 0, 1, 1, 0, 0, 0.0, 50.0))]
    # 2024: 1 total + 2 institutions + 2 specialties + 2 competences + 3 institution × specialty
    # + 3 institution × competence + 3 specialty × competence + 4 cells = 20; 2023: 8 of one cell
    assert given.sql("select year, count(*) from demo_exam_cube group by year order by year").fetchall() == [
        (2023, 8),
        (2024, 20),
    ]


def test_last_years_share_and_the_grade_distribution(given):
    _given_exams(given)
    rows = given.sql(
        "select inst_code, good_share, good_share_prev, good_share_change from demo_exam_figures"
        " where year = 2024 and inst_code is not null and specialty_code = $s and competence = 'А'"
        " order by inst_code",
        params={"s": IT},
    ).fetchall()
    # POO-01 × 09.02.07 × «А»: 3 of 3 good after 0 of 1 (a 3 in 2023); POO-02 had no exams in 2023
    assert rows == [("POO-01", 1.0, 0.0, 1.0), ("POO-02", 0.0, None, None)]
    grades = given.sql(
        "select grade, grade_label, exams, share from demo_exam_grade_shares_at(p_inst_code := 'POO-01')"
        " where year = 2024 and inst_code = 'POO-01' and specialty_code is null and competence is null"
        " order by grade"
    ).fetchall()
    assert grades == [(2, "неуд", 1, 0.2), (3, "уд", 1, 0.2), (4, "хор", 1, 0.2), (5, "отл", 2, 0.4)]
    # by default, the region's total: the cube's grade counts of the cell where every dimension is empty
    region = given.sql(
        "select year, grade, exams from demo_exam_grade_shares where inst_code is null order by all"
    ).fetchall()
    totals = given.sql(
        "select year, grade_2, grade_3, grade_4, grade_5 from demo_exam_cube"
        " where inst_code is null and specialty_code is null and competence is null order by year"
    ).fetchall()
    assert region == [(y, g, row[g - 2]) for y, *row in totals for g in (2, 3, 4, 5)]
    assert given.sql("select count(*) from demo_exam_grade_shares").fetchall() == [(len(region),)]


def test_students_per_cell_in_one_competence_or_all(given):
    _given_exams(given)
    rows = given.sql(
        "select inst_code, specialty_code, competence, students from demo_exam_students"
        " where year = 2024 order by inst_code, specialty_code, competence nulls first"
    ).fetchall()
    # S1 sat two competences of 09.02.07: one student of the cell, not two
    assert rows == [
        ("POO-01", IT, None, 3),
        ("POO-01", IT, "А", 3),
        ("POO-01", IT, "Б", 1),
        ("POO-01", WELD, None, 1),
        ("POO-01", WELD, "Б", 1),
        ("POO-02", IT, None, 1),
        ("POO-02", IT, "А", 1),
    ]


def test_filter_options(given):
    _given_exams(given)
    assert given.sql(
        "select competence from demo_exam_options where inst_code = 'POO-01' and specialty_code = $s"
        " and competence is not null order by competence",
        params={"s": IT},
    ).fetchall() == [("А",), ("Б",)]
    assert given.sql(
        "select specialty_code from demo_exam_options where inst_code = 'POO-02' and specialty_code is not null"
        " and competence is null"
    ).fetchall() == [(IT,)]
