"""Reporting periods on screens: which years are complete, the default year, the partial-year label.

A year of a dataset is complete when its collection is closed or every expected submitter has
submitted (the model ``collection_status``). Every page defaults to the latest complete year of the
data it shows; a partial year can still be chosen (signed-in roles), and then it is labelled
everywhere: «2026 — данные от 1 из 19 колледжей (сбор до 01.12.2026)». Changes from the previous
year are shown only between complete years; the public sees complete years only.

Pages call (through ``pages.ui.year_filter``)::

    choice = periods.choose(ctx, ("graduates",), years, requested)   # or periods.choice(ctx, ds, year)
    choice.year, choice.partial, choice.note, choice.title("Выпуск"), choice.previous(value)

A dataset × year without a collection row (nothing collected, nothing expected) counts as complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.read.queries import cached, read

# the collections each indicator K1–K6 of the director KPI comes from (measure 8.3), for the
# partial-year check; the federal form (employment_form) is no collection of its own: it counts for
# the graduates' collection (mart.intake.datasets.COLLECTED), so «graduates» covers a college that
# sent only its form. The datasets an evaluation freezes are mart.read.kpi.SOURCE_DATASETS.
KPI_DATASETS = ("graduates", "demo_exams", "admissions", "championship_results", "experts")

# how a count of submitters reads after «из N»: (one, many) in the genitive
NOUNS = {
    "colleges": ("колледжа", "колледжей"),
    "universities": ("вуза", "вузов"),
    "institutions": ("организации", "организаций"),
}


def _genitive(n: int, kind: str) -> str:
    one, many = NOUNS.get(kind, ("организации", "организаций"))
    return one if n % 10 == 1 and n % 100 != 11 else many


@cached
def collection_status(ctx: Access) -> pl.DataFrame:
    """Every collection with its completeness (the model ``collection_status``): regional figures."""
    require(ctx, "regional_totals")
    return read(
        "collection_status",
        columns=[
            "dataset",
            "year",
            "dataset_title",
            "submitters",
            "deadline",
            "expected",
            "submitted",
            "late",
            "missing",
            "excused",
            "is_complete",
            "is_closed",
            "closed_at",
            "closed_by",
            "auto_opened",
            "last_upload_at",
            "days_to_deadline",
            "submitter_name",
        ],
        order="sort_order, year",
    )


@dataclass(frozen=True)
class Period:
    """One collection's completeness, as a page needs it."""

    dataset: str
    year: int
    expected: int
    submitted: int
    missing: int
    excused: int
    deadline: dt.date | None
    is_complete: bool
    is_closed: bool
    submitters: str
    submitter_name: str | None

    @property
    def short(self) -> str:
        """«трудоустройство выпускников 1 из 19» — for a title naming several datasets."""
        return f"{_lower_first(datasets.get(self.dataset).title_ru)} {self.submitted} из {self.expected}"

    @property
    def detail(self) -> str:
        """«данные от 1 из 19 колледжей (сбор до 01.12.2026)» (what is missing, without the year)."""
        when = f"сбор до {self.deadline:%d.%m.%Y}" if self.deadline else "срок сбора не установлен"
        if self.submitters == "single":
            who = self.submitter_name or "ответственная организация"
            return f"данные не сданы: {who} ({when})"
        return f"данные от {self.submitted} из {self.expected} {_genitive(self.expected, self.submitters)} ({when})"


@cached
def periods(ctx: Access, dataset: str) -> dict[int, Period]:
    """The collections of ``dataset`` by reporting year (asked for every year label a page draws)."""
    frame = collection_status(ctx).filter(pl.col("dataset") == dataset)
    return {
        r["year"]: Period(
            dataset,
            r["year"],
            r["expected"],
            r["submitted"],
            r["missing"],
            r["excused"],
            r["deadline"],
            r["is_complete"],
            r["is_closed"],
            r["submitters"],
            r["submitter_name"],
        )
        for r in frame.iter_rows(named=True)
    }


def partial_periods(ctx: Access, dataset_names: Iterable[str], year: int | None) -> list[Period]:
    """The collections among ``dataset_names`` that are not complete in ``year``."""
    if year is None:
        return []
    out = []
    for name in dict.fromkeys(dataset_names):  # each dataset once, in the order given
        p = periods(ctx, name).get(int(year))
        if p is not None and not p.is_complete:
            out.append(p)
    return out


def is_complete(ctx: Access, dataset_names: Iterable[str], year: int | None) -> bool:
    return not partial_periods(ctx, dataset_names, year)


def year_detail(ctx: Access, dataset_names: Sequence[str], year: int | None) -> str | None:
    """None for a complete year; else «данные от 1 из 19 колледжей (сбор до 01.12.2026)».

    With several datasets, each incomplete one is named: «неполные данные: выпускники — …; …».
    """
    partial = partial_periods(ctx, dataset_names, year)
    if not partial:
        return None
    if len(dict.fromkeys(dataset_names)) == 1:
        return partial[0].detail
    parts = [f"{_lower_first(datasets.get(p.dataset).title_ru)} — {p.detail}" for p in partial]
    return "неполные данные: " + "; ".join(parts)


