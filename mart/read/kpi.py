"""The KPI of college directors (roadmap measure 8.3): methodology versions and saved evaluations.

A methodology version is a set of weights for the indicators K1..K6 (``kpi_values``); it is never
changed once saved, a new set of weights is a new version and the latest one is current
(``director_kpi``, ``director_kpi_scores``). Version 1 comes from ``seeds/kpi_indicators.csv``.

An evaluation freezes one year's figures under one version for the commission: the rows are
copied into ``kpi_evaluation_rows`` together with the batches they came from, so later uploads do
not change a protocol already taken to a meeting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal

import duckdb
import polars as pl

from mart.access.rules import Access, require, require_drilldown
from mart.platform import config, db, models, ru
from mart.read import queries

INDICATORS = ("K1", "K2", "K3", "K4", "K5", "K6")
# the columns the read functions return, in order (the models hold more: keys they filter by)
_PER_INDICATOR = [
    f"{k.lower()}_{what}" for k in INDICATORS for what in ("value", "has_data", "points", "delta_pp")
]
RANKING = [
    "inst_code",
    "short_name",
    "municipality",
    "is_demo",
    "score",
    "rank",
    "score_prev",
    "rank_prev",
    "score_delta",
    "rank_change",
    *_PER_INDICATOR,
]
INDICATOR_ROWS = [
    "year",
    "inst_code",
    "short_name",
    "municipality",
    "is_demo",
    "indicator_code",
    "name_ru",
    "formula_ru",
    "numerator",
    "denominator",
    "value",
    "has_data",
    "weight",
    "points",
    "value_prev",
    "has_data_prev",
    "delta_pp",
    "points_delta",
    "methodology_version",
]
EVALUATION_RANKING = (
    ["rank", "inst_code", "short_name", "municipality", "score"]
    + [f"{k.lower()}_value" for k in INDICATORS]
    + [f"{k.lower()}_has_data" for k in INDICATORS]
    + ["no_data"]
)
V1_TITLE = "Базовая"
V1_AUTHOR = "seed"
V1_CREATED_AT = dt.datetime(2019, 8, 9)  # the decree's date: v1 is the methodology as first published
# the datasets an evaluation is computed from (every raw.<dataset> that kpi_evaluation_source reads,
# through the model graph): K1 and K2 come from employment_counts, which reads per-graduate rows
# (graduates) and, for a college × year without them, the federal form (employment_form);
# institutions decide which organizations are colleges
SOURCE_DATASETS = (
    "graduates",
    "employment_form",
    "demo_exams",
    "admissions",
    "championship_results",
    "experts",
    "institutions",
)


# --- methodology versions -----------------------------------------------------------------------


def ensure_v1(con: duckdb.DuckDBPyConnection) -> bool:
    """Store methodology version 1 (weights from seed.kpi_indicators) unless it exists; True if stored now."""
    exists = con.sql("select count(*) from kpi_methodologies where version = 1").fetchall()[0][0]
    if exists:
        return False
    seeded = con.sql("select count(*) from seed.kpi_indicators").fetchall()[0][0]
    if not seeded:
        return False  # nothing to take the weights from yet (seeds are loaded first in a build)
    con.sql(
        "insert into kpi_methodologies (version, title, author, created_at, note) values (1, $t, $a, $c, $n)",
        params={
            "t": V1_TITLE,
            "a": V1_AUTHOR,
            "c": V1_CREATED_AT,
            "n": "Веса из справочника показателей (seeds/kpi_indicators.csv, weight_v1).",
        },
    )
    con.sql(
        "insert into kpi_weights (version, indicator_code, weight) "
        "select 1, indicator_code, weight_v1 from seed.kpi_indicators"
    )
    return True


def _connection(con: duckdb.DuckDBPyConnection | None) -> duckdb.DuckDBPyConnection:
    return con if con is not None else queries.reader().cursor()


def _read(
    model: str,
    where: str | None = None,
    params: dict | None = None,
    *,
    columns: str | list[str] | None = None,
    order: str | None = None,
    at: dict | None = None,
) -> pl.DataFrame:
    """The rows of a model (sql/marts/kpi/) that match ``where`` (``queries.read``): the read
    functions only filter."""
    if isinstance(columns, str):
        columns = [c.strip() for c in columns.split(",")]
    return queries.read(model, where=where, params=params, columns=columns, order=order, at=at)


def current_version(con: duckdb.DuckDBPyConnection | None = None) -> int | None:
    """The current methodology version (the latest saved); None when there is none."""
    # the methodology tables themselves, not a model: the build asks before the models exist
    return _connection(con).sql("select max(version) from kpi_methodologies").fetchall()[0][0]


def weights(con: duckdb.DuckDBPyConnection | None, version: int) -> dict[str, float]:
    """The weights of one methodology version, {indicator_code: weight}; empty if no such version."""
    rows = (
        _connection(con)
        .sql(
            "select indicator_code, weight from kpi_weights where version = $v order by indicator_code",
            params={"v": version},
        )
        .fetchall()
    )
    return {code: float(w) for code, w in rows}


def _fmt(x: float) -> str:
    return ru.number(x, max_digits=9)


def validate_weights(weights: Mapping[str, float], *, storable: bool = False) -> dict[str, float]:
    """Check a set of weights; returns it as {K1..K6: float} or raises ValueError in Russian.

    ``storable`` also requires at most four decimals (weights are stored as decimal(6, 4)).
    """
    given = set(weights)
    missing = [k for k in INDICATORS if k not in given]
    extra = sorted(given - set(INDICATORS))
    if missing or extra:
        parts = []
        if missing:
            parts.append("нет весов для " + ", ".join(missing))
        if extra:
            parts.append("лишние показатели: " + ", ".join(map(str, extra)))
        raise ValueError("Нужны веса ровно для показателей K1–K6: " + "; ".join(parts) + ".")
    clean: dict[str, float] = {}
    for k in INDICATORS:
        w = weights[k]
        if isinstance(w, bool) or not isinstance(w, int | float | Decimal):
            raise ValueError(f"Вес {k} должен быть числом, указано «{w}».")
        w = float(w)
        if not math.isfinite(w) or w < 0 or w > 1:
            raise ValueError(f"Вес {k} должен быть от 0 до 1, указано {_fmt(w)}.")
        if storable and abs(w - round(w, 4)) > 1e-9:
            raise ValueError(
                f"Вес {k} должен иметь не более четырёх знаков после запятой, указано {_fmt(w)}."
            )
        clean[k] = w
    total = math.fsum(clean.values())
    if abs(total - 1) > 1e-9:
        raise ValueError(f"Сумма весов должна быть равна 1, сейчас {_fmt(round(total, 6))}.")
    return clean


def save_methodology(ctx: Access, weights: Mapping[str, float], title: str, note: str | None = None) -> int:
    """Save a new methodology version (it becomes current) and recompute the KPI; returns its number."""
    require(ctx, "edit_methodology")
    clean = validate_weights(weights, storable=True)
    title = (title or "").strip()
    if not title:
        raise ValueError("Укажите название методики.")
    with db.writer() as con:
        db.touch(con, "kpi_methodologies", "kpi_weights")  # their data versions (mart.queries)
        version = con.sql("select coalesce(max(version), 0) + 1 from kpi_methodologies").fetchall()[0][0]
        con.sql(
            "insert into kpi_methodologies (version, title, author, created_at, note) values ($v, $t, $a, $c, $n)",
            params={
                "v": version,
                "t": title,
                "a": ctx.who,
                "c": config.now(),
                "n": (note or "").strip() or None,
            },
        )
        con.executemany(
            "insert into kpi_weights (version, indicator_code, weight) values (?, ?, ?)",
            [(version, k, Decimal(str(round(w, 4)))) for k, w in clean.items()],
        )
        models.refresh_tables(con, models.Changes(tables={"kpi_methodologies", "kpi_weights"}))
    return version


@queries.cached
def methodologies(ctx: Access) -> pl.DataFrame:
    """Every methodology version with its weights as columns K1..K6, the current one marked."""
    require(ctx, "institution_aggregates")
    return _read("kpi_methodology_versions", order="version desc")


# --- trying weights without saving --------------------------------------------------------------


def _trial_weights(items: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """The parameters of the trial models for a set of weights: ``{"w_k1": 0.25, …}``."""
    return {f"w_{k.lower()}": w for k, w in items}


@queries.cached
def _scores(ctx: Access, year: int, items: tuple[tuple[str, float], ...]) -> pl.DataFrame:
    return _read(
        "kpi_trial_scores",
        {"year": year},
        at=_trial_weights(items),
        columns="inst_code, short_name, score, rank",
        order="rank, inst_code",
    )


def scores_with_weights(ctx: Access, year: int, weights: Mapping[str, float]) -> pl.DataFrame:
    """Colleges' scores and ranks in a year under weights not saved (yet): inst_code, short_name, score, rank."""
    require(ctx, "institution_aggregates")
    clean = validate_weights(weights)
    return _scores(ctx, int(year), tuple(clean.items()))


