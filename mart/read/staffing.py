"""Employers' demand for workers against the graduates the colleges will supply (measures 2.1–2.4).

The figures are the SQL models of ``sql/marts/staffing`` (need, supply, balance, mismatch index; the
rules are in their headers and in the README). The functions here only choose the model's
parameters (the completion rate of a what-if, the filters), apply access and small-cell
protection, and label. Every function takes the caller's ``Access`` first:

* signed-in roles (``staffing_balance``): the live balance, the mismatch index, the drill-down to
  specialties (graduate counts of reported years protected like every count of graduates);
* council, coordinator and the ministries (``employer_answers``): the employers' answers behind the need;
* the coordinator (``edit_forecast``): saves a forecast, records the council's corrections, publishes;
* everyone (``regional_totals``): the latest published forecast, as regional totals by УГС.
"""

from __future__ import annotations

import polars as pl

from mart.access import privacy
from mart.access.rules import Access, require, require_slice
from mart.papers import export
from mart.platform import config, db
from mart.read import queries

DEFAULT_COMPLETION_RATE = 0.8  # the default of the models' ``completion_rate`` parameter
LEVEL_LABELS = {"worker": "Рабочие, служащие (ППКРС)", "specialist": "Специалисты среднего звена (ППССЗ)"}
SOURCE_LABELS = {"survey": "Опрос работодателей", "investment_project": "Инвестиционные проекты"}
ANSWER_COLUMNS = [
    "employer_name",
    "employer_inn",
    "municipality",
    "okved",
    "is_investment_project",
    "project_name",
    "source",
    "survey_year",
    "profession_name",
    "okpdtr_code",
    "specialty_code",
    "level",
    "headcount",
    "target_contract",
    "salary_rub",
    "is_demo",
]

RULES_RU = [
    "**Потребность** года Y — сумма численности, заявленной работодателями на год Y. От каждого "
    "работодателя по каждому источнику (опрос, инвестиционный проект) берётся только его последний "
    "опрос: новый опрос заменяет прежние ответы целиком, поэтому потребность прошлых лет — это то, "
    "что заявили работодатели, которые с тех пор не отвечали.",
    "**Предложение** года Y по специальности — выпускники года Y, выходящие на рынок труда: все "
    "выпускники минус призванные в армию или ушедшие на контракт, продолжившие обучение и находящиеся "
    "в отпуске по уходу за ребёнком.",
    "**Прогноз предложения** на годы после последнего года выпуска: принятые в год A "
    "(зачисленные на бюджетные места) выпускаются в A + 4 по специальности (NN.02.NN) и в A + 3 по "
    "профессии (NN.01.NN); выпускники = зачисленные × доля завершающих обучение (по умолчанию 0,8); "
    "предложение = выпускники × (1 − доля армии, учёбы и отпуска по уходу среди выпускников "
    "региона последнего года выпуска). Прогнозные годы помечены везде.",
    "**Баланс** по УГС и году: дефицит = потребность − предложение; покрытие = предложение / "
    "потребность (пусто, если потребность 0). Потребность, указанная только по УГС, учитывается в "
    "своей УГС; указанная по специальности — в специальности и её УГС. Баланс строится на годы, для "
    "которых предложение известно: от первого года выпуска до последнего года приёма + 3.",
    "**Индекс несоответствия** года: I = √(Σ(a − b)² / Σ(a + b)²) по всем УГС с потребностью или "
    "предложением, a — доля УГС в предложении, b — доля в потребности; 0 — подготовка точно "
    "соответствует спросу, 1 — не совпадает совсем.",
]


def _filters(level: str | None, source: str | None, municipality: str | None) -> dict:
    if level is not None and level not in LEVEL_LABELS:
        raise ValueError(f"Неизвестный уровень «{level}».")
    if source is not None and source not in SOURCE_LABELS:
        raise ValueError(f"Неизвестный источник «{source}».")
    return {"lvl": level, "src": source, "muni": municipality}


