"""KPI methodology versions, trying weights, and evaluations frozen for the commission (demo mart)."""

import pytest
from polars.testing import assert_frame_equal

from mart.access.rules import Access, AccessDenied
from mart.intake import ingest
from mart.platform import models
from mart.read import kpi, queries
from tests.conftest import LATEST_COMPLETE_KPI_YEAR

COORDINATOR = Access(role="coordinator", login="coord")
COUNCIL = Access(role="council", login="member")
OPERATOR = Access(role="operator", login="t")
V1 = {"K1": 0.25, "K2": 0.15, "K3": 0.20, "K4": 0.15, "K5": 0.15, "K6": 0.10}
V2 = {"K1": 0.40, "K2": 0.10, "K3": 0.10, "K4": 0.20, "K5": 0.10, "K6": 0.10}


def _sql(query, params=None):
    return queries.reader().df(query, params)


def _latest_year():
    """The newest KPI year whose collections are all complete (the demo's 2026 is partial)."""
    return _sql(LATEST_COMPLETE_KPI_YEAR).item()


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (
            {k: v for k, v in V1.items() if k != "K6"},
            "Нужны веса ровно для показателей K1–K6: нет весов для K6.",
        ),
        ({**V1, "K7": 0}, "Нужны веса ровно для показателей K1–K6: лишние показатели: K7."),
        ({**V1, "K1": 1.25, "K2": -1.1}, "Вес K1 должен быть от 0 до 1, указано 1,25."),
        ({**V1, "K3": "0,2"}, "Вес K3 должен быть числом, указано «0,2»."),
        ({**V1, "K1": 0.2}, "Сумма весов должна быть равна 1, сейчас 0,95."),
        (
            {**V1, "K1": 0.24995, "K2": 0.15005},
            "Вес K1 должен иметь не более четырёх знаков после запятой, указано 0,24995.",
        ),
    ],
)
def test_save_methodology_refuses_bad_weights(mart_env, weights, message):
    with pytest.raises(ValueError) as err:
        kpi.save_methodology(COORDINATOR, weights, "Новая методика")
    assert str(err.value) == message
    assert not mart_env.exists()  # refused before anything was opened for writing


def test_save_methodology_needs_a_title_and_the_right(mart_env):
    with pytest.raises(ValueError, match="Укажите название методики"):
        kpi.save_methodology(COORDINATOR, V1, "  ")
    with pytest.raises(AccessDenied):
        kpi.save_methodology(COUNCIL, V1, "Методика совета")


def test_methodology_versions(built_mart):
    assert kpi.current_version() == 1
    assert kpi.weights(None, 1) == V1

    assert kpi.save_methodology(COORDINATOR, V2, "Методика 2", "акцент на трудоустройство") == 2
    assert kpi.current_version() == 2
    assert kpi.weights(None, 2) == V2
    assert kpi.weights(None, 1) == V1  # a saved version never changes
    listed = kpi.methodologies(COUNCIL)
    assert listed.select("version", "title", "author", "note", "is_current").rows() == [
        (2, "Методика 2", "coord", "акцент на трудоустройство", True),
        (
            1,
            "Базовая",
            "seed",
            "Веса из справочника показателей (seeds/kpi_indicators.csv, weight_v1).",
            False,
        ),
    ]
    # the current views follow the new version; the _all tables keep both
    assert _sql("select distinct methodology_version from director_kpi").to_series().to_list() == [2]
    assert _sql("select distinct methodology_version from director_kpi_scores").to_series().to_list() == [2]
    assert sorted(_sql("select distinct methodology_version as v from director_kpi_scores_all")["v"]) == [
        1,
        2,
    ]
    # going back to the old weights is one more version, not a reuse of 1
    assert kpi.save_methodology(COORDINATOR, V1, "Снова v1") == 3
    assert kpi.current_version() == 3


def test_trying_weights_gives_what_saving_them_would(built_mart):
    year = _latest_year()
    saved = _sql(
        "select inst_code, score, rank from director_kpi_scores where year = $y order by rank, inst_code",
        {"y": year},
    )
    tried = kpi.scores_with_weights(COUNCIL, year, V1)
    assert tried.columns == ["inst_code", "short_name", "score", "rank"]
    assert tried["inst_code"].to_list() == saved["inst_code"].to_list()
    assert tried["rank"].to_list() == saved["rank"].to_list()
    assert tried["score"].to_list() == pytest.approx(saved["score"].to_list())
    assert tried["short_name"].null_count() == 0

    trial_v2 = kpi.scores_with_weights(COUNCIL, year, V2)
    kpi.save_methodology(COORDINATOR, V2, "Методика 2")
    saved_v2 = _sql(
        "select inst_code, score from director_kpi_scores where year = $y order by rank, inst_code",
        {"y": year},
    )
    assert trial_v2["inst_code"].to_list() == saved_v2["inst_code"].to_list()
    assert trial_v2["score"].to_list() == pytest.approx(saved_v2["score"].to_list())

    with pytest.raises(ValueError, match="Сумма весов"):
        kpi.scores_with_weights(COUNCIL, year, {**V1, "K1": 0.5})
    with pytest.raises(AccessDenied):
        kpi.scores_with_weights(Access(), year, V1)


