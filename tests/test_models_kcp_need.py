"""kcp_vs_need and the coordinator's draft proposal on given rows (d = 3 and 4), figures by hand.

The staffing balance's views (staffing_need, graduate_supply) are given here as rows, so that these
tests check the admission-target models alone; the balance's own rules are tested with it.
"""

import pytest

from mart.platform import models

NEED = """
    select * from (values
        (2027, '15.00.00', null, 'г. Благовещенск', 'survey', 60),
        (2028, '15.00.00', '15.02.08', 'г. Благовещенск', 'survey', 40),
        (2028, '15.00.00', null, 'г. Зея', 'investment_project', 10),
        (2029, '15.00.00', null, 'г. Зея', 'survey', 71),
        (2029, '35.00.00', '35.02.16', 'Ивановский округ', 'survey', 30),
        (2030, '35.00.00', null, 'Ивановский округ', 'survey', 20)
    ) as t(need_year, ugs_code, specialty_code, municipality, source, headcount)
"""
# the latest year with actual graduates is 2024: 140 of 200 enter the labour market (share 0.7)
SUPPLY = """
    select * from (values
        (2023, '15.00.00', '15.02.08', 100.0, 90.0, false),
        (2024, '15.00.00', '15.02.08', 200.0, 140.0, false),
        (2027, '15.00.00', '15.01.05', 16.0, 11.2, true)
    ) as t(year, ugs_code, specialty_code, graduates, supply, is_projected)
"""


def _stand_in(con):
    """The balance's views as given rows (replacing the views a build made, if any)."""
    for name, rows in (("staffing_need", NEED), ("graduate_supply", SUPPLY)):
        kind = con.sql(
            "select table_type from information_schema.tables where table_schema = 'main' and table_name = $n",
            params={"n": name},
        ).fetchall()
        if kind:
            con.sql(f"drop {'view' if kind[0][0] == 'VIEW' else 'table'} {name}")
        con.sql(f"create table {name} as {rows}")


def _given(con):
    con.sql(
        """
        insert into seed.ugs values
            ('15.00.00', 'Машиностроение'), ('35.00.00', 'Сельское хозяйство'), ('43.00.00', 'Сервис и туризм');
        insert into seed.specialties (specialty_code, name, kind, ugs_code) values
            ('15.02.08', 'Технология машиностроения', 'specialty', '15.00.00'),
            ('15.01.05', 'Сварщик', 'profession', '15.00.00'),
            ('15.01.32', 'Оператор станков с ПУ', 'profession', '15.00.00'),
            ('35.02.16', 'Эксплуатация сельхозтехники', 'specialty', '35.00.00'),
            ('35.01.13', 'Тракторист-машинист', 'profession', '35.00.00'),
            ('43.01.09', 'Повар, кондитер', 'profession', '43.00.00');
        insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)
        values (1, 'institutions', 'i.csv', 'upsert', 't', timestamp '2025-01-01', 'cli', 'accepted'),
               (2, 'admissions', 'a.csv', 'upsert', 't', timestamp '2025-01-02', 'cli', 'accepted'),
               (3, 'kcp_proposals', 'p.csv', 'upsert', 't', timestamp '2025-01-03', 'cli', 'accepted');
        insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, kind) values
            (1, 2, 'upsert', 'POO-01', 'Колледж 1', 'ПОО');
        -- places (no competition results: awarded = the college's КЦП)
        insert into raw.admissions (batch_id, row_no, op, year, inst_code, specialty_code, kcp_plan, enrolled) values
            (2, 2, 'upsert', 2024, 'POO-01', '15.01.05', 30, 30),
            (2, 3, 'upsert', 2024, 'POO-01', '15.02.08', 50, 45),
            (2, 4, 'upsert', 2025, 'POO-01', '15.01.05', 20, 20),
            (2, 5, 'upsert', 2025, 'POO-01', '15.01.32', 30, 28),
            (2, 6, 'upsert', 2025, 'POO-01', '15.02.08', 40, 40),
            (2, 7, 'upsert', 2025, 'POO-01', '35.02.16', 25, 20),
            -- a УГС no employer has named
            (2, 8, 'upsert', 2025, 'POO-01', '43.01.09', 20, 20);
        insert into raw.kcp_proposals (batch_id, row_no, op, admission_year, specialty_code, proposed_by, places) values
            (3, 2, 'upsert', 2026, '35.02.16', 'Минсельхоз', 30),
            (3, 3, 'upsert', 2026, '35.01.13', 'Минсельхоз', 10);
        """
    )
    _stand_in(con)
    models.build_models(con)
    _stand_in(con)