def _rate(completion_rate: float) -> float:
    rate = float(completion_rate)
    if not 0 < rate <= 1:
        raise ValueError("Доля завершающих обучение — число больше 0 и не больше 1.")
    return rate


# --- what there is ---------------------------------------------------------------------------------


def _status() -> pl.DataFrame:
    return queries.read("staffing_status")


def status(ctx: Access) -> dict:
    """What the balance rests on: employers, answers, survey years, the graduation and admission years."""
    require(ctx, "regional_totals")
    return _status().row(0, named=True)


def _options() -> pl.DataFrame:
    return queries.read("staffing_options", order="kind, code")


def municipalities(ctx: Access) -> list[str]:
    require(ctx, "staffing_balance")
    return _options().filter(pl.col("kind") == "municipality").get_column("code").to_list()


def ugs_names(ctx: Access) -> dict[str, str]:
    require(ctx, "regional_totals")
    frame = _options().filter(pl.col("kind") == "ugs")
    return dict(zip(frame.get_column("code"), frame.get_column("label"), strict=True))


# --- the balance ---------------------------------------------------------------------------------


_NO_RATE = object()  # a model without the ``completion_rate`` parameter (``staffing_need_beyond``)


def _balance_params(
    ctx: Access,
    level: str | None,
    source: str | None,
    municipality: str | None,
    completion_rate: float | object = _NO_RATE,
) -> dict:
    """Check that the caller may see the balance (of this municipality) and return the ``at=``
    parameters of a balance model's macro: the completion rate (for a model that has one) and the
    filters. Access is checked first, then the filters, then the rate."""
    require(ctx, "staffing_balance")
    require_slice(ctx, municipality)
    f = _filters(level, source, municipality)
    at = {"p_level": f["lvl"], "p_source": f["src"], "p_municipality": f["muni"]}
    return at if completion_rate is _NO_RATE else {"completion_rate": _rate(completion_rate), **at}


def balance(
    ctx: Access,
    *,
    completion_rate: float = DEFAULT_COMPLETION_RATE,
    level: str | None = None,
    source: str | None = None,
    municipality: str | None = None,
) -> pl.DataFrame:
    """The balance by УГС and year (``staffing_balance`` at these parameters), with the УГС's name."""
    return queries.read(
        "staffing_balance_named",
        at=_balance_params(ctx, level, source, municipality, completion_rate),
        columns=["year", "ugs_code", "ugs_name", "need", "supply", "gap", "coverage", "is_projected"],
        order="year, ugs_code",
    )


def totals(
    ctx: Access,
    *,
    completion_rate: float = DEFAULT_COMPLETION_RATE,
    level: str | None = None,
    source: str | None = None,
    municipality: str | None = None,
) -> pl.DataFrame:
    """Per year: need, supply and gap over all УГС, the sum of shortages and of surpluses, the mismatch index."""
    return queries.read(
        "staffing_totals",
        at=_balance_params(ctx, level, source, municipality, completion_rate),
        columns=["year", "is_projected", "need", "supply", "gap", "shortage", "surplus", "mismatch_index"],
        order="year",
    )


def need_beyond_supply(
    ctx: Access, *, level: str | None = None, source: str | None = None, municipality: str | None = None
) -> pl.DataFrame:
    """The need stated for years whose graduates are not yet enrolled (no supply to set against it)."""
    return queries.read(
        "staffing_need_beyond", at=_balance_params(ctx, level, source, municipality), order="need_year"
    )


