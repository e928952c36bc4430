"""Writers that queue well, and sign-ins that never touch the mart (issue 15, items 3 and 5)."""

from __future__ import annotations

import os
import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from mart.access import accounts
from mart.access.rules import OPERATOR, Access
from mart.intake import ingest
from mart.platform import config, db
from mart.read import queries
from tests.conftest import college_next_year_files

COLLEGE = Access(role="institution", login="demo.poo07", inst_code="POO-07")


def _stamp(path) -> tuple[int, int, int]:
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _hold_writer(what: str) -> tuple[threading.Event, threading.Thread]:
    """Another write under way (in a thread), until the returned event is set."""
    release, entered = threading.Event(), threading.Event()

    def run() -> None:
        with db.writer(what=what) as con:
            db.touch(con, "papers")
            entered.set()
            release.wait(60)

    thread = threading.Thread(target=run)
    thread.start()
    assert entered.wait(30)
    return release, thread


def _until(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.05)


def test_uploads_wait_their_turn_in_order_saying_so_and_then_apply(built_mart):
    files = college_next_year_files()
    release, holder = _hold_writer("проверочная запись")
    seen: dict[str, list[str]] = {"graduates": [], "demo_exams": []}
    results: dict[str, ingest.LoadResult] = {}

    def upload(dataset: str) -> None:
        results[dataset] = ingest.load(
            COLLEGE,
            dataset,
            files[dataset],
            f"{dataset}.csv",
            channel="page",
            progress=lambda _f, text: seen[dataset].append(text),
        )

    first = threading.Thread(target=upload, args=("graduates",))
    first.start()
    # the first upload reports while it reads its file too: wait until it is in the queue
    _until(lambda: any(t.startswith("Ожидает") for t in seen["graduates"]))
    second = threading.Thread(target=upload, args=("demo_exams",))
    second.start()
    _until(lambda: any("ещё 1" in t for t in seen["demo_exams"]))
    assert not results  # both still waiting: nothing timed out, nothing lost
    waiting = seen["graduates"][-1]
    assert waiting.startswith("Ожидает окончания другой загрузки (проверочная запись)…")
    assert "Ждём" in waiting and "ещё" not in waiting  # next in line
    release.set()
    for t in (holder, first, second):
        t.join(60)
    assert results["graduates"].accepted and results["demo_exams"].accepted
    assert results["graduates"].batch_id < results["demo_exams"].batch_id  # in order of arrival
    assert seen["graduates"][-1] == "Готово"


def test_other_writes_give_up_after_their_timeout_in_russian(built_mart):
    release, holder = _hold_writer("проверочная запись")
    try:
        before = _stamp(built_mart)
        with (
            pytest.raises(db.StorageError, match="Витрина занята другой записью дольше 1 с"),
            db.writer(timeout=1),
        ):
            pass
        assert _stamp(built_mart) == before
    finally:
        release.set()
        holder.join(60)
    assert not list((built_mart.parent / f".{built_mart.name}.queue").glob("*"))  # no ticket left


def test_signing_in_and_browsing_never_write_the_mart(built_mart, monkeypatch):
    """A sign-in, the pages a user opens, a password change and a sign-out leave the mart file as it is."""

    def no_write(*_a, **_k):
        raise AssertionError("a write of the mart")

    before = _stamp(built_mart)
    files = set(os.listdir(built_mart.parent))
    monkeypatch.setattr(db, "writer", no_write)
    at = AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/signin.py").run()
    at.text_input(key="signin_login").input("demo.poo01")
    at.text_input(key="signin_password").input(accounts.DEMO_PASSWORD)
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert not at.exception and at.session_state["access"].login == "demo.poo01"
    for page in ("pages/employment.py", "pages/demo-exams.py", "pages/overview.py"):
        at.switch_page(page).run()
        assert not at.exception, page
    at.button(key="sign_out").click().run()
    assert "access" not in at.session_state
    accounts.add_user("anna", "coordinator", "anna-pass-1", ctx=OPERATOR)
    ctx, token = accounts.sign_in("anna", "anna-pass-1")
    accounts.set_password("anna", "anna-pass-2", ctx=ctx)
    accounts.sign_out(token)
    assert _stamp(built_mart) == before  # same inode, modification time and size
    # and no work copy was made beside it (the lock file may appear: clean-up at start looks at it)
    assert set(os.listdir(built_mart.parent)) - {"mart.duckdb.lock"} == files


