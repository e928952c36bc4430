"""What a college clerk reads when Excel got in the way: non-existent dates, codes turned into dates,
and the allowed values named in Russian (labels, not codes)."""

import io

import xlsxwriter

from mart.access.rules import Access
from mart.intake import ingest

COORDINATOR = Access(role="coordinator", login="demo.coordinator")
HEADER = "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"


def load_csv(lines: list[str]):
    data = ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")
    return ingest.load(COORDINATOR, "graduates", data, "выпускники.csv")


def errors(result) -> dict[tuple[int, str], tuple[str, str]]:
    assert not result.accepted
    return {(e["row_no"], e["column_name"]): (e["value"], e["reason"]) for e in result.errors.to_dicts()}


def test_a_date_that_does_not_exist_is_called_non_existent(built_mart):
    got = errors(
        load_csv(
            [
                "POO-01;2025;15.01.05;T-1;employed;да;да;31.06.2025",
                "POO-01;2025;15.01.05;T-2;employed;да;да;2025-02-29",
                "POO-01;2025;15.01.05;T-3;employed;да;да;июнь 2025",
            ]
        )
    )
    assert "Даты «31.06.2025» не существует" in got[(2, "status_date")][1]
    assert "Даты «2025-02-29» не существует" in got[(3, "status_date")][1]
    assert got[(4, "status_date")][1] == "Ожидается дата в формате ДД.ММ.ГГГГ или ГГГГ-ММ-ДД."


def test_a_specialty_code_excel_turned_into_a_date_is_recognised(built_mart):
    got = errors(load_csv(["POO-01;2025;08.01.2007;T-1;employed;да;да;01.11.2025"]))
    reason = got[(2, "specialty_code")][1]
    assert "Excel превратил код специальности в дату" in reason and "«08.01.07»" in reason
    assert "как текстовый" in reason

    # the same in a workbook: the cell holds a real date, read back as 2007-01-08
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for j, h in enumerate(HEADER.split(";")):
        ws.write_string(0, j, h)
    import datetime as dt

    row = ["POO-01", 2025, dt.datetime(2008, 2, 15), "T-1", "employed", "да", "да", "01.11.2025"]
    for j, v in enumerate(row):
        if isinstance(v, dt.datetime):
            ws.write_datetime(1, j, v, wb.add_format({"num_format": "dd.mm.yyyy"}))
        elif isinstance(v, int):
            ws.write_number(1, j, v)
        else:
            ws.write_string(1, j, v)
    wb.close()
    result = ingest.load(COORDINATOR, "graduates", buf.getvalue(), "выпускники.xlsx")
    value, reason = errors(result)[(2, "specialty_code")]
    assert value.startswith("2008-02-15")
    assert "«15.02.08»" in reason and "Код специальности" in reason

    # a code that is simply unknown keeps the plain message
    got = errors(load_csv(["POO-01;2025;99.99.99;T-1;employed;да;да;01.11.2025"]))
    assert got[(2, "specialty_code")][1] == "Такого кода специальности нет в справочнике (ОКСО)."


def test_allowed_values_are_named_by_their_russian_labels(built_mart):
    got = errors(load_csv(["POO-01;2025;15.01.05;T-1;работает;да;да;01.11.2025"]))
    reason = got[(2, "status")][1]
    assert reason.startswith("Неизвестное значение. Допустимые значения:")
    assert "«Трудоустроен»" in reason
    assert "army_conscript" not in reason and "employed" not in reason


def test_upload_preview_shows_labels_not_codes():
    import polars as pl

    from mart.intake import templates

    frame = pl.DataFrame(
        {"status": ["employed", "army_conscript", "unknown_code"], "graduate_id": ["a", "b", "c"]}
    )
    shown = templates.labelled(frame, "graduates")
    assert shown["status"].to_list()[:1] == ["Трудоустроен"]
    assert "army_conscript" not in shown["status"].to_list()
    assert shown["status"][2] == "unknown_code" and shown["graduate_id"].to_list() == ["a", "b", "c"]
