"""«Демонстрационный экзамен»: grades 2–5, share of 4–5, average score and credited results by year."""

import altair as alt
import polars as pl
import streamlit as st

from mart.access import privacy
from mart.platform import db
from mart.read import exams, periods
from pages.ui import decree, draw, fmt, screen, sidebar, tables, yearly

ctx = screen.header(
    "Демонстрационный экзамен",
    "Результаты демонстрационного экзамена по стандартам «Молодые профессионалы» (WorldSkills Russia).",
)
screen.demo_banner()

try:
    year_options = exams.years(ctx).get_column("year").to_list()
except db.MartMissing as exc:
    screen.mart_missing(exc)

decree.measure_caption(ctx, "5.13")
if not year_options:
    screen.empty_page(
        ctx, "результаты демонстрационного экзамена", "каждая образовательная организация (ПОО)"
    )

# --- filters (kept in the URL) ----------------------------------------------------------------------
sees_institutions = ctx.allows("institution_aggregates")
picked = yearly.year_filter(ctx, ("demo_exams",), year_options)
year = picked.year
if year is None:
    screen.empty_page(
        ctx, "полные результаты демонстрационного экзамена", "каждая образовательная организация (ПОО)"
    )
inst = None
names: dict[str, str] = {}
if sees_institutions:
    inst, names = sidebar.institution_filter(exams.institutions(ctx))
spec, spec_names = sidebar.specialty_filter(exams.specialties(ctx, inst))
comp_options = exams.competences(ctx, inst, spec).get_column("competence").to_list()
comp = sidebar.url_filter("Компетенция", [None, *comp_options], "comp", format_func=sidebar.or_all())
if not sees_institutions:
    st.sidebar.caption("Показатели по организациям доступны после входа в систему.")

where = [f"{inst} — {fmt.plain(names[inst])}" if inst else "Амурская область (все организации)"]
if spec:
    where.append(f"специальность {spec} {spec_names[spec] or ''}".strip())
if comp:
    where.append(f"компетенция «{fmt.plain(comp)}»")
st.markdown(f"**{picked.title(f'{year} год — ' + ', '.join(where))}**")
if sees_institutions and privacy.protects(ctx):
    st.caption(
        ":material/lock: Для единообразия с трудоустройством ячейки «организация × специальность» с числом студентов "
        "меньше 5 скрыты (и ещё одна ячейка того же итога, чтобы скрытое нельзя было вычислить). "
        "Итоги по области, по специальностям и компетенциям показываются полностью."
    )


# --- headline figures -------------------------------------------------------------------------------
summary = periods.mark(ctx, exams.summary(ctx, inst, spec, comp), ("demo_exams",))
if not ctx.allows("partial_years"):
    summary = summary.filter(~pl.col("is_partial"))
cur, prev = yearly.year_rows(summary, year)
prev = picked.previous(prev)


if cur is None:
    screen.empty(
        f"результаты демонстрационного экзамена {year} года по выбранным условиям",
        "образовательная организация (ПОО)",
    )
else:
    if cur["hidden"]:
        st.info(
            "В этой ячейке «организация × специальность» меньше 5 студентов: показатели скрыты.",
            icon=":material/lock:",
        )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        picked.label("Сдавали экзамен"),
        fmt.number(cur["exams"]),
        **fmt.change(yearly.value(cur, "exams"), yearly.value(prev, "exams"), color="off"),
        help="Экзаменов: один студент в одной компетенции.",
    )
    c2.metric(
        picked.label("Оценки «4» и «5»"),
        fmt.percent(cur["good_share"]),
        **fmt.change(yearly.value(cur, "good_share"), yearly.value(prev, "good_share"), pct=True),
        help="Доля экзаменов с итоговой оценкой 4 или 5 (K3 показателей эффективности директоров).",
    )
    avg_now, avg_prev = yearly.value(cur, "avg_score"), yearly.value(prev, "avg_score")
    c3.metric(
        picked.label("Средний балл"),
        fmt.number(cur["avg_score"], 1, "\u00a0%"),
        # the score is a percentage of the maximum: its change is in percentage points
        **fmt.change(
            None if avg_now is None else avg_now / 100, None if avg_prev is None else avg_prev / 100, pct=True
        ),
        help="Среднее значение процента от максимального балла; зачтённые результаты чемпионатов без балла не учитываются.",
    )
    c4.metric(
        picked.label("Зачтено по результатам чемпионатов"),
        fmt.number(cur["credited"]),
        **fmt.change(yearly.value(cur, "credited"), yearly.value(prev, "credited"), color="off"),
        help="Победителям и призёрам чемпионатов результат засчитывается как оценка «5».",
    )
    yearly.no_change_note(picked)

# --- grade distribution ---------------------------------------------------------------------------
left, right = st.columns(2)
grades = periods.mark(ctx, exams.grade_distribution(ctx, inst, spec, comp), ("demo_exams",))
if not ctx.allows("partial_years"):
    grades = grades.filter(~pl.col("is_partial"))
