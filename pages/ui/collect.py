"""Screen pieces of reporting periods used on the upload page: a submitter's own obligations and
the coordinator's collection form (open with a deadline, excuse with a reason, close). No SQL here."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from mart.access.rules import Access
from mart.intake import collections, datasets
from mart.platform import config, ru
from mart.read import board


def _days(n: int) -> str:
    """«2 дня», «5 дней», «21 день»."""
    return ru.count(n, "день", "дня", "дней")


def _left(days_left: int | None) -> str:
    if days_left is None:
        return "срок не установлен"
    if days_left > 0:
        return f"осталось {_days(days_left)}"
    if days_left == 0:
        return "срок сегодня"
    return f"срок прошёл {_days(-days_left)} назад"


def obligations(ctx: Access) -> None:
    """At the top of a submitter's upload page: what it must upload, by when, and what it has submitted."""
    code = (
        ctx.inst_code
        if ctx.role == "institution"
        else datasets.RKC[0]
        if ctx.role == "regional_center"
        else None
    )
    if code is None:
        return
    rows = board.obligations(ctx, code)
    open_rows = rows.filter(~pl.col("is_closed"))
    due = open_rows.filter(pl.col("status") == "missing")
    done = open_rows.filter(pl.col("status").is_in(["submitted", "late"]))
    if due.is_empty() and done.is_empty():
        return
    lines = [
        f"**{r['dataset_title'].lower()} {r['year']}** — до {r['deadline']:%d.%m.%Y} ({_left(r['days_left'])})"
        if r["deadline"]
        else f"**{r['dataset_title'].lower()} {r['year']}** — срок не установлен"
        for r in due.iter_rows(named=True)
    ]
    if lines:
        overdue = due.filter(pl.col("days_left") < 0).height
        box = st.error if overdue else st.warning
        box("Нужно загрузить: " + "; ".join(lines) + ".", icon=":material/assignment_late:")
    if not done.is_empty():
        st.success(
            "Уже сдано: "
            + "; ".join(
                f"{r['dataset_title'].lower()} {r['year']} — {r['last_upload_at']:%d.%m.%Y}"
                + (f" (с опозданием на {_days(r['days_late'])})" if r["status"] == "late" else "")
                + f", пакет № {r['batch_id']}"
                for r in done.iter_rows(named=True)
            )
            + ".",
            icon=":material/task_alt:",
        )
    excused = open_rows.filter(pl.col("status") == "excused")
    if not excused.is_empty():
        st.caption(
            "Освобождены координатором: "
            + "; ".join(
                f"{r['dataset_title'].lower()} {r['year']} — {r['excuse_reason']}"
                for r in excused.iter_rows(named=True)
            )
            + "."
        )


def _collected() -> dict[str, str]:
    return {n: datasets.get(n).title_ru for n, r in datasets.COLLECTED.items() if not r.counts_for}


def _run(ctx: Access, changes: list, key: str) -> None:
    try:
        done = collections.apply_changes(ctx, changes, channel="page")
    except collections.CollectionError as exc:
        st.session_state[key] = ("error", str(exc))
    else:
        st.session_state[key] = ("success", " ".join(done))


def coordinator_form(ctx: Access) -> None:
    """The coordinator's collections: open with a deadline, excuse a submitter, close («сбор завершён»)."""
    if not ctx.allows("manage_collections"):
        return
    names = _collected()
    this_year = config.today().year
    with st.expander("Сбор данных: сроки, освобождения, завершение", icon=":material/fact_check:"):
        st.caption(
            "Сбор — набор данных за отчётный год со сроком. Обязаны сдать: каждый колледж (выпускники, "
            "демоэкзамен, приём) или РКЦ (чемпионаты, эксперты). Пока сбор идёт и сдали не все, год "
            "на страницах показывается как неполный. Кто что сдал — на странице «Сбор данных»."
        )
        msg = st.session_state.pop("collections_msg", None)
        if msg:
            getattr(st, msg[0])(msg[1])
        open_tab, excuse_tab, close_tab = st.tabs(
            ["Открыть сбор", "Освободить организацию", "Завершить сбор"]
        )
        with open_tab, st.form("collection_open"):
            chosen = st.multiselect(
                "Наборы данных", list(names), default=list(names), format_func=names.get, key="co_datasets"
            )
            year = st.number_input(
                "Отчётный год",
                min_value=datasets.YEAR_MIN,
                max_value=this_year + 1,
                value=this_year,
                key="co_year",
            )
            deadline = st.date_input(
                "Срок сдачи", value=dt.date(this_year, 12, 1), format="DD.MM.YYYY", key="co_deadline"
            )
            if st.form_submit_button("Открыть сбор (или изменить срок)"):
                status = board.status(ctx)
                existing = set(status.filter(pl.col("year") == int(year))["dataset"].to_list())
                changes = [
                    collections.Change(
                        "deadline" if n in existing else "open", n, int(year), deadline=deadline
                    )
                    for n in chosen
                ]
                _run(ctx, changes, "collections_msg")
                st.rerun()
        with excuse_tab, st.form("collection_excuse"):
            dataset = st.selectbox("Набор данных", list(names), format_func=names.get, key="ex_dataset")
            year = st.number_input(
                "Отчётный год",
                min_value=datasets.YEAR_MIN,
                max_value=this_year + 1,
                value=this_year,
                key="ex_year",
            )
            inst = st.text_input("Код организации", placeholder="POO-05", key="ex_inst")
            reason = st.text_input(
                "Причина", placeholder="колледж закрыт; нет выпуска в этом году", key="ex_reason"
            )
            if st.form_submit_button("Освободить от сдачи"):
                _run(
                    ctx,
                    [collections.Change("excuse", dataset, int(year), inst_code=inst.strip(), reason=reason)],
                    "collections_msg",
                )
                st.rerun()
        with close_tab, st.form("collection_close"):
            dataset = st.selectbox("Набор данных", list(names), format_func=names.get, key="cl_dataset")
            year = st.number_input(
                "Отчётный год",
                min_value=datasets.YEAR_MIN,
                max_value=this_year + 1,
                value=this_year,
                key="cl_year",
            )
            st.caption(
                "Завершённый сбор делает год полным: он становится годом по умолчанию на страницах, даже если "
                "кто-то не сдал данные. Дата и кто завершил сохраняются."
            )
            if st.form_submit_button("Завершить сбор"):
                _run(ctx, [collections.Change("close", dataset, int(year))], "collections_msg")
                st.rerun()
