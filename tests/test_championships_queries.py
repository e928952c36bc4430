"""mart/read/championships.py: access by role, and the figures on given rows computed by hand and on the
demo mart against direct SQL."""

import duckdb
import polars as pl
import pytest

from mart.access.rules import PUBLIC, Access, AccessDenied
from mart.platform import models
from mart.read import championships as ch

COUNCIL = Access(role="council", login="c")
COLLEGE = Access(role="institution", login="poo01", inst_code="POO-01")


@pytest.fixture
def tiny_mart(given, tmp_path, monkeypatch):
    """A mart with a handful of results (see the comments for the hand-computed figures)."""
    given.sql(
        """
        insert into seed.medals values
            ('gold', 'Золото', 4, 1), ('silver', 'Серебро', 3, 2), ('bronze', 'Бронза', 2, 3),
            ('medallion', 'Медальон', 1, 4), ('none', 'Без медали', 0, 5);
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)
        values (1, 'institutions', 'i.csv', 'upsert', 't', timestamp '2025-01-01', 'cli', 'accepted'),
               (2, 'championship_results', 'r.csv', 'upsert', 't', timestamp '2025-01-02', 'cli', 'accepted');
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО'),
            (1, 3, 'upsert', 'POO-02', 'Колледж 2', 'ПОО'),
            (1, 4, 'upsert', 'POO-03', 'Колледж 3', 'ПОО');
        """
    )
    given.sql(
        """
        insert into raw.championship_results (batch_id, row_no, op, year, event, level, age_group, competence,
                                              participant_id, participant_name, inst_code, organization,
                                              score, medal) values
        """
        + ",\n".join(
            f"(2, {n}, 'upsert', {y}, '{e}', '{lv}', '{ag}', '{c}', '{p}', '{nm}', {inst}, {org}, {sc}, '{m}')"
            for n, (y, e, lv, ag, c, p, nm, inst, org, sc, m) in enumerate(ROWS, start=2)
        )
    )
    models.build_models(given)
    given.close()
    monkeypatch.setenv("MART_DB", str(tmp_path / "given.duckdb"))


# year, event, level, age group, competence, participant, name, inst_code, organization, score, medal
ROWS = [
    # 2024 regional, main: POO-01 gold + bronze = 6 and POO-02 two silvers = 6 (POO-01 has the gold:
    # 1st), POO-03 gold = 4; P01 also competes in welding: one contestant, two results
    (2024, "РЧ 2024", "regional", "main", "Электромонтаж", "P01", "Иванов", "'POO-01'", "null", 90, "gold"),
    (2024, "РЧ 2024", "regional", "main", "Сварка", "P01", "Иванов", "'POO-01'", "null", 40, "none"),
    (2024, "РЧ 2024", "regional", "main", "Сварка", "P02", "Петров", "'POO-01'", "null", 60, "bronze"),
    (
        2024,
        "РЧ 2024",
        "regional",
        "main",
        "Электромонтаж",
        "P03",
        "Сидоров",
        "'POO-02'",
        "null",
        80,
        "silver",
    ),
    (2024, "РЧ 2024", "regional", "main", "Сварка", "P04", "Козлов", "'POO-02'", "null", 70, "silver"),
    (2024, "РЧ 2024", "regional", "main", "Сварка", "P05", "Орлов", "'POO-03'", "null", 95, "gold"),
    (2024, "РЧ 2024", "regional", "main", "Электромонтаж", "P07", "Зайцев", "'POO-03'", "null", 30, "none"),
    # 2024 juniors: schoolchildren, by school
    (2024, "РЧ 2024", "regional", "juniors", "Сварка", "S01", "Школьник 1", "null", "'СОШ № 1'", 88, "gold"),
    (
        2024,
        "РЧ 2024",
        "regional",
        "juniors",
        "Сварка",
        "S02",
        "Школьник 2",
        "null",
        "'СОШ № 1'",
        77,
        "silver",
    ),
    (
        2024,
        "РЧ 2024",
        "regional",
        "juniors",
        "Электромонтаж",
        "S03",
        "Школьник 3",
        "null",
        "'Гимназия'",
        66,
        "gold",
    ),
    # 2024 corporate: employees, by employer
    (2024, "КЧ 2024", "corporate", "main", "Сварка", "W01", "Рабочий 1", "null", "'АО «Завод»'", 85, "gold"),
    (
        2024,
        "КЧ 2024",
        "corporate",
        "main",
        "Сварка",
        "W02",
        "Рабочий 2",
        "null",
        "'ООО «Сервис»'",
        75,
        "silver",
    ),
    # 2023 regional, main
    (2023, "РЧ 2023", "regional", "main", "Электромонтаж", "P01", "Иванов", "'POO-01'", "null", 70, "silver"),
    (2023, "РЧ 2023", "regional", "main", "Сварка", "P08", "Новиков", "'POO-02'", "null", 91, "gold"),
]


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda ctx: ch.competences(ctx),
        lambda ctx: ch.institutions(ctx),
        lambda ctx: ch.medal_table(ctx, 2024, "regional", "main"),
        lambda ctx: ch.by_competence(ctx, 2024, "regional", "main"),
        lambda ctx: ch.organization_table(ctx, "juniors", 2024),
        lambda ctx: ch.organization_table(ctx, "corporate", 2024),
        lambda ctx: ch.results(ctx, 2024, "regional", "main"),
    ],
)
def test_public_is_denied_institution_tables_and_names(tiny_mart, call):
    with pytest.raises(AccessDenied):
        call(PUBLIC)
    assert isinstance(call(COUNCIL), pl.DataFrame)


