"""The datasets institutions upload: their columns, types, codes, references, keys and slices.

This is the contract institutions rely on; templates, validation, landing tables and the upload
page are all driven by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of column: text, int, decimal, date, bool, enum (codes with Russian labels and synonyms),
# ref (must exist in a reference table), inn (a taxpayer number with its check digits verified).


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    label_ru: str
    help_ru: str
    required: bool = True
    enum: str | None = None  # name of the code list (see ENUMS / employment statuses)
    ref: str | None = None  # institutions | specialties | competences | roadmap_items | experts
    min_value: float | None = None
    max_value: float | None = None
    example: str = ""
    default: str | None = None  # the code an empty cell of an optional column stands for


@dataclass(frozen=True)
class Dataset:
    name: str
    title_ru: str
    description_ru: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    slice: tuple[str, ...] = ()  # what a file covers completely in replace mode
    inst_column: str | None = "inst_code"  # the column binding a row to an institution
    aliases: dict[str, str] = field(default_factory=dict)
    reader: str = "table"  # table (CSV/Excel with a header row) | employment_form (the federal form)
    replace_only: bool = False  # every file is the complete slice it covers (replace mode forced)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


YEAR_MIN = 2000

# Codes with their Russian labels; matched without regard to case or ё/е.
ENUMS: dict[str, dict[str, str]] = {
    "level": {"regional": "Региональный", "national": "Национальный (финал)", "corporate": "Корпоративный"},
    "age_group": {"main": "Основная (16–22)", "juniors": "Юниоры (14–17)", "50plus": "Навыки мудрых (50+)"},
    "medal": {
        "gold": "Золото",
        "silver": "Серебро",
        "bronze": "Бронза",
        "medallion": "Медальон за профессионализм",
        "none": "Без медали",
    },
    "certificate": {
        "certified_expert": "Сертифицированный эксперт",
        "demo_exam_expert": "Эксперт с правом оценки ДЭ",
        "regional_expert": "Региональный эксперт",
    },
    "role": {
        "chief_expert": "Главный эксперт",
        "deputy_chief_expert": "Заместитель главного эксперта",
        "expert": "Эксперт",
        "compatriot_expert": "Эксперт-компатриот",
        "demo_exam_expert": "Эксперт демонстрационного экзамена",
    },
    "roadmap_status": {
        "not_started": "Не начато",
        "in_progress": "Выполняется",
        "done": "Выполнено",
        "cancelled": "Отменено",
    },
    "inst_kind": {
        "ПОО": "Профессиональная образовательная организация",
        "ОВО": "Организация высшего образования",
    },
    # section 2: employers' demand
    "need_source": {"survey": "Опрос работодателей", "investment_project": "Инвестиционный проект"},
    "staff_level": {
        "worker": "Квалифицированный рабочий, служащий (ППКРС)",
        "specialist": "Специалист среднего звена (ППССЗ)",
    },
    # admissions and КЦП (measures 2.5–2.7)
    "study_form": {"full_time": "очная", "part_time": "заочная", "evening": "очно-заочная"},
    "base_education": {"9": "на базе 9 классов", "11": "на базе 11 классов"},
    # the federal monitoring form's rows 02–15 (issue 14)
    "disability": {"none": "Нет", "disabled": "Инвалид", "disabled_child": "Ребёнок-инвалид"},
    "disability_kind": {
        "vision": "Нарушения зрения",
        "hearing": "Нарушения слуха",
        "musculoskeletal": "Нарушения опорно-двигательного аппарата",
        "speech": "Тяжёлые нарушения речи",
        "mental_delay": "Задержка психического развития",
        "autism": "Расстройства аутистического спектра",
        "other": "Другие нарушения",
    },
}
# Short synonyms accepted besides codes and labels.
ENUM_SYNONYMS: dict[str, dict[str, str]] = {
    "level": {"региональный чемпионат": "regional", "финал": "national", "национальный": "national"},
    "age_group": {"основная": "main", "юниоры": "juniors", "навыки мудрых": "50plus", "50+": "50plus"},
    "medal": {"медальон": "medallion", "нет": "none", "-": "none", "—": "none"},
    "certificate": {"сертифицированный": "certified_expert", "эксперт дэ": "demo_exam_expert"},
    "role": {"главный": "chief_expert", "компатриот": "compatriot_expert", "эксперт дэ": "demo_exam_expert"},
    "roadmap_status": {"выполнено": "done", "в работе": "in_progress", "не выполнено": "not_started"},
    "disability": {
        "нет": "none",
        "-": "none",
        "инвалидность": "disabled",
        "ребенок-инвалид": "disabled_child",
    },
    "disability_kind": {
        "зрение": "vision",
        "слух": "hearing",
        "ода": "musculoskeletal",
        "речь": "speech",
        "зпр": "mental_delay",
        "рас": "autism",
        "другое": "other",
        "иное": "other",
    },
    "inst_kind": {"спо": "ПОО", "колледж": "ПОО", "техникум": "ПОО", "вуз": "ОВО", "университет": "ОВО"},
    "need_source": {
        "опрос": "survey",
        "анкета": "survey",
        "инвестпроект": "investment_project",
        "проект": "investment_project",
    },
    "staff_level": {
        "ппкрс": "worker",
        "рабочий": "worker",
        "квалифицированный рабочий": "worker",
        "ппссз": "specialist",
        "специалист": "specialist",
        "специалист среднего звена": "specialist",
    },
    "study_form": {
        "очно": "full_time",
        "заочно": "part_time",
        "вечерняя": "evening",
        "очно-заочно": "evening",
    },
    "base_education": {
        "9 классов": "9",
        "11 классов": "11",
        "основное общее": "9",
        "среднее общее": "11",
        "ооо": "9",
        "соо": "11",
    },
}
NEED_HORIZON = 7  # an employer names its need for the survey year and up to 7 years ahead

_YEAR_HELP = "Год, четыре цифры (2019)."

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "graduates",
            "Трудоустройство выпускников",
            "Мониторинг трудоустройства выпускников СПО: одна строка — один выпускник (без ФИО, "
            "под условным номером), его статус по официальным категориям мониторинга.",
            (
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Код вашей организации в системе.",
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "graduation_year", "int", "Год выпуска", _YEAR_HELP, min_value=YEAR_MIN, example="2024"
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код профессии или специальности по ОКСО (15.02.08).",
                    ref="specialties",
                    example="15.01.05",
                ),
                Column(
                    "graduate_id",
                    "text",
                    "Номер выпускника",
                    "Условный номер выпускника, без ФИО; уникален внутри организации и года.",
                    example="G24-0001",
                ),
                Column(
                    "status",
                    "enum",
                    "Статус",
                    "Категория мониторинга: код или название (например «Трудоустроен»).",
                    enum="employment_status",
                    example="employed",
                ),
                Column(
                    "by_specialty",
                    "bool",
                    "По специальности",
                    "Трудоустроен по полученной специальности: да/нет. Только для статуса «Трудоустроен».",
                    required=False,
                    example="да",
                ),
                Column(
                    "retained_4m",
                    "bool",
                    "Работает не менее 4 месяцев",
                    "На последнем месте работы не менее 4 месяцев: да/нет. Только для статуса «Трудоустроен».",
                    required=False,
                    example="да",
                ),
                Column(
                    "status_date",
                    "date",
                    "Дата статуса",
                    "Дата, на которую указан статус (ДД.ММ.ГГГГ); не позже сегодняшнего дня.",
                    example="01.12.2024",
                ),
                # optional flags for rows 02–15 of the federal monitoring form (old files load without them)
                Column(
                    "health_limitations",
                    "bool",
                    "ОВЗ",
                    "Лицо с ограниченными возможностями здоровья: да/нет (строка 02 федеральной формы).",
                    required=False,
                    example="нет",
                ),
                Column(
                    "disability",
                    "enum",
                    "Инвалидность",
                    "none (нет), disabled (инвалид) или disabled_child (ребёнок-инвалид); строки 03–04 формы.",
                    required=False,
                    enum="disability",
                    example="none",
                ),
                Column(
                    "disability_kind",
                    "enum",
                    "Вид нарушения",
                    "Для ОВЗ или инвалидности: vision, hearing, musculoskeletal, speech, mental_delay, autism, "
                    "other (строки 07–13 формы); иначе пусто.",
                    required=False,
                    enum="disability_kind",
                    example="",
                ),
                Column(
                    "target_contract",
                    "bool",
                    "Целевое обучение",
                    "Обучался по договору о целевом обучении: да/нет (строки 05 и 14 формы).",
                    required=False,
                    example="нет",
                ),
                Column(
                    "abilympics",
                    "bool",
                    "Абилимпикс",
                    "Участвовал в чемпионате «Абилимпикс»: да/нет (строка 15 формы).",
                    required=False,
                    example="нет",
                ),
            ),
            key=("inst_code", "graduation_year", "graduate_id"),
            slice=("inst_code", "graduation_year"),
        ),
        Dataset(
            "championship_results",
            "Результаты чемпионатов",
            "Результаты участников чемпионатов «Молодые профессионалы» (WorldSkills Russia): "
            "региональных, национальных финалов и корпоративных.",
            (
                Column("year", "int", "Год", _YEAR_HELP, min_value=YEAR_MIN, example="2021"),
                Column(
                    "event",
                    "text",
                    "Чемпионат",
                    "Название чемпионата.",
                    example="Региональный чемпионат «Молодые профессионалы» Амурской области 2021",
                ),
                Column(
                    "level",
                    "enum",
                    "Уровень",
                    "regional, national или corporate.",
                    enum="level",
                    example="regional",
                ),
                Column(
                    "age_group",
                    "enum",
                    "Возрастная категория",
                    "main (16–22), juniors (14–17), 50plus (Навыки мудрых).",
                    enum="age_group",
                    example="main",
                ),
                Column(
                    "competence",
                    "ref",
                    "Компетенция",
                    "Название компетенции WorldSkills.",
                    ref="competences",
                    example="Сварочные технологии",
                ),
                Column(
                    "participant_id",
                    "text",
                    "Номер участника",
                    "Постоянный номер участника.",
                    example="P-0001",
                ),
                Column(
                    "participant_name", "text", "Участник", "ФИО участника.", example="Иванов Иван Иванович"
                ),
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Код колледжа или вуза; пусто для школьника или работника предприятия.",
                    required=False,
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "organization",
                    "text",
                    "Организация",
                    "Откуда участник, если код организации пуст (школа, предприятие).",
                    required=False,
                    example="",
                ),
                Column(
                    "score",
                    "decimal",
                    "Баллы",
                    "Итоговый балл, от 0 до 100.",
                    min_value=0,
                    max_value=100,
                    example="72,5",
                ),
                Column(
                    "medal",
                    "enum",
                    "Медаль",
                    "gold, silver, bronze, medallion или none.",
                    enum="medal",
                    example="gold",
                ),
            ),
            key=("year", "event", "competence", "participant_id"),
            slice=("year", "event"),
        ),
        Dataset(
            "experts",
            "Эксперты и сертификаты",
            "База региональных экспертов WorldSkills: одна строка — один сертификат эксперта в одной компетенции.",
            (
                Column("expert_id", "text", "Номер эксперта", "Постоянный номер эксперта.", example="E-0001"),
                Column("full_name", "text", "ФИО", "ФИО эксперта.", example="Петрова Анна Сергеевна"),
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Код колледжа или вуза; пусто для эксперта от работодателя.",
                    required=False,
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "organization",
                    "text",
                    "Организация",
                    "Работодатель, если код организации пуст.",
                    required=False,
                    example="",
                ),
                Column(
                    "competence",
                    "ref",
                    "Компетенция",
                    "Название компетенции WorldSkills.",
                    ref="competences",
                    example="Электромонтаж",
                ),
                Column(
                    "certificate",
                    "enum",
                    "Сертификат",
                    "certified_expert, demo_exam_expert или regional_expert.",
                    enum="certificate",
                    example="certified_expert",
                ),
                Column(
                    "valid_from",
                    "date",
                    "Действует с",
                    "Дата начала действия (ДД.ММ.ГГГГ).",
                    example="01.03.2024",
                ),
                Column(
                    "valid_to",
                    "date",
                    "Действует по",
                    "Дата окончания действия, не раньше даты начала.",
                    example="28.02.2027",
                ),
            ),
            key=("expert_id", "competence", "certificate"),
        ),
        Dataset(
            "expert_events",
            "Участие экспертов в мероприятиях",
            "Роли экспертов на чемпионатах и демонстрационных экзаменах.",
            (
                Column(
                    "expert_id",
                    "ref",
                    "Номер эксперта",
                    "Номер эксперта из базы экспертов.",
                    ref="experts",
                    example="E-0001",
                ),
                Column("year", "int", "Год", _YEAR_HELP, min_value=YEAR_MIN, example="2021"),
                Column(
                    "event",
                    "text",
                    "Мероприятие",
                    "Название чемпионата или экзамена.",
                    example="Региональный чемпионат «Молодые профессионалы» Амурской области 2021",
                ),
                Column(
                    "competence",
                    "ref",
                    "Компетенция",
                    "Название компетенции WorldSkills.",
                    ref="competences",
                    example="Электромонтаж",
                ),
                Column(
                    "role",
                    "enum",
                    "Роль",
                    "chief_expert, deputy_chief_expert, expert, compatriot_expert, demo_exam_expert.",
                    enum="role",
                    example="chief_expert",
                ),
            ),
            key=("expert_id", "year", "event", "competence", "role"),
            slice=("year", "event"),
            inst_column=None,
        ),
        Dataset(
            "demo_exams",
            "Демонстрационный экзамен",
            "Результаты демонстрационного экзамена: одна строка — один студент в одной компетенции.",
            (
                Column("year", "int", "Год", _YEAR_HELP, min_value=YEAR_MIN, example="2024"),
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Код вашей организации.",
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код по ОКСО.",
                    ref="specialties",
                    example="15.01.05",
                ),
                Column(
                    "competence",
                    "ref",
                    "Компетенция",
                    "Компетенция экзамена.",
                    ref="competences",
                    example="Сварочные технологии",
                ),
                Column(
                    "student_id",
                    "text",
                    "Номер студента",
                    "Условный номер студента, без ФИО.",
                    example="S24-0001",
                ),
                Column(
                    "score_pct",
                    "decimal",
                    "Процент от максимума",
                    "Доля от максимального балла, 0–100; может быть пустой при зачёте результата чемпионата.",
                    required=False,
                    min_value=0,
                    max_value=100,
                    example="64,5",
                ),
                Column(
                    "grade",
                    "int",
                    "Оценка",
                    "2–5; если пусто — по официальной шкале из процента.",
                    required=False,
                    min_value=2,
                    max_value=5,
                    example="",
                ),
                Column(
                    "credited",
                    "bool",
                    "Зачёт результата чемпионата",
                    "да — победителю или призёру чемпионата засчитана оценка 5 по совпадающей компетенции.",
                    required=False,
                    example="нет",
                ),
            ),
            key=("year", "inst_code", "student_id", "competence"),
            slice=("inst_code", "year"),
        ),
        Dataset(
            "admissions",
            "Приём и КЦП",
            "Контрольные цифры приёма и фактическое зачисление по специальностям. Форма обучения, база "
            "приёма, заявления, целевое и платное зачисление — необязательные столбцы.",
            (
                Column("year", "int", "Год приёма", _YEAR_HELP, min_value=YEAR_MIN, example="2024"),
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Код вашей организации.",
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код по ОКСО.",
                    ref="specialties",
                    example="15.01.05",
                ),
                Column(
                    "kcp_plan",
                    "int",
                    "КЦП",
                    "Контрольные цифры приёма (бюджетные места), целое ≥ 0.",
                    min_value=0,
                    example="50",
                ),
                Column(
                    "enrolled",
                    "int",
                    "Зачислено",
                    "Зачислено на бюджетные места, целое ≥ 0.",
                    min_value=0,
                    example="48",
                ),
                Column(
                    "study_form",
                    "enum",
                    "Форма обучения",
                    "очная, заочная или очно-заочная (full_time, part_time, evening); пусто — очная.",
                    required=False,
                    enum="study_form",
                    default="full_time",
                    example="очная",
                ),
                Column(
                    "base_education",
                    "enum",
                    "База приёма",
                    "9 или 11 (классов); пусто, если приём по базам не разделён.",
                    required=False,
                    enum="base_education",
                    example="9",
                ),
                Column(
                    "applications",
                    "int",
                    "Подано заявлений",
                    "Заявлений на бюджетные места, целое ≥ 0.",
                    required=False,
                    min_value=0,
                    example="112",
                ),
                Column(
                    "enrolled_target",
                    "int",
                    "Зачислено по целевым договорам",
                    "Из зачисленных на бюджет — с договором о целевом обучении; не больше «Зачислено».",
                    required=False,
                    min_value=0,
                    example="6",
                ),
                Column(
                    "enrolled_paid",
                    "int",
                    "Зачислено на платные места",
                    "Зачислено по договорам об оказании платных услуг (в «Зачислено» не входят), целое ≥ 0.",
                    required=False,
                    min_value=0,
                    example="10",
                ),
            ),
            key=("year", "inst_code", "specialty_code", "study_form", "base_education"),
            slice=("inst_code", "year"),
        ),
        Dataset(
            "kcp_proposals",
            "Предложения по КЦП",
            "Предложения отраслевых министерств и работодателей по контрольным цифрам приёма (п. 2.5): "
            "сколько бюджетных мест предлагается по специальности в году приёма.",
            (
                Column(
                    "admission_year",
                    "int",
                    "Год приёма",
                    "Год, на который предлагаются места (2027).",
                    min_value=YEAR_MIN,
                    example="2027",
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код профессии или специальности по ОКСО (15.02.08).",
                    ref="specialties",
                    example="15.02.08",
                ),
                Column(
                    "proposed_by",
                    "text",
                    "Кто предлагает",
                    "ИНН работодателя или название министерства (ГОИВ).",
                    example="Министерство экономического развития и внешних связей Амурской области",
                ),
                Column(
                    "places",
                    "int",
                    "Мест",
                    "Предлагаемое число бюджетных мест, целое > 0.",
                    min_value=1,
                    example="25",
                ),
                Column(
                    "justification",
                    "text",
                    "Обоснование",
                    "Чем обоснована потребность (проект, заявка работодателя, прогноз).",
                    required=False,
                    example="Потребность по прогнозу кадров на 2031 год",
                ),
            ),
            key=("admission_year", "specialty_code", "proposed_by"),
            slice=("admission_year", "proposed_by"),
            inst_column=None,
        ),
        Dataset(
            "kcp_totals",
            "Утверждённые объёмы КЦП",
            "Утверждённые контрольные цифры приёма по профессиям и специальностям (п. 2.6) — "
            "всего по области, по форме обучения, с реквизитами приказа.",
            (
                Column("admission_year", "int", "Год приёма", _YEAR_HELP, min_value=YEAR_MIN, example="2027"),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код по ОКСО.",
                    ref="specialties",
                    example="15.02.08",
                ),
                Column(
                    "study_form",
                    "enum",
                    "Форма обучения",
                    "очная, заочная или очно-заочная; пусто — очная.",
                    required=False,
                    enum="study_form",
                    default="full_time",
                    example="очная",
                ),
                Column(
                    "places",
                    "int",
                    "Мест",
                    "Утверждённое число бюджетных мест, целое ≥ 0.",
                    min_value=0,
                    example="75",
                ),
                Column(
                    "order_ref",
                    "text",
                    "Приказ",
                    "Номер и дата приказа министерства, утвердившего объёмы.",
                    required=False,
                    example="№ 1234 от 15.04.2026",
                ),
            ),
            key=("admission_year", "specialty_code", "study_form"),
            slice=("admission_year",),
            inst_column=None,
        ),
        Dataset(
            "kcp_competition",
            "Конкурс на распределение КЦП",
            "Итоги публичного конкурса на распределение контрольных цифр приёма между организациями "
            "(п. 2.7): заявка организации, балл комиссии и распределённые места.",
            (
                Column("admission_year", "int", "Год приёма", _YEAR_HELP, min_value=YEAR_MIN, example="2027"),
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Код организации — участника конкурса.",
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код по ОКСО.",
                    ref="specialties",
                    example="15.02.08",
                ),
                Column(
                    "study_form",
                    "enum",
                    "Форма обучения",
                    "очная, заочная или очно-заочная; пусто — очная.",
                    required=False,
                    enum="study_form",
                    default="full_time",
                    example="очная",
                ),
                Column(
                    "bid_places",
                    "int",
                    "Заявлено мест",
                    "Сколько мест организация запросила в заявке, целое ≥ 0.",
                    min_value=0,
                    example="30",
                ),
                Column(
                    "score",
                    "decimal",
                    "Балл комиссии",
                    "Балл конкурсной комиссии, ≥ 0 (если выставлялся).",
                    required=False,
                    min_value=0,
                    example="87,5",
                ),
                Column(
                    "awarded_places",
                    "int",
                    "Распределено мест",
                    "Места, распределённые организации по итогам конкурса, целое ≥ 0. Сумма по специальности "
                    "не может превышать утверждённый объём.",
                    min_value=0,
                    example="25",
                ),
            ),
            key=("admission_year", "inst_code", "specialty_code", "study_form"),
            slice=("admission_year",),
        ),
        Dataset(
            "roadmap_status",
            "Статус мероприятий дорожной карты",
            "Отчёт о ходе выполнения мероприятий дорожной карты (ведёт координатор).",
            (
                Column(
                    "item_code",
                    "ref",
                    "Пункт",
                    "Номер мероприятия «раздел.номер», например 5.11.",
                    ref="roadmap_items",
                    example="5.11",
                ),
                Column(
                    "status",
                    "enum",
                    "Статус",
                    "not_started, in_progress, done или cancelled.",
                    enum="roadmap_status",
                    example="in_progress",
                ),
                Column(
                    "progress_pct",
                    "decimal",
                    "Прогресс, %",
                    "0–100.",
                    required=False,
                    min_value=0,
                    max_value=100,
                    example="50",
                ),
                Column(
                    "status_date",
                    "date",
                    "Дата статуса",
                    "Дата отчёта, не позже сегодняшнего дня.",
                    example="01.11.2025",
                ),
                Column(
                    "evidence",
                    "text",
                    "Подтверждение",
                    "Документ, подтверждающий результат.",
                    required=False,
                    example="Протокол № 3",
                ),
                Column("comment", "text", "Комментарий", "Пояснение.", required=False, example=""),
            ),
            key=("item_code", "status_date"),
            inst_column=None,
        ),
        Dataset(
            "institutions",
            "Образовательные организации",
            "Справочник колледжей (ПОО) и вузов (ОВО) региона (ведёт координатор).",
            (
                Column(
                    "inst_code",
                    "text",
                    "Код организации",
                    "Постоянный код организации в системе.",
                    example="POO-20",
                ),
                Column("short_name", "text", "Краткое название", "Краткое название.", example="АмПК"),
                Column(
                    "full_name", "text", "Полное название", "Полное наименование.", example="ГПОАУ АО «…»"
                ),
                Column(
                    "kind",
                    "enum",
                    "Тип",
                    "ПОО (колледж, техникум) или ОВО (вуз).",
                    enum="inst_kind",
                    example="ПОО",
                ),
                Column(
                    "municipality", "text", "Муниципалитет", "Город или округ.", example="г. Благовещенск"
                ),
                Column("director", "text", "Руководитель", "ФИО руководителя.", required=False, example=""),
            ),
            key=("inst_code",),
        ),
        # --- section 2 of the decree: employers' demand (issue 11) --------------------------------
        Dataset(
            "employers",
            "Работодатели",
            "Работодатели и инвестиционные проекты, заявляющие потребность в кадрах (загружают "
            "министерство экономического развития, отраслевые министерства и координатор).",
            (
                Column(
                    "employer_inn",
                    "inn",
                    "ИНН",
                    "ИНН: 10 цифр у организации, 12 у индивидуального предпринимателя; контрольные цифры проверяются.",
                    example="7707083893",
                ),
                Column("name", "text", "Наименование", "Наименование организации.", example="ПАО «Пример»"),
                Column(
                    "okved",
                    "text",
                    "ОКВЭД",
                    "Код основного вида деятельности по ОКВЭД 2 (например, 24.10 или 07.29.41).",
                    example="07.29.41",
                ),
                Column(
                    "municipality",
                    "text",
                    "Муниципалитет",
                    "Город или округ, где нужны работники.",
                    example="г. Благовещенск",
                ),
                Column(
                    "is_investment_project",
                    "bool",
                    "Инвестиционный проект",
                    "да — строка описывает инвестиционный проект; нет — действующий работодатель.",
                    example="нет",
                ),
                Column(
                    "project_name",
                    "text",
                    "Название проекта",
                    "Название инвестиционного проекта (обязательно, если это проект).",
                    required=False,
                    example="",
                ),
                Column(
                    "is_toser",
                    "bool",
                    "Резидент ТОСЭР",
                    "да — резидент территории опережающего развития.",
                    example="нет",
                ),
            ),
            key=("employer_inn",),
            inst_column=None,
            aliases={
                "инн организации": "employer_inn",
                "инн работодателя": "employer_inn",
                "организация": "name",
                "наименование организации": "name",
                "основной оквэд": "okved",
                "код оквэд": "okved",
                "муниципальное образование": "municipality",
                "инвестпроект": "is_investment_project",
                "резидент тор": "is_toser",
                "тосэр": "is_toser",
            },
        ),
        Dataset(
            "employer_needs",
            "Потребность работодателей в кадрах",
            "Ответы работодателей на опрос о потребности в выпускниках СПО и заявленные рабочие места "
            "инвестиционных проектов: одна строка — одна профессия на один год.",
            (
                Column("survey_year", "int", "Год опроса", _YEAR_HELP, min_value=YEAR_MIN, example="2025"),
                Column(
                    "employer_inn",
                    "ref",
                    "ИНН",
                    "ИНН работодателя, уже загруженного в набор «Работодатели».",
                    ref="employers",
                    example="2801000013",
                ),
                Column(
                    "source",
                    "enum",
                    "Источник",
                    "survey (опрос работодателей) или investment_project (инвестиционный проект).",
                    enum="need_source",
                    example="survey",
                ),
                Column(
                    "profession_name",
                    "text",
                    "Профессия, должность",
                    "Как её назвал работодатель.",
                    example="Машинист экскаватора",
                ),
                Column(
                    "okpdtr_code",
                    "text",
                    "Код ОКПДТР",
                    "Код профессии рабочего или должности служащего по ОКПДТР, 5 цифр (необязательно).",
                    required=False,
                    example="14388",
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Код профессии или специальности СПО по ОКСО, если сопоставлен; иначе укажите УГС.",
                    required=False,
                    ref="specialties",
                    example="21.01.08",
                ),
                Column(
                    "ugs_code",
                    "ref",
                    "Код УГС",
                    "Укрупнённая группа (например, 21.00.00); выводится из кода специальности, если он указан.",
                    required=False,
                    ref="ugs",
                    example="",
                ),
                Column(
                    "level",
                    "enum",
                    "Уровень",
                    "worker (квалифицированный рабочий, ППКРС) или specialist (специалист среднего звена, ППССЗ).",
                    enum="staff_level",
                    example="worker",
                ),
                Column(
                    "need_year",
                    "int",
                    "Год потребности",
                    f"Год, на который нужны работники: от года опроса до года опроса + {NEED_HORIZON}.",
                    min_value=YEAR_MIN,
                    example="2027",
                ),
                Column(
                    "headcount",
                    "int",
                    "Потребность, чел.",
                    "Сколько работников нужно в этом году, целое ≥ 0.",
                    min_value=0,
                    example="12",
                ),
                Column(
                    "target_contract",
                    "bool",
                    "Целевое обучение",
                    "да — работодатель готов заключить договор о целевом обучении.",
                    example="да",
                ),
                Column(
                    "salary_rub",
                    "decimal",
                    "Зарплата, руб.",
                    "Ожидаемая зарплата в месяц, руб., больше 0 (необязательно).",
                    required=False,
                    example="85000",
                ),
            ),
            key=("survey_year", "employer_inn", "source", "profession_name", "level", "need_year"),
            slice=("survey_year", "employer_inn"),
            inst_column=None,
            aliases={
                "инн организации": "employer_inn",
                "инн работодателя": "employer_inn",
                "наименование профессии": "profession_name",
                "профессия": "profession_name",
                "должность": "profession_name",
                "окпдтр": "okpdtr_code",
                "код по окпдтр": "okpdtr_code",
                "код профессии по окпдтр": "okpdtr_code",
                "оксо": "specialty_code",
                "код по оксо": "specialty_code",
                "специальность": "specialty_code",
                "угс": "ugs_code",
                "уровень образования": "level",
                "год": "need_year",
                "количество": "headcount",
                "потребность": "headcount",
                "численность": "headcount",
                "целевой договор": "target_contract",
                "договор о целевом обучении": "target_contract",
                "заработная плата": "salary_rub",
                "зарплата": "salary_rub",
            },
        ),
        Dataset(
            "employment_form",
            "Форма мониторинга трудоустройства (федеральная)",
            "Федеральная форма мониторинга трудоустройства выпускников СПО (версия 2022 года) — та, что колледж "
            "заполняет каждый год: номера граф «01»…«33» в строке 8, по 15 строк на специальность и контрольная "
            "строка «16». Форма — полный срез «организация × год выпуска»: новая форма заменяет прежнюю целиком.",
            (
                Column("year", "int", "Год выпуска", _YEAR_HELP, min_value=YEAR_MIN, example="2024"),
                Column(
                    "inst_code",
                    "ref",
                    "Код организации",
                    "Организация, чья форма (выбирается при загрузке).",
                    ref="institutions",
                    example="POO-01",
                ),
                Column(
                    "specialty_code",
                    "ref",
                    "Код специальности",
                    "Графа 03: код профессии, специальности по ОКСО.",
                    ref="specialties",
                    example="15.01.05",
                ),
                Column(
                    "form_row",
                    "int",
                    "Строка формы",
                    "Графа 05: номер строки 01–15.",
                    min_value=1,
                    max_value=15,
                ),
                Column("col_no", "int", "Графа", "Номер графы 07–33.", min_value=7, max_value=33),
                Column(
                    "value",
                    "int",
                    "Значение",
                    "Графы 07–32: число выпускников, целое ≥ 0 (пусто или «-» — 0).",
                    required=False,
                    min_value=0,
                ),
                Column("text", "text", "Пояснение", "Графа 33: принятые меры (текст).", required=False),
            ),
            key=("year", "inst_code", "specialty_code", "form_row", "col_no"),
            slice=("inst_code", "year"),
            reader="employment_form",
            replace_only=True,
        ),
    )
}


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"Неизвестный набор данных «{name}». Допустимы: {', '.join(DATASETS)}") from None


# --- reporting periods: who is expected to submit each dataset, per reporting year -----------------


@dataclass(frozen=True)
class Collected:
    """A dataset collected every reporting year: who must submit it and how a row names its year.

    ``submitters``: ``colleges`` (every ПОО), ``universities`` (every ОВО), ``institutions`` (both),
    or ``single`` (one submitter, ``submitter_code``/``submitter_name``, e.g. the regional centre).
    ``year_column``: the column holding the reporting year (a date column counts by its year).
    ``counts_for``: the collection a file of this dataset counts for, when it is another dataset's
    (e.g. a form that stands for a college's graduates submission); default: its own.
    """

    submitters: str
    year_column: str
    submitter_code: str | None = None
    submitter_name: str | None = None
    counts_for: str | None = None


RKC = ("RKC", "Региональный координационный центр (РКЦ)")

# The one place where a dataset declares that it is collected by reporting year and from whom:
# a new dataset adds one line here (its collection, board column and completeness follow).
# Not collected: kcp_totals and kcp_competition are the ministry's own decisions (the order of approved
# totals, the competition commission's protocol), entered by the coordinator once per admission year,
# and kcp_proposals come from an open set of proposers (any ministry or employer): none has a list of
# expected submitters to wait for or remind. Whether a year has them is said on «Приём и КЦП» («только
# предложения», «без приёма»), and their deadlines are measures 2.5–2.7 of the roadmap.
COLLECTED: dict[str, Collected] = {
    "graduates": Collected("colleges", "graduation_year"),
    "demo_exams": Collected("colleges", "year"),
    "admissions": Collected("colleges", "year"),
    "championship_results": Collected("single", "year", *RKC),
    "experts": Collected("single", "valid_from", *RKC),
    "expert_events": Collected("single", "year", *RKC),
    # a college's federal monitoring form stands for its graduates submission of that year (issue 14)
    "employment_form": Collected("colleges", "year", counts_for="graduates"),
}
