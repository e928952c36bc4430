"""«Дорожная карта»: the 57 measures of decree No. 448, their status, deadlines, history; the coordinator's form."""

import altair as alt
import polars as pl
import streamlit as st

from mart.intake import ingest
from mart.platform import db
from mart.read import roadmap
from pages.ui import decree, draw, fmt, screen, sidebar, tables

FIXED, ONGOING = "Срок по постановлению", "Постоянно (с подписания по сегодня)"

ctx = screen.header(
    "Дорожная карта",
    f"План мероприятий по внедрению регионального стандарта кадрового обеспечения: {decree.DECREE}.",
)

try:
    screen.demo_banner()
    section_list = roadmap.sections(ctx)
except db.MartMissing as exc:
    screen.mart_missing(exc)


# --- filters -----------------------------------------------------------------------------------------
section_labels = dict(zip(section_list["section_no"], section_list["section_label"], strict=True))
executor_list = roadmap.executors(ctx)
executor_labels = dict(zip(executor_list["executor_code"], executor_list["name_ru"], strict=True))
executor_labels[roadmap.NO_EXECUTOR] = "— исполнитель не указан (пп. 2.6, 2.7) —"
status_list = roadmap.statuses(ctx)
status_labels = dict(zip(status_list["status"], status_list["status_label"], strict=True))

st.sidebar.header("Фильтры")
section = sidebar.url_filter(
    "Раздел",
    [None, *section_labels],
    "section",
    format_func=sidebar.or_all(section_labels, "Все разделы"),
)
executor = sidebar.url_filter(
    "Ответственный исполнитель",
    [None, *executor_labels],
    "executor",
    format_func=sidebar.or_all(executor_labels, "Все исполнители"),
)
status = sidebar.url_filter(
    "Статус",
    [None, *status_labels],
    "status",
    format_func=sidebar.or_all(status_labels, "Все статусы"),
)
overdue_only = sidebar.url_toggle(
    "Только просроченные",
    "overdue",
    help="Срок прошёл, а мероприятие не выполнено и не отменено. Мероприятия «Постоянно» не просрочиваются.",
)

# --- headline figures -------------------------------------------------------------------------------
summary = roadmap.roadmap_summary(ctx, section, executor).row(0, named=True)
scope = []
if section is not None:
    scope.append(section_labels[section])
if executor is not None:
    scope.append(f"исполнитель: {executor_labels[executor]}")
st.subheader("Ход выполнения" + (f" — {'; '.join(scope)}" if scope else ""))
decree.roadmap_figures(summary, f"Из 57 мероприятий постановления. {roadmap.SECTION_1_NOTE}")
st.caption(
    f"Не начато: {summary['not_started']}, отменено: {summary['cancelled']}, "
    f"постоянных («Постоянно», «На постоянной основе»): {summary['ongoing']}."
)

# --- sections ---------------------------------------------------------------------------------------
with st.expander("Разделы дорожной карты", expanded=section is None):
    st.caption(roadmap.SECTION_1_NOTE)
    tables.table(
        roadmap.roadmap_by_section(ctx),
        name="дорожная-карта-разделы",
        title="Дорожная карта: выполнение по разделам",
        column_config={
            "section_no": st.column_config.NumberColumn("№", format="%d"),
            "section_label": st.column_config.TextColumn("Раздел", width="large"),
            "measures": "Мероприятий",
            "done": "Выполнено",
            "in_progress": "Выполняется",
            "not_started": "Не начато",
            "cancelled": "Отменено",
            "overdue": "Просрочено",
            "avg_progress_pct": st.column_config.ProgressColumn(
                "Средний прогресс", format="%.0f%%", min_value=0, max_value=100
            ),
        },
    )

