"""«Потребность в кадрах»: employers' need against the graduates the colleges supply (measures 2.1–2.4)."""

import altair as alt
import polars as pl
import streamlit as st

from mart.access import privacy
from mart.platform import db
from mart.read import periods, staffing
from pages.ui import decree, draw, fmt, screen, sidebar, tables, yearly

ctx = screen.header(
    "Потребность в кадрах",
    "Потребность работодателей в рабочих и специалистах среднего звена против выпускников колледжей "
    "по укрупнённым группам специальностей (УГС).",
)
screen.demo_banner()
try:
    status = staffing.status(ctx)
except db.MartMissing as exc:
    screen.mart_missing(exc)
decree.measure_caption(ctx, "2.3")

SHORTAGE, SURPLUS = "#c62828", "#1565c0"
WHO_NEEDS = "министерство экономического развития, отраслевые министерства (ГОИВ) или координатор"
WHO_GRADUATES = "каждая образовательная организация (ПОО)"


def year_label(year: int, projected: bool) -> str:
    return f"{year} (прогноз)" if projected else str(year)


def rules() -> None:
    with st.expander("Как считается", icon=":material/functions:"):
        for rule in staffing.RULES_RU:
            st.markdown(f"- {rule}")
        st.caption(
            "Прогноз опирается на зачисленных на бюджетные места (набор «Приём и КЦП»): обучающиеся "
            "на платных местах в прогноз не входят. Демонстрационные данные вымышлены."
        )


def published_section(chosen: int | None = None) -> None:
    """The latest published forecast, regional totals by УГС (what the public sees).

    ``chosen``: the year the page already shows (signed-in roles); the public picks a year here.
    """
    frame = staffing.published_forecast(ctx)
    st.subheader("Опубликованный прогноз потребности в кадрах")
    if frame.is_empty():
        st.info(
            "Прогноз ещё не опубликован. Его сохраняет и публикует координатор (министерство образования) "
            "после рассмотрения координационным советом.",
            icon=":material/inbox:",
        )
        return
    head = frame.row(0, named=True)
    st.caption(
        f"Прогноз № {head['forecast_id']} «{head['title']}», опубликован {head['published_at']:%d.%m.%Y}. "
        "Итоги по Амурской области; строки с корректировкой совета отмечены."
    )
    years = frame.get_column("year").unique().sort().to_list()
    projected = dict(zip(frame.get_column("year"), frame.get_column("is_projected"), strict=False))
    if chosen in years:
        year = chosen
    elif chosen is not None:
        year = years[-1]
        st.caption(f"В опубликованном прогнозе нет {chosen} года: показан {year}.")
    else:
        year = sidebar.url_filter(
            "Год", years, "year", default=years[-1], format_func=lambda y: year_label(y, projected[y])
        )
    rows = frame.filter(pl.col("year") == year)
    draw.chart(
        diverging(rows, f"Дефицит и избыток выпускников, {year_label(year, projected[year])}"),
        width="stretch",
    )
    tables.table(
        rows.select("ugs_code", "ugs_name", "need", "supply", "gap", "coverage", "is_corrected"),
        name=f"prognoz-potrebnosti-{year}",
        title=f"Опубликованный прогноз потребности в кадрах, {year}",
        column_config=COLUMNS,
    )


COLUMNS = {
    "ugs_code": st.column_config.TextColumn("Код УГС"),
    "ugs_name": st.column_config.TextColumn("УГС", width="medium"),
    "specialty_code": st.column_config.TextColumn("Код"),
    "specialty_name": st.column_config.TextColumn("Специальность (профессия)", width="medium"),
    "need": st.column_config.NumberColumn("Потребность, чел.", format="%.0f"),
    "graduates": st.column_config.NumberColumn("Выпускников", format="%.0f"),
    "supply": st.column_config.NumberColumn("Выйдут на рынок труда, чел.", format="%.0f"),
    "gap": st.column_config.NumberColumn("Дефицит (+) / избыток (−)", format="%+.0f"),
    "coverage": st.column_config.NumberColumn("Покрытие", format="percent"),
    "is_corrected": st.column_config.CheckboxColumn("Скорректировано советом"),
    "employer_name": st.column_config.TextColumn("Работодатель", width="medium"),
    "employer_inn": st.column_config.TextColumn("ИНН"),
    "municipality": st.column_config.TextColumn("Муниципалитет"),
    "source_label": st.column_config.TextColumn("Источник"),
    "survey_year": st.column_config.NumberColumn("Год опроса", format="%d"),
    "profession_name": st.column_config.TextColumn("Профессия (как у работодателя)", width="medium"),
    "level_label": st.column_config.TextColumn("Уровень"),
    "headcount": st.column_config.NumberColumn("Нужно, чел.", format="%d"),
    "target_contract": st.column_config.CheckboxColumn("Целевое обучение"),
    "salary_rub": st.column_config.NumberColumn("Зарплата, руб.", format="localized"),
    "project_name": st.column_config.TextColumn("Инвестиционный проект"),
}