# --- saved evaluations --------------------------------------------------------------------------


class PartialYear(ValueError):
    """An evaluation of a year whose data is not complete was asked for without a confirmation."""


def parse_members(text: str | None) -> list[tuple[str, str | None]]:
    """The commission as typed, one member a line «Фамилия И. О., должность» (the first chairs).

    Returns (full name, position or None) per non-empty line; a line without a name is refused.
    """
    members: list[tuple[str, str | None]] = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = " ".join(line.split())
        if not line:
            continue
        name, _, position = (part.strip(" ,;—-") for part in line.partition(","))
        if not name:
            raise ValueError(f"Состав комиссии, строка {n}: укажите фамилию и инициалы до запятой.")
        members.append((name, position or None))
    return members


def save_evaluation(
    ctx: Access,
    year: int,
    version: int,
    title: str,
    members: list[tuple[str, str | None]] | None = None,
    *,
    confirm_partial: bool = False,
) -> int:
    """Freeze the KPI of a year under a methodology version for the commission; returns its number.

    A year whose data is not complete (``mart.read.periods``) is saved only with ``confirm_partial``, and
    the evaluation records that it was partial and what was missing. ``members`` — the commission
    (name, position), the first one chairs — is printed on the protocol with a signature line each.
    """
    from mart.read import periods

    require(ctx, "edit_methodology")
    title = (title or "").strip()
    if not title:
        raise ValueError("Укажите название оценки (например, «Заседание комиссии 15.12.2026»).")
    partial_note = periods.year_note(ctx, periods.KPI_DATASETS, year)
    if partial_note and not confirm_partial:
        raise PartialYear(
            f"Данные за {year} год неполные ({partial_note}): баллы не итоговые. "
            "Подтвердите, что сохраняете оценку за неполный год."
        )
    with db.writer() as con:
        db.touch(con, "kpi_evaluations", "kpi_evaluation_rows", "kpi_evaluation_members")  # data versions
        if not con.sql(
            "select 1 from kpi_methodologies where version = $v", params={"v": version}
        ).fetchall():
            raise ValueError(f"Методики версии {version} нет.")
        rows = con.sql(
            "select count(*) from director_kpi_all where year = $y and methodology_version = $v",
            params={"y": year, "v": version},
        ).fetchall()[0][0]
        if not rows:
            raise ValueError(f"За {year} год нет данных для расчёта KPI.")
        evaluation_id = con.sql("select coalesce(max(evaluation_id), 0) + 1 from kpi_evaluations").fetchall()[
            0
        ][0]
        con.sql(
            "insert into kpi_evaluations (evaluation_id, year, methodology_version, title, created_by,"
            " created_at, batch_ids, is_partial, partial_note) select $e, $y, $v, $t, $who, $at,"
            " coalesce(list(batch_id order by batch_id), [])::bigint[], $partial, $note from upload_batches"
            " where status = 'accepted' and list_contains($datasets, dataset)",
            params={
                "e": evaluation_id,
                "y": year,
                "v": version,
                "t": title,
                "who": ctx.who,
                "at": config.now(),
                "partial": partial_note is not None,
                "note": partial_note,
                "datasets": list(SOURCE_DATASETS),
            },
        )
        con.sql(
            "insert into kpi_evaluation_rows select $e, * exclude (year, methodology_version)"
            " from kpi_evaluation_source where year = $y and methodology_version = $v",
            params={"e": evaluation_id, "y": year, "v": version},
        )
        if members:
            con.executemany(
                "insert into kpi_evaluation_members (evaluation_id, member_no, full_name, position) "
                "values (?, ?, ?, ?)",
                [(evaluation_id, n, name, position) for n, (name, position) in enumerate(members, start=1)],
            )
    return evaluation_id


