"""«Загрузка данных»: choose the dataset and mode, check the file, load it; the upload history below."""

import functools
import hashlib

import polars as pl
import streamlit as st

from mart.access.rules import AccessDenied
from mart.intake import datasets, ingest, templates, uploads_log
from mart.intake.filereader import MAX_BYTES
from mart.papers import export
from mart.platform import db
from pages.ui import collect, federal_form, fmt, screen, session

MODES = {
    "upsert": "Дополнить/обновить (по ключу)",
    "replace": "Заменить срез целиком",
}
MODE_CAPTIONS = {
    "upsert": "Новые строки добавляются, строки с уже известным ключом заменяют прежние версии. Ничего не удаляется.",
    "replace": "Файл — полный список строк своих срезов: строки этих срезов, которых нет в файле, выбывают.",
}
ENCODINGS = {"xlsx": "книга Excel (.xlsx)"}

allowed = [name for name in datasets.DATASETS if session.access().can_upload(name)]
ctx = screen.header(
    "Загрузка данных",
    "Файл проверяется целиком: при любой ошибке он отклоняется весь, и вы видите каждую ошибку."
    if allowed
    else None,
)
if not allowed:
    st.info(
        f"Роль «{ctx.audience}» не даёт права загружать данные. Данные загружают образовательные "
        "организации, региональный центр (РКЦ, ИРО) и координатор — под своими учётными записями."
    )
    st.stop()

collect.obligations(ctx)  # what this submitter must upload, by when, and what it has submitted
collect.coordinator_form(ctx)


def report_downloads(report: pl.DataFrame, *, title: str, filters: dict[str, str], key: str) -> None:
    labels = uploads_log.REPORT_LABELS
    row = st.container(horizontal=True)
    row.download_button(
        "Отчёт об ошибках (Excel)",
        functools.partial(
            export.to_xlsx,
            {"Ошибки": report},
            title=title,
            filters=filters,
            freshness=None,
            column_labels=labels,
        ),
        file_name=f"ошибки_{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key=f"{key}_xlsx",
    )
    row.download_button(
        "Отчёт об ошибках (CSV)",
        functools.partial(export.to_csv_bytes, report, labels),
        file_name=f"ошибки_{key}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}_csv",
    )


def report_table(report: pl.DataFrame, key: str) -> None:
    st.dataframe(
        report,
        hide_index=True,
        width="stretch",
        key=key,
        column_order=["place", "severity_label", "column_name", "column_label", "value", "reason"],
        column_config={
            "place": st.column_config.TextColumn("Где", width=150),
            "column_name": st.column_config.TextColumn("Столбец", width=120),
            "column_label": st.column_config.TextColumn("Название столбца", width=150),
            "value": st.column_config.TextColumn("Значение в файле", width=130),
            "reason": st.column_config.TextColumn("Причина", width=720),
            "severity_label": st.column_config.TextColumn("Тип", width=120),
        },
    )


def show_result(done: dict) -> None:
    # the summary names the file: that name (and only it) came from the uploader
    summary = done["summary"].replace(f"«{file_name}»", f"«{fmt.plain(file_name)}»")
    if not done["accepted"] and not done["batch_id"]:  # not written at all: the reason names a folder
        summary = fmt.plain(done["summary"])
    if done["accepted"]:
        st.success(summary)
    else:
        st.error(summary)
    if done["batch_id"]:
        st.caption(f"Запись в журнале загрузок: пакет № {done['batch_id']} (см. «История загрузок» ниже).")


# --- 1. what is uploaded -------------------------------------------------------------------------
st.subheader("1. Набор данных")
name = st.selectbox(
    "Что вы загружаете",
    allowed,
    format_func=lambda n: datasets.DATASETS[n].title_ru,
    key="dataset",
)
ds = datasets.DATASETS[name]
st.markdown(ds.description_ru)
is_form = ds.reader == "employment_form"  # the federal monitoring form (issue 14): its own layout
form_options: dict | None = None
upload_ctx = ctx
if is_form:
    chosen = federal_form.upload_controls(ctx)
    if chosen is None:
        st.stop()
    upload_ctx, form_options = chosen
else:
    csv_name, xlsx_name = templates.file_names(ds)
    templates_row = st.container(horizontal=True)
    templates_row.download_button(
        "Шаблон CSV",
        functools.partial(templates.template_csv, ds),
        file_name=csv_name,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="template_csv",
    )
    templates_row.download_button(
        "Шаблон Excel",
        functools.partial(templates.template_xlsx, ds),
        file_name=xlsx_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key="template_xlsx",
    )
    with st.expander("Столбцы файла и допустимые значения"):
        st.dataframe(
            templates.columns_frame(ds),
            hide_index=True,
            width="stretch",
            column_config={
                "name": "Столбец",
                "label_ru": "Название",
                "required": "Обязательный",
                "kind_ru": "Тип",
                "allowed_ru": st.column_config.TextColumn("Допустимые значения", width="medium"),
                "help_ru": st.column_config.TextColumn("Пояснение", width="large"),
                "example": "Пример",
            },
        )
        st.caption(templates.key_ru(ds))

