"""Reporting periods: collections (a dataset × reporting year with a deadline) and their writers.

The coordinator opens a collection with a deadline, excuses an expected submitter with a reason and
closes it («сбор завершён»). Each change is one write of the mart (``mart.platform.db.writer``): checked in
full first, stored whole or not at all, and logged in ``collection_log`` (who, when, channel).

Who is expected is declared once per dataset in ``mart.intake.datasets.COLLECTED``; every accepted batch
records what it delivered (``batch_coverage``: submitter × reporting year), and data that arrives for
a dataset × year without a collection opens one (deadline to be set). Completeness is computed by
the SQL models ``collection_submitters`` and ``collection_status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from mart.access.rules import Access, require
from mart.intake import datasets
from mart.platform import config, db

ACTIONS_RU = {
    "open": "открыт сбор",
    "deadline": "изменён срок",
    "excuse": "освобождён от сдачи",
    "unexcuse": "освобождение отменено",
    "close": "сбор завершён",
    "reopen": "сбор возобновлён",
}


class CollectionError(ValueError):
    """A request about collections that cannot be carried out (the message is in Russian)."""


def title(dataset: str) -> str:
    return datasets.get(dataset).title_ru


def collection_name(dataset: str, year: int) -> str:
    """«Трудоустройство выпускников 2026»."""
    return f"«{title(dataset)} {year}»"


def date_ru(d: dt.date | None) -> str:
    return "—" if d is None else f"{d:%d.%m.%Y}"


# --- the rules: refilled at every build -------------------------------------------------------------


def sync_rules(con: duckdb.DuckDBPyConnection) -> int:
    """Fill ``seed.collection_rules`` from ``mart.intake.datasets.COLLECTED``."""
    rows = [
        {
            "dataset": name,
            "title_ru": datasets.get(rule.counts_for or name).title_ru,
            "submitters": rule.submitters,
            "submitter_code": rule.submitter_code,
            "submitter_name": rule.submitter_name,
            "sort_order": order,
        }
        for order, (name, rule) in enumerate(datasets.COLLECTED.items(), start=1)
        if rule.counts_for is None
    ]
    con.sql("delete from seed.collection_rules")
    if rows:
        con.register("rules_frame", pl.DataFrame(rows))
        con.sql("insert into seed.collection_rules by name select * from rules_frame")
        con.unregister("rules_frame")
    return len(rows)


# --- what batches delivered, and collections opened by arriving data --------------------------------


def record_batch(con: duckdb.DuckDBPyConnection, dataset: str, batch_id: int, who: str, channel: str) -> None:
    """Inside the write of an accepted batch: what it delivered (the model ``batch_deliveries``), and
    any collection its data opens."""
    if dataset not in datasets.COLLECTED:
        return
    db.touch(con, "batch_coverage", "collections", "collection_log")  # their data versions (queries)
    con.execute(
        "insert or ignore into batch_coverage by name select * from batch_deliveries where batch_id = $b",
        {"b": batch_id},
    )
    _auto_open(con, who, channel)


BACKFILLED = ("batch_coverage", "collections", "collection_log")  # the tables backfill may change


def backfill(con: duckdb.DuckDBPyConnection) -> None:
    """At every build (after the models): coverage of accepted batches stored before this existed,
    and their collections."""
    con.execute(
        "insert or ignore into batch_coverage by name select * from batch_deliveries"
        " where batch_id not in (select batch_id from batch_coverage)"
    )
    _auto_open(con, "система", "auto")


def _auto_open(con: duckdb.DuckDBPyConnection, who: str, channel: str) -> None:
    """Open a collection (deadline to be set) for every dataset × year that holds data without one
    (the model ``collections_to_open``), and log each."""
    opened = con.execute(
        "insert into collections (dataset, year, deadline, opened_by, opened_at, auto_opened) "
        "select dataset, year, null, $w, $t, true from collections_to_open returning dataset, year",
        {"w": who, "t": config.now()},
    ).fetchall()
    for dataset, year in sorted(opened):
        _log(
            con,
            who,
            "auto" if channel != "demo" else "demo",
            "open",
            dataset,
            year,
            reason="данные поступили",
        )


def _log(
    con: duckdb.DuckDBPyConnection,
    who: str,
    channel: str,
    action: str,
    dataset: str,
    year: int,
    *,
    inst_code: str | None = None,
    deadline: dt.date | None = None,
    reason: str | None = None,
) -> None:
    con.execute(
        "insert into collection_log (event_id, logged_at, logged_by, channel, action, dataset, year, inst_code, deadline, reason) "
        "select coalesce(max(event_id), 0) + 1, $at, $by, $ch, $a, $d, $y, $i, $dl, $r from collection_log",
        {
            "at": config.now(),
            "by": who,
            "ch": channel,
            "a": action,
            "d": dataset,
            "y": year,
            "i": inst_code,
            "dl": deadline,
            "r": reason,
        },
    )


# --- the coordinator's changes ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change of collections; ``apply_changes`` checks all of them, then stores all or none."""

    action: str  # open | deadline | excuse | unexcuse | close | reopen
    dataset: str
    year: int
    deadline: dt.date | None = None
    inst_code: str | None = None
    reason: str | None = None


