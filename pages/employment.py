"""«Трудоустройство выпускников»: the federal monitoring statuses, K1 and K2 by year, college and specialty."""

import altair as alt
import polars as pl
import streamlit as st

from mart.access import privacy
from mart.platform import db
from mart.read import employment, periods
from pages.ui import decree, draw, federal_form, fmt, screen, sidebar, tables, yearly

ctx = screen.header(
    "Трудоустройство выпускников",
    "Мониторинг трудоустройства выпускников СПО по официальным категориям (форма мониторинга).",
)
screen.demo_banner()

try:
    year_options = employment.years(ctx).get_column("year").to_list()
except db.MartMissing as exc:
    screen.mart_missing(exc)

decree.measure_caption(ctx, "8.1")
if not year_options:
    screen.empty_page(
        ctx, "сведения о трудоустройстве выпускников", "каждая образовательная организация (ПОО)"
    )

# --- filters (kept in the URL) ----------------------------------------------------------------------
sees_institutions = ctx.allows("institution_aggregates")
picked = yearly.year_filter(ctx, ("graduates",), year_options, label="Год выпуска")
year = picked.year
if year is None:
    screen.empty_page(
        ctx, "полные сведения о трудоустройстве выпускников", "каждая образовательная организация (ПОО)"
    )
municipality = inst = None
names: dict[str, str] = {}
if sees_institutions:
    munis = employment.municipalities(ctx).get_column("municipality").to_list()
    municipality = sidebar.url_filter("Муниципалитет", [None, *munis], "muni", format_func=sidebar.or_all())
    inst, names = sidebar.institution_filter(employment.institutions(ctx, municipality))
spec, spec_names = sidebar.specialty_filter(employment.specialties(ctx, inst))
if not sees_institutions:
    st.sidebar.caption("Показатели по организациям и муниципалитетам доступны после входа в систему.")

if inst:
    where = [f"{inst} — {fmt.plain(names[inst])}"]
elif municipality:
    where = [fmt.plain(municipality)]
else:
    where = ["Амурская область (все организации)"]
if spec:
    where.append(f"специальность {spec} {spec_names[spec] or ''}".strip())
st.markdown(f"**{picked.title(f'{year} год выпуска — ' + ', '.join(where))}**")
federal_form.sources_note(ctx, year, inst)
if privacy.protects(ctx):
    st.caption(
        ":material/lock: Ячейки с числом выпускников меньше 5 скрыты (организация × специальность × год, а также "
        "численность по специальности в целом по региону); чтобы скрытое нельзя было вычислить из итогов, "
        "скрывается и ещё одна ячейка того же итога. Показатели, рассчитанные по скрытым ячейкам, тоже скрыты."
    )


# --- tables by institution and by specialty: graduates and rates in percent -----------------------------
HIDDEN = "скрыто (< 5)"
RATE_COLUMNS = {
    "graduates": st.column_config.NumberColumn("Выпускников", format="%d"),
    "k1": st.column_config.ProgressColumn("K1, %", format="%.1f", min_value=0, max_value=100),
    "k1_change": st.column_config.NumberColumn("K1: изменение, п.п.", format="%+.1f"),
    "k2": st.column_config.NumberColumn("K2, %", format="%.1f"),
    "retained_share": st.column_config.NumberColumn("Работают ≥ 4 мес., %", format="%.1f"),
    "note": "Примечание",
}


def rates(frame: pl.DataFrame, *first: str, then: tuple[pl.Expr, ...] = ()) -> pl.DataFrame:
    """``first`` columns, the graduates and the rates in percent, ``then``, a note on hidden rows."""
    percent = [(pl.col(c) * 100).round(1).alias(c) for c in ("k1", "k1_change", "k2", "retained_share")]
    return frame.select(*first, "graduates", *percent, *then, tables.note_if("hidden", HIDDEN))


# --- headline figures -------------------------------------------------------------------------------
summary = periods.mark(ctx, employment.summary(ctx, municipality, inst, spec), ("graduates",))
if not ctx.allows("partial_years"):
    summary = summary.filter(~pl.col("is_partial"))
cur, prev = yearly.year_rows(summary, year)
prev = picked.previous(prev)

if cur is None:
    screen.empty(
        f"сведения о выпускниках {year} года по выбранным условиям", "образовательная организация (ПОО)"
    )
