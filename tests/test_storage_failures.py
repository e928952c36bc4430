"""A full disk and a read-only data folder (issue 8): every write gives a Russian message, never a
traceback, on load (function, CLI) and on the sign-in page; the published mart stays as it was.

A full disk is a real small tmpfs when the tests run as root (CI does); otherwise the kernel's file
size limit (RLIMIT_FSIZE, in a child process) refuses the writes the same way, with EFBIG. A
read-only folder is a tmpfs remounted read-only as root, or a folder without write permission.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mart.access import accounts
from mart.access.rules import Access
from mart.intake import ingest
from mart.platform import config
from tests.test_ingest_bad_files import snapshot

OPERATOR = Access(role="operator", login="test")
FILE = "Год приёма;Код организации;Код специальности;КЦП;Зачислено\r\n2026;POO-01;15.01.05;77;70\r\n".encode(
    "cp1251"
)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@contextlib.contextmanager
def _tmpfs(mnt: Path, size: int):
    mnt.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.fixture
def full_disk(built_mart, tmp_path, monkeypatch):
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root; see test_file_size_limit_is_a_russian_message")
    with _tmpfs(tmp_path / "disk", _size(built_mart.parent) + 256 * 1024) as mnt:
        # the secret that signs session cookies lives next to the mart: copy everything
        for p in built_mart.parent.iterdir():
            if p.is_file():
                shutil.copyfile(p, mnt / p.name)
            elif p.is_dir():
                shutil.copytree(p, mnt / p.name)
        # and fill what is left: no write of any size succeeds (the mart's or the accounts store's)
        with (mnt / "filler").open("wb") as fh, contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        monkeypatch.setenv("MART_DB", str(mnt / "mart.duckdb"))
        yield mnt / "mart.duckdb"


@pytest.fixture
def read_only_folder(built_mart, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    if IS_ROOT:
        with _tmpfs(folder, 64 * 1048576) as mnt:
            for p in built_mart.parent.iterdir():
                (shutil.copyfile if p.is_file() else shutil.copytree)(p, mnt / p.name)
            subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
            monkeypatch.setenv("MART_DB", str(mnt / "mart.duckdb"))
            yield mnt / "mart.duckdb"
    else:
        folder.mkdir()
        for p in built_mart.parent.iterdir():
            (shutil.copyfile if p.is_file() else shutil.copytree)(p, folder / p.name)
        folder.chmod(0o555)
        monkeypatch.setenv("MART_DB", str(folder / "mart.duckdb"))
        try:
            yield folder / "mart.duckdb"
        finally:
            folder.chmod(0o755)


def _assert_failed_in_russian(result: ingest.LoadResult, words: str) -> None:
    assert result.status == "failed"
    assert result.batch_id is None
    summary = result.summary_ru()
    assert words in summary, summary
    assert "Traceback" not in summary and "Error" not in summary


def test_full_disk_load_is_a_russian_message_and_changes_nothing(full_disk):
    before = snapshot()
    result = ingest.load(OPERATOR, "admissions", FILE, "kcp.csv")
    _assert_failed_in_russian(result, "Нет места на диске")
    assert snapshot() == before
    leftovers = [p.name for p in full_disk.parent.iterdir() if ".work-" in p.name or p.name.endswith(".part")]
    assert leftovers == []  # the partial work copy is gone: the space is back


def test_read_only_folder_load_is_a_russian_message(read_only_folder):
    before = snapshot()
    result = ingest.load(OPERATOR, "admissions", FILE, "kcp.csv")
    _assert_failed_in_russian(result, "недоступна для записи")
    assert snapshot() == before


@pytest.mark.parametrize("where", ["full_disk", "read_only_folder"])
def test_cli_load_prints_russian_and_exits_1(where, request, tmp_path):
    mart = request.getfixturevalue(where)
    src = tmp_path / "kcp.csv"
    src.write_bytes(FILE)
    done = subprocess.run(
        [sys.executable, "-m", "mart", "load", "admissions", str(src)],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
        env={**os.environ, "MART_DB": str(mart)},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ("Нет места на диске" if where == "full_disk" else "недоступна для записи") in done.stderr


@pytest.mark.parametrize("where", ["full_disk", "read_only_folder"])
def test_sign_in_page_says_so_in_russian(where, request):
    request.getfixturevalue(where)
    at = AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    at.switch_page("pages/signin.py").run()
    at.text_input(key="signin_login").input("demo.council")
    at.text_input(key="signin_password").input(accounts.DEMO_PASSWORD)
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert not at.exception
    assert "access" not in at.session_state
    errors = [e.value for e in at.error]
    assert any("Вход сейчас невозможен" in e for e in errors), errors


def test_file_size_limit_is_a_russian_message(built_mart, tmp_path):
    """Without root: the kernel refuses writes past RLIMIT_FSIZE (EFBIG), as a full disk would."""
    src = tmp_path / "kcp.csv"
    src.write_bytes(FILE)
    limit = built_mart.stat().st_size // 2  # the work copy cannot be completed
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from mart import cli
        sys.exit(cli.main(["load", "admissions", {str(src)!r}]))
        """
    )
    before = snapshot()
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
        env={**os.environ, "MART_DB": str(built_mart)},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "Нет места на диске" in done.stderr
    assert snapshot() == before
    assert not [p for p in built_mart.parent.iterdir() if ".work-" in p.name]