def test_public_gets_regional_totals(tiny_mart):
    assert ch.years(PUBLIC).get_column("year").to_list() == [2024, 2023]
    assert ch.yearly_totals(PUBLIC, "regional", "main").height == 2
    assert ch.yearly_points_by_level(PUBLIC).height == 3
    assert ch.measures(PUBLIC).get_column("item_label").to_list() == []  # no roadmap seeds in this mart


def test_unknown_codes_are_refused(tiny_mart):
    with pytest.raises(ValueError):
        ch.medal_table(COUNCIL, 2024, "world", None)
    with pytest.raises(ValueError):
        ch.organization_table(COUNCIL, "schools", 2024)


# --- figures on given rows ----------------------------------------------------------------------------


def test_medal_table_ranks_by_points_then_gold(tiny_mart):
    rows = ch.medal_table(COUNCIL, 2024, "regional", "main").rows()
    assert rows == [
        # place, code, name, contestants, gold, silver, bronze, medallion, medals, points
        (1, "POO-01", "Колледж 1", 2, 1, 0, 1, 0, 2, 6),
        (2, "POO-02", "Колледж 2", 2, 0, 2, 0, 0, 2, 6),
        (3, "POO-03", "Колледж 3", 2, 1, 0, 0, 0, 1, 4),
    ]
    # a competence filter: welding only — POO-03 gold 4, POO-02 silver 3, POO-01 bronze 2
    welding = ch.medal_table(COUNCIL, 2024, "regional", "main", "Сварка")
    assert welding.select("place", "inst_code", "medal_points").rows() == [
        (1, "POO-03", 4),
        (2, "POO-02", 3),
        (3, "POO-01", 2),
    ]
    # schoolchildren and employees have no institution: not in the institutions' table
    assert ch.medal_table(COUNCIL, 2024, "regional", "juniors").is_empty()
    assert ch.medal_table(COUNCIL, 2024, "corporate", None).is_empty()


def test_yearly_totals_count_people_once(tiny_mart):
    rows = ch.yearly_totals(COUNCIL, "regional", "main").rows(named=True)
    assert [
        (r["year"], r["contestants"], r["competences"], r["medals"], r["medal_points"]) for r in rows
    ] == [
        (2023, 2, 2, 2, 7),
        # P01 in two competences is one contestant; 2 gold + 2 silver + 1 bronze = 16 points
        (2024, 6, 2, 5, 16),
    ]
    by_level = ch.yearly_points_by_level(COUNCIL).select("year", "level", "medal_points").rows()
    # 2024 regional = main 16 + juniors 4 + 3 + 4 = 27; corporate 4 + 3 = 7
    assert by_level == [(2023, "regional", 7), (2024, "corporate", 7), (2024, "regional", 27)]


def test_by_competence_names_the_leader(tiny_mart):
    rows = ch.by_competence(COUNCIL, 2024, "regional", "main").rows(named=True)
    assert [
        (r["competence"], r["contestants"], r["medals"], r["medal_points"], r["leader"]) for r in rows
    ] == [
        ("Сварка", 4, 3, 9, "Колледж 3"),
        ("Электромонтаж", 3, 2, 7, "Колледж 1"),
    ]


def test_juniors_by_school_and_corporate_by_employer(tiny_mart):
    juniors = ch.organization_table(COUNCIL, "juniors", 2024)
    assert juniors.select("place", "organization", "contestants", "medal_points").rows() == [
        (1, "СОШ № 1", 2, 7),
        (2, "Гимназия", 1, 4),
    ]
    corporate = ch.organization_table(COUNCIL, "corporate", 2024)
    assert corporate.select("place", "organization", "medal_points").rows() == [
        (1, "АО «Завод»", 4),
        (2, "ООО «Сервис»", 3),
    ]