@queries.cached
def evaluation_members(ctx: Access, evaluation_id: int) -> pl.DataFrame:
    """The commission of a saved evaluation in the order entered (the first chairs)."""
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_evaluation_members",
        "evaluation_id = $e",
        {"e": evaluation_id},
        columns="member_no, full_name, position",
        order="member_no",
    )


@queries.cached
def evaluations(ctx: Access) -> pl.DataFrame:
    """Saved evaluations, the latest first."""
    require(ctx, "institution_aggregates")
    return _read("kpi_evaluation_list", order="evaluation_id desc")


@queries.cached
def evaluation_rows(ctx: Access, evaluation_id: int) -> pl.DataFrame:
    """The frozen rows of one saved evaluation: one per college and indicator, best score first."""
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_evaluation_figures",
        "evaluation_id = $e",
        {"e": evaluation_id},
        order="rank, inst_code, indicator_code",
    )


@queries.cached
def evaluation_ranking(ctx: Access, evaluation_id: int) -> pl.DataFrame:
    """The frozen ranking of one saved evaluation, best first: rank, inst_code, short_name,
    municipality, score, ``k1_value`` … ``k6_value`` (empty without data), ``k1_has_data`` …,
    ``no_data`` (the indicators without data, «K2, K5»)."""
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_evaluation_ranking",
        "evaluation_id = $e",
        {"e": evaluation_id},
        columns=[*EVALUATION_RANKING],
        order="rank, inst_code",
    )


