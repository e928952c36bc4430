"""«Приём и КЦП»: admission targets from proposals to the competition to enrolment (measures 2.5–2.7)."""

import functools

import altair as alt
import polars as pl
import streamlit as st

from mart.platform import db
from mart.read import kcp
from pages.ui import decree, draw, fmt, screen, sidebar, tables, yearly

ctx = screen.header(
    "Приём и КЦП",
    "Контрольные цифры приёма: предложения (п. 2.5) → утверждённые объёмы (п. 2.6) → публичный конкурс "
    "(п. 2.7) → заявления и зачисление.",
)
screen.demo_banner()

try:
    region = kcp.region(ctx)
except db.MartMissing as exc:
    screen.mart_missing(exc)

decree.measure_caption(ctx, "2.7")
if region.is_empty():
    screen.empty_page(
        ctx,
        "контрольные цифры приёма",
        "координатор (предложения, утверждённые объёмы, итоги конкурса) и каждая ПОО (приём)",
    )

by_year = {r["year"]: r for r in region.iter_rows(named=True)}
notes = {y: kcp.year_note(ctx, y) for y in by_year}


def year_label(y) -> str:
    if notes.get(y) is None:
        return str(y)
    if by_year[y]["awarded"] is None:
        return f"{y} — только предложения"
    return f"{y} — без приёма" if by_year[y]["admission_missing"] else f"{y} — неполные данные"


# --- filters (kept in the URL) ----------------------------------------------------------------------
sees_colleges = ctx.allows("institution_aggregates")
year = sidebar.url_filter(
    "Год приёма",
    kcp.years(ctx),
    "year",
    default=kcp.default_year(ctx),
    format_func=year_label,
    help="По умолчанию — последний год, за который приём сдали все организации (сбор данных завершён).",
)
ugs_names = kcp.ugs_options(ctx)
ugs = sidebar.url_filter("УГС", [None, *ugs_names], "ugs", format_func=sidebar.or_all(ugs_names))
inst = None
names: dict[str, str] = {}
if sees_colleges and ctx.role != "institution":
    inst, names = sidebar.institution_filter(kcp.institutions(ctx, year))
if not sees_colleges:
    st.sidebar.caption("Цикл по специальностям и организациям доступен после входа в систему.")

row, prev = yearly.year_rows(region, year)
note = notes.get(year)
where = ugs_names[ugs] if ugs else "Амурская область"
st.markdown(f"**{year} год приёма — {where}**" + (" (неполные данные)" if note else ""))
if note:
    st.warning(
        f"**{year}: {note}.** Показанные цифры — не итог приёма по региону.", icon=":material/hourglass_top:"
    )

# --- headline figures ------------------------------------------------------------------------------------
if ugs:
    cur, before = yearly.year_rows(kcp.by_ugs(ctx, ugs=ugs), year)
else:
    cur, before = row, prev
if not kcp.comparable(ctx, year):  # a change only between years whose admission is complete
    before = None

if cur is not None:
    figures = [
        ("proposed", "Предложено мест", "Σ предложений отраслевых министерств и работодателей (п. 2.5)."),
        ("approved", "Утверждено", "Σ утверждённых объёмов КЦП по приказам министерства (п. 2.6)."),
        ("awarded", "Распределено", "Σ мест, распределённых организациям по итогам конкурса (п. 2.7)."),
        ("enrolled", "Зачислено на бюджет", "Σ зачисленных на бюджетные места."),
    ]
    boxes = st.columns(4)
    for box, (column, label, help_text) in zip(boxes, figures, strict=True):
        box.metric(
            label,
            fmt.number(cur[column]),
            help=help_text,
            **fmt.change(cur[column], None if before is None else before[column], color="off"),
        )
    boxes = st.columns(4)
    boxes[0].metric(
        "Заявлений на место",
        fmt.number(cur["competition"], 2),
        help="Конкурс = заявления на бюджетные места / распределённые места организаций, сдавших сведения о приёме.",
        **fmt.change(cur["competition"], None if before is None else before["competition"], digits=2),
    )
    boxes[1].metric(
        "Выполнение КЦП",
        fmt.percent(cur["fulfilment"]),
        help="Зачислено / распределённые места организаций, сдавших сведения о приёме.",
        **fmt.change(cur["fulfilment"], None if before is None else before["fulfilment"], pct=True),
    )
    boxes[2].metric(
        "Целевое обучение",
        fmt.percent(cur["target_share"]),
        help="Доля зачисленных на бюджет с договором о целевом обучении.",
        **fmt.change(cur["target_share"], None if before is None else before["target_share"], pct=True),
    )
    boxes[3].metric(
        "Не заполнено мест",
        fmt.number(cur["unfilled"] if cur["enrolled"] is not None else None),
        help="Σ по организациям и специальностям: распределено − зачислено, где зачислено меньше мест.",
    )
    if not kcp.comparable(ctx, year) and by_year.get(year - 1):
        st.caption(
            "Изменение к прошлому году не показано: сведения о приёме за этот или прошлый год неполные."
        )