def specialties(
    ctx: Access,
    year: int,
    ugs_code: str,
    *,
    completion_rate: float = DEFAULT_COMPLETION_RATE,
    level: str | None = None,
    source: str | None = None,
    municipality: str | None = None,
) -> pl.DataFrame:
    """A УГС's specialties in a year; the need named by УГС only is the row without a specialty.

    Reported graduates are counts of people: for roles that may not see person-level rows, counts of
    1–4 (and one more where a single hidden count could be recomputed from the УГС's total) are
    hidden, with the supply computed from them (``graduates_hidden``). Projected years are not counts
    of people and are shown whole.
    """
    frame = queries.read(
        "staffing_balance_specialty_named",
        at=_balance_params(ctx, level, source, municipality, completion_rate),
        where={"year": int(year), "ugs_code": ugs_code},
        columns=[
            "specialty_code",
            "specialty_name",
            "need",
            "graduates",
            "supply",
            "gap",
            "coverage",
            "is_projected",
        ],
        order="specialty_code nulls last",
    )
    if frame.is_empty() or frame.item(0, "is_projected") or not privacy.protects(ctx):
        return frame.with_columns(pl.lit(False).alias("graduates_hidden"))
    protected = privacy.suppress(frame, "graduates", [])
    return protected.with_columns(
        pl.when(pl.col("graduates_hidden")).then(None).otherwise(pl.col("supply")).alias("supply"),
        pl.when(pl.col("graduates_hidden")).then(None).otherwise(pl.col("gap")).alias("gap"),
        pl.when(pl.col("graduates_hidden")).then(None).otherwise(pl.col("coverage")).alias("coverage"),
    )


def employer_answers(
    ctx: Access,
    year: int,
    ugs_code: str,
    *,
    specialty_code: str | None = None,
    level: str | None = None,
    source: str | None = None,
    municipality: str | None = None,
) -> pl.DataFrame:
    """The employers' answers that make up a УГС's (or a specialty's) need in a year."""
    require(ctx, "employer_answers")
    f = _filters(level, source, municipality)
    return queries.read(
        "staffing_answers",
        where={
            "need_year": int(year),
            "ugs_code": ugs_code,
            "specialty_code": specialty_code,
            "level": f["lvl"],
            "source": f["src"],
            "municipality": f["muni"],
        },
        columns=ANSWER_COLUMNS,
        order="headcount desc, employer_name, profession_name",
    )


# --- forecasts (2.3–2.4) ----------------------------------------------------------------------------


def save_forecast(
    ctx: Access, title: str, year_from: int, year_to: int, completion_rate: float = DEFAULT_COMPLETION_RATE
) -> int:
    """Freeze the regional balance of the years ``year_from``–``year_to``; returns the forecast's number."""
    require(ctx, "edit_forecast")
    title = (title or "").strip()
    if not title:
        raise ValueError("Укажите название прогноза (например, «Прогноз потребности 2026–2030»).")
    rate = _rate(completion_rate)
    year_from, year_to = int(year_from), int(year_to)
    if year_from > year_to:
        raise ValueError("Начальный год прогноза позже конечного.")
    with db.writer() as con:
        db.touch(con, "staffing_forecasts", "staffing_forecast_rows")  # their data versions (mart.queries)
        rows = con.sql(
            "select count(*) from staffing_balance_at(completion_rate := $r) where year between $a and $b",
            params={"r": rate, "a": year_from, "b": year_to},
        ).fetchall()[0][0]
        if not rows:
            raise ValueError(
                f"За {year_from}–{year_to} нет данных баланса: нет ни потребности, ни предложения."
            )
        forecast_id = con.sql("select coalesce(max(forecast_id), 0) + 1 from staffing_forecasts").fetchall()[
            0
        ][0]
        con.sql(
            """
            insert into staffing_forecasts (forecast_id, title, year_from, year_to, completion_rate,
                                            survey_years, batch_ids, created_by, created_at)
            select $id, $t, $a, $b, $r, survey_years, batch_ids, $who, $at from staffing_forecast_basis
            """,
            params={
                "id": forecast_id,
                "t": title,
                "a": year_from,
                "b": year_to,
                "r": rate,
                "who": ctx.who,
                "at": config.now(),
            },
        )
        con.sql(
            """
            insert into staffing_forecast_rows (forecast_id, year, ugs_code, need, supply, gap, coverage, is_projected)
            select $id, year, ugs_code, need, supply, gap, coverage, is_projected
            from staffing_balance_at(completion_rate := $r)
            where year between $a and $b
            """,
            params={"id": forecast_id, "r": rate, "a": year_from, "b": year_to},
        )
    return forecast_id


