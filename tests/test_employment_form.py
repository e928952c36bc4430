"""The federal employment-monitoring form (measure 8.1), in and out.

Forms are built here cell by cell in the 2022 layout with xlsxwriter (titles on rows 1–7, column
numbers «01»…«33» on row 8, blocks of 15 rows per specialty with a check row «16»), independently
of the app's own writer, and go through the one ingestion path on a copy of the demo mart.
"""

from __future__ import annotations

import io

import polars as pl
import pytest
import xlsxwriter

from mart import cli
from mart.access.rules import Access, AccessDenied
from mart.intake import fedform, ingest
from mart.read import employment_forms
from mart.read.queries import reader

YEAR = 2026  # no demo data: a form-only college-year
INST = "POO-19"
COLLEGE = Access(role="institution", login="poo19", inst_code=INST)
COORDINATOR = Access(role="coordinator", login="minobr")
SPECS = ("15.01.05", "23.02.07")


def block(spec: str, row01: dict[int, int], rows: dict[int, dict[int, int]] | None = None, text: str = ""):
    """A specialty's 15 rows: {form row: {column: value}} (row 01 given; others default to zeros)."""
    out = {1: dict(row01)}
    for r, cells in (rows or {}).items():
        out[r] = dict(cells)
    return {"spec": spec, "rows": out, "text": text}


def good_blocks():
    """Two specialties whose every check holds (hand-made).

    15.01.05: 40 graduates — 20 employed (12 by specialty, 15 four months), 2 ИП, 3 НПД, 4 study,
    6 conscripts, 1 contract, 1 parental leave, 1 registered unemployed, 2 forecast «will be employed».
    Rows 02–15: 3 with ОВЗ (1 of them disabled), 1 disabled without ОВЗ, 5 target contracts;
    of the 4 in row 06: 2 vision, 1 hearing, 1 other; 1 with a target contract, 2 at «Абилимпикс».
    23.02.07: 10 graduates — 6 employed (6 by specialty, 5 four months), 2 study, 2 conscripts.
    """
    a = {7: 40, 8: 20, 9: 12, 10: 15, 11: 2, 12: 3, 13: 4, 14: 6, 15: 1, 16: 1, 18: 1, 27: 2}
    rows_a = {
        2: {7: 3, 8: 2, 13: 1},
        3: {7: 1, 13: 1},
        4: {7: 1, 8: 1},
        5: {7: 5, 8: 4, 9: 3, 10: 3, 14: 1},
        6: {7: 4, 8: 3, 13: 1},
        7: {7: 2, 8: 2},
        8: {7: 1, 13: 1},
        13: {7: 1, 8: 1},
        14: {7: 1, 8: 1},
        15: {7: 2, 8: 1, 13: 1},
    }
    b = {7: 10, 8: 6, 9: 6, 10: 5, 13: 2, 14: 2}
    return [block(SPECS[0], a, rows_a, "Сведения о трудоустройстве уточняются."), block(SPECS[1], b)]


