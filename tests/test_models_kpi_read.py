"""The KPI page's models (sql/marts/kpi/) on the given region of test_models_kpi, figures by hand.

Scores under v1 (test_models_kpi): 2024 — POO-01 25×6/7 + 62.3125 (1st), POO-02 and POO-04 42.5
(2nd, a tie), POO-03 0 (3rd). 2023 has admissions and experts only: POO-01 K5 10/10 → 15 and K6 1/1
→ 10 = 25 (1st); POO-02 K6 1/1 → 10 (2nd); POO-03 and POO-04 0 (3rd).
"""

import pytest

from tests.test_models_kpi import _given_region

POO01_2024 = 25 * 6 / 7 + 62.3125


def test_ranking_with_last_year_and_the_indicators(given):
    _given_region(given)
    rows = given.sql(
        "select inst_code, rank, score, rank_prev, score_prev, score_delta, rank_change,"
        " k3_value, k3_has_data, k3_points, k3_delta_pp, k5_delta_pp, k6_value, k6_delta_pp"
        " from kpi_ranking where year = 2024 and methodology_version = 1 order by rank, inst_code"
    ).fetchall()
    assert [r[:2] for r in rows] == [("POO-01", 1), ("POO-02", 2), ("POO-04", 2), ("POO-03", 3)]
    poo01, poo02, poo04, poo03 = rows
    assert poo01[2:7] == pytest.approx((POO01_2024, 1, 25, POO01_2024 - 25, 0))
    # K5 0.9375 after 1.0: −6.25 points of percentage; K6 1.0 both years: 0; K3 2023 had no data
    assert poo01[7:] == pytest.approx((0.6, True, 12, None, -6.25, 1.0, 0.0))
    # POO-02 10 → 42.5, second both years; K6 0.5 after 1.0: −50
    assert poo02[2:7] == pytest.approx((42.5, 2, 10, 32.5, 0))
    assert poo02[7:] == pytest.approx((0.5, True, 10, None, None, 0.5, -50.0))
    # POO-04 3rd → 2nd: up one place
    assert (poo04[3], poo04[6]) == (3, 1)
    assert (poo03[3], poo03[6]) == (3, 0)


def test_indicator_rows_carry_the_figures_and_last_year(given):
    _given_region(given)
    rows = given.sql(
        "select indicator_code, numerator, denominator, value, weight, points, value_prev, delta_pp, points_delta"
        " from kpi_indicator_rows where year = 2024 and inst_code = 'POO-01' and methodology_version = 1"
        " order by sort_order"
    ).fetchall()
    assert rows[4] == pytest.approx(("K5", 75, 80, 0.9375, 0.15, 14.0625, 1.0, -6.25, -0.9375))
    assert rows[0][:7] == pytest.approx(("K1", 6, 7, 6 / 7, 0.25, 25 * 6 / 7, 0.0))
    assert rows[0][7] is None  # 2023 has no K1 data: no change in points of percentage


def test_score_trend_beside_the_region(given):
    _given_region(given)
    rows = given.sql(
        "select year, score, rank, colleges, region_mean, region_median from kpi_score_trend"
        " where inst_code = 'POO-02' and methodology_version = 1 order by year"
    ).fetchall()
    assert rows == [
        pytest.approx((2023, 10, 2, 4, (25 + 10) / 4, 5.0)),
        pytest.approx((2024, 42.5, 2, 4, (POO01_2024 + 85) / 4, 42.5)),
    ]