else:
    screen.empty(f"цикл КЦП {year} года по выбранной УГС", "координатор")

# --- the cycle: a funnel-like chart and the table -------------------------------------------------------
st.subheader(f"Цикл КЦП {year} года: от предложений к зачислению")
STAGES = [
    ("proposed", "Предложено"),
    ("approved", "Утверждено"),
    ("bid", "Заявлено организациями"),
    ("awarded", "Распределено по конкурсу"),
    ("applications", "Подано заявлений"),
    ("enrolled", "Зачислено на бюджет"),
    ("enrolled_target", "из них по целевым договорам"),
]
if cur is not None:
    stages = pl.DataFrame(
        {
            "stage": [label for _, label in STAGES],
            "order": list(range(len(STAGES))),
            "value": [cur[column] for column, _ in STAGES],
            "text": [fmt.number(cur[column]) for column, _ in STAGES],
        },
        schema={"stage": pl.String, "order": pl.Int64, "value": pl.Int64, "text": pl.String},
    ).filter(pl.col("value").is_not_null())
    base = alt.Chart(stages).encode(
        y=alt.Y("stage:N", title=None, sort=[label for _, label in STAGES], axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="Мест, заявлений, человек", axis=alt.Axis(format="d")),
        tooltip=[alt.Tooltip("stage:N", title="Этап"), alt.Tooltip("value:Q", title="Значение", format=",d")],
    )
    funnel = base.mark_bar(color="#1565c0").encode(
        color=draw.condition(alt.ColorValue, alt.datum.stage == "Подано заявлений", "#90caf9", "#1565c0")
    ) + base.mark_text(align="left", dx=4).encode(text=alt.Text("text:N"))
    draw.chart(funnel.properties(height=260), width="stretch")

CYCLE_COLUMNS = {
    "ugs_code": "УГС",
    "ugs_name": st.column_config.TextColumn("Укрупнённая группа", width="medium"),
    "specialty_code": "Код ОКСО",
    "specialty_name": st.column_config.TextColumn("Специальность (профессия)", width="medium"),
    "proposed": st.column_config.NumberColumn("Предложено", format="%d"),
    "approved": st.column_config.NumberColumn("Утверждено", format="%d"),
    "bid": st.column_config.NumberColumn("Заявлено", format="%d"),
    "awarded": st.column_config.NumberColumn("Распределено", format="%d"),
    "applications": st.column_config.NumberColumn("Заявлений", format="%d"),
    "competition": st.column_config.NumberColumn("Заявлений на место", format="%.2f"),
    "enrolled": st.column_config.NumberColumn("Зачислено", format="%d"),
    "unfilled": st.column_config.NumberColumn("Не заполнено мест", format="%d"),
    "fulfilment": st.column_config.ProgressColumn("Выполнение, %", format="%.1f", min_value=0, max_value=100),
    "enrolled_target": st.column_config.NumberColumn("Целевое", format="%d"),
    "target_share": st.column_config.NumberColumn("Целевое, %", format="%.1f"),
}


