"""«Трудоустройство выпускников» page: what each role sees, filters by key and in the URL, figures vs SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page

PAGE = "employment.py"
COUNCIL = Access(role="council", login="council1")
COORDINATOR = Access(role="coordinator", login="minobr")
POO03 = Access(role="institution", login="poo03", inst_code="POO-03")

K1_SQL = """
    select
        count(*) as graduates,
        count(*) filter (where status in ('employed', 'entrepreneur', 'self_employed')) as employed,
        count(*) - count(*) filter (
            where status in ('army_conscript', 'army_contract', 'continuing_education', 'parental_leave')
        ) as available,
        count(*) filter (where status = 'employed' and by_specialty) as by_specialty,
        count(*) filter (where status = 'employed') as employed_contract
    from graduates
    where graduation_year = $year
        and ($inst is null or inst_code = $inst)
        and ($spec is null or specialty_code = $spec)
"""


def sql(path: Path, query: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, params or {}).fetchall()
    finally:
        con.close()


def expected(path: Path, year: int, inst: str | None = None, spec: str | None = None) -> dict:
    graduates, employed, available, by_spec, contract = sql(
        path, K1_SQL, {"year": year, "inst": inst, "spec": spec}
    )[0]
    return {
        "graduates": f"{graduates:,}".replace(",", "\u00a0"),
        "k1": f"{employed / available * 100:.1f}\u00a0%".replace(".", ","),
        "k2": f"{by_spec / contract * 100:.1f}\u00a0%".replace(".", ","),
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


def table(at: AppTest, column: str):
    """The first table on screen with this column (pandas)."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    return None


def texts(at: AppTest) -> str:
    parts = [*at.caption, *at.markdown, *at.info, *at.warning, *at.success, *at.subheader]
    return "\n".join(p.value for p in parts)


def keys(at: AppTest) -> set[str]:
    return {s.key for s in at.selectbox}


def test_public_sees_regional_totals_only(built_mart):
    at = run(PUBLIC)
    want = expected(built_mart, 2025)
    shown = metrics(at)
    assert shown["Выпускников"] == want["graduates"]
    assert shown["K1 — уровень трудоустройства"] == want["k1"]
    assert shown["K2 — трудоустроены по специальности"] == want["k2"]
    assert "к прошлому году" in at.metric[0].delta
    assert keys(at) == {"year", "spec"}  # no municipality or institution filters
    assert table(at, "inst_code") is None  # no table by institution
    assert "Выпускники поимённо" not in texts(at)
    assert "меньше 5 скрыты" in texts(at)
    # the status table: every official status, counts as in the mart
    statuses = table(at, "status_label")
    counts = dict(
        sql(
            built_mart,
            "select s.label_ru, count(g.graduate_id) from employment_statuses as s"
            " left join graduates as g on g.status = s.status_code and g.graduation_year = 2025 group by all",
        )
    )
    assert len(statuses) == 17
    assert dict(zip(statuses["status_label"], statuses["graduates"], strict=True)) == counts


def test_public_cannot_reach_an_institution_through_the_url(built_mart):
    at = run(PUBLIC, year="2024", inst="POO-03")
    assert metrics(at)["Выпускников"] == expected(built_mart, 2024)["graduates"]
    assert "POO-03" not in at.markdown[0].value


def test_public_filters_a_specialty_by_key(built_mart):
    at = run(PUBLIC)
    at.selectbox(key="year").set_value(2023).run()
    at.selectbox(key="spec").set_value("09.02.07").run()
    want = expected(built_mart, 2023, spec="09.02.07")
    assert metrics(at)["Выпускников"] == want["graduates"]
    assert metrics(at)["K1 — уровень трудоустройства"] == want["k1"]
    assert at.query_params["year"] == "2023" and at.query_params["spec"] == "09.02.07"


def test_council_compares_institutions(built_mart):
    at = run(COUNCIL)
    assert {"year", "muni", "inst", "spec"} <= keys(at)
    at.selectbox(key="year").set_value(2024).run()
    colleges = table(at, "inst_code")
    per_inst = dict(
        sql(built_mart, "select inst_code, count(*) from graduates where graduation_year = 2024 group by all")
    )
    assert dict(zip(colleges["inst_code"], colleges["graduates"], strict=True)) == per_inst
    at.selectbox(key="inst").set_value("POO-03").run()
    want = expected(built_mart, 2024, inst="POO-03")
    assert metrics(at)["Выпускников"] == want["graduates"]
    assert metrics(at)["K1 — уровень трудоустройства"] == want["k1"]
    assert "меньше 5 скрыты" in texts(at)
    assert "Выпускники поимённо" not in texts(at)
    assert table(at, "graduate_id") is None
    assert at.query_params["inst"] == "POO-03"


