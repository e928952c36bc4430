"""«Чемпионаты»: WorldSkills medal tables, trends, juniors and corporate championships, named results."""

import altair as alt
import polars as pl
import streamlit as st

from mart.platform import db
from mart.read import championships as ch
from mart.read import periods
from pages.ui import decree, draw, fmt, screen, sidebar, tables, yearly

ctx = screen.header("Чемпионаты «Молодые профессионалы»")
try:
    years = ch.years(ctx).get_column("year").to_list()
    # the medal-table points as seeds/medals.csv defines them, for the captions and the chart's split
    POINTS = dict(ch.medal_scale(ctx).select("medal", "points").iter_rows())
except db.MartMissing as exc:
    screen.mart_missing(exc)
st.caption(f"Очки медального зачёта WorldSkills: {ch.points_note(ctx, ' — ')}.")
screen.demo_banner()

decree.measures_expander(ch.measures(ctx))
if not years:
    screen.empty_page(
        ctx, "результаты чемпионатов", "региональный координационный центр (РКЦ) или координатор"
    )

picked = yearly.year_filter(ctx, ("championship_results",), years)
year = picked.year
if year is None:
    screen.empty_page(
        ctx, "полные результаты чемпионатов", "региональный координационный центр (РКЦ) или координатор"
    )
level = sidebar.url_filter(
    "Уровень чемпионата",
    [None, *ch.LEVELS],
    key="level",
    default="regional",
    format_func=sidebar.or_all(ch.LEVELS),
)
age_group = sidebar.url_filter(
    "Возрастная группа",
    [None, *ch.AGE_GROUPS],
    key="age",
    default="main",
    format_func=sidebar.or_all(ch.AGE_GROUPS),
)
competence = None
if ctx.allows("institution_aggregates"):
    competence = sidebar.url_filter(
        "Компетенция",
        [None, *ch.competences(ctx).get_column("competence").to_list()],
        key="competence",
        format_func=sidebar.or_all(),
    )

# --- headline figures: the region's totals (everyone) ---------------------------------------------

totals = periods.mark(ctx, ch.yearly_totals(ctx, level, age_group, competence), ("championship_results",))
if not ctx.allows("partial_years"):
    totals = totals.filter(~pl.col("is_partial"))
cur, prev = yearly.year_rows(totals, year)
prev = picked.previous(prev)
st.subheader(picked.title(f"Итоги {year} года"))
scope = [
    ch.LEVELS[level] if level else "все уровни",
    ch.AGE_GROUPS[age_group] if age_group else "все возрасты",
]
if competence:
    scope.append(f"компетенция «{competence}»")
st.caption("Регион в целом: " + ", ".join(scope) + ".")
figures = [
    ("contestants", "Участников", "Участники — люди: выступивший в двух компетенциях считается один раз."),
    ("competences", "Компетенций", None),
    ("medals", "Медалей", "Золото, серебро, бронза и медальоны за профессионализм."),
    ("medal_points", "Очков медального зачёта", ch.points_note(ctx).capitalize() + "."),
]
fmt.metric_row(
    cur or {name: 0 for name, *_ in figures},
    prev,
    [(name, picked.label(label), *rest) for name, label, *rest in figures],
)
yearly.no_change_note(picked)

if cur is None:
    screen.empty(f"результаты чемпионатов {year} года с выбранными условиями", "РКЦ или координатор")

TOTAL_LABELS = {
    "year": st.column_config.NumberColumn("Год", format="%d"),
    "competences": "Компетенций",
    "contestants": "Участников",
    "gold": "Золото",
    "silver": "Серебро",
    "bronze": "Бронза",
    "medallion": "Медальоны",
    "medals": "Медалей",
    "medal_points": "Очков",
}


