"""Time and memory of hostile workbooks (issue 8): what a far cell and a zip bomb cost us now.

    .venv/bin/python bench/hostile.py [--bomb-rows 2000000] [--skip-bomb]

Builds a demo mart in a temporary folder (MART_DB points there; data/ is not touched), then loads,
through ``mart.intake.ingest.load`` as a page upload would:

* a 5 KB workbook with one cell at XFD1048576 (once: the reader tried to allocate 550 GB and the
  server aborted), and one at CV1000000 (once: accepted after 40 s at 3.6 GB);
* a zip bomb: a small .xlsx whose one sheet unpacks to hundreds of MB of XML (default 2,000,000
  rows, like the one that once took 121 s and 4 GB and stored 1,999,999 error rows).

For each it prints the file size, the outcome and the reason, the wall time, this process's resident
memory before and after, and the reading child's own peak (VmHWM). No assertion: figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADER = ["Год приёма", "Код организации", "Код специальности", "КЦП", "Зачислено"]


def far_cell(row: int, col: int) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, [2026, "POO-01", "15.01.05", 50, 48])
    ws.write(row, col, "x")
    wb.close()
    return buf.getvalue()


def zip_bomb(rows: int) -> tuple[bytes, int]:
    """A workbook whose sheet holds ``rows`` rows (positions left out, as the format allows)."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER) + "</row>"
    ).encode()
    row = b"<row><c><v>2026</v></c><c t='inlineStr'><is><t>POO-01</t></is></c><c><v>1</v></c></row>"
    tail = b"</sheetData></worksheet>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            chunk = row * 10_000
            for _ in range(rows // 10_000):
                fh.write(chunk)
            fh.write(tail)
    return buf.getvalue(), len(head) + len(row) * rows + len(tail)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))


def reader_peak(data: bytes, file_name: str) -> float | None:
    """The reading child's own peak memory (it reports VmHWM) under the limits a load uses."""
    from dataclasses import asdict

    from mart.intake import datasets, filereader

    limits = filereader.limits_for(len(datasets.get("admissions").columns))
    head = json.dumps({"file_name": file_name, "limits": asdict(limits)}).encode() + b"\n"
    done = subprocess.run(
        [sys.executable, "-m", "mart.intake.xlsxread"], input=head + data, capture_output=True, check=False
    )
    try:
        return json.loads(done.stdout)["peak_mb"]
    except (ValueError, KeyError):
        return None


def run(label: str, data: bytes, unpacked: int | None = None) -> None:
    from mart.access.rules import Access
    from mart.intake import ingest

    before = rss_mb()
    t0 = time.perf_counter()
    result = ingest.load(
        Access(role="operator", login="bench"), "admissions", data, f"{label}.xlsx", channel="page"
    )
    seconds = time.perf_counter() - t0
    after = rss_mb()
    child = reader_peak(data, f"{label}.xlsx")
    reason = result.errors.get_column("reason")[0] if result.errors.height else ""
    size = f"{len(data) / 1024:.1f} KB" + (f" ({unpacked / 1048576:.0f} MB of XML)" if unpacked else "")
    print(
        f"{label:<24} {size:<30} {result.status:<9} {seconds:6.2f} s   server RSS {before:5.0f} -> "
        f"{after:5.0f} MB, reader peak {child or 0:5.0f} MB"
    )
    print(f"{'':<24} errors stored: {result.errors.height}; {reason[:170]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bomb-rows", type=int, default=2_000_000)
    ap.add_argument("--skip-bomb", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("MART_TODAY", "2026-11-26")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MART_DB"] = str(Path(tmp) / "data" / "mart.duckdb")
        from mart.platform import build

        print("building a demo mart in", tmp, "…")
        build.build(demo=True)
        run("far cell XFD1048576", far_cell(1_048_575, 16_383))
        run("far cell CV1000000", far_cell(999_999, 99))
        if not args.skip_bomb:
            data, unpacked = zip_bomb(args.bomb_rows)
            run(f"zip bomb {args.bomb_rows:,} rows", data, unpacked)


if __name__ == "__main__":
    main()