# --- 2. how ------------------------------------------------------------------------------------------
st.subheader("2. Режим загрузки")
if ds.replace_only:
    mode = "replace"
    st.markdown(
        f"**{MODES['replace']}.** Форма — полный срез «организация × год выпуска»: новая форма заменяет "
        "прежнюю целиком, прежняя остаётся в истории."
    )
elif ds.slice:
    mode = st.radio(
        "Как поступить с уже загруженными данными",
        list(MODES),
        format_func=MODES.get,
        captions=[MODE_CAPTIONS[m] for m in MODES],
        key="mode",
    )
else:
    mode = "upsert"
    st.markdown(f"**{MODES['upsert']}.** {MODE_CAPTIONS['upsert']}")
if not is_form:
    st.caption(templates.slice_ru(ds))

# --- 3. the file -----------------------------------------------------------------------------------
st.subheader("3. Файл")
rules = templates.file_rules_ru()
uploaded = st.file_uploader(
    "Заполненная форма мониторинга: книга Excel (.xlsx)"
    if is_form
    else "Файл с данными: CSV или книга Excel (.xlsx)",
    type=["xlsx"] if is_form else ["csv", "xlsx"],
    max_upload_size=MAX_BYTES // 1048576,
    key="upload_file",
    help="\n\n".join(rules),
)
if is_form:
    st.caption(
        "Форма загружается так, как её заполняют: книга Excel (.xlsx), первый лист, номера граф «01»…«33» в "
        "строке 8 (на строку выше или ниже — тоже прочитается), по 15 строк на специальность и контрольная "
        "строка «16». Пустая ячейка или «-» в графах 07–32 — ноль."
    )
else:
    st.caption(" ".join(rules[:3]))