def percents(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    return frame.with_columns([(pl.col(c) * 100).round(1) for c in columns if c in frame.columns])


if sees_colleges:
    cycle = kcp.by_specialty(ctx, year, ugs)
    shown = percents(cycle.drop("year", "ugs_code"), "fulfilment")
    name, title = f"кцп_цикл_специальности_{year}", f"Цикл КЦП {year} года по специальностям"
else:
    cycle = kcp.by_ugs(ctx, year, ugs)
    shown = percents(cycle.drop("year"), "fulfilment", "target_share")
    name, title = f"кцп_цикл_угс_{year}", f"Цикл КЦП {year} года по УГС (итоги по области)"
    st.caption("Итоги по области по укрупнённым группам специальностей (УГС).")
if cycle.is_empty():
    screen.empty(f"цикл КЦП {year} года", "координатор")
else:
    tables.table(shown, name=name, title=title, column_config=tables.column_config(shown, CYCLE_COLUMNS))

# --- competition and fulfilment by college ---------------------------------------------------------------
if sees_colleges:
    own = ctx.role == "institution"
    st.subheader(
        f"Заявки, места и выполнение КЦП {'вашей организации' if own else 'по организациям'}, {year}"
    )
    colleges = kcp.by_college(ctx, year, ugs, inst)
    if colleges.is_empty():
        screen.empty(f"места и приём {year} года по выбранным условиям", "координатор и каждая ПОО")
    else:
        # one college: its specialties; several: the colleges
        single = colleges.get_column("inst_code").n_unique() == 1
        if single:
            label = pl.col("specialty_code") + " " + pl.col("specialty_name").fill_null("")
        else:
            label = pl.col("inst_code") + " " + pl.col("short_name").fill_null("")
        per_bar = (
            colleges.filter(pl.col("admission_reported"))
            .with_columns(label.alias("bar"))
            .group_by("bar")
            .agg(
                pl.col("enrolled").sum(),
                pl.col("unfilled").clip(lower_bound=0).sum(),
                pl.col("awarded").sum(),
            )
            .sort("bar")
        )
        if per_bar.height:
            bars = per_bar.unpivot(
                index=["bar", "awarded"], on=["enrolled", "unfilled"], variable_name="part"
            ).with_columns(
                pl.col("part").replace_strict({"enrolled": "Зачислено", "unfilled": "Не заполнено мест"}),
            )
            chart = (
                alt.Chart(bars)
                .mark_bar()
                .encode(
                    y=alt.Y("bar:N", title=None, sort=None, axis=alt.Axis(labelLimit=380)),
                    x=alt.X("value:Q", title="Бюджетных мест", stack=True, axis=alt.Axis(format="d")),
                    color=alt.Color(
                        "part:N",
                        title=None,
                        scale=alt.Scale(
                            domain=["Зачислено", "Не заполнено мест"], range=["#1565c0", "#e53935"]
                        ),
                        legend=alt.Legend(orient="top"),
                    ),
                    order=alt.Order("part:N", sort="ascending"),
                    tooltip=[
                        alt.Tooltip("bar:N", title="Специальность" if single else "Организация"),
                        alt.Tooltip("part:N", title="Часть"),
                        alt.Tooltip("value:Q", title="Мест", format=",d"),
                        alt.Tooltip("awarded:Q", title="Распределено всего", format=",d"),
                    ],
                )
                .properties(height=70 + 34 * per_bar.height)
            )
            draw.chart(chart, width="stretch")
            st.caption("Красным — места, оставшиеся незаполненными (распределено, но не зачислено).")
        table = percents(colleges, "fulfilment", "target_share").with_columns(
            pl.when(pl.col("unfilled") > 0)
            .then(pl.format("недобор {} мест", pl.col("unfilled")))
            .when(~pl.col("admission_reported"))
            .then(pl.lit("приём не представлен"))
            .otherwise(None)
            .alias("note"),
            pl.when(pl.col("awarded_by_competition"))
            .then(pl.lit("конкурс"))
            .otherwise(pl.lit("КЦП организации"))
            .alias("source"),
        )
        table = table.select(
            "inst_code",
            "short_name",
            "specialty_code",
            "specialty_name",
            "bid",
            "awarded",
            "applications",
            "competition",
            "enrolled",
            "fulfilment",
            "unfilled",
            "note",
            "enrolled_target",
            "target_share",
            "enrolled_paid",
            "source",
        ).sort(pl.col("unfilled").fill_null(0), descending=True)
        tables.table(
            table,
            name=f"кцп_организации_{year}",
            title=f"Заявки, места и выполнение КЦП {year} года по организациям и специальностям",
            column_config={
                **CYCLE_COLUMNS,
                "inst_code": "Код",
                "short_name": st.column_config.TextColumn("Организация", width="medium"),
                "unfilled": st.column_config.NumberColumn("Не заполнено мест", format="%d"),
                "note": "Примечание",
                "enrolled_paid": st.column_config.NumberColumn("Платные места", format="%d"),
                "source": "Места — по",
            },
        )
        unfilled_total = colleges.get_column("unfilled").clip(lower_bound=0).sum()
        st.caption(
            f"Не заполнено бюджетных мест: {fmt.number(unfilled_total)}. Строки с недобором — вверху таблицы. "
            "«Места — по»: итогам конкурса или, где его итогов нет в системе, КЦП, указанным организацией."
        )

# --- places against the need at graduation ---------------------------------------------------------------
if sees_colleges:
    st.subheader(f"Места {year} года и потребность в кадрах к выпуску")
    vs = kcp.vs_need(ctx, year, ugs)
    if vs.is_empty() or vs.get_column("need").is_null().all():
        screen.empty(
            f"прогноз потребности в кадрах на годы выпуска приёма {year} года",
            "координатор и Минэкономразвития (опросы работодателей, страница «Потребность в кадрах»)",
        )
    else:
        vs = vs.with_columns(
            (pl.col("ugs_code") + " " + pl.col("ugs_name").fill_null("")).alias("ugs"),
            pl.col("projected_supply").round(1),
            pl.col("gap_after").round(1),
            pl.when(pl.col("need").is_null())
            .then(pl.lit("прогноз не доходит до года выпуска"))
            .when(pl.col("gap_after") > 0)
            .then(pl.lit("мест меньше потребности"))
            .when(pl.col("gap_after") < 0)
            .then(pl.lit("мест больше потребности"))
            .otherwise(pl.lit("соответствует"))
            .alias("verdict"),
        )
        bars = vs.filter(pl.col("need").is_not_null()).with_columns(
            (pl.col("ugs") + " → " + pl.col("graduation_year").cast(pl.String)).alias("label")
        )
        chart = (
            alt.Chart(bars)
            .mark_bar()
            .encode(
                y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420)),
                x=alt.X("gap_after:Q", title="Потребность − выпуск с этих мест, человек"),
                color=alt.Color(
                    "verdict:N",
                    title=None,
                    scale=alt.Scale(
                        domain=["мест меньше потребности", "мест больше потребности", "соответствует"],
                        range=["#e53935", "#1e88e5", "#9e9e9e"],
                    ),
                    legend=alt.Legend(orient="top", labelLimit=320),
                ),
                tooltip=[
                    alt.Tooltip("ugs:N", title="УГС"),
                    alt.Tooltip("graduation_year:O", title="Год выпуска"),
                    alt.Tooltip("awarded:Q", title="Мест", format=",d"),
                    alt.Tooltip("projected_supply:Q", title="Выйдут на рынок труда", format=".1f"),
                    alt.Tooltip("need:Q", title="Потребность", format=",d"),
                    alt.Tooltip("gap_after:Q", title="Разница", format=".1f"),
                ],
            )
            .properties(height=max(140, 26 * bars.height))
        )
        draw.chart(chart, width="stretch")
        st.caption(
            "Приём года A выпускается в A + 3 (профессии, NN.01.NN) или A + 4 (специальности, NN.02.NN). "
            "Выйдут на рынок труда = места × доля завершающих обучение (0,8, как в прогнозе кадровой "
            "потребности) × доля выпускников, не ушедших в армию, на учёбу или в отпуск по уходу за ребёнком "
            "(по последнему году фактического выпуска). Справа от нуля — мест меньше потребности, слева — больше. "
            "Выпуск других лет приёма в тот же год здесь не вычитается."
        )
        tables.table(
            vs.select(
                "ugs_code",
                "ugs_name",
                "graduation_year",
                "awarded",
                "projected_supply",
                "need",
                "gap_after",
                "verdict",
            ),
            name=f"кцп_потребность_{year}",
            title=f"Места {year} года и потребность в кадрах к году выпуска",
            column_config={
                "ugs_code": "УГС",
                "ugs_name": st.column_config.TextColumn("Укрупнённая группа", width="medium"),
                "graduation_year": st.column_config.NumberColumn("Год выпуска", format="%d"),
                "awarded": st.column_config.NumberColumn("Мест", format="%d"),
                "projected_supply": st.column_config.NumberColumn("Выйдут на рынок труда", format="%.1f"),
                "need": st.column_config.NumberColumn("Потребность в год выпуска", format="%d"),
                "gap_after": st.column_config.NumberColumn("Потребность − выпуск", format="%.1f"),
                "verdict": "Вывод",
            },
        )

