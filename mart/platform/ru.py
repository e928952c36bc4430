"""Russian as every screen, export and paper writes it: numbers, dates, plurals, labels, file names.

One place, so the overview, an Excel export and the council's PDF print «1 234,5» and «71,9 %»
the same way. Numbers come from Babel's CLDR data for the ``ru`` locale (decimal comma, a
non-breaking space between thousands) rather than from string replacement; Excel cells get a
number format instead of text, and Russian Excel shows them with its own separators.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = Locale("ru")
NBSP = "\u00a0"
DASH = "—"  # what an empty cell or a missing figure reads as (never «None»)


def finite(value) -> bool:
    return value is not None and not (isinstance(value, float) and not math.isfinite(value))


def number(value, digits: int | None = None, suffix: str = "", *, max_digits: int = 3) -> str:
    """«1 234», «12,5», «-3,0»: Russian digits (Babel, ``ru``); «—» when there is no figure.

    ``digits`` fixes the decimals (rounded half to even, as Babel does); without it a whole number
    has none and a fraction up to ``max_digits``.
    """
    if not finite(value):
        return DASH
    return _number(value, digits, suffix, max_digits)


@functools.lru_cache(maxsize=65536)
def _number(value, digits: int | None, suffix: str, max_digits: int) -> str:
    # remembered: a table of a page asks for the same figures on every run (Babel takes ~0.1 ms)
    if digits is None:
        pattern = "#,##0" if float(value).is_integer() else "#,##0." + "#" * max_digits
    else:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(value, format=pattern, locale=LOCALE)
    if re.fullmatch(r"-0(,0*)?", text):  # never a signed zero
        text = text[1:]
    return text + suffix


def percent(share, digits: int = 1) -> str:
    """A share (0.719) as «71,9 %» (a non-breaking space before the sign); «—» when there is none."""
    return number(None if not finite(share) else share * 100, digits, f"{NBSP}%")


def signed(value, digits: int | None = None, suffix: str = "") -> str:
    """A change with its sign: «+1,5», «-2», «0» (a zero has no sign)."""
    if not finite(value):
        return DASH
    text = number(abs(value), digits)
    zero = not any(ch.isdigit() and ch != "0" for ch in text)
    return ("" if zero else "+" if value > 0 else "-") + text + suffix


def date(value: dt.date | dt.datetime | None) -> str:
    """«26.11.2026»; «—» when there is no date."""
    return DASH if value is None else f"{value:%d.%m.%Y}"


def datetime(value: dt.datetime | None) -> str:
    """«26.11.2026 14:05»; «—» when there is none."""
    return DASH if value is None else f"{value:%d.%m.%Y %H:%M}"


def long_date(value: dt.date) -> str:
    """«26 ноября 2026 г.» (Babel's month names in the genitive)."""
    return format_date(value, "d MMMM y", locale=LOCALE) + " г."


def plural(n: int, one: str, few: str, many: str) -> str:
    """The word for ``n`` by Russian plural rules (CLDR): 1 организация, 2 организации, 5 организаций."""
    form = LOCALE.plural_form(abs(n))
    return one if form == "one" else few if form == "few" else many


def count(n: int, one: str, few: str, many: str) -> str:
    """«19 колледжей», «1 организация»: the number and the word that agrees with it."""
    return f"{number(n)} {plural(n, one, few, many)}"


def text(value) -> str:
    """Any value as a person reads it: numbers and dates in Russian, booleans «да»/«нет», no «None»."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.datetime):
        return datetime(value)
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, int | float):
        return number(value)
    return str(value)


# --- Excel cell formats (Excel shows them with the reader's own separators) -------------------------


def xlsx_number_format(digits: int) -> str:
    """An Excel number format with ``digits`` decimals and a thousands group: «#,##0» or «#,##0.0».

    Never «#,##0.##», which shows a whole number as «79,» with a dangling comma.
    """
    return "#,##0" if digits <= 0 else "#,##0." + "0" * digits


def decimals_needed(values, cap: int = 2) -> int:
    """How many decimals a column of numbers needs to show what it holds (at most ``cap``)."""
    need = 0
    for v in values:
        if not finite(v) or float(v).is_integer():
            continue
        for d in range(1, cap + 1):
            need = max(need, d)
            if abs(round(float(v), d) - float(v)) < 1e-9:
                break
        if need >= cap:
            break
    return need


# --- file names --------------------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(*parts: object, ext: str) -> str:
    """A Russian file name from its parts: «рейтинг-kpi-2025.xlsx» (spaces become hyphens, no unsafe signs)."""
    words = [_UNSAFE.sub(" ", str(p)).strip() for p in parts if p not in (None, "")]
    stem = "-".join(re.sub(r"\s+", "-", w) for w in words if w).strip("-.") or "выгрузка"
    return f"{stem.lower()}.{ext.lstrip('.')}"


# --- labels of codes ---------------------------------------------------------------------------------

# URL filters of the pages, for exports and papers when a page did not describe its own filter
FILTER_LABELS = {
    "year": "Год",
    "inst": "Организация",
    "spec": "Специальность (профессия)",
    "muni": "Муниципалитет",
    "level": "Уровень чемпионата",
    "age": "Возрастная группа",
    "comp": "Компетенция",
    "competence": "Компетенция",
    "asof": "На дату",
    "org": "Организация",
    "version": "Версия методики",
    "section": "Раздел",
    "executor": "Исполнитель",
    "status": "Статус",
    "overdue": "Только просроченные",
    "item": "Мероприятие",
    "expert": "Эксперт",
    "period": "Период",
    "kind": "Вид",
}


def filter_label(key: str) -> str:
    """The Russian name of a URL filter (the key itself only for a filter nobody named yet)."""
    return FILTER_LABELS.get(key, key)


def code_label(kind: str, code: str | None) -> str:
    """The Russian label of a code of one of the contract's code lists (``datasets.ENUMS``), roles and datasets."""
    from mart.access import rules as access
    from mart.intake import datasets

    if code is None:
        return DASH
    if kind == "role":
        return access.ROLE_LABELS.get(code, code)
    if kind == "dataset":
        ds = datasets.DATASETS.get(code)
        return ds.title_ru if ds else code
    return datasets.ENUMS.get(kind, {}).get(code, code)


__all__ = [
    "DASH",
    "FILTER_LABELS",
    "LOCALE",
    "NBSP",
    "code_label",
    "count",
    "date",
    "datetime",
    "decimals_needed",
    "file_name",
    "filter_label",
    "finite",
    "long_date",
    "number",
    "percent",
    "plural",
    "signed",
    "text",
    "xlsx_number_format",
]