def diverging(rows: pl.DataFrame, title: str) -> alt.Chart:
    """Shortage (need above supply) to the right, surplus to the left, one bar per УГС."""
    data = rows.with_columns(
        (pl.col("ugs_code") + " " + pl.col("ugs_name").fill_null("")).alias("ugs"),
        pl.when(pl.col("gap") > 0).then(pl.lit("Дефицит")).otherwise(pl.lit("Избыток")).alias("side"),
    )
    order = data.sort("gap", descending=True).get_column("ugs").to_list()
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("gap:Q", title="← избыток выпускников  |  дефицит кадров →, чел."),
            y=alt.Y("ugs:N", sort=order, title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=["Дефицит", "Избыток"], range=[SHORTAGE, SURPLUS]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("ugs:N", title="УГС"),
                alt.Tooltip("need:Q", title="Потребность", format=",.0f"),
                alt.Tooltip("supply:Q", title="Предложение", format=",.0f"),
                alt.Tooltip("gap:Q", title="Дефицит (+) / избыток (−)", format="+,.0f"),
            ],
        )
        .properties(height=max(160, 26 * data.height))
    )


if not ctx.allows("staffing_balance"):
    published_section()
    st.caption(
        ":material/login: Подробный баланс по годам, муниципалитетам и специальностям доступен после входа."
    )
    rules()
    st.stop()

# --- filters (kept in the URL) and the what-if --------------------------------------------------------
if status["first_year"] is None:
    if not status["answers"]:
        screen.empty("ответы работодателей о потребности в кадрах", WHO_NEEDS)
    screen.empty_page(ctx, "выпуски и приём, с которыми сравнивается потребность", WHO_GRADUATES)

ugs_labels = staffing.ugs_names(ctx)
municipality = sidebar.url_filter(
    "Муниципалитет",
    [None, *staffing.municipalities(ctx)],
    "muni",
    format_func=sidebar.or_all(everything="Вся область"),
)
level = sidebar.url_filter(
    "Уровень подготовки",
    [None, *staffing.LEVEL_LABELS],
    "level",
    format_func=sidebar.or_all(staffing.LEVEL_LABELS),
)
source = sidebar.url_filter(
    "Источник потребности",
    [None, *staffing.SOURCE_LABELS],
    "source",
    format_func=sidebar.or_all(staffing.SOURCE_LABELS),
)
st.sidebar.divider()
rate = st.sidebar.number_input(  # a field to type into (a slider cannot be typed into)
    "Доля завершающих обучение (что если)",
    min_value=0.5,
    max_value=1.0,
    value=staffing.DEFAULT_COMPLETION_RATE,
    step=0.05,
    format="%.2f",
    key="rate",
    help="Какая доля принятых доучится до выпуска. Меняет только прогнозные годы и ничего не сохраняет; "
    "по умолчанию 0,8.",
)
if rate != staffing.DEFAULT_COMPLETION_RATE:
    st.sidebar.caption(
        f":material/science: Расчёт «что если» при доле {fmt.number(rate, 2)}; ничего не сохраняется."
    )
filters = {"level": level, "source": source, "municipality": municipality}

