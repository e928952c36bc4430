"""The council's papers: the meeting pack and the commission protocol as PDF, read back with poppler.

The figures are checked against the views on the demo mart (independent SQL), every college of the
ranking must be in the text, and every page rendered by pdftoppm must carry ink (not blank).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from PIL import Image

from mart.access.rules import Access, AccessDenied
from mart.papers import brief, protocol
from mart.platform import db, ru
from mart.read import kpi

REPO = Path(__file__).resolve().parents[1]
COUNCIL = Access(role="council", login="demo.council")
COORDINATOR = Access(role="coordinator", login="demo.coordinator")
ECONOMY = Access(role="economy", login="demo.economy")

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils missing: `make test` installs it",
)


def sql(path, query, params=None):
    con = db.prepare(duckdb.connect(str(path), read_only=True))  # mart_today() = MART_TODAY
    try:
        return con.execute(query, params or {}).fetchall()
    finally:
        con.close()


def pdf_text(path: Path, *, raw: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else ["-layout"]), str(path), "-"]
    return plain(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def plain(text: str) -> str:
    """pdftotext gives a non-breaking space back as a plain one."""
    return text.replace("\u00a0", " ")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_pages_not_blank(path: Path, tmp_path: Path) -> int:
    """Render every page (pdftoppm) and check each carries text and ink, as a browser test checks a page."""
    prefix = tmp_path / f"{path.stem}-page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{path.stem}-page-*.png"))
    assert pages, "pdftoppm rendered no page"
    for png in pages:
        with Image.open(png) as img:
            grey = img.convert("L")
            dark = sum(grey.histogram()[:200])
            share = dark / (grey.width * grey.height)
        assert share > 0.005, f"{png.name} is blank ({share:.4f} inked)"
    for n in range(1, len(pages) + 1):
        page = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert f"Страница {n} из {len(pages)}" in page, f"page {n} has no page number"
    return len(pages)


def test_meeting_pack_holds_the_figures_of_the_views(built_mart, tmp_path):
    made = brief.make_meeting_pack(COUNCIL)
    path = tmp_path / made.file_name
    path.write_bytes(made.pdf)
    assert made.file_name == "материалы-к-заседанию-2026-11-26.pdf"
    text = pdf_text(path)
    flat = squeeze(pdf_text(path, raw=True))

    # the cover: date, freshness, demo mark; every later page: the header with date, filters, demo mark
    assert "Материалы к заседанию координационного совета" in text
    assert "на 26 ноября 2026 г." in text
    assert "Актуальность данных" in text and "Трудоустройство выпускников" in text
    assert text.count("ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ") >= made.pages  # cover + the header of every other page
    assert "Год: 2025" in text

    # the roadmap: the overdue measures, their count as the view holds it
    (overdue,) = sql(built_mart, "select count(*) from roadmap_progress where is_overdue")[0]
    assert f"Просроченные мероприятия: {overdue}" in text
    items = [r[0] for r in sql(built_mart, "select item_label from roadmap_progress where is_overdue")]
    for item in items:
        assert item in text

    # employment: the region's K1 of 2025, computed here from the graduates' statuses
    employed, excused, graduates = sql(
        built_mart,
        """
        select count(*) filter (where s.status_group = 'employed'),
               count(*) filter (where s.status_group = 'excused'), count(*)
        from graduates as g join employment_statuses as s on s.status_code = g.status
        where g.graduation_year = 2025
        """,
    )[0]
    assert plain(ru.percent(employed / (graduates - excused))) in text
    assert plain(ru.number(graduates)) in text

    # championships: the gold medals of the regional championship 2025
    (gold,) = sql(
        built_mart, "select sum(gold) from championship_medals where level = 'regional' and year = 2025"
    )[0]
    assert f"{gold}Золото" in flat  # the figure box: the number over its label

    # the ranking: every college by its short name, with its score, in the view's order
    ranking = sql(
        built_mart,
        """
        select i.short_name, s.score, s.rank from director_kpi_scores as s
        join institutions as i using (inst_code) where s.year = 2025 order by s.rank, s.inst_code
        """,
    )
    assert len(ranking) == 19
    position = 0
    for name, score, _rank in ranking:
        found = flat.find(squeeze(name), position)
        assert found >= 0, f"{name} missing (or out of order) in the ranking"
        position = found
        assert squeeze(ru.number(score, 1)) in flat
    assert all(f"{k}, %" in text for k in kpi.INDICATORS)

    # A4; the ranking page is landscape
    pages = assert_pages_not_blank(path, tmp_path)
    assert pages == made.pages
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(path)], capture_output=True, text=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    assert ("595.28", "841.89") in sizes and ("841.89", "595.28") in sizes


def test_the_pack_is_kept_with_its_checksum(built_mart):
    made = brief.make_meeting_pack(ECONOMY)
    kept = brief.papers(ECONOMY).row(0, named=True)
    assert kept["paper_id"] == made.paper_id
    assert kept["sha256"] == made.sha256 and kept["created_by"] == "demo.economy"
    assert kept["pages"] == made.pages and kept["bytes"] == len(made.pdf)
    (last_batch,) = sql(built_mart, "select max(batch_id) from upload_batches")[0]
    assert kept["last_batch_id"] == last_batch
    assert f"№ {last_batch}" in kept["data_version"] and "методика KPI v1" in kept["data_version"]
    assert brief.paper_file(COUNCIL, made.paper_id) == made.pdf
    assert (built_mart.parent / "papers" / f"{made.sha256}.pdf").read_bytes() == made.pdf


def test_only_the_council_side_makes_the_pack(built_mart):
    for ctx in (Access(), Access(role="institution", login="demo.poo02", inst_code="POO-02")):
        with pytest.raises(AccessDenied):
            brief.make_meeting_pack(ctx)


def test_pack_prints_the_staffing_balance_and_open_collections(built_mart, tmp_path):
    """The top shortages of the staffing balance and the open collections, as their views hold them."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(brief.meeting_pack(COUNCIL, year=2025))
    text = pdf_text(path)
    flat = squeeze(pdf_text(path, raw=True))
    shortages = sql(
        built_mart,
        """
        select b.ugs_code, u.ugs_name, b.need, b.supply, b.gap, b.coverage
        from staffing_balance as b left join seed.ugs as u using (ugs_code)
        where b.year = 2025 and b.gap > 0 order by b.gap desc, b.ugs_code limit 10
        """,
    )
    assert shortages, "the demo region has shortages in 2025"
    balance = flat.split(squeeze("5. Кадровый баланс"))[-1]
    position = 0
    for code, name, need, supply, gap, coverage in shortages:
        row = squeeze(
            plain(
                f"{code}{name}{ru.number(need, 0)}{ru.number(supply, 0)}{ru.number(gap, 0)}{ru.percent(coverage)}"
            )
        )
        found = balance.find(row, position)
        assert found >= 0, row
        position = found
    (surplus,) = sql(built_mart, "select min(ugs_code) from staffing_balance where year = 2025 and gap < 0")[
        0
    ]
    assert surplus is None or squeeze(surplus) not in balance.split(squeeze("6. Сбор данных"))[0]

    collections = text.split("6. Сбор данных")[-1]
    wanted = sql(
        built_mart,
        "select dataset_title, year, deadline, expected, submitted, missing from collection_status "
        "where not is_closed and not is_complete",
    )
    assert wanted, "the demo region has open collections"
    for title, year, deadline, expected, submitted, missing in wanted:
        line = rf"{title}\s+{year}\s+{re.escape(ru.date(deadline))}\s+{expected}\s+{submitted}\s+{missing}"
        assert re.search(line, collections), (title, year)
    (closed,) = sql(built_mart, "select count(*) from collection_status where is_closed or is_complete")[0]
    assert len(re.findall(r"\d{4}\s+(—|\d\d\.\d\d\.\d{4})\s+\d+\s+\d+\s+\d+", collections)) == len(wanted)
    assert closed > 0  # complete or closed collections exist and are left out


