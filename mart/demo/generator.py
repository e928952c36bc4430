"""Demo data: the files a FICTIONAL region's institutions and ministry would upload.

``generate()`` returns them in load order (institutions, roadmap_status, experts, expert_events,
championship_results, kcp_proposals, kcp_totals, kcp_competition, admissions, graduates, demo_exams).
Everything comes from one ``random.Random(448)`` and the repository's seeds, never from the clock, so the output is
byte-identical on every call and in every process (no iteration over sets of strings).

Every organisation and person is invented and says so: colleges are «Демо-колледж № N (...)»
with «(вымышленная организация)» in the full name, companies carry «(вымышленная)», schools
«(демо)», people's names are random combinations. Municipalities are real Amur ones.

File formats imitate Russian offices, fixed per college (see ``_FORMATS``):

- ``std``: UTF-8, comma, ISO dates, decimal point, yes/no;
- ``std_ru``: the same with «да»/«нет»;
- ``cp1251``: Windows-1251, ``;``, dd.mm.yyyy, decimal comma, «да»/«нет», and graduates' status
  as its Russian label (seeds/employment_statuses.csv ``label_ru``) instead of the code;
- ``bom``: UTF-8 with BOM, ``;``, dd.mm.yyyy, decimal comma, «да»/«нет».

Three colleges send admissions as .xlsx (sheet «Данные», header in row 1, numbers as numbers).
Ministry files: institutions ``std``, roadmap_status ``cp1251``, experts ``bom``; the RKC's
championship results and expert events ``std``.

Volumes follow the region's public figures (docs: shared/DOMAIN.md): ~5,500 graduates a year in
19 colleges, Σ КЦП ≈ 3,700 (3,715 in 2021, 3,790 in 2022), regional championship 35–42
competences and ~240 contestants (170 in 2020), demo exams growing from ~600 to ~3,000.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import xlsxwriter

SEED = 448
YEARS = tuple(range(2019, 2026))

DATASETS = (
    "institutions",
    "roadmap_status",
    "experts",
    "expert_events",
    "championship_results",
    "kcp_proposals",
    "kcp_totals",
    "kcp_competition",
    "admissions",
    "graduates",
    "employment_form",
    "demo_exams",
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "institutions": ("inst_code", "short_name", "full_name", "kind", "municipality", "director"),
    "graduates": (
        "inst_code",
        "graduation_year",
        "specialty_code",
        "graduate_id",
        "status",
        "by_specialty",
        "retained_4m",
        "status_date",
    ),
    "admissions": (
        "year",
        "inst_code",
        "specialty_code",
        "kcp_plan",
        "enrolled",
        "study_form",
        "base_education",
        "applications",
        "enrolled_target",
        "enrolled_paid",
    ),
    "kcp_proposals": ("admission_year", "specialty_code", "proposed_by", "places", "justification"),
    "kcp_totals": ("admission_year", "specialty_code", "study_form", "places", "order_ref"),
    "kcp_competition": (
        "admission_year",
        "inst_code",
        "specialty_code",
        "study_form",
        "bid_places",
        "score",
        "awarded_places",
    ),
    "demo_exams": (
        "year",
        "inst_code",
        "specialty_code",
        "competence",
        "student_id",
        "score_pct",
        "grade",
        "credited",
    ),
    "experts": (
        "expert_id",
        "full_name",
        "inst_code",
        "organization",
        "competence",
        "certificate",
        "valid_from",
        "valid_to",
    ),
    "expert_events": ("expert_id", "year", "event", "competence", "role"),
    "championship_results": (
        "year",
        "event",
        "level",
        "age_group",
        "competence",
        "participant_id",
        "participant_name",
        "inst_code",
        "organization",
        "score",
        "medal",
    ),
    "roadmap_status": ("item_code", "status", "progress_pct", "status_date", "evidence", "comment"),
}

STATUS_LABELS = {
    "employed": "Трудоустроен",
    "entrepreneur": "Индивидуальный предприниматель",
    "self_employed": "Самозанятый",
    "continuing_education": "Продолжает обучение",
    "army_conscript": "Служба в армии по призыву",
    "army_contract": "Служба по контракту",
    "parental_leave": "Отпуск по уходу за ребенком",
    "informal": "Неформальная занятость",
    "unemployed_registered": "Зарегистрирован в ЦЗН как безработный",
    "no_motivation": "Нет мотивации к трудоустройству",
    "other_risk": "Иные риски нетрудоустройства",
    "health_or_death": "Смерть или тяжелое состояние здоровья",
    "investigation_or_sentence": "Под следствием или отбывает наказание",
    "emigrated": "Переезд за пределы РФ",
    "family_care": "Уход за родственниками, семейные обстоятельства",
    "foreign_no_snils": "Иностранный гражданин без СНИЛС",
    "other": "Иное",
}

# college-years whose «Иное» share is deliberately above 1 in 200 (the warning to explain)
OTHER_SPIKES = {("POO-12", 2021), ("POO-06", 2023)}
# college-years reported by the federal monitoring form instead of per-graduate rows (issue 14), and
# two reported both ways: POO-05's 2024 form disagrees with its own list in a few cells (the
# reconciliation has something to show), POO-09's 2025 form agrees in every cell of row 01
FORM_ONLY = (("POO-11", 2020), ("POO-11", 2021), ("POO-17", 2021))
FORM_AND_ROWS = (("POO-05", 2024), ("POO-09", 2025))
_FORM_DISAGREES = ("POO-05", 2024)

_LAST_REPORT = dt.date(2026, 6, 30)  # nothing is dated after this (the data "as of" mid-2026)


@dataclass(frozen=True)
class DemoFile:
    dataset: str  # one of DATASETS
    file_name: str  # e.g. "demo_graduates_POO-01.csv"
    content: bytes  # the file as an institution would upload it
    inst_code: str | None  # the institution the file is bound to (colleges' own files), else None
    mode: str  # "upsert" or "replace"
    year: int | None = None  # the reporting year said at upload (the federal form's option)


# ---------------------------------------------------------------------------------------------
# File formats


@dataclass(frozen=True)
class _Fmt:
    encoding: str
    delimiter: str
    russian: bool  # dd.mm.yyyy dates and decimal comma
    yes: str
    no: str
    labels: bool  # graduates' status as the Russian label


_FORMATS = {
    "std": _Fmt("utf-8", ",", False, "yes", "no", False),
    "std_ru": _Fmt("utf-8", ",", False, "да", "нет", False),
    "cp1251": _Fmt("cp1251", ";", True, "да", "нет", True),
    "bom": _Fmt("utf-8-sig", ";", True, "да", "нет", False),
}


def _date(d: dt.date, fmt: _Fmt) -> str:
    return d.strftime("%d.%m.%Y") if fmt.russian else d.isoformat()


def _cents(c: int, fmt: _Fmt) -> str:
    """A value kept in hundredths, printed with two decimals."""
    return f"{c // 100}{',' if fmt.russian else '.'}{c % 100:02d}"


def _csv(dataset: str, rows: Iterable[Sequence[object]], fmt: _Fmt) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=fmt.delimiter, lineterminator="\r\n")
    w.writerow(COLUMNS[dataset])
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(fmt.encoding)


def _xlsx(dataset: str, rows: Iterable[Sequence[object]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    # a fixed creation time: xlsxwriter would stamp "now" and break byte-identical output
    wb.set_properties({"author": "Демо", "created": dt.datetime(2026, 1, 15, 9, 0, 0)})
    ws = wb.add_worksheet("Данные")
    ws.write_row(0, 0, COLUMNS[dataset])
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if isinstance(v, int):
                ws.write_number(i, j, v)
            else:
                ws.write_string(i, j, "" if v is None else str(v))
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Seeds


@dataclass
class _Seeds:
    specialties: dict[str, str]  # code -> kind (specialty|profession)
    competences: dict[str, str]  # competence -> block, in file order
    spec_comps: dict[str, list[str]]  # specialty -> competences, in file order
    roadmap: list[dict[str, str]]
    specialty_names: dict[str, str] = field(default_factory=dict)  # code -> name (the federal form)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _wait_for(paths: list[Path], timeout_s: float = 900.0) -> None:
    """Reference seeds may still be being written by another hand: poll briefly for them."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        missing = [p for p in paths if not p.exists() or p.stat().st_size == 0]
        if not missing:
            return
        if time.monotonic() > deadline:
            raise FileNotFoundError(f"Demo data needs seeds that are missing: {[p.name for p in missing]}")
        time.sleep(5)


