"""A council member downloads the meeting pack from «Обзор»: a Russian PDF with every college."""

import re
import shutil
import subprocess

import duckdb
import pytest

from tests.browser.conftest import settle, sign_in


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing: `make test` installs it"
)
def test_council_downloads_the_meeting_pack_from_the_overview(app_url, browser, built_mart, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    sign_in(page, app_url, "demo.council")
    page.goto(f"{app_url}/")
    settle(page, 1.5)
    button = page.get_by_role("button", name=re.compile("Материалы к заседанию"))
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=180_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "материалы-к-заседанию-2026-11-26.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    raw = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    )
    flat = re.sub(r"\s+", "", raw.stdout)
    con = duckdb.connect(str(built_mart), read_only=True)
    try:
        names = [
            r[0] for r in con.execute("select short_name from institutions where kind = 'ПОО'").fetchall()
        ]
        kept = con.execute(
            "select count(*), max(created_by) from papers where kind = 'meeting_pack'"
        ).fetchall()
    finally:
        con.close()
    assert len(names) == 19
    for name in names:
        assert re.sub(r"\s+", "", name) in flat, name
    assert "ДЕМОНСТРАЦИОННЫЕДАННЫЕ" in flat and "Просроченныемероприятия" in flat
    assert kept == [(1, "demo.council")]  # the pack given is kept with who made it