# --- the decree's oddities --------------------------------------------------------------------------
odd = roadmap.oddities(ctx)
early = odd.filter(pl.col("kind") == "Срок начинается до подписания постановления")
nobody = odd.filter(pl.col("kind") == "Исполнитель не указан")
st.warning(
    "Особенности текста постановления (показаны как есть, не исправлены): "
    f"срок начинается до подписания постановления 09.08.2019 — {', '.join(early['item_label'])}; "
    f"исполнитель не указан — {', '.join(nobody['item_label'])}; "
    f"у раздела 1 нет собственного заголовка. Примечания расшифровки текста — у "
    f"{odd.filter(pl.col('kind') == 'Примечание расшифровки').height} мероприятий.",
    icon=":material/warning:",
)
with st.expander("Особенности текста и примечания расшифровки"):
    st.caption(
        "Текст постановления получен из PDF-таблицы: строки разорваны страницами, часть ячеек сдвинута или "
        "пуста. При расшифровке сохранены формулировки, а каждое решение записано в примечании."
    )
    tables.table(
        odd.select("item_label", "section_label", "kind", "detail"),
        name="дорожная-карта-особенности",
        title="Дорожная карта: особенности текста постановления",
        column_config={
            "item_label": "Мероприятие",
            "section_label": "Раздел",
            "kind": "Особенность",
            "detail": st.column_config.TextColumn("Пояснение", width="large"),
        },
    )

# --- measures ---------------------------------------------------------------------------------------
rows = roadmap.measures(ctx, section, executor, status, overdue_only)
st.subheader(f"Мероприятия: {rows.height}")
if rows.is_empty():
    st.info("Под выбранные фильтры не подходит ни одно мероприятие.")
else:
    tables.table(
        rows.select(  # the measure and its name first and pinned: never behind a horizontal scroll
            "item_label",
            "title",
            "status_label",
            "progress_pct",
            "section_label",
            "group_label",
            "deadline_text",
            "start_date",
            "end_date",
            "is_overdue",
            "days_overdue",
            "responsible",
            "flags",
            "has_note",
        ),
        name="дорожная-карта-мероприятия",
        title="Дорожная карта: мероприятия",
        column_config={
            "item_label": st.column_config.TextColumn("Мероприятие", pinned=True),
            "section_label": "Раздел",
            "group_label": "Группа",
            "title": st.column_config.TextColumn("Наименование", width="large", pinned=True),
            "status_label": "Статус",
            "progress_pct": st.column_config.ProgressColumn(
                "Прогресс", format="%.0f%%", min_value=0, max_value=100
            ),
            "deadline_text": "Срок по постановлению",
            "start_date": st.column_config.DateColumn("Начало срока", format="DD.MM.YYYY"),
            "end_date": st.column_config.DateColumn("Конец срока", format="DD.MM.YYYY"),
            "is_overdue": st.column_config.CheckboxColumn("Просрочено"),
            "days_overdue": st.column_config.NumberColumn("Дней просрочки", format="%d"),
            "responsible": "Ответственный исполнитель",
            "flags": "Особенности постановления",
            "has_note": st.column_config.CheckboxColumn("Есть примечание"),
        },
    )

