"""«Демонстрационный экзамен» page: what each role sees, filters by key and in the URL, figures vs SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page

PAGE = "demo-exams.py"
COUNCIL = Access(role="council", login="council1")
RKC = Access(role="regional_center", login="rkc")
COORDINATOR = Access(role="coordinator", login="minobr")
POO05 = Access(role="institution", login="poo05", inst_code="POO-05")

FIGURES_SQL = """
    select
        count(*) as exams,
        count(*) filter (where grade in (4, 5)) as good,
        count(grade) as graded,
        avg(score_pct) filter (where score_pct is not null) as avg_score,
        count(*) filter (where credited) as credited
    from demo_exams
    where year = $year
        and ($inst is null or inst_code = $inst)
        and ($spec is null or specialty_code = $spec)
        and ($comp is null or competence = $comp)
"""


def sql(path: Path, query: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, params or {}).fetchall()
    finally:
        con.close()


def expected(path: Path, year: int, inst=None, spec=None, comp=None) -> dict:
    exams, good, graded, avg_score, credited = sql(
        path, FIGURES_SQL, {"year": year, "inst": inst, "spec": spec, "comp": comp}
    )[0]
    return {
        "exams": f"{exams:,}".replace(",", "\u00a0"),
        "good": f"{good / graded * 100:.1f}\u00a0%".replace(".", ","),
        "avg": f"{float(avg_score):.1f}\u00a0%".replace(".", ","),
        "credited": str(credited),
    }


def run(ctx: Access, **params) -> AppTest:
    at = open_page(PAGE, default_timeout=60)
    at.session_state["access"] = ctx
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def assert_figures(at: AppTest, want: dict) -> None:
    shown = metrics(at)
    assert shown["Сдавали экзамен"] == want["exams"]
    assert shown["Оценки «4» и «5»"] == want["good"]
    assert shown["Средний балл"] == want["avg"]
    assert shown["Зачтено по результатам чемпионатов"] == want["credited"]


def table(at: AppTest, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    return None


def texts(at: AppTest) -> str:
    parts = [*at.caption, *at.markdown, *at.info, *at.warning, *at.success, *at.subheader]
    return "\n".join(p.value for p in parts)


def test_public_sees_regional_totals_and_filters_by_key(built_mart):
    at = run(PUBLIC)
    assert_figures(at, expected(built_mart, 2025))
    assert {s.key for s in at.selectbox} == {"year", "spec", "comp"}
    assert table(at, "inst_code") is None and table(at, "student_id") is None
    # the region's table by specialty is complete
    by_spec = table(at, "specialty_code")
    per_spec = dict(
        sql(built_mart, "select specialty_code, count(*) from demo_exams where year = 2025 group by all")
    )
    assert dict(zip(by_spec["specialty_code"], by_spec["exams"], strict=True)) == per_spec
    at.selectbox(key="year").set_value(2022).run()
    at.selectbox(key="comp").set_value("Сварочные технологии").run()
    assert_figures(at, expected(built_mart, 2022, comp="Сварочные технологии"))
    assert at.query_params["comp"] == "Сварочные технологии"


def test_public_cannot_reach_an_institution_through_the_url(built_mart):
    at = run(PUBLIC, year="2024", inst="POO-03")
    assert_figures(at, expected(built_mart, 2024))


def test_grade_distribution_matches_the_grades_in_force(built_mart):
    at = run(PUBLIC, year="2024")
    grades = dict(sql(built_mart, "select grade, count(*) from demo_exams where year = 2024 group by grade"))
    by_spec = table(at, "specialty_code")
    assert [int(by_spec[f"grade_{g}"].sum()) for g in (2, 3, 4, 5)] == [
        grades.get(g, 0) for g in (2, 3, 4, 5)
    ]


def test_council_compares_institutions_and_drills_down(built_mart):
    at = run(COUNCIL, year="2024")
    colleges = table(at, "inst_code")
    per_inst = dict(
        sql(built_mart, "select inst_code, count(*) from demo_exams where year = 2024 group by all")
    )
    assert dict(zip(colleges["inst_code"], colleges["exams"], strict=True)) == per_inst
    at.selectbox(key="inst").set_value("POO-03").run()
    at.selectbox(key="spec").set_value("31.02.01").run()
    assert_figures(at, expected(built_mart, 2024, inst="POO-03", spec="31.02.01"))
    assert "меньше 5 скрыты" in texts(at)
    assert table(at, "student_id") is None
    assert "Результаты студентов" not in texts(at)


def test_regional_center_sees_institutions_but_no_person_rows(built_mart):
    at = run(RKC, year="2025", inst="POO-01")
    assert_figures(at, expected(built_mart, 2025, inst="POO-01"))
    assert table(at, "student_id") is None


def test_coordinator_opens_person_rows_without_hidden_cells(built_mart):
    at = run(COORDINATOR, year="2025", inst="POO-07", spec="09.02.07")
    rows = table(at, "student_id")
    n = sql(
        built_mart,
        "select count(*) from demo_exams where year = 2025 and inst_code = 'POO-07' and specialty_code = '09.02.07'",
    )
    assert len(rows) == n[0][0]
    assert "меньше 5 скрыты" not in texts(at)


def test_too_many_person_rows_ask_to_narrow_the_choice(built_mart, monkeypatch):
    from pages.ui import tables

    monkeypatch.setattr(tables, "PERSON_ROWS_AT_MOST", 10)
    at = run(COORDINATOR, year="2025")
    assert table(at, "student_id") is None
    assert "Строк больше 10 — слишком много для таблицы на экране" in texts(at)


def test_institution_sees_its_own_person_rows_only(built_mart):
    at = run(POO05, year="2025")
    rows = table(at, "student_id")
    n = sql(built_mart, "select count(*) from demo_exams where year = 2025 and inst_code = 'POO-05'")
    assert len(rows) == n[0][0] and set(rows["inst_code"]) == {"POO-05"}
    at.selectbox(key="inst").set_value("POO-06").run()
    assert table(at, "student_id") is None
    assert "другой организации недоступны" in texts(at)
    assert_figures(at, expected(built_mart, 2025, inst="POO-06"))


@pytest.mark.parametrize("ctx", [PUBLIC, COUNCIL, COORDINATOR, POO05])
def test_every_role_sees_the_demo_banner_measure_and_freshness(built_mart, ctx):
    at = run(ctx)
    assert any("Демонстрационный режим" in w.value for w in at.warning)
    assert any(e.label == "Актуальность данных" for e in at.expander)
    assert "п. 5.13" in texts(at)