# --- target contracts ---------------------------------------------------------------------------------------
st.subheader(f"Целевое обучение, {year}")
targets = kcp.by_ugs(ctx, year, ugs).filter(pl.col("enrolled") > 0)
if targets.is_empty():
    st.caption("Нет сведений о зачислении за этот год.")
else:
    targets = targets.with_columns(
        (pl.col("target_share") * 100).round(1).alias("share"),
        (pl.col("ugs_code") + " " + pl.col("ugs_name").fill_null("")).alias("ugs"),
    )
    chart = (
        alt.Chart(targets)
        .mark_bar(color="#2e7d32")
        .encode(
            y=alt.Y("ugs:N", title=None, sort="-x", axis=alt.Axis(labelLimit=380)),
            x=alt.X("share:Q", title="Доля зачисленных по целевым договорам, %"),
            tooltip=[
                alt.Tooltip("ugs:N", title="УГС"),
                alt.Tooltip("share:Q", title="Доля, %", format=".1f"),
                alt.Tooltip("enrolled_target:Q", title="По целевым договорам", format=",d"),
                alt.Tooltip("enrolled:Q", title="Зачислено на бюджет", format=",d"),
            ],
        )
        .properties(height=max(120, 26 * targets.height))
    )
    draw.chart(chart, width="stretch")