totals = staffing.totals(ctx, completion_rate=rate, **filters)
balance = staffing.balance(ctx, completion_rate=rate, **filters)
years = totals.get_column("year").to_list()
projected = dict(zip(years, totals.get_column("is_projected"), strict=True))
# reported years whose graduates are not all collected are marked (mart.read.periods, reporting periods)
reported = [y for y in years if not projected[y]]
partial = {y: periods.year_note(ctx, ("graduates",), y) for y in reported}
default_year = periods.default_year(ctx, ("graduates",), reported) or years[-1]
year = sidebar.url_filter(
    "Год",
    years,
    "year",
    default=default_year,
    format_func=lambda y: year_label(y, projected[y]) + (" — неполные данные" if partial.get(y) else ""),
    help="По умолчанию — последний год выпуска, за который собраны данные всех колледжей; "
    "годы «(прогноз)» рассчитаны по приёму.",
)
ugs = sidebar.url_filter(
    "УГС (подробно)",
    [None, *sorted(set(balance.get_column("ugs_code")))],
    "ugs",
    format_func=lambda u: "Все УГС" if u is None else ugs_labels.get(u, u),
)

if not status["answers"]:
    screen.empty(
        "ответы работодателей о потребности в кадрах (наборы «Работодатели» и «Потребность работодателей в кадрах»)",
        WHO_NEEDS,
    )
elif status["employers"]:
    st.caption(
        f"Работодателей: {fmt.number(status['employers'])}, из них инвестиционных проектов: "
        f"{fmt.number(status['projects'])}; опросы {status['first_survey']}–{status['last_survey']} гг.; "
        f"в потребность входят {fmt.number(status['answers_counted'])} из {fmt.number(status['answers'])} ответов "
        "(последний опрос каждого работодателя). Выпуски — по {0} г., приём — по {1} г.".format(
            status["latest_graduation_year"], status["last_admission_year"]
        )
    )

where = [municipality or "Амурская область"]
if level:
    where.append(staffing.LEVEL_LABELS[level].lower())
if source:
    where.append(staffing.SOURCE_LABELS[source].lower())
st.markdown(f"**{year_label(year, projected[year])} — {', '.join(where)}**")
if partial.get(year):
    st.warning(
        f"**Неполный год.** {partial[year]}. Предложение выпускников этого года — не итог по региону.",
        icon=":material/hourglass_top:",
    )
if projected[year]:
    st.caption(
        f":material/timeline: {year} — прогнозный год: предложение рассчитано по приёму прошлых лет "
        f"при доле завершающих обучение {fmt.number(rate, 2)}."
    )

current, previous = yearly.year_rows(totals, year)
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    "Потребность, чел.", fmt.number(round(current["need"])), help="Сумма заявленной потребности за год."
)
c2.metric(
    "Выйдут на рынок труда, чел.",
    fmt.number(round(current["supply"])),
    help="Выпускники без армии, учёбы и отпуска по уходу за ребёнком.",
)
c3.metric(
    "Дефицит по УГС, чел.",
    fmt.number(round(current["shortage"])),
    help="Сумма дефицитов УГС, где потребность больше предложения (избыток одной УГС не закрывает дефицит другой).",
)
c4.metric(
    "Индекс несоответствия",
    fmt.number(current["mismatch_index"], 2),
    help="0 — подготовка по структуре совпадает со спросом, 1 — не совпадает совсем.",
    **fmt.change(
        current["mismatch_index"], (previous or {}).get("mismatch_index"), digits=2, color="inverse"
    ),
)

rows = balance.filter(pl.col("year") == year)
if rows.is_empty():
    st.info("За этот год нет ни потребности, ни выпускников при выбранных фильтрах.", icon=":material/inbox:")
else:
    draw.chart(
        diverging(rows, f"Дефицит и избыток выпускников по УГС, {year_label(year, projected[year])}"),
        width="stretch",
    )

