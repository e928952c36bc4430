"""«KPI руководителей ПОО» (п. 8.3): the colleges' ranking, its dynamics, the figures behind each indicator.

The coordinator also tries other weights (nothing saved), saves a new methodology version and
freezes an evaluation for the commission; everyone who sees the page gets the saved protocols.
"""

import math

import altair as alt
import polars as pl
import streamlit as st

from mart.access.rules import drilldown_scope
from mart.papers import charts
from mart.papers import protocol as papers
from mart.platform import db
from mart.read import kpi, periods
from pages.ui import decree, draw, fmt, screen, sidebar, tables, yearly

NO_DATA = "нет данных"
SHORT = {
    "K1": "Трудоустройство",
    "K2": "По специальности",
    "K3": "Демоэкзамен",
    "K4": "Чемпионаты",
    "K5": "Приём (КЦП)",
    "K6": "Эксперты",
}
# the columns of the tables of indicators (the figures behind the scores), whichever table shows them
INDICATOR_COLUMNS = {
    "rank": st.column_config.NumberColumn("Место", format="%d"),
    "inst_code": "Код",
    "short_name": st.column_config.TextColumn("Колледж", width="large"),
    "score": st.column_config.NumberColumn("Балл", format="%.1f"),
    "indicator_code": "Показатель",
    "name_ru": st.column_config.TextColumn("Название", width="medium"),
    "numerator": st.column_config.NumberColumn("Числитель", format="%g"),
    "denominator": st.column_config.NumberColumn("Знаменатель", format="%g"),
    "value_text": "Значение",
    "delta_pp": st.column_config.NumberColumn("Δ, п.п.", format="%+.1f"),
    "weight": st.column_config.NumberColumn("Вес", format="%.2f"),
    "points": st.column_config.NumberColumn("Баллы", format="%.2f"),
    "points_delta": st.column_config.NumberColumn("Δ баллов", format="%+.2f"),
    "formula_ru": st.column_config.TextColumn("Формула", width="large"),
}

ctx = screen.header(
    "KPI руководителей ПОО",
    "Результаты руководителей профессиональных образовательных организаций и их динамика.",
)
try:
    screen.demo_banner()
    decree.measure_caption(ctx, "8.3")
except db.MartMissing as exc:
    screen.mart_missing(exc)

if not ctx.allows("institution_aggregates"):
    st.info(
        "Рейтинг руководителей колледжей и их показатели видят члены координационного совета, "
        "министерство, региональные центры и образовательные организации после входа в систему. "
        "Открытые итоги по области — на странице «Обзор».",
        icon=":material/lock:",
    )
    screen.freshness(ctx)
    st.stop()


# --- helpers for the screen (rounding and words only; the figures come from mart.read.kpi) ----------------
def pct_text(value, has_data) -> str:
    return fmt.percent(value) if has_data and value is not None else NO_DATA


def value_text() -> pl.Expr:
    """``pct_text`` of the ``value`` and ``has_data`` columns of an indicator frame, as ``value_text``."""
    return fmt.percent_texts("value", "has_data", "value_text", NO_DATA)


def pct_expr(k: str) -> pl.Expr:
    """«71,9 %» or «нет данных» for indicator ``k`` of a ``kpi.ranking`` frame."""
    code = k.lower()
    return fmt.percent_texts(f"{code}_value", f"{code}_has_data", k, NO_DATA)


def num(x: float) -> str:
    return fmt.number(x)


def college_label(code: str, names: dict, demo: dict) -> str:
    return f"{names[code]}" + (" · демо" if demo.get(code) else "")


# --- filters (kept in the URL) ----------------------------------------------------------------------
year_options = kpi.years(ctx).get_column("year").to_list()
if not year_options:
    screen.empty_page(
        ctx,
        "показатели KPI колледжей (выпускники, демоэкзамены, приём, чемпионаты, эксперты)",
        "каждая ПОО и РКЦ",
    )

versions = kpi.methodologies(ctx)
by_version = {r["version"]: r for r in versions.iter_rows(named=True)}
if not by_version:
    screen.empty("методика KPI (веса показателей)", "координатор (министерство)")
    st.stop()
current_version = max(by_version)

