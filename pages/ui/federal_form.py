"""Pieces of the federal monitoring form (issue 14) shown on the employment and upload pages.

Not a page of its own: ``pages/employment.py`` and ``pages/upload.py`` call these functions.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from mart.access import privacy
from mart.access.rules import Access, AccessDenied
from mart.read import employment_forms
from pages.ui import sidebar, tables

HIDDEN = "скрыто (< 5)"


def sources_note(ctx: Access, year: int, inst: str | None) -> None:
    """Which colleges' figures for ``year`` come from the federal form instead of per-graduate rows."""
    counts = employment_forms.source_counts(ctx, year)
    if not counts["form"] and not counts["both"]:
        return
    text = (
        f":material/description: Источники {year} года: построчные данные о выпускниках — "
        f"{counts['graduates'] + counts['both']} орг., только федеральная форма мониторинга — {counts['form']} орг. "
        "(их статусы, K1 и K2 — из строки 01 формы)."
    )
    if counts["both"]:
        text += f" У {counts['both']} орг. есть и форма, и построчные данные: считаются построчные."
    if ctx.allows("institution_aggregates"):
        src = employment_forms.sources(ctx, year=year, inst_code=inst).filter(pl.col("source") != "graduates")
        if src.height:
            text += (
                " "
                + "; ".join(f"{r['inst_code']} — {r['source_ru']}" for r in src.iter_rows(named=True))
                + "."
            )
    st.caption(text)


def section(ctx: Access, year: int, municipality: str | None, inst: str | None) -> None:
    """The form's own section on the employment page: reconciliation, rows 02–15, forecast 27–32."""
    st.subheader("Федеральная форма мониторинга: сверка, ОВЗ и инвалидность, прогноз")

    # --- the form against the college's own list ------------------------------------------------------
    if ctx.allows("person_rows") and privacy.person_rows_visible(ctx, inst):
        try:
            rec = employment_forms.reconciliation(ctx, year, inst)
        except AccessDenied:
            rec = None
        if rec is not None and not rec.is_empty():
            st.markdown("**Сверка формы с построчными данными** (строка 01 формы, графы 07–26)")
            for code in rec.get_column("inst_code").unique().sort().to_list():
                one = rec.filter(pl.col("inst_code") == code)
                diff = one.filter(pl.col("difference") != 0)
                if diff.is_empty():
                    st.success(f"{code}: форма {year} года совпадает с построчными данными во всех ячейках.")
                    continue
                st.warning(
                    f"{code}: форма {year} года расходится с построчными данными в {diff.height} ячейк(ах) из "
                    f"{one.height}. В показателях учтены построчные данные; расхождения стоит выяснить с организацией.",
                    icon=":material/rule:",
                )
                tables.table(
                    diff.select(
                        "specialty_code",
                        "specialty_name",
                        "cell_ru",
                        "column_ru",
                        "form_value",
                        "graduates_value",
                        "difference",
                    ),
                    name=f"сверка_формы_{code}_{year}",
                    title=f"Сверка формы мониторинга с построчными данными: {code}, выпуск {year}",
                    column_config={
                        "specialty_code": "Код ОКСО",
                        "specialty_name": st.column_config.TextColumn("Специальность", width="medium"),
                        "cell_ru": "Ячейка формы",
                        "column_ru": st.column_config.TextColumn("Графа", width="medium"),
                        "form_value": st.column_config.NumberColumn("В форме", format="%d"),
                        "graduates_value": st.column_config.NumberColumn("По построчным данным", format="%d"),
                        "difference": st.column_config.NumberColumn("Разница (форма − строки)", format="%+d"),
                    },
                )
        else:
            st.caption(
                f"Сверка: в {year} году нет организаций{'' if inst is None else ' (в выбранном срезе)'}, "
                "приславших и форму, и построчные данные."
            )

    # --- rows 02–15 ------------------------------------------------------------------------------------
    known, total = employment_forms.details_coverage(ctx, year)
    st.markdown("**ОВЗ, инвалидность, целевое обучение, «Абилимпикс»** (строки 02–15 формы)")
    if not known:
        st.info(
            f"Сведения строк 02–15 за {year} год не поступали: их дают федеральные формы организаций или "
            "необязательные столбцы построчных данных (ОВЗ, инвалидность, вид нарушения, целевое обучение, "
            "«Абилимпикс»).",
            icon=":material/info:",
        )
        return
    st.caption(
        f":material/warning: Неполные данные: строки 02–15 за {year} год известны по {known} орг. из {total} "
        "(по тем, кто прислал форму или ведёт эти отметки в построчных данных). Это не итог по области."
    )
    rows = employment_forms.details(ctx, year, municipality, inst)
    if privacy.protects(ctx) and rows.get_column("hidden").any():
        st.caption(
            ":material/lock: Числа меньше 5 скрыты, и ещё одно число того же итога, чтобы скрытое нельзя было вычислить."
        )
    tables.table(
        rows.select(
            pl.format("{}", pl.col("row_no").cast(pl.String).str.zfill(2)).alias("row"),
            "row_ru",
            "graduates",
            "employed",
            tables.note_if("hidden", HIDDEN),
        ),
        name=f"форма_строки_02_15_{year}",
        title=f"Выпускники {year} года: ОВЗ, инвалидность, целевое обучение (строки 02–15 формы)",
        column_config={
            "row": "Строка",
            "row_ru": st.column_config.TextColumn("Показатель", width="large"),
            "graduates": st.column_config.NumberColumn("Выпускников (гр. 07)", format="%d"),
            "employed": st.column_config.NumberColumn("Трудоустроены, ИП, НПД (гр. 08, 11, 12)", format="%d"),
            "note": "Примечание",
        },
    )

    # --- forecast ----------------------------------------------------------------------------------------
    st.markdown("**Прогноз по выпускникам под риском нетрудоустройства** (графы 27–32 строки 01)")
    fc = employment_forms.forecast(ctx, year, municipality, inst)
    if not fc.get_column("graduates").fill_null(0).sum() and not fc.get_column("hidden").any():
        st.caption(
            "Прогноз дают только федеральные формы; в выбранном срезе прогноз не указан (или формы не поступали)."
        )
        return
    tables.table(
        fc.select("cell_ru", "forecast_ru", "graduates", tables.note_if("hidden", HIDDEN)),
        name=f"форма_прогноз_{year}",
        title=f"Выпускники {year} года под риском нетрудоустройства: прогноз (графы 27–32)",
        column_config={
            "cell_ru": "Графа",
            "forecast_ru": st.column_config.TextColumn("Прогноз", width="large"),
            "graduates": st.column_config.NumberColumn("Выпускников", format="%d"),
            "note": "Примечание",
        },
    )
    st.caption(
        "Выпускники с прогнозом учтены в форме вне граф 17–26 (правило формы: гр. 07 = гр. 08 + Σ гр. 11…32); "
        "в статусах мониторинга на этой странице они отнесены к «Иным рискам нетрудоустройства»."
    )