# --- over the years ------------------------------------------------------------------------------------
series = balance.filter(pl.col("ugs_code") == ugs) if ugs else totals
series_title = ugs_labels.get(ugs, ugs) if ugs else "все УГС"
long = (
    series.select("year", "is_projected", "need", "supply")
    .unpivot(index=["year", "is_projected"], variable_name="what", value_name="people")
    .with_columns(
        pl.col("what").replace_strict({"need": "Потребность", "supply": "Предложение выпускников"}),
        pl.when(pl.col("is_projected"))
        .then(pl.lit("прогноз"))
        .when(pl.col("year").is_in([y for y, note in partial.items() if note]))
        .then(pl.lit("неполные данные"))
        .otherwise(pl.lit("факт"))
        .alias("kind"),
    )
)
left, right = st.columns([3, 2])
with left:
    bars = (
        alt.Chart(long, title=f"Потребность и предложение по годам: {series_title}")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Год"),
            xOffset=alt.XOffset("what:N"),
            y=alt.Y("people:Q", title="Человек"),
            color=alt.Color(
                "what:N",
                scale=alt.Scale(domain=["Потребность", "Предложение выпускников"], range=[SHORTAGE, SURPLUS]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            opacity=alt.Opacity(
                "kind:N",
                scale=alt.Scale(domain=["факт", "неполные данные", "прогноз"], range=[1.0, 0.3, 0.55]),
                legend=alt.Legend(title="Годы"),
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Год"),
                alt.Tooltip("kind:N", title="Данные"),
                alt.Tooltip("what:N", title="Что"),
                alt.Tooltip("people:Q", title="Человек", format=",.0f"),
            ],
        )
    )
    draw.chart(bars, width="stretch")
with right:
    mismatch = totals.filter(pl.col("mismatch_index").is_not_null()).with_columns(
        pl.when(pl.col("is_projected")).then(pl.lit("прогноз")).otherwise(pl.lit("факт")).alias("kind")
    )
    base = alt.Chart(mismatch, title="Индекс несоответствия подготовки и спроса").encode(
        x=alt.X("year:O", title="Год"),
        y=alt.Y("mismatch_index:Q", title="Индекс (0 — совпадают, 1 — нет)", scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            alt.Tooltip("year:O", title="Год"),
            alt.Tooltip("kind:N", title="Данные"),
            alt.Tooltip("mismatch_index:Q", title="Индекс", format=".2f"),
        ],
    )
    line = base.mark_line(color="#455a64") + base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape(
            "kind:N",
            scale=alt.Scale(domain=["факт", "прогноз"], range=["circle", "diamond"]),
            legend=alt.Legend(title="Годы"),
        ),
        color=alt.Color(
            "kind:N", scale=alt.Scale(domain=["факт", "прогноз"], range=["#455a64", "#90a4ae"]), legend=None
        ),
    )
    draw.chart(line, width="stretch")
st.caption("Прогнозные годы показаны бледнее (столбцы) и ромбами (индекс).")
beyond = staffing.need_beyond_supply(ctx, **filters)
if not beyond.is_empty():
    first, last = beyond.item(0, "need_year"), beyond.item(-1, "need_year")
    st.caption(
        f":material/info: На {first}–{last} гг. работодатели заявили ещё {fmt.number(int(beyond.get_column('headcount').sum()))} чел., "
        "но выпускников этих лет ещё не приняли в колледжи: баланс на эти годы не строится."
    )

# --- top shortages and surpluses ------------------------------------------------------------------------
if not rows.is_empty():
    top_cols = ["ugs_name", "need", "supply", "gap"]
    t1, t2 = st.columns(2)
    with t1:
        st.subheader("Наибольший дефицит")
        short = rows.filter(pl.col("gap") > 0).sort("gap", descending=True).head(5).select(top_cols)
        if short.is_empty():
            st.caption("Дефицита нет ни в одной УГС.")
        else:
            tables.table(
                short,
                name=f"deficit-{year}",
                title=f"Наибольший дефицит кадров, {year}",
                column_config=COLUMNS,
            )
    with t2:
        st.subheader("Наибольший избыток")
        surplus = rows.filter(pl.col("gap") < 0).sort("gap").head(5).select(top_cols)
        if surplus.is_empty():
            st.caption("Избытка нет ни в одной УГС.")
        else:
            tables.table(
                surplus,
                name=f"izbytok-{year}",
                title=f"Наибольший избыток выпускников, {year}",
                column_config=COLUMNS,
            )

# --- drill-down: a УГС's specialties and the employers' answers ---------------------------------------------
st.subheader("Подробно по УГС")
ugs_in_year = rows.sort("gap", descending=True).get_column("ugs_code").to_list()
if not ugs_in_year:
    st.caption("Нет УГС с потребностью или выпускниками в этом году.")