st.sidebar.header("Фильтры")
period = yearly.year_filter(ctx, periods.KPI_DATASETS, year_options)
year = period.year
munis = kpi.municipalities(ctx).get_column("municipality").to_list()
municipality = sidebar.url_filter(
    "Муниципалитет", [None, *munis], "muni", format_func=sidebar.or_all(everything="Все муниципалитеты")
)
version = sidebar.url_filter(
    "Версия методики",
    list(by_version),
    "version",
    default=current_version,
    format_func=lambda v: f"v{v} — {by_version[v]['title']}" + (" (текущая)" if v == current_version else ""),
    help="Баллы по любой сохранённой версии; изменения к прошлому году — по той же версии.",
)
meth = by_version[version]
meth_caption = kpi.methodology_caption(meth)

board = kpi.ranking(ctx, year, version, municipality)
college_list = kpi.colleges(ctx, municipality)
names = dict(zip(college_list["inst_code"], college_list["short_name"], strict=True))
demo = dict(zip(college_list["inst_code"], college_list["is_demo"], strict=True))
own = ctx.inst_code if ctx.role == "institution" and ctx.inst_code in names else None
leader = board["inst_code"][0] if board.height else None
inst = sidebar.url_filter(
    "Колледж (подробно)",
    drilldown_scope(ctx, list(names)),
    "inst",
    default=own or leader,
    format_func=lambda v: f"{v} — {names[v]}" + (" (ваша организация)" if v == ctx.inst_code else ""),
    help="Колледж для разбора показателей и динамики балла.",
)

ind = kpi.indicators(ctx)
ind_names = dict(zip(ind["indicator_code"], ind["name_ru"], strict=True))
ind_formulas = dict(zip(ind["indicator_code"], ind["formula_ru"], strict=True))
weights_now = {k: float(meth[k]) for k in kpi.INDICATORS}

where = fmt.plain(municipality) if municipality else "Амурская область"
st.markdown(f"**{period.title(f'{year} год — {where}')}.** {fmt.plain(meth_caption)}.")
flash = st.session_state.pop("kpi_flash", None)
if flash:
    getattr(st, flash[0])(flash[1])

if board.is_empty():
    screen.empty_page(ctx, f"показатели KPI за {year} год по выбранным условиям", "каждая ПОО и РКЦ")

# --- headline figures -------------------------------------------------------------------------------
mean_now = board["score"].mean()
prev_scores = board["score_prev"].drop_nulls()
mean_prev = period.previous(prev_scores.mean() if prev_scores.len() else None)
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    period.label("Колледжей в рейтинге"),
    board.height,
    help="Колледжи (ПОО) с данными за год; вузы не оцениваются.",
)
c2.metric(
    period.label("Средний балл"),
    fmt.number(mean_now, 1),
    **fmt.change(mean_now, mean_prev, digits=1),
    help="Из 100. Среднее по показанным колледжам; прошлый год — по тем же колледжам и той же методике.",
)
gaps = board.filter(~pl.all_horizontal(pl.col(f"{k.lower()}_has_data") for k in kpi.INDICATORS))
c3.metric(
    period.label("Наибольший балл"),
    fmt.number(board["score"].max(), 1),
    help=f"{fmt.plain(board['short_name'][0])}. Из 100.",
)
c4.metric(
    period.label("Колледжей с пробелами в данных"),
    gaps.height,
    help="Хотя бы один показатель без данных (знаменатель 0): такой показатель входит в балл с нулём. "
    + (", ".join(gaps["inst_code"].to_list()) if gaps.height else ""),
)

# --- the ranking ------------------------------------------------------------------------------------
yearly.no_change_note(period)
st.subheader(period.title(f"Рейтинг колледжей за {year} год"))
if period.partial:
    st.warning(
        f"Рейтинг за неполный год: {period.detail}. Колледжи без данных получают по показателю 0 — "
        "места не итоговые и не для протокола.",
        icon=":material/hourglass_top:",
    )
st.caption(
    f"Баллы по методике: {meth_caption}. Балл = 100 × Σ (вес × значение показателя), из 100; "
    "места — по области, равные баллы делят место. Изменения — к прошлому году по той же методике "
    "(Δ места: + — поднялся). «нет данных» — знаменатель показателя равен 0 (сведения не загружены): "
    "такой показатель входит в балл с нулём."
)
has_prev = board["score_prev"].is_not_null().any() and period.comparable
if not has_prev:
    st.caption(
        f"За {year - 1} год баллов нет: изменения к прошлому году не показаны."
        if period.comparable
        else "Изменения мест и баллов к прошлому году не показаны: данные одного из годов неполные."
    )
