"""Collections: the coordinator's changes (all or nothing, logged), data that opens a collection,
the roadmap status rule, and the CLI. On a private copy of the demo mart (today = 2026-11-26)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from mart.access.rules import Access, AccessDenied
from mart.intake import collections, ingest
from mart.platform import db

ROOT = Path(__file__).resolve().parent.parent
COORD = Access(role="coordinator", login="anna")
COLLEGE = Access(role="institution", login="poo07", inst_code="POO-07")


def rows(query: str, params: dict | None = None) -> list[tuple]:
    return db.Reader().cursor().sql(query, params=params).fetchall()


def status(dataset: str, year: int) -> tuple:
    return rows(
        "select expected, submitted, missing, excused, is_complete, is_closed from collection_status"
        " where dataset = $d and year = $y",
        {"d": dataset, "y": year},
    )[0]


def graduates_2026(inst: str = "POO-07", n: int = 3) -> bytes:
    header = (
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"
    )
    lines = [f"{inst};2026;15.01.05;G26-{i:04d};Трудоустроен;да;да;01.11.2026" for i in range(n)]
    return ("\r\n".join([header, *lines]) + "\r\n").encode("cp1251")


def test_demo_collections_closed_for_demo_years_open_for_this_year(built_mart):
    closed = rows("select count(*) from collection_status where year between 2019 and 2025 and not is_closed")
    assert closed == [(0,)]
    open_now = rows(
        "select dataset, deadline from collection_status where year = 2026 and not is_closed order by dataset"
    )
    assert [d for d, _ in open_now] == sorted(
        ["admissions", "championship_results", "demo_exams", "expert_events", "experts", "graduates"]
    )
    assert dict(open_now)["graduates"] == dt.date(2026, 12, 1)
    # the demo's excuse
    assert status("demo_exams", 2026) == (18, 0, 18, 1, False, False)


def test_one_college_upload_is_one_of_nineteen(built_mart):
    result = ingest.load(COLLEGE, "graduates", graduates_2026(), "выпуск_2026.csv", channel="page")
    assert result.accepted
    assert status("graduates", 2026) == (19, 1, 18, 0, False, False)
    assert rows(
        "select status, batch_id from collection_submitters where dataset = 'graduates' and year = 2026"
        " and inst_code = 'POO-07'"
    ) == [("submitted", result.batch_id)]
    # revoking the batch takes the submission back
    ingest.revoke(COORD, result.batch_id)
    assert status("graduates", 2026) == (19, 0, 19, 0, False, False)


def test_data_without_a_collection_opens_one(built_mart):
    with db.writer() as con:
        con.sql("delete from collections where dataset = 'graduates' and year = 2026")
    result = ingest.load(COLLEGE, "graduates", graduates_2026(), "выпуск_2026.csv", channel="page")
    assert result.accepted
    assert rows(
        "select deadline, auto_opened, opened_by from collections where dataset = 'graduates' and year = 2026"
    ) == [(None, True, "poo07")]
    assert rows(
        "select action, channel, logged_by from collection_log where dataset = 'graduates' and year = 2026"
        " order by event_id desc limit 1"
    ) == [("open", "auto", "poo07")]
    assert status("graduates", 2026) == (19, 1, 18, 0, False, False)


def test_excuse_close_and_their_errors(built_mart):
    done = collections.apply_changes(
        COORD,
        [
            collections.Change("excuse", "graduates", 2026, inst_code="POO-05", reason="колледж закрыт"),
            collections.Change("close", "admissions", 2026),
        ],
    )
    assert len(done) == 2
    assert status("graduates", 2026) == (18, 0, 18, 1, False, False)
    assert status("admissions", 2026)[4:] == (True, True)
    assert rows("select closed_by from collections where dataset = 'admissions' and year = 2026") == [
        ("anna",)
    ]
    log = rows(
        "select action, inst_code, reason, logged_by, channel from collection_log order by event_id desc limit 2"
    )
    assert log == [
        ("close", None, None, "anna", "page"),
        ("excuse", "POO-05", "колледж закрыт", "anna", "page"),
    ]

    before = rows("select count(*) from collection_log")
    with pytest.raises(collections.CollectionError) as err:
        collections.apply_changes(
            COORD,
            [
                collections.Change("open", "graduates", 2027, deadline=dt.date(2026, 12, 1)),
                collections.Change("excuse", "graduates", 2026, inst_code="POO-99", reason="нет такого"),
                collections.Change("close", "admissions", 2026),
                collections.Change("excuse", "graduates", 2026, inst_code="POO-06", reason=" "),
            ],
        )
    text = str(err.value)
    assert "Ничего не сохранено" in text
    assert "Срок 01.12.2026 раньше начала отчётного 2027 года" in text
    assert "Организации «POO-99» нет в справочнике организаций" in text
    assert "уже завершён" in text and "повторно завершить его нельзя" in text
    assert "Укажите причину освобождения" in text
    # all or nothing: nothing of the four was stored, not even the valid-looking parts
    assert rows("select count(*) from collection_log") == before
    assert rows("select count(*) from collections where year = 2027") == [(0,)]


def test_only_the_coordinator_keeps_collections(built_mart):
    for ctx in (COLLEGE, Access(role="council", login="c"), Access()):
        with pytest.raises(AccessDenied):
            collections.apply_changes(ctx, [collections.Change("close", "graduates", 2026)])


def test_roadmap_status_contradicting_progress_is_refused(built_mart):
    data = (
        "item_code;status;progress_pct;status_date\r\n"
        "5.11;Выполнено;60;01.11.2026\r\n"
        "5.12;Не начато;10;01.11.2026\r\n"
        "5.13;Выполнено;100;01.11.2026\r\n"
    ).encode("cp1251")
    result = ingest.load(COORD, "roadmap_status", data, "статус.csv", channel="form")
    assert not result.accepted
    errors = result.errors.select("row_no", "column_name", "reason").rows()
    assert errors == [
        (
            2,
            "progress_pct",
            "Статус «Выполнено» означает прогресс 100 %, а указано 60 %: исправьте статус или прогресс.",
        ),
        (
            3,
            "progress_pct",
            "Статус «Не начато» означает прогресс 0 %, а указано 10 %: исправьте статус или прогресс.",
        ),
    ]


def test_cli_collections(built_mart):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "mart", "collections", *args], cwd=ROOT, capture_output=True, text=True
        )

    ok = cli("open", "graduates", "2027", "--deadline", "01.12.2027")
    assert ok.returncode == 0, ok.stderr
    assert "Открыт сбор «Трудоустройство выпускников 2027», срок — 01.12.2027." in ok.stdout
    twice = cli("close", "graduates", "2025")
    assert twice.returncode == 1 and "уже завершён" in twice.stderr
    bad = cli("excuse", "graduates", "2026", "POO-99", "--reason", "закрыт")
    assert bad.returncode == 1 and "Организации «POO-99» нет в справочнике" in bad.stderr
    listed = cli("list", "--year", "2027")
    assert listed.returncode == 0 and "graduates" in listed.stdout
