"""The council's meeting pack: one PDF with the roadmap, employment, championships, the KPI ranking,
the staffing balance and the open collections, as the views hold them on the meeting's date.

``meeting_pack(ctx, as_of)`` gathers the figures through the same ``mart`` functions the screens
use and lays them out with ``mart.papers.paper``; ``keep`` stores every paper made (file, sha256, who,
when, data version) in ``papers`` and ``papers/<sha256>.pdf`` next to the mart, so the council can
later see exactly what it was given. ``python -m mart brief --date D --out FILE.pdf`` does both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import polars as pl

from mart.access.rules import Access, require
from mart.intake import uploads_log
from mart.papers import charts
from mart.papers.paper import Paper
from mart.platform import config, db, ru
from mart.read import championships, kpi, overview, periods, queries, roadmap

PACK_TITLE = "Материалы к заседанию координационного совета"
SUBTITLE = "Региональный стандарт кадрового обеспечения промышленного роста Амурской области"
DECREE = "постановление Правительства Амурской области от 09.08.2019 № 448"
KIND_RU = {"meeting_pack": "Материалы к заседанию", "kpi_protocol": "Протокол оценки KPI"}
TOP_SHORTAGES = 10


@dataclass(frozen=True)
class Made:
    """A paper made and kept: its bytes and its record in ``papers``."""

    pdf: bytes
    paper_id: int | None
    file_name: str
    sha256: str
    pages: int


# --- what the pack reads besides the screens' functions ---------------------------------------------


def data_version(ctx: Access) -> pl.DataFrame:
    """One row: the newest upload batch (any outcome), accepted batches, revoked ones, the last acceptance."""
    require(ctx, "regional_totals")
    return queries.read("paper_data_version")


def data_version_text(ctx: Access, methodology: int | None) -> tuple[int | None, str]:
    v = data_version(ctx).row(0, named=True)
    text = (
        f"загрузки по пакет № {v['last_batch_id'] or 0} включительно "
        f"(принято {ru.count(v['accepted'] or 0, 'пакет', 'пакета', 'пакетов')}"
        + (f", отозвано {v['revoked']}" if v["revoked"] else "")
        + (f"; последняя принята {ru.datetime(v['last_accepted_at'])}" if v["last_accepted_at"] else "")
        + ")"
        + (f"; методика KPI v{methodology}" if methodology else "")
    )
    return v["last_batch_id"], text


def top_shortages(ctx: Access, year: int | None = None, limit: int = TOP_SHORTAGES) -> pl.DataFrame:
    """The staffing balance's largest shortages (need − supply > 0), as on «Кадровый баланс».

    In ``year`` when the balance has it, else in its latest year that is not a projection (else its
    first year). The balance is the page's model (``staffing_balance_named`` at the default rate).
    """
    require(ctx, "institution_aggregates")
    years = queries.read("staffing_balance_named", columns=["year", "is_projected"]).unique()
    actual = years.filter(~pl.col("is_projected")).get_column("year")
    if year in years.get_column("year").to_list():
        picked = year
    elif actual.len():
        picked = actual.max()
    elif years.height:
        picked = years.get_column("year").min()
    else:
        return pl.DataFrame()
    return queries.read(
        "staffing_balance_named",
        where="year = $year and gap > 0",
        params={"year": picked},
        columns=["year", "ugs_code", "ugs_name", "need", "supply", "gap", "coverage", "is_projected"],
        order="gap desc, ugs_code",
        limit=int(limit),
    )


def open_collections(ctx: Access) -> pl.DataFrame:
    """Data collections not yet complete or closed (``collection_status``), the earliest deadline first."""
    require(ctx, "institution_aggregates")
    return queries.read(
        "collection_status",
        where={"is_closed": False, "is_complete": False},
        order="deadline nulls last, dataset, year",
    )


# --- the pack ------------------------------------------------------------------------------------


def _latest(years: list[int], wanted: int | None) -> int | None:
    if wanted in years:
        return wanted
    return max(years) if years else None


def meeting_pack(ctx: Access, as_of: dt.date | None = None, year: int | None = None) -> bytes:
    """The meeting pack as PDF bytes, figures as the views hold them today (``MART_TODAY``)."""
    require(ctx, "meeting_pack")
    as_of = as_of or config.today()
    years = overview.years(ctx)["year"].to_list()
    if year not in years:  # the last year every college has reported, as on «Обзор»
        year = periods.default_year(ctx, ("graduates", "championship_results", *periods.KPI_DATASETS), years)
    is_demo = queries.has_demo_data()
    kpi_years = kpi.years(ctx)["year"].to_list()
    kpi_year = _latest(kpi_years, year)
    version = kpi.current_version()
    filters = f"Год: {year}" if year else "Год: нет данных"
    if kpi_year and kpi_year != year:
        filters += f"; KPI за {kpi_year} год"
    pdf = Paper(PACK_TITLE, as_of, filters=filters, is_demo=is_demo)
    _cover(pdf, ctx, as_of, year, filters, version, is_demo)
    _roadmap(pdf, ctx)
    _employment(pdf, ctx, year)
    _championships(pdf, ctx, year)
    _kpi(pdf, ctx, kpi_year, version)
    _balance(pdf, ctx, year)
    _collections(pdf, ctx)
    return pdf.render()


def _cover(pdf: Paper, ctx: Access, as_of, year, filters: str, version, is_demo: bool) -> None:
    pdf.add_page()
    pdf.set_y(30)
    pdf.para(SUBTITLE, 11, color=(60, 60, 60))
    pdf.ln(4)
    pdf.para(PACK_TITLE, 22, bold=True)
    pdf.para(f"на {ru.long_date(as_of)}", 14)
    pdf.ln(2)
    pdf.para(f"Дорожная карта утверждена: {DECREE}.", 9.5)
    pdf.para(f"Отбор: {filters}. Данные — по состоянию на {ru.date(as_of)}.", 9.5)
    _, version_text = data_version_text(ctx, version)
    pdf.para(f"Версия данных: {version_text}.", 9.5)
    pdf.para(f"Подготовлено: {ru.datetime(config.now())}, {ctx.who} ({ctx.audience}).", 9.5)
    if is_demo:
        pdf.ln(1)
        pdf.para(
            "ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ: организации, люди и показатели вымышлены. Дорожная карта, коды "
            "специальностей, компетенции и категории мониторинга — настоящие.",
            10,
            bold=True,
            color=(183, 28, 28),
        )
    pdf.subheading("Содержание")
    for line in (
        "1. Дорожная карта и просроченные мероприятия",
        "2. Трудоустройство выпускников колледжей",
        "3. Региональный чемпионат",
        "4. KPI руководителей колледжей (п. 8.3): рейтинг",
        "5. Кадровый баланс: наибольшие дефициты",
        "6. Сбор данных: незавершённые сборы",
    ):
        pdf.para(line, 10)
    pdf.subheading("Актуальность данных")
    fresh = uploads_log.last_uploads(ctx)
    if fresh.is_empty():
        pdf.para("Данные ещё не загружались.")
        return
    if "last_upload_at" in fresh.columns:
        summary = (
            fresh.group_by("dataset_title")
            .agg(
                pl.col("inst_code").drop_nulls().n_unique().alias("insts"),
                pl.col("last_upload_at").max().alias("last"),
            )
            .sort("dataset_title")
        )
        rows = [
            (r["dataset_title"], ru.number(r["insts"]) if r["insts"] else "—", ru.datetime(r["last"]))
            for r in summary.iter_rows(named=True)
        ]
        pdf.grid(
            ["Набор данных", "Организаций с загрузками", "Последняя принятая загрузка"],
            rows,
            [90, 40, 50],
            align=["LEFT", "RIGHT", "LEFT"],
        )
    else:
        rows = [(r["dataset_title"], ru.date(r["last_upload_date"])) for r in fresh.iter_rows(named=True)]
        pdf.grid(["Набор данных", "Последняя загрузка"], rows, [120, 60])


def _roadmap(pdf: Paper, ctx: Access) -> None:
    pdf.section("1. Дорожная карта")
    s = roadmap.roadmap_summary(ctx).row(0, named=True)
    overdue = roadmap.overdue_measures(ctx)
    pdf.para(
        f"Исполнение мероприятий на {ru.date(s['as_of'])}; для сравнения — на {ru.date(s['year_ago'])}.", 9.5
    )
    pdf.figures(
        [
            ("Мероприятий", ru.number(s["measures"])),
            (f"Выполнено (год назад {s['done_year_ago']})", ru.number(s["done"])),
            ("Выполняется", ru.number(s["in_progress"])),
            (f"Просрочено (год назад {s['overdue_year_ago']})", ru.number(s["overdue"])),
            ("Не начато", ru.number(s["not_started"])),
            ("Отменено", ru.number(s["cancelled"])),
            ("Постоянные («Постоянно»)", ru.number(s["ongoing"])),
            ("Средний прогресс", ru.number(s["avg_progress_pct"] or 0, 0, f"{ru.NBSP}%")),
        ]
    )
    pdf.chart(charts.roadmap_sections(roadmap.section_status_counts(ctx), height=200), 170, px_width=560)
    pdf.para(roadmap.SECTION_1_NOTE, 8, color=(90, 90, 90))
    pdf.subheading(f"Просроченные мероприятия: {overdue.height}")
    if overdue.is_empty():
        pdf.para("Просроченных мероприятий нет.")
        return
    pdf.para(
        "Срок прошёл, а мероприятие не выполнено и не отменено. Мероприятия «Постоянно» просроченными "
        "не считаются.",
        8.5,
        color=(90, 90, 90),
    )
    pdf.grid(
        ["Пункт", "Наименование", "Срок", "Дней просрочки", "Прогресс", "Ответственный исполнитель"],
        [
            (
                r["item_label"],
                r["title"],
                r["deadline_text"],
                ru.number(r["days_overdue"]),
                ru.number(r["progress_pct"], 0, f"{ru.NBSP}%"),
                r["responsible"],
            )
            for r in overdue.iter_rows(named=True)
        ],
        [14, 60, 29, 19, 18, 40],
        align=["LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"],
        size=8,
    )


def _employment(pdf: Paper, ctx: Access, year: int | None) -> None:
    pdf.section("2. Трудоустройство выпускников колледжей")
    employment = periods.mark(ctx, overview.employment_by_year(ctx), ("graduates",))
    by_year = {r["year"]: r for r in employment.iter_rows(named=True)}
    cur = by_year.get(year)
    if cur is None:
        pdf.para(f"Нет данных мониторинга трудоустройства за {year} год.")
        return
    picked = periods.choice(ctx, ("graduates",), year)
    if picked.partial:
        pdf.para(f"Неполный год: {picked.detail}. Цифры — не итог по региону.", 9.5, bold=True)
    prev = by_year.get(year - 1)
    change = ""
    if picked.comparable and prev and prev["k1"] is not None and cur["k1"] is not None:
        change = f" ({ru.signed((cur['k1'] - prev['k1']) * 100, 1)} п.п. к {year - 1} году)"
    pdf.para(
        f"Выпуск {year} года, все колледжи вместе "
        f"({ru.count(cur['institutions'], 'организация', 'организации', 'организаций')}).",
        9.5,
    )
    pdf.figures(
        [
            ("Доля трудоустроенных (K1)" + change, ru.percent(cur["k1"])),
            ("Выпускников", ru.number(cur["graduates"])),
            ("Трудоустроено (с ИП и самозанятыми)", ru.number(cur["employed"])),
            ("Армия, учёба, отпуск по уходу (не в знаменателе K1)", ru.number(cur["excused"])),
        ]
    )
    pdf.para(
        "K1 = трудоустроенные, ИП и самозанятые ÷ (выпускники − призванные в армию и служащие по контракту − "
        "продолжающие обучение − в отпуске по уходу за ребёнком).",
        8.5,
        color=(90, 90, 90),
    )
    pdf.subheading("Динамика K1 по годам выпуска")
    pdf.chart(charts.employment_trend(employment, height=200), 170, px_width=560)
    partial = employment.filter(pl.col("is_partial"))
    if partial.height:
        pdf.para(
            "Бледные ромбы — неполные годы (не итог по региону, линией не соединены): "
            + "; ".join(partial["period_note"].unique().sort().to_list())
            + ".",
            8,
            color=(90, 90, 90),
        )
    pdf.grid(
        [
            "Год выпуска",
            "Выпускников",
            "Трудоустроено",
            "Армия, учёба, отпуск",
            "Могли трудоустроиться",
            "K1",
        ],
        [
            (
                str(r["year"]),
                ru.number(r["graduates"]),
                ru.number(r["employed"]),
                ru.number(r["excused"]),
                ru.number(r["available"]),
                ru.percent(r["k1"]),
            )
            for r in employment.iter_rows(named=True)
        ],
        [25, 30, 30, 35, 35, 25],
        align=["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
    )


def _championships(pdf: Paper, ctx: Access, year: int | None) -> None:
    pdf.section("3. Региональный чемпионат")
    medals = overview.regional_medals_by_year(ctx)
    by_year = {r["year"]: r for r in medals.iter_rows(named=True)}
    cur = by_year.get(year)
    if cur is None:
        pdf.para(f"Нет результатов регионального чемпионата {year} года.")
        return
    pdf.para(
        f"{cur['event'] or 'Региональный чемпионат'} ({year}). Медали студентов колледжей и вузов региона во "
        "всех возрастных группах; участники без образовательной организации не учитываются.",
        9.5,
    )
    pdf.figures(
        [
            ("Золото", ru.number(cur["gold"])),
            ("Серебро", ru.number(cur["silver"])),
            ("Бронза", ru.number(cur["bronze"])),
            ("Медальоны за профессионализм", ru.number(cur["medallion"])),
        ]
    )
    pdf.chart(charts.medals_by_year(medals, height=170), 150, px_width=500)
    table = overview.medals_by_institution(ctx, year)
    pdf.subheading(f"Медальный зачёт по организациям, {year}")
    pdf.grid(
        ["Место", "Организация", "Золото", "Серебро", "Бронза", "Медальоны", "Очки"],
        [
            (
                str(r["place"]),
                r["short_name"],
                ru.number(r["gold"]),
                ru.number(r["silver"]),
                ru.number(r["bronze"]),
                ru.number(r["medallion"]),
                ru.number(r["medal_points"]),
            )
            for r in table.iter_rows(named=True)
        ],
        [14, 76, 16, 18, 16, 22, 18],
        align=["RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
    )
    pdf.para(
        "Место — медальный зачёт: по числу золотых медалей, при равенстве — серебряных, бронзовых, "
        "затем медальонов. "
        f"Очки: {championships.points_note(ctx)}.",
        8,
        color=(90, 90, 90),
    )


def _kpi(pdf: Paper, ctx: Access, year: int | None, version: int | None) -> None:
    pdf.section("4. KPI руководителей колледжей (п. 8.3 дорожной карты)", landscape=True)
    if year is None or version is None:
        pdf.para("Нет показателей KPI колледжей.")
        return
    meth = kpi.methodologies(ctx).filter(pl.col("version") == version).row(0, named=True)
    names = kpi.indicators(ctx)
    board = kpi.ranking(ctx, year, version)
    pdf.para(
        f"Рейтинг за {year} год, {ru.count(board.height, 'колледж', 'колледжа', 'колледжей')}. "
        f"{kpi.methodology_caption(meth)}. Балл = 100 × Σ (вес × значение показателя), из 100; равные баллы "
        "делят место. «нет данных» — знаменатель показателя равен 0: показатель входит в балл с нулём.",
        9,
    )
    pdf.para(
        "Показатели и веса: "
        + "; ".join(
            f"{r['indicator_code']} — {r['name_ru']} ({ru.number(float(meth[r['indicator_code']]), 2)})"
            for r in names.iter_rows(named=True)
        )
        + ".",
        8.5,
        color=(60, 60, 60),
    )

    def pct(r, k):
        code = k.lower()
        return ru.percent(r[f"{code}_value"]) if r[f"{code}_has_data"] else "нет данных"

    has_prev = board["score_prev"].is_not_null().any()
    headers = ["Место", "Колледж", "Муниципалитет", "Балл", *(f"{k}, %" for k in kpi.INDICATORS)]
    widths = [12, 62, 34, 15, *([17] * 6)]
    if has_prev:
        headers += [f"Балл {year - 1}", "Δ места"]
        widths += [16, 14]
    rows = []
    for r in board.iter_rows(named=True):
        row = [str(r["rank"]), r["short_name"], r["municipality"], ru.number(r["score"], 1)]
        row += [pct(r, k) for k in kpi.INDICATORS]
        if has_prev:
            row += [
                ru.number(r["score_prev"], 1),
                ru.signed(r["rank_change"]) if r["rank_change"] is not None else "—",
            ]
        rows.append(row)
    pdf.grid(
        headers,
        rows,
        widths,
        align=["RIGHT", "LEFT", "LEFT", *(["RIGHT"] * (len(headers) - 3))],
        size=8,
    )
    order = [f"{k} — {n}" for k, n in zip(names["indicator_code"], names["name_ru"], strict=True)]
    rows_k = kpi.indicator_rows(ctx, year, version)
    bars = rows_k.with_columns(
        (pl.col("indicator_code") + " — " + pl.col("name_ru")).alias("indicator"),
        pl.struct("value", "has_data")
        .map_elements(
            lambda r: ru.percent(r["value"]) if r["has_data"] else "нет данных", return_dtype=pl.String
        )
        .alias("value_text"),
        pl.col("points").round(2),
        pl.lit(True).alias("picked"),
    ).select(
        "inst_code", "short_name", "indicator", "indicator_code", "value_text", "weight", "points", "picked"
    )
    pdf.section(f"Баллы колледжей за {year} год по показателям", landscape=True)
    pdf.chart(charts.kpi_points(bars, order, bar_height=20), 250, px_width=900)


def _balance(pdf: Paper, ctx: Access, year: int | None) -> None:
    shortages = top_shortages(ctx, year)
    pdf.section("5. Кадровый баланс: наибольшие дефициты")
    if shortages.is_empty():
        pdf.para(
            "Данных кадрового баланса (потребность работодателей против выпуска колледжей) пока нет: "
            "раздел заполнится, когда будут загружены потребности работодателей."
        )
        return
    y = shortages["year"][0]
    projected = bool(shortages["is_projected"].any())
    pdf.para(
        f"{y} год{' (прогноз)' if projected else ''}: укрупнённые группы специальностей (УГС), где потребность "
        f"работодателей больше выпуска, — {min(TOP_SHORTAGES, shortages.height)} наибольших дефицитов.",
        9.5,
    )
    has_name = "ugs_name" in shortages.columns
    pdf.grid(
        ["УГС", *(["Наименование"] if has_name else []), "Потребность", "Выпуск", "Дефицит", "Покрытие"],
        [
            (
                r["ugs_code"],
                *([r["ugs_name"] or "—"] if has_name else []),
                ru.number(r["need"], 0),
                ru.number(r["supply"], 0),
                ru.number(r["gap"], 0),
                ru.percent(r["coverage"]),
            )
            for r in shortages.iter_rows(named=True)
        ],
        [20, *([64] if has_name else []), 28, 22, 24, 22],
        align=["LEFT", *(["LEFT"] if has_name else []), "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
    )


def _collections(pdf: Paper, ctx: Access) -> None:
    frame = open_collections(ctx)
    pdf.section("6. Сбор данных: незавершённые сборы", new_page=pdf.get_y() > 150)
    if frame.is_empty():
        pdf.para("Незавершённых сборов данных нет.")
        return
    pdf.grid(
        ["Набор данных", "Год", "Срок", "Ожидается", "Сдали", "Не сдали"],
        [
            (
                r.get("dataset_title") or ru.code_label("dataset", r["dataset"]),
                str(r["year"]),
                ru.date(r["deadline"]),
                ru.number(r["expected"]),
                ru.number(r["submitted"]),
                ru.number(r["missing"]),
            )
            for r in frame.iter_rows(named=True)
        ],
        [70, 15, 25, 25, 20, 25],
        align=["LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"],
    )


# --- keeping what was given --------------------------------------------------------------------------


def _pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def keep(
    ctx: Access,
    pdf: bytes,
    *,
    kind: str,
    title: str,
    as_of: dt.date,
    file_name: str,
    filters: str | None = None,
    evaluation_id: int | None = None,
) -> Made:
    """Store a paper given to the council: the file under ``papers/<sha256>.pdf`` and its record."""
    require(ctx, "meeting_pack" if kind == "meeting_pack" else "institution_aggregates")
    digest = hashlib.sha256(pdf).hexdigest()
    folder = config.db_path().parent / "papers"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}.pdf"
    if not target.exists():
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(pdf)
        tmp.replace(target)
    version = kpi.current_version()
    last_batch, version_text = data_version_text(ctx, version)
    pages = _pages(pdf)
    with db.writer() as con:
        db.touch(con, "papers")  # its data version (mart.queries)
        paper_id = con.sql("select coalesce(max(paper_id), 0) + 1 from papers").fetchall()[0][0]
        con.sql(
            """
            insert into papers (paper_id, kind, title, as_of, file_name, sha256, bytes, pages, created_by,
                                created_at, last_batch_id, data_version, filters, evaluation_id)
            values ($id, $kind, $title, $as_of, $file, $sha, $bytes, $pages, $who, $at, $batch, $version,
                    $filters, $ev)
            """,
            params={
                "id": paper_id,
                "kind": kind,
                "title": title,
                "as_of": as_of,
                "file": file_name,
                "sha": digest,
                "bytes": len(pdf),
                "pages": pages,
                "who": ctx.who,
                "at": config.now(),
                "batch": last_batch,
                "version": version_text,
                "filters": filters,
                "ev": evaluation_id,
            },
        )
    return Made(pdf, paper_id, file_name, digest, pages)


def pack_file_name(as_of: dt.date) -> str:
    return ru.file_name("материалы-к-заседанию", as_of.isoformat(), ext="pdf")


def make_meeting_pack(ctx: Access, as_of: dt.date | None = None, year: int | None = None) -> Made:
    """Make the meeting pack and keep it (``papers``): what the button on «Обзор» and the CLI do."""
    as_of = as_of or config.today()
    pdf = meeting_pack(ctx, as_of, year)
    return keep(
        ctx,
        pdf,
        kind="meeting_pack",
        title=f"{PACK_TITLE} на {ru.date(as_of)}",
        as_of=as_of,
        file_name=pack_file_name(as_of),
        filters=f"Год: {year}" if year else None,
    )


def papers(ctx: Access) -> pl.DataFrame:
    """Every paper made, newest first (what the council was given, with its checksum)."""
    require(ctx, "meeting_pack")
    frame = queries.read(
        "papers",
        columns=[
            "paper_id",
            "kind",
            "title",
            "as_of",
            "file_name",
            "sha256",
            "bytes",
            "pages",
            "created_by",
            "created_at",
            "last_batch_id",
            "data_version",
            "filters",
            "evaluation_id",
        ],
        order="paper_id desc",
    )
    return frame.with_columns(
        pl.col("kind")
        .replace_strict(KIND_RU, default=pl.col("kind"), return_dtype=pl.String)
        .alias("kind_label")
    )


def paper_file(ctx: Access, paper_id: int) -> bytes:
    """The kept file of a paper, checked against its sha256."""
    require(ctx, "meeting_pack")
    found = papers(ctx).filter(pl.col("paper_id") == paper_id)
    if found.is_empty():
        raise LookupError(f"Документа № {paper_id} нет.")
    sha = found["sha256"][0]
    data = (config.db_path().parent / "papers" / f"{sha}.pdf").read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        raise ValueError(f"Файл документа № {paper_id} изменён: контрольная сумма не совпадает.")
    return data


__all__ = [
    "KIND_RU",
    "PACK_TITLE",
    "Made",
    "data_version",
    "keep",
    "make_meeting_pack",
    "meeting_pack",
    "open_collections",
    "pack_file_name",
    "paper_file",
    "papers",
    "top_shortages",
]