def download_block(ctx: Access, inst: str | None, key: str = "form_dl") -> None:
    """The college's form, filled in the federal layout, for a chosen year (upload page)."""
    if inst is None:
        st.caption("Выберите организацию, чтобы скачать её заполненную форму.")
        return
    years = employment_forms.download_years(ctx, inst)
    if years.is_empty():
        st.caption(f"По {inst} пока нет ни построчных данных о выпускниках, ни загруженных форм.")
        return
    options = years.get_column("year").to_list()
    src = dict(zip(options, years.get_column("source").to_list(), strict=True))
    row = st.container(horizontal=True, vertical_alignment="bottom")
    year = row.selectbox(
        "Год выпуска заполненной формы",
        options,
        key=f"{key}_year",
        format_func=lambda y: (
            f"{y} ({'по построчным данным' if src[y] == 'graduates' else 'загруженная форма'})"
        ),
    )

    def build() -> bytes:
        return employment_forms.download(ctx, inst, int(year))[0]

    row.download_button(
        "Скачать заполненную форму (.xlsx)",
        data=build,
        file_name=f"мониторинг_трудоустройства_{inst}_{year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}_button",
    )
    st.caption(
        "Форма в федеральном макете 2022 года: заголовок, номера граф в строке 8, по 15 строк на специальность "
        "и контрольная строка «16». Строка 01 заполняется по статусам выпускников; строки 02–15 — по "
        "необязательным отметкам (ОВЗ, инвалидность, вид нарушения, целевое обучение, «Абилимпикс»); прогноз "
        "(графы 27–32) и графу 33 заполняет организация. Если за год загружена только форма, скачивается она."
    )


def upload_controls(ctx: Access) -> tuple[Access, dict] | None:
    """Whose form and for which year (a college's account is its own college); downloads of the form."""
    import dataclasses

    from mart.platform import config

    st.subheader("Чья форма и за какой год")
    colleges = employment_forms.colleges(ctx)
    names = dict(zip(colleges.get_column("inst_code"), colleges.get_column("short_name"), strict=True))
    if ctx.role == "institution":
        inst = ctx.inst_code
        st.markdown(f"Организация: **{inst} — {names.get(inst, '')}** (ваша учётная запись).")
    else:
        inst = sidebar.url_filter(
            "Организация", list(names), "form_inst", format_func=lambda c: f"{c} — {names[c]}", container=st
        )
    years = list(range(config.today().year, 2018, -1))
    year = st.selectbox(
        "Год выпуска, за который заполнена форма",
        years,
        index=1 if len(years) > 1 else 0,
        key="form_year",
        help="Если заголовок формы называет год выпуска или организацию, они должны совпадать с выбранными.",
    )
    with st.expander("Скачать форму: заполненную по данным системы или пустую", expanded=False):
        download_block(ctx, inst)
        if inst is not None:
            st.download_button(
                f"Пустая форма {year} года (.xlsx)",
                data=lambda: employment_forms.blank(ctx, inst, int(year))[0],
                file_name=f"мониторинг_трудоустройства_{inst}_{year}_пустая.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                on_click="ignore",
                icon=":material/download:",
                key="form_blank",
            )
    if inst is None:
        st.info("Выберите организацию, чью форму вы загружаете.")
        return None
    return dataclasses.replace(ctx, inst_code=inst), {"year": int(year)}
