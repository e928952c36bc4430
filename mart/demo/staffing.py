"""The demo region's employers and their need for workers (section 2 of the decree): fictional.

About 120 employers, every name marked «(демо)», in the Amur region's real industries (gold mining,
the gas processing plant and its contractors, railways, energy, construction, agriculture, the
cosmodrome), with survey answers for 2019–2025 naming needs up to 7 years ahead and a few
investment projects. The files are written as a ministry would send them (Russian headers, CSV
from Russian Excel, an Excel book) and loaded through the ingestion path like every demo file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field

import xlsxwriter

from mart.intake import inn

SURVEY_YEARS = tuple(range(2019, 2026))
EXAMPLE_INN = "2801000013"  # the employer_needs template's example names this demo employer

# profession (as employers write it), ОКПДТР code, ОКСО code or "" (named by УГС only), УГС, level
_P = tuple[str, str, str, str, str]
_PROFESSIONS: dict[str, list[_P]] = {
    "gold": [
        ("Машинист экскаватора", "14388", "21.01.08", "21.00.00", "worker"),
        ("Обогатитель", "15832", "21.01.16", "21.00.00", "worker"),
        ("Слесарь-ремонтник горного оборудования", "18559", "21.01.10", "21.00.00", "worker"),
        ("Горный мастер", "22670", "21.02.15", "21.00.00", "specialist"),
        ("Техник-геолог", "27032", "21.02.13", "21.00.00", "specialist"),
        ("Электрослесарь", "19861", "13.01.10", "13.00.00", "worker"),
        ("Электрогазосварщик", "19756", "15.01.05", "15.00.00", "worker"),
        ("Водитель карьерного самосвала", "11442", "", "23.00.00", "worker"),
    ],
    "gas": [
        ("Оператор технологических установок", "16081", "18.02.09", "18.00.00", "specialist"),
        ("Лаборант химического анализа", "13321", "18.01.33", "18.00.00", "worker"),
        ("Слесарь КИПиА", "18494", "15.02.14", "15.00.00", "specialist"),
        ("Электромонтёр по ремонту оборудования", "19861", "13.01.10", "13.00.00", "worker"),
        ("Сварщик трубопроводов", "19906", "15.01.05", "15.00.00", "worker"),
        ("Техник по автоматизации", "27108", "15.02.07", "15.00.00", "specialist"),
        ("Монтажник технологических трубопроводов", "14645", "", "08.00.00", "worker"),
    ],
    "rail": [
        ("Помощник машиниста локомотива", "16878", "23.01.09", "23.00.00", "worker"),
        ("Слесарь по ремонту подвижного состава", "18540", "23.01.10", "23.00.00", "worker"),
        ("Электромонтёр СЦБ", "19890", "23.01.14", "23.00.00", "worker"),
        ("Техник по эксплуатации подвижного состава", "27150", "23.02.06", "23.00.00", "specialist"),
        ("Дежурный по станции", "21504", "23.02.01", "23.00.00", "specialist"),
        ("Электромеханик автоматики и телемеханики", "24123", "27.02.03", "27.00.00", "specialist"),
        ("Монтёр пути", "14668", "08.02.10", "08.00.00", "specialist"),
    ],
    "energy": [
        ("Электромонтёр по обслуживанию электростанций", "19842", "13.02.03", "13.00.00", "specialist"),
        ("Техник релейной защиты", "27105", "13.02.06", "13.00.00", "specialist"),
        ("Электромонтёр распределительных сетей", "19855", "13.02.07", "13.00.00", "specialist"),
        ("Электрослесарь по ремонту оборудования", "19931", "13.01.10", "13.00.00", "worker"),
        ("Машинист котлов", "13785", "", "13.00.00", "worker"),
        ("Слесарь по ремонту оборудования котельных", "18531", "15.01.35", "15.00.00", "worker"),
    ],
    "build": [
        ("Каменщик", "12680", "08.01.07", "08.00.00", "worker"),
        ("Электромонтажник", "19806", "08.01.18", "08.00.00", "worker"),
        ("Мастер отделочных работ", "15220", "08.01.25", "08.00.00", "worker"),
        ("Мастер строительных работ", "23796", "08.02.01", "08.00.00", "specialist"),
        ("Техник-дорожник", "27040", "08.02.05", "08.00.00", "specialist"),
        ("Машинист автокрана", "13507", "23.02.04", "23.00.00", "specialist"),
        ("Сварщик", "19756", "15.01.05", "15.00.00", "worker"),
        ("Монтажник санитарно-технических систем", "14621", "08.01.14", "08.00.00", "worker"),
        ("Рабочие строительных профессий", "", "", "08.00.00", "worker"),
    ],
    "agro": [
        ("Тракторист-машинист", "19203", "35.01.13", "35.00.00", "worker"),
        ("Мастер наладчик сельхозтехники", "15316", "35.01.14", "35.00.00", "worker"),
        ("Агроном", "20041", "35.02.05", "35.00.00", "specialist"),
        ("Техник-механик", "27032", "35.02.16", "35.00.00", "specialist"),
        ("Ветеринарный фельдшер", "26638", "36.02.01", "36.00.00", "specialist"),
        ("Электромонтёр сельских электросетей", "19855", "35.02.08", "35.00.00", "specialist"),
        ("Водитель", "11442", "23.01.03", "23.00.00", "worker"),
    ],
    "space": [
        ("Техник по производству летательных аппаратов", "27070", "24.02.01", "24.00.00", "specialist"),
        ("Техник-технолог машиностроения", "27108", "15.02.08", "15.00.00", "specialist"),
        ("Токарь на станках с ЧПУ", "19149", "15.01.33", "15.00.00", "worker"),
        ("Фрезеровщик на станках с ЧПУ", "19479", "15.01.34", "15.00.00", "worker"),
        ("Техник по автоматизации", "27108", "15.02.07", "15.00.00", "specialist"),
        ("Техник-программист", "27099", "09.02.07", "09.00.00", "specialist"),
        ("Электромонтажник", "19806", "13.02.11", "13.00.00", "specialist"),
    ],
    "other": [
        ("Автомеханик", "18511", "23.01.17", "23.00.00", "worker"),
        ("Медицинская сестра", "24038", "34.02.01", "34.00.00", "specialist"),
        ("Фельдшер", "26527", "31.02.01", "31.00.00", "specialist"),
        ("Повар", "16675", "43.01.09", "43.00.00", "worker"),
        ("Системный администратор", "26564", "09.02.06", "09.00.00", "specialist"),
    ],
}

# industry: (how many employers, ОКВЭД codes, municipalities, name stems, relative size)
_INDUSTRIES: dict[str, tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...], float]] = {
    "gold": (
        20,
        ("07.29.41", "07.29"),
        ("г. Зея", "Селемджинский округ", "г. Тында", "Магдагачинский округ", "Зейский округ"),
        ("Прииск", "Золоторудная компания", "Старательская артель", "Рудник", "Горнодобывающая компания"),
        1.4,
    ),
    "gas": (
        6,
        ("20.11", "43.22", "71.12"),
        ("г. Свободный", "Свободненский округ"),
        ("Газоперерабатывающий завод", "Газстроймонтаж", "Промналадка", "Газхимсервис"),
        1.8,
    ),
    "rail": (
        14,
        ("49.10", "49.20", "52.21.1"),
        ("г. Тында", "г. Белогорск", "г. Свободный", "г. Благовещенск", "г. Шимановск"),
        ("Локомотивное депо", "Вагонное депо", "Дистанция пути", "Дистанция СЦБ", "Железнодорожная станция"),
        1.3,
    ),
    "energy": (
        14,
        ("35.11.1", "35.12", "35.30.14"),
        ("г. Благовещенск", "г. Зея", "г. Райчихинск", "Бурейский округ", "г. Белогорск"),
        ("ГЭС", "ТЭЦ", "Электросетевая компания", "Теплоэнерго", "Энергосервис"),
        1.1,
    ),
    "build": (
        24,
        ("41.20", "42.11", "43.21", "42.21"),
        ("г. Благовещенск", "г. Белогорск", "г. Свободный", "г. Циолковский", "Благовещенский округ"),
        (
            "Строительная компания",
            "Стройтрест",
            "Дорожно-строительное управление",
            "Монтажстрой",
            "Амурстрой",
        ),
        0.9,
    ),
    "agro": (
        26,
        ("01.11", "01.41", "01.61", "10.41"),
        (
            "Ивановский округ",
            "Тамбовский округ",
            "Серышевский округ",
            "Завитинский округ",
            "Октябрьский округ",
        ),
        ("Агрофирма", "СПК", "Агрохолдинг", "Крестьянское хозяйство", "Соевый комбинат"),
        0.6,
    ),
    "space": (
        8,
        ("30.30", "52.23.1", "25.62"),
        ("г. Циолковский",),
        ("Центр эксплуатации космодрома", "Ракетно-космический завод", "Космосервис", "Техцентр «Восточный»"),
        1.5,
    ),
    "other": (
        8,
        ("45.20", "86.10", "56.10", "62.02"),
        ("г. Благовещенск", "г. Белогорск"),
        ("Автоцентр", "Медицинский центр", "Комбинат питания", "ИТ-компания"),
        0.7,
    ),
}
_NAME_WORDS = (
    "Амурский",
    "Зейский",
    "Буреинский",
    "Приамурский",
    "Селемджинский",
    "Восточный",
    "Северный",
    "Дальневосточный",
    "Тындинский",
    "Благовещенский",
    "Свободненский",
    "Норский",
)
_LEGAL = ("ООО", "АО", "ПАО", "ООО", "ООО")

# investment projects: (industry, project name, municipality, ОКВЭД, announcement year, jobs scale, ТОСЭР)
_PROJECTS = (
    ("gas", "Газохимический комплекс, вторая очередь", "Свободненский округ", "20.16", 2020, 3.0, True),
    (
        "gold",
        "Освоение рудного золоторудного месторождения",
        "Селемджинский округ",
        "07.29.41",
        2021,
        2.0,
        False,
    ),
    ("space", "Производство компонентов ракет-носителей", "г. Циолковский", "30.30", 2022, 1.6, True),
    ("rail", "Терминально-логистический центр на БАМе", "г. Тында", "52.24", 2023, 1.2, False),
    ("energy", "Строительство тепловой электростанции", "г. Свободный", "35.11.1", 2023, 1.4, True),
    ("agro", "Соевый перерабатывающий комплекс", "Тамбовский округ", "10.41", 2024, 1.0, True),
)

EMPLOYER_HEADER = (
    "ИНН",
    "Наименование организации",
    "Основной ОКВЭД",
    "Муниципальное образование",
    "Инвестиционный проект",
    "Название проекта",
    "Резидент ТОСЭР",
)
NEED_HEADER = (
    "Год опроса",
    "ИНН",
    "Источник",
    "Профессия, должность",
    "Код ОКПДТР",
    "Код специальности",
    "Код УГС",
    "Уровень",
    "Год потребности",
    "Потребность, чел.",
    "Целевое обучение",
    "Зарплата, руб.",
)


@dataclass
class _Employer:
    inn: str
    name: str
    industry: str
    okved: str
    municipality: str
    size: float
    professions: list[_P]
    project: str = ""
    is_toser: bool = False
    survey_years: list[int] = field(default_factory=list)


def _employers(rng: random.Random) -> list[_Employer]:
    used: set[str] = {EXAMPLE_INN}
    out: list[_Employer] = []

    def new_inn() -> str:
        while True:
            value = inn.complete(
                f"28{rng.choice(['01', '04', '07', '08', '12', '15', '27'])}{rng.randrange(10**5):05d}"
            )
            if value not in used:
                used.add(value)
                return value

    names: set[str] = set()
    for industry, (count, okveds, munis, stems, size) in _INDUSTRIES.items():
        pool = _PROFESSIONS[industry]
        for _ in range(count):
            while True:
                name = f"{rng.choice(_LEGAL)} «{rng.choice(_NAME_WORDS)} {rng.choice(stems).lower()}» (демо)"
                if name not in names:
                    names.add(name)
                    break
            k = min(len(pool), rng.randint(2, 5))
            out.append(
                _Employer(
                    inn=EXAMPLE_INN if not out else new_inn(),
                    name=name,
                    industry=industry,
                    okved=rng.choice(okveds),
                    municipality=rng.choice(munis),
                    size=size * rng.uniform(0.4, 1.8),
                    professions=rng.sample(pool, k),
                    is_toser=rng.random() < 0.12,
                )
            )
    for industry, title, muni, okved, year, scale, toser in _PROJECTS:
        pool = _PROFESSIONS[industry]
        out.append(
            _Employer(
                inn=new_inn(),
                name=f"ООО «{title}» (демо)",
                industry=industry,
                okved=okved,
                municipality=muni,
                size=scale * 4,
                professions=rng.sample(pool, min(len(pool), 5)),
                project=f"{title} (демо)",
                is_toser=toser,
                survey_years=[year],
            )
        )
    for e in out:
        if e.project:
            continue
        # employers answer the survey every one to three years; some stop answering
        y = rng.choice((2019, 2019, 2019, 2020, 2021, 2022))
        while y <= SURVEY_YEARS[-1]:
            e.survey_years.append(y)
            if rng.random() < 0.1:
                break
            y += rng.choice((1, 2, 2, 3))
    return out


def _need_rows(rng: random.Random, employers: list[_Employer]) -> dict[int, list[list[object]]]:
    """Survey answers by survey year (key 0: the investment projects' announced jobs)."""
    files: dict[int, list[list[object]]] = {}
    for e in employers:
        base = {p[0]: max(1.0, e.size * rng.uniform(2, 9)) for p in e.professions}
        for sy in e.survey_years:
            horizon = 7 if e.project else rng.choice((3, 5, 5, 7))
            trend = rng.uniform(-0.04, 0.08)
            for p in e.professions:
                prof, okpdtr, spec, ugs, level = p
                target = rng.random() < 0.35
                salary = round(rng.uniform(45, 140) * (1.3 if e.industry in ("gold", "gas") else 1.0)) * 1000
                for ny in range(sy, sy + horizon + 1):
                    if e.project:
                        # a project hires as it is built, then runs with a steady crew
                        ramp = min(1.0, (ny - sy + 1) / 3)
                        n = round(base[prof] * ramp * rng.uniform(0.8, 1.2))
                    else:
                        n = round(base[prof] * (1 + trend) ** (ny - sy) * rng.uniform(0.75, 1.25))
                    files.setdefault(0 if e.project else sy, []).append(
                        [
                            sy,
                            e.inn,
                            "investment_project" if e.project else "survey",
                            prof,
                            okpdtr,
                            spec,
                            "" if spec else ugs,
                            level,
                            ny,
                            n,
                            "да" if target else "нет",
                            salary if rng.random() < 0.8 else "",
                        ]
                    )
    return files


def _csv_cp1251(header: tuple[str, ...], rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("cp1251")


def _xlsx(header: tuple[str, ...], rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"author": "Демо", "created": dt.datetime(2026, 1, 15, 9, 0, 0)})
    ws = wb.add_worksheet("Потребность")
    ws.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if isinstance(v, int):
                ws.write_number(i, j, v)
            else:
                ws.write_string(i, j, str(v))
    wb.close()
    return buf.getvalue()


def files(seed: int) -> list[tuple[str, str, bytes]]:
    """(dataset, file name, content) of the demo employers and their needs, in load order."""
    rng = random.Random(f"{seed}:staffing")
    employers = _employers(rng)
    emp_rows = [
        [
            e.inn,
            e.name,
            e.okved,
            e.municipality,
            "да" if e.project else "нет",
            e.project,
            "да" if e.is_toser else "нет",
        ]
        for e in employers
    ]
    out = [("employers", "demo_employers.csv", _csv_cp1251(EMPLOYER_HEADER, emp_rows))]
    needs = _need_rows(rng, employers)
    for year in sorted(needs):
        rows = needs[year]
        if year == 0:
            out.append(("employer_needs", "demo_investment_projects.xlsx", _xlsx(NEED_HEADER, rows)))
        elif year % 2:
            out.append(("employer_needs", f"demo_employer_survey_{year}.csv", _csv_cp1251(NEED_HEADER, rows)))
        else:
            out.append(("employer_needs", f"demo_employer_survey_{year}.xlsx", _xlsx(NEED_HEADER, rows)))
    return out