def totals_chart(frame: pl.DataFrame, height: int = 240) -> alt.Chart:
    if "is_partial" not in frame.columns:
        frame = periods.mark(ctx, frame, ("championship_results",))
    long = frame.unpivot(
        index=["year", "is_partial", "period_note"],
        on=["contestants", "medals"],
        variable_name="what",
        value_name="n",
    ).with_columns(pl.col("what").replace_strict({"contestants": "Участников", "medals": "Медалей"}))
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("what:N", sort=["Участников", "Медалей"]),
            y=alt.Y("n:Q", title="Человек / медалей"),
            color=alt.Color("what:N", title="Показатель", sort=["Участников", "Медалей"]),
            # a partial year is drawn lighter: not the region's total
            opacity=yearly.partial_opacity(),
            tooltip=[
                alt.Tooltip("year:O", title="Год"),
                alt.Tooltip("what:N", title="Показатель"),
                alt.Tooltip("n:Q", title="Значение"),
                alt.Tooltip("period_note:N", title="Полнота данных"),
            ],
        )
        .properties(height=height)
    )


if not ctx.allows("institution_aggregates"):
    st.subheader("По годам")
    if not totals.is_empty():
        draw.chart(totals_chart(totals), width="stretch")
        tables.table(
            totals.select("year", "contestants", "competences", "medals"),
            name="championships-regional-totals",
            title="Чемпионаты: итоги региона по годам",
            column_config={k: TOTAL_LABELS[k] for k in ("year", "contestants", "competences", "medals")},
        )
    st.info(
        "Медальный зачёт по организациям, итоги по компетенциям и результаты участников доступны "
        "после входа (члены совета, координатор, РКЦ, образовательные организации).",
        icon=":material/lock:",
    )
    screen.freshness(ctx)
    st.stop()

# --- signed-in roles --------------------------------------------------------------------------------

MEDAL_TABLE = {
    "place": st.column_config.NumberColumn("Место", format="%d"),
    "inst_code": "Код",
    "short_name": st.column_config.TextColumn("Организация", width="medium"),
    "organization": st.column_config.TextColumn("Организация", width="medium"),
    "events": "Чемпионатов",
    "competences": "Компетенций",
    "contestants": "Участников",
    "gold": st.column_config.NumberColumn("Золото", format="%d"),
    "silver": st.column_config.NumberColumn("Серебро", format="%d"),
    "bronze": st.column_config.NumberColumn("Бронза", format="%d"),
    "medallion": st.column_config.NumberColumn("Медальоны", format="%d"),
    "medals": st.column_config.NumberColumn("Медалей", format="%d"),
    "medal_points": st.column_config.NumberColumn("Очков", format="%d"),
    "leader": st.column_config.TextColumn("Больше всех очков", width="large"),
    "competence": st.column_config.TextColumn("Компетенция", width="medium"),
}
MEDAL_RU = {"gold": "Золото", "silver": "Серебро", "bronze": "Бронза", "medallion": "Медальон"}


def show_points(frame: pl.DataFrame, name_col: str, title: str) -> None:
    """The points chart of the leaders (all of them in a region), saying how many it leaves to the table."""
    if frame.height > tables.BARS_AT_MOST:
        st.caption(
            f"На графике — первые {tables.BARS_AT_MOST} по месту из {fmt.number(frame.height)}; "
            "все — в таблице ниже."
        )
        frame = frame.sort("place", name_col).head(tables.BARS_AT_MOST)
    draw.chart(points_chart(frame, name_col, title), width="stretch")


