"""The protocol of a saved KPI evaluation (roadmap measure 8.3) as a PDF document for the commission.

Everything printed comes from the frozen evaluation: its rows (``kpi_evaluation_rows``), the
methodology version and weights it was computed under, the upload batches it was computed from,
and the commission entered when it was saved; later uploads change nothing in it. Laid out by
``mart.papers.paper`` (A4, the wide ranking on a landscape page) and kept like the meeting pack.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.papers import brief
from mart.papers.paper import Paper
from mart.platform import config, ru
from mart.read import kpi, queries

TITLE = (
    "Протокол оценки эффективности деятельности руководителей профессиональных образовательных организаций"
)


def _evaluation(ctx: Access, evaluation_id: int) -> dict:
    listed = kpi.evaluations(ctx).filter(pl.col("evaluation_id") == evaluation_id)
    if listed.is_empty():
        raise ValueError(f"Оценки № {evaluation_id} нет.")
    return listed.row(0, named=True)


def evaluation_protocol_pdf(ctx: Access, evaluation_id: int) -> bytes:
    """The protocol of evaluation ``evaluation_id`` as PDF bytes."""
    require(ctx, "institution_aggregates")
    ev = _evaluation(ctx, evaluation_id)
    meth = kpi.methodologies(ctx).filter(pl.col("version") == ev["methodology_version"]).row(0, named=True)
    names = kpi.indicators(ctx)
    rows = kpi.evaluation_rows(ctx, evaluation_id)
    members = kpi.evaluation_members(ctx, evaluation_id)
    sources = kpi._evaluation_sources(ctx, evaluation_id)
    as_of = config.today()
    pdf = Paper(
        f"Протокол оценки KPI № {evaluation_id}",
        as_of,
        filters=f"{ev['year']} год, методика v{ev['methodology_version']}",
        is_demo=queries.has_demo_data(),
    )

    # --- page 1: header, methodology, sources ------------------------------------------------------
    pdf.add_page()
    pdf.para("Министерство образования и науки Амурской области", 10, color=(60, 60, 60))
    pdf.para(brief.SUBTITLE, 9, color=(60, 60, 60))
    pdf.ln(3)
    pdf.para(f"{TITLE} № {evaluation_id}", 15, bold=True)
    pdf.para(f"«{ev['title']}»", 12)
    pdf.ln(1)
    pdf.para(
        f"Мероприятие п. 8.3 дорожной карты ({brief.DECREE}). Оценочный период: {ev['year']} год. "
        f"Оценка сохранена {ru.datetime(ev['created_at'])}, {ev['created_by']}; её показатели заморожены и "
        "последующими загрузками не меняются.",
        9.5,
    )
    if ev.get("is_partial"):
        pdf.para(
            f"Оценка за неполный год: {ev['partial_note']}. Баллы не итоговые.",
            10,
            bold=True,
            color=(183, 28, 28),
        )
    if pdf.is_demo:
        pdf.para(
            "ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ: организации и показатели вымышлены.", 10, bold=True, color=(183, 28, 28)
        )
    pdf.subheading("Методика")
    pdf.para(
        f"{kpi.methodology_caption(meth)}. Значение показателя = числитель / знаменатель; баллы показателя = "
        "100 × вес × значение; балл колледжа — сумма баллов показателей (из 100). Показатель с нулевым "
        "знаменателем не рассчитан («нет данных») и входит в балл с нулём. Равные баллы делят место.",
        9.5,
    )
    pdf.grid(
        ["Показатель", "Название", "Формула", "Вес"],
        [
            (
                r["indicator_code"],
                r["name_ru"],
                r["formula_ru"],
                ru.number(float(meth[r["indicator_code"]]), 2),
            )
            for r in names.iter_rows(named=True)
        ],
        [25, 52, 88, 15],
        align=["LEFT", "LEFT", "LEFT", "RIGHT"],
    )
    pdf.subheading("Исходные данные")
    batch_ids = ev["batch_ids"] or []
    pdf.para(
        f"Оценка рассчитана по {ru.count(len(batch_ids), 'пакету', 'пакетам', 'пакетам')} принятых загрузок"
        + (f" (№ {min(batch_ids)}–{max(batch_ids)})" if batch_ids else "")
        + ".",
        9.5,
    )
    titles = {name: ds.title_ru for name, ds in datasets.DATASETS.items()}
    pdf.grid(
        ["Набор данных", "Пакетов", "Последний пакет", "Последняя загрузка"],
        [
            (
                titles.get(r["dataset"], r["dataset"]),
                ru.number(r["batches"]),
                f"№ {r['last_batch_id']}",
                ru.datetime(r["last_upload_at"]),
            )
            for r in sources.iter_rows(named=True)
        ],
        [80, 25, 35, 40],
        align=["LEFT", "RIGHT", "RIGHT", "LEFT"],
    )

    # --- the frozen ranking (landscape) --------------------------------------------------------------
    pdf.section(f"Рейтинг руководителей колледжей за {ev['year']} год", landscape=True)
    board = kpi.evaluation_ranking(ctx, evaluation_id)

    def pct(value) -> str:
        return ru.percent(value) if value is not None else "нет данных"

    pdf.para(
        f"{ru.count(board.height, 'колледж', 'колледжа', 'колледжей')}; значения показателей в процентах, "
        "балл — из 100.",
        9,
    )
    pdf.grid(
        ["Место", "Колледж", "Муниципалитет", "Балл", *(f"{k}, %" for k in kpi.INDICATORS)],
        [
            [str(r["rank"]), r["short_name"], r["municipality"], ru.number(r["score"], 1)]
            + [pct(r[f"{k.lower()}_value"]) for k in kpi.INDICATORS]
            for r in board.iter_rows(named=True)
        ],
        [14, 70, 40, 17, *([19.5] * 6)],
        align=["RIGHT", "LEFT", "LEFT", *(["RIGHT"] * 7)],
        size=8,
    )

    # --- every indicator of every college: numerator, denominator, points -----------------------------
    pdf.section("Показатели колледжей: числители, знаменатели и баллы", landscape=True)
    detail = rows.sort("rank", "inst_code", "indicator_code")
    pdf.grid(
        ["Место", "Колледж", "Показатель", "Числитель", "Знаменатель", "Значение", "Вес", "Баллы"],
        [
            (
                str(r["rank"]),
                r["short_name"],
                r["indicator_code"],
                ru.number(r["numerator"], None),
                ru.number(r["denominator"], None),
                ru.percent(r["value"]) if r["has_data"] else "нет данных",
                ru.number(float(r["weight"]), 2),
                ru.number(r["points"], 2),
            )
            for r in detail.iter_rows(named=True)
        ],
        [14, 80, 22, 30, 30, 30, 20, 21],
        align=["RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
        size=7.5,
    )

    # --- the commission and its signatures ------------------------------------------------------------
    pdf.section("Комиссия")
    if members.is_empty():
        pdf.para("Состав комиссии при сохранении оценки не указан: впишите членов комиссии от руки.", 9.5)
        entries = [("Председатель комиссии", "", None)] + [("Член комиссии", "", None)] * 4
    else:
        entries = [
            (
                "Председатель комиссии" if r["member_no"] == 1 else "Член комиссии",
                r["full_name"],
                r["position"],
            )
            for r in members.iter_rows(named=True)
        ]
    pdf.para(f"Протокол составлен {ru.date(config.today())}. С результатами оценки ознакомлены:", 9.5)
    pdf.ln(2)
    for role, name, position in entries:
        pdf.signature_line(role, name or "____________________", position)
    return pdf.render()


def make_protocol(ctx: Access, evaluation_id: int) -> brief.Made:
    """The protocol PDF, kept in ``papers`` like the meeting pack (file, sha256, who, when, data version)."""
    ev = _evaluation(ctx, evaluation_id)
    pdf = evaluation_protocol_pdf(ctx, evaluation_id)
    return brief.keep(
        ctx,
        pdf,
        kind="kpi_protocol",
        title=f"Протокол оценки KPI № {evaluation_id} «{ev['title']}» за {ev['year']} год",
        as_of=config.today(),
        file_name=protocol_file_name(evaluation_id, ev["year"]),
        evaluation_id=evaluation_id,
    )


def protocol_file_name(evaluation_id: int, year: int) -> str:
    return ru.file_name("протокол-оценки-kpi", f"№{evaluation_id}", year, ext="pdf")


__all__ = ["TITLE", "evaluation_protocol_pdf", "make_protocol", "protocol_file_name"]
