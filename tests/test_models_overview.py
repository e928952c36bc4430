"""Overview models (sql/marts/overview/) on given rows, expected rows worked out by hand (today = 2026-11-26)."""

import datetime as dt

import duckdb
import pytest

from mart.platform import db, migrations, models


def _batch(con, batch_id, dataset, by, at, status="accepted"):
    con.execute(
        "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
        " values (?, ?, 'f.csv', 'upsert', ?, ?, 'page', ?)",
        [batch_id, dataset, by, at, status],
    )


def _given_region(con):
    con.sql(
        """
        insert into seed.medals values
            ('gold', 'Золото', 4, 1), ('silver', 'Серебро', 3, 2), ('bronze', 'Бронза', 2, 3),
            ('medallion', 'Медальон', 1, 4), ('none', 'Без медали', 0, 5);
        insert into seed.collection_rules values
            ('graduates', 'Трудоустройство выпускников', 'colleges', null, null, 1),
            ('demo_exams', 'Демонстрационный экзамен', 'colleges', null, null, 2),
            ('admissions', 'Приём', 'colleges', null, null, 3);
        """
    )
    t = dt.datetime
    _batch(con, 1, "institutions", "anna", t(2019, 1, 1))
    _batch(con, 2, "graduates", "poo01", t(2025, 11, 20, 10))
    _batch(con, 3, "graduates", "poo02", t(2026, 11, 1, 12))
    _batch(con, 4, "demo_exams", "poo01", t(2026, 10, 1, 9))
    _batch(con, 5, "championship_results", "rkc", t(2025, 5, 1))
    _batch(con, 6, "demo_exams", "poo02", t(2026, 10, 2, 9), status="revoked")
    con.sql(
        """
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, full_name, kind, municipality) values
            (1, 2, 'upsert', 'POO-01', 'К1', 'Колледж 1', 'ПОО', 'г. Б'),
            (1, 3, 'upsert', 'POO-02', 'К2', 'Колледж 2', 'ПОО', 'г. Б'),
            (1, 4, 'upsert', 'POO-03', 'К3', 'Колледж 3', 'ПОО', 'г. С'),
            (1, 5, 'upsert', 'OVO-01', 'В1', 'Вуз 1', 'ОВО', 'г. Б');
        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, specialty_code, graduate_id, status)
        values
            (2, 2, 'upsert', 'POO-01', 2025, '15.02.08', 'G1', 'employed'),
            (3, 2, 'upsert', 'POO-02', 2025, '15.02.08', 'G2', 'employed');
        insert into raw.demo_exams (batch_id, row_no, op, year, inst_code, specialty_code, competence, student_id,
                                    score_pct) values
            (4, 2, 'upsert', 2025, 'POO-01', '15.02.08', 'Сварка', 'S1', 50),
            (6, 2, 'upsert', 2025, 'POO-02', '15.02.08', 'Сварка', 'S2', 50);
        insert into raw.championship_results (batch_id, row_no, op, year, event, level, age_group,
                                              competence, participant_id, inst_code, medal) values
            (5, 2, 'upsert', 2024, 'РЧ-2024', 'regional', 'main', 'Сварка', 'P01', 'POO-01', 'gold'),
            (5, 3, 'upsert', 2024, 'РЧ-2024', 'regional', 'main', 'Кулинария', 'P02', 'POO-02', 'gold'),
            (5, 4, 'upsert', 2024, 'РЧ-2024', 'regional', 'juniors', 'Кулинария', 'P03', 'POO-02', 'bronze'),
            (5, 5, 'upsert', 2024, 'РЧ-2024', 'regional', 'main', 'Электромонтаж', 'P04', 'OVO-01', 'gold'),
            (5, 6, 'upsert', 2024, 'РЧ-2024', 'regional', 'main', 'Электромонтаж', 'P05', 'POO-03', 'medallion'),
            (5, 7, 'upsert', 2024, 'РЧ-2024', 'regional', 'main', 'Сварка', 'P06', null, 'silver'),
            (5, 8, 'upsert', 2024, 'НФ', 'national', 'main', 'Сварка', 'P01', 'POO-01', 'silver');
        insert into collections (dataset, year, deadline, opened_by, opened_at, auto_opened, closed_by, closed_at) values
            ('graduates', 2025, date '2025-12-01', 'anna', timestamp '2025-09-01', false, null, null),
            ('demo_exams', 2025, date '2025-12-01', 'anna', timestamp '2025-09-01', false, null, null);
        insert into collection_excuses values
            ('graduates', 2025, 'POO-03', 'нет выпуска', 'anna', timestamp '2025-10-01');
        insert into batch_coverage values
            (2, 'graduates', 2025, 'POO-01'), (3, 'graduates', 2025, 'POO-02'), (4, 'demo_exams', 2025, 'POO-01'),
            (6, 'demo_exams', 2025, 'POO-02');
        """
    )
    models.build_models(con)


@pytest.fixture(scope="module")
def region_file(tmp_path_factory):
    """The given rows with every model built, once per module (the tests only read it)."""
    path = tmp_path_factory.mktemp("overview_models") / "given.duckdb"
    con = duckdb.connect(str(path))
    db.prepare(con)
    migrations.migrate(con)
    _given_region(con)
    con.close()
    return path


@pytest.fixture
def given(region_file):
    con = duckdb.connect(str(region_file), read_only=True)
    db.prepare(con)
    yield con
    con.close()


def test_counts_and_years_of_the_overview(given):
    assert given.sql("select colleges, universities from institution_counts").fetchall() == [(3, 1)]
    assert given.sql("select year from overview_years").fetchall() == [(2025,), (2024,)]


def test_college_data_gaps(given):
    rows = given.sql(
        "select inst_code, dataset, latest_year, has_latest_year, days_since_upload, problem"
        " from college_data_gaps order by inst_code, dataset"
    ).fetchall()
    nobody = "набор ещё не загружал никто; принятых загрузок нет"
    assert rows == [
        ("POO-01", "admissions", None, False, None, nobody),
        # 20.11.2025 → 26.11.2026: 371 days
        ("POO-01", "graduates", 2025, True, 371, "последняя загрузка 371 дн. назад"),
        ("POO-02", "admissions", None, False, None, nobody),
        # its demo exams batch was revoked
        ("POO-02", "demo_exams", 2025, False, None, "нет данных за 2025 год; принятых загрузок нет"),
        ("POO-03", "admissions", None, False, None, nobody),
        ("POO-03", "demo_exams", 2025, False, None, "нет данных за 2025 год; принятых загрузок нет"),
        # excused from 2025, but nothing ever uploaded
        ("POO-03", "graduates", 2025, True, None, "принятых загрузок нет"),
    ]
    # another year and another limit of staleness, as parameters
    rows = given.sql(
        "select inst_code, dataset, problem from college_data_gaps_at(p_year := 2024, p_stale_days := 400)"
        " where inst_code = 'POO-01' order by dataset"
    ).fetchall()
    assert rows == [
        ("POO-01", "admissions", "нет данных за 2024 год; принятых загрузок нет"),
        ("POO-01", "demo_exams", "нет данных за 2024 год"),
        ("POO-01", "graduates", "нет данных за 2024 год"),
    ]