# --- timeline ---------------------------------------------------------------------------------------
bars = roadmap.timeline(ctx, section, executor, status, overdue_only)
if not bars.is_empty():
    st.subheader("Сроки мероприятий")
    st.caption(
        "Полоса — срок по постановлению; мероприятия «Постоянно» показаны бледной полосой с пунктирной рамкой "
        "от подписания постановления до сегодняшнего дня; красная линия после полосы — просрочка. "
        "Вертикальные линии: подписание постановления 09.08.2019 и сегодня."
    )
    order = bars["bar_label"].to_list()
    y = alt.Y("bar_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=380, labelOverlap=False))
    tooltip = [
        alt.Tooltip("item_label:N", title="Мероприятие"),
        alt.Tooltip("title:N", title="Наименование"),
        alt.Tooltip("deadline_text:N", title="Срок по постановлению"),
        alt.Tooltip("bar_start:T", title="С", format="%d.%m.%Y"),
        alt.Tooltip("bar_end:T", title="По", format="%d.%m.%Y"),
        alt.Tooltip("status_label:N", title="Статус"),
        alt.Tooltip("progress_pct:Q", title="Прогресс, %", format=".0f"),
        alt.Tooltip("days_overdue:Q", title="Дней просрочки"),
    ]
    base = alt.Chart(bars)
    deadline_bars = base.mark_bar(height=12, cornerRadius=2, stroke="#37474f", strokeDash=[4, 3]).encode(
        y=y,
        x=alt.X("bar_start:T", title="Год", axis=alt.Axis(format="%Y", tickCount="year")),
        x2=alt.X2("bar_end:T"),
        color=alt.Color(
            "status_label:N",
            title="Статус",
            scale=alt.Scale(domain=decree.STATUS_ORDER, range=decree.STATUS_COLORS),
        ),
        opacity=alt.Opacity(
            "bar_kind:N", title="Срок", scale=alt.Scale(domain=[FIXED, ONGOING], range=[1.0, 0.35])
        ),
        # only ongoing measures get the dashed outline
        strokeWidth=draw.condition(alt.StrokeWidthValue, "datum.is_ongoing", 1.5, 0),
        tooltip=tooltip,
    )
    overdue_tail = (
        base.transform_filter("datum.is_overdue")
        .mark_rule(color="#c62828", strokeWidth=2)
        .encode(y=y, x=alt.X("bar_end:T"), x2=alt.X2("as_of:T"), tooltip=tooltip)
    )
    marks = pl.DataFrame(
        {
            "date": [roadmap.DECREE_DATE, summary["as_of"]],
            "label": ["Подписание, 09.08.2019", f"Сегодня, {summary['as_of']:%d.%m.%Y}"],
        }
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeWidth=2, strokeDash=[6, 4])
        .encode(
            x=alt.X("date:T"),
            color=alt.Color("label:N", title="Даты", scale=alt.Scale(range=["#455a64", "#c62828"])),
            tooltip=[alt.Tooltip("label:N", title="Дата")],
        )
    )
    chart = (
        alt.layer(deadline_bars, overdue_tail, rules)
        .resolve_scale(color="independent")
        .properties(height=alt.Step(20))
        .configure_legend(labelLimit=320, orient="bottom", direction="vertical")
    )
    draw.chart(chart, width="stretch")

# --- one measure's card -----------------------------------------------------------------------------
st.divider()
st.subheader("Карточка мероприятия")
everything = roadmap.roadmap_progress(ctx)
titles = dict(zip(everything["item_code"], everything["title"], strict=True))
item = sidebar.url_filter(
    "Мероприятие",
    [None, *titles],
    "item",
    format_func=lambda c: (
        "— выберите мероприятие —" if c is None else f"п. {c} — {fmt.shorten(titles[c], 110)}"
    ),
    container=st,
)
if item is None:
    st.caption("Выберите мероприятие, чтобы увидеть его ключевой результат, документы и историю статусов.")