# --- the trend ------------------------------------------------------------------------------------------------
st.subheader("Динамика по годам приёма")
trend_source = kcp.by_ugs(ctx, ugs=ugs) if ugs else region
flags = region.select("year", "is_partial", "period_note")
lines = {
    "approved": "Утверждено",
    "awarded": "Распределено",
    "applications": "Заявлений",
    "enrolled": "Зачислено",
}
trend = (
    trend_source.select("year", *lines)
    .join(flags, on="year", how="left")
    .unpivot(index=["year", "is_partial", "period_note"], variable_name="figure", value_name="value")
    .filter(pl.col("value").is_not_null())
    .with_columns(pl.col("figure").replace_strict(lines))
)
if trend.is_empty():
    st.caption("Нет данных для графика.")
else:
    order = list(lines.values())
    base = (
        alt.Chart(trend)
        .encode(
            x=alt.X("year:O", title="Год приёма", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="Мест, заявлений, человек", axis=alt.Axis(format="d")),
            color=alt.Color(
                "figure:N",
                title="Показатель",
                sort=order,
                scale=alt.Scale(domain=order, range=["#9e9e9e", "#1565c0", "#90caf9", "#2e7d32"]),
            ),
        )
        .properties(height=300)
    )
    chart = yearly.partial_trend(
        base,
        [
            alt.Tooltip("year:O", title="Год приёма"),
            alt.Tooltip("figure:N", title="Показатель"),
            alt.Tooltip("value:Q", title="Значение", format=",d"),
        ],
    )
    draw.chart(chart, width="stretch")
    missing = [str(y) for y, r in by_year.items() if r["admission_missing"] and r["awarded"] is not None]
    partial = [
        str(y) for y, r in by_year.items() if r["is_partial"] and not r["admission_missing"] and r["awarded"]
    ]
    said = []
    if missing:
        said.append(f"За {', '.join(missing)} сведения о приёме ещё не поступили: на графике только места.")
    if partial:
        said.append(f"За {', '.join(partial)} приём сдали ещё не все организации: это не итог по региону.")
    if said:
        st.caption(
            " ".join([*said, "Бледные ромбы — неполные годы (не итог по региону, линией не соединены)."])
        )

