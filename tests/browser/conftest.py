"""Browser tests: the real app served by streamlit on a free local port, driven by Debian's chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_script() -> str:
    """The file streamlit serves (a test module may override it, e.g. with serve.py as `make run` does)."""
    return "app.py"


@pytest.fixture
def app_url(built_mart, tmp_path, app_script):
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("wb")
    env = {
        **os.environ,
        "MART_DB": str(built_mart),
        "MART_TODAY": os.environ.get("MART_TODAY", "2026-11-26"),
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full",  # a failing test shows the traceback
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / app_script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(
            "streamlit did not start: " + (tmp_path / "streamlit.log").read_text(errors="replace")[-2000:]
        )
    yield url
    log.close()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def settle(page, seconds: float = 1.0) -> None:
    """Wait until the script run is over (no running indicator) and the page has drawn."""
    page.wait_for_selector('[data-testid="stApp"]')
    deadline = time.monotonic() + 60
    time.sleep(0.5)
    while time.monotonic() < deadline:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            break
        time.sleep(0.2)
    time.sleep(seconds)


def sign_in(page, url: str, login: str, password: str = "demo-2019") -> None:
    page.goto(f"{url}/signin")
    settle(page)
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    settle(page, 2)