shown = board.select(
    "rank",
    "rank_change",
    "inst_code",
    "short_name",
    "is_demo",
    "municipality",
    pl.col("score").round(1),
    pl.col("score_delta").round(1),
    *[pct_expr(k) for k in kpi.INDICATORS],
)
# the export keeps the indicators as numbers (percent, one decimal; empty where there is no data)
exported = shown.drop(*kpi.INDICATORS).hstack(
    board.select(
        pl.when(pl.col(f"{k.lower()}_has_data"))
        .then((pl.col(f"{k.lower()}_value") * 100).round(1))
        .alias(f"{k}, %")
        for k in kpi.INDICATORS
    )
)
if not has_prev:
    shown = shown.drop("rank_change", "score_delta")
    exported = exported.drop("rank_change", "score_delta")
tables.table(
    shown,
    export_frame=exported,
    name=f"kpi-рейтинг-{year}-v{version}",
    title=period.title(f"KPI руководителей ПОО: рейтинг за {year} год ({meth_caption})"),
    column_config={
        "rank": st.column_config.NumberColumn("Место", format="%d"),
        "rank_change": st.column_config.NumberColumn(
            "Δ места", format="%+d", help="Место в прошлом году минус место сейчас: + — поднялся."
        ),
        "inst_code": "Код",
        "short_name": st.column_config.TextColumn("Колледж", width="large"),
        "is_demo": st.column_config.CheckboxColumn("Демо", help="Вымышленная демонстрационная организация."),
        "municipality": "Муниципалитет",
        "score": st.column_config.NumberColumn("Балл", format="%.1f", help="Из 100."),
        "score_delta": st.column_config.NumberColumn("Δ балла", format="%+.1f"),
        **{
            k: st.column_config.TextColumn(k, help=f"{ind_names[k]}: {ind_formulas[k]}")
            for k in kpi.INDICATORS
        },
    },
)
if not ctx.allows("edit_methodology") and version != current_version:
    st.caption(f"Показана прежняя версия методики; текущая — v{current_version}.")

rows = kpi.indicator_rows(ctx, year, version, municipality)
with st.expander("Веса, баллы и изменения по каждому показателю"):
    st.caption(
        f"{meth_caption}. Веса: "
        + "; ".join(f"{k} — {num(weights_now[k])}" for k in kpi.INDICATORS)
        + ". Баллы показателя = 100 × вес × значение. Δ — изменение значения к прошлому году в процентных пунктах "
        "(пусто, если в одном из лет нет данных)."
    )
    ranks = board.select("inst_code", "rank")
    details = (
        rows.join(ranks, on="inst_code", how="inner")
        .with_columns(
            value_text(),
            pl.col("delta_pp").round(1),
            pl.col("points").round(2),
            pl.col("points_delta").round(2),
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
            "value_text",
            "delta_pp",
            "weight",
            "points",
            "points_delta",
        )
    )
    if not has_prev:
        details = details.drop("delta_pp", "points_delta")
    tables.table(
        details,
        name=f"kpi-показатели-{year}-v{version}",
        title=f"KPI руководителей ПОО: показатели, веса и баллы за {year} год ({meth_caption})",
        column_config=tables.column_config(details, INDICATOR_COLUMNS),
        height=400,
    )

# --- chart: the scores of every college -------------------------------------------------------------
st.markdown(f"**{period.title(f'Баллы колледжей за {year} год по показателям')}**")
order = [f"{k} — {ind_names[k]}" for k in kpi.INDICATORS]
bars = rows.with_columns(
    (pl.col("indicator_code") + " — " + pl.col("name_ru")).alias("indicator"),
    value_text(),
    pl.col("points").round(2),
    (pl.col("inst_code") == inst).alias("picked"),
).select("inst_code", "short_name", "indicator", "indicator_code", "value_text", "weight", "points", "picked")
chart = charts.kpi_points(bars, order)
draw.chart(chart, width="stretch")
st.caption(f"{meth_caption}. Выбранный колледж выделен цветом, остальные — бледнее.")


# --- drill-down: from an indicator to the figures behind it ------------------------------------------
st.subheader(
    period.title(f"Из чего складывается балл: {fmt.plain(college_label(inst, names, demo))}, {year} год")
)
parts = kpi.drilldown(ctx, year, inst, version)
if parts.is_empty():
    screen.empty(f"показатели {names[inst]} за {year} год", "образовательная организация")