else:
    card = roadmap.measure(ctx, item).row(0, named=True)
    st.markdown(f"### {card['item_label']}. {card['title']}")
    st.caption(f"{card['section_label']} · {card['group_label']}")
    if card["section_no"] == 1:
        st.caption(roadmap.SECTION_1_NOTE)
    if card["deadline_before_decree"]:
        st.warning(
            f"Срок «{card['deadline_text']}» начинается раньше подписания постановления (09.08.2019).",
            icon=":material/warning:",
        )
    if card["has_no_executor"]:
        st.warning(
            "В постановлении не указан ответственный исполнитель этого мероприятия.",
            icon=":material/warning:",
        )
    if card["is_overdue"]:
        st.error(f"Просрочено на {card['days_overdue']} дн.: срок истёк {card['end_date']:%d.%m.%Y}.")

    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**Ключевой результат.** {card['key_result'] or '—'}")
        st.markdown(f"**Документы, подтверждающие результат.** {card['documents'] or '— графа пуста —'}")
        st.markdown(f"**Ответственный исполнитель (как в постановлении).** {card['responsible']}")
        if card["executors"]:
            st.caption(f"Исполнители по справочнику: {card['executors']}")
    with right:
        if card["is_ongoing"]:
            when = "бессрочно (постоянно)"
        else:
            when = f"{card['start_date']:%d.%m.%Y} – {card['end_date']:%d.%m.%Y}"
        st.markdown(f"**Срок по постановлению.** «{card['deadline_text']}» ({when})")
        st.markdown(
            f"**Статус.** {card['status_label']}"
            + (f" на {card['status_date']:%d.%m.%Y}" if card["status_date"] else " (отчётов ещё нет)")
        )
        st.progress(min(int(card["progress_pct"] or 0), 100), text=f"Прогресс: {card['progress_pct']:.0f} %")
        if card["evidence"]:
            st.markdown(f"**Подтверждение.** {fmt.plain(card['evidence'])}")
        if card["comment"]:
            st.markdown(f"**Комментарий.** {fmt.plain(card['comment'])}")
    if card["note"]:
        st.info(f"Примечание расшифровки постановления: {card['note']}", icon=":material/edit_note:")

    history = roadmap.status_history(ctx, item)
    st.markdown("**История статусов**")
    if history.is_empty():
        st.caption("Отчётов о статусе этого мероприятия ещё не было: оно считается не начатым.")
    else:
        tables.table(
            history.select(
                "status_date",
                "status_label",
                "progress_pct",
                "evidence",
                "comment",
                "source",
                "uploaded_by",
                "batch_id",
            ),
            name=f"дорожная-карта-история-{item}",
            title=f"История статусов мероприятия п. {item}",
            column_config={
                "status_date": st.column_config.DateColumn("Дата статуса", format="DD.MM.YYYY"),
                "status_label": "Статус",
                "progress_pct": st.column_config.ProgressColumn(
                    "Прогресс", format="%.0f%%", min_value=0, max_value=100
                ),
                "evidence": st.column_config.TextColumn("Подтверждение", width="large"),
                "comment": "Комментарий",
                "source": "Источник",
                "uploaded_by": "Кто внёс",
                "batch_id": st.column_config.NumberColumn("Пакет", format="%d"),
            },
        )

    # --- the coordinator's status form --------------------------------------------------------------
    if ctx.allows("edit_roadmap"):
        st.markdown("**Изменить статус**")
        saved = st.session_state.pop("roadmap_saved", None)
        if saved:
            st.success(saved)
        with st.form(f"status_form_{item}"):
            codes = list(status_labels)
            f_status = st.selectbox(
                "Статус",
                codes,
                index=codes.index(card["status"]),
                format_func=status_labels.get,
                key=f"form_status_{item}",
            )
            f_progress = st.number_input(
                "Прогресс, %",
                value=float(card["progress_pct"] or 0),
                step=5.0,
                format="%.0f",
                key=f"form_progress_{item}",
                help="От 0 до 100. У выполненного мероприятия — 100.",
            )
            f_date = st.date_input(
                "Дата статуса",
                value=summary["as_of"],
                max_value=summary["as_of"],
                format="DD.MM.YYYY",
                key=f"form_date_{item}",
                help="Не позже сегодняшнего дня. Текущим считается отчёт с самой поздней датой.",
            )
            f_evidence = st.text_input(
                "Подтверждение",
                key=f"form_evidence_{item}",
                placeholder="Протокол заседания № 3 от 01.11.2026",
            )
            f_comment = st.text_area("Комментарий", key=f"form_comment_{item}", height=80)
            submitted = st.form_submit_button("Сохранить статус", type="primary")
        st.caption(
            "Запись проходит ту же проверку, что и загруженный файл набора «Статус мероприятий дорожной карты», "
            "и попадает в журнал загрузок (канал «Форма»)."
        )
        if submitted:
            data, file_name = roadmap.status_form_file(
                ctx, item, f_status, f_progress, f_date, f_evidence, f_comment
            )
            result = ingest.load(ctx, "roadmap_status", data, file_name, channel="form")
            if result.accepted:
                st.session_state["roadmap_saved"] = (
                    f"Статус п. {item} сохранён: «{status_labels[f_status]}», {f_progress:g} % на "
                    f"{f_date:%d.%m.%Y} (пакет № {result.batch_id})."
                )
                st.rerun()
            else:
                lines = "\n".join(f"- {line}" for line in roadmap.form_errors(result.errors))
                st.error(f"Статус не сохранён, исправьте и отправьте снова:\n{lines}")

screen.freshness(ctx)