if uploaded is not None:
    data = uploaded.getvalue()
    file_name = uploaded.name
    sha = hashlib.sha256(data).hexdigest()
    attempt = f"{sha}:{name}:{mode}:{ctx.who}:{upload_ctx.inst_code}:{form_options}"
    loaded = st.session_state.setdefault("upload_loaded", {})
    recorded = st.session_state.setdefault("upload_recorded", {})
    report_filters = {"Набор данных": ds.title_ru, "Режим": MODES[mode], "Файл": file_name}

    if attempt in loaded:
        show_result(loaded[attempt])
        st.caption("Этот файл уже загружен. Чтобы загрузить другой, выберите его выше.")
    else:
        cache = st.session_state.get("upload_preview")
        if cache and cache[0] == attempt:
            check = cache[1]
        else:
            try:
                with st.spinner("Проверка файла…"):
                    check = ingest.preview(upload_ctx, name, data, file_name, mode=mode, options=form_options)
            except db.MartMissing as exc:
                screen.mart_missing(exc)
            st.session_state["upload_preview"] = (attempt, check)
        encoding = ENCODINGS.get(check.encoding or "", check.encoding or "не определена")
        sheet = f", лист «{fmt.plain(check.sheet)}» (первый видимый)" if check.sheet else ""
        st.caption(f"Файл «{fmt.plain(file_name)}», {len(data) / 1024:.1f} КБ. Кодировка: {encoding}{sheet}.")

        if not check.errors.is_empty():
            n = check.errors_found
            shown = (
                f" Показаны первые {check.errors.height - 1}; остальные того же рода — исправьте показанные."
                if n > check.errors.height
                else ""
            )
            st.error(
                f"**Файл будет отклонён целиком**: найдено ошибок — {n}. Из файла ничего не будет "
                f"сохранено. Исправьте ошибки и загрузите файл снова.{shown}"
            )
            report = uploads_log.error_report(check.errors, name)
            report_table(report, "preview_errors")
            report_downloads(
                report,
                title=f"Ошибки проверки файла «{file_name}»",
                filters=report_filters,
                key=f"preview_{sha[:8]}",
            )
            # The refused attempt belongs in the upload log as well; once per distinct file.
            if attempt in recorded:
                done = recorded[attempt]
            else:
                waiting = st.empty()  # behind another write the record waits its turn, said here
                result = ingest.load(
                    upload_ctx,
                    name,
                    data,
                    file_name,
                    mode=mode,
                    channel="page",
                    options=form_options,
                    progress=lambda _f, text: waiting.caption(text) if text.startswith("Ожидает") else None,
                )
                waiting.empty()
                done = {
                    "accepted": result.accepted,
                    "summary": result.summary_ru(),
                    "batch_id": result.batch_id,
                }
                if result.status != "failed":  # a full disk: not recorded, tried again on the next run
                    recorded[attempt] = done
                if result.accepted:  # the mart changed between the check and now
                    loaded[attempt] = done
            if done["accepted"] or not done["batch_id"]:
                show_result(done)
            else:
                st.caption(
                    f"Попытка записана в журнал загрузок: пакет № {done['batch_id']}, статус «Отклонён»."
                )
        else:
            st.success(
                f"Проверка пройдена: {'ячеек формы' if is_form else 'строк'} {check.rows}. Файл можно загрузить."
            )
            m1, m2, m3, m4 = st.columns(4)
            m1.metric("Будет добавлено", check.rows_new)
            m2.metric(
                "Будет заменено",
                check.rows_replaced,
                help="Строки с уже известным ключом и другими значениями.",
            )
            m3.metric("Без изменений", check.rows_unchanged)
            m4.metric(
                "Выбудет из среза",
                check.rows_retired,
                help="Только в режиме «Заменить срез целиком»: строки этих срезов, которых нет в файле.",
            )
            if check.rows_retired:
                st.warning(
                    f"В режиме замены среза {fmt.count(check.rows_retired, 'строка', 'строки', 'строк')}, которых нет в файле, выбудут из данных. "
                    "Их прежние версии останутся в истории; отменить можно отзывом пакета."
                )
            if check.rows_new + check.rows_replaced + check.rows_retired == 0:
                st.info("Все строки файла уже есть в системе без изменений: загрузка ничего не изменит.")
            if not check.warnings.is_empty():
                st.warning(
                    f"Предупреждений: {check.warnings.height}. Они не мешают загрузке, но требуют внимания."
                )
                report_table(
                    uploads_log.error_report(
                        check.warnings.with_columns(pl.lit("warning").alias("severity")), name
                    ),
                    "preview_warnings",
                )
            if check.preview is not None:
                st.markdown("**Первые строки файла после проверки**")
                shown = templates.labelled(
                    check.preview.rename({"__row": "row_no"})
                    if "__row" in check.preview.columns
                    else check.preview,
                    name,
                )
                st.dataframe(
                    shown,
                    hide_index=True,
                    width="stretch",
                    column_order=["row_no", *ds.column_names],
                    placeholder="—",
                    column_config={
                        "row_no": st.column_config.NumberColumn("Строка", format="%d"),
                        **{
                            c.name: st.column_config.DateColumn(c.label_ru, format="DD.MM.YYYY")
                            if c.kind == "date"
                            else c.label_ru
                            for c in ds.columns
                        },
                    },
                )
            if st.button("Загрузить", type="primary", key="confirm", icon=":material/upload:"):
                bar = st.progress(0.0, text="Загрузка…")

                def progress(fraction: float, text: str) -> None:
                    bar.progress(min(max(fraction, 0.0), 1.0), text=text)

                result = ingest.load(
                    upload_ctx,
                    name,
                    data,
                    file_name,
                    mode=mode,
                    channel="page",
                    progress=progress,
                    options=form_options,
                )
                done = {
                    "accepted": result.accepted,
                    "summary": result.summary_ru(),
                    "batch_id": result.batch_id,
                }
                st.session_state.pop("upload_preview", None)
                if result.status == "failed":
                    pass  # nothing was written: the same file may be tried again once the disk is fixed
                elif result.accepted:
                    loaded[attempt] = done
                else:
                    recorded[attempt] = done
                show_result(done)
                if result.status == "rejected":
                    report_table(uploads_log.error_report(result.errors, name), "load_errors")

# --- history -----------------------------------------------------------------------------------------
st.divider()
st.subheader("История загрузок")
try:
    everything = uploads_log.upload_history(ctx)
except db.MartMissing as exc:
    screen.mart_missing(exc)
except AccessDenied as exc:
    st.info(str(exc))
    st.stop()

if everything.is_empty():
    st.info("Загрузок пока нет.")
    st.stop()

present = everything.get_column("dataset").unique(maintain_order=True).to_list()
only = st.selectbox(
    "Набор данных",
    [None, *present],
    format_func=lambda n: "Все наборы" if n is None else datasets.DATASETS[n].title_ru,
    key="history_dataset",
)
history = everything if only is None else everything.filter(pl.col("dataset") == only)
if history.get_column("channel").eq("demo").any():
    st.caption(
        "Пакеты с каналом «Демо-данные» — демонстрационные данные (вымышленные), загруженные при сборке."
    )
