"""Hostile and odd files (issue 8) that are generated here rather than committed: too big for the
corpus, or checking more than one error. Each is refused in Russian, recorded, and changes nothing;
the few that must be accepted are stored exactly as they show."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter

from mart.access.rules import Access
from mart.intake import filereader, ingest, validate
from mart.intake.filereader import FileProblem, Limits, read_table
from mart.platform import db
from tests.test_ingest_bad_files import assert_refused, snapshot

OPERATOR = Access(role="operator", login="test")
ADMISSIONS = "Год приёма;Код организации;Код специальности;КЦП;Зачислено"
GRADUATES = (
    "Код организации;Год выпуска;Код специальности;Номер выпускника;Статус;По специальности;"
    "Работает не менее 4 месяцев;Дата статуса"
)


def _rows(query: str, params: dict | None = None) -> list[tuple]:
    return db.Reader().cursor().sql(query, params=params).fetchall()


def bomb_xlsx(rows: int, *, declared: str | None = None) -> bytes:
    """A valid workbook whose one sheet has ``rows`` rows of a number: megabytes of XML in a small zip."""
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if declared:
        sheet.write(f'<dimension ref="{declared}"/>')
    sheet.write("<sheetData>")
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>h{c}</t></is></c>' for c in "ABCDE")
    sheet.write(f'<row r="1">{header}</row>')
    sheet.write("<row><c><v>1</v></c></row>" * rows)  # row and cell positions may be left out: they follow
    sheet.write("</sheetData></worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buf.getvalue()


def far_cell_xlsx(cell: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ADMISSIONS.split(";"))
    ws.write_row(1, 0, [2026, "POO-01", "15.01.05", 50, 48])
    ws.write(*cell, "x")
    wb.close()
    return buf.getvalue()


def test_cell_at_XFD1048576_is_refused_before_parsing_and_the_server_stays(built_mart):
    data = far_cell_xlsx((1048575, 16383))
    assert len(data) < 10_000
    before = snapshot()
    result = ingest.load(OPERATOR, "admissions", data, "far.xlsx")
    assert_refused(result, row_no=None, column=None, reason="допустимо не больше 200\u00a0000 строк данных")
    assert snapshot() == before


def test_cell_at_CV1000000_is_refused_by_the_row_limit(built_mart):
    result = ingest.load(OPERATOR, "admissions", far_cell_xlsx((999_999, 99)), "cv.xlsx")
    assert_refused(result, row_no=None, column=None, reason="данные доходят до строки 1\u00a0000\u00a0000")


def test_far_column_is_refused_by_the_column_limit(built_mart):
    result = ingest.load(OPERATOR, "admissions", far_cell_xlsx((5, 200)), "wide.xlsx")
    assert_refused(result, row_no=None, column=None, reason="допустимо не больше 32 столбцов")


def test_zip_bomb_rows_are_refused_without_reading_them_all(built_mart):
    data = bomb_xlsx(250_000)  # about 6 MB of XML in a zip of a few KB
    assert len(data) < 20_000
    before = snapshot()
    result = ingest.load(OPERATOR, "admissions", data, "bomb.xlsx")
    assert_refused(result, row_no=None, column=None, reason="допустимо не больше 200\u00a0000 строк данных")
    assert snapshot() == before


def test_lying_dimension_does_not_hide_a_far_cell():
    data = bomb_xlsx(3, declared="A1:E4")
    assert read_table(data, "ok.xlsx").rows.height == 3
    with pytest.raises(FileProblem, match="допустимо не больше 2 строк данных"):
        read_table(data, "few.xlsx", Limits(max_rows=2))


def test_unpacked_xml_is_counted_as_it_is_read():
    data = bomb_xlsx(20_000)
    with pytest.raises(FileProblem, match="распакованный объём XML") as exc:
        read_table(data, "bomb.xlsx", Limits(max_xml_bytes=200_000))
    assert "МБ" in str(exc.value)


def test_a_child_out_of_memory_is_a_russian_refusal_not_a_crash():
    # the reading child process runs under an address-space limit: past it, the child fails (or is
    # killed), and the caller -- the server -- gets a message and goes on
    with pytest.raises(FileProblem, match="памяти"):
        read_table(bomb_xlsx(150_000), "big.xlsx", Limits(memory_bytes=32 * 1048576))
    assert read_table(bomb_xlsx(3), "small.xlsx").rows.height == 3  # and the next file reads as usual


def test_a_slow_read_is_stopped_by_time(monkeypatch):
    with pytest.raises(FileProblem, match="заняло больше 0 с"):
        read_table(bomb_xlsx(50_000), "slow.xlsx", Limits(wall_seconds=0.05))


def test_field_of_131072_characters_is_refused_in_russian(built_mart):
    data = (ADMISSIONS + "\r\n" + "2026;POO-01;15.01.05;50;" + "1" * 131_072 + "\r\n").encode("cp1251")
    result = ingest.load(OPERATOR, "admissions", data, "long.csv")
    assert_refused(result, row_no=None, column=None, reason="значение длиной 131\u00a0072 символов")


def test_errors_are_capped_and_the_rest_counted(built_mart):
    rows = "".join(f"много;POO-01;15.01.05;50;{i}\r\n" for i in range(1500))
    data = (ADMISSIONS + "\r\n" + rows).encode("cp1251")
    result = ingest.load(OPERATOR, "admissions", data, "many.csv")
    assert result.status == "rejected"
    assert result.errors.height == validate.MAX_ERRORS + 1
    assert "ещё 500 не показано" in result.errors.get_column("reason")[-1]
    assert result.errors_found == 1500
    assert "ошибок — 1500" in result.summary_ru()
    assert _rows("select error_count from upload_batches where batch_id = $b", {"b": result.batch_id}) == [
        (1500,)
    ]
    assert _rows("select count(*) from upload_errors where batch_id = $b", {"b": result.batch_id}) == [
        (1001,)
    ]


def _xlsx(build) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    build(wb)
    wb.close()
    return buf.getvalue()


def test_percent_cell_in_a_percent_column_is_read_as_excel_shows_it(built_mart):
    header = "Год;Код организации;Код специальности;Компетенция;Номер студента;Процент от максимума;Оценка"

    def build(wb):
        ws = wb.add_worksheet("ДЭ")
        pct = wb.add_format({"num_format": "0.0%"})
        ws.write_row(0, 0, header.split(";"))
        ws.write_row(1, 0, [2026, "POO-01", "15.01.05", "Сварочные технологии", "S26-9001"])
        ws.write_number(1, 5, 0.725, pct)  # Excel shows «72,5 %»

    result = ingest.load(OPERATOR, "demo_exams", _xlsx(build), "de.xlsx")
    assert result.accepted, result.errors.to_dicts()
    assert _rows("select score_pct, grade from demo_exams where student_id = 'S26-9001'") == [
        (pytest.approx(72.5), 5)
    ]


def test_hidden_first_sheet_is_skipped_and_the_sheet_read_is_named(built_mart):
    def build(wb):
        old = wb.add_worksheet("Черновик")
        old.write_row(0, 0, ["что-то", "другое"])
        old.hide()
        ws = wb.add_worksheet("Приём")
        ws.write_row(0, 0, ADMISSIONS.split(";"))
        ws.write_row(1, 0, [2026, "POO-01", "15.01.05", 61, 60])
        ws.activate()

    result = ingest.load(OPERATOR, "admissions", _xlsx(build), "two_sheets.xlsx")
    assert result.accepted, result.errors.to_dicts()
    assert result.sheet == "Приём"
    assert "Прочитан лист «Приём»" in result.warnings.get_column("reason")[0]
    assert "«Черновик»" in result.warnings.get_column("reason")[0]
    assert _rows(
        "select kcp_plan, enrolled from admissions where year = 2026 and inst_code = 'POO-01'"
        " and specialty_code = '15.01.05'"
    ) == [(61, 60)]


def test_invisible_characters_are_removed_with_a_warning(built_mart):
    data = (
        GRADUATES
        + "\r\nPOO-01;2026;15.01.05;G26-0101-\u200b7001;Трудоустроен;да;нет;01.11.2026"
        + "\r\nPOO-01;2026;15.01.05;G26-0101\u00a07002;Трудоустроен;да;нет;01.11.2026\r\n"
    ).encode("utf-8")
    result = ingest.load(OPERATOR, "graduates", data, "zw.csv")
    assert result.accepted, result.errors.to_dicts()
    assert result.warnings.height == 2
    assert {w["row_no"] for w in result.warnings.iter_rows(named=True)} == {2, 3}
    assert all("Невидимые символы" in r for r in result.warnings.get_column("reason"))
    ids = {r[0] for r in _rows("select graduate_id from graduates where graduate_id like 'G26-0101%700%'")}
    assert ids == {"G26-01017002", "G26-0101-7001"}


def test_decimals_are_kept_exactly_and_grouped_digits_read(built_mart):
    data = (
        "Год;Чемпионат;Уровень;Возрастная категория;Компетенция;Номер участника;Участник;Код организации;"
        "Организация;Баллы;Медаль\r\n2026;Тест точности;Региональный;Основная;Сварочные технологии;P-7001;"
        "Тестов Тест;POO-01;;72,50;Золото\r\n"
    ).encode("cp1251")
    assert ingest.load(OPERATOR, "championship_results", data, "exact.csv").accepted
    assert _rows(
        "select cast(score as varchar) from raw.championship_results where participant_id = 'P-7001'"
    ) == [("72.50",)]
    grouped = (ADMISSIONS + "\r\n2026;POO-01;15.01.05;1\u00a0200;1 150\r\n").encode("utf-8")
    assert ingest.load(OPERATOR, "admissions", grouped, "grouped.csv").accepted


def test_an_internal_failure_is_recorded_in_russian(built_mart, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ingest, "validate", broken)
    before = snapshot()
    result = ingest.load(OPERATOR, "admissions", b"x;y\r\n1;2\r\n", "bug.csv")
    assert result.status == "rejected"
    assert "внутренняя ошибка системы (RuntimeError)" in result.errors.get_column("reason")[0]
    assert _rows(
        "select status, error_count from upload_batches where batch_id = $b", {"b": result.batch_id}
    ) == [("rejected", 1)]
    assert snapshot() == before
    preview = ingest.preview(OPERATOR, "admissions", b"x;y\r\n1;2\r\n", "bug.csv")
    assert "внутренняя ошибка" in preview.errors.get_column("reason")[0]


def test_limits_follow_the_dataset_contract():
    small, wide = filereader.limits_for(5), filereader.limits_for(30)
    assert small.max_rows == wide.max_rows == 200_000
    assert small.max_columns == 32 and wide.max_columns == 90
    assert small.max_cells < wide.max_cells


def test_the_operators_national_export_has_its_own_caps(monkeypatch):
    """``python -m mart load --large``: the operator's file may pass the caps of uploads; nobody else's."""
    monkeypatch.setattr(filereader.Limits, "max_rows", 3)
    monkeypatch.setattr(filereader, "OPERATOR_MAX_ROWS", 5)
    five = (ADMISSIONS + "\r\n" + "".join(f"2026;POO-01;15.01.05;{i};{i}\r\n" for i in range(1, 6))).encode(
        "cp1251"
    )
    college = Access(role="institution", login="t", inst_code="POO-01")
    for ctx, large in ((OPERATOR, False), (college, True), (college, False)):
        refused = ingest.read(ctx, "admissions", five, "a.csv", large=large)
        assert "больше допустимых 3" in refused.errors.get_column("reason")[0]
    assert ingest.read(OPERATOR, "admissions", five, "a.csv", large=True).rows.height == 5
    six = five + b"2026;POO-01;15.01.05;6;6\r\n"
    refused = ingest.read(OPERATOR, "admissions", six, "a.csv", large=True)
    assert "больше допустимых 5" in refused.errors.get_column("reason")[0]
    monkeypatch.setattr(filereader, "MAX_BYTES", len(five) - 1)  # bytes: the upload cap, not the operator's
    assert (
        "слишком большой" in ingest.read(OPERATOR, "admissions", five, "a.csv").errors.get_column("reason")[0]
    )
    assert ingest.read(OPERATOR, "admissions", five, "a.csv", large=True).rows.height == 5
