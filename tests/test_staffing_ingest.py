"""Employers and their needs through the one ingestion path: ИНН check digits, bad files, Russian headers."""

import pytest

from mart.access.rules import Access
from mart.intake import ingest, inn
from mart.platform import db

ECONOMY = Access(role="economy", login="t.economy")
KNOWN = "2801000013"  # a demo employer


# ИНН as printed in real companies' public requisites, and the textbook example of a 12-digit one
@pytest.mark.parametrize(
    "value",
    [
        "7707083893",  # ПАО Сбербанк
        "7736207543",  # ООО «Яндекс»
        "7736050003",  # ПАО «Газпром»
        "7708503727",  # ОАО «РЖД»
        "7702070139",  # Банк ВТБ (ПАО)
        "7830002293",  # the worked example of a 10-digit ИНН in descriptions of the algorithm
        "500100732259",  # the worked example of a 12-digit ИНН in descriptions of the algorithm
    ],
)
def test_real_inns_pass(value):
    assert inn.problem(value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("7707083894", "10-я цифра"),  # Сбербанк's with the last digit changed
        ("7736207534", "10-я цифра"),  # two digits swapped
        ("500100732250", "11-я и 12-я"),
        ("500100732269", "11-я и 12-я"),
        ("707083893", "ведущий ноль"),  # 9 digits: Excel ate a leading zero
        ("77070838", "10 цифр"),
        ("77O7083893", "только из цифр"),  # a letter O
    ],
)
def test_wrong_inns_are_named(value, words):
    assert words in (inn.problem(value) or "")


def test_complete_adds_check_digits():
    assert inn.complete("770708389") == "7707083893"
    assert inn.complete("5001007322") == "500100732259"


def _csv(lines):
    return ("\n".join(lines) + "\n").encode("cp1251")


def _count(table):
    return db.Reader().df(f"select count(*) as n from {table}").item()


def test_bad_employers_file_is_rejected_whole(built_mart):
    before = _count("raw.employers")
    data = _csv(
        [
            "ИНН;Наименование организации;Основной ОКВЭД;Муниципальное образование;Инвестиционный проект;Название проекта;Резидент ТОСЭР",
            "7707083893;ПАО «Пример»;64.19;г. Благовещенск;нет;;нет",
            "7707083894;ООО «Опечатка»;41.20;г. Тында;нет;;нет",
            "7736050003;ООО «Проект»;24.10;г. Свободный;да;;да",
            "7736050003x;ООО «Буква»;2410;г. Зея;нет;;нет",
        ]
    )
    result = ingest.load(ECONOMY, "employers", data, "работодатели.csv")
    assert result.status == "rejected"
    errors = {(e["row_no"], e["column_name"]): e for e in result.errors.to_dicts()}
    assert errors[(3, "employer_inn")]["value"] == "7707083894"
    assert "контрольное число" in errors[(3, "employer_inn")]["reason"]
    assert "название" in errors[(4, "project_name")]["reason"]
    assert "только из цифр" in errors[(5, "employer_inn")]["reason"]
    assert "ОКВЭД" in errors[(5, "okved")]["reason"]
    assert (2, "employer_inn") not in errors
    assert _count("raw.employers") == before


def test_bad_needs_file_is_rejected_whole_with_every_error(built_mart):
    before = _count("raw.employer_needs")
    header = "survey_year;employer_inn;source;profession_name;okpdtr_code;specialty_code;ugs_code;level;need_year;headcount;target_contract;salary_rub"
    data = _csv(
        [
            header,
            f"2025;{KNOWN};survey;Сварщик;19756;15.01.05;;worker;2027;5;да;80000",  # fine
            f"2025;{KNOWN};survey;Сварщик;19756;15.01.05;;worker;2033;5;да;80000",  # beyond 2025 + 7
            f"2025;{KNOWN};survey;Токарь;;;;worker;2026;3;нет;",  # neither specialty nor УГС
            "2025;7707083893;survey;Токарь;;15.01.33;;worker;2026;3;нет;",  # not in «Работодатели»
            f"2025;{KNOWN};survey;Слесарь;;15.01.35;;worker;2026;-2;нет;",  # negative headcount
            f"2025;{KNOWN};опрос;Техник;;15.02.08;13.00.00;specialist;2024;1;нет;0",  # year, УГС, salary
            f"2025;{KNOWN};survey;Техник;;15.02.08;;worker;2026;1;нет;",  # level against the code
        ]
    )
    result = ingest.load(ECONOMY, "employer_needs", data, "потребность.csv")
    assert result.status == "rejected"
    got = {(e["row_no"], e["column_name"]): (e["value"], e["reason"]) for e in result.errors.to_dicts()}
    assert got[(3, "need_year")] == (
        "2033",
        "Год потребности вне горизонта опроса: допустимы годы с 2025 по 2032.",
    )
    assert "Укажите код специальности по ОКСО или код УГС" in got[(4, "ugs_code")][1]
    assert got[(5, "employer_inn")][0] == "7707083893"
    assert "нет в наборе «Работодатели»" in got[(5, "employer_inn")][1]
    assert got[(6, "headcount")][0] == "-2" and "не меньше 0" in got[(6, "headcount")][1]
    assert "с 2025 по 2032" in got[(7, "need_year")][1]
    assert "относится к УГС 15.00.00" in got[(7, "ugs_code")][1]
    assert "больше 0" in got[(7, "salary_rub")][1]
    assert "NN.02.NN — специальность" in got[(8, "level")][1]
    assert not any(row == 2 for row, _ in got)
    assert _count("raw.employer_needs") == before
    batch = db.Reader().df("select status, error_count from upload_batches order by batch_id desc limit 1")
    assert batch.row(0) == ("rejected", len(got))


def test_good_needs_file_with_russian_headers(built_mart):
    data = _csv(
        [
            "Год опроса;ИНН работодателя;Источник;Профессия;Код по ОКПДТР;Код по ОКСО;УГС;Уровень образования;Год;Количество;Договор о целевом обучении;Заработная плата",
            f"2026;{KNOWN};Опрос работодателей;Сварщик;19756;15.01.05;;ППКРС;2027;4;да;90 000",
            f"2026;{KNOWN};опрос;Электрики;;;13.00.00;специалист;2028;2;нет;",
        ]
    )
    result = ingest.load(ECONOMY, "employer_needs", data, "опрос_2026.csv")
    assert result.accepted, result.errors.to_dicts()
    rows = db.Reader().df(
        "select specialty_code, ugs_code, level, headcount, salary_rub, counts_in_need from employer_needs"
        f" where survey_year = 2026 and employer_inn = '{KNOWN}' order by need_year"
    )
    assert rows.rows() == [
        ("15.01.05", "15.00.00", "worker", 4, 90000, True),  # УГС derived from the specialty
        (None, "13.00.00", "specialist", 2, None, True),
    ]
    # the newer survey replaces the employer's older answers in the need
    older = db.Reader().df(
        f"select count(*) filter (where counts_in_need) as n from employer_needs where employer_inn = '{KNOWN}'"
        " and source = 'survey' and survey_year < 2026"
    )
    assert older.item() == 0


def test_institution_cannot_upload_needs(built_mart):
    college = Access(role="institution", login="t.poo01", inst_code="POO-01")
    result = ingest.load(college, "employer_needs", b"survey_year\n2025\n", "x.csv")
    assert result.status == "rejected"
    assert "не может загружать" in result.errors.item(0, "reason")