else:
    detail = ugs if ugs in ugs_in_year else ugs_in_year[0]
    if ugs is None:
        detail = st.selectbox(
            "УГС",
            ugs_in_year,
            key="detail_ugs",
            format_func=lambda u: ugs_labels.get(u, u),
            help="По умолчанию — УГС с наибольшим дефицитом. Фильтр «УГС» слева закрепляет выбор в ссылке.",
        )
    specs = staffing.specialties(ctx, year, detail, completion_rate=rate, **filters)
    specs = specs.with_columns(
        pl.coalesce(pl.col("specialty_code"), pl.lit("—")).alias("specialty_code"),
        pl.coalesce(pl.col("specialty_name"), pl.lit("названо только по УГС (без специальности)")).alias(
            "specialty_name"
        ),
    )
    tables.table(
        specs.select("specialty_code", "specialty_name", "need", "graduates", "supply", "gap", "coverage"),
        name=f"specialnosti-{detail}-{year}",
        title=f"{ugs_labels.get(detail, detail)}: специальности, {year_label(year, projected[year])}",
        column_config=COLUMNS,
    )
    if privacy.protects(ctx) and specs.get_column("graduates_hidden").any():
        st.caption(
            ":material/lock: Число выпускников меньше 5 по специальности скрыто (и ещё одно, чтобы его нельзя было вычислить из итога)."
        )
    if ctx.allows("employer_answers"):
        answers = staffing.employer_answers(ctx, year, detail, **filters)
        with st.expander(f"Ответы работодателей ({answers.height})", icon=":material/factory:"):
            if answers.is_empty():
                st.caption("Работодатели не назвали потребность по этой УГС на этот год.")
            else:
                shown = answers.with_columns(
                    pl.col("source").replace_strict(staffing.SOURCE_LABELS).alias("source_label"),
                    pl.col("level").replace_strict(staffing.LEVEL_LABELS).alias("level_label"),
                ).select(
                    "employer_name",
                    "employer_inn",
                    "municipality",
                    "source_label",
                    "project_name",
                    "survey_year",
                    "profession_name",
                    "specialty_code",
                    "level_label",
                    "headcount",
                    "target_contract",
                    "salary_rub",
                )
                tables.table(
                    shown,
                    name=f"otvety-rabotodateley-{detail}-{year}",
                    title=f"Ответы работодателей: {ugs_labels.get(detail, detail)}, {year}",
                    column_config=COLUMNS,
                )
    else:
        st.caption(
            ":material/lock: Ответы отдельных работодателей видят члены совета, координатор и министерства."
        )

rules()

# --- forecasts (2.3–2.4) ------------------------------------------------------------------------------------
st.header("Прогноз потребности в кадрах")
saved = staffing.forecasts(ctx)
if ctx.allows("edit_forecast"):
    with st.expander("Сохранить прогноз", icon=":material/save:"), st.form("save_forecast"):
        title = st.text_input(
            "Название", placeholder="Прогноз потребности на 2026–2030 гг.", key="forecast_title"
        )
        span = st.select_slider(
            "Годы прогноза",
            options=years,
            value=(years[0], years[-1]),
            format_func=lambda y: year_label(y, projected[y]),
        )
        st.caption(
            f"Сохраняется баланс по всей области (без фильтров) при доле завершающих обучение {fmt.number(rate, 2)} "
            "(поле «что если» слева), с перечнем использованных загрузок."
        )
        if st.form_submit_button("Сохранить прогноз", icon=":material/save:"):
            try:
                number = staffing.save_forecast(ctx, title, span[0], span[1], rate)
            except ValueError as exc:
                st.error(str(exc))
            else:
                st.session_state["flash"] = f"Прогноз № {number} сохранён."
                st.rerun()
if saved.is_empty():
    st.info(
        "Сохранённых прогнозов нет. Прогноз сохраняет координатор: это зафиксированная копия баланса "
        "с параметрами и источниками, к которой совет вносит корректировки.",
        icon=":material/inbox:",
    )