else:
    st.caption(f"{meth_caption}. Значение = числитель / знаменатель; баллы = 100 × вес × значение.")
    left, right = st.columns([3, 2])
    picked = board.filter(pl.col("inst_code") == inst)
    if picked.height:
        p = picked.row(0, named=True)
        m1, m2, m3 = left.columns(3)
        m1.metric(
            "Балл",
            fmt.number(p["score"], 1),
            **fmt.change(p["score"], period.previous(p["score_prev"]), digits=1),
            help=f"Из 100. {meth_caption}.",
        )
        m2.metric(
            "Место",
            f"{p['rank']} из {kpi.ranking(ctx, year, version).height}",
            **fmt.change(p["rank"], period.previous(p["rank_prev"]), color="inverse"),
            help="Место по области (плотный рейтинг: равные баллы делят место); «−» — поднялся.",
        )
        top = kpi.ranking(ctx, year, version)["score"].max()
        m3.metric(
            "До первого места",
            fmt.number(top - p["score"], 1, " балла"),
            help="Разница с наибольшим баллом по области.",
        )
        left.caption(
            f"{fmt.plain(p['municipality'])}. {fmt.plain(meth_caption)}."
            + (
                " Балл и место за неполный год с прошлым годом не сравниваются; изменения показателей — "
                "к тому же колледжу за прошлый год, где данные есть в оба года."
                if period.partial
                else ""
            )
        )
    cols = [*left.columns(3), *left.columns(3)]
    for col, r in zip(cols, parts.iter_rows(named=True), strict=False):
        col.metric(
            f"{r['indicator_code']} · {SHORT[r['indicator_code']]}",
            pct_text(r["value"], r["has_data"]),
            **(
                fmt.change(r["value"], r["value_prev"], pct=True)
                if r["has_data"] and r["has_data_prev"]
                else {}
            ),
            help=f"{r['name_ru']}: {r['formula_ru']}. Вес {num(r['weight'])}, баллов {num(round(r['points'], 2))}.",
        )
    left.markdown("\n".join(f"- {t}" for t in parts["figures_ru"]))
    with right:
        trend = kpi.score_trend(ctx, inst, version)
        st.markdown(f"**Динамика балла: {fmt.plain(names[inst])}**")
        if trend.is_empty():
            screen.empty(f"баллы {names[inst]} по годам", "образовательная организация")
        else:
            series = {
                "score": names[inst],
                "region_mean": "Среднее по области",
                "region_median": "Медиана по области",
            }
            lines = trend.unpivot(
                index=["year", "rank", "colleges"],
                on=list(series),
                variable_name="series",
                value_name="value",
            ).with_columns(
                pl.col("series").replace_strict(series, return_dtype=pl.String),
                pl.col("value").round(1),
                (pl.col("rank").cast(pl.String) + " из " + pl.col("colleges").cast(pl.String)).alias("place"),
            )
            domain = list(series.values())
            lines = periods.mark(ctx, lines, periods.KPI_DATASETS)
            trend_base = (
                alt.Chart(lines)
                .encode(
                    x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
                    y=alt.Y("value:Q", title="Балл (из 100)", scale=alt.Scale(zero=False)),
                    color=alt.Color(
                        "series:N",
                        title=None,
                        sort=domain,
                        scale=alt.Scale(domain=domain, range=["#c62828", "#546e7a", "#b0bec5"]),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
                    ),
                    strokeDash=draw.condition(
                        alt.StrokeDashValue, alt.datum.series == names[inst], [1, 0], [5, 4]
                    ),
                )
                .properties(height=320)
            )
            trend_chart = yearly.partial_trend(
                trend_base,
                [
                    alt.Tooltip("year:O", title="Год"),
                    alt.Tooltip("series:N", title="Ряд"),
                    alt.Tooltip("value:Q", title="Балл", format=".1f"),
                    alt.Tooltip("place:N", title=f"Место {names[inst]}"),
                ],
            )
            draw.chart(trend_chart, width="stretch")
            yearly.partial_caption(lines)
            st.caption(f"{meth_caption}: все годы пересчитаны по этой версии.")

    figures = parts.with_columns(
        value_text(),
        pl.col("points").round(2),
        pl.col("delta_pp").round(1),
    ).select(
        "indicator_code",
        "name_ru",
        "numerator",
        "denominator",
        "value_text",
        "delta_pp",
        "weight",
        "points",
        "formula_ru",
    )
    tables.table(
        figures,
        name=f"kpi-{inst}-{year}-v{version}",
        title=f"KPI: {names[inst]}, {year} год — числители и знаменатели ({meth_caption})",
        column_config=tables.column_config(figures, INDICATOR_COLUMNS),
    )