else:
    if cur["hidden"]:
        st.info(
            "По этому срезу выпускников меньше 5: показатели скрыты (защита малых ячеек).",
            icon=":material/lock:",
        )

    c1, c2, c3, c4, c5 = st.columns(5)
    c1.metric(
        picked.label("Выпускников"),
        fmt.number(cur["graduates"]),
        **fmt.change(yearly.value(cur, "graduates"), yearly.value(prev, "graduates"), color="off"),
    )
    c2.metric(
        picked.label("K1 — уровень трудоустройства"),
        fmt.percent(cur["k1"]),
        **fmt.change(yearly.value(cur, "k1"), yearly.value(prev, "k1"), pct=True),
        help="(трудоустроены + ИП + самозанятые) / (выпускники − служба в армии по призыву и по контракту "
        "− продолжают обучение − отпуск по уходу за ребёнком).",
    )
    c3.metric(
        picked.label("K2 — трудоустроены по специальности"),
        fmt.percent(cur["k2"]),
        **fmt.change(yearly.value(cur, "k2"), yearly.value(prev, "k2"), pct=True),
        help="Трудоустроены по полученной специальности / трудоустроены (статус «Трудоустроен»).",
    )
    c4.metric(
        picked.label("Работают не менее 4 месяцев"),
        fmt.percent(cur["retained_share"]),
        **fmt.change(yearly.value(cur, "retained_share"), yearly.value(prev, "retained_share"), pct=True),
        help="Доля трудоустроенных (статус «Трудоустроен»), проработавших на последнем месте не менее 4 месяцев.",
    )
    c5.metric(
        picked.label("Статус «Иное»"),
        fmt.percent(cur["other_share"], 2),
        **fmt.change(
            yearly.value(cur, "other_share"), yearly.value(prev, "other_share"), pct=True, color="inverse"
        ),
        help="Доля выпускников со статусом «Иное». Более 1 из 200 выпускников организации за год — "
        "форма мониторинга требует пояснения.",
    )
    yearly.no_change_note(picked)

# --- trend ----------------------------------------------------------------------------------------------
st.subheader("Динамика по годам выпуска")
lines = {
    "k1": "K1 — уровень трудоустройства",
    "k2": "K2 — по специальности",
    "retained_share": "Работают ≥ 4 мес.",
}
trend = (
    summary.filter(~pl.col("hidden"))
    .select("year", *lines)
    .unpivot(index="year", variable_name="indicator", value_name="value")
    .with_columns(pl.col("indicator").replace_strict(lines), (pl.col("value") * 100).round(1))
)
if inst or municipality or spec:
    region = employment.summary(ctx).select("year", (pl.col("k1") * 100).round(1).alias("value"))
    trend = pl.concat(
        [trend, region.with_columns(pl.lit("K1 по области").alias("indicator")).select(trend.columns)]
    )
trend = periods.mark(ctx, trend, ("graduates",))
if not ctx.allows("partial_years"):
    trend = trend.filter(~pl.col("is_partial"))
if trend.is_empty():
    st.caption("Нет данных для графика.")
else:
    order = [label for label in (*lines.values(), "K1 по области") if label in trend.get_column("indicator")]
    palette_lines = dict(
        zip((*lines.values(), "K1 по области"), ["#1565c0", "#2e7d32", "#f9a825", "#9e9e9e"], strict=True)
    )
    base = (
        alt.Chart(trend)
        .encode(
            x=alt.X("year:O", title="Год выпуска", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="Доля, %", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "indicator:N",
                title="Показатель",
                sort=order,
                scale=alt.Scale(domain=order, range=[palette_lines[label] for label in order]),
            ),
            strokeDash=draw.condition(
                alt.StrokeDashValue, alt.datum.indicator == "K1 по области", [5, 4], [1, 0]
            ),
        )
        .properties(height=300)
    )
    chart = yearly.partial_trend(
        base,
        [
            alt.Tooltip("year:O", title="Год выпуска"),
            alt.Tooltip("indicator:N", title="Показатель"),
            alt.Tooltip("value:Q", title="Значение, %", format=".1f"),
        ],
    )
    draw.chart(chart, width="stretch")
    yearly.partial_caption(trend)

