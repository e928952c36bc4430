"""Who sees which upload batches, their errors and the data's freshness."""

import polars as pl
import pytest

from mart.access.rules import OPERATOR, PUBLIC, Access, AccessDenied
from mart.intake import ingest, uploads_log
from mart.read import queries

COORDINATOR = Access(role="coordinator", login="minobr")
COUNCIL = Access(role="council", login="council1")
RKC = Access(role="regional_center", login="rkc")
OTHER_CENTER = Access(role="regional_center", login="iro")
POO01 = Access(role="institution", login="poo01", inst_code="POO-01")
POO02 = Access(role="institution", login="poo02", inst_code="POO-02")

HEADER = "inst_code;graduation_year;specialty_code;graduate_id;status;status_date\n"


def graduates(inst: str, ids: list[str]) -> bytes:
    rows = "".join(f"{inst};2025;15.01.05;{i};employed;01.10.2025\n" for i in ids)
    return (HEADER + rows).encode()


@pytest.fixture
def log(built_mart):
    """The demo mart plus page uploads by two colleges and the regional centre."""
    ok1 = ingest.load(POO01, "graduates", graduates("POO-01", ["L-1", "L-2"]), "poo01.csv", channel="page")
    bad1 = ingest.load(POO01, "graduates", graduates("POO-02", ["L-3"]), "poo01_bad.csv", channel="page")
    ok2 = ingest.load(POO02, "graduates", graduates("POO-02", ["L-4"]), "poo02.csv", channel="page")
    champ = (
        "year;event;level;age_group;competence;participant_id;participant_name;inst_code;organization;score;medal\n"
        "2025;Чемпионат РКЦ 2025;regional;main;Электромонтаж;P-9001;Тестов Тест;POO-01;;70;gold\n"
    ).encode()
    rkc = ingest.load(RKC, "championship_results", champ, "rkc.csv", channel="page")
    assert ok1.accepted and ok2.accepted and rkc.accepted
    assert not bad1.accepted
    return {"ok1": ok1.batch_id, "bad1": bad1.batch_id, "ok2": ok2.batch_id, "rkc": rkc.batch_id}


def all_batches() -> pl.DataFrame:
    return queries.reader().df("select * from upload_batches")


def test_coordinator_and_operator_see_every_batch(log):
    total = all_batches().height
    for ctx in (COORDINATOR, OPERATOR):
        history = uploads_log.upload_history(ctx)
        assert history.height == total
        assert history.get_column("batch_id").to_list() == sorted(
            history.get_column("batch_id"), reverse=True
        )
    history = uploads_log.upload_history(COORDINATOR)
    expected = [
        "batch_id", "dataset", "dataset_title", "inst_code", "file_name", "rows", "rows_new", "rows_replaced",
        "rows_unchanged", "rows_retired", "uploaded_by", "uploaded_at", "status", "error_count", "channel", "mode",
    ]  # fmt: skip
    assert set(expected) <= set(history.columns)
    row = history.filter(pl.col("batch_id") == log["bad1"]).row(0, named=True)
    assert row["dataset_title"] == "Трудоустройство выпускников"
    assert row["status"] == "rejected" and row["status_label"] == "Отклонён"
    assert row["inst_code"] == "POO-01"  # a refused file is bound to the uploader's college


def test_regional_center_sees_only_its_own_uploads(log):
    history = uploads_log.upload_history(RKC)
    assert history.get_column("batch_id").to_list() == [log["rkc"]]
    assert uploads_log.upload_history(OTHER_CENTER).is_empty()
    with pytest.raises(AccessDenied):
        uploads_log.batch_errors(OTHER_CENTER, log["rkc"])