def test_trial_scores_and_ranking_under_weights_not_saved(given):
    _given_region(given)
    # all the weight on K1: POO-04 100 (1/1), POO-01 100×6/7, POO-02 and POO-03 0 (no data)
    tried = given.sql(
        "select inst_code, score, rank from kpi_trial_scores_at(w_k1 := 1, w_k2 := 0, w_k3 := 0,"
        " w_k4 := 0, w_k5 := 0, w_k6 := 0) where year = 2024 order by rank, inst_code"
    ).fetchall()
    assert tried == [
        pytest.approx(("POO-04", 100, 1)),
        pytest.approx(("POO-01", 600 / 7, 2)),
        ("POO-02", 0, 3),
        ("POO-03", 0, 3),
    ]
    # no weights given: the current version's, so the scores of director_kpi_scores
    same = given.sql(
        "select t.inst_code, t.score - s.score, t.rank = s.rank from kpi_trial_scores as t"
        " inner join director_kpi_scores as s using (year, inst_code) order by all"
    ).fetchall()
    assert len(same) == 8 and all(abs(d) < 1e-9 and r for _, d, r in same)
    ranking = given.sql(
        "select inst_code, rank, base_score, base_rank, score_change, rank_change"
        " from kpi_trial_ranking_at(w_k1 := 1, w_k2 := 0, w_k3 := 0, w_k4 := 0, w_k5 := 0, w_k6 := 0,"
        " base_version := 1) where year = 2024 order by rank, inst_code"
    ).fetchall()
    assert ranking == [
        pytest.approx(("POO-04", 1, 42.5, 2, 57.5, 1)),
        pytest.approx(("POO-01", 2, POO01_2024, 1, 600 / 7 - POO01_2024, -1)),
        pytest.approx(("POO-02", 3, 42.5, 2, -42.5, -1)),
        pytest.approx(("POO-03", 3, 0, 3, 0, 0)),
    ]


def test_methodology_versions_years_and_municipalities(given):
    _given_region(given)
    given.sql(
        """
        insert into kpi_methodologies values (2, 'Только трудоустройство', 'coord', timestamp '2026-01-01', null);
        insert into kpi_weights values (2, 'K1', 1), (2, 'K2', 0), (2, 'K3', 0), (2, 'K4', 0), (2, 'K5', 0), (2, 'K6', 0);
        """
    )
    rows = given.sql(
        "select version, is_current, K1, K3, K6 from kpi_methodology_versions order by version"
    ).fetchall()
    assert [(v, c, float(a), float(b), float(d)) for v, c, a, b, d in rows] == [
        (1, False, 0.25, 0.20, 0.10),
        (2, True, 1.0, 0.0, 0.0),
    ]
    assert given.sql("select year, colleges from kpi_years order by year").fetchall() == [
        (2023, 4),
        (2024, 4),
    ]
    # the given colleges name no municipality; the university is no college
    assert given.sql("select municipality, colleges from kpi_municipalities").fetchall() == [(None, 4)]


def test_a_saved_evaluation_ranks_its_frozen_rows(given):
    _given_region(given)
    given.sql(
        """
        insert into kpi_evaluations (evaluation_id, year, methodology_version, title, created_by, created_at,
                                     batch_ids)
            values (7, 2024, 1, 'Комиссия', 'coord', timestamp '2026-11-20', [1, 3, 99]);
        insert into kpi_evaluation_rows
            select 7, p.inst_code, p.indicator_code, p.value, v.numerator, v.denominator, p.has_data,
                   p.weight, p.points, s.score, s.rank
            from director_kpi_all as p
            inner join kpi_values as v using (year, inst_code, indicator_code)
            inner join director_kpi_scores_all as s using (year, inst_code, methodology_version)
            where p.year = 2024 and p.methodology_version = 1 and p.inst_code in ('POO-01', 'POO-02');
        """
    )
    rows = given.sql(
        "select rank, inst_code, short_name, score, k1_value, k3_value, k1_has_data, no_data"
        " from kpi_evaluation_ranking where evaluation_id = 7 order by rank"
    ).fetchall()
    assert rows == [
        pytest.approx((1, "POO-01", "Колледж 1", POO01_2024, 6 / 7, 0.6, True, None)),
        # POO-02 has no K1 and K2 data: empty values, named in no_data
        pytest.approx((2, "POO-02", "Колледж 2", 42.5, None, 0.5, False, "K1, K2")),
    ]
    # the sources are the batches frozen with it that exist: institutions (1) and demo exams (3)
    assert given.sql(
        "select dataset, batches, last_batch_id from kpi_evaluation_sources where evaluation_id = 7 order by dataset"
    ).fetchall() == [("demo_exams", 1, 3), ("institutions", 1, 1)]
    assert given.sql(
        "select evaluation_id, methodology_title, is_partial from kpi_evaluation_list"
    ).fetchall() == [(7, "Базовая", False)]