# --- the «KPI руководителей ПОО» page: ranking, dynamics, drill-down, protocol -------------------

AUTHOR_RU = {V1_AUTHOR: "справочник показателей"}

# How the figures behind an indicator read on screen: the numerator and denominator in words
# ({n}, {d}; {year} is the reporting year) and what the denominator is.
FIGURES_RU = {
    "K1": (
        "{n} трудоустроены (включая ИП и самозанятых) из {d}",
        "выпускники за вычетом призыва, контракта, продолжающих обучение и отпуска по уходу",
    ),
    "K2": (
        "{n} трудоустроены по полученной специальности из {d}",
        "трудоустроенные со статусом «Трудоустроен»",
    ),
    "K3": (
        "{n} сдали демонстрационный экзамен на «4» и «5» из {d}",
        "все сдававшие демонстрационный экзамен",
    ),
    "K4": (
        "баллы медалей на региональных и национальных чемпионатах (национальные ×2): {n} из {d}",
        "наибольший такой балл среди колледжей за год",
    ),
    "K5": ("{n} зачислены на бюджетные места из {d}", "контрольные цифры приёма, КЦП"),
    "K6": (
        "эксперты с сертификатом, действующим на 31.12.{year}: {n} из {d}",
        "наибольшее такое число среди колледжей за год",
    ),
}


