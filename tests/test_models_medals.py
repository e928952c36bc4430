"""The medal table and graduate employment counts on given rows, expected rows computed by hand."""

from mart.platform import models


def _batch(con, batch_id, dataset, status="accepted"):
    con.sql(
        "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
        " values ($b, $d, 'f.csv', 'upsert', 'test', timestamp '2025-01-01' + to_days($b), 'cli', $s)",
        params={"b": batch_id, "d": dataset, "s": status},
    )


def test_championship_medals(given):
    given.sql(
        """
        insert into seed.medals values
            ('gold', 'Золото', 4, 1), ('silver', 'Серебро', 3, 2), ('bronze', 'Бронза', 2, 3),
            ('medallion', 'Медальон', 1, 4), ('none', 'Без медали', 0, 5);
        """
    )
    _batch(given, 1, "championship_results")
    _batch(given, 2, "championship_results", status="revoked")
    given.sql(
        """
        insert into raw.championship_results (batch_id, row_no, op, year, event, level, age_group,
                                              competence, participant_id, inst_code, medal) values
            (1, 2, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Электромонтаж', 'P01', 'POO-01', 'gold'),
            (1, 3, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Сварка', 'P02', 'POO-01', 'gold'),
            (1, 4, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Кулинария', 'P03', 'POO-01', 'silver'),
            (1, 5, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Сварка', 'P04', 'POO-01', 'none'),
            (1, 6, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Кулинария', 'P05', 'POO-02', 'medallion'),
            (1, 7, 'upsert', 2024, 'РЧ', 'regional', 'juniors', 'Кулинария', 'P06', 'POO-01', 'bronze'),
            (1, 8, 'upsert', 2024, 'НФ', 'national', 'main', 'Электромонтаж', 'P01', 'POO-01', 'bronze'),
            (1, 9, 'upsert', 2024, 'КЧ', 'corporate', 'main', 'Сварка', 'P07', 'POO-02', 'gold'),
            -- a schoolchild without an institution is not in the table
            (1, 10, 'upsert', 2024, 'РЧ', 'regional', 'juniors', 'Сварка', 'P08', null, 'gold'),
            -- only won nothing: a row of zeros
            (1, 11, 'upsert', 2023, 'РЧ', 'regional', 'main', 'Сварка', 'P09', 'POO-03', 'none'),
            -- a revoked batch does not count
            (2, 2, 'upsert', 2024, 'РЧ', 'regional', 'main', 'Сварка', 'P10', 'POO-02', 'gold');
        """
    )
    models.build_models(given)
    rows = given.sql(
        "select year, level, age_group, inst_code, gold, silver, bronze, medallion, medal_points"
        " from championship_medals order by all"
    ).fetchall()
    assert rows == [
        (2023, "regional", "main", "POO-03", 0, 0, 0, 0, 0),
        # plain medal-table points, not doubled for the national level: bronze = 2
        (2024, "corporate", "main", "POO-02", 1, 0, 0, 0, 4),
        (2024, "national", "main", "POO-01", 0, 0, 1, 0, 2),
        (2024, "regional", "juniors", "POO-01", 0, 0, 1, 0, 2),
        # 2 gold × 4 + 1 silver × 3 = 11
        (2024, "regional", "main", "POO-01", 2, 1, 0, 0, 11),
        (2024, "regional", "main", "POO-02", 0, 0, 0, 1, 1),
    ]


def test_graduate_employment(given):
    given.sql(
        """
        insert into seed.employment_statuses (status_code, label_ru, status_group, sort_order) values
            ('employed', 'Трудоустроен', 'employed', 10),
            ('army_conscript', 'Армия', 'excused', 50),
            ('unemployed_registered', 'Безработный', 'other', 90),
            ('other', 'Иное', 'other', 170);
        """
    )
    _batch(given, 1, "graduates")
    _batch(given, 2, "graduates")
    given.sql(
        """
        insert into raw.graduates (batch_id, row_no, op, inst_code, graduation_year, specialty_code,
                                   graduate_id, status) values
            (1, 2, 'upsert', 'POO-01', 2024, '15.02.08', 'G1', 'unemployed_registered'),
            (1, 3, 'upsert', 'POO-01', 2024, '15.02.08', 'G2', 'employed'),
            (1, 4, 'upsert', 'POO-01', 2024, '15.02.08', 'G3', 'army_conscript'),
            (1, 5, 'upsert', 'POO-01', 2024, '15.01.05', 'G4', 'employed'),
            (1, 6, 'upsert', 'POO-02', 2024, '15.02.08', 'G1', 'other'),
            (1, 7, 'upsert', 'POO-01', 2023, '15.02.08', 'G1', 'employed'),
            (1, 8, 'upsert', 'POO-02', 2024, '15.02.08', 'G2', 'employed'),
            -- a later version: G1 of POO-01 found a job (counted once, in its current status)
            (2, 2, 'upsert', 'POO-01', 2024, '15.02.08', 'G1', 'employed'),
            -- and G2 of POO-02 left the slice
            (2, 0, 'retire', 'POO-02', 2024, null, 'G2', null);
        """
    )
    models.build_models(given)
    rows = given.sql("select * from graduate_employment order by all").fetchall()
    assert rows == [
        (2023, "POO-01", "15.02.08", "employed", 1),
        (2024, "POO-01", "15.01.05", "employed", 1),
        (2024, "POO-01", "15.02.08", "army_conscript", 1),
        (2024, "POO-01", "15.02.08", "employed", 2),  # G1 (now) and G2
        (2024, "POO-02", "15.02.08", "other", 1),
    ]
    assert given.sql("select * from graduate_employment limit 0").columns == [
        "graduation_year",
        "inst_code",
        "specialty_code",
        "status",
        "graduates",
    ]