def make_form(
    blocks,
    *,
    year: int | None = YEAR,
    inst_title: str = "ГПОАУ АО «Демо-колледж № 19» (POO-19)",
    title_rows: int = 7,
    n_columns: int = 33,
    block_rows: int = 15,
    with_check_rows: bool = True,
    drop_row: tuple[str, int] | None = None,
    put: dict[tuple[str, int, int], object] | None = None,
) -> bytes:
    """A workbook in the federal layout; ``put`` writes raw cell values (spec, row, col) over the counts."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("Лист1")
    titles = [
        "Мониторинг трудоустройства выпускников СПО",
        f"Выпуск {year} года" if year else "Сведения о выпускниках",
        inst_title,
        "Амурская область",
    ]
    for i in range(title_rows - 1):
        ws.write_string(i, 0, titles[i] if i < len(titles) else "")
    for c in range(1, n_columns + 1):
        ws.write_string(title_rows - 1, c - 1, "Наименование графы")
        ws.write_string(title_rows, c - 1, f"{c:02d}")
    r = title_rows + 1
    for n, b in enumerate(blocks, start=1):
        for form_row in range(1, block_rows + 1):
            if drop_row == (b["spec"], form_row):
                continue
            ws.write_number(r, 0, n)
            ws.write_string(r, 1, "Специальность")
            ws.write_string(r, 2, b["spec"])
            ws.write_string(r, 3, "ППКРС")
            ws.write_string(r, 4, f"{form_row:02d}")
            ws.write_string(r, 5, f"Строка {form_row}")
            for c in range(7, min(n_columns, 32) + 1):
                value = b["rows"].get(form_row, {}).get(c, 0)
                raw = (put or {}).get((b["spec"], form_row, c), value)
                if isinstance(raw, str):
                    ws.write_string(r, c - 1, raw)
                elif raw is not None:
                    ws.write_number(r, c - 1, raw)
            if form_row == 1 and b["text"] and n_columns >= 33:
                ws.write_string(r, 32, b["text"])
            r += 1
        if with_check_rows:
            ws.write_string(r, 4, "16")
            ws.write_string(r, 5, "Контроль")
            r += 1
    wb.close()
    return out.getvalue()


def load(data: bytes, ctx: Access = COLLEGE, year: int | None = YEAR, name: str = "форма.xlsx"):
    return ingest.load(ctx, "employment_form", data, name, options={"year": year} if year else None)


def stored(inst: str = INST, year: int = YEAR) -> pl.DataFrame:
    return reader().df(
        "select specialty_code, row_no, col_no, value, text from employment_form"
        " where inst_code = $i and year = $y order by all",
        {"i": inst, "y": year},
    )


def errors(result) -> list[tuple]:
    return [(e["row_no"], e["column_name"], e["reason"]) for e in result.errors.to_dicts()]


# --- in: the counts stored --------------------------------------------------------------------------


def test_a_form_in_the_2022_layout_is_stored_cell_by_cell(built_mart):
    result = load(make_form(good_blocks()))

    assert result.accepted, result.errors.to_dicts()
    assert result.rows == 2 * 15 * 27  # rows 01–15 × columns 07–33 of two specialties
    assert result.warnings.is_empty()
    cells = stored()
    got = {
        (s, r, c): v
        for s, r, c, v, _ in cells.iter_rows()
        if v  # non-zero counts
    }
    want = {
        (b["spec"], r, c): v
        for b in good_blocks()
        for r, row in b["rows"].items()
        for c, v in row.items()
        if v
    }
    assert got == want
    assert cells.filter(pl.col("col_no") == 33).get_column("text").drop_nulls().to_list() == [
        "Сведения о трудоустройстве уточняются."
    ]
    assert cells.filter(pl.col("col_no") <= 32).get_column("value").null_count() == 0  # zeros kept
    batch = (
        reader().df("select * from upload_batches where batch_id = $b", {"b": result.batch_id}).to_dicts()[0]
    )
    assert batch["mode"] == "replace" and batch["inst_code"] == INST and batch["options"] == '{"year": 2026}'
    assert batch["stored_file"].endswith(".xlsx")
    assert (built_mart.parent / batch["stored_file"]).exists()


def test_k1_k2_of_a_form_only_college_are_the_hand_computed_values(built_mart):
    assert load(make_form(good_blocks())).accepted
    kpi = dict(
        reader()
        .df(
            "select indicator_code, numerator, denominator, value from kpi_values"
            " where inst_code = $i and year = $y and indicator_code in ('K1', 'K2')",
            {"i": INST, "y": YEAR},
        )
        .select("indicator_code", pl.struct("numerator", "denominator", "value"))
        .iter_rows()
    )
    # K1 = (employed 20+6 + ИП 2 + НПД 3) / (50 − study 4+2 − conscripts 6+2 − contract 1 − leave 1) = 31/34
    assert kpi["K1"] == {"numerator": 31.0, "denominator": 34.0, "value": pytest.approx(31 / 34)}
    # K2 = by specialty (12 + 6) / employed under a contract (20 + 6) = 18/26
    assert kpi["K2"] == {"numerator": 18.0, "denominator": 26.0, "value": pytest.approx(18 / 26)}
    counts = dict(
        reader()
        .df(
            "select status, sum(graduates) as n from employment_counts where inst_code = $i"
            " and graduation_year = $y and source = 'form' group by status",
            {"i": INST, "y": YEAR},
        )
        .iter_rows()
    )
    # the 2 graduates of the forecast column 27 are at risk: «other_risk»
    assert counts == {
        "employed": 26,
        "entrepreneur": 2,
        "self_employed": 3,
        "continuing_education": 6,
        "army_conscript": 8,
        "army_contract": 1,
        "parental_leave": 1,
        "unemployed_registered": 1,
        "other_risk": 2,
    }


# --- the form's own checks, one broken form each ------------------------------------------------------

A, B = SPECS
# Excel rows: the first block is rows 9–23 (form row k on row 8 + k), its check row 24; the second 25–39
RULES = [
    ("07 = 08 + 11…32", {(A, 1, 7): 41}, 9, "графа 07", "Правило формы: гр. 07 = гр. 08 + Σ гр. 11…32"),
    ("09 ≤ 08", {(B, 1, 9): 7, (B, 1, 7): 10}, 25, "графа 09", "гр. 09 ≤ гр. 08"),
    ("10 ≤ 08", {(B, 1, 10): 7}, 25, "графа 10", "гр. 10 ≤ гр. 08"),
    ("03 ≤ 02", {(A, 3, 7): 4, (A, 3, 13): 4}, 11, "графа 07", "стр. 03 ≤ стр. 02"),
    ("02 ≤ 01", {(B, 2, 7): 11, (B, 2, 8): 11}, 26, "графа 07", "стр. 02 ≤ стр. 01"),
    ("04 ≤ 01", {(B, 4, 14): 3, (B, 4, 7): 3}, 28, "графа 14", "стр. 04 ≤ стр. 01"),
    ("05 ≤ 01", {(B, 5, 13): 3, (B, 5, 7): 3}, 29, "графа 13", "стр. 05 ≤ стр. 01"),
    (
        "06 = 02 + 04",
        {(A, 6, 8): 2, (A, 6, 13): 2, (A, 7, 8): 1, (A, 8, 13): 2},
        14,
        "графа 08",
        "стр. 06 = стр. 02 + стр. 04",
    ),
    ("06 = Σ 07…13", {(A, 13, 7): 2, (A, 13, 8): 2}, 14, "графа 07", "стр. 06 = Σ стр. 07…13"),
    ("14 ≤ 05", {(B, 14, 7): 0}, None, None, None),  # control: a zero row 14 breaks nothing
    ("14 ≤ 06", {(A, 14, 7): 5, (A, 14, 8): 5, (A, 5, 7): 5}, 22, "графа 07", "стр. 14 ≤ стр. 06"),
]


@pytest.mark.parametrize(("rule", "put", "row", "column", "reason"), RULES, ids=[r[0] for r in RULES])
def test_each_check_of_the_form_rejects_its_broken_form(built_mart, rule, put, row, column, reason):
    before = reader().df("select count(*) as n from raw.employment_form").item()
    result = load(make_form(good_blocks(), put=put))
    if reason is None:
        assert result.accepted, errors(result)
        return
    assert not result.accepted
    hits = [e for e in errors(result) if e[0] == row and e[1] == column and reason in e[2]]
    assert hits, errors(result)
    spec = A if row < 25 else B
    assert f"Специальность {spec}" in hits[0][2]
    assert reader().df("select count(*) as n from raw.employment_form").item() == before  # all or nothing
    place = employment_forms_place(result)
    assert f"строка {row}, {column}" in place


def employment_forms_place(result) -> list[str]:
    from mart.intake import uploads_log

    return uploads_log.error_report(result.errors, "employment_form").get_column("place").to_list()


def test_row_14_above_row_05_is_refused(built_mart):
    put = {
        (A, 14, 7): 1,
        (A, 14, 8): 1,
        (A, 5, 7): 0,
        (A, 5, 8): 0,
        (A, 5, 9): 0,
        (A, 5, 10): 0,
        (A, 5, 14): 0,
    }
    result = load(make_form(good_blocks(), put=put))
    assert not result.accepted
    assert any(
        r == 22 and c == "графа 07" and "стр. 14 ≤ стр. 05" in t and A in t for r, c, t in errors(result)
    ), errors(result)


def test_an_unknown_specialty_code_is_named_once_per_block(built_mart):
    blocks = good_blocks()
    blocks[1]["spec"] = "99.99.99"
    result = load(make_form(blocks))
    assert not result.accepted
    found = [e for e in errors(result) if e[1] == "графа 03"]
    assert len(found) == 1 and found[0][0] == 25 and "нет в справочнике" in found[0][2]


def test_a_block_that_is_not_15_rows_is_refused(built_mart):
    result = load(make_form(good_blocks(), drop_row=(B, 9)))
    assert not result.accepted
    assert any(
        r == 25 and c == "графа 05" and "14 строк" in t and "нет строк 09" in t and B in t
        for r, c, t in errors(result)
    ), errors(result)


def test_the_same_specialty_twice_is_refused(built_mart):
    blocks = good_blocks()
    blocks[1]["spec"] = A
    result = load(make_form(blocks))
    assert not result.accepted
    assert any(
        r == 25 and c == "графа 03" and "уже есть в блоке, начинающемся в строке 9" in t
        for r, c, t in errors(result)
    ), errors(result)


def test_text_where_a_count_belongs_is_refused(built_mart):
    result = load(make_form(good_blocks(), put={(A, 1, 11): "два"}))
    assert not result.accepted
    assert any(
        r == 9 and c == "графа 11" and t.startswith(f"Специальность {A}: Ожидается целое число")
        for r, c, t in errors(result)
    ), errors(result)
    assert "строка 9, графа 11" in employment_forms_place(result)


def test_other_above_one_in_200_without_explanation_is_a_warning(built_mart):
    blocks = good_blocks()
    b = blocks[1]["rows"][1]
    b[26], b[8], b[9], b[10] = 1, 5, 5, 5  # one «Иное» of 10, no text in column 33
    result = load(make_form(blocks))
    assert result.accepted, errors(result)
    warnings = result.warnings.to_dicts()
    assert [(w["row_no"], w["column_name"]) for w in warnings] == [(25, "графа 26")]
    assert "графе 33 нет пояснения" in warnings[0]["reason"] and B in warnings[0]["reason"]
    blocks[1]["text"] = "Выпускник уехал, сведения уточняются."
    assert load(make_form(blocks)).warnings.is_empty()


# --- the layout ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title_rows", "number_row", "word"), [(8, 9, "больше"), (6, 7, "меньше")])
def test_title_rows_shifted_by_one_are_read_and_said(built_mart, title_rows, number_row, word):
    result = load(make_form(good_blocks(), title_rows=title_rows))
    assert result.accepted, errors(result)
    note = result.warnings.to_dicts()[0]
    assert (
        note["row_no"] == number_row
        and f"в строке {number_row}, а не 8" in note["reason"]
        and word in note["reason"]
    )
    assert stored().filter(pl.col("value") > 0).height == sum(
        1 for b in good_blocks() for row in b["rows"].values() for v in row.values() if v
    )
    # errors name the rows as they are in this file
    broken = load(make_form(good_blocks(), title_rows=title_rows, put={(A, 1, 7): 41}))
    assert any(r == number_row + 1 and c == "графа 07" for r, c, _ in errors(broken))


def test_title_rows_shifted_by_two_are_refused(built_mart):
    result = load(make_form(good_blocks(), title_rows=9))
    assert not result.accepted
    assert "стоят в строке 10, а в форме 2022 года — в строке 8" in errors(result)[0][2]


def test_another_years_version_is_refused_naming_what_was_found(built_mart):
    wide = load(make_form(good_blocks(), n_columns=57))
    assert not wide.accepted
    reason = errors(wide)[0][2]
    assert "«01» … «57» (57 граф)" in reason and "другая версия формы" in reason
    eight = load(make_form(good_blocks(), block_rows=8))
    assert not eight.accepted
    reason = errors(eight)[0][2]
    assert "блоки специальностей по 8 строк" in reason and "2021" in reason
    nothing = load(b"PK" + b"x" * 100, name="форма.xlsx")
    assert not nothing.accepted


def test_title_rows_must_agree_with_the_year_and_the_college(built_mart):
    wrong_year = load(make_form(good_blocks(), year=2025))
    assert not wrong_year.accepted
    assert "указан выпуск 2025 года, а загрузка идёт за 2026 год" in errors(wrong_year)[0][2]
    other = load(make_form(good_blocks(), inst_title="Демо-колледж: POO-02"))
    assert not other.accepted
    assert "называет POO-02, а загрузка идёт от имени POO-19" in errors(other)[0][2]
    # wording the reader does not recognise is no obstacle: the year comes from the upload
    assert load(make_form(good_blocks(), year=None, inst_title="Наш колледж")).accepted


def test_the_cli_takes_year_and_inst_and_a_college_uploads_only_its_own(built_mart, tmp_path, capsys):
    path = tmp_path / "форма POO-19.xlsx"
    path.write_bytes(make_form(good_blocks()))
    assert cli.main(["load", "employment_form", str(path), "--inst", INST, "--year", str(YEAR)]) == 0
    assert stored().height == 2 * 15 * 27
    capsys.readouterr()
    assert cli.main(["load", "employment_form", str(path), "--inst", INST, "--year", "2024"]) == 1
    assert "указан выпуск 2026 года, а загрузка идёт за 2024 год" in capsys.readouterr().err
    poo02 = Access(role="institution", login="poo02", inst_code="POO-02")
    refused = load(make_form(good_blocks()), ctx=poo02)
    assert (
        not refused.accepted and "называет POO-19, а загрузка идёт от имени POO-02" in errors(refused)[0][2]
    )


# --- replace mode, revoke, the original kept -----------------------------------------------------------


def test_a_new_form_replaces_the_slice_and_revoking_brings_the_old_one_back(built_mart):
    first = load(make_form(good_blocks()))
    second = load(make_form(good_blocks()[1:]))
    assert second.accepted and second.rows_retired == 15 * 27
    assert stored().get_column("specialty_code").unique().to_list() == [B]
    ingest.revoke(COORDINATOR, second.batch_id)
    assert sorted(stored().get_column("specialty_code").unique().to_list()) == [A, B]
    assert first.batch_id < second.batch_id


# --- out: the filled form and the round trip --------------------------------------------------------------

GRADUATES = (
    "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date;"
    "health_limitations;disability;disability_kind;target_contract;abilympics\r\n"
)


def _graduate_rows() -> bytes:
    lines = []
    statuses = (
        ["employed"] * 9 + ["army_conscript"] * 3 + ["continuing_education"] * 2 + ["informal", "other"]
    )
    for i, st in enumerate(statuses, start=1):
        flags = "да;да" if st == "employed" and i % 3 else ("нет;да" if st == "employed" else ";")
        ovz = "да" if i in (1, 2, 10) else "нет"
        disability = "disabled" if i in (2, 4) else "none"
        kind = {1: "vision", 2: "hearing", 4: "autism", 10: "speech"}.get(i, "")
        target = "да" if i % 4 == 0 else "нет"
        abil = "да" if i == 2 else "нет"
        spec = SPECS[i % 2]
        lines.append(
            f"{INST};{YEAR};{spec};RT-{i:03d};{st};{flags};01.11.2026;{ovz};{disability};{kind};{target};{abil}"
        )
    return (GRADUATES + "\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def test_round_trip_graduate_rows_to_form_and_back(built_mart):
    rows = ingest.load(COLLEGE, "graduates", _graduate_rows(), "выпуск.csv")
    assert rows.accepted, rows.errors.to_dicts()
    filled = reader().df(
        "select specialty_code, row_no, col_no, value from employment_form_filled"
        " where inst_code = $i and year = $y order by all",
        {"i": INST, "y": YEAR},
    )
    assert filled.filter((pl.col("row_no") == 1) & (pl.col("col_no") == 7)).get_column("value").sum() == 16
    # row 02 (ОВЗ): graduates 1, 2, 10; row 03: of them disabled: 2; row 04: disabled without ОВЗ: 4;
    # row 06 = 4; kinds: vision 1, hearing 2, speech 10, autism 4; row 15 («Абилимпикс»): 2
    by_row = filled.filter(pl.col("col_no") == 7).group_by("row_no").agg(pl.col("value").sum())
    by_row = dict(by_row.iter_rows())
    assert [by_row.get(r, 0) for r in range(2, 16)] == [3, 1, 1, 4, 4, 1, 1, 0, 1, 0, 1, 0, 1, 1]

    data, name = employment_forms.download(COLLEGE, INST, YEAR)
    table = fedform.read_form(data, name)
    assert table.meta["number_row"] == 8 and table.meta["title_year"] == YEAR and table.meta["errors"] == []
    back = ingest.load(COLLEGE, "employment_form", data, name, options={"year": YEAR})
    assert back.accepted, back.errors.to_dicts()
    # «Иное» is 1 of 8 graduates of 15.01.05 and column 33 is the college's to fill: a warning
    assert [(w["row_no"], w["column_name"]) for w in back.warnings.to_dicts()] == [(9, "графа 26")]
    sent = stored().filter(
        (pl.col("col_no") <= 32) & (pl.col("value") > 0)
    )  # the filled form keeps non-zero cells
    sent = sent.select("specialty_code", "row_no", "col_no", "value")
    assert sent.sort(pl.all()).equals(filled.sort(pl.all()))
    rec = (
        reader()
        .df(
            "select count(*) as n, count(*) filter (where difference <> 0) as d from employment_form_reconciliation"
            " where inst_code = $i and year = $y",
            {"i": INST, "y": YEAR},
        )
        .row(0)
    )
    assert rec == (2 * 20, 0)


def test_reconciliation_table_of_a_college_with_both(built_mart):
    assert ingest.load(COLLEGE, "graduates", _graduate_rows(), "выпуск.csv").accepted
    cells = reader().df(
        "select specialty_code, row_no, col_no, value, text from employment_form_out where inst_code = $i and year = $y",
        {"i": INST, "y": YEAR},
    )
    # the college's form says one of A's employed graduates (at the job ≥ 4 months) is registered unemployed
    changed = cells.with_columns(
        pl.when((pl.col("specialty_code") == A) & (pl.col("row_no") == 1) & pl.col("col_no").is_in([8, 10]))
        .then(pl.col("value") - 1)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    assert changed.filter(
        (pl.col("specialty_code") == A) & (pl.col("col_no") == 18)
    ).is_empty()  # 0: not kept
    unemployed = {
        "specialty_code": A,
        "row_no": 1,
        "col_no": 18,
        "value": 1,
        "text": None,
        "source": "graduates",
    }
    changed = pl.concat([changed, pl.DataFrame([unemployed], schema=changed.schema)])
    form = fedform.write_form(
        changed, year=YEAR, inst_code=INST, inst_name="Колледж", specialties={}, source_ru=""
    )
    sent = ingest.load(COLLEGE, "employment_form", form, "форма.xlsx", options={"year": YEAR})
    assert sent.accepted, sent.errors.to_dicts()
    rec = employment_forms.reconciliation(COLLEGE, YEAR)
    diff = rec.filter(pl.col("difference") != 0).select(
        "specialty_code", "cell_ru", "form_value", "graduates_value", "difference"
    )
    employed_a, retained_a = filled_value(A, 1, 8), filled_value(A, 1, 10)
    assert (employed_a, retained_a) == (4, 4)
    assert diff.sort("cell_ru").rows() == [
        (A, "строка 01, графа 08", 3, 4, -1),
        (A, "строка 01, графа 10", 3, 4, -1),
        (A, "строка 01, графа 18", 1, 0, 1),
    ]
    # the per-graduate rows count
    kpi = (
        reader()
        .df(
            "select numerator from kpi_values where inst_code = $i and year = $y and indicator_code = 'K1'",
            {"i": INST, "y": YEAR},
        )
        .item()
    )
    assert kpi == 9  # 9 employed in the rows, not 8 as the form says
    with pytest.raises(AccessDenied, match="только самой организации"):
        employment_forms.reconciliation(Access(role="institution", login="x", inst_code="POO-02"), YEAR, INST)
    with pytest.raises(AccessDenied):
        employment_forms.reconciliation(Access(role="council", login="c"), YEAR)


def filled_value(spec: str, row: int, col: int) -> int:
    return (
        reader()
        .df(
            "select value from employment_form_filled where inst_code = $i and year = $y and specialty_code = $s"
            " and row_no = $r and col_no = $c",
            {"i": INST, "y": YEAR, "s": spec, "r": row, "c": col},
        )
        .item()
    )


def test_graduate_flags_are_optional_and_checked(built_mart):
    old = (
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date\r\n"
        f"{INST};{YEAR};{A};OLD-1;employed;да;да;01.11.2026\r\n"
    ).encode()
    assert ingest.load(COLLEGE, "graduates", old, "старый.csv").accepted
    bad = (
        GRADUATES
        + f"{INST};{YEAR};{A};NEW-1;employed;да;да;01.11.2026;да;none;;нет;нет\r\n"
        + f"{INST};{YEAR};{A};NEW-2;employed;да;да;01.11.2026;нет;none;vision;нет;нет\r\n"
    ).encode()
    result = ingest.load(COLLEGE, "graduates", bad, "новый.csv")
    assert not result.accepted
    reasons = {(e["row_no"], e["column_name"]): e["reason"] for e in result.errors.to_dicts()}
    assert "укажите вид нарушения" in reasons[(2, "disability_kind")]
    assert "только для выпускника с ОВЗ" in reasons[(3, "disability_kind")]


def test_downloads_are_the_colleges_own_and_the_coordinators(built_mart):
    years = employment_forms.download_years(COORDINATOR, "POO-11")
    assert dict(years.select("year", "source").iter_rows())[2020] == "form"
    data, _ = employment_forms.download(COORDINATOR, "POO-11", 2020)
    sent = fedform.read_form(data, "f.xlsx")
    assert sent.meta["errors"] == [] and sent.meta["title_year"] == 2020
    with pytest.raises(AccessDenied, match="только самой организации"):
        employment_forms.download(COLLEGE, "POO-11", 2020)
    with pytest.raises(AccessDenied):
        employment_forms.download(Access(role="council", login="c"), "POO-11", 2020)
    blank, _ = employment_forms.blank(COLLEGE, INST, YEAR)
    assert fedform.read_form(blank, "пустая.xlsx").meta["errors"] == []


def test_a_form_counts_as_the_colleges_graduates_submission(built_mart):
    result = load(make_form(good_blocks()))
    assert result.accepted
    state = (
        reader()
        .df(
            "select status, batch_id from collection_submitters where dataset = 'graduates' and year = $y"
            " and inst_code = $i",
            {"y": YEAR, "i": INST},
        )
        .rows()
    )
    assert state == [("submitted", result.batch_id)]


def test_a_form_only_college_feeds_the_staffing_supply(built_mart):
    assert load(make_form(good_blocks())).accepted
    counts = (
        reader()
        .df(
            "select specialty_code, graduates, excused from staffing_graduate_counts"
            " where inst_code = $i and graduation_year = $y order by specialty_code",
            {"i": INST, "y": YEAR},
        )
        .rows()
    )
    # excused: study, conscripts, contract, parental leave (cols 13–16 of row 01)
    assert counts == [(A, 40, 4 + 6 + 1 + 1), (B, 10, 2 + 2)]


def test_an_evaluation_freezes_the_form_batches_its_k1_k2_come_from(built_mart):
    from mart.read import kpi

    result = load(make_form(good_blocks()))
    assert result.accepted
    # 2026 is a partial year in the demo: saved only when confirmed
    evaluation_id = kpi.save_evaluation(COORDINATOR, YEAR, 1, "Заседание комиссии", confirm_partial=True)
    saved = kpi.evaluations(COORDINATOR).filter(pl.col("evaluation_id") == evaluation_id)
    assert result.batch_id in saved["batch_ids"].item().to_list()
    # the frozen K1 of the form-only college is the form's (31/34, as computed by hand above) ...
    frozen = kpi.evaluation_rows(COORDINATOR, evaluation_id).filter(
        (pl.col("inst_code") == INST) & (pl.col("indicator_code") == "K1")
    )
    assert frozen.select("numerator", "denominator").row(0) == (31.0, 34.0)
    # ... and the protocol's «Исходные данные» name the form among the sources
    sources = kpi._evaluation_sources(COORDINATOR, evaluation_id)
    form = sources.filter(pl.col("dataset") == "employment_form")
    assert form.select("last_batch_id").rows() == [(result.batch_id,)]