grades = grades.filter(~pl.col("hidden")).with_columns(
    pl.format("«{}» {}", pl.col("grade"), pl.col("grade_label")).alias("grade_name"),
    pl.col("grade").cast(pl.String).alias("grade_text"),
    (pl.col("share") * 100).round(1).alias("share_pct"),
)
grade_colors = {"2": "#c62828", "3": "#f9a825", "4": "#7cb342", "5": "#2e7d32"}
with left:
    st.subheader(picked.title(f"Распределение оценок, {year}"))
    this_year = grades.filter(pl.col("year") == year)
    if this_year.is_empty():
        st.caption("Нет данных для графика.")
    else:
        chart = (
            alt.Chart(this_year)
            .mark_bar()
            .encode(
                x=alt.X(
                    "grade_text:O", title="Оценка", sort=["2", "3", "4", "5"], axis=alt.Axis(labelAngle=0)
                ),
                y=alt.Y("exams:Q", title="Экзаменов", axis=alt.Axis(format="d")),
                color=alt.Color(
                    "grade_text:N",
                    title="Оценка",
                    scale=alt.Scale(domain=list(grade_colors), range=list(grade_colors.values())),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("grade_name:N", title="Оценка"),
                    alt.Tooltip("exams:Q", title="Экзаменов"),
                    alt.Tooltip("share_pct:Q", title="Доля, %", format=".1f"),
                ],
            )
            .properties(height=300)
        )
        draw.chart(chart, width="stretch")

with right:
    st.subheader("Оценки по годам")
    if grades.is_empty():
        st.caption("Нет данных для графика.")
    else:
        chart = (
            alt.Chart(grades)
            .mark_bar()
            .encode(
                x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
                y=alt.Y("exams:Q", title="Доля экзаменов", stack="normalize", axis=alt.Axis(format="%")),
                color=alt.Color(
                    "grade_text:N",
                    title="Оценка",
                    sort=list(grade_colors),
                    scale=alt.Scale(domain=list(grade_colors), range=list(grade_colors.values())),
                ),
                order=alt.Order("grade:Q"),
                # a partial year is drawn lighter: not the region's distribution
                opacity=yearly.partial_opacity(),
                tooltip=[
                    alt.Tooltip("year:O", title="Год"),
                    alt.Tooltip("grade_name:N", title="Оценка"),
                    alt.Tooltip("exams:Q", title="Экзаменов"),
                    alt.Tooltip("share_pct:Q", title="Доля, %", format=".1f"),
                    alt.Tooltip("period_note:N", title="Полнота данных"),
                ],
            )
            .properties(height=300)
        )
        draw.chart(chart, width="stretch")
        yearly.partial_caption(grades)

# --- trend ----------------------------------------------------------------------------------------------
st.subheader("Динамика по годам")
lines = {"good_share": "Доля оценок «4» и «5»", "avg_score": "Средний балл (% от максимума)"}
trend = (
    summary.filter(~pl.col("hidden"))
    .select("year", (pl.col("good_share") * 100).round(1).alias("good_share"), pl.col("avg_score").round(1))
    .unpivot(index="year", variable_name="indicator", value_name="value")
    .with_columns(pl.col("indicator").replace_strict(lines))
)
trend = periods.mark(ctx, trend, ("demo_exams",))
if trend.is_empty():
    st.caption("Нет данных для графика.")
else:
    base = (
        alt.Chart(trend)
        .encode(
            x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "indicator:N",
                title="Показатель",
                sort=list(lines.values()),
                scale=alt.Scale(domain=list(lines.values()), range=["#2e7d32", "#1565c0"]),
            ),
        )
        .properties(height=280)
    )
    chart = yearly.partial_trend(
        base,
        [
            alt.Tooltip("year:O", title="Год"),
            alt.Tooltip("indicator:N", title="Показатель"),
            alt.Tooltip("value:Q", title="Значение, %", format=".1f"),
        ],
    )
    draw.chart(chart, width="stretch")
    yearly.partial_caption(trend)

GRADE_COLUMNS = {
    "grade_2": st.column_config.NumberColumn("«2»", format="%d"),
    "grade_3": st.column_config.NumberColumn("«3»", format="%d"),
    "grade_4": st.column_config.NumberColumn("«4»", format="%d"),
    "grade_5": st.column_config.NumberColumn("«5»", format="%d"),
    "exams": st.column_config.NumberColumn("Сдавали", format="%d"),
    "good_share": st.column_config.ProgressColumn("«4» и «5», %", format="%.1f", min_value=0, max_value=100),
    "avg_score": st.column_config.NumberColumn("Средний балл, %", format="%.1f"),
    "credited": st.column_config.NumberColumn("Зачтено по чемпионатам", format="%d"),
    "note": "Примечание",
}


