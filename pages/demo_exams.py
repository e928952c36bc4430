"""«Демонстрационный экзамен»: grades 2–5, share of 4–5, average score and credited results by year."""

import altair as alt
import polars as pl
import streamlit as st

from mart import db, employment, exams, roadmap
from pages import ui

ctx = ui.header(
    "Демонстрационный экзамен",
    "Результаты демонстрационного экзамена по стандартам «Молодые профессионалы» (WorldSkills Russia).",
)
ui.demo_banner()

try:
    year_options = exams.years(ctx).get_column("year").to_list()
except db.MartMissing as exc:
    ui.mart_missing(exc)

measure = roadmap.measure(ctx, "5.13")
if measure.height:
    m = measure.row(0, named=True)
    group = f", {m['group_label']}" if m["group_code"] else ""
    st.caption(
        f"Мероприятие дорожной карты {m['item_label']} ({m['section_label']}{group}): {m['title']} — "
        f"статус: {(m['status_label'] or 'нет сведений').lower()}."
    )

if not year_options:
    ui.empty("результаты демонстрационного экзамена", "каждая образовательная организация (ПОО)")
    ui.freshness(ctx)
    st.stop()

# --- filters (kept in the URL) ----------------------------------------------------------------------
sees_institutions = ctx.allows("institution_aggregates")
year = ui.url_filter("Год", year_options, "year", default=year_options[0])
inst = None
names: dict[str, str] = {}
if sees_institutions:
    insts = exams.institutions(ctx)
    names = dict(zip(insts.get_column("inst_code"), insts.get_column("short_name"), strict=True))
    inst = ui.url_filter(
        "Организация",
        [None, *names],
        "inst",
        format_func=lambda v: "Все" if v is None else f"{v} — {names[v]}",
    )
specs = exams.specialties(ctx, inst)
spec_names = dict(zip(specs.get_column("specialty_code"), specs.get_column("specialty_name"), strict=True))
spec = ui.url_filter(
    "Специальность (профессия)",
    [None, *spec_names],
    "spec",
    format_func=lambda v: "Все" if v is None else f"{v} {spec_names[v] or ''}".strip(),
)
comp_options = exams.competences(ctx, inst, spec).get_column("competence").to_list()
comp = ui.url_filter(
    "Компетенция", [None, *comp_options], "comp", format_func=lambda v: "Все" if v is None else v
)
if not sees_institutions:
    st.sidebar.caption("Показатели по организациям доступны после входа в систему.")

where = [f"{inst} — {names[inst]}" if inst else "Амурская область (все организации)"]
if spec:
    where.append(f"специальность {spec} {spec_names[spec] or ''}".strip())
if comp:
    where.append(f"компетенция «{comp}»")
st.markdown(f"**{year} год — {', '.join(where)}**")
if sees_institutions and employment.protects(ctx):
    st.caption(
        "🔒 Для единообразия с трудоустройством ячейки «организация × специальность» с числом студентов "
        "меньше 5 скрыты (и ещё одна ячейка того же итога, чтобы скрытое нельзя было вычислить). "
        "Итоги по области, по специальностям и компетенциям показываются полностью."
    )


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f} %".replace(".", ",")


def score(value) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def number(value) -> str:
    return "—" if value is None else f"{value:,}".replace(",", " ")


# --- headline figures -------------------------------------------------------------------------------
summary = exams.summary(ctx, inst, spec, comp)
by_year = {r["year"]: r for r in summary.iter_rows(named=True)}
cur, prev = by_year.get(year), by_year.get(year - 1)


def value(row, col):
    return None if row is None or row["hidden"] else row[col]


if cur is None:
    ui.empty(
        f"результаты демонстрационного экзамена {year} года по выбранным условиям",
        "образовательная организация (ПОО)",
    )
else:
    if cur["hidden"]:
        st.info(
            "В этой ячейке «организация × специальность» меньше 5 студентов: показатели скрыты.", icon="🔒"
        )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        "Сдавали экзамен",
        number(cur["exams"]),
        delta=ui.delta(value(cur, "exams"), value(prev, "exams")),
        delta_color="off",
        help="Экзаменов: один студент в одной компетенции.",
    )
    c2.metric(
        "Оценки «4» и «5»",
        pct(cur["good_share"]),
        delta=ui.delta(value(cur, "good_share"), value(prev, "good_share"), pct=True),
        help="Доля экзаменов с итоговой оценкой 4 или 5 (K3 показателей эффективности директоров).",
    )
    avg_now, avg_prev = value(cur, "avg_score"), value(prev, "avg_score")
    c3.metric(
        "Средний балл",
        score(cur["avg_score"]),
        # the score is a percentage of the maximum: its change is in percentage points
        delta=ui.delta(
            None if avg_now is None else avg_now / 100, None if avg_prev is None else avg_prev / 100, pct=True
        ),
        help="Среднее значение процента от максимального балла; зачтённые результаты чемпионатов без балла не учитываются.",
    )
    c4.metric(
        "Зачтено по результатам чемпионатов",
        number(cur["credited"]),
        delta=ui.delta(value(cur, "credited"), value(prev, "credited")),
        delta_color="off",
        help="Победителям и призёрам чемпионатов результат засчитывается как оценка «5».",
    )