st.caption("Выберите строку, чтобы увидеть ошибки и предупреждения пакета.")
event = st.dataframe(
    history,
    hide_index=True,
    width="stretch",
    height=320,
    key="history_table",
    on_select="rerun",
    selection_mode="single-row-required",
    placeholder="—",
    column_order=[
        "batch_id",
        "uploaded_at",
        "dataset_title",
        "inst_code",
        "file_name",
        "status_label",
        "mode_label",
        "rows",
        "rows_new",
        "rows_replaced",
        "rows_unchanged",
        "rows_retired",
        "error_count",
        "warning_count",
        "uploaded_by",
        "channel_label",
        "note",
    ],
    column_config={
        "batch_id": st.column_config.NumberColumn("Пакет", format="%d"),
        "uploaded_at": st.column_config.DatetimeColumn("Когда", format="DD.MM.YYYY HH:mm"),
        "dataset_title": "Набор данных",
        "inst_code": "Организация",
        "file_name": "Файл",
        "status_label": "Статус",
        "mode_label": "Режим",
        "rows": "Строк",
        "rows_new": "Новых",
        "rows_replaced": "Заменено",
        "rows_unchanged": "Без изменений",
        "rows_retired": "Выбыло",
        "error_count": "Ошибок",
        "warning_count": "Предупр.",
        "uploaded_by": "Кто загрузил",
        "channel_label": "Канал",
        "note": "Примечание",
    },
)
st.download_button(
    "История (Excel)",
    functools.partial(
        export.to_xlsx,
        {"История загрузок": history},
        title="История загрузок",
        filters={
            "Набор данных": "все" if only is None else datasets.DATASETS[only].title_ru,
            "Роль": ctx.audience,
        },
        freshness=None,
        column_labels=uploads_log.HISTORY_LABELS,
        is_demo=bool(history.get_column("channel").eq("demo").any()),
    ),
    file_name="история_загрузок.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="history_xlsx",
)

rows = event.selection.rows if event is not None else []
if rows and rows[0] < history.height:
    batch = history.row(rows[0], named=True)
    bid = batch["batch_id"]
    st.markdown(
        f"#### Пакет № {bid}: {batch['dataset_title']}, файл «{fmt.plain(batch['file_name'])}» — "
        f"{batch['status_label'].lower()}"
    )
    facts = (
        f"Загрузил {fmt.plain(batch['uploaded_by'])} {batch['uploaded_at']:%d.%m.%Y %H:%M}, "
        f"режим «{batch['mode_label']}»."
    )
    if batch["revoked_at"] is not None:
        facts += f" Отозван {fmt.plain(batch['revoked_by'])} {batch['revoked_at']:%d.%m.%Y %H:%M}."
    if batch["note"]:
        facts += f" {fmt.plain(batch['note'])}."
    st.caption(facts)
    notes = uploads_log.error_report(uploads_log.batch_errors(ctx, bid), batch["dataset"])
    if notes.is_empty():
        st.caption("Ошибок и предупреждений в этом пакете нет.")
    else:
        report_table(notes, "batch_errors")
        report_downloads(
            notes,
            title=f"Ошибки и предупреждения пакета № {bid}",
            filters={"Пакет": str(bid), "Набор данных": batch["dataset_title"], "Файл": batch["file_name"]},
            key=f"batch_{bid}",
        )

    if ctx.allows("manage") and batch["status"] == "accepted":
        with st.expander(f"Отозвать пакет № {bid}"):
            st.warning(
                "Строки этого пакета уйдут из витрины, а их прежние версии (из более ранних пакетов) вернутся. "
                "Пакет останется в журнале со статусом «Отозван»."
            )
            sure = st.checkbox(f"Да, отозвать пакет № {bid}", key=f"revoke_sure_{bid}")
            if st.button("Отозвать пакет", disabled=not sure, key="revoke", type="primary"):
                try:
                    ingest.revoke(ctx, bid)
                except (LookupError, ValueError, AccessDenied) as exc:
                    st.error(str(exc))
                else:
                    st.session_state["flash"] = f"Пакет № {bid} отозван: его строки больше не показываются."
                    st.rerun()

with st.expander("Когда данные обновлялись в последний раз"):
    fresh = uploads_log.last_uploads(ctx)
    st.dataframe(
        fresh,
        hide_index=True,
        width="stretch",
        column_order=[
            c
            for c in ("dataset_title", "inst_code", "last_upload_at", "last_upload_date")
            if c in fresh.columns
        ],
        column_config={
            "dataset_title": "Набор данных",
            "inst_code": "Организация",
            "last_upload_at": st.column_config.DatetimeColumn(
                "Последняя принятая загрузка", format="DD.MM.YYYY HH:mm"
            ),
            "last_upload_date": st.column_config.DateColumn("Последняя загрузка", format="DD.MM.YYYY"),
        },
    )