def test_kcp_vs_need_with_d_3_and_4(given):
    _given(given)
    rows = given.sql(
        "select * from kcp_vs_need order by admission_year, ugs_code, graduation_year"
    ).fetchall()
    a = pytest.approx
    # projected supply = places × 0.8 × 0.7 (= 0.56 per place); gap_after = need − projected supply
    assert rows == [
        # 2024 professions (d = 3) graduate in 2027: 30 places → 16.8 against the need 60
        (2024, "15.00.00", 30, 2027, a(16.8), 60, a(43.2)),
        # 2024 specialties (d = 4) graduate in 2028: 50 → 28.0 against 40 + 10
        (2024, "15.00.00", 50, 2028, a(28.0), 50, a(22.0)),
        # 2025 professions 20 + 30 → 2028
        (2025, "15.00.00", 50, 2028, a(28.0), 50, a(22.0)),
        # 2025 specialties 40 → 2029 (need 71)
        (2025, "15.00.00", 40, 2029, a(22.4), 71, a(48.6)),
        (2025, "35.00.00", 25, 2029, a(14.0), 30, a(16.0)),
        # a УГС no employer named: the balance's need is 0 that year (the staffing_need rule)
        (2025, "43.00.00", 20, 2028, a(11.2), 0, a(-11.2)),
    ]


def test_next_years_proposal_closes_the_gap_at_the_completion_rate(given):
    _given(given)
    rows = given.sql(
        "select specialty_code, graduation_year, need, earlier_supply, gap, current_places, proposed, suggested_places"
        " from kcp_proposal_draft where admission_year = 2026 order by specialty_code"
    ).fetchall()
    a = pytest.approx
    assert rows == [
        # professions of УГС 15 graduate in 2029: need 71 − 22.4 (specialties admitted in 2025) = 48.6;
        # ⌈48.6 / 0.56⌉ = 87 places, shared by current places 20 : 30 → ⌈34.8⌉ = 35, ⌈52.2⌉ = 53
        ("15.01.05", 2029, 71, a(22.4), a(48.6), 20, None, 35),
        ("15.01.32", 2029, 71, a(22.4), a(48.6), 30, None, 53),
        # specialties admitted in 2026 graduate in 2030: no need of УГС 15 that year → 0 places
        ("15.02.08", 2030, 0, a(0.0), a(0.0), 40, None, 0),
        # a profession only proposed (no places yet): 2029 need 30 − 14.0 = 16 → ⌈16 / 0.56⌉ = 29
        ("35.01.13", 2029, 30, a(14.0), a(16.0), 0, 10, 29),
        # 2030: need 20, nothing earlier → ⌈20 / 0.56⌉ = 36
        ("35.02.16", 2030, 20, a(0.0), a(20.0), 25, 30, 36),
        # no employer has ever named УГС 43: the need is unknown, nothing is suggested
        ("43.01.09", 2029, None, a(0.0), None, 20, None, None),
    ]


def test_the_proposal_leaves_years_beyond_the_forecast_empty(given):
    _given(given)
    given.sql("delete from staffing_need where need_year = 2030")
    rows = given.sql(
        "select specialty_code, need, suggested_places from kcp_proposal_draft where graduation_year = 2030"
        " order by 1"
    ).fetchall()
    assert rows == [("15.02.08", None, None), ("35.02.16", None, None)]