# --- breakdown by status ----------------------------------------------------------------------------
st.subheader("Выпускники по статусам мониторинга")
statuses = employment.by_status(ctx, municipality, inst, spec)
view = st.radio("Разрез", ["Группы статусов", "Статусы"], horizontal=True, key="breakdown")
status_order = employment.statuses(ctx)
palette = {
    "employed": ["#1b5e20", "#43a047", "#81c784"],
    "excused": ["#0d47a1", "#1e88e5", "#64b5f6", "#bbdefb"],
    "other": [
        "#bf360c",
        "#e64a19",
        "#ff7043",
        "#ffab91",
        "#8d6e63",
        "#6d4c41",
        "#a1887f",
        "#795548",
        "#9e9e9e",
        "#616161",
    ],
}
if view == "Группы статусов":
    counts = employment.by_status_group(ctx, municipality, inst, spec)
    label, order = "group_label", "group_order"
    domain = list(employment.GROUP_LABELS.values())
    colors = ["#2e7d32", "#1e88e5", "#e64a19"]
else:
    counts, label, order = statuses, "status_label", "sort_order"
    domain, colors = [], []
    for group in employment.GROUP_ORDER:
        labels = status_order.filter(pl.col("status_group") == group).get_column("status_label").to_list()
        domain += labels
        colors += (palette[group] * 3)[: len(labels)]
bars = (
    counts.filter(pl.col("graduates").is_not_null())
    .select("year", pl.col(label).alias("label"), pl.col(order).alias("order"), "graduates", "share")
    .filter(pl.col("graduates") > 0)
    .with_columns((pl.col("share") * 100).round(1))
)
bars = periods.mark(ctx, bars, ("graduates",))
if not ctx.allows("partial_years"):
    bars = bars.filter(~pl.col("is_partial"))
hidden_on_chart = counts.get_column("graduates_hidden").any()
if bars.is_empty():
    st.caption("Нет данных для графика.")
else:
    chart = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Год выпуска", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("graduates:Q", title="Выпускников", stack=True, axis=alt.Axis(format="d")),
            color=alt.Color(
                "label:N", title="Статус", sort=domain, scale=alt.Scale(domain=domain, range=colors)
            ),
            order=alt.Order("order:Q"),
            # a partial year is drawn lighter: its bar is not the region's graduates
            opacity=yearly.partial_opacity(),
            tooltip=[
                alt.Tooltip("year:O", title="Год выпуска"),
                alt.Tooltip("period_note:N", title="Полнота данных"),
                alt.Tooltip("label:N", title="Статус"),
                alt.Tooltip("graduates:Q", title="Выпускников"),
                alt.Tooltip("share:Q", title="Доля, %", format=".1f"),
            ],
        )
        .properties(height=340)
    )
    draw.chart(chart, width="stretch")
    if hidden_on_chart:
        st.caption(":material/lock: Скрытые ячейки (меньше 5 выпускников) на графике не показаны.")

this_year = statuses.filter(pl.col("year") == year)
last_year = statuses.filter(pl.col("year") == (year - 1 if picked.comparable else -1)).select(
    "status", pl.col("graduates").alias("prev")
)
status_table = (
    this_year.join(last_year, on="status", how="left")
    .with_columns(
        (pl.col("share") * 100).round(1).alias("share"),
        (pl.col("graduates") - pl.col("prev")).alias("change"),
        tables.note_if("graduates_hidden", HIDDEN),
    )
    .sort("sort_order")
    .select("status_label", "graduates", "share", "change", "note", "group_label")
)
if not this_year.is_empty():
    tables.table(
        status_table,
        name=f"трудоустройство_статусы_{year}",
        title=picked.title(f"Выпускники {year} года по статусам мониторинга"),
        column_config={
            "status_label": st.column_config.TextColumn("Статус (категория мониторинга)", width="large"),
            "group_label": "Группа",
            "graduates": st.column_config.NumberColumn("Выпускников", format="%d"),
            "share": st.column_config.NumberColumn("Доля, %", format="%.1f"),
            "change": st.column_config.NumberColumn("Изменение к прошлому году", format="%+d"),
            "note": "Примечание",
        },
    )