def add_correction(
    ctx: Access, forecast_id: int, year: int, ugs_code: str, corrected_need: float, reason: str
) -> int:
    """Record the council's corrected need of a УГС and year in a forecast; the computed figure stays."""
    require(ctx, "edit_forecast")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Укажите основание корректировки (например, «Протокол совета № 4 от 12.12.2026»).")
    if corrected_need is None or float(corrected_need) < 0:
        raise ValueError("Скорректированная потребность — число не меньше 0.")
    with db.writer() as con:
        db.touch(con, "staffing_forecast_corrections")  # their data versions (mart.queries)
        found = con.sql(
            "select 1 from staffing_forecast_rows where forecast_id = $f and year = $y and ugs_code = $u",
            params={"f": int(forecast_id), "y": int(year), "u": ugs_code},
        ).fetchall()
        if not found:
            raise ValueError(f"В прогнозе № {forecast_id} нет строки {ugs_code} за {year} год.")
        correction_id = con.sql(
            "select coalesce(max(correction_id), 0) + 1 from staffing_forecast_corrections"
        ).fetchall()[0][0]
        con.sql(
            "insert into staffing_forecast_corrections (correction_id, forecast_id, year, ugs_code, corrected_need,"
            " reason, created_by, created_at) values ($c, $f, $y, $u, $n, $r, $who, $at)",
            params={
                "c": correction_id,
                "f": int(forecast_id),
                "y": int(year),
                "u": ugs_code,
                "n": float(corrected_need),
                "r": reason,
                "who": ctx.who,
                "at": config.now(),
            },
        )
    return correction_id


def publish(ctx: Access, forecast_id: int) -> None:
    """Make a forecast (with its corrections) the one the public sees (measure 2.4, 3.1)."""
    require(ctx, "edit_forecast")
    with db.writer() as con:
        db.touch(con, "staffing_forecasts")  # their data versions (mart.queries)
        found = con.sql(
            "select published_at from staffing_forecasts where forecast_id = $f",
            params={"f": int(forecast_id)},
        ).fetchall()
        if not found:
            raise ValueError(f"Прогноза № {forecast_id} нет.")
        con.sql(
            "update staffing_forecasts set published_by = $who, published_at = $at where forecast_id = $f",
            params={"who": ctx.who, "at": config.now(), "f": int(forecast_id)},
        )


def _forecasts() -> pl.DataFrame:
    return queries.read("staffing_forecast_list", order="forecast_id desc")


def forecasts(ctx: Access) -> pl.DataFrame:
    """The saved forecasts, the latest first."""
    require(ctx, "staffing_balance")
    return _forecasts()


def _figures(forecast_id: int) -> pl.DataFrame:
    return queries.read(
        "staffing_forecast_figures",
        where={"forecast_id": forecast_id},
        columns=[
            "year",
            "ugs_code",
            "ugs_name",
            "need",
            "corrected_need",
            "final_need",
            "supply",
            "gap",
            "final_gap",
            "final_coverage",
            "is_projected",
            "correction_reason",
            "corrected_by",
            "corrected_at",
        ],
        order="year, ugs_code",
    )


def forecast_figures(ctx: Access, forecast_id: int) -> pl.DataFrame:
    require(ctx, "staffing_balance")
    return _figures(int(forecast_id))


def _corrections(forecast_id: int) -> pl.DataFrame:
    return queries.read(
        "staffing_forecast_correction_list",
        where={"forecast_id": forecast_id},
        columns=[
            "correction_id",
            "year",
            "ugs_code",
            "ugs_name",
            "computed_need",
            "corrected_need",
            "reason",
            "created_by",
            "created_at",
        ],
        order="correction_id",
    )


