"""Text as the screens write it: figures the Russian way, changes from the previous year, and text
that came from a file or a form made safe inside Markdown (``plain``)."""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from mart.platform import ru

# --- text that came from a file or a form (issue 8) ---------------------------------------------------
# Inline, these are what Markdown (with Streamlit's extensions) acts on: emphasis, code, links and
# images, HTML, tables, strikethrough, maths, colour directives and shortcodes, and autolinks
# (www., http:, mail@). A «-», «+» or «1.» only starts a list at the start of a line.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#!|~$:.@&])")
_LINE_START = re.compile(r"^(\s*)([-+=])")


def plain(value: object) -> str:
    """Text from a file or a form, safe inside Markdown: shown as typed, never as a link, image,
    heading, emphasis, colour directive or HTML. Line breaks become spaces (a caption is one line)."""
    text = "" if value is None else str(value)
    text = re.sub(r"[\r\n\u2028\u2029]+", " ", text)
    return _LINE_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))


# --- figures as Russian screens write them ------------------------------------------------------


def number(value, digits: int | None = None, suffix: str = "") -> str:
    """«1 234», «12,5», «71,9 %»: Russian digits from ``mart.platform.ru`` (Babel); «—» when there is none."""
    return ru.number(value, digits, suffix)


def percent(share, digits: int = 1) -> str:
    """A share (0.719) as «71,9 %»; «—» when there is none."""
    return ru.percent(share, digits)


def percent_texts(value: str, has_data: str, alias: str, none: str) -> pl.Expr:
    """«71,9 %» for each row of column ``value`` where ``has_data`` holds, ``none`` elsewhere.

    The same text as ``percent`` (Babel, ``ru``), one call per distinct value, not one Python call
    per row: a national ranking has 21,000 indicator rows.
    """

    def texts(cells: pl.Series) -> pl.Series:
        frame = cells.struct.unnest()
        values = frame[value]
        ok = frame[has_data].fill_null(False) & values.is_not_null()
        finite = ok & values.is_finite()
        distinct = values.filter(finite).unique().to_list()
        shown = values.replace_strict(
            distinct, [percent(v) for v in distinct], default=None, return_dtype=pl.String
        )
        return pl.select(
            pl.when(finite).then(shown).when(ok).then(pl.lit(ru.DASH)).otherwise(pl.lit(none))
        ).to_series()

    return pl.struct(value, has_data).map_batches(texts, return_dtype=pl.String).alias(alias)


def count(n: int, one: str, few: str, many: str) -> str:
    """«1 строка», «3 строки», «19 колледжей» (``mart.platform.ru.count``, Russian plural rules)."""
    return ru.count(n, one, few, many)


def _difference(current, previous, pct: bool, digits: int | None):
    """The change as shown: percentage points to one decimal, else rounded to ``digits``; never −0."""
    if pct:
        return round((current - previous) * 100, 1) + 0.0
    diff = current - previous
    return diff if digits is None else round(diff, digits) + 0


def delta(current, previous, *, pct: bool = False, digits: int | None = None) -> str | None:
    """The change from the previous year for ``st.metric`` (None when there is nothing to compare).

    «+12 к прошлому году», «-1,5 п.п. к прошлому году» (``pct``: shares, the change in percentage
    points); a zero change has no sign. ``digits`` rounds a change of decimals (one decimal for ``pct``).
    """
    if current is None or previous is None:
        return None
    diff = _difference(current, previous, pct, digits)
    text = number(abs(diff), 1 if pct else digits) + (" п.п." if pct else "")
    sign = "+" if diff > 0 else "-" if diff < 0 else ""
    return f"{sign}{text} к прошлому году"


def change(
    current,
    previous,
    *,
    pct: bool = False,
    digits: int | None = None,
    color: str = "normal",
    arrow: bool = True,
) -> dict:
    """``st.metric`` delta arguments (``**fmt.change(cur, prev)``): the change from the previous year.

    ``color`` is ``st.metric``'s ``delta_color`` («inverse» when a fall is good news, «off» for a
    neutral figure); a change that rounds to zero is grey and has no arrow; nothing to compare, no delta.
    """
    text = delta(current, previous, pct=pct, digits=digits)
    if text is None:
        return {}
    if _difference(current, previous, pct, digits) == 0:
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text, "delta_color": color} | ({} if arrow else {"delta_arrow": "off"})


def metric_row(current: dict, previous: dict | None, figures: list[tuple]) -> None:
    """A row of ``st.metric``, one per ``(column, label, help[, color])``, with the change from ``previous``."""
    for box, (column, label, help_text, *color) in zip(st.columns(len(figures)), figures, strict=True):
        box.metric(
            label,
            current[column],
            help=help_text,
            **change(current[column], (previous or {}).get(column), color=color[0] if color else "normal"),
        )


def shorten(text: str, limit: int) -> str:
    """A long title cut at a word boundary with «…» (never in the middle of a word)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:—-(«")
    return (cut or text[:limit]) + "…"
