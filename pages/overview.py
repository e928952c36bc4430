"""«Обзор»: one screen for the council — roadmap, employment rate K1, medals, KPI leaders, data gaps."""

import polars as pl
import streamlit as st

from mart.papers import charts
from mart.platform import db, ru
from mart.read import championships, overview, periods, roadmap
from pages.ui import council, decree, draw, fmt, screen, tables, yearly

ctx = screen.header("Обзор", f"Дорожная карта утверждена: {decree.DECREE}.")

try:
    screen.demo_banner()
    summary = roadmap.roadmap_summary(ctx).row(0, named=True)
except db.MartMissing as exc:
    screen.mart_missing(exc)

detailed = ctx.allows("institution_aggregates")
if not detailed:
    st.info(
        "Показаны открытые данные: ход выполнения дорожной карты и итоги по региону. "
        "Войдите в систему (страница «Вход»), чтобы увидеть медальный зачёт и рейтинг KPI по организациям "
        "и полноту загрузки данных.",
        icon=":material/lock:",
    )


years = overview.years(ctx)["year"].to_list()
picked = yearly.year_filter(
    ctx,
    ("graduates", "championship_results", *periods.KPI_DATASETS),
    years,
    help="Год выпуска, чемпионата и оценки KPI.",
)
year = picked.year
# each section says how complete its own data of the year is
grads_year = periods.choice(ctx, ("graduates",), year)
medals_year = periods.choice(ctx, ("championship_results",), year)
kpi_year = periods.choice(ctx, periods.KPI_DATASETS, year)
council.meeting_pack(ctx, year)

# --- roadmap ----------------------------------------------------------------------------------------
st.subheader("Дорожная карта")
decree.roadmap_figures(summary)

long = roadmap.section_status_counts(ctx)
left, right = st.columns([1, 1])
with left:
    chart = charts.roadmap_sections(long)
    draw.chart(chart, width="stretch")
    st.caption(roadmap.SECTION_1_NOTE)
with right:
    overdue = roadmap.overdue_measures(ctx)
    st.markdown(f"**Просрочено на {summary['as_of']:%d.%m.%Y}: {overdue.height}**")
    if overdue.is_empty():
        st.success("Просроченных мероприятий нет.")
    else:
        tables.table(
            overdue.select("item_label", "title", "deadline_text", "days_overdue", "progress_pct"),
            name="обзор-просроченные-мероприятия",
            title="Просроченные мероприятия дорожной карты",
            column_config={
                "item_label": st.column_config.TextColumn("Мероприятие", pinned=True),
                "title": st.column_config.TextColumn("Наименование", width="large", pinned=True),
                "deadline_text": "Срок",
                "days_overdue": st.column_config.NumberColumn("Дней просрочки", format="%d"),
                "progress_pct": st.column_config.ProgressColumn(
                    "Прогресс", format="%.0f%%", min_value=0, max_value=100
                ),
            },
            height=240,
        )
st.caption("Подробнее — разделы, сроки, история статусов — на странице «Дорожная карта».")

# --- employment rate K1 -----------------------------------------------------------------------------
st.subheader(
    grads_year.title(f"Трудоустройство выпускников колледжей, выпуск {year}")
    if year
    else "Трудоустройство выпускников"
)
employment = periods.mark(ctx, overview.employment_by_year(ctx), ("graduates",))
if not ctx.allows("partial_years"):  # the public sees complete years of regional totals only
    employment = employment.filter(~pl.col("is_partial"))
cur, prev = yearly.year_rows(employment, year)
prev = grads_year.previous(prev)
if cur is None:
    screen.empty(f"мониторинг трудоустройства выпускников {year} года", "каждый колледж (ПОО)")
else:
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(
        grads_year.label("Доля трудоустроенных (K1)"),
        fmt.percent(cur["k1"]),
        **fmt.change(cur["k1"], yearly.value(prev, "k1"), pct=True),
        help="Трудоустроенные, ИП и самозанятые ÷ (выпускники − призванные в армию и служащие по контракту − "
        "продолжающие обучение − в отпуске по уходу за ребёнком).",
    )
    k2.metric(
        grads_year.label("Выпускников"),
        cur["graduates"],
        **fmt.change(cur["graduates"], yearly.value(prev, "graduates")),
    )
    k3.metric(
        grads_year.label("Трудоустроено (с ИП и самозанятыми)"),
        cur["employed"],
        **fmt.change(cur["employed"], yearly.value(prev, "employed")),
    )
    k4.metric(
        grads_year.label("Армия, учёба, отпуск по уходу"),
        cur["excused"],
        **fmt.change(cur["excused"], yearly.value(prev, "excused"), color="off", arrow=False),
        help="Не входят в знаменатель K1.",
    )
    yearly.no_change_note(grads_year)
    trend = charts.employment_trend(employment)
    draw.chart(trend, width="stretch")
    yearly.partial_caption(employment)
    if grads_year.partial:
        st.caption(
            f"Не итог по региону: {grads_year.detail}; показаны {ru.count(cur['institutions'], 'организация', 'организации', 'организаций')}, "
            "сдавших данные."
        )
    else:
        st.caption(
            f"Итог по региону: все колледжи вместе ({ru.count(cur['institutions'], 'организация', 'организации', 'организаций')} в {year} году)."
        )

# --- regional championship --------------------------------------------------------------------------
medals = overview.regional_medals_by_year(ctx)
if not ctx.allows("partial_years"):
    medals = periods.mark(ctx, medals, ("championship_results",)).filter(~pl.col("is_partial"))