# --- «Иное» above 1 in 200 ---------------------------------------------------------------------------
if sees_institutions:
    colleges = employment.by_institution(ctx, year, municipality, spec)
    flagged = colleges.filter(pl.col("other_flag"))
    if flagged.is_empty():
        st.success(
            f"Ни у одной организации в {year} году доля статуса «Иное» не превышает 1 из 200 выпускников."
        )
    else:
        listed = "; ".join(
            f"{r['inst_code']} — {r['short_name']}: {r['other_status']} ({fmt.percent(r['other_share'], 2)})"
            for r in flagged.iter_rows(named=True)
        )
        st.warning(
            f"Статус «Иное» больше чем у 1 из 200 выпускников {year} года — форма мониторинга требует "
            f"пояснения: {listed}.",
            icon=":material/warning:",
        )

    # --- by institution ---------------------------------------------------------------------------------
    st.subheader(picked.title(f"По организациям, {year}" + (f" — специальность {spec}" if spec else "")))
    if picked.partial:
        st.caption(
            "Показаны организации, сдавшие данные; изменение K1 — к той же организации за прошлый год."
        )
    if colleges.is_empty():
        screen.empty(
            "сведения о выпускниках по организациям за этот год", "каждая образовательная организация (ПОО)"
        )
    else:
        tables.table(
            rates(
                colleges,
                "inst_code",
                "short_name",
                "municipality",
                then=(
                    (pl.col("other_share") * 100).round(2).alias("other_share"),
                    tables.note_if("other_flag", "нужно пояснение", "other_flag"),
                ),
            ),
            name=f"трудоустройство_организации_{year}",
            title=picked.title(f"Трудоустройство выпускников {year} года по организациям"),
            column_config={
                "inst_code": "Код",
                "short_name": st.column_config.TextColumn("Организация", width="medium"),
                "municipality": "Муниципалитет",
                **RATE_COLUMNS,
                "other_share": st.column_config.NumberColumn("«Иное» по организации, %", format="%.2f"),
                "other_flag": "«Иное» > 1/200",
            },
        )

# --- by specialty ----------------------------------------------------------------------------------------
st.subheader(picked.title(f"По специальностям, {year}"))
by_spec = employment.by_specialty(ctx, year, municipality, inst)
if not picked.comparable and "k1_change" in by_spec.columns:  # never a partial year against a full one
    by_spec = by_spec.with_columns(pl.lit(None, by_spec.schema["k1_change"]).alias("k1_change"))
if by_spec.is_empty():
    screen.empty(
        "сведения о выпускниках по специальностям за этот год", "каждая образовательная организация (ПОО)"
    )
else:
    tables.table(
        rates(by_spec, "specialty_code", "specialty_name"),
        name=f"трудоустройство_специальности_{year}",
        title=picked.title(f"Трудоустройство выпускников {year} года по специальностям"),
        column_config={
            "specialty_code": "Код ОКСО",
            "specialty_name": st.column_config.TextColumn("Специальность (профессия)", width="large"),
            **RATE_COLUMNS,
        },
    )

# --- person-level rows ---------------------------------------------------------------------------------
tables.person_rows(
    ctx,
    inst,
    "Выпускники поимённо (условные номера)",
    "Открыть таблицу выпускников",
    lambda limit: employment.graduate_rows(ctx, year, inst, spec, municipality, limit=limit),
    {
        "year": st.column_config.NumberColumn("Год выпуска", format="%d"),
        "inst_code": "Организация",
        "specialty_code": "Код ОКСО",
        "graduate_id": "Номер выпускника",
        "status_label": st.column_config.TextColumn("Статус", width="medium"),
        "by_specialty": "По специальности",
        "retained_4m": "Работает ≥ 4 мес.",
        "status_date": st.column_config.DateColumn("Дата статуса", format="DD.MM.YYYY"),
    },
    name=f"выпускники_{year}",
    title=f"Выпускники {year} года (персональные строки)",
)

federal_form.section(ctx, year, municipality, inst)

with st.expander("Как считаются показатели"):
    st.markdown(
        """
- **K1 — уровень трудоустройства** = (трудоустроены + индивидуальные предприниматели + самозанятые) /
  (выпускники − служба в армии по призыву − служба по контракту − продолжают обучение − отпуск по уходу за ребёнком).
- **K2 — трудоустроены по специальности** = трудоустроены по полученной специальности / трудоустроены
  (только статус «Трудоустроен»: по трудовому договору или договору ГПХ).
- **Работают не менее 4 месяцев** = трудоустроены, проработавшие на последнем месте не менее 4 месяцев /
  трудоустроены (статус «Трудоустроен»).
- **«Иное»**: если этот статус у более чем 1 из 200 выпускников организации за год, форма мониторинга требует пояснения.
- Каждый выпускник учитывается ровно в одном статусе; категории — из официальной формы мониторинга
  трудоустройства выпускников СПО.
- Организация, приславшая за год только федеральную форму мониторинга, учитывается по строке 01 формы
  (графы 08, 11–26 — статусы, 09 и 10 — по специальности и 4 месяца; выпускники с прогнозом в графах 27–32 —
  «Иные риски нетрудоустройства»). Если есть и форма, и построчные данные, считаются построчные.
"""
    )

screen.freshness(ctx)