# --- discrepancies -------------------------------------------------------------------------------------------
if sees_colleges:
    st.subheader(f"Расхождения итогов конкурса и КЦП организаций, {year}")
    found = kcp.discrepancies(ctx, year, ugs, inst)
    if found.is_empty():
        st.success(f"КЦП, указанные организациями за {year} год, совпадают с итогами конкурса.")
    else:
        st.warning(
            f"Расхождений: {found.height}. Это не ошибка загрузки: приказ о распределении мог быть изменён — "
            "проверьте и при необходимости исправьте итоги конкурса или данные организации.",
            icon=":material/compare_arrows:",
        )
        tables.table(
            found.select(
                "inst_code",
                "short_name",
                "specialty_code",
                "specialty_name",
                "study_form_label",
                "awarded_places",
                "kcp_plan",
                "difference",
                "kind_label",
            ),
            name=f"кцп_расхождения_{year}",
            title=f"Расхождения итогов конкурса и КЦП организаций, {year}",
            column_config={
                "inst_code": "Код",
                "short_name": st.column_config.TextColumn("Организация", width="medium"),
                "specialty_code": "Код ОКСО",
                "specialty_name": st.column_config.TextColumn("Специальность (профессия)", width="medium"),
                "study_form_label": "Форма обучения",
                "awarded_places": st.column_config.NumberColumn("По итогам конкурса", format="%d"),
                "kcp_plan": st.column_config.NumberColumn("КЦП по данным организации", format="%d"),
                "difference": st.column_config.NumberColumn("Разница", format="%+d"),
                "kind_label": "Вид расхождения",
            },
        )