# --- the methodology versions -----------------------------------------------------------------------
with st.expander("Методика: показатели и все версии весов"):
    method = ind.select(
        "indicator_code",
        "name_ru",
        "formula_ru",
        pl.col("indicator_code").replace_strict(weights_now, return_dtype=pl.Float64).alias("weight"),
    )
    tables.table(
        method,
        name=f"kpi-методика-v{version}",
        title=f"KPI руководителей ПОО: показатели и веса ({meth_caption})",
        column_config=tables.column_config(
            method,
            INDICATOR_COLUMNS,
            weight=st.column_config.NumberColumn(f"Вес (v{version})", format="%.2f"),
        ),
    )
    tables.table(
        versions.with_columns(pl.col(k).cast(pl.Float64) for k in kpi.INDICATORS),
        name="kpi-версии-методики",
        title="KPI руководителей ПОО: версии методики",
        column_config={
            "version": st.column_config.NumberColumn("Версия", format="v%d"),
            "title": "Название",
            "author": "Автор",
            "created_at": st.column_config.DatetimeColumn("Сохранена", format="DD.MM.YYYY HH:mm"),
            "note": st.column_config.TextColumn("Примечание", width="medium"),
            "is_current": st.column_config.CheckboxColumn("Текущая"),
            **{k: st.column_config.NumberColumn(k, format="%.2f") for k in kpi.INDICATORS},
        },
    )


# --- the coordinator: other weights, a new version, an evaluation for the commission -----------------
def _weights_from_state() -> dict[str, float]:
    return {k: float(st.session_state[f"w_{k}"]) for k in kpi.INDICATORS}


def _save_methodology(ctx) -> None:
    try:
        saved = kpi.save_methodology(
            ctx, _weights_from_state(), st.session_state.get("m_title", ""), st.session_state.get("m_note")
        )
    except ValueError as exc:
        st.session_state["kpi_method_msg"] = ("error", f"Методика не сохранена. {exc}")
    else:
        st.session_state["version"] = saved
        st.session_state["m_title"] = ""
        st.session_state["m_note"] = ""
        st.session_state["kpi_flash"] = (
            "success",
            f"Сохранена методика v{saved}: она стала текущей, баллы пересчитаны.",
        )


def _save_evaluation(ctx, year: int, version: int) -> None:
    try:
        members = kpi.parse_members(st.session_state.get("ev_members", ""))
        saved = kpi.save_evaluation(
            ctx,
            year,
            version,
            st.session_state.get("ev_title", ""),
            members,
            confirm_partial=bool(st.session_state.get("ev_confirm_partial")),
        )
    except ValueError as exc:
        st.session_state["kpi_eval_msg"] = ("error", f"Оценка не сохранена. {exc}")
    else:
        st.session_state["evaluation"] = saved
        st.session_state["ev_title"] = ""
        st.session_state["ev_members"] = ""
        st.session_state["kpi_eval_msg"] = (
            "success",
            f"Оценка № {saved} сохранена: баллы за {year} год по методике v{version} заморожены."
            + (" Отмечено, что год неполный." if st.session_state.get("ev_confirm_partial") else ""),
        )
        st.session_state["ev_confirm_partial"] = False