def points_chart(frame: pl.DataFrame, name_col: str, title: str) -> alt.Chart:
    """Medal points of each row, split by the medal that earned them."""
    long = frame.unpivot(index=[name_col, "place"], on=list(MEDAL_RU), variable_name="medal", value_name="n")
    long = long.with_columns(
        (pl.col("n") * pl.col("medal").replace_strict(POINTS)).alias("points"),
        pl.col("medal").replace_strict(MEDAL_RU),
    ).filter(pl.col("n") > 0)
    order = frame.sort("place").get_column(name_col).to_list()
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{name_col}:N", title=None, sort=order, axis=alt.Axis(labelLimit=360, labelOverlap=False)
            ),
            x=alt.X("points:Q", title="Очков медального зачёта"),
            color=alt.Color(
                "medal:N",
                title="Медаль",
                sort=list(MEDAL_RU.values()),
                scale=alt.Scale(
                    domain=list(MEDAL_RU.values()), range=["#d4a017", "#9e9e9e", "#a0522d", "#4f7cac"]
                ),
            ),
            tooltip=[
                alt.Tooltip(f"{name_col}:N", title=title),
                alt.Tooltip("medal:N", title="Медаль"),
                alt.Tooltip("n:Q", title="Медалей"),
                alt.Tooltip("points:Q", title="Очков"),
            ],
        )
        .properties(height=max(160, 26 * len(order)))
    )


def organization_tab(
    kind: str, organization: str, whose: str, title: str, heading: str, history: pl.DataFrame
) -> None:
    """A tab of the championships ranked by school or employer: points, medal table, totals by year."""
    medals = ch.organization_table(ctx, kind, year, competence)
    if medals.is_empty():
        screen.empty(f"результаты {whose} {year} года", "РКЦ или координатор")
    else:
        show_points(medals, "organization", organization)
        tables.table(
            medals,
            name=f"{kind}-{year}",
            title=picked.title(f"{title}, {year}"),
            column_config=tables.column_config(
                medals, MEDAL_TABLE, organization=st.column_config.TextColumn(organization, width="medium")
            ),
        )
    st.markdown(f"**{heading} по годам**")
    if not history.is_empty():
        draw.chart(totals_chart(history, 200), width="stretch")


tab_names = ["Медальный зачёт", "По компетенциям", "Динамика", "Юниоры", "Корпоративные чемпионаты"]
if ctx.allows("named_results"):
    tab_names.append("Результаты участников")
tabs = st.tabs(tab_names)

with tabs[0]:
    table = ch.medal_table(ctx, year, level, age_group, competence)
    st.caption(
        f"Колледжи и вузы, {year} год: место по очкам, при равенстве — по числу золотых, серебряных, "
        "бронзовых медалей. Участники без образовательной организации (школьники, работники предприятий) "
        "сюда не входят — см. вкладки «Юниоры» и «Корпоративные чемпионаты»."
    )
    if table.is_empty():
        screen.empty(
            "участники от колледжей и вузов при выбранных условиях (юниоры и корпоративные чемпионаты — на своих вкладках)",
            "РКЦ или координатор",
        )
    else:
        if ctx.inst_code:
            own = table.filter(pl.col("inst_code") == ctx.inst_code)
            if own.is_empty():
                st.caption(f"Вашей организации ({ctx.inst_code}) в этой таблице нет.")
            else:
                r = own.row(0, named=True)
                st.success(
                    f"Ваша организация ({ctx.inst_code}): {r['place']}-е место, {r['medal_points']} очков."
                )
        show_points(table, "short_name", "Организация")
        tables.table(
            table,
            name=f"medal-table-{year}",
            title=picked.title(f"Медальный зачёт колледжей и вузов, {year}"),
            column_config=tables.column_config(table, MEDAL_TABLE),
        )

with tabs[1]:
    comp = ch.by_competence(ctx, year, level, age_group, competence)
    st.caption(f"Медали по компетенциям, {year} год; «больше всех очков» — организация-лидер компетенции.")
    if comp.is_empty():
        screen.empty("результаты по компетенциям при выбранных условиях", "РКЦ или координатор")
    else:
        tables.table(
            comp,
            name=f"medals-by-competence-{year}",
            title=picked.title(f"Медали по компетенциям, {year}"),
            column_config=tables.column_config(comp, MEDAL_TABLE),
        )