def _load_seeds(seeds_dir: Path) -> _Seeds:
    names = ["specialties.csv", "competences.csv", "specialty_competences.csv", "roadmap_items.csv"]
    _wait_for([seeds_dir / n for n in names])
    specialties = {r["specialty_code"]: r["kind"] for r in _read(seeds_dir / "specialties.csv")}
    competences = {r["competence"]: r["block"] for r in _read(seeds_dir / "competences.csv")}
    spec_comps: dict[str, list[str]] = {}
    for r in _read(seeds_dir / "specialty_competences.csv"):
        if r["specialty_code"] in specialties and r["competence"] in competences:
            spec_comps.setdefault(r["specialty_code"], []).append(r["competence"])
    names = {r["specialty_code"]: r["name"] for r in _read(seeds_dir / "specialties.csv")}
    return _Seeds(specialties, competences, spec_comps, _read(seeds_dir / "roadmap_items.csv"), names)


# ---------------------------------------------------------------------------------------------
# People's names (random combinations: fictional)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = _words(
    "Абрамов Аксенов Алексеев Андреев Анисимов Антонов Архипов Афанасьев Баранов Белов Белоусов "
    "Беляев Бирюков Богданов Борисов Быков Васильев Виноградов Власов Волков Воронин Воробьев "
    "Гаврилов Галкин Герасимов Голубев Гончаров Горбунов Горшков Грачев Григорьев Громов Гусев "
    "Давыдов Данилов Демидов Демин Денисов Дмитриев Дорофеев Евдокимов Егоров Елисеев Емельянов "
    "Еремин Ермаков Ефимов Ефремов Жданов Жуков Журавлев Зайцев Захаров Зимин Зуев Ильин Исаев "
    "Казаков Калинин Карпов Киселев Климов Ковалев Козлов Колесников Комаров Кондратьев Коновалов "
    "Королев Котов Крылов Кудрявцев Кузьмин Куликов Лазарев Лебедев Леонов Логинов Лукин Лыков "
    "Макаров Максимов Малышев Мальцев Марков Мартынов Маслов Матвеев Медведев Мельников Миронов "
    "Михеев Моисеев Морозов Назаров Наумов Нестеров Никитин Никифоров Новиков Овчинников Орлов "
    "Осипов Павлов Панов Пестов Плотников Поляков Пономарев Потапов Прохоров Родионов Романов "
    "Рыбаков Рябов Савельев Савин Сафонов Селиванов Симонов Скворцов Соболев Соколов Соловьев "
    "Сорокин Степанов Суханов Тарасов Титов Тихонов Тимофеев Третьяков Трофимов Уваров Фадеев "
    "Федотов Филатов Филиппов Фомин Фролов Харитонов Хохлов Цветков Чернов Чистяков Шаров Широков "
    "Щербаков Юдин Яковлев Ярцев Березовский Покровский Троицкий Успенский Вознесенский Заречный"
)
_MALE = _words(
    "Александр Алексей Анатолий Андрей Антон Артем Артур Богдан Вадим Валерий Василий Виктор "
    "Виталий Владимир Владислав Вячеслав Георгий Глеб Григорий Даниил Денис Дмитрий Евгений Егор "
    "Иван Игорь Илья Кирилл Константин Максим Матвей Михаил Никита Николай Олег Павел Роман "
    "Руслан Семен Сергей Степан Тимофей Тимур Федор Юрий Ярослав"
)
_FEMALE = _words(
    "Александра Алена Алина Анастасия Анна Валентина Валерия Вера Вероника Виктория Галина Дарья "
    "Диана Екатерина Елена Елизавета Ирина Карина Кристина Ксения Лариса Любовь Людмила Маргарита "
    "Марина Мария Надежда Наталья Оксана Олеся Ольга Полина Светлана София Татьяна Ульяна Юлия Яна"
)
_PATRONYMIC_STEMS = _words(
    "Александров Алексеев Андреев Анатольев Борисов Валерьев Васильев Викторов Витальев "
    "Владимиров Вячеславов Геннадьев Григорьев Дмитриев Евгеньев Иванов Игорев Константинов "
    "Леонидов Михайлов Николаев Олегов Павлов Петров Романов Сергеев Степанов Юрьев"
)