if ctx.allows("edit_methodology"):
    st.divider()
    st.subheader("Попробовать другие веса")
    st.caption(
        f"Веса начинаются с версии v{version}: впишите новые или меняйте кнопками «−»/«+». "
        "Рейтинг пересчитывается сразу и ничего не сохраняет. "
        "Сумма весов должна быть равна 1."
    )
    if st.session_state.get("w_base") != version:
        for k in kpi.INDICATORS:
            st.session_state[f"w_{k}"] = weights_now[k]
        st.session_state["w_base"] = version
    boxes = st.columns(len(kpi.INDICATORS))
    for col, k in zip(boxes, kpi.INDICATORS, strict=True):
        col.number_input(  # a field to type the weight into (a slider cannot be typed into)
            f"{k} · {SHORT[k]}",
            min_value=0.0,
            max_value=1.0,
            step=0.01,
            format="%.2f",
            key=f"w_{k}",
            help=f"{ind_names[k]}: {ind_formulas[k]}. От 0 до 1, шаг 0,01.",
        )
    st.button(
        f"Вернуть веса v{version}",
        key="reset_weights",
        on_click=lambda: st.session_state.pop("w_base", None),
        icon=":material/restart_alt:",
    )
    trial = _weights_from_state()
    total = math.fsum(trial.values())
    sum_ok = abs(total - 1) <= 1e-9
    s1, s2 = st.columns([1, 3])
    s1.metric("Сумма весов", fmt.number(total, 2), help="Должна быть равна 1.")
    if not sum_ok:
        s2.error(f"Сумма весов должна быть равна 1, сейчас {fmt.number(total, 2)}: рейтинг не пересчитан.")
    else:
        s2.info(
            "Сумма весов равна 1: ниже рейтинг с этими весами (не сохранён).", icon=":material/calculate:"
        )
        tried = kpi.trial_ranking(ctx, year, version, trial, municipality)
        tables.table(
            tried.select(
                "rank",
                "rank_change",
                "short_name",
                "municipality",
                pl.col("score").round(1),
                pl.col("base_score").round(1),
                "base_rank",
                pl.col("score_change").round(1),
            ),
            name=f"kpi-проба-весов-{year}",
            title=f"KPI руководителей ПОО: проба весов за {year} год (не сохранена; сравнение с v{version})",
            filters=sidebar.active_filters() | {f"вес {k}": num(w) for k, w in trial.items()},
            column_config={
                "rank": st.column_config.NumberColumn("Место (проба)", format="%d"),
                "rank_change": st.column_config.NumberColumn(
                    "Δ места",
                    format="%+d",
                    help=f"Место по v{version} минус место с новыми весами: + — поднялся.",
                ),
                "short_name": st.column_config.TextColumn("Колледж", width="large"),
                "municipality": "Муниципалитет",
                "score": st.column_config.NumberColumn("Балл (проба)", format="%.1f"),
                "base_score": st.column_config.NumberColumn(f"Балл v{version}", format="%.1f"),
                "base_rank": st.column_config.NumberColumn(f"Место v{version}", format="%d"),
                "score_change": st.column_config.NumberColumn("Δ балла", format="%+.1f"),
            },
        )

    with st.form("save_methodology"):
        st.markdown("**Сохранить как новую версию методики**")
        st.caption(
            f"Веса из полей выше станут версией v{current_version + 1}; она станет текущей. "
            "Сохранённые версии не меняются."
        )
        st.text_input(
            "Название методики", key="m_title", placeholder="Например, «Методика 2027: акцент на КЦП»"
        )
        st.text_area("Примечание", key="m_note", placeholder="Чем отличается и на каком основании")
        st.form_submit_button(
            "Сохранить как новую версию методики", on_click=_save_methodology, args=(ctx,), type="primary"
        )
    msg = st.session_state.pop("kpi_method_msg", None)
    if msg:
        getattr(st, msg[0])(msg[1])

# --- saved evaluations (protocols for the commission) ------------------------------------------------
st.divider()
st.subheader("Оценки для комиссии")
st.caption(
    "Оценка замораживает баллы года по версии методики вместе с пакетами загрузок, из которых они рассчитаны: "
    "последующие загрузки её не меняют. Протокол — в PDF (для подписи) и в XLSX."
)
if ctx.allows("edit_methodology"):
    with st.form("save_evaluation"):
        st.markdown(f"**Сохранить оценку для комиссии:** {year} год, {fmt.plain(meth_caption)}")
        st.text_input(
            "Название оценки", key="ev_title", placeholder="Например, «Заседание комиссии 15.12.2026»"
        )
        st.text_area(
            "Состав комиссии (для протокола)",
            key="ev_members",
            placeholder="Одна строка — один член комиссии: «Фамилия И. О., должность». Первый — председатель.",
            help="Имена печатаются в протоколе (PDF) со строками для подписи.",
        )
        if period.partial:
            st.warning(
                f"Данные за {year} год неполные: {period.detail}. Оценка за неполный год будет помечена "
                "как неполная в списке оценок и в протоколе.",
                icon=":material/hourglass_top:",
            )
            st.checkbox(f"Подтверждаю: сохранить оценку за неполный {year} год", key="ev_confirm_partial")
        st.form_submit_button(
            "Сохранить оценку для комиссии", on_click=_save_evaluation, args=(ctx, year, version)
        )
    msg = st.session_state.pop("kpi_eval_msg", None)
    if msg:
        getattr(st, msg[0])(msg[1])