def year_short(ctx: Access, dataset_names: Sequence[str], year: int | None) -> str | None:
    """None for a complete year; else, for a title: «неполные данные (сдали: трудоустройство выпускников 1 из 19; …)»."""
    partial = partial_periods(ctx, dataset_names, year)
    if not partial:
        return None
    if len(dict.fromkeys(dataset_names)) == 1:
        return partial[0].detail
    return "неполные данные (сдали: " + "; ".join(p.short for p in partial) + ")"


def _lower_first(text: str) -> str:
    """«Приём и КЦП» → «приём и КЦП» (abbreviations keep their capitals)."""
    return text[:1].lower() + text[1:]


def year_note(ctx: Access, dataset_names: Sequence[str], year: int | None) -> str | None:
    """None for a complete year; else «2026 — данные от 1 из 19 колледжей (сбор до 01.12.2026)»."""
    detail = year_detail(ctx, dataset_names, year)
    return None if detail is None else f"{year} — {detail}"


def complete_years(ctx: Access, dataset_names: Sequence[str], years: Iterable[int]) -> list[int]:
    return [y for y in years if y is not None and is_complete(ctx, dataset_names, y)]


def default_year(ctx: Access, dataset_names: Sequence[str], years: Iterable[int]) -> int | None:
    """The latest complete year among ``years``; the latest year when none is complete."""
    years = [y for y in years if y is not None]
    done = complete_years(ctx, dataset_names, years)
    if done:
        return max(done)
    return max(years) if years else None


def visible_years(ctx: Access, dataset_names: Sequence[str], years: Iterable[int]) -> list[int]:
    """The years a role may choose: all of them, or only complete ones for the public."""
    years = [y for y in years if y is not None]
    if ctx.allows("partial_years"):
        return years
    return complete_years(ctx, dataset_names, years)


@dataclass(frozen=True)
class YearChoice:
    """The year a page shows and how complete it is."""

    year: int | None
    datasets: tuple[str, ...]
    note: str | None  # «2026 — данные от 1 из 19 колледжей (сбор до 01.12.2026)»; None when complete
    previous_complete: bool
    heading: str | None = None  # what a title adds for a partial year (shorter for several datasets)

    @property
    def partial(self) -> bool:
        return self.note is not None

    @property
    def comparable(self) -> bool:
        """Whether a change from the previous year may be shown (both years complete)."""
        return not self.partial and self.previous_complete

    def previous(self, value):
        """The previous year's figure for a change, or None when the years may not be compared."""
        return value if self.comparable else None

    @property
    def detail(self) -> str | None:
        """The note without its year: «данные от 1 из 19 колледжей (сбор до 01.12.2026)»."""
        return None if self.note is None else self.note.split(" — ", 1)[1]

    def title(self, text: str) -> str:
        """A heading or table title: «… 2026 — данные от 1 из 19 колледжей (сбор до 01.12.2026)» when partial."""
        return text if self.note is None else f"{text} — {self.heading or self.detail}"

    def label(self, text: str) -> str:
        """A headline figure's label: «Выпускников (неполный год)» when the year is partial."""
        return text if self.note is None else f"{text} (неполный год)"

    @property
    def why_no_change(self) -> str | None:
        """Why a change from the previous year is not shown, said under the figures."""
        if self.year is None or self.comparable:
            return None
        if self.partial:
            return (
                "Изменение к прошлому году не показано: данные за год неполные, сравнение с полным годом "
                "было бы неверным."
            )
        return f"Изменение к прошлому году не показано: данные за {self.year - 1} год неполные."


def choice(ctx: Access, dataset_names: Sequence[str], year: int | None) -> YearChoice:
    names = tuple(dict.fromkeys(dataset_names))
    if year is None:
        return YearChoice(None, names, None, True)
    return YearChoice(
        int(year),
        names,
        year_note(ctx, names, year),
        is_complete(ctx, names, int(year) - 1),
        year_short(ctx, names, year),
    )


def mark(
    ctx: Access, frame: pl.DataFrame, dataset_names: Sequence[str], year_column: str = "year"
) -> pl.DataFrame:
    """``frame`` with ``is_partial`` and ``period_note`` per row of ``year_column`` (for trend charts)."""
    years = frame.get_column(year_column).unique().drop_nulls().to_list() if frame.height else []
    notes = {y: year_note(ctx, dataset_names, y) for y in years}
    return frame.with_columns(
        pl.col(year_column).replace_strict(notes, default=None, return_dtype=pl.String).alias("period_note")
    ).with_columns(
        pl.col("period_note").is_not_null().alias("is_partial"),
        pl.col("period_note").fill_null("полные данные").alias("period_note"),
    )


__all__ = [
    "KPI_DATASETS",
    "Period",
    "YearChoice",
    "choice",
    "collection_status",
    "complete_years",
    "default_year",
    "is_complete",
    "mark",
    "partial_periods",
    "periods",
    "visible_years",
    "year_detail",
    "year_note",
    "year_short",
]