def test_commission_protocol_pdf(built_mart, tmp_path):
    members = kpi.parse_members(
        "Иванова Анна Борисовна, заместитель министра\n\nПетров В. Г., директор ИРО\nСидорова Д. Е."
    )
    assert members[2] == ("Сидорова Д. Е.", None)
    evaluation_id = kpi.save_evaluation(COORDINATOR, 2025, 1, "Заседание комиссии 15.12.2026", members)
    made = protocol.make_protocol(COUNCIL, evaluation_id)
    path = tmp_path / made.file_name
    path.write_bytes(made.pdf)
    text = pdf_text(path)
    flat = squeeze(pdf_text(path, raw=True))
    assert "Протокол оценки эффективности деятельности" in text
    assert "«Заседание комиссии 15.12.2026»" in text
    assert "Оценочный период: 2025 год" in text
    assert "Методика v1 «Базовая»" in text
    for code, weight in kpi.weights(None, 1).items():
        assert re.search(rf"{code}\s.*\s{ru.number(weight, 2)}\s*$", text, re.M), code
    assert "Исходные данные" in text and "Трудоустройство выпускников" in text
    assert "Председатель комиссии" in text and squeeze("Иванова Анна Борисовна, заместитель министра") in flat
    assert squeeze("Член комиссии Петров В. Г., директор ИРО") in flat and text.count("подпись") == 3
    frozen = sql(
        built_mart,
        "select distinct i.short_name, r.score, r.rank from kpi_evaluation_rows as r "
        "join institutions as i using (inst_code) where evaluation_id = $e order by r.rank",
        {"e": evaluation_id},
    )
    assert len(frozen) == 19
    for name, score, _rank in frozen:
        assert squeeze(name) in flat and squeeze(ru.number(score, 1)) in flat
    # every indicator of every college, with its numerator
    (k1_num,) = sql(
        built_mart,
        "select numerator from kpi_evaluation_rows where evaluation_id = $e and indicator_code = 'K1' "
        "order by rank, inst_code limit 1",
        {"e": evaluation_id},
    )[0]
    assert plain(ru.number(k1_num)) in text
    assert assert_pages_not_blank(path, tmp_path) == made.pages
    kept = brief.papers(COUNCIL).row(0, named=True)
    assert kept["kind"] == "kpi_protocol" and kept["evaluation_id"] == evaluation_id


def test_a_protocol_without_commission_leaves_lines_to_fill(built_mart, tmp_path):
    evaluation_id = kpi.save_evaluation(COORDINATOR, 2025, 1, "Без комиссии")
    path = tmp_path / "p.pdf"
    path.write_bytes(protocol.evaluation_protocol_pdf(COUNCIL, evaluation_id))
    text = pdf_text(path)
    assert "впишите членов комиссии от руки" in text and text.count("подпись") == 5


def test_cli_brief_writes_and_keeps_the_pack(built_mart, tmp_path):
    out = tmp_path / "пакет.pdf"
    env = {**os.environ, "MART_DB": str(built_mart)}
    done = subprocess.run(
        [sys.executable, "-m", "mart", "brief", "--date", "2026-11-26", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "на 26 ноября 2026 г." in pdf_text(out)
    (kept,) = sql(built_mart, "select count(*) from papers where kind = 'meeting_pack'")[0]
    assert kept == 1
    bad = subprocess.run(
        [sys.executable, "-m", "mart", "brief", "--date", "31.06.2026"],
        cwd=REPO,
        env=env,
        capture_output=True,
    )
    assert bad.returncode == 2