def _number_ru(x: float | None) -> str:
    return ru.number(x) if x is None or float(x).is_integer() else ru.number(x, 2)


def _pct_ru(x: float) -> str:
    return ru.percent(x)


def explain(code: str, year: int, numerator: float, denominator: float, value: float, has_data: bool) -> str:
    """One indicator's figures in words, e.g. «K1: 143 трудоустроены … из 190 (выпускники за вычетом …)»."""
    template, of_what = FIGURES_RU[code]
    if not has_data:
        return (
            f"{code}: нет данных — знаменатель равен 0 ({of_what}); "
            "показатель не рассчитан и входит в балл с нулём."
        )
    what = template.format(n=_number_ru(numerator), d=_number_ru(denominator), year=year)
    text = f"{code}: {what} ({of_what}) — {_pct_ru(value)}"
    if code == "K5" and numerator > denominator:
        text += " (выше 100\u00a0% не засчитывается)"
    return text + "."


def methodology_caption(row: Mapping) -> str:
    """«Методика vN «title», автор, дата» for a row of ``methodologies``."""
    author = AUTHOR_RU.get(row["author"], row["author"])
    return f"Методика v{row['version']} «{row['title']}», {author}, {row['created_at']:%d.%m.%Y}"


@queries.cached
def years(ctx: Access) -> pl.DataFrame:
    """The years that have KPI figures, the latest first."""
    require(ctx, "institution_aggregates")
    return _read("kpi_years", columns="year", order="year desc")


@queries.cached
def colleges(ctx: Access, municipality: str | None = None) -> pl.DataFrame:
    """The colleges (ПОО) the KPI is computed for: inst_code, short_name, municipality, is_demo."""
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_colleges",
        "$muni is null or municipality = $muni",
        {"muni": municipality},
        columns="inst_code, short_name, municipality, is_demo",
        order="inst_code",
    )


@queries.cached
def municipalities(ctx: Access) -> pl.DataFrame:
    """The municipalities that have colleges."""
    require(ctx, "institution_aggregates")
    return _read("kpi_municipalities", columns="municipality", order="municipality")


@queries.cached
def indicators(ctx: Access) -> pl.DataFrame:
    """The indicators K1..K6 with their Russian names and formulas (seed.kpi_indicators)."""
    require(ctx, "institution_aggregates")
    return _read(
        "seed.kpi_indicators", columns="indicator_code, name_ru, formula_ru, sort_order", order="sort_order"
    )


@queries.cached
def indicator_rows(
    ctx: Access,
    year: int,
    version: int,
    municipality: str | None = None,
    inst_code: str | None = None,
) -> pl.DataFrame:
    """One row per college and indicator in a year under a methodology version, with the figures behind it.

    ``numerator``/``denominator`` come from kpi_values; ``value_prev`` and ``delta_pp`` (the change in
    percentage points) compare with the previous year under the same version, and are empty when either
    year has no data for the indicator. Full precision: screens round.
    """
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_indicator_rows",
        "year = $year and methodology_version = $version"
        " and ($muni is null or municipality = $muni) and ($inst is null or inst_code = $inst)",
        {"year": year, "version": version, "muni": municipality, "inst": inst_code},
        columns=[*INDICATOR_ROWS],
        order="inst_code, sort_order",
    )


@queries.cached
def ranking(ctx: Access, year: int, version: int, municipality: str | None = None) -> pl.DataFrame:
    """Colleges' KPI in a year under a methodology version, best first, with the change from the year before.

    Ranks are the region's (a municipality filter narrows the rows, not the competition).
    ``rank_change`` = last year's place − this year's (positive: moved up); per indicator
    ``k1_value``, ``k1_has_data``, ``k1_points``, ``k1_delta_pp`` … ``k6_*``.
    """
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_ranking",
        "year = $year and methodology_version = $version and ($muni is null or municipality = $muni)",
        {"year": year, "version": version, "muni": municipality},
        columns=[*RANKING],
        order="rank, inst_code",
    )


