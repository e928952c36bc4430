"""Time a full build of the mart (migrations, seeds, models, checks, demo data) into a temporary folder.

Target: under 5 s here with demo data. Usage: .venv/bin/python bench/build.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from mart.platform import build

    for demo in (False, True):
        times = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["MART_DB"] = str(Path(tmp) / "mart.duckdb")
                started = time.perf_counter()
                report = build.build(demo=demo)
                times.append(time.perf_counter() - started)
        label = "with demo data" if demo else "--no-demo     "
        print(
            f"full build {label}: median {statistics.median(times):.2f} s, min {min(times):.2f} s "
            f"over {args.runs} runs ({report.models_built} models, {report.checks_passed} checks, "
            f"{report.demo_batches} demo batches)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MART_DB"] = str(Path(tmp) / "mart.duckdb")
        build.build(demo=True)
        started = time.perf_counter()
        build.build(demo=True)
        print(f"second build (nothing to load): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