def parse_date(text: str) -> dt.date:
    """«01.12.2026» or «2026-12-01»."""
    text = (text or "").strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CollectionError(f"Срок «{text}» не похож на дату: укажите ДД.ММ.ГГГГ, например 01.12.2026.")


def current(con: duckdb.DuckDBPyConnection, dataset: str, year: int) -> dict | None:
    """The collection's deadline and closing as the writer sees it now; None when there is none."""
    rows = con.sql(
        "select deadline, closed_at, closed_by from collections where dataset = $d and year = $y",
        params={"d": dataset, "y": year},
    ).fetchall()
    return None if not rows else {"deadline": rows[0][0], "closed_at": rows[0][1], "closed_by": rows[0][2]}


def _expected_codes(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, str]:
    """Who must submit ``dataset`` (the model ``collection_expected``): code → name."""
    rows = con.sql(
        "select inst_code, submitter_name from collection_expected where dataset = $d", params={"d": dataset}
    ).fetchall()
    return dict(rows)


def _excuse(con: duckdb.DuckDBPyConnection, dataset: str, year: int, inst_code: str) -> str | None:
    """The reason ``inst_code`` is excused from the collection, as the writer sees it; None when it is not."""
    rows = con.sql(
        "select reason from collection_excuses where dataset = $d and year = $y and inst_code = $i",
        params={"d": dataset, "y": year, "i": inst_code},
    ).fetchall()
    return rows[0][0] if rows else None


def _check(con: duckdb.DuckDBPyConnection, change: Change, pending: dict) -> list[str]:
    """The reasons ``change`` cannot be made (empty when it can), given the changes before it."""
    errors: list[str] = []
    rule = datasets.COLLECTED.get(change.dataset)
    if rule is None or rule.counts_for:
        known = ", ".join(n for n, r in datasets.COLLECTED.items() if not r.counts_for)
        return [f"Набор «{change.dataset}» не собирается по отчётным годам. Допустимы: {known}."]
    name = collection_name(change.dataset, change.year)
    this_year = config.today().year
    if not (datasets.YEAR_MIN <= change.year <= this_year + 1):
        errors.append(
            f"Отчётный год {change.year} вне допустимого диапазона {datasets.YEAR_MIN}–{this_year + 1}."
        )
    key = (change.dataset, change.year)
    state = pending[key] if key in pending else current(con, change.dataset, change.year)
    if change.action in ("open", "deadline"):
        if change.deadline is None and change.action == "deadline":
            errors.append(f"Для сбора {name} не указан срок.")
        if change.deadline is not None and change.deadline < dt.date(change.year, 1, 1):
            errors.append(
                f"Срок {date_ru(change.deadline)} раньше начала отчётного {change.year} года: "
                f"сбор {name} не может закончиться до того, как год начался."
            )
        if change.action == "open" and state is not None:
            errors.append(f"Сбор {name} уже открыт (срок — {date_ru(state['deadline'])}).")
        if change.action == "deadline" and state is None:
            errors.append(f"Сбора {name} нет: сначала откройте его.")
        if change.action == "deadline" and state is not None and state["closed_at"] is not None:
            errors.append(f"Сбор {name} завершён: срок завершённого сбора не меняется.")
    elif change.action in ("excuse", "unexcuse"):
        if state is None:
            errors.append(f"Сбора {name} нет: сначала откройте его.")
        code = (change.inst_code or "").strip()
        expected = _expected_codes(con, change.dataset)
        exists = con.sql(
            "select count(*) from institutions where inst_code = $i", params={"i": code}
        ).fetchall()[0][0]
        if not code:
            errors.append("Не указана организация.")
        elif not exists and code not in expected:
            errors.append(f"Организации «{code}» нет в справочнике организаций.")
        elif code not in expected:
            errors.append(
                f"Организация «{code}» не сдаёт набор «{title(change.dataset)}»: освобождать её не от чего."
            )
        if change.action == "excuse":
            if not (change.reason or "").strip():
                errors.append(
                    "Укажите причину освобождения (например: «колледж закрыт», «нет выпуска в этом году»)."
                )
            already = _excuse(con, change.dataset, change.year, code)
            if already is not None:
                errors.append(f"Организация «{code}» уже освобождена от сбора {name}: «{already}».")
        elif code and _excuse(con, change.dataset, change.year, code) is None:
            errors.append(f"Организация «{code}» не освобождалась от сбора {name}.")
    elif change.action == "close":
        if state is None:
            errors.append(f"Сбора {name} нет: закрывать нечего.")
        elif state["closed_at"] is not None:
            errors.append(
                f"Сбор {name} уже завершён {state['closed_at']:%d.%m.%Y} ({state['closed_by']}): "
                "повторно завершить его нельзя."
            )
    elif change.action == "reopen":
        if state is None or state["closed_at"] is None:
            errors.append(f"Сбор {name} не завершён: возобновлять нечего.")
    else:
        errors.append(f"Неизвестное действие «{change.action}».")
    return errors