@queries.cached
def score_trend(ctx: Access, inst_code: str, version: int) -> pl.DataFrame:
    """A college's score and place by year under a methodology version, beside the region's mean and median."""
    require(ctx, "institution_aggregates")
    return _read(
        "kpi_score_trend",
        "methodology_version = $version and inst_code = $inst",
        {"version": version, "inst": inst_code},
        columns="year, score, rank, colleges, region_mean, region_median",
        order="year",
    )


def drilldown(ctx: Access, year: int, inst_code: str, version: int) -> pl.DataFrame:
    """A college's indicators down to the figures behind them, with the sentence that reads them out.

    The columns of ``indicator_rows`` plus ``figures_ru``: «K1: 143 трудоустроены … из 190 (…) — 75,3 %».
    """
    require_drilldown(ctx, inst_code)
    rows = indicator_rows(ctx, year, version, None, inst_code)
    texts = [
        explain(r["indicator_code"], year, r["numerator"], r["denominator"], r["value"], r["has_data"])
        for r in rows.iter_rows(named=True)
    ]
    return rows.with_columns(pl.Series("figures_ru", texts, dtype=pl.String))


def trial_ranking(
    ctx: Access, year: int, version: int, weights: Mapping[str, float], municipality: str | None = None
) -> pl.DataFrame:
    """Scores and ranks under weights not saved, beside those of a saved version; nothing is written.

    Columns: inst_code, short_name, municipality, is_demo, score, rank, base_score, base_rank,
    score_change (trial − saved), rank_change (saved place − trial place; positive: moves up).
    """
    require(ctx, "institution_aggregates")
    clean = validate_weights(weights)
    return _trial_ranking(ctx, int(year), int(version), tuple(clean.items()), municipality)


@queries.cached
def _trial_ranking(
    ctx: Access, year: int, version: int, items: tuple[tuple[str, float], ...], municipality: str | None
) -> pl.DataFrame:
    return _read(
        "kpi_trial_ranking",
        {"year": year, "municipality": municipality},
        at={**_trial_weights(items), "base_version": version},
        columns="inst_code, short_name, municipality, is_demo, score, rank, base_score, base_rank,"
        " score_change, rank_change",
        order="rank, inst_code",
    )


@queries.cached
def _evaluation_sources(ctx: Access, evaluation_id: int) -> pl.DataFrame:
    return _read(
        "kpi_evaluation_sources",
        "evaluation_id = $e",
        {"e": evaluation_id},
        columns="dataset, batches, last_batch_id, last_upload_at",
        order="dataset",
    )


PROTOCOL_LABELS = {
    "rank": "Место",
    "inst_code": "Код",
    "short_name": "Колледж",
    "municipality": "Муниципалитет",
    "score": "Балл (из 100)",
    "no_data": "Показатели без данных",
    **{f"{k}_pct": f"{k}, %" for k in INDICATORS},
    "indicator_code": "Показатель",
    "name_ru": "Название показателя",
    "formula_ru": "Формула",
    "numerator": "Числитель",
    "denominator": "Знаменатель",
    "value_pct": "Значение, %",
    "has_data": "Есть данные",
    "weight": "Вес",
    "points": "Баллы",
    "version": "Версия методики",
    "title": "Методика",
    "author": "Автор",
    "created_at": "Дата",
    "note": "Примечание",
}
SOURCE_LABELS = {
    "dataset": "Набор (код)",
    "dataset_title": "Набор данных",
    "batches": "Пакетов",
    "last_batch_id": "Последний пакет",
    "last_upload_at": "Последняя загрузка",
}