saved = kpi.evaluations(ctx)
if saved.is_empty():
    st.info("Сохранённых оценок пока нет. Их сохраняет координатор (министерство).", icon=":material/inbox:")
else:
    tables.table(
        saved.with_columns(pl.col("batch_ids").list.len().alias("batches")).select(
            "evaluation_id",
            "title",
            "year",
            "methodology_version",
            "methodology_title",
            "created_by",
            "created_at",
            "batches",
            tables.note_if("is_partial", "неполный год", "partial"),
        ),
        name="kpi-оценки",
        title="KPI руководителей ПОО: сохранённые оценки",
        column_config={
            "evaluation_id": st.column_config.NumberColumn("№", format="%d"),
            "title": st.column_config.TextColumn("Оценка", width="medium"),
            "year": st.column_config.NumberColumn("Год", format="%d"),
            "methodology_version": st.column_config.NumberColumn("Методика", format="v%d"),
            "methodology_title": "Название методики",
            "created_by": "Кто сохранил",
            "created_at": st.column_config.DatetimeColumn("Когда", format="DD.MM.YYYY HH:mm"),
            "batches": st.column_config.NumberColumn("Пакетов загрузок", format="%d"),
            "partial": "Полнота данных",
        },
    )
    titles = {
        r[
            "evaluation_id"
        ]: f"№ {r['evaluation_id']} «{r['title']}» — {r['year']} год, v{r['methodology_version']}"
        for r in saved.iter_rows(named=True)
    }
    if st.session_state.get("evaluation") not in titles:
        st.session_state["evaluation"] = next(iter(titles))
    chosen = st.selectbox("Оценка", list(titles), key="evaluation", format_func=titles.get)
    frozen = kpi.evaluation_rows(ctx, chosen)
    ev = saved.filter(pl.col("evaluation_id") == chosen).row(0, named=True)
    ev_meth = by_version.get(ev["methodology_version"])
    st.caption(
        f"Оценка № {chosen} за {ev['year']} год. "
        + fmt.plain(kpi.methodology_caption(ev_meth) if ev_meth else f"Методика v{ev['methodology_version']}")
        + f". Сохранена {ev['created_at']:%d.%m.%Y %H:%M} ({fmt.plain(ev['created_by'])})."
        + (f" Оценка за неполный год: {ev['partial_note']}." if ev["is_partial"] else "")
    )
    protocol = frozen.with_columns(
        value_text(),
        pl.col("weight").cast(pl.Float64),
        pl.col("points").round(2),
        pl.col("score").round(1),
    ).select(
        "rank",
        "short_name",
        "score",
        "indicator_code",
        "numerator",
        "denominator",
        "value_text",
        "weight",
        "points",
    )
    tables.table(
        protocol,
        name=f"kpi-оценка-{chosen}",
        title=f"KPI руководителей ПОО: оценка № {chosen} «{ev['title']}»",
        filters={"оценка": str(chosen)},
        column_config=tables.column_config(protocol, INDICATOR_COLUMNS),
        height=300,
    )
    pdf_col, xlsx_col = st.columns(2)
    pdf_col.download_button(
        "Скачать протокол оценки (PDF)",
        data=lambda: papers.make_protocol(ctx, chosen).pdf,
        on_click="ignore",
        file_name=papers.protocol_file_name(chosen, ev["year"]),
        mime="application/pdf",
        key="protocol_pdf",
        icon=":material/picture_as_pdf:",
        type="primary",
        help="Шапка, методика и веса, замороженный рейтинг со всеми показателями, исходные пакеты загрузок, "
        "комиссия и строки для подписей. Каждый выданный протокол сохраняется с контрольной суммой.",
    )
    xlsx_col.download_button(
        "Скачать протокол оценки (XLSX)",
        data=lambda: kpi.evaluation_protocol_xlsx(ctx, chosen),
        on_click="ignore",
        file_name=papers.protocol_file_name(chosen, ev["year"]).replace(".pdf", ".xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="protocol",
        icon=":material/description:",
    )

screen.freshness(ctx)
