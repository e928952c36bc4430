"""The ИНН (taxpayer number) and its check digits, as the tax service computes them.

10 digits for an organisation (one check digit), 12 for an individual or an individual
entrepreneur (two check digits). Each check digit is Σ digit × weight mod 11 mod 10.
"""

from __future__ import annotations

_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def problem(value: str) -> str | None:
    """Why ``value`` is not a valid ИНН (in Russian), or None when it is."""
    if not value.isdigit() or not value.isascii():
        return "ИНН состоит только из цифр (10 — у организации, 12 — у индивидуального предпринимателя)."
    if len(value) in (9, 11):
        return (
            f"ИНН из {len(value)} цифр: вероятно, Excel убрал ведущий ноль — "
            "сохраните столбец как текст и укажите все цифры."
        )
    if len(value) == 10:
        if _check(value[:9], _W10) != int(value[9]):
            return "Неверное контрольное число ИНН организации (10-я цифра): проверьте номер."
        return None
    if len(value) == 12:
        if _check(value[:10], _W11) != int(value[10]) or _check(value[:11], _W12) != int(value[11]):
            return "Неверные контрольные цифры ИНН (11-я и 12-я): проверьте номер."
        return None
    return f"ИНН должен содержать 10 цифр (организация) или 12 (предприниматель), а не {len(value)}."


def is_valid(value: str) -> bool:
    return problem(value) is None


def complete(stem: str) -> str:
    """A valid ИНН from its first 9 (organisation) or 10 (individual) digits: adds the check digits."""
    if len(stem) == 9:
        return stem + str(_check(stem, _W10))
    if len(stem) == 10:
        first = stem + str(_check(stem, _W11))
        return first + str(_check(first, _W12))
    raise ValueError("an ИНН stem is 9 or 10 digits")