def corrections(ctx: Access, forecast_id: int) -> pl.DataFrame:
    """Every correction of a forecast (a later one of the same cell supersedes the earlier; both kept)."""
    require(ctx, "staffing_balance")
    return _corrections(int(forecast_id))


def _published() -> pl.DataFrame:
    return queries.read("staffing_forecast_public", order="year, ugs_code")


def published_forecast(ctx: Access) -> pl.DataFrame:
    """The latest published forecast: regional totals by УГС and year (for everyone, measure 3.1)."""
    require(ctx, "regional_totals")
    return _published()


FORECAST_LABELS = {
    "year": "Год",
    "ugs_code": "Код УГС",
    "ugs_name": "УГС",
    "need": "Потребность (расчёт)",
    "corrected_need": "Потребность (корректировка совета)",
    "final_need": "Потребность (итог)",
    "supply": "Предложение выпускников",
    "gap": "Дефицит (расчёт)",
    "final_gap": "Дефицит (итог)",
    "final_coverage": "Покрытие (итог)",
    "is_projected": "Прогнозный год",
    "correction_reason": "Основание корректировки",
    "corrected_by": "Кто внёс",
    "corrected_at": "Когда",
    "correction_id": "№",
    "computed_need": "Потребность (расчёт)",
    "reason": "Основание",
    "created_by": "Кто внёс",
    "created_at": "Когда",
    "parameter": "Параметр",
    "value": "Значение",
    "batch_id": "Пакет",
    "dataset": "Набор данных",
    "file_name": "Файл",
    "uploaded_by": "Загрузил",
    "uploaded_at": "Загружен",
}


def forecast_xlsx(ctx: Access, forecast_id: int) -> bytes:
    """The forecast as an Excel book: figures, parameters, corrections and the source batches."""
    require(ctx, "staffing_balance")
    head = _forecasts().filter(pl.col("forecast_id") == int(forecast_id))
    if head.is_empty():
        raise ValueError(f"Прогноза № {forecast_id} нет.")
    f = head.row(0, named=True)
    params = pl.DataFrame(
        {
            "parameter": [
                "Прогноз",
                "Годы",
                "Доля завершающих обучение",
                "Годы опросов работодателей",
                "Сохранил",
                "Сохранён",
                "Опубликован",
            ],
            "value": [
                f"№ {f['forecast_id']} «{f['title']}»",
                f"{f['year_from']}–{f['year_to']}",
                f"{f['completion_rate']:.2f}".replace(".", ","),
                f["survey_years"] or "—",
                f["created_by"],
                f"{f['created_at']:%d.%m.%Y %H:%M}",
                f"{f['published_at']:%d.%m.%Y %H:%M} ({f['published_by']})" if f["published_at"] else "нет",
            ],
        }
    )
    rules = pl.DataFrame(
        {
            "parameter": [f"Правило {i}" for i in range(1, len(RULES_RU) + 1)],
            "value": [r.replace("**", "") for r in RULES_RU],
        }
    )
    sources = queries.read(
        "staffing_forecast_sources",
        where={"forecast_id": int(forecast_id)},
        columns=["batch_id", "dataset", "file_name", "uploaded_by", "uploaded_at"],
        order="batch_id",
    )
    figures = _figures(int(forecast_id)).with_columns(
        pl.when(pl.col("is_projected"))
        .then(pl.lit("прогноз"))
        .otherwise(pl.lit("факт"))
        .alias("is_projected")
    )
    return export.to_xlsx(
        {
            "Прогноз": figures,
            "Параметры": pl.concat([params, rules]),
            "Корректировки": _corrections(int(forecast_id)),
            "Источники": sources,
        },
        title=f"Прогноз потребности в кадрах № {f['forecast_id']} «{f['title']}»",
        column_labels=FORECAST_LABELS,
        is_demo=bool(_status().item(0, "employers_demo")),
    )