def apply_changes(ctx: Access, changes: list[Change], *, channel: str = "page") -> list[str]:
    """Check every change, then make them all in one write of the mart (or none); returns what was done.

    Raises ``CollectionError`` with every reason, in Russian, when any change cannot be made.
    """
    require(ctx, "manage_collections")
    if not changes:
        raise CollectionError("Нечего сохранять: не выбран ни один набор данных.")
    with db.writer() as con:
        return apply_into(con, ctx.who, changes, channel=channel)


def apply_into(con: duckdb.DuckDBPyConnection, who: str, changes: list[Change], *, channel: str) -> list[str]:
    """``apply_changes`` inside an open writer connection (the demo generator uses it)."""
    pending: dict = {}
    errors: list[str] = []
    for n, change in enumerate(changes, start=1):
        found = _check(con, change, pending)
        prefix = f"{n}. " if len(changes) > 1 else ""
        errors += [prefix + e for e in found]
        key = (change.dataset, change.year)
        state = pending.get(key) or current(con, *key) or {}
        if change.action == "open":
            pending[key] = {"deadline": change.deadline, "closed_at": None, "closed_by": None}
        elif change.action == "close" and state:
            pending[key] = {**state, "closed_at": config.now(), "closed_by": who}
    if errors:
        raise CollectionError("Ничего не сохранено:\n" + "\n".join(errors))
    done = []
    now = config.now()
    db.touch(con, "collections", "collection_excuses", "collection_log")  # their data versions (queries)
    for c in changes:
        name = collection_name(c.dataset, c.year)
        p = {"d": c.dataset, "y": c.year}
        if c.action == "open":
            con.sql(
                "insert into collections (dataset, year, deadline, opened_by, opened_at, auto_opened) "
                "values ($d, $y, $dl, $w, $t, false)",
                params={**p, "dl": c.deadline, "w": who, "t": now},
            )
            done.append(f"Открыт сбор {name}, срок — {date_ru(c.deadline)}.")
        elif c.action == "deadline":
            con.sql(
                "update collections set deadline = $dl where dataset = $d and year = $y",
                params={**p, "dl": c.deadline},
            )
            done.append(f"Срок сбора {name}: {date_ru(c.deadline)}.")
        elif c.action == "excuse":
            con.sql(
                "insert into collection_excuses values ($d, $y, $i, $r, $w, $t)",
                params={**p, "i": c.inst_code.strip(), "r": c.reason.strip(), "w": who, "t": now},
            )
            done.append(f"{c.inst_code} освобождена от сбора {name}: {c.reason.strip()}.")
        elif c.action == "unexcuse":
            con.sql(
                "delete from collection_excuses where dataset = $d and year = $y and inst_code = $i",
                params={**p, "i": c.inst_code.strip()},
            )
            done.append(f"Освобождение {c.inst_code} от сбора {name} отменено.")
        elif c.action == "close":
            con.sql(
                "update collections set closed_at = $t, closed_by = $w where dataset = $d and year = $y",
                params={**p, "t": now, "w": who},
            )
            done.append(f"Сбор {name} завершён {now:%d.%m.%Y}.")
        elif c.action == "reopen":
            con.sql(
                "update collections set closed_at = null, closed_by = null where dataset = $d and year = $y",
                params=p,
            )
            done.append(f"Сбор {name} возобновлён.")
        _log(
            con,
            who,
            channel,
            c.action,
            c.dataset,
            c.year,
            inst_code=c.inst_code,
            deadline=c.deadline,
            reason=c.reason,
        )
    return done