def test_a_sign_in_does_not_wait_for_a_write_under_way(built_mart):
    release, holder = _hold_writer("большая загрузка")
    try:
        before = _stamp(built_mart)
        done: list = []
        signing = threading.Thread(
            target=lambda: done.append(accounts.sign_in("demo.poo01", accounts.DEMO_PASSWORD))
        )
        signing.start()
        signing.join(30)
        assert done and holder.is_alive()  # signed in while the write still holds the mart
        ctx, token = done[0]
        assert ctx.login == "demo.poo01" and accounts.resume(token) == ctx
        assert _stamp(built_mart) == before
    finally:
        release.set()
        holder.join(60)


def test_queued_uploads_join_the_write_under_way_in_one_publish(built_mart, monkeypatch):
    copies: list = []
    real_copy = db._copy
    monkeypatch.setattr(db, "_copy", lambda src, dst: (copies.append(dst), real_copy(src, dst)))
    files = college_next_year_files()
    queue = built_mart.parent / f".{built_mart.name}.queue"
    release, holder = _hold_writer("проверочная запись")
    results: dict[str, object] = {}

    def upload(dataset: str) -> None:
        results[dataset] = ingest.load(COLLEGE, dataset, files[dataset], f"{dataset}.csv", channel="page")

    def failing() -> None:
        try:
            with db.writer(combine=True, timeout=None) as con:
                con.sql("delete from upload_batches")
                raise ValueError("a write that fails")
        except ValueError as exc:
            results["failing"] = exc

    threads = []
    for target, args in ((upload, ("graduates",)), (failing, ()), (upload, ("demo_exams",))):
        threads.append(threading.Thread(target=target, args=args))
        threads[-1].start()
        queued = len(threads)
        _until(lambda: len(list(queue.glob("*.json"))) == queued)  # noqa: B023 (read at once)
    before = len(copies)
    release.set()
    for t in (holder, *threads):
        t.join(60)
    assert len(copies) == before  # the three queued writes made no copy of their own
    assert results["graduates"].accepted and results["demo_exams"].accepted
    assert results["graduates"].batch_id < results["demo_exams"].batch_id
    assert isinstance(results["failing"], ValueError)  # rolled back alone
    log = queries.reader().df("select dataset, status from upload_batches where channel = 'page'")
    assert {"graduates", "demo_exams"} <= set(log["dataset"])
    assert queries.reader().df("select count(*) from upload_batches").item() > 2  # the delete did not stay


def test_a_file_is_read_before_its_upload_queues_for_the_lock(built_mart, monkeypatch):
    """Parsing a big or hostile file never holds the writer lock (others need not wait for it)."""
    files = college_next_year_files()
    release, holder = _hold_writer("проверочная запись")
    reads: list[bool] = []
    real_read = ingest.read

    def spy(*args, **kwargs):
        reads.append(holder.is_alive())  # the other write still holds the lock
        return real_read(*args, **kwargs)

    monkeypatch.setattr(ingest, "read", spy)
    results: dict = {}
    upload = threading.Thread(
        target=lambda: results.update(r=ingest.load(COLLEGE, "graduates", files["graduates"], "g.csv"))
    )
    upload.start()
    try:
        _until(lambda: reads)
        assert reads == [True] and not results  # read, and now waiting its turn
    finally:
        release.set()
        holder.join(60)
        upload.join(60)
    assert results["r"].accepted and reads == [True]  # read once, not again under the lock