class _Names:
    """Unique fictional «Фамилия Имя Отчество»."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, male: bool | None = None) -> str:
        rng = self.rng
        if male is None:
            male = rng.random() < 0.5
        while True:
            sur = rng.choice(_SURNAMES)
            stem = rng.choice(_PATRONYMIC_STEMS)
            if male:
                name = f"{sur} {rng.choice(_MALE)} {stem}ич"
            else:
                fem = sur[:-2] + "ая" if sur.endswith(("ий", "ый")) else sur + "а"
                name = f"{fem} {rng.choice(_FEMALE)} {stem}на"
            if name not in self.used:
                self.used.add(name)
                return name


# ---------------------------------------------------------------------------------------------
# Institutions and organisations


@dataclass
class _College:
    code: str
    no: int
    label: str  # the profile in the short name
    title: str  # the full name's core
    legal: str  # ГПОАУ АО / ГПОБУ АО
    municipality: str
    male: float  # share of young men: drives army and parental leave
    size: float
    wanted: tuple[str, ...]  # specialty codes that fit the profile
    fmt: str
    xlsx_admissions: bool = False
    explicit_grades: bool = False
    fill_no: bool = False  # writes «нет» in credited instead of leaving it empty
    specs: list[str] = field(default_factory=list)
    director: str = ""
    quality: float = 1.0
    by_spec_p: float = 0.7
    retained_p: float = 0.75
    exam_effect: int = 0

    @property
    def short_name(self) -> str:
        return f"Демо-колледж № {self.no} ({self.label})"

    @property
    def full_name(self) -> str:
        return f"{self.legal} «{self.title}» (вымышленная организация)"


_BLG = "г. Благовещенск"
_COLLEGES: tuple[tuple, ...] = (
    # label, full-name core, municipality, male share, size, specialties, format
    ("строительный", "Демонстрационный строительный колледж", _BLG, 0.80, 1.2,
     "08.01.07 08.01.14 08.01.18 08.01.24 08.01.25 08.01.26 08.02.01 08.02.07 08.02.09 07.02.01", "std"),
    ("политехнический", "Демонстрационный политехнический колледж", _BLG, 0.82, 1.3,
     "15.01.05 15.01.32 15.01.33 15.02.01 15.02.07 15.02.08 15.02.10 15.02.12 13.02.11", "bom"),
    ("медицинский", "Демонстрационный медицинский колледж", _BLG, 0.12, 1.3,
     "31.02.01 31.02.03 33.02.01 34.02.01 39.02.01", "cp1251"),
    ("педагогический", "Демонстрационный педагогический колледж", _BLG, 0.20, 1.1,
     "44.02.01 44.02.02 49.02.01 39.02.01 40.02.01 46.02.01", "std_ru"),
    ("автомобильный", "Демонстрационный колледж автомобильного транспорта", _BLG, 0.86, 1.1,
     "23.01.03 23.01.17 23.02.01 23.02.03 23.02.04 23.02.07 15.01.05", "cp1251"),
    ("сервиса и туризма", "Демонстрационный колледж сервиса и туризма", _BLG, 0.25, 1.1,
     "43.01.02 43.01.09 43.02.01 43.02.10 43.02.14 43.02.15 38.02.04 54.01.20", "std"),
    ("информационных технологий", "Демонстрационный колледж информационных технологий и экономики",
     _BLG, 0.48, 1.2, "09.01.03 09.02.01 09.02.03 09.02.06 09.02.07 38.02.01 38.02.07 40.02.01", "std_ru"),
    ("железнодорожный", "Демонстрационный железнодорожный колледж", "г. Свободный", 0.80, 1.0,
     "23.01.09 23.01.10 23.01.14 23.02.01 23.02.06 27.02.03 08.02.10 13.02.07", "cp1251"),
    ("индустриальный", "Демонстрационный индустриально-технологический колледж", "г. Белогорск", 0.70, 1.0,
     "15.01.05 13.01.10 23.01.17 23.02.07 08.01.07 43.01.09 38.02.01", "std"),
    ("аграрный", "Демонстрационный аграрный колледж", "Ивановский округ", 0.70, 0.8,
     "35.01.13 35.01.14 35.02.05 35.02.07 35.02.08 35.02.16 36.02.01", "cp1251"),
    ("горный", "Демонстрационный горно-технологический колледж", "г. Зея", 0.84, 0.8,
     "21.01.08 21.01.10 21.01.16 21.02.13 21.02.15 21.02.17 21.02.18 13.02.11", "bom"),
    ("многопрофильный", "Демонстрационный многопрофильный колледж", "г. Тында", 0.62, 0.9,
     "23.02.06 23.01.10 08.02.10 13.02.07 44.02.02 34.02.01 43.01.09", "std"),
    ("лесотехнический", "Демонстрационный лесотехнический колледж", "г. Шимановск", 0.72, 0.6,
     "35.02.01 35.01.13 15.01.05 23.01.03 43.01.09 08.01.07", "cp1251"),
    ("энергетический", "Демонстрационный энергетический колледж", "г. Райчихинск", 0.80, 0.6,
     "13.02.03 13.02.06 13.02.11 21.01.08 21.02.15 15.01.05", "std"),
    ("агропромышленный", "Демонстрационный агропромышленный колледж", "Завитинский округ", 0.68, 0.5,
     "35.01.13 35.02.05 35.02.16 43.01.09 23.01.03", "cp1251"),
    ("аэрокосмический", "Демонстрационный аэрокосмический колледж", "г. Циолковский", 0.78, 0.7,
     "24.02.01 15.02.08 15.01.33 15.01.34 15.02.14 09.02.07 13.02.11", "std"),
    ("сельскохозяйственный", "Демонстрационный сельскохозяйственный колледж", "Серышевский округ", 0.66, 0.5,
     "35.01.14 35.02.07 36.02.01 23.01.17 43.01.09 38.02.01", "std_ru"),
    ("химико-технологический", "Демонстрационный химико-технологический колледж", "г. Свободный", 0.66, 0.7,
     "18.01.33 18.02.06 18.02.09 18.02.12 21.02.03 15.02.07 15.02.12", "bom"),
    ("гуманитарный", "Демонстрационный гуманитарно-педагогический колледж", "г. Белогорск", 0.25, 0.8,
     "44.02.01 44.02.02 49.02.01 09.02.05 38.02.01 43.02.10", "std"),
)  # fmt: skip
_XLSX_ADMISSIONS = {"POO-04", "POO-10", "POO-16"}
_EXPLICIT_GRADES = {"POO-03", "POO-05", "POO-07", "POO-08", "POO-10", "POO-13", "POO-15"}
_FILL_NO = {"POO-01", "POO-03", "POO-05", "POO-09", "POO-10", "POO-13"}

_UNIVERSITIES = (
    ("OVO-01", "Демо-университет № 1 (государственный)",
     "ФГБОУ ВО «Демонстрационный государственный университет» (вымышленная организация)", _BLG),
    ("OVO-02", "Демо-университет № 2 (педагогический)",
     "ФГБОУ ВО «Демонстрационный педагогический университет» (вымышленная организация)", _BLG),
    ("OVO-03", "Демо-академия № 3 (аграрная)",
     "ФГБОУ ВО «Демонстрационная аграрная академия» (вымышленная организация)", _BLG),
)  # fmt: skip

# employers: name, the competences they hold corporate championships in
_EMPLOYERS = (
    ("АО «Демо-Энерго» (вымышленная)",
     ("Электромонтаж", "Эксплуатация кабельных линий электропередачи",
      "Обслуживание и ремонт оборудования релейной защиты и автоматики")),
    ("ООО «Демо-Газпереработка» (вымышленная)",
     ("Лабораторный химический анализ", "Промышленная механика и монтаж", "Сварочные технологии",
      "Промышленная автоматика")),
    ("АО «Демо-Магистраль» (вымышленная)", ("Управление локомотивом", "Электромонтаж", "Сварочные технологии")),
    ("АО «Демо-Золото» (вымышленная)", ("Обслуживание тяжелой техники", "Сварочные технологии", "Геодезия")),
    ("ООО «Демо-Агро» (вымышленная)", ("Эксплуатация сельскохозяйственных машин", "Агрономия", "Ветеринария")),
    ("АО «Демо-Космос» (вымышленная)",
     ("Технологии композитов", "Инженерный дизайн CAD", "Фрезерные работы на станках с ЧПУ")),
    ("ООО «Демо-Строй» (вымышленная)", ("Кирпичная кладка", "Сантехника и отопление", "Электромонтаж")),
    ("ООО «Демо-Сервис» (вымышленная)", ("Поварское дело", "Ресторанный сервис", "Кондитерское дело")),
)  # fmt: skip

_SCHOOLS = (
    "МОАУ СОШ № 5 г. Благовещенска (демо)",
    "МОАУ СОШ № 12 г. Благовещенска (демо)",
    "МОАУ «Гимназия № 1 г. Благовещенска» (демо)",
    "МОАУ «Лицей № 6 г. Благовещенска» (демо)",
    "МОБУ СОШ № 3 г. Белогорска (демо)",
    "МОБУ СОШ № 10 г. Белогорска (демо)",
    "МОАУ СОШ № 2 г. Свободного (демо)",
    "МОАУ СОШ № 192 г. Свободного (демо)",
    "МОБУ СОШ № 1 г. Тынды (демо)",
    "МОБУ СОШ № 4 г. Зеи (демо)",
    "МОБУ СОШ № 7 г. Шимановска (демо)",
    "МОБУ СОШ № 1 г. Райчихинска (демо)",
    "МОБУ СОШ № 6 г. Циолковского (демо)",
    "МОБУ «Ивановская СОШ» (демо)",
)

_JUNIOR_COMPETENCES = (
    "Веб-дизайн и разработка",
    "Графический дизайн",
    "Поварское дело",
    "Кондитерское дело",
    "Электромонтаж",
    "Мобильная робототехника",
    "Инженерный дизайн CAD",
    "Сетевое и системное администрирование",
    "Парикмахерское искусство",
    "Лабораторный химический анализ",
    "Ресторанный сервис",
    "Кирпичная кладка",
    "Столярное дело",
    "Программные решения для бизнеса",
)


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer total in proportion to weights (largest remainder): the sum is exact."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def _institutions(rng: random.Random, seeds: _Seeds, names: _Names) -> list[_College]:
    colleges = []
    for i, (label, title, mun, male, size, specs, fmt) in enumerate(_COLLEGES, start=1):
        code = f"POO-{i:02d}"
        c = _College(
            code=code,
            no=i,
            label=label,
            title=title,
            legal="ГПОАУ АО" if i % 3 else "ГПОБУ АО",
            municipality=mun,
            male=male,
            size=size,
            wanted=tuple(specs.split()),
            fmt=fmt,
            xlsx_admissions=code in _XLSX_ADMISSIONS,
            explicit_grades=code in _EXPLICIT_GRADES,
            fill_no=code in _FILL_NO,
        )
        c.specs = [s for s in c.wanted if s in seeds.specialties]
        c.director = names()
        c.quality = rng.uniform(0.85, 1.35)
        c.by_spec_p = rng.uniform(0.6, 0.8)
        c.retained_p = rng.uniform(0.7, 0.8)
        c.exam_effect = rng.randint(-700, 700)
        colleges.append(c)
    return colleges


def _institutions_file(colleges: list[_College], uni_directors: list[str]) -> DemoFile:
    rows: list[list[object]] = [
        [c.code, c.short_name, c.full_name, "ПОО", c.municipality, c.director] for c in colleges
    ]
    for (code, short, full, mun), director in zip(_UNIVERSITIES, uni_directors, strict=True):
        rows.append([code, short, full, "ОВО", mun, director])
    return DemoFile(
        "institutions", "demo_institutions.csv", _csv("institutions", rows, _FORMATS["std"]), None, "upsert"
    )


# ---------------------------------------------------------------------------------------------
# Graduates and admissions

_GRAD_TARGETS = {2019: 5480, 2020: 5390, 2021: 5520, 2022: 5610, 2023: 5540, 2024: 5580, 2025: 5650}
_KCP_TARGETS = {
    2019: 3640,
    2020: 3680,
    2021: 3715,
    2022: 3790,
    2023: 3760,
    2024: 3820,
    2025: 3850,
    2026: 3870,
}
# risk statuses (unemployment, no motivation ...) are highest in the covid year and fall after
_RISK_BY_YEAR = {2019: 1.3, 2020: 1.45, 2021: 1.2, 2022: 1.05, 2023: 0.95, 2024: 0.85, 2025: 0.8}


def _status_weights(c: _College, year: int, rng: random.Random) -> tuple[list[str], list[float]]:
    risk = _RISK_BY_YEAR[year] * c.quality
    m = c.male
    w = {
        "army_conscript": 0.205 * m * rng.uniform(0.9, 1.1),
        "continuing_education": rng.uniform(0.075, 0.11) + 0.03 * (1 - m),
        "parental_leave": 0.075 * (1 - m) + 0.012,
        "self_employed": rng.uniform(0.02, 0.04),
        "entrepreneur": rng.uniform(0.006, 0.014),
        "army_contract": 0.01 + 0.01 * m,
        "unemployed_registered": 0.017 * risk,
        "no_motivation": 0.017 * risk,
        "other_risk": 0.015 * risk,
        "informal": 0.016 * risk,
        "health_or_death": 0.002,
        "investigation_or_sentence": 0.003 * m,
        "emigrated": 0.0015,
        "family_care": 0.004,
        "foreign_no_snils": 0.002,
    }
    w["employed"] = 1.0 - sum(w.values())
    codes = ["employed", *(k for k in STATUS_LABELS if k not in ("employed", "other") and k in w)]
    return codes, [w[k] for k in codes]


def _graduates(
    rng: random.Random, colleges: list[_College], seeds: _Seeds
) -> tuple[list[DemoFile], dict, dict]:
    pairs = [(c, s) for c in colleges for s in c.specs]
    base = [
        c.size * rng.uniform(0.6, 1.4) * (0.8 if seeds.specialties[s] == "profession" else 1.0)
        for c, s in pairs
    ]
    counts: dict[tuple[str, str, int], int] = {}
    for y in YEARS:
        ws = [b * rng.uniform(0.85, 1.15) for b in base]
        for (c, s), n in zip(pairs, _allocate(_GRAD_TARGETS[y], ws), strict=True):
            counts[(c.code, s, y)] = n
    files = []
    by_form: dict[tuple[str, int], list[tuple[str, str, bool, bool]]] = {}
    for c in colleges:
        fmt = _FORMATS[c.fmt]
        rows: list[list[object]] = []
        for y in YEARS:
            codes, weights = _status_weights(c, y, rng)
            n_total = sum(counts[(c.code, s, y)] for s in c.specs)
            statuses = rng.choices(codes, weights, k=n_total)
            if (c.code, y) in OTHER_SPIKES:
                k_other = n_total * rng.randint(12, 20) // 1000 + 2
            else:
                k_other = 1 if rng.random() < 0.4 and n_total >= 200 else 0
            for i in rng.sample(range(n_total), k_other):
                statuses[i] = "other"
            monitoring = dt.date(y, 12, 1)
            k = 0
            for si, s in enumerate(c.specs, start=1):
                for seq in range(1, counts[(c.code, s, y)] + 1):
                    st = statuses[k]
                    k += 1
                    by_spec = retained = None
                    if st == "employed":
                        by_spec = fmt.yes if rng.random() < c.by_spec_p else fmt.no
                        retained = fmt.yes if rng.random() < c.retained_p else fmt.no
                    if (c.code, y) in FORM_ONLY or (c.code, y) in FORM_AND_ROWS:
                        by_form.setdefault((c.code, y), []).append(
                            (s, st, by_spec == fmt.yes, retained == fmt.yes)
                        )
                        if (c.code, y) in FORM_ONLY:
                            continue
                    rows.append(
                        [
                            c.code,
                            y,
                            s,
                            f"G{y % 100:02d}-{c.no:02d}{si:02d}-{seq:04d}",
                            STATUS_LABELS[st] if fmt.labels else st,
                            by_spec,
                            retained,
                            _date(monitoring, fmt),
                        ]
                    )
        files.append(
            DemoFile(
                "graduates", f"demo_graduates_{c.code}.csv", _csv("graduates", rows, fmt), c.code, "upsert"
            )
        )
    return files, counts, by_form


_AT_RISK = ("informal", "unemployed_registered", "no_motivation", "other_risk")
_KINDS = ("vision", "hearing", "musculoskeletal", "speech", "mental_delay", "autism", "other")


def _employment_forms(
    rng: random.Random, colleges: list[_College], seeds: _Seeds, by_form: dict
) -> list[DemoFile]:
    """The federal monitoring forms of the college-years in FORM_ONLY and FORM_AND_ROWS (2022 layout).

    Row 01 holds the same graduates as the per-graduate rows would; some graduates at risk carry a
    forecast (columns 27–32, out of their risk column, as the form's check wants); rows 02–15 come
    from invented flags (about 1.5 % with limited health or a disability). A form of FORM_AND_ROWS
    moves two employed graduates of one specialty to «registered unemployed» and gives forecasts:
    the reconciliation on the employment page shows those cells; the other agrees with its rows.
    """
    from mart.intake import fedform

    by_code = {c.code: c for c in colleges}
    status_col = fedform.STATUS_COLUMNS
    files = []
    for code, year in (*FORM_ONLY, *FORM_AND_ROWS):
        grads = by_form[(code, year)]
        cells: dict[tuple[str, int, int], int] = {}
        texts: dict[str, str] = {}
        disagree = (code, year) == _FORM_DISAGREES
        forecasts = (code, year) not in FORM_AND_ROWS or disagree
        first_spec = grads[0][0]
        moved = 0
        for spec, st, by_spec, retained in grads:
            col = status_col[st]
            if disagree and spec == first_spec and st == "employed" and moved < 2 and not by_spec:
                col, moved = status_col["unemployed_registered"], moved + 1
            elif forecasts and st in _AT_RISK and rng.random() < 0.4:
                col = rng.choices(range(27, 33), (6, 1, 2, 1, 1, 2))[0]
            ovz = rng.random() < 0.01
            disabled = rng.random() < (0.5 if ovz else 0.005)
            kind = rng.choice(_KINDS) if ovz or disabled else None
            target = rng.random() < 0.06
            abil = (ovz or disabled) and rng.random() < 0.3
            in06 = ovz or disabled
            member = {
                1: True,
                2: ovz,
                3: ovz and disabled,
                4: disabled and not ovz,
                5: target,
                6: in06,
                **{7 + i: in06 and kind == k for i, k in enumerate(_KINDS)},
                14: in06 and target,
                15: abil,
            }
            for row, yes in member.items():
                if not yes:
                    continue
                for c in (7, col):
                    cells[(spec, row, c)] = cells.get((spec, row, c), 0) + 1
                if col == 8 and by_spec:
                    cells[(spec, row, 9)] = cells.get((spec, row, 9), 0) + 1
                if col == 8 and retained:
                    cells[(spec, row, 10)] = cells.get((spec, row, 10), 0) + 1
        for spec in sorted({g[0] for g in grads}):
            other = cells.get((spec, 1, 26), 0)
            if other * 200 > cells.get((spec, 1, 7), 0):
                texts[spec] = (
                    "«Иное»: выпускники уехали в другие регионы, место работы уточняется; направлены запросы "
                    "в центры занятости по месту жительства."
                )
        rows = [
            {"specialty_code": s, "row_no": r, "col_no": c, "value": v, "text": None}
            for (s, r, c), v in sorted(cells.items())
        ] + [
            {"specialty_code": s, "row_no": 1, "col_no": 33, "value": None, "text": t}
            for s, t in sorted(texts.items())
        ]
        frame = pl.DataFrame(
            rows,
            schema={
                "specialty_code": pl.String,
                "row_no": pl.Int64,
                "col_no": pl.Int64,
                "value": pl.Int64,
                "text": pl.String,
            },
        )
        college = by_code[code]
        names = {
            s: (
                seeds.specialty_names.get(s, ""),
                "ППКРС" if seeds.specialties[s] == "profession" else "ППССЗ",
            )
            for s in college.specs
        }
        content = fedform.write_form(
            frame,
            year=year,
            inst_code=code,
            inst_name=college.full_name,
            specialties=names,
            source_ru="Заполнено колледжем (демонстрационная форма).",
            is_demo=True,
            created=dt.datetime(year + 1, 2, 1, 9, 0, 0),
        )
        files.append(
            DemoFile(
                "employment_form", f"demo_employment_form_{code}_{year}.xlsx", content, code, "replace", year
            )
        )
    return files


# Admission targets (КЦП, measures 2.5–2.7): proposals → approved totals → the competition → admissions.
# The cycle runs one year further than the colleges' other reports: the places of 2026 were approved
# and distributed in 2025, the autumn admission of 2026 is over and its collection (due 1 October) is
# open with two colleges still to report, so 2026 shows as a partial year; the ministries' proposals
# for 2027 are in.
ADMISSION_YEARS = (*YEARS, 2026)
LATE_ADMISSIONS = {2026: ("POO-01", "POO-07")}  # colleges whose admission report of that year is missing
PROPOSAL_YEARS = (*ADMISSION_YEARS, 2027)
COMPLETION = (0.8, 0.9)  # share of a cohort (budget and paid) that graduates, drawn per cohort
_INDUSTRY = ("08.", "13.", "15.", "18.", "21.", "23.", "24.", "35.")  # where employers sign target contracts
_BASE_SPLIT = {"POO-02", "POO-08", "POO-12", "POO-16"}  # colleges that report admission by base (9/11)
_PART_TIME_KIND = "specialty"  # part-time (заочная) admission exists for some specialties, not professions
_MINISTRIES = (
    ("08. 07.", "Министерство строительства и архитектуры Амурской области"),
    ("13. 21. 18.", "Министерство промышленности и энергетики Амурской области (демо)"),
    ("15. 24. 09.", "Министерство экономического развития и внешних связей Амурской области"),
    ("23. 27.", "Министерство транспорта и дорожного хозяйства Амурской области"),
    ("35. 36.", "Министерство сельского хозяйства Амурской области"),
    ("31. 33. 34.", "Министерство здравоохранения Амурской области"),
    ("38. 40. 43. 46. 54.", "Министерство экономического развития и внешних связей Амурской области"),
    ("39. 44. 49.", "Министерство образования и науки Амурской области"),
)


def _ministry(spec: str) -> str:
    return next((name for prefixes, name in _MINISTRIES if spec[:3] in prefixes.split()), _MINISTRIES[2][1])


def _five(x: float) -> int:
    return max(5, round(x / 5) * 5)


@dataclass
class _Kcp:
    """The demo region's admission-target cycle, before it is written as files."""

    awarded: dict[tuple[int, str, str, str], int] = field(default_factory=dict)  # year, inst, spec, form
    bids: dict[tuple[int, str, str, str], tuple[int, float]] = field(default_factory=dict)
    plans: dict[tuple[int, str, str, str], int] = field(default_factory=dict)  # the colleges' reported КЦП
    admissions: list[list[object]] = field(default_factory=list)


def _kcp_cycle(rng: random.Random, colleges: list[_College], seeds: _Seeds, grads: dict) -> _Kcp:
    pairs = [(c, s) for c in colleges for s in c.specs]
    # the forms of study a college admits to in a specialty stay the same over the years
    rows = [(c, s, "full_time") for c, s in pairs] + [
        (c, s, "part_time")
        for c, s in pairs
        if seeds.specialties[s] == _PART_TIME_KIND and rng.random() < 0.12
    ]
    base = [c.size * rng.uniform(0.6, 1.4) * (0.3 if form == "part_time" else 1.0) for c, _, form in rows]
    underfilled = [
        rng.random() < (0.3 if s.startswith(("35.", "36.", "21.")) else 0.08) or form == "part_time"
        for _, s, form in rows
    ]
    target_share = [
        rng.uniform(0.08, 0.3) if s.startswith(_INDUSTRY) else rng.uniform(0.0, 0.06) for _, s, _ in rows
    ]
    paid_ratio = {c.code: rng.uniform(0.5, 1.1) for c in colleges}
    kcp = _Kcp()
    for y in ADMISSION_YEARS:
        # places come in fives; full-time admission gets at least 15 places, part-time at least 10
        floors = [2 if form == "part_time" else 3 for _, _, form in rows]
        units = _KCP_TARGETS[y] // 5 - sum(floors)
        ws = [b * rng.uniform(0.85, 1.15) for b in base]
        for (c, s, form), u, low, floor, tshare in zip(
            rows, _allocate(units, ws), underfilled, floors, target_share, strict=True
        ):
            places = (u + floor) * 5
            key = (y, c.code, s, form)
            kcp.awarded[key] = places
            kcp.bids[key] = (_five(places * rng.uniform(1.0, 1.5)), round(rng.uniform(55, 98), 1))
            # a college now and then reports a КЦП that differs from the competition (an amended order)
            plan = places + (rng.choice((-5, 5)) if rng.random() < 0.012 else 0)
            kcp.plans[key] = plan
            share = rng.uniform(0.55, 0.82) if low and rng.random() < 0.8 else rng.uniform(0.86, 1.05)
            demand = rng.uniform(0.6, 1.0) if share < 0.86 else rng.uniform(1.1, 3.2)
            applications = max(1, round(places * demand))
            enrolled = min(round(plan * share), applications)
            target = round(enrolled * tshare)
            # the cohort graduates in y + d (d = 3 for a profession, 4 for a specialty) together with
            # its paid students: where the demo has that year's graduates, paid = graduates /
            # completion − budget enrolled, so admissions and graduates tell one story
            d = 3 if seeds.specialties[s] == "profession" else 4
            graduated = grads.get((c.code, s, y + d)) if form == "full_time" else None
            if graduated is not None:
                paid = max(0, round(graduated / rng.uniform(*COMPLETION)) - enrolled)
            else:
                paid = round(enrolled * paid_ratio[c.code] * (0.3 if form == "part_time" else 1.0))
            figures = (plan, enrolled, applications, target, paid)
            if c.code in _BASE_SPLIT and form == "full_time":
                nine = [round(v * 0.7) for v in figures]
                eleven = [v - n for v, n in zip(figures, nine, strict=True)]
                if eleven[3] > eleven[1]:  # target contracts of a base never exceed its enrolment
                    nine[3], eleven[3] = target - eleven[1], eleven[1]
                elif nine[3] > nine[1]:
                    nine[3], eleven[3] = nine[1], target - nine[1]
                parts = [("9", nine), ("11", eleven)]
            else:
                parts = [(None, list(figures))]
            if c.code not in LATE_ADMISSIONS.get(y, ()):
                for base_ed, (p, e, a, t, pd) in parts:
                    kcp.admissions.append([y, c.code, s, p, e, form, base_ed, a, t, pd])
    return kcp


_FORM_RU = {"full_time": "очная", "part_time": "заочная"}


def _admissions(kcp: _Kcp, colleges: list[_College]) -> list[DemoFile]:
    files = []
    for c in colleges:
        fmt = _FORMATS[c.fmt]
        rows = []
        for y, inst, s, plan, enrolled, form, base_ed, apps, target, paid in kcp.admissions:
            if inst != c.code:
                continue
            # offices write the form in Russian; a college that admits full-time only leaves it empty
            form_cell = _FORM_RU[form] if (fmt.labels or form != "full_time") else None
            rows.append([y, inst, s, plan, enrolled, form_cell, base_ed, apps, target, paid])
        rows.sort(key=lambda r: (r[0], r[2], r[5] or "", r[6] or ""))
        if c.xlsx_admissions:
            content, name = _xlsx("admissions", rows), f"demo_admissions_{c.code}.xlsx"
        else:
            content, name = _csv("admissions", rows, fmt), f"demo_admissions_{c.code}.csv"
        files.append(DemoFile("admissions", name, content, c.code, "upsert"))
    return files


def _kcp_files(rng: random.Random, kcp: _Kcp, seeds: _Seeds) -> list[DemoFile]:
    totals: dict[tuple[int, str, str], int] = {}
    for (y, _inst, s, form), places in sorted(kcp.awarded.items()):
        totals[(y, s, form)] = totals.get((y, s, form), 0) + places
    # the ministry keeps a small reserve now and then: approved ≥ awarded
    order_no = {y: 400 + 37 * (y - 2018) for y in ADMISSION_YEARS}
    total_rows = []
    for (y, s, form), places in sorted(totals.items()):
        approved = places + (5 if rng.random() < 0.15 else 0)
        totals[(y, s, form)] = approved
        order = f"№ {order_no[y]} от {dt.date(y - 1, 4, 14 + (y % 7)):%d.%m.%Y} (демо)"
        total_rows.append([y, s, _FORM_RU[form], approved, order])
    fmt = _FORMATS["cp1251"]
    files = [
        DemoFile("kcp_totals", "demo_kcp_totals.csv", _csv("kcp_totals", total_rows, fmt), None, "upsert")
    ]
    fmt = _FORMATS["bom"]
    competition_rows = []
    for (y, inst, s, form), places in sorted(kcp.awarded.items()):
        bid, score = kcp.bids[(y, inst, s, form)]
        competition_rows.append([y, inst, s, _FORM_RU[form], bid, f"{score:.1f}".replace(".", ","), places])
    files.append(
        DemoFile(
            "kcp_competition",
            "demo_kcp_competition.csv",
            _csv("kcp_competition", competition_rows, fmt),
            None,
            "upsert",
        )
    )
    # proposals: the sector ministry of the specialty, and for industrial specialties an employer or two
    by_spec: dict[tuple[int, str], int] = {}
    for (y, s, _form), approved in totals.items():
        by_spec[(y, s)] = by_spec.get((y, s), 0) + approved
    last = max(ADMISSION_YEARS)
    for (y, s), approved in list(by_spec.items()):
        if y == last:
            by_spec[(y + 1, s)] = _five(approved * rng.uniform(0.95, 1.1))
    employers = [f"28{rng.randrange(10**7, 10**8)}" for _ in range(12)]
    proposal_rows = []
    for (y, s), approved in sorted(by_spec.items()):
        proposed = _five(approved * rng.uniform(0.85, 1.35))
        if s.startswith(_INDUSTRY) and rng.random() < 0.5:
            employer_part = _five(proposed * rng.uniform(0.15, 0.4))
            proposal_rows.append(
                [y, s, rng.choice(employers), employer_part, "Заявка работодателя на целевое обучение (демо)"]
            )
            proposed = max(5, proposed - employer_part)
        why = (
            "Прогноз потребности в кадрах (демо)"
            if y >= 2021
            else "Мониторинг потребности работодателей (демо)"
        )
        proposal_rows.append([y, s, _ministry(s), proposed, why])
    proposal_rows.sort(key=lambda r: (r[0], r[1], r[2]))
    files.insert(
        0,
        DemoFile(
            "kcp_proposals",
            "demo_kcp_proposals.csv",
            _csv("kcp_proposals", proposal_rows, _FORMATS["std"]),
            None,
            "upsert",
        ),
    )
    return files


# ---------------------------------------------------------------------------------------------
# Championships

_REGIONAL_COMPETENCES = {2019: 36, 2020: 35, 2021: 39, 2022: 40, 2023: 41, 2024: 42, 2025: 42}
_REGIONAL_CONTESTANTS = {2019: 236, 2020: 170, 2021: 244, 2022: 241, 2023: 247, 2024: 252, 2025: 249}


def regional_event(year: int) -> str:
    # WorldSkills Russia («Молодые профессионалы») became «Профессионалы» in 2023
    brand = "«Молодые профессионалы»" if year <= 2022 else "«Профессионалы»"
    return f"Региональный чемпионат {brand} Амурской области {year}"


def national_event(year: int) -> str:
    if year <= 2022:
        return f"Финал Национального чемпионата «Молодые профессионалы» (WorldSkills Russia) {year}"
    return f"Финал Чемпионата по профессиональному мастерству «Профессионалы» {year}"


def demo_exam_event(year: int) -> str:
    return f"Демонстрационный экзамен {year}"


def _corporate_event(employer: str, year: int) -> str:
    return f"Корпоративный чемпионат {employer} {year}"


@dataclass
class _Person:
    pid: str
    name: str
    inst: str | None
    org: str | None
    starts: int = 0


class _People:
    def __init__(self, names: _Names) -> None:
        self.names = names
        self.all: list[_Person] = []

    def new(self, inst: str | None, org: str | None, male: bool | None = None) -> _Person:
        p = _Person(f"P-{len(self.all) + 1:04d}", self.names(male), inst, org)
        self.all.append(p)
        return p


def _medals(entries: list[list], national: bool = False) -> None:
    """entries: [person, score_cents]; appends the medal (ranked by score)."""
    entries.sort(key=lambda e: -e[1])
    for rank, e in enumerate(entries):
        if national:
            medal = "medallion" if e[1] >= 7000 else "none"
        elif rank < 3:
            medal = ("gold", "silver", "bronze")[rank]
        else:
            medal = "medallion" if e[1] >= 7000 else "none"
        e.append(medal)


def _scores(rng: random.Random, n: int, mean: float, sd: float) -> list[int]:
    """n distinct scores in hundredths, 5.00–99.50."""
    out: list[int] = []
    while len(out) < n:
        v = round(rng.gauss(mean, sd) * 100)
        v = min(max(v, 500), 9950)
        if v not in out:
            out.append(v)
    return out


@dataclass
class _Championships:
    comps_by_year: dict[int, list[str]]
    # (year, competence) -> inst codes of that competence's regional contestants
    contestant_insts: dict[tuple[int, str], list[str]]
    rows_by_year: dict[int, list[list[object]]]
    pool: list[str]


def _championships(
    rng: random.Random, colleges: list[_College], seeds: _Seeds, names: _Names
) -> _Championships:
    offered: dict[str, list[_College]] = {}
    for c in colleges:
        for s in c.specs:
            for comp in seeds.spec_comps.get(s, []):
                lst = offered.setdefault(comp, [])
                if c not in lst:
                    lst.append(c)
    # the core: competences taught in the most colleges; the rest rotate year by year
    pool = sorted(offered, key=lambda k: (-len(offered[k]), list(seeds.competences).index(k)))
    core, rest = pool[:30], pool[30:]
    people = _People(names)
    by_comp_last: dict[str, list[_Person]] = {}
    comps_by_year: dict[int, list[str]] = {}
    contestant_insts: dict[tuple[int, str], list[str]] = {}
    rows_by_year: dict[int, list[list[object]]] = {}
    employers = [(e, [k for k in comps if k in seeds.competences]) for e, comps in _EMPLOYERS]
    workers: dict[str, list[_Person]] = {}
    wise: list[_Person] = []

    for y in YEARS:
        rows: list[list[object]] = []
        event = regional_event(y)
        n_comp = min(_REGIONAL_COMPETENCES[y], len(pool))
        extra = rng.sample(rest, max(0, n_comp - len(core)))
        comps = [k for k in pool if k in core or k in extra]
        comps_by_year[y] = comps
        # contestants: at least 3 in every competence, more where more colleges teach it
        weights = [len(offered[k]) + rng.uniform(0.5, 3.0) for k in comps]
        per_comp = [n + 3 for n in _allocate(_REGIONAL_CONTESTANTS[y] - 3 * len(comps), weights)]
        winners: list[tuple[str, _Person, int]] = []
        this_year: dict[str, list[_Person]] = {}
        for comp, n in zip(comps, per_comp, strict=True):
            cands = offered[comp]
            people_here: list[_Person] = []
            # some come back a year later (stable participant_id)
            for p in by_comp_last.get(comp, []):
                if len(people_here) < n // 2 and p.starts < 2 and rng.random() < 0.3:
                    people_here.append(p)
            while len(people_here) < n:
                hiring = [e for e, ecomps in employers if comp in ecomps]
                if hiring and rng.random() < 0.08:
                    p = people.new(None, rng.choice(hiring), male=rng.random() < 0.8)
                else:
                    col = rng.choices(cands, [c.size for c in cands])[0]
                    p = people.new(col.code, None, male=rng.random() < max(0.2, col.male))
                people_here.append(p)
            this_year[comp] = people_here
            contestant_insts[(y, comp)] = [p.inst for p in people_here if p.inst]
            entries = [[p, s] for p, s in zip(people_here, _scores(rng, n, 61, 13), strict=True)]
            _medals(entries)
            for p, s, medal in entries:
                p.starts += 1
                rows.append([y, event, "regional", "main", comp, p, s, medal])
                if medal == "gold":
                    winners.append((comp, p, s))
        by_comp_last = this_year

        # juniors at the same event: school pupils
        jcomps = [k for k in _JUNIOR_COMPETENCES if k in comps]
        jcomps = rng.sample(jcomps, min(len(jcomps), rng.randint(7, 9)))
        jcomps.sort(key=comps.index)
        for comp, n in zip(
            jcomps, _allocate(rng.randint(37, 43) - 3 * len(jcomps), [1.0] * len(jcomps)), strict=True
        ):
            entries = [[people.new(None, rng.choice(_SCHOOLS)), s] for s in _scores(rng, n + 3, 58, 14)]
            _medals(entries)
            rows += [[y, event, "regional", "juniors", comp, p, s, m] for p, s, m in entries]

        # «Навыки мудрых» (50+): college teachers and employers' veterans, a few come back
        wcomps = rng.sample(comps[:20], 2)
        for comp in wcomps:
            entries = []
            for _ in range(rng.randint(2, 4)):
                old = [p for p in wise if p not in (e[0] for e in entries)]
                if old and rng.random() < 0.3:
                    p = rng.choice(old)
                else:
                    if rng.random() < 0.6:
                        col = rng.choice(offered[comp])
                        p = people.new(col.code, None)
                    else:
                        p = people.new(None, rng.choice(_EMPLOYERS)[0])
                    wise.append(p)
                entries.append([p])
            for e, s in zip(entries, _scores(rng, len(entries), 66, 10), strict=True):
                e.append(s)
            _medals(entries)
            rows += [[y, event, "regional", "50plus", comp, p, s, m] for p, s, m in entries]

        # the national final: some of this year's regional champions
        finalists = rng.sample(winners, min(len(winners), rng.randint(10, 20)))
        finalists.sort(key=lambda w: comps.index(w[0]))
        nat = national_event(y)
        for comp, p, _ in finalists:
            s = _scores(rng, 1, 66, 11)[0]
            medal = "medallion" if s >= 7000 else "none"
            if s >= 8500 and rng.random() < 0.5:
                medal = "bronze" if s < 9200 else "silver"
            rows.append([y, nat, "national", "main", comp, p, s, medal])

        # corporate championships of one or two employers
        for emp, ecomps in rng.sample(employers, rng.randint(1, 2)):
            ev = _corporate_event(emp, y)
            chosen = [k for k in ecomps if rng.random() < 0.85] or ecomps[:1]
            pool_w = workers.setdefault(emp, [])
            total = rng.randint(20, 40)
            for comp, n in zip(chosen, _allocate(total - 3 * len(chosen), [1.0] * len(chosen)), strict=True):
                here: list[_Person] = []
                for p in pool_w:
                    if len(here) < (n + 3) // 3 and p not in here and rng.random() < 0.2:
                        here.append(p)
                while len(here) < n + 3:
                    p = people.new(None, emp, male=rng.random() < 0.8)
                    pool_w.append(p)
                    here.append(p)
                entries = [[p, s] for p, s in zip(here, _scores(rng, len(here), 63, 12), strict=True)]
                _medals(entries)
                rows += [[y, ev, "corporate", "main", comp, p, s, m] for p, s, m in entries]
        rows_by_year[y] = rows
    return _Championships(comps_by_year, contestant_insts, rows_by_year, pool)


def _championship_files(ch: _Championships) -> list[DemoFile]:
    fmt = _FORMATS["std"]
    files = []
    for y in YEARS:
        out = []
        for yy, event, level, age, comp, p, s, medal in ch.rows_by_year[y]:
            out.append([yy, event, level, age, comp, p.pid, p.name, p.inst, p.org, _cents(s, fmt), medal])
        files.append(
            DemoFile(
                "championship_results",
                f"demo_championship_results_{y}.csv",
                _csv("championship_results", out, fmt),
                None,
                "replace",
            )
        )
    return files


# ---------------------------------------------------------------------------------------------
# Demo exams


_EXAM_TARGETS = {2019: 600, 2020: 830, 2021: 1260, 2022: 1720, 2023: 2180, 2024: 2620, 2025: 3000}
_CREDITED = {2019: 14, 2020: 18, 2021: 26, 2022: 31, 2023: 37, 2024: 42, 2025: 47}


def _demo_exams(
    rng: random.Random,
    colleges: list[_College],
    seeds: _Seeds,
    grads: dict[tuple[str, str, int], int],
    ch: _Championships,
) -> tuple[list[DemoFile], dict[int, list[str]]]:
    pairs = [(c, s) for c in colleges for s in c.specs if s in seeds.spec_comps]
    adopt = [rng.choices(YEARS[:6], [0.28, 0.1, 0.2, 0.2, 0.14, 0.08])[0] for _ in pairs]
    # one record per student: [college, spec, comp, student_id, score_cents | None, credited]
    recs: dict[int, list[list]] = {}
    for y in YEARS:
        live = [p for i, p in enumerate(pairs) if adopt[i] <= y]
        ws = [grads[(c.code, s, y)] * rng.uniform(0.8, 1.2) for c, s in live]
        year_recs = []
        for (c, s), n in zip(live, _allocate(_EXAM_TARGETS[y], ws), strict=True):
            n = min(n, grads[(c.code, s, y)])
            comps = seeds.spec_comps[s]
            cw = [3.0] + [1.0] * (len(comps) - 1)
            si = c.specs.index(s) + 1
            mean = 4100 + c.exam_effect + 100 * (y - 2019)
            for seq in range(1, n + 1):
                comp = rng.choices(comps, cw)[0]
                score = min(max(int(rng.gauss(mean, 2000)), 0), 10000)
                year_recs.append([c, s, comp, f"S{y % 100:02d}-{c.no:02d}{si:02d}-{seq:04d}", score, False])
        # championship winners and prize-winners credited with 5 (no score)
        held = set(ch.comps_by_year[y])
        eligible = [r for r in year_recs if r[2] in held]
        for r in rng.sample(eligible, min(len(eligible), _CREDITED[y])):
            r[4], r[5] = None, True
        recs[y] = year_recs
    comps_by_year = {y: sorted({r[2] for r in recs[y]}, key=list(seeds.competences).index) for y in YEARS}
    files = []
    for c in colleges:
        fmt = _FORMATS[c.fmt]
        rows = []
        for y in YEARS:
            for cc, s, comp, sid, score, credited in recs[y]:
                if cc is not c:
                    continue
                if credited:
                    rows.append([y, c.code, s, comp, sid, None, 5, fmt.yes])
                    continue
                grade = None
                if c.explicit_grades:
                    grade = 2 if score < 2000 else 3 if score < 4000 else 4 if score < 7000 else 5
                rows.append(
                    [y, c.code, s, comp, sid, _cents(score, fmt), grade, fmt.no if c.fill_no else None]
                )
        if rows:
            files.append(
                DemoFile(
                    "demo_exams",
                    f"demo_demo_exams_{c.code}.csv",
                    _csv("demo_exams", rows, fmt),
                    c.code,
                    "upsert",
                )
            )
    return files, comps_by_year


# ---------------------------------------------------------------------------------------------
# Experts


@dataclass
class _Expert:
    eid: str
    name: str
    inst: str | None
    org: str | None
    certs: list[tuple[str, str, dt.date, dt.date]] = field(default_factory=list)  # comp, kind, from, to

    def holds(self, comp: str) -> bool:
        return any(k == comp for k, *_ in self.certs)

    def valid(self, comp: str, kinds: tuple[str, ...], on: tuple[dt.date, dt.date]) -> bool:
        return any(k == comp and t in kinds and a <= on[0] and b >= on[1] for k, t, a, b in self.certs)


def _plus_years(d: dt.date, years: int) -> dt.date:
    """The last day of a validity of whole years starting on d."""
    if d.month == 2 and d.day == 29:
        d = d.replace(day=28)
    return d.replace(year=d.year + years) - dt.timedelta(days=1)


def _championship_window(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 10, 1), dt.date(y, 12, 1)


def _exam_window(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 6, 1), dt.date(y, 6, 30)


def _experts(
    rng: random.Random,
    colleges: list[_College],
    seeds: _Seeds,
    ch: _Championships,
    exam_comps: dict[int, list[str]],
    names: _Names,
) -> list[_Expert]:
    champ_comps = [k for k in ch.pool if any(k in ch.comps_by_year[y] for y in YEARS)]
    exam_only = [
        k for k in seeds.competences if k not in champ_comps and any(k in exam_comps[y] for y in YEARS)
    ]
    teaching: dict[str, list[_College]] = {}
    for c in colleges:
        for s in c.specs:
            for k in seeds.spec_comps.get(s, []):
                teaching.setdefault(k, [])
                if c not in teaching[k]:
                    teaching[k].append(c)
    by_short = {c.code: c.short_name for c in colleges}
    experts: list[_Expert] = []

    def new_expert(comp: str) -> _Expert:
        r = rng.random()
        if r < 0.25:
            inst, org = None, rng.choice(_EMPLOYERS)[0]
        elif r < 0.29:
            inst, org = rng.choice(_UNIVERSITIES)[0], None
        else:
            col = rng.choice(teaching.get(comp) or colleges)
            inst, org = col.code, (by_short[col.code] if rng.random() < 0.5 else None)
        e = _Expert(f"E-{len(experts) + 1:04d}", names(), inst, org)
        experts.append(e)
        return e

    def random_period() -> tuple[dt.date, dt.date]:
        start = dt.date(2018, 1, 1) + dt.timedelta(
            days=rng.randint(0, (dt.date(2026, 6, 30) - dt.date(2018, 1, 1)).days)
        )
        return start, min(_plus_years(start, rng.randint(1, 3)), dt.date(2028, 12, 31))

    # chains of 3-year certificates started in 2018, 2020, 2022, 2024 (months 1–5): every
    # championship (October–November) and exam session (June) of 2019–2025 has a valid holder.
    # Certified experts for championship competences, demo-exam experts for the rest.
    chains = [(k, "certified_expert") for k in champ_comps] + [(k, "demo_exam_expert") for k in exam_only]
    for comp, kind in chains:
        for start_year in (2018, 2020, 2022, 2024):
            e = new_expert(comp)
            start = dt.date(start_year, rng.randint(1, 5), rng.randint(1, 28))
            e.certs.append((comp, kind, start, _plus_years(start, 3)))
            if kind == "certified_expert" and rng.random() < 0.5:
                a, b = random_period()
                e.certs.append((comp, "demo_exam_expert", a, b))
            if rng.random() < 0.3:
                others = [
                    k
                    for k in seeds.competences
                    if seeds.competences[k] == seeds.competences[comp] and k != comp
                ]
                if others:
                    a, b = random_period()
                    e.certs.append(
                        (rng.choice(others), rng.choice(("demo_exam_expert", "regional_expert")), a, b)
                    )
    # the rest: demo exam and regional experts, mostly in the exam competences
    weights = {k: 1.0 for k in seeds.competences}
    for y in YEARS:
        for k in exam_comps[y]:
            weights[k] += 1.0
    comps_all = list(weights)
    while len(experts) < 300:
        comp = rng.choices(comps_all, [weights[k] for k in comps_all])[0]
        e = new_expert(comp)
        for kind in rng.sample(("demo_exam_expert", "regional_expert"), rng.randint(1, 2)):
            a, b = random_period()
            e.certs.append((comp, kind, a, b))
        if rng.random() < 0.3:
            second = rng.choice(comps_all)
            if second != comp:
                a, b = random_period()
                e.certs.append((second, "demo_exam_expert", a, b))
    return experts


def _experts_file(experts: list[_Expert]) -> DemoFile:
    fmt = _FORMATS["bom"]
    rows = [
        [e.eid, e.name, e.inst, e.org, comp, kind, _date(a, fmt), _date(b, fmt)]
        for e in experts
        for comp, kind, a, b in e.certs
    ]
    return DemoFile("experts", "demo_experts.csv", _csv("experts", rows, fmt), None, "upsert")


def _expert_event_files(
    rng: random.Random, experts: list[_Expert], ch: _Championships, exam_comps: dict[int, list[str]]
) -> list[DemoFile]:
    fmt = _FORMATS["std"]
    files = []
    for y in YEARS:
        rows: list[list[object]] = []
        event = regional_event(y)
        win = _championship_window(y)
        for comp in ch.comps_by_year[y]:
            holders = [e for e in experts if e.holds(comp)]
            chiefs = [e for e in holders if e.valid(comp, ("certified_expert",), win)]
            chief = rng.choice(chiefs)
            used = [chief]
            rows.append([chief.eid, y, event, comp, "chief_expert"])
            valid_any = [
                e
                for e in holders
                if e not in used
                and e.valid(comp, ("certified_expert", "regional_expert", "demo_exam_expert"), win)
            ]
            if valid_any and rng.random() < 0.5:
                deputy = rng.choice(valid_any)
                used.append(deputy)
                rows.append([deputy.eid, y, event, comp, "deputy_chief_expert"])
            pool = [e for e in holders if e not in used]
            for e in rng.sample(pool, min(len(pool), rng.randint(3, 6))):
                used.append(e)
                rows.append([e.eid, y, event, comp, "expert"])
            insts = ch.contestant_insts.get((y, comp), [])
            compatriots = [e for e in holders if e not in used and e.inst in insts]
            for e in rng.sample(compatriots, min(len(compatriots), rng.randint(0, 2))):
                rows.append([e.eid, y, event, comp, "compatriot_expert"])
        exam = demo_exam_event(y)
        ewin = _exam_window(y)
        for comp in exam_comps[y]:
            ok = [e for e in experts if e.valid(comp, ("demo_exam_expert", "certified_expert"), ewin)]
            for e in rng.sample(ok, min(len(ok), rng.randint(1, 3))):
                rows.append([e.eid, y, exam, comp, "demo_exam_expert"])
        files.append(
            DemoFile(
                "expert_events",
                f"demo_expert_events_{y}.csv",
                _csv("expert_events", rows, fmt),
                None,
                "replace",
            )
        )
    return files


# ---------------------------------------------------------------------------------------------
# Roadmap status

_FIRST_REPORT = dt.date(2019, 9, 1)
_DOC_KINDS = ("Протокол", "Приказ", "Справка", "Распорядительный акт", "Аналитический отчет", "Договор")


def _evidence(item: dict[str, str], d: dt.date, rng: random.Random) -> str:
    doc = item["documents"].strip()
    for cut in (". ", ", ", " от ", "."):
        doc = doc.split(cut)[0]
    doc = doc.strip()
    if len(doc) > 120:
        doc = doc[:120].rsplit(" ", 1)[0]
    when = d.strftime("%d.%m.%Y")
    if not doc:
        return f"Отчет Координатора № {rng.randint(10, 240)} от {when} (демо)"
    if doc.startswith(_DOC_KINDS):
        return f"{doc} № {rng.randint(1, 48)} от {when} (демо)"
    return f"Отчет Координатора № {rng.randint(10, 240)} от {when}: {doc[0].lower()}{doc[1:]} (демо)"


def _days(rng: random.Random, lo: dt.date, hi: dt.date, k: int) -> list[dt.date]:
    """k distinct sorted dates in [lo, hi]."""
    span = (hi - lo).days + 1
    return [lo + dt.timedelta(days=x) for x in sorted(rng.sample(range(span), min(k, span)))]


def _roadmap(rng: random.Random, seeds: _Seeds) -> DemoFile:
    fmt = _FORMATS["cp1251"]
    items = seeds.roadmap
    fixed = [it for it in items if it["is_ongoing"].lower() != "true"]
    cancelled = rng.choice(fixed)["item_code"]
    late_pool = [it["item_code"] for it in fixed if it["item_code"] != cancelled]
    overdue = rng.sample(late_pool, 8)
    rows: list[list[object]] = []
    for it in items:
        code = it["item_code"]
        if it["is_ongoing"].lower() == "true":
            # ongoing measures: a yearly report, always in progress
            pct = rng.randint(10, 25)
            for y in YEARS:
                d = dt.date(y, 12, rng.randint(5, 25))
                rows.append([code, "in_progress", pct, _date(d, fmt), _evidence(it, d, rng), None])
                pct = min(95, pct + rng.randint(5, 15))
            continue
        start = dt.date.fromisoformat(it["start_date"])
        end = dt.date.fromisoformat(it["end_date"])
        lo = max(_FIRST_REPORT, start - dt.timedelta(days=20))
        if code == cancelled:
            dates = _days(rng, lo, dt.date(2021, 6, 30), 3)
            p = rng.randint(10, 40)
            rows.append([code, "not_started", 0, _date(dates[0], fmt), None, None])
            rows.append([code, "in_progress", p, _date(dates[1], fmt), None, None])
            rows.append(
                [code, "cancelled", p, _date(dates[2], fmt), _evidence(it, dates[2], rng),
                 "Мероприятие исключено решением Координационного совета (демо)"]
            )  # fmt: skip
            continue
        if code in overdue:
            n = rng.randint(2, 4)
            hi = dt.date(rng.randint(2023, 2026), rng.randint(1, 6), rng.randint(1, 28))
            dates = _days(rng, lo, min(hi, _LAST_REPORT), n)
            stuck = rng.random() < 0.2
            pcts = sorted(rng.sample(range(10, 90, 5), n - 1))
            for i, d in enumerate(dates):
                if i == 0 or stuck:
                    rows.append([code, "not_started", 0, _date(d, fmt), None, None])
                else:
                    comment = "Срок нарушен, работа продолжается (демо)" if i == len(dates) - 1 else None
                    rows.append([code, "in_progress", pcts[i - 1], _date(d, fmt), None, comment])
            continue
        n = rng.randint(1, 4)
        late = rng.random() < 0.25
        done = end + dt.timedelta(days=rng.randint(60, 400) if late else rng.randint(-10, 25))
        done = min(max(done, lo + dt.timedelta(days=10 * n)), _LAST_REPORT)
        dates = [*_days(rng, lo, done - dt.timedelta(days=1), n - 1), done]
        kinds = {1: ["done"], 2: ["in_progress", "done"], 3: ["not_started", "in_progress", "done"]}.get(
            n, ["not_started", "in_progress", "in_progress", "done"]
        )
        if n == 2 and rng.random() < 0.3:
            kinds = ["not_started", "done"]
        pcts = sorted(rng.sample(range(10, 95, 5), n))
        for i, (kind, d) in enumerate(zip(kinds, dates, strict=True)):
            if kind == "done":
                comment = "Выполнено с нарушением срока (демо)" if late else None
                rows.append([code, "done", 100, _date(d, fmt), _evidence(it, d, rng), comment])
            elif kind == "not_started":
                rows.append([code, "not_started", 0, _date(d, fmt), None, None])
            else:
                rows.append([code, "in_progress", pcts[i], _date(d, fmt), None, None])
    return DemoFile(
        "roadmap_status", "demo_roadmap_status.csv", _csv("roadmap_status", rows, fmt), None, "upsert"
    )


# ---------------------------------------------------------------------------------------------


def generate(seeds_dir: Path | None = None) -> list[DemoFile]:
    """All demo files, in load order. Deterministic: the same bytes on every call."""
    seeds_dir = seeds_dir or Path(__file__).resolve().parents[2] / "seeds"
    seeds = _load_seeds(seeds_dir)

    # one generator per part, so that tuning one part does not reshuffle the others
    def rng(part: str) -> random.Random:
        return random.Random(f"{SEED}:{part}")

    names = _Names(rng("names"))
    colleges = _institutions(rng("institutions"), seeds, names)
    uni_directors = [names() for _ in _UNIVERSITIES]
    graduate_files, grads, by_form = _graduates(rng("graduates"), colleges, seeds)
    form_files = _employment_forms(rng("employment_forms"), colleges, seeds, by_form)
    kcp = _kcp_cycle(rng("admissions"), colleges, seeds, grads)
    admission_files = _admissions(kcp, colleges)
    kcp_files = _kcp_files(rng("kcp"), kcp, seeds)
    ch = _championships(rng("championships"), colleges, seeds, names)
    exam_files, exam_comps = _demo_exams(rng("demo_exams"), colleges, seeds, grads, ch)
    experts = _experts(rng("experts"), colleges, seeds, ch, exam_comps, names)
    event_files = _expert_event_files(rng("expert_events"), experts, ch, exam_comps)
    return [
        _institutions_file(colleges, uni_directors),
        _roadmap(rng("roadmap"), seeds),
        _experts_file(experts),
        *event_files,
        *_championship_files(ch),
        *kcp_files,
        *admission_files,
        *graduate_files,
        *form_files,
        *exam_files,
    ]
