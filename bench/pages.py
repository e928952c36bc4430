"""Each page's script run time on demo data with a filter changed (target: median under 300 ms).

Builds a temporary demo mart, then for every page of the app runs it once (warm-up) and then
N times, each time switching the first sidebar filter to another value, and prints the median and
the worst run. Usage: .venv/bin/python bench/pages.py [--runs N] [--role council] [--page staffing]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MART_TODAY", "2026-11-26")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--role", default="coordinator")
    parser.add_argument("--page", help="only the page with this URL path (e.g. staffing)")
    args = parser.parse_args()

    from streamlit.testing.v1 import AppTest

    from mart.access.rules import Access
    from mart.platform import build
    from pages.ui import navigation

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MART_DB"] = str(Path(tmp) / "mart.duckdb")
        build.build(demo=True)
        inst = "POO-01" if args.role == "institution" else None
        ctx = Access(role=args.role, login=f"bench.{args.role}", inst_code=inst)
        print(f"role: {args.role}; {args.runs} runs per page after a warm-up, a filter changed each run")
        for file, title, _, url, capability in navigation.PAGES:
            if url in ("signin", "accounts") or (capability and not ctx.allows(capability)):
                continue
            if args.page and url != args.page:
                continue
            at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).switch_page(f"pages/{file}")
            at.session_state["access"] = ctx
            at.run()
            if at.exception:
                print(f"{title:28s} ERROR: {at.exception[0].message}")
                continue
            boxes = [b for b in at.sidebar.selectbox if len(b.options) > 1]
            times = []
            for i in range(args.runs):
                if boxes:
                    box = boxes[0]
                    box.select_index((i + 1) % len(box.options))
                started = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - started) * 1000)
                boxes = [b for b in at.sidebar.selectbox if len(b.options) > 1]
            changed = f"filter «{boxes[0].label}»" if boxes else "no filter"
            print(
                f"{title:28s} median {statistics.median(times):6.0f} ms   worst {max(times):6.0f} ms   ({changed})"
            )


if __name__ == "__main__":
    main()