def evaluation_protocol_xlsx(ctx: Access, evaluation_id: int) -> bytes:
    """The protocol of a saved evaluation as an Excel book: «Рейтинг», «Показатели», «Методика», «О выгрузке».

    Everything comes from the frozen rows and the methodology version they were computed under; the
    freshness named is that of the batches the evaluation was computed from, not of today's data.
    """
    from mart.intake import datasets
    from mart.papers import export

    require(ctx, "institution_aggregates")
    listed = evaluations(ctx).filter(pl.col("evaluation_id") == evaluation_id)
    if listed.is_empty():
        raise ValueError(f"Оценки № {evaluation_id} нет.")
    ev = listed.row(0, named=True)
    rows = evaluation_rows(ctx, evaluation_id)
    meth = methodologies(ctx).filter(pl.col("version") == ev["methodology_version"]).row(0, named=True)
    names = indicators(ctx)

    # the sheet shows percentages with two decimals and the score with two: rounding for the page only
    rating = evaluation_ranking(ctx, evaluation_id).select(
        "rank",
        "inst_code",
        "short_name",
        "municipality",
        pl.col("score").round(2),
        *[pl.col(f"{k.lower()}_value").mul(100).round(2).alias(f"{k}_pct") for k in INDICATORS],
        "no_data",
    )
    figures = (
        rows.join(names.select("indicator_code", "name_ru"), on="indicator_code", how="left")
        .with_columns(
            pl.when(pl.col("has_data")).then((pl.col("value") * 100).round(2)).alias("value_pct"),
            pl.col("weight").cast(pl.Float64),
            pl.col("points").round(4),
        )
        .sort("rank", "inst_code", "indicator_code")
        .select(
            "rank",
            "inst_code",
            "short_name",
            "indicator_code",
            "name_ru",
            "numerator",
            "denominator",
            "value_pct",
            "has_data",
            "weight",
            "points",
        )
    )
    method = names.select(
        pl.lit(meth["version"]).alias("version"),
        pl.lit(meth["title"]).alias("title"),
        pl.lit(AUTHOR_RU.get(meth["author"], meth["author"])).alias("author"),
        pl.lit(meth["created_at"]).alias("created_at"),
        "indicator_code",
        "name_ru",
        "formula_ru",
        pl.col("indicator_code")
        .replace_strict({k: float(meth[k]) for k in INDICATORS}, default=None, return_dtype=pl.Float64)
        .alias("weight"),
    )
    sources = (
        _evaluation_sources(ctx, evaluation_id)
        .with_columns(
            pl.col("dataset")
            .replace_strict(
                {name: ds.title_ru for name, ds in datasets.DATASETS.items()},
                default=pl.col("dataset"),
                return_dtype=pl.String,
            )
            .alias("dataset_title")
        )
        .select("dataset", "dataset_title", "batches", "last_batch_id", "last_upload_at")
    )
    batch_ids = ev["batch_ids"] or []
    filters = {
        "Оценка": f"№ {ev['evaluation_id']} «{ev['title']}»",
        "Год": str(ev["year"]),
        "Методика": methodology_caption(meth),
        "Веса": "; ".join(f"{k} {_fmt(float(meth[k]))}" for k in INDICATORS),
        "Сохранена": f"{ev['created_at']:%d.%m.%Y %H:%M}, {ev['created_by']}",
        "Пакеты загрузок": ", ".join(map(str, batch_ids)) or "нет",
    }
    if ev["is_partial"]:
        filters["Полнота данных"] = f"оценка за неполный год: {ev['partial_note']}"
    if not rating.filter(pl.col("no_data").is_not_null()).is_empty():
        filters["Нет данных"] = (
            "показатель с нулевым знаменателем не рассчитан и входит в балл с нулём "
            "(см. «Показатели без данных»)"
        )
    return export.to_xlsx(
        {"Рейтинг": rating, "Показатели": figures, "Методика": method},
        title=f"Протокол оценки KPI руководителей ПОО № {ev['evaluation_id']} «{ev['title']}» за {ev['year']} год"
        + (" (неполный год)" if ev["is_partial"] else ""),
        filters=filters,
        freshness=sources,
        column_labels=PROTOCOL_LABELS,
        freshness_labels=SOURCE_LABELS,
        is_demo=queries.has_demo_data(),
    )