else:
    ids = saved.get_column("forecast_id").to_list()
    titles = dict(zip(ids, saved.get_column("title"), strict=True))
    chosen = st.selectbox("Прогноз", ids, key="forecast", format_func=lambda i: f"№ {i} «{titles[i]}»")
    info = saved.filter(pl.col("forecast_id") == chosen).row(0, named=True)
    st.caption(
        f"Годы {info['year_from']}–{info['year_to']}; доля завершающих обучение {fmt.number(info['completion_rate'], 2)}; "
        f"опросы {info['survey_years'] or '—'}; загрузок-источников {info['batches']}; сохранил {info['created_by']} "
        f"{info['created_at']:%d.%m.%Y %H:%M}; "
        + (f"опубликован {info['published_at']:%d.%m.%Y}" if info["published_at"] else "не опубликован")
        + (" — его видят все посетители." if info["is_public"] else ".")
    )
    figures = staffing.forecast_figures(ctx, chosen)
    tables.table(
        figures.select(
            "year",
            "ugs_code",
            "ugs_name",
            "need",
            "corrected_need",
            "final_need",
            "supply",
            "final_gap",
            "is_projected",
        ),
        name=f"prognoz-{chosen}",
        title=f"Прогноз № {chosen}",
        column_config=COLUMNS
        | {
            "year": st.column_config.NumberColumn("Год", format="%d"),
            "corrected_need": st.column_config.NumberColumn("Корректировка совета", format="%.0f"),
            "final_need": st.column_config.NumberColumn("Потребность (итог)", format="%.0f"),
            "final_gap": st.column_config.NumberColumn("Дефицит (итог)", format="%+.0f"),
            "is_projected": st.column_config.CheckboxColumn("Прогнозный год"),
        },
        height=300,
    )
    fixes = staffing.corrections(ctx, chosen)
    st.markdown(f"**Корректировки совета: {fixes.height}**")
    if not fixes.is_empty():
        st.dataframe(
            fixes.select(
                "year", "ugs_code", "computed_need", "corrected_need", "reason", "created_by", "created_at"
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn("Год", format="%d"),
                "ugs_code": "УГС",
                "computed_need": st.column_config.NumberColumn("Расчёт", format="%.0f"),
                "corrected_need": st.column_config.NumberColumn("Корректировка", format="%.0f"),
                "reason": st.column_config.TextColumn("Основание", width="large"),
                "created_by": "Кто внёс",
                "created_at": st.column_config.DatetimeColumn("Когда", format="DD.MM.YYYY HH:mm"),
            },
        )
    st.download_button(
        "Скачать прогноз (XLSX: цифры, параметры, корректировки, источники)",
        data=lambda: staffing.forecast_xlsx(ctx, chosen),
        on_click="ignore",
        file_name=f"prognoz-potrebnosti-{chosen}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="forecast_xlsx",
    )
    if ctx.allows("edit_forecast"):
        with st.expander("Внести корректировку совета", icon=":material/edit_note:"):
            cells = figures.select("year", "ugs_code").unique().sort("year", "ugs_code")
            with st.form("correction"):
                c_year = st.selectbox("Год", sorted(set(cells.get_column("year"))), key="fix_year")
                c_ugs = st.selectbox(
                    "УГС",
                    sorted(set(cells.get_column("ugs_code"))),
                    key="fix_ugs",
                    format_func=lambda u: ugs_labels.get(u, u),
                )
                c_need = st.number_input(
                    "Скорректированная потребность, чел.", min_value=0, step=1, key="fix_need"
                )
                c_reason = st.text_input(
                    "Основание", placeholder="Протокол заседания совета № … от …", key="fix_reason"
                )
                st.caption(
                    "Расчётная цифра не меняется: корректировка хранится рядом с ней, с автором и временем."
                )
                if st.form_submit_button("Внести корректировку"):
                    try:
                        staffing.add_correction(ctx, chosen, c_year, c_ugs, c_need, c_reason)
                    except ValueError as exc:
                        st.error(str(exc))
                    else:
                        st.session_state["flash"] = "Корректировка внесена."
                        st.rerun()
        if st.button(
            "Опубликовать этот прогноз",
            icon=":material/public:",
            key="publish",
            help="Посетители без входа увидят итоги этого прогноза по УГС с корректировками совета.",
        ):
            staffing.publish(ctx, chosen)
            st.session_state["flash"] = f"Прогноз № {chosen} опубликован."
            st.rerun()

st.divider()
published_section(year)
screen.freshness(ctx)