with tabs[2]:
    trend = periods.mark(
        ctx, ch.yearly_points_by_level(ctx, age_group, competence), ("championship_results",)
    )
    if not ctx.allows("partial_years"):
        trend = trend.filter(~pl.col("is_partial"))
    st.caption(
        "Очки медального зачёта региона по годам и уровням чемпионатов"
        + (f" ({ch.AGE_GROUPS[age_group]})" if age_group else "")
        + (f", компетенция «{competence}»" if competence else "")
        + ". Фильтры года и уровня здесь не действуют."
    )
    if trend.is_empty():
        screen.empty("результаты чемпионатов при выбранных условиях", "РКЦ или координатор")
    else:
        tooltip = [
            alt.Tooltip("year:O", title="Год"),
            alt.Tooltip("level_label:N", title="Уровень"),
            alt.Tooltip("medal_points:Q", title="Очков"),
            alt.Tooltip("medals:Q", title="Медалей"),
            alt.Tooltip("contestants:Q", title="Участников"),
        ]
        base = alt.Chart(trend).encode(
            x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
            color=alt.Color("level_label:N", title="Уровень чемпионата", sort=list(ch.LEVELS.values())),
            tooltip=tooltip,
        )
        points = yearly.partial_trend(
            base.encode(y=alt.Y("medal_points:Q", title="Очков медального зачёта")), tooltip
        )
        draw.chart(points.properties(height=300), width="stretch")
        yearly.partial_caption(trend)
        people = base.mark_bar().encode(
            y=alt.Y("contestants:Q", title="Участников"), xOffset=alt.XOffset("level_label:N")
        )
        draw.chart(people.properties(height=220), width="stretch")


with tabs[3]:
    st.caption(
        f"Юниоры (14–17 лет), {year} год: участники — школьники, поэтому таблица по школам. "
        "Фильтры уровня и возрастной группы здесь не действуют."
    )
    organization_tab(
        "juniors",
        "Школа",
        "юниоров",
        "Юниоры: медальный зачёт школ",
        "Юниоры",
        ch.yearly_totals(ctx, None, "juniors", competence),
    )

with tabs[4]:
    st.caption(
        f"Корпоративные чемпионаты работодателей, {year} год: таблица по работодателям. "
        "Фильтры уровня и возрастной группы здесь не действуют."
    )
    organization_tab(
        "corporate",
        "Работодатель",
        "корпоративных чемпионатов",
        "Корпоративные чемпионаты: зачёт работодателей",
        "Корпоративные чемпионаты",
        ch.yearly_totals(ctx, "corporate", None, competence),
    )

if ctx.allows("named_results"):
    with tabs[5]:
        inst, _ = sidebar.institution_filter(
            ch.institutions(ctx), "Колледж или вуз", everything="Все участники", container=st
        )
        rows = ch.results(ctx, year, level, age_group, competence, inst)
        st.caption(
            f"Результаты участников, {year} год: {fmt.count(rows.height, 'строка', 'строки', 'строк')}."
        )
        if rows.is_empty():
            screen.empty("результаты участников при выбранных условиях", "РКЦ или координатор")
        else:
            tables.table(
                rows.select(
                    "participant_name",
                    "competence",
                    "score",
                    "medal_label",
                    "medal_points",
                    "organization",
                    "inst_code",
                    "event",
                    "level_label",
                    "age_group_label",
                    "year",
                ),
                name=f"championship-results-{year}",
                title=picked.title(f"Результаты участников чемпионатов, {year}"),
                column_config={
                    "participant_name": st.column_config.TextColumn("Участник", width="medium"),
                    "competence": st.column_config.TextColumn("Компетенция", width="medium"),
                    "score": st.column_config.NumberColumn("Баллы", format="%.2f"),
                    "medal_label": "Медаль",
                    "medal_points": st.column_config.NumberColumn("Очков", format="%d"),
                    "organization": st.column_config.TextColumn("Организация", width="medium"),
                    "inst_code": "Код ОО",
                    "event": st.column_config.TextColumn("Чемпионат", width="medium"),
                    "level_label": "Уровень",
                    "age_group_label": "Возрастная группа",
                    "year": st.column_config.NumberColumn("Год", format="%d"),
                },
            )

screen.freshness(ctx)