# --- grade distribution ---------------------------------------------------------------------------
left, right = st.columns(2)
grades = exams.grade_distribution(ctx, inst, spec, comp).filter(~pl.col("hidden"))
grade_colors = {"2": "#c62828", "3": "#f9a825", "4": "#7cb342", "5": "#2e7d32"}
with left:
    st.subheader(f"Распределение оценок, {year}")
    this_year = grades.filter(pl.col("year") == year).with_columns(
        pl.format("«{}» {}", pl.col("grade"), pl.col("grade_label")).alias("grade_name"),
        pl.col("grade").cast(pl.String).alias("grade_text"),
        (pl.col("share") * 100).round(1).alias("share_pct"),
    )
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
        st.altair_chart(chart, width="stretch")

with right:
    st.subheader("Оценки по годам")
    stacked = grades.with_columns(
        pl.col("grade").cast(pl.String).alias("grade_text"),
        pl.format("«{}» {}", pl.col("grade"), pl.col("grade_label")).alias("grade_name"),
        (pl.col("share") * 100).round(1).alias("share_pct"),
    )
    if stacked.is_empty():
        st.caption("Нет данных для графика.")
    else:
        chart = (
            alt.Chart(stacked)
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
                tooltip=[
                    alt.Tooltip("year:O", title="Год"),
                    alt.Tooltip("grade_name:N", title="Оценка"),
                    alt.Tooltip("exams:Q", title="Экзаменов"),
                    alt.Tooltip("share_pct:Q", title="Доля, %", format=".1f"),
                ],
            )
            .properties(height=300)
        )
        st.altair_chart(chart, width="stretch")

# --- trend ----------------------------------------------------------------------------------------------
st.subheader("Динамика по годам")
lines = {"good_share": "Доля оценок «4» и «5»", "avg_score": "Средний балл (% от максимума)"}
trend = (
    summary.filter(~pl.col("hidden"))
    .select("year", (pl.col("good_share") * 100).round(1).alias("good_share"), pl.col("avg_score").round(1))
    .unpivot(index="year", variable_name="indicator", value_name="value")
    .with_columns(pl.col("indicator").replace_strict(lines))
)
if trend.is_empty():
    st.caption("Нет данных для графика.")
else:
    chart = (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "indicator:N",
                title="Показатель",
                sort=list(lines.values()),
                scale=alt.Scale(domain=list(lines.values()), range=["#2e7d32", "#1565c0"]),
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Год"),
                alt.Tooltip("indicator:N", title="Показатель"),
                alt.Tooltip("value:Q", title="Значение, %", format=".1f"),
            ],
        )
        .properties(height=280)
    )
    st.altair_chart(chart, width="stretch")

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
        pl.when(pl.col("hidden")).then(pl.lit("скрыто (< 5 студентов)")).otherwise(None).alias("note"),
    )


# --- by institution ---------------------------------------------------------------------------------
if sees_institutions:
    st.subheader(f"По организациям, {year}" + (f" — специальность {spec}" if spec else ""))
    if inst:
        st.caption("Для сравнения показаны все организации.")
    colleges = exams.by_institution(ctx, year, spec, comp)
    if colleges.is_empty():
        ui.empty(
            "результаты экзамена по организациям за этот год", "каждая образовательная организация (ПОО)"
        )
    else:
        ui.table(
            shown(colleges, "inst_code", "short_name", change=True),
            name=f"демоэкзамен_организации_{year}",
            title=f"Демонстрационный экзамен {year} года по организациям",
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
st.subheader(f"По специальностям, {year}")
by_spec = exams.by_specialty(ctx, year, inst, comp)
if by_spec.is_empty():
    ui.empty("результаты экзамена по специальностям за этот год", "каждая образовательная организация (ПОО)")
else:
    ui.table(
        shown(by_spec, "specialty_code", "specialty_name"),
        name=f"демоэкзамен_специальности_{year}",
        title=f"Демонстрационный экзамен {year} года по специальностям",
        column_config={
            "specialty_code": "Код ОКСО",
            "specialty_name": st.column_config.TextColumn("Специальность (профессия)", width="large"),
            **GRADE_COLUMNS,
        },
    )

st.subheader(f"По компетенциям, {year}")
if comp:
    st.caption("Для сравнения показаны все компетенции выбранной организации и специальности.")
by_comp = exams.by_competence(ctx, year, inst, spec)
if by_comp.is_empty():
    ui.empty("результаты экзамена по компетенциям за этот год", "каждая образовательная организация (ПОО)")
else:
    ui.table(
        shown(by_comp, "competence", "block"),
        name=f"демоэкзамен_компетенции_{year}",
        title=f"Демонстрационный экзамен {year} года по компетенциям",
        column_config={
            "competence": st.column_config.TextColumn("Компетенция", width="large"),
            "block": "Блок компетенций",
            **GRADE_COLUMNS,
        },
    )

# --- person-level rows ---------------------------------------------------------------------------------
if ctx.allows("person_rows"):
    st.subheader("Результаты студентов (условные номера)")
    if employment.person_rows_visible(ctx, inst):
        rows = exams.exam_rows(ctx, year, inst, spec, comp)
        listed = ", ".join(rows.get_column("inst_code").unique().sort().to_list()) or "—"
        st.caption(f"Персональные данные без ФИО. Организации: {listed}. Строк: {rows.height}.")
        with st.expander("Открыть таблицу результатов"):
            ui.table(
                rows.select(
                    "year",
                    "inst_code",
                    "specialty_code",
                    "competence",
                    "student_id",
                    "score_pct",
                    "grade_given",
                    "credited",
                    "grade",
                ),
                name=f"демоэкзамен_студенты_{year}",
                title=f"Демонстрационный экзамен {year} года (персональные строки)",
                column_config={
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
            )
    else:
        st.caption("Персональные строки другой организации недоступны: выберите свою организацию.")

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

ui.freshness(ctx)