def _status_counts(at: AppTest) -> dict:
    statuses = table(at, "status_label")
    return dict(zip(statuses["status_label"], statuses["graduates"], strict=True))


def _sql_status_counts(path: Path, year: int, inst: str, spec: str) -> dict:
    return dict(
        sql(
            path,
            "select s.label_ru, count(g.graduate_id) from employment_statuses as s"
            " left join graduates as g on g.status = s.status_code and g.graduation_year = $y"
            " and g.inst_code = $i and g.specialty_code = $s group by all",
            {"y": year, "i": inst, "s": spec},
        )
    )


def test_council_sees_small_counts_by_specialty_hidden_coordinator_does_not(built_mart):
    params = {"year": "2025", "inst": "POO-03", "spec": "31.02.01"}
    truth = _sql_status_counts(built_mart, 2025, "POO-03", "31.02.01")
    assert any(0 < n < 5 for n in truth.values())  # the demo has small counts here
    council = _status_counts(run(COUNCIL, **params))
    for label, n in truth.items():
        shown = council[label]
        if 0 < n < 5:
            assert shown != shown or shown is None, label  # NaN/None: hidden
        elif shown == shown and shown is not None:
            assert shown == n, label
    coordinator = run(COORDINATOR, **params)
    assert _status_counts(coordinator) == truth
    assert "меньше 5 скрыты" not in texts(coordinator)


def test_a_link_reproduces_the_view_and_flags_other_above_one_in_200(built_mart):
    flagged = sql(
        built_mart,
        "select inst_code from graduates where graduation_year = 2023 group by inst_code"
        " having count(*) filter (where status = 'other') * 200 > count(*)",
    )
    assert flagged == [("POO-06",)]
    at = run(COUNCIL, year="2023")
    assert at.selectbox(key="year").value == 2023
    warning = "\n".join(w.value for w in at.warning)
    assert "POO-06" in warning and "пояснения" in warning
    colleges = table(at, "inst_code")
    assert colleges.loc[colleges["inst_code"] == "POO-06", "other_flag"].item() == "нужно пояснение"


def test_coordinator_opens_person_rows_of_any_institution(built_mart):
    at = run(COORDINATOR, year="2024", inst="POO-08")
    rows = table(at, "graduate_id")
    n = sql(
        built_mart, "select count(*) from graduates where graduation_year = 2024 and inst_code = 'POO-08'"
    )
    assert len(rows) == n[0][0]
    assert set(rows["inst_code"]) == {"POO-08"}


def test_too_many_person_rows_ask_to_narrow_the_choice(built_mart, monkeypatch):
    """The whole country's graduates are not sent to the browser: the coordinator is asked to choose."""
    from pages.ui import tables

    year_rows = sql(built_mart, "select count(*) from graduates where graduation_year = 2024")[0][0]
    one_college = sql(
        built_mart, "select count(*) from graduates where graduation_year = 2024 and inst_code = 'POO-08'"
    )[0][0]
    monkeypatch.setattr(tables, "PERSON_ROWS_AT_MOST", one_college)
    assert year_rows > one_college
    at = run(COORDINATOR, year="2024")
    assert table(at, "graduate_id") is None
    assert f"Строк больше {one_college} — слишком много для таблицы на экране" in texts(at)
    # exactly the limit still shows, in full
    at = run(COORDINATOR, year="2024", inst="POO-08")
    assert len(table(at, "graduate_id")) == one_college


def test_institution_sees_its_own_person_rows_only(built_mart):
    at = run(POO03, year="2025")
    rows = table(at, "graduate_id")
    n = sql(
        built_mart, "select count(*) from graduates where graduation_year = 2025 and inst_code = 'POO-03'"
    )
    assert len(rows) == n[0][0] and set(rows["inst_code"]) == {"POO-03"}
    at.selectbox(key="inst").set_value("POO-04").run()
    assert table(at, "graduate_id") is None
    assert "другой организации недоступны" in texts(at)
    # other institutions' aggregates are there (the council's view), with its own KPI
    assert metrics(at)["Выпускников"] == expected(built_mart, 2025, inst="POO-04")["graduates"]


@pytest.mark.parametrize("ctx", [PUBLIC, COUNCIL, COORDINATOR, POO03])
def test_every_role_sees_the_demo_banner_and_freshness(built_mart, ctx):
    at = run(ctx)
    assert any("Демонстрационный режим" in w.value for w in at.warning)
    assert any(e.label == "Актуальность данных" for e in at.expander)
    assert "п. 8.1" in texts(at)