def shown(frame: pl.DataFrame, *first: str, change: bool = False) -> pl.DataFrame:
    return frame.select(
        *first,
        "exams",
        "grade_2",
        "grade_3",
        "grade_4",
        "grade_5",
        (pl.col("good_share") * 100).round(1).alias("good_share"),
        *([(pl.col("good_share_change") * 100).round(1).alias("good_share_change")] if change else []),
        pl.col("avg_score").round(1),
        "credited",
        tables.note_if("hidden", "скрыто (< 5 студентов)"),
    )


# --- by institution ---------------------------------------------------------------------------------
if sees_institutions:
    st.subheader(picked.title(f"По организациям, {year}" + (f" — специальность {spec}" if spec else "")))
    if picked.partial:
        st.caption("Показаны организации, сдавшие данные; изменение — к той же организации за прошлый год.")
    if inst:
        st.caption("Для сравнения показаны все организации.")
    colleges = exams.by_institution(ctx, year, spec, comp)
    if colleges.is_empty():
        screen.empty(
            "результаты экзамена по организациям за этот год", "каждая образовательная организация (ПОО)"
        )
    else:
        tables.table(
            shown(colleges, "inst_code", "short_name", change=True),
            name=f"демоэкзамен_организации_{year}",
            title=picked.title(f"Демонстрационный экзамен {year} года по организациям"),
            column_config={
                "inst_code": "Код",
                "short_name": st.column_config.TextColumn("Организация", width="medium"),
                "good_share_change": st.column_config.NumberColumn(
                    "«4» и «5»: изменение, п.п.", format="%+.1f"
                ),
                **GRADE_COLUMNS,
            },
        )

# --- by specialty and by competence ---------------------------------------------------------------------
st.subheader(picked.title(f"По специальностям, {year}"))
by_spec = exams.by_specialty(ctx, year, inst, comp)
if by_spec.is_empty():
    screen.empty(
        "результаты экзамена по специальностям за этот год", "каждая образовательная организация (ПОО)"
    )
else:
    tables.table(
        shown(by_spec, "specialty_code", "specialty_name"),
        name=f"демоэкзамен_специальности_{year}",
        title=picked.title(f"Демонстрационный экзамен {year} года по специальностям"),
        column_config={
            "specialty_code": "Код ОКСО",
            "specialty_name": st.column_config.TextColumn("Специальность (профессия)", width="large"),
            **GRADE_COLUMNS,
        },
    )

st.subheader(picked.title(f"По компетенциям, {year}"))
if comp:
    st.caption("Для сравнения показаны все компетенции выбранной организации и специальности.")
by_comp = exams.by_competence(ctx, year, inst, spec)
if by_comp.is_empty():
    screen.empty(
        "результаты экзамена по компетенциям за этот год", "каждая образовательная организация (ПОО)"
    )
else:
    tables.table(
        shown(by_comp, "competence", "block"),
        name=f"демоэкзамен_компетенции_{year}",
        title=picked.title(f"Демонстрационный экзамен {year} года по компетенциям"),
        column_config={
            "competence": st.column_config.TextColumn("Компетенция", width="large"),
            "block": "Блок компетенций",
            **GRADE_COLUMNS,
        },
    )

# --- person-level rows ---------------------------------------------------------------------------------
tables.person_rows(
    ctx,
    inst,
    "Результаты студентов (условные номера)",
    "Открыть таблицу результатов",
    lambda limit: exams.exam_rows(ctx, year, inst, spec, comp, limit=limit),
    {
        "year": st.column_config.NumberColumn("Год", format="%d"),
        "inst_code": "Организация",
        "specialty_code": "Код ОКСО",
        "competence": st.column_config.TextColumn("Компетенция", width="medium"),
        "student_id": "Номер студента",
        "score_pct": st.column_config.NumberColumn("% от максимума", format="%.2f"),
        "grade_given": st.column_config.NumberColumn("Оценка в файле", format="%d"),
        "credited": "Зачтён результат чемпионата",
        "grade": st.column_config.NumberColumn("Итоговая оценка", format="%d"),
    },
    name=f"демоэкзамен_студенты_{year}",
    title=f"Демонстрационный экзамен {year} года (персональные строки)",
)

with st.expander("Как считаются показатели"):
    st.markdown(
        """
- **Итоговая оценка** — выставленная организацией; если её нет, — по официальной шкале от доли
  максимального балла: 0–19,99 % → «2», 20–39,99 % → «3», 40–69,99 % → «4», 70–100 % → «5».
  Победителям и призёрам чемпионатов по соответствующей компетенции результат засчитывается как «5».
- **Доля оценок «4» и «5»** = экзамены с итоговой оценкой 4 или 5 / экзамены с оценкой.
- **Средний балл** — среднее значение процента от максимального балла по экзаменам, где балл есть
  (зачтённые результаты чемпионатов без балла не учитываются).
"""
    )

screen.freshness(ctx)
