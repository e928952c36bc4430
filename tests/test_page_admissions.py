"""«Приём и КЦП» page: what each role sees, the filters by key and in the URL, figures against the mart."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from mart.platform import ru
from tests.pages_app import open_page

PAGE = "admissions.py"
COUNCIL = Access(role="council", login="council1")
COORDINATOR = Access(role="coordinator", login="minobr")
ECONOMY = Access(role="economy", login="minec")
POO03 = Access(role="institution", login="poo03", inst_code="POO-03")


def sql(path: Path, query: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, params or {}).fetchall()
    finally:
        con.close()


def run(ctx: Access, **params) -> AppTest:
    at = open_page(PAGE, default_timeout=90)
    at.session_state["access"] = ctx
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    return None


def texts(at: AppTest) -> str:
    parts = [*at.caption, *at.markdown, *at.info, *at.warning, *at.success, *at.subheader]
    return "\n".join(p.value for p in parts)


def region(path: Path, year: int) -> dict:
    cols = ["approved", "awarded", "enrolled", "competition", "fulfilment", "target_share", "unfilled"]
    row = sql(path, f"select {', '.join(cols)} from kcp_region where admission_year = $y", {"y": year})[0]
    return dict(zip(cols, row, strict=True))


def expected_metrics(figures: dict) -> dict[str, str]:
    return {
        "Утверждено": ru.number(figures["approved"]),
        "Распределено": ru.number(figures["awarded"]),
        "Зачислено на бюджет": ru.number(figures["enrolled"]),
        "Заявлений на место": ru.number(figures["competition"], 2),
        "Выполнение КЦП": ru.percent(figures["fulfilment"]),
        "Целевое обучение": ru.percent(figures["target_share"]),
        "Не заполнено мест": ru.number(figures["unfilled"]),
    }


def test_public_sees_regional_totals_by_ugs_for_the_latest_complete_year(built_mart):
    at = run(PUBLIC)
    # 2026: places awarded, the colleges' admission not reported yet; 2027: proposals only
    assert at.sidebar.selectbox(key="year").value == 2025
    assert metrics(at).items() >= expected_metrics(region(built_mart, 2025)).items()
    cycle = table(at, "ugs_code")
    assert cycle is not None and "specialty_code" not in cycle.columns
    n_ugs = sql(built_mart, "select count(*) from kcp_cycle_ugs where admission_year = 2025")[0][0]
    assert len(cycle) == n_ugs
    assert cycle["awarded"].sum() == region(built_mart, 2025)["awarded"]
    assert table(at, "inst_code") is None
    assert "Расхождения" not in texts(at)
    assert len(at.sidebar.selectbox) == 2  # year and УГС, no college filter
    assert len(at.get("vega_lite_chart")) >= 3  # the funnel, target contracts, the trend


def test_council_sees_specialties_colleges_and_discrepancies_and_filters(built_mart):
    at = run(COUNCIL)
    cycle = table(at, "specialty_code")
    n_specs = sql(built_mart, "select count(*) from kcp_cycle where admission_year = 2025")[0][0]
    assert cycle is not None and len(cycle) == n_specs
    colleges = table(at, "inst_code")
    n_rows, unfilled = sql(
        built_mart,
        "select count(*), sum(greatest(unfilled, 0)) from kcp_college_detail where admission_year = 2025",
    )[0]
    assert len(colleges) == n_rows and colleges["inst_code"].nunique() == 19
    # rows with unfilled places come first, and say so
    assert colleges["unfilled"].iloc[0] == colleges["unfilled"].max() > 0
    assert colleges["note"].iloc[0].startswith("недобор")
    assert f"Не заполнено бюджетных мест: {ru.number(unfilled)}" in texts(at)
    found = sql(built_mart, "select count(*) from kcp_discrepancies where admission_year = 2025")[0][0]
    if found:
        assert f"Расхождений: {found}." in texts(at)
    else:
        assert "совпадают с итогами конкурса" in texts(at)

    # another year by its key: the figures follow
    at.selectbox(key="year").set_value(2023).run()
    assert metrics(at).items() >= expected_metrics(region(built_mart, 2023)).items()
    # one УГС: the headline figures are the УГС's
    at.selectbox(key="ugs").set_value("15.00.00").run()
    awarded, enrolled = sql(
        built_mart,
        "select awarded, enrolled from kcp_cycle_ugs where admission_year = 2023 and ugs_code = '15.00.00'",
    )[0]
    assert metrics(at)["Распределено"] == ru.number(awarded)
    assert metrics(at)["Зачислено на бюджет"] == ru.number(enrolled)
    assert set(table(at, "specialty_code")["specialty_code"].str[:3]) == {"15."}
    # one college
    at.selectbox(key="inst").set_value("POO-02").run()
    assert set(table(at, "inst_code")["inst_code"]) == {"POO-02"}
    assert at.query_params["year"] == "2023" and at.query_params["inst"] == "POO-02"


def test_a_link_reproduces_the_view_and_partial_years_say_so(built_mart):
    # 2026: the demo's admission is reported by 17 of 19 colleges (POO-01 and POO-07 are late)
    at = run(ECONOMY, year="2026", ugs="35.00.00")
    assert at.sidebar.selectbox(key="year").value == 2026
    assert at.sidebar.selectbox(key="ugs").value == "35.00.00"
    assert "2026 — неполные данные" in at.sidebar.selectbox(key="year").options
    assert "данные от 17 из 19 колледжей (сбор до 01.10.2026)" in texts(at)
    assert "За 2026 приём сдали ещё не все организации" in texts(at)
    awarded, enrolled = sql(
        built_mart,
        "select awarded, enrolled from kcp_cycle_ugs where admission_year = 2026 and ugs_code = '35.00.00'",
    )[0]
    assert metrics(at)["Распределено"] == ru.number(awarded)
    assert metrics(at)["Зачислено на бюджет"] == ru.number(enrolled)
    # no change from the previous year is shown next to a partial year
    assert all(m.proto.delta == "" for m in at.metric)

    # 2027: the ministries' proposals only, nothing awarded or admitted yet
    at.sidebar.selectbox(key="year").set_value(2027).run()
    assert "2027 — только предложения" in at.sidebar.selectbox(key="year").options
    assert metrics(at)["Зачислено на бюджет"] == "—"
    assert all(m.proto.delta == "" for m in at.metric)


def test_college_sees_its_own_bids_awards_and_fulfilment(built_mart):
    at = run(POO03)
    colleges = table(at, "inst_code")
    assert set(colleges["inst_code"]) == {"POO-03"}
    bid, awarded = sql(
        built_mart,
        "select sum(bid), sum(awarded) from kcp_college_detail where admission_year = 2025 and inst_code = 'POO-03'",
    )[0]
    assert colleges["bid"].sum() == bid and colleges["awarded"].sum() == awarded
    assert "вашей организации" in texts(at)
    assert [b.key for b in at.sidebar.selectbox] == ["year", "ugs"]
    found = table(at, "kind_label")
    if found is not None:
        assert set(found["inst_code"]) == {"POO-03"}


def test_places_against_the_need_at_graduation(built_mart):
    at = run(COUNCIL)
    shown = table(at, "gap_after")
    rows = sql(
        built_mart,
        "select ugs_code, graduation_year, awarded, need, gap_after from kcp_vs_need"
        " where admission_year = 2025 order by ugs_code, graduation_year",
    )
    assert len(shown) == len(rows)
    assert list(zip(shown["ugs_code"], shown["graduation_year"], shown["awarded"], strict=True)) == [
        r[:3] for r in rows
    ]
    short = [r for r in rows if r[4] is not None and r[4] > 0]
    assert (shown["verdict"] == "мест меньше потребности").sum() == len(short)
    # the proposal is the coordinator's
    assert table(at, "final_places") is None


def test_coordinator_prepares_next_years_proposal_and_exports_it(built_mart):
    import io

    import polars as pl

    from mart.read import kcp

    at = run(COORDINATOR)
    draft = table(at, "final_places")
    expected = sql(
        built_mart,
        "select admission_year, count(*), sum(coalesce(suggested_places, current_places)),"
        " sum(suggested_places), sum(current_places) from kcp_proposal_draft group by 1",
    )
    [(year, n, final, suggested, current)] = expected
    assert year == 2027 and len(draft) == n
    assert draft["final_places"].sum() == final
    assert metrics(at)["Проект координатора"] == ru.number(final)
    assert metrics(at)["Предложено системой"] == ru.number(suggested)
    assert metrics(at)["Мест в 2026"] == ru.number(current)
    assert f"Проект КЦП на {year} год" in texts(at)
    assert any(b.proto.label == "Скачать проект КЦП (XLSX)" for b in at.get("download_button"))

    # the export carries the coordinator's numbers, and says the draft is not approved
    edited = kcp.proposal_draft(COORDINATOR).select("specialty_code", "suggested_places")
    edited = edited.with_columns(pl.lit(15).alias("final_places"))
    book = kcp.proposal_xlsx(COORDINATOR, edited, year, {"final_places": "Проект координатора"})
    sheet = pl.read_excel(io.BytesIO(book), sheet_name="Предложение КЦП")
    assert sheet.height == n and sheet["Проект координатора"].sum() == 15 * n
    about = pl.read_excel(io.BytesIO(book), sheet_name="О выгрузке", has_header=False)
    assert any("не утверждён" in str(v) for v in about.to_series(0).to_list() + about.to_series(1).to_list())