cur, prev = yearly.year_rows(medals, year)
prev = medals_year.previous(prev)
st.subheader(medals_year.title(f"Региональный чемпионат {year}") if year else "Региональный чемпионат")
if cur is None:
    screen.empty(
        f"результаты регионального чемпионата {year} года", "региональный координационный центр (РКЦ)"
    )
else:
    st.caption(
        f"{cur['event'] or 'Региональный чемпионат'}. Медали студентов колледжей и вузов региона во всех "
        "возрастных группах; участники без образовательной организации (школьники-юниоры, работники "
        "предприятий) не учитываются."
    )
    fmt.metric_row(
        cur,
        prev,
        [
            ("gold", "Золото", None),
            ("silver", "Серебро", None),
            ("bronze", "Бронза", None),
            ("medallion", "Медальоны", "Медальон за профессионализм."),
            ("institutions_with_medals", "Организаций с наградами", None),
        ],
    )
    yearly.no_change_note(medals_year)
    if detailed:
        table = overview.medals_by_institution(ctx, year)
        with st.expander("Медальный зачёт по организациям"):
            tables.table(
                table.select(
                    "place",
                    "inst_code",
                    "short_name",
                    "gold",
                    "silver",
                    "bronze",
                    "medallion",
                    "medal_points",
                ),
                name=f"обзор-медальный-зачёт-{year}",
                title=f"Региональный чемпионат {year}: медальный зачёт по организациям",
                column_config={
                    "place": st.column_config.NumberColumn(
                        "Место",
                        format="%d",
                        help="Медальный зачёт: по золоту, затем серебру, бронзе, медальонам.",
                    ),
                    "inst_code": "Код",
                    "short_name": "Организация",
                    "gold": "Золото",
                    "silver": "Серебро",
                    "bronze": "Бронза",
                    "medallion": "Медальоны",
                    "medal_points": st.column_config.NumberColumn(
                        "Очки", help=championships.points_note(ctx).capitalize() + "."
                    ),
                },
            )

# --- institution-level sections ---------------------------------------------------------------------
if detailed:
    leaders = overview.kpi_leaders(ctx, year)
    st.subheader(kpi_year.title(f"Лидеры KPI руководителей колледжей, {year}"))
    if leaders.is_empty():
        screen.empty(f"оценка KPI руководителей за {year} год", "координатор (по данным колледжей)")
    else:
        compared = (
            f"изменение — к баллу за {year - 1} год"
            if kpi_year.comparable
            else "изменение к прошлому году не показано: данные одного из годов неполные"
        )
        st.caption(
            f"Пять колледжей с наибольшим баллом KPI (мероприятие п. 8.3 дорожной карты; методика "
            f"версии {leaders['methodology_version'][0]}); {compared}."
        )
        if not kpi_year.comparable:
            leaders = leaders.with_columns(
                pl.lit(None, pl.Float64).alias("score_change"),
                pl.lit(None, pl.Float64).alias("prev_score"),
                pl.lit(None, pl.Int32).alias("prev_rank"),
            )
        tables.table(
            leaders.select(
                "rank", "inst_code", "short_name", "score", "prev_score", "score_change", "prev_rank"
            ),
            name=f"обзор-лидеры-kpi-{year}",
            title=kpi_year.title(f"Лидеры KPI руководителей колледжей, {year}"),
            column_config={
                "rank": st.column_config.NumberColumn("Место", format="%d"),
                "inst_code": "Код",
                "short_name": "Колледж",
                "score": st.column_config.NumberColumn("Балл KPI", format="%.1f"),
                "prev_score": st.column_config.NumberColumn(f"Балл за {year - 1}", format="%.1f"),
                "score_change": st.column_config.NumberColumn("Изменение", format="%+.1f"),
                "prev_rank": st.column_config.NumberColumn(f"Место в {year - 1}", format="%d"),
            },
        )

    gaps = overview.data_gaps(ctx, year)
    colleges = overview.colleges_count(ctx)["colleges"][0]
    lagging = gaps["inst_code"].n_unique()
    st.subheader("Полнота и актуальность данных колледжей")
    st.caption(
        f"Колледж отмечен, если он не сдал данные за {year} год (выпускники, демонстрационный экзамен, "
        f"приём; освобождённые координатором не отмечаются) или последняя принятая загрузка старше "
        f"{overview.STALE_DAYS} дней (на {summary['as_of']:%d.%m.%Y}). Сроки и должники — на странице «Сбор данных»."
    )
    g1, g2 = st.columns(2)
    g1.metric("Колледжей с пробелами в данных", f"{lagging} из {colleges}")
    g2.metric("Пробелов (колледж × набор)", gaps.height)
    if gaps.is_empty():
        st.success(f"Все колледжи загрузили данные за {year} год, и ни одна загрузка не устарела.")
    else:
        tables.table(
            gaps.select(
                "inst_code", "short_name", "dataset_title", "latest_year", "last_upload_at", "problem"
            ),
            name="обзор-пробелы-в-данных",
            title="Колледжи с отсутствующими или устаревшими данными",
            column_config={
                "inst_code": "Код",
                "short_name": "Колледж",
                "dataset_title": "Набор данных",
                "latest_year": st.column_config.NumberColumn("Последний год набора", format="%d"),
                "last_upload_at": st.column_config.DatetimeColumn(
                    "Последняя загрузка", format="DD.MM.YYYY HH:mm"
                ),
                "problem": st.column_config.TextColumn("Что не так", width="large"),
            },
        )

screen.freshness(ctx)