def test_results_by_name_for_one_institution(tiny_mart):
    rows = ch.results(COLLEGE, 2024, "regional", "main", None, "POO-01")
    # by competence, the best score first
    assert rows.select("participant_name", "competence", "score", "medal", "organization").rows() == [
        ("Петров", "Сварка", 60.0, "bronze", "Колледж 1"),
        ("Иванов", "Сварка", 40.0, "none", "Колледж 1"),
        ("Иванов", "Электромонтаж", 90.0, "gold", "Колледж 1"),
    ]
    assert set(rows.get_column("inst_code")) == {"POO-01"}
    assert rows.get_column("level_label").unique().to_list() == ["Региональный"]


# --- the demo mart against direct SQL ----------------------------------------------------------------


def _sql(path, query):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(query).fetchall()
    finally:
        con.close()


def test_demo_medal_table_matches_the_medals_view(built_mart):
    expected = _sql(
        built_mart,
        """
        select inst_code, gold, silver, bronze, medallion, medal_points
        from championship_medals
        where year = 2025 and level = 'regional' and age_group = 'main'
        order by inst_code
        """,
    )
    table = ch.medal_table(COUNCIL, 2025, "regional", "main")
    got = table.sort("inst_code").select("inst_code", "gold", "silver", "bronze", "medallion", "medal_points")
    assert got.rows() == expected
    points = table.get_column("medal_points").to_list()
    assert points == sorted(points, reverse=True)
    assert (
        table.get_column("medal_points")
        == 4 * table["gold"] + 3 * table["silver"] + 2 * table["bronze"] + table["medallion"]
    ).all()


def test_demo_totals_match_direct_sql(built_mart):
    expected = _sql(
        built_mart,
        """
        select year, count(distinct participant_id), count(distinct competence),
               count(*) filter (where medal <> 'none'), sum(medal_points)
        from championship_results
        where level = 'regional' and age_group = 'main'
        group by year order by year
        """,
    )
    got = ch.yearly_totals(PUBLIC, "regional", "main").select(
        "year", "contestants", "competences", "medals", "medal_points"
    )
    assert got.rows() == expected


def test_demo_juniors_have_no_institution(built_mart):
    (expected,) = _sql(
        built_mart,
        "select count(distinct participant_id) from championship_results where year = 2025 and age_group = 'juniors'",
    )
    juniors = ch.organization_table(COUNCIL, "juniors", 2025)
    assert juniors.get_column("contestants").sum() == expected[0]


def test_medal_scale_comes_from_the_seed(tiny_mart):
    assert ch.medal_scale(PUBLIC).rows() == [
        ("gold", "Золото", 4),
        ("silver", "Серебро", 3),
        ("bronze", "Бронза", 2),
        ("medallion", "Медальон", 1),
    ]
    assert ch.points_note(PUBLIC) == "золото 4, серебро 3, бронза 2, медальон 1"
    assert ch.points_note(PUBLIC, " — ").startswith("золото — 4, серебро — 3")


def test_overview_and_championships_show_one_medal_table(built_mart):
    """The overview's (and the council pack's) medal table is the championships page's, not a second one."""
    from mart.read import overview

    page = ch.medal_table(COUNCIL, 2025, "regional", None)
    summary = overview.medals_by_institution(COUNCIL, 2025)
    columns = ["inst_code", "short_name", "gold", "silver", "bronze", "medallion", "medal_points"]
    assert summary.select(columns).sort("inst_code").rows() == page.select(columns).sort("inst_code").rows()
    # the overview ranks the same lines as medal standings: gold first, then silver, bronze, medallions
    standings = page.sort(["gold", "silver", "bronze", "medallion"], descending=True, maintain_order=True)
    assert (
        summary.select("gold", "silver", "bronze", "medallion").rows()
        == standings.select("gold", "silver", "bronze", "medallion").rows()
    )
    assert (
        summary.get_column("place").to_list()
        == summary.select(
            pl.struct("gold", "silver", "bronze", "medallion").rank("min", descending=True).cast(pl.Int32)
        )
        .to_series()
        .to_list()
    )
    (points,) = _sql(
        built_mart,
        "select sum(medal_points) from championship_results"
        " where year = 2025 and level = 'regional' and inst_code is not null",
    )[0]
    assert summary.get_column("medal_points").sum() == points
