"""The championship models (sql/marts/championships/) on given rows, expected rows computed by hand."""

import duckdb
import pytest

from mart.platform import checks, db, migrations, models

# year, event, level, age group, competence, participant, inst_code, organization, score, medal
ROWS = [
    # 2024 regional, main: P1 of POO-01 in two competences (one contestant), POO-09 is not a known
    # institution
    (2024, "РЧ-24", "regional", "main", "Сварка", "P1", "POO-01", None, 90, "gold"),
    (2024, "РЧ-24", "regional", "main", "Кулинария", "P1", "POO-01", None, 70, "medallion"),
    (2024, "РЧ-24", "regional", "main", "Сварка", "P2", "POO-02", None, 80, "silver"),
    (2024, "РЧ-24", "regional", "main", "Кулинария", "P3", "POO-02", None, 85, "gold"),
    (2024, "РЧ-24", "regional", "main", "Кулинария", "P4", "POO-09", None, 40, "none"),
    # the same P1 at the national final
    (2024, "НФ-24", "national", "main", "Сварка", "P1", "POO-01", None, 75, "bronze"),
    # juniors: schoolchildren, one without a school named
    (2024, "РЧ-24", "regional", "juniors", "Сварка", "S1", None, "Школа 1", 60, "gold"),
    (2024, "РЧ-24", "regional", "juniors", "Сварка", "S2", None, None, 50, "silver"),
    # corporate: employees; W2 is a corporate junior, counted with juniors and with corporate
    (2024, "КЧ-24", "corporate", "main", "Сварка", "W1", None, "Завод", 88, "gold"),
    (2024, "КЧ-24", "corporate", "juniors", "Сварка", "W2", None, "Завод", 66, "bronze"),
    # 2023: POO-01 and POO-02 equal in everything (a shared place); nobody scored in Геодезия
    (2023, "РЧ-23", "regional", "main", "Сварка", "P5", "POO-01", None, 91, "silver"),
    (2023, "РЧ-23", "regional", "main", "Кулинария", "P6", "POO-02", None, 91, "silver"),
    (2023, "РЧ-23", "regional", "main", "Геодезия", "P7", "POO-01", None, 20, "none"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """One mart of the given rows for the module: the tests only read it (one build, not ten)."""
    given = duckdb.connect(str(tmp_path_factory.mktemp("championships") / "given.duckdb"))
    db.prepare(given)
    migrations.migrate(given)
    given.sql(
        """
        insert into seed.medals values
            ('gold', 'Золото', 4, 1), ('silver', 'Серебро', 3, 2), ('bronze', 'Бронза', 2, 3),
            ('medallion', 'Медальон за профессионализм', 1, 4), ('none', 'Без медали', 0, 5);
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)
        values (1, 'institutions', 'i.csv', 'upsert', 't', timestamp '2025-01-01', 'cli', 'accepted'),
               (2, 'championship_results', 'r.csv', 'upsert', 't', timestamp '2025-01-02', 'cli', 'accepted');
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО'),
            (1, 3, 'upsert', 'POO-02', 'Колледж 2', 'ПОО');
        """
    )
    for n, (year, event, level, age, comp, pid, inst, org, score, medal) in enumerate(ROWS, start=2):
        given.execute(
            "insert into raw.championship_results (batch_id, row_no, op, year, event, level, age_group, competence,"
            " participant_id, participant_name, inst_code, organization, score, medal)"
            " values (2, ?, 'upsert', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [n, year, event, level, age, comp, pid, f"Участник {pid}", inst, org, score, medal],
        )
    models.build_models(given)
    yield given
    given.close()


def rows(con, query):
    return con.sql(query).fetchall()


def test_keys_are_unique_and_not_null(con):
    found = [m for m in models.discover() if m.name.startswith("championship_")]
    assert len(found) >= 13
    failed = [r for r in checks.run_checks(con, [checks.key_check(m) for m in found]) if r.failures]
    assert failed == []


def test_medal_scale_is_the_seed(con):
    assert rows(con, "select medal, label, points from championship_medal_scale order by sort_order") == [
        ("gold", "Золото", 4),
        ("silver", "Серебро", 3),
        ("bronze", "Бронза", 2),
        ("medallion", "Медальон за профессионализм", 1),
    ]


def test_each_result_carries_its_medal(con):
    # one 0/1 column per medal, is_medal for any of the four (medallion included, «none» not), and
    # the result's points on the scale: what every medal count and total of the models sums
    assert rows(
        con,
        "select year, event, competence, participant_id, gold, silver, bronze, medallion, is_medal, medal_points"
        " from championship_results order by all",
    ) == [
        (2023, "РЧ-23", "Геодезия", "P7", 0, 0, 0, 0, 0, 0),
        (2023, "РЧ-23", "Кулинария", "P6", 0, 1, 0, 0, 1, 3),
        (2023, "РЧ-23", "Сварка", "P5", 0, 1, 0, 0, 1, 3),
        (2024, "КЧ-24", "Сварка", "W1", 1, 0, 0, 0, 1, 4),
        (2024, "КЧ-24", "Сварка", "W2", 0, 0, 1, 0, 1, 2),
        (2024, "НФ-24", "Сварка", "P1", 0, 0, 1, 0, 1, 2),
        (2024, "РЧ-24", "Кулинария", "P1", 0, 0, 0, 1, 1, 1),
        (2024, "РЧ-24", "Кулинария", "P3", 1, 0, 0, 0, 1, 4),
        (2024, "РЧ-24", "Кулинария", "P4", 0, 0, 0, 0, 0, 0),
        (2024, "РЧ-24", "Сварка", "P1", 1, 0, 0, 0, 1, 4),
        (2024, "РЧ-24", "Сварка", "P2", 0, 1, 0, 0, 1, 3),
        (2024, "РЧ-24", "Сварка", "S1", 1, 0, 0, 0, 1, 4),
        (2024, "РЧ-24", "Сварка", "S2", 0, 1, 0, 0, 1, 3),
    ]


def test_medal_points_follow_the_scale(con):
    # gold worth 5 instead of 4 (rolled back): every total moves with the scale, counts do not
    con.begin()
    try:
        con.sql("update seed.medals set points = 5 where medal = 'gold'")
        assert rows(
            con,
            "select inst_code, gold, medals, medal_points from championship_medal_table_at("
            "p_year := 2024, p_level := 'regional', p_age_group := 'main') order by all",
        ) == [("POO-01", 1, 2, 6), ("POO-02", 1, 2, 8), ("POO-09", 0, 0, 0)]
        assert rows(
            con, "select year, gold, medals, medal_points from championship_yearly_totals order by year"
        ) == [
            (2023, 0, 2, 6),
            (2024, 4, 9, 31),
        ]
    finally:
        con.rollback()


def test_filter_options(con):
    assert rows(con, "select year from championship_years order by 1") == [(2023,), (2024,)]
    assert rows(con, "select competence from championship_competences order by 1") == [
        ("Геодезия",),
        ("Кулинария",),
        ("Сварка",),
    ]
    # POO-09 is not a known institution: not offered as a filter
    assert rows(con, "select * from championship_institutions order by 1") == [
        ("POO-01", "Колледж 1"),
        ("POO-02", "Колледж 2"),
    ]


def test_medal_table(con):
    # 2024 regional main: POO-02 gold + silver = 7; POO-01 gold + medallion = 5 (P1 once among its
    # contestants); POO-09 won nothing: a line of zeros, named by its code
    assert rows(
        con,
        "select * from championship_medal_table_at(p_year := 2024, p_level := 'regional', p_age_group := 'main')"
        " order by place, inst_code",
    ) == [
        (1, "POO-02", "Колледж 2", "ПОО", 2, 1, 1, 0, 0, 2, 7, 1),
        (2, "POO-01", "Колледж 1", "ПОО", 1, 1, 0, 0, 1, 2, 5, 2),
        (3, "POO-09", "POO-09", None, 1, 0, 0, 0, 0, 0, 0, 3),
    ]
    # all 2024 levels: POO-01 adds the national bronze = 7 too; equal gold, POO-02 has the silver
    assert rows(
        con,
        "select place, inst_code, contestants, medals, medal_points from championship_medal_table_at(p_year := 2024)"
        " order by place, inst_code",
    ) == [(1, "POO-02", 2, 2, 7), (2, "POO-01", 1, 3, 7), (3, "POO-09", 1, 0, 0)]
    # 2023: equal in points and every medal: a shared first place
    assert rows(
        con,
        "select place, inst_code, medal_points from championship_medal_table_at(p_year := 2023) order by all",
    ) == [(1, "POO-01", 3), (1, "POO-02", 3)]
    # a competence: welding in 2024 — POO-01 gold 4 + bronze 2, POO-02 silver 3
    assert rows(
        con,
        "select place, inst_code, medal_points from championship_medal_table_at(p_year := 2024, p_competence := 'Сварка')"
        " order by all",
    ) == [(1, "POO-01", 6), (2, "POO-02", 3)]


def test_yearly_totals_count_people_once(con):
    # year, competences, contestants, gold, silver, bronze, medallion, medals, points
    assert rows(con, "select * from championship_yearly_totals_at(p_level := 'regional') order by year") == [
        (2023, 3, 3, 0, 2, 0, 0, 2, 6),
        # P1..P4, S1, S2 (P1 in two competences is one); 3 gold + 2 silver + 1 medallion = 19
        (2024, 2, 6, 3, 2, 0, 1, 6, 19),
    ]
    # every level and age: W1, W2 too, P1 at two championships still one; + national bronze,
    # corporate gold and bronze = 27
    assert rows(con, "select * from championship_yearly_totals where year = 2024") == [
        (2024, 2, 8, 4, 2, 2, 1, 9, 27)
    ]


def test_points_by_level(con):
    # year, level, contestants, gold, silver, bronze, medallion, medals, points
    assert rows(con, "select * from championship_points_by_level_at(p_age_group := 'main') order by all") == [
        (2023, "regional", 3, 0, 2, 0, 0, 2, 6),
        (2024, "corporate", 1, 1, 0, 0, 0, 1, 4),
        (2024, "national", 1, 0, 0, 1, 0, 1, 2),
        (2024, "regional", 4, 2, 1, 0, 1, 4, 12),
    ]


def test_competence_medals_name_the_leader(con):
    got = rows(
        con,
        "select competence, contestants, medals, medal_points, leader"
        " from championship_competence_medals_at(p_year := 2024, p_level := 'regional') order by competence",
    )
    assert got == [
        # Колледж 2 gold 4 beats Колледж 1 medallion 1; POO-09 has no organization name
        ("Кулинария", 3, 2, 5, "Колледж 2"),
        # Колледж 1 gold 4 and Школа 1 gold 4 tie; the unnamed school's silver is nobody's
        ("Сварка", 4, 4, 14, "Колледж 1; Школа 1"),
    ]
    # nobody scored in Геодезия: no leader
    assert rows(
        con, "select competence, leader from championship_competence_medals_at(p_year := 2023) order by 1"
    ) == [("Геодезия", None), ("Кулинария", "Колледж 2"), ("Сварка", "Колледж 1")]


def test_juniors_by_school_and_corporate_by_employer(con):
    # kind, place, organization, events, competences, contestants, gold, silver, bronze, medallion,
    # medals, points
    assert rows(
        con, "select * from championship_organization_medals_at(p_year := 2024) order by kind, place"
    ) == [
        ("corporate", 1, "Завод", 1, 1, 2, 1, 0, 1, 0, 2, 6),
        ("juniors", 1, "Школа 1", 1, 1, 1, 1, 0, 0, 0, 1, 4),
        ("juniors", 2, "Организация не указана", 1, 1, 1, 0, 1, 0, 0, 1, 3),
        # the corporate junior: with the juniors too
        ("juniors", 3, "Завод", 1, 1, 1, 0, 0, 1, 0, 1, 2),
    ]
    assert rows(con, "select count(*) from championship_organization_medals_at(p_year := 2023)") == [(0,)]


def test_named_results_of_one_institution(con):
    assert rows(
        con,
        "select event, competence, participant_name, organization, score, medal, medal_points"
        " from championship_named_results_at(p_year := 2024, p_inst_code := 'POO-01') order by all",
    ) == [
        ("НФ-24", "Сварка", "Участник P1", "Колледж 1", 75.0, "bronze", 2),
        ("РЧ-24", "Кулинария", "Участник P1", "Колледж 1", 70.0, "medallion", 1),
        ("РЧ-24", "Сварка", "Участник P1", "Колледж 1", 90.0, "gold", 4),
    ]


def test_regional_medals_by_year(con):
    # year, event, gold, silver, bronze, medallion, medals (all four), points, institutions with medals:
    # colleges' students only (juniors and employees have no institution), all age groups
    assert rows(con, "select * from championship_regional_medals order by year") == [
        (2023, "РЧ-23", 0, 2, 0, 0, 2, 6, 2),
        (2024, "РЧ-24", 2, 1, 0, 1, 4, 12, 2),
    ]