def test_an_evaluation_freezes_the_batches_of_every_dataset_its_rows_are_computed_from():
    """SOURCE_DATASETS are the datasets kpi_evaluation_source reads (raw.<dataset>, through the model graph)."""
    graph = {m.name: m for m in models.discover()}
    read, stack = set(), ["kpi_evaluation_source"]
    seen = set(stack)
    while stack:
        m = graph[stack.pop()]
        read |= m.sources
        stack += [d for d in m.depends if d not in seen]
        seen |= m.depends
    assert "employment_form" in read  # K1, K2 of a college that sent only the federal form
    assert sorted(kpi.SOURCE_DATASETS) == sorted(read)


def test_saved_evaluation_stays_as_it_was(built_mart):
    year = _latest_year()
    sources = _sql(
        "select batch_id from upload_batches where status = 'accepted' and dataset in ('graduates',"
        " 'employment_form', 'demo_exams', 'admissions', 'championship_results', 'experts', 'institutions')"
        " order by batch_id"
    )["batch_id"].to_list()
    assert sources

    with pytest.raises(AccessDenied):
        kpi.save_evaluation(COUNCIL, year, 1, "Заседание")
    with pytest.raises(ValueError, match="Методики версии 9 нет"):
        kpi.save_evaluation(COORDINATOR, year, 9, "Заседание")
    evaluation_id = kpi.save_evaluation(COORDINATOR, year, 1, "Заседание комиссии")
    assert evaluation_id == 1

    listed = kpi.evaluations(COUNCIL)
    assert listed.select("evaluation_id", "year", "methodology_version", "title", "created_by").rows() == [
        (1, year, 1, "Заседание комиссии", "coord")
    ]
    assert listed["batch_ids"].to_list() == [sources]

    before = kpi.evaluation_rows(COUNCIL, evaluation_id)
    colleges = _sql("select count(*) from institutions where kind = 'ПОО'").item()
    assert before.height == colleges * 6
    # the frozen rows are the KPI of that moment
    current = _sql(
        "select k.inst_code, k.indicator_code, k.value, k.points, s.score, s.rank from director_kpi as k"
        " join director_kpi_scores as s using (year, inst_code) where k.year = $y order by all",
        {"y": year},
    )
    assert_frame_equal(
        before.select("inst_code", "indicator_code", "value", "points", "score", "rank").sort(
            "inst_code", "indicator_code"
        ),
        current,
    )

    # three more graduates of POO-01, none of them working: K1 of POO-01 changes in the mart ...
    specialty = _sql(
        "select min(specialty_code) from graduates where inst_code = 'POO-01' and graduation_year = $y",
        {"y": year},
    ).item()
    lines = [f"POO-01;{year};{specialty};LATE-{n};unemployed_registered;;;01.11.2026" for n in range(1, 4)]
    csv = "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date\n"
    result = ingest.load(OPERATOR, "graduates", (csv + "\n".join(lines) + "\n").encode(), "late.csv")
    assert result.accepted, result.errors
    k1 = "select numerator, denominator from kpi_values where year = $y and inst_code = 'POO-01' and indicator_code = 'K1'"
    frozen_k1 = before.filter((before["inst_code"] == "POO-01") & (before["indicator_code"] == "K1"))
    assert _sql(k1, {"y": year}).row(0) == (
        frozen_k1["numerator"].item(),
        frozen_k1["denominator"].item() + 3,
    )

    # ... and a new methodology version changes the current KPI, but the saved evaluation stays
    kpi.save_methodology(COORDINATOR, V2, "Методика 2")
    assert_frame_equal(kpi.evaluation_rows(COUNCIL, evaluation_id), before)
    assert kpi.evaluations(COUNCIL)["batch_ids"].to_list() == [sources]
    assert result.batch_id not in sources

    # the next evaluation sees the new batch
    second = kpi.save_evaluation(COORDINATOR, year, 2, "Повторная оценка")
    assert second == 2
    assert result.batch_id in kpi.evaluations(COUNCIL).filter(evaluation_id=2)["batch_ids"].item().to_list()
    assert kpi.evaluation_rows(COUNCIL, second)["weight"].cast(float).unique().sort().to_list() == [
        0.1,
        0.2,
        0.4,
    ]


def test_reading_evaluations_needs_sign_in(built_mart):
    with pytest.raises(AccessDenied):
        kpi.evaluations(Access())
    with pytest.raises(AccessDenied):
        kpi.evaluation_rows(Access(), 1)


def test_an_institution_drills_down_only_into_its_own_college(built_mart):
    from mart.access.rules import drilldown_scope

    own = Access(role="institution", login="poo01", inst_code="POO-01")
    year = kpi.years(own).get_column("year").max()
    version = kpi.current_version()
    assert kpi.drilldown(own, year, "POO-01", version).height == 6
    with pytest.raises(AccessDenied):
        kpi.drilldown(own, year, "POO-02", version)
    assert drilldown_scope(own, ["POO-01", "POO-02"]) == ["POO-01"]
    council = Access(role="council", login="c")
    assert kpi.drilldown(council, year, "POO-02", version).height == 6
