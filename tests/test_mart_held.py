"""The app keeps serving while another process holds the published mart read-write.

An analyst's ``duckdb data/mart.duckdb`` (no ``-readonly``) locks the file against every other
process. The reader then serves the version it already has, or a private copy, and says so.
"""

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from mart.platform import config, db
from mart.read import queries

HOLD = (
    "import sys, duckdb; con = duckdb.connect(sys.argv[1]);"  # read-write, like the duckdb CLI's default
    " con.sql('select count(*) from roadmap_items').fetchall(); print('held', flush=True); sys.stdin.read()"
)


@pytest.fixture
def holder():
    procs = []

    def hold(path):
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        procs.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield hold
    for proc in procs:
        if proc.poll() is None:
            proc.stdin.close()
            proc.wait(timeout=20)


def _release(proc):
    proc.stdin.close()
    proc.wait(timeout=20)


def test_pages_keep_serving_while_an_analyst_holds_the_file(built_mart, holder, monkeypatch):
    monkeypatch.setattr(db.Reader, "RETRY_SECONDS", 0.0)
    queries._readers.clear()
    proc = holder(built_mart)  # before the app has opened the file at all
    with pytest.raises(Exception, match="lock"):
        db._attach_read_only(built_mart)  # what every page used to fail with
    for page in ("overview.py", "roadmap.py", "employment.py"):
        at = AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=90)
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.title and at.title[0].value != "Вход"
        assert any("открыт для записи другой программой" in w.value for w in at.warning), page
    _release(proc)
    at = AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception
    assert not any("другой программой" in w.value for w in at.warning)  # the file itself again
    assert queries.reader().snapshot_note is None


def test_a_reader_keeps_its_version_when_the_new_one_is_held(built_mart, holder, monkeypatch):
    monkeypatch.setattr(db.Reader, "RETRY_SECONDS", 0.0)
    reader = db.Reader(built_mart)
    assert reader.df("select count(*) from roadmap_items").item() == 57
    old = reader.stamp
    with db.writer() as con:  # a publish: a new file takes the place of the old one
        con.sql("update upload_batches set uploaded_by = uploaded_by")
    proc = holder(built_mart)  # and an analyst opens the new one read-write before the app looks
    assert reader.df("select count(*) from roadmap_items").item() == 57
    assert reader.stamp == old  # the version served, so cached results stay consistent
    assert "другой программой" in reader.snapshot_note
    _release(proc)
    assert reader.stamp != old and reader.snapshot_note is None


def test_the_command_line_says_what_holds_the_file(built_mart, holder, capsys):
    from mart import cli

    proc = holder(built_mart)
    assert cli.main(["sql", "select 1"]) == 1
    assert "-readonly" in capsys.readouterr().err
    _release(proc)