# --- the coordinator's proposal for next year ---------------------------------------------------------------
if ctx.allows("plan_admissions"):
    draft = kcp.proposal_draft(ctx, ugs)
    if draft.height:
        next_year = draft.get_column("year").max()
        st.subheader(f"Проект КЦП на {next_year} год (готовит координатор)")
        st.caption(
            "Предложено мест — столько, чтобы закрыть потребность года выпуска за вычетом выпуска прежних лет "
            "приёма, при доле завершающих обучение 0,8; места УГС делятся между её специальностями "
            "пропорционально нынешним местам. Исправьте столбец «Проект координатора» и скачайте таблицу "
            "для приказа: ничего не утверждается автоматически, изменения не сохраняются в системе."
        )
        editable = draft.with_columns(
            pl.coalesce("suggested_places", "current_places").cast(pl.Int64).alias("final_places"),
            pl.col("earlier_supply").round(1),
            pl.col("gap").round(1),
        ).select(
            "specialty_code",
            "specialty_name",
            "ugs_code",
            "graduation_year",
            "need",
            "earlier_supply",
            "gap",
            "current_places",
            "proposed",
            "suggested_places",
            "final_places",
        )
        labels = {
            "specialty_code": "Код ОКСО",
            "specialty_name": "Специальность (профессия)",
            "ugs_code": "УГС",
            "graduation_year": "Год выпуска",
            "need": "Потребность УГС в год выпуска",
            "earlier_supply": "Выпуск прежних лет приёма",
            "gap": "Не покрыто",
            "current_places": f"Мест в {next_year - 1}",
            "proposed": "Предложения министерств и работодателей",
            "suggested_places": "Предложено системой",
            "final_places": "Проект координатора",
        }
        edited = st.data_editor(
            editable,
            key="proposal_editor",
            hide_index=True,
            placeholder="—",
            width="stretch",
            disabled=[c for c in editable.columns if c != "final_places"],
            column_config={
                **labels,
                "specialty_name": st.column_config.TextColumn(labels["specialty_name"], width="medium"),
                "graduation_year": st.column_config.NumberColumn(labels["graduation_year"], format="%d"),
                "earlier_supply": st.column_config.NumberColumn(labels["earlier_supply"], format="%.1f"),
                "gap": st.column_config.NumberColumn(labels["gap"], format="%.1f"),
                "final_places": st.column_config.NumberColumn(
                    labels["final_places"], min_value=0, step=5, format="%d", required=True
                ),
            },
        )
        edited = pl.DataFrame(edited) if not isinstance(edited, pl.DataFrame) else edited
        c1, c2, c3 = st.columns(3)
        c1.metric(f"Мест в {next_year - 1}", fmt.number(editable.get_column("current_places").sum()))
        c2.metric("Предложено системой", fmt.number(editable.get_column("suggested_places").sum()))
        c3.metric("Проект координатора", fmt.number(edited.get_column("final_places").sum()))
        unknown = editable.filter(pl.col("need").is_null()).height
        if unknown:
            st.caption(
                f"Специальностей без сведений о потребности в год выпуска: {unknown} (прогноз не доходит до "
                "этого года или работодатели ещё не называли эту УГС) — для них в проекте оставлены нынешние места."
            )
        st.download_button(
            "Скачать проект КЦП (XLSX)",
            data=functools.partial(kcp.proposal_xlsx, ctx, edited, next_year, labels),  # made when clicked
            file_name=f"проект_КЦП_{next_year}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="proposal_download",
            icon=":material/download:",
        )

with st.expander("Как считаются показатели"):
    st.markdown(
        """
- **Предложено** — сумма предложений отраслевых министерств и работодателей (п. 2.5); **утверждено** —
  объёмы КЦП по приказам министерства (п. 2.6); **заявлено** и **распределено** — заявки организаций и
  места по итогам публичного конкурса (п. 2.7; ст. 100 Федерального закона № 273-ФЗ).
- **Распределено** берётся из итогов конкурса; где их в системе нет — из КЦП, указанных организацией при
  загрузке приёма. Сумма мест всех организаций по специальности не может превышать утверждённый объём:
  такой файл итогов конкурса отклоняется.
- **Заявлений на место** = заявления на бюджетные места / распределённые места;
  **выполнение КЦП** = зачислено на бюджет / распределённые места (пусто, если мест нет);
  **не заполнено** = распределено − зачислено. Пока приём сдали не все организации, места
  опоздавших не входят ни в числитель, ни в знаменатель (их зачисление ещё неизвестно).
- **Целевое обучение** — доля зачисленных на бюджет с договором о целевом обучении. Платные места в
  «зачислено» не входят.
- **Места и потребность к выпуску**: приём года A выпускается в A + 3 (профессии) или A + 4
  (специальности); выйдут на рынок труда = места × 0,8 (доля завершающих обучение, как в прогнозе
  кадровой потребности) × доля выпускников, не ушедших в армию, на учёбу или в отпуск по уходу за
  ребёнком (последний полный год выпуска); разница = потребность года выпуска − этот выпуск.
- **Проект КЦП** (координатор): места = ⌈(потребность года выпуска − выпуск прежних лет приёма) /
  (0,8 × доля выходящих на рынок труда)⌉ по УГС, поделённые между специальностями пропорционально нынешним
  местам. Это подсказка: проект правит координатор, утверждает министерство приказом.
- Год, за который приём сдали не все организации, помечен как неполный; изменения к прошлому году
  показываются только между полными годами.
"""
    )

screen.freshness(ctx)