def test_institution_sees_its_college_only(log):
    history = uploads_log.upload_history(POO01)
    ids = set(history.get_column("batch_id"))
    assert {log["ok1"], log["bad1"]} <= ids
    assert log["ok2"] not in ids
    # the centre's file holds only POO-01's contestant, so the batch is about POO-01 and visible to it
    assert log["rkc"] in ids
    assert set(history.get_column("inst_code")) == {"POO-01"}
    # the demo batches of POO-01 (uploaded by the generator) are its own too
    assert history.filter(pl.col("channel") == "demo").height > 0
    all_ = all_batches()
    own = all_.filter(
        (pl.col("inst_code") == "POO-01")
        | (pl.col("scope_inst") == "POO-01")
        | (pl.col("uploaded_by") == "poo01")
    )
    assert ids == set(own.get_column("batch_id"))

    other = uploads_log.upload_history(POO02)
    assert log["ok2"] in set(other.get_column("batch_id"))
    assert not ({log["ok1"], log["bad1"], log["rkc"]} & set(other.get_column("batch_id")))


def test_history_filters(log):
    only = uploads_log.upload_history(COORDINATOR, dataset="championship_results")
    assert set(only.get_column("dataset")) == {"championship_results"}
    one = uploads_log.upload_history(COORDINATOR, inst_code="POO-02")
    assert log["ok2"] in set(one.get_column("batch_id"))
    assert set(one.get_column("inst_code")) == {"POO-02"}


@pytest.mark.parametrize("ctx", [PUBLIC, COUNCIL])
def test_public_and_council_are_denied(log, ctx):
    with pytest.raises(AccessDenied):
        uploads_log.upload_history(ctx)
    with pytest.raises(AccessDenied):
        uploads_log.batch_errors(ctx, log["bad1"])


def test_batch_errors_follow_the_same_rule(log):
    errors = uploads_log.batch_errors(POO01, log["bad1"])
    assert errors.columns == ["row_no", "column_name", "value", "reason", "severity"]
    assert errors.height >= 1
    assert errors.row(0, named=True)["row_no"] == 2
    assert set(errors.get_column("severity")) == {"error"}
    assert uploads_log.batch_errors(COORDINATOR, log["bad1"]).height == errors.height
    with pytest.raises(AccessDenied):
        uploads_log.batch_errors(POO02, log["bad1"])
    with pytest.raises(AccessDenied):
        uploads_log.batch_errors(POO01, log["ok2"])
    with pytest.raises(AccessDenied):
        uploads_log.batch_errors(COORDINATOR, 10**9)  # no such batch
    assert uploads_log.batch_errors(POO01, log["ok1"]).is_empty()


def test_error_report_says_where():
    errors = pl.DataFrame(
        {
            "row_no": [None, 1, 7],
            "column_name": [None, "status", "status"],
            "value": [None, "x", "y"],
            "reason": ["a", "b", "c"],
        },
        schema_overrides={"row_no": pl.Int64},
    )
    report = uploads_log.error_report(errors, "graduates")
    assert report.get_column("place").to_list() == ["файл целиком", "строка 1 (заголовок)", "строка 7"]
    assert report.get_column("column_label").to_list() == [None, "Статус", "Статус"]
    assert report.get_column("severity_label").to_list() == ["Ошибка"] * 3


def test_last_uploads(log):
    fresh = uploads_log.last_uploads(COUNCIL)
    assert {"inst_code", "dataset", "last_upload_at"} <= set(fresh.columns)
    poo01 = fresh.filter((pl.col("inst_code") == "POO-01") & (pl.col("dataset") == "graduates")).row(
        0, named=True
    )
    assert poo01["last_batch_id"] == log["ok1"]  # the rejected attempt does not count
    poo02 = fresh.filter((pl.col("inst_code") == "POO-02") & (pl.col("dataset") == "graduates")).row(
        0, named=True
    )
    assert poo02["last_batch_id"] == log["ok2"]
    assert fresh.filter(pl.col("dataset") == "expert_events").get_column("inst_code").to_list() == [None]

    public = uploads_log.last_uploads(PUBLIC)
    assert public.columns == ["dataset", "dataset_title", "last_upload_date"]
    assert public.height == public.get_column("dataset").n_unique()
    assert "graduates" in public.get_column("dataset").to_list()
