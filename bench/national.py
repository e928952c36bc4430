"""National scale: 3,500 colleges, 800,000 graduates a year, loaded through the ingestion path.

    .venv/bin/python bench/national.py [--colleges 3500] [--graduates 800000] [--years 7]
                                      [--dir bench/out/national] [--runs 5] [--skip-peer]

Generates a deterministic national dataset in the upload contract (institutions, experts with
30,000 certificates, and for every year graduates, demo exams, 50,000 championship results and
admissions per college × specialty), loads every file with ``python -m mart load`` into an empty
mart and prints:

- the load time and peak memory of every file (does the seventh year's graduates file take longer
  than the first?), and the size of the mart;
- a 5-row write; a sign-in while a large upload runs; ``python -m mart check``;
- every page's script time, warm and right after another user signed in and after an upload of an
  unrelated dataset (AppTest, as ``bench/pages.py``), and the peak memory of a coordinator who walks
  every page;
- a naive peer: pandas re-reading the CSV files and computing the KPI ranking (vectorised) on every
  page run, side by side with the KPI page, as a ratio.

Targets (issue 15, printed, never asserted): a page ≤ 500 ms warm and ≤ 1.5 s after a sign-in or an
unrelated upload; a 5-row write ≤ 1 s; an 800,000-row graduates file ≤ 15 s whatever the history; a
sign-in ≤ 0.5 s during an upload; a coordinator walking every page ≤ 1.5 GB; check ≤ 10 s; the KPI page
≥ 10× faster than the peer. The generated files and the mart stay in --dir; a second run reuses them.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MART_TODAY", "2026-11-26")

SEED = 448
LAST_YEAR = 2025
PASSWORD = "bench-national-2026"
CHAMPIONSHIP_RESULTS = 50_000
CERTIFICATES = 30_000
EXAM_SHARE = 0.42  # demo exams sat per graduate (about 2.3 million exam rows over 7 years)

# status code -> weight (close to the monitoring's regional shares); "other" stays under 1 in 200
STATUSES = {
    "employed": 52,
    "entrepreneur": 2,
    "self_employed": 4,
    "continuing_education": 14,
    "army_conscript": 15,
    "army_contract": 2,
    "parental_leave": 4,
    "unemployed_registered": 2,
    "no_motivation": 2,
    "informal": 1,
    "other": 0.3,
}
MEDALS = {"gold": 0.04, "silver": 0.04, "bronze": 0.04, "medallion": 0.08, "none": 0.80}
LEVELS = {"regional": 0.85, "national": 0.10, "corporate": 0.05}


# --- the generator ------------------------------------------------------------------------------


def _reference(name: str) -> pl.DataFrame:
    return pl.read_csv(REPO / "seeds" / f"{name}.csv", infer_schema=False)


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def _write(frame: pl.DataFrame, path: Path) -> Path:
    frame.write_csv(path, separator=";")
    return path


def generate(out: Path, colleges: int, graduates: int, years: list[int]) -> list[tuple[str, Path]]:
    """The files in the order they are loaded: (dataset, path)."""
    out.mkdir(parents=True, exist_ok=True)
    plan_file = out / "plan.txt"
    if plan_file.exists():
        plan = [tuple(line.split("\t")) for line in plan_file.read_text().splitlines()]
        return [(d, Path(p)) for d, p in plan]
    rng = np.random.default_rng(SEED)
    specialties = _reference("specialties")["specialty_code"].to_list()
    competences = _reference("competences")["competence"].to_list()
    codes = [f"NAT-{i:04d}" for i in range(1, colleges + 1)]
    regions = [f"Субъект РФ № {r:02d}" for r in range(1, 90)]
    plan: list[tuple[str, Path]] = []

    institutions = pl.DataFrame(
        {
            "inst_code": codes,
            "short_name": [f"Колледж {i}" for i in range(1, colleges + 1)],
            "full_name": [
                f"Профессиональная образовательная организация № {i}" for i in range(1, colleges + 1)
            ],
            "kind": ["ПОО"] * colleges,
            "municipality": [regions[i % len(regions)] for i in range(colleges)],
            "director": [f"Директор {i}" for i in range(1, colleges + 1)],
        }
    )
    plan.append(("institutions", _write(institutions, out / "institutions.csv")))

    # every college teaches 6–12 specialties; graduates spread over them
    per_college = rng.integers(6, 13, size=colleges)
    offer_inst = np.repeat(np.arange(colleges), per_college)
    offer_spec = np.concatenate([rng.choice(len(specialties), size=k, replace=False) for k in per_college])
    spec_arr = np.array(specialties)
    code_arr = np.array(codes)
    comp_arr = np.array(competences)

    expert_inst = rng.integers(0, colleges, size=CERTIFICATES)
    start = rng.integers(0, 365 * 6, size=CERTIFICATES)
    valid_from = np.datetime64("2019-01-01") + start.astype("timedelta64[D]")
    valid_to = valid_from + rng.integers(365, 365 * 4, size=CERTIFICATES).astype("timedelta64[D]")
    experts = pl.DataFrame(
        {
            "expert_id": [f"EX-{i:06d}" for i in range(CERTIFICATES)],
            "full_name": [f"Эксперт {i}" for i in range(CERTIFICATES)],
            "inst_code": code_arr[expert_inst],
            "organization": [""] * CERTIFICATES,
            "competence": comp_arr[rng.integers(0, len(comp_arr), size=CERTIFICATES)],
            "certificate": _pick(
                rng, {"certified_expert": 0.3, "demo_exam_expert": 0.5, "regional_expert": 0.2}, CERTIFICATES
            ),
            "valid_from": pl.Series(valid_from).dt.strftime("%d.%m.%Y"),
            "valid_to": pl.Series(valid_to).dt.strftime("%d.%m.%Y"),
        }
    )
    plan.append(("experts", _write(experts, out / "experts.csv")))

    for year in years:
        pick = rng.integers(0, len(offer_inst), size=graduates)
        status = _pick(rng, STATUSES, graduates)
        employed = status == "employed"
        day = rng.integers(1, 29, size=graduates)
        grads = pl.DataFrame(
            {
                "inst_code": code_arr[offer_inst[pick]],
                "graduation_year": np.full(graduates, year),
                "specialty_code": spec_arr[offer_spec[pick]],
                "graduate_id": [f"G{year % 100:02d}-{i:07d}" for i in range(graduates)],
                "status": status,
                "by_specialty": np.where(employed, np.where(rng.random(graduates) < 0.7, "да", "нет"), ""),
                "retained_4m": np.where(employed, np.where(rng.random(graduates) < 0.8, "да", "нет"), ""),
                "status_date": [f"{d:02d}.12.{year}" for d in day],
            }
        )
        plan.append(("graduates", _write(grads, out / f"graduates-{year}.csv")))

        n_exams = int(graduates * EXAM_SHARE)
        epick = rng.integers(0, len(offer_inst), size=n_exams)
        score = np.round(rng.beta(5, 2.2, size=n_exams) * 100, 2)
        exams = pl.DataFrame(
            {
                "year": np.full(n_exams, year),
                "inst_code": code_arr[offer_inst[epick]],
                "specialty_code": spec_arr[offer_spec[epick]],
                "competence": comp_arr[rng.integers(0, len(comp_arr), size=n_exams)],
                "student_id": [f"S{year % 100:02d}-{i:07d}" for i in range(n_exams)],
                "score_pct": score,
            }
        )
        plan.append(("demo_exams", _write(exams, out / f"demo_exams-{year}.csv")))

        n = CHAMPIONSHIP_RESULTS
        region = rng.integers(0, len(regions), size=n)
        level = _pick(rng, LEVELS, n)
        results = pl.DataFrame(
            {
                "year": np.full(n, year),
                "event": [
                    f"Финал {year}" if lv == "national" else f"Чемпионат {lv} {regions[r]} {year}"
                    for lv, r in zip(level, region, strict=True)
                ],
                "level": level,
                "age_group": _pick(rng, {"main": 0.8, "juniors": 0.17, "50plus": 0.03}, n),
                "competence": comp_arr[rng.integers(0, len(comp_arr), size=n)],
                "participant_id": [f"P{year % 100:02d}-{i:06d}" for i in range(n)],
                "participant_name": [f"Участник {i}" for i in range(n)],
                "inst_code": code_arr[rng.integers(0, colleges, size=n)],
                "organization": [""] * n,
                "score": np.round(rng.uniform(20, 100, size=n), 2),
                "medal": _pick(rng, MEDALS, n),
            }
        )
        plan.append(("championship_results", _write(results, out / f"championship_results-{year}.csv")))

        plan_places = rng.integers(15, 60, size=len(offer_inst))
        admissions = pl.DataFrame(
            {
                "year": np.full(len(offer_inst), year),
                "inst_code": code_arr[offer_inst],
                "specialty_code": spec_arr[offer_spec],
                "kcp_plan": plan_places,
                "enrolled": np.minimum(
                    plan_places + 5, (plan_places * rng.uniform(0.7, 1.1, len(offer_inst)))
                ).astype(int),
            }
        )
        plan.append(("admissions", _write(admissions, out / f"admissions-{year}.csv")))
    plan_file.write_text("\n".join(f"{d}\t{p}" for d, p in plan))
    return plan


# --- measuring ------------------------------------------------------------------------------------


def _run(args: list[str], env: dict, stdin: str | None = None) -> tuple[float, float, int, str]:
    """Run a child; return (seconds, its peak memory in MB, exit code, the tail of its stderr)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            args, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err
        )
        if stdin is not None:
            proc.stdin.write(stdin.encode())
        proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        tail = err.read().decode(errors="replace")[-400:]
    return seconds, usage.ru_maxrss / 1024, proc.returncode, tail


def _cli(*words: str) -> list[str]:
    return [sys.executable, "-m", "mart", *words]


def _load(env: dict, dataset: str, path: Path, *extra: str) -> tuple[float, float]:
    # the operator's national export: over the 200,000 rows and 50 MB of an upload (``--large``)
    seconds, peak, code, err = _run(_cli("load", dataset, str(path), "--large", *extra), env)
    if code != 0:
        raise SystemExit(f"load of {path.name} failed ({code}): {err}")
    return seconds, peak


def _page_runs(role: str, runs: int, between=None) -> dict[str, tuple[float, float | None]]:
    """Each page: median warm script time, and the time of one run right after ``between()``."""
    from streamlit.testing.v1 import AppTest

    from mart.access.rules import Access
    from pages.ui import navigation

    ctx = Access(role=role, login=f"bench.{role}")
    out = {}
    for file, title, _, url, capability in navigation.PAGES:
        if url in ("signin", "accounts") or (capability and not ctx.allows(capability)):
            continue
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600).switch_page(f"pages/{file}")
        at.session_state["access"] = ctx
        at.run()
        if at.exception:
            out[title] = (float("nan"), None)
            print(f"  {title}: ERROR {at.exception[0].message}")
            continue
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
        after = None
        if between is not None:
            between()
            started = time.perf_counter()
            at.run()
            after = time.perf_counter() - started
        out[title] = (statistics.median(times), after)
    return out


def _peer_kpi(csv_dir: Path, year: int) -> pl.DataFrame:
    """What a competent small team would write without a mart: pandas over the CSV files, every run."""
    import pandas as pd

    def read(pattern: str) -> pd.DataFrame:
        return pd.concat([pd.read_csv(p, sep=";", dtype=str) for p in sorted(csv_dir.glob(pattern))])

    inst = pd.read_csv(csv_dir / "institutions.csv", sep=";", dtype=str)
    colleges = inst.loc[inst["kind"] == "ПОО", ["inst_code"]]
    g = read("graduates-*.csv")
    g = g[g["graduation_year"].astype(int) == year]
    employed_group = g["status"].isin(["employed", "entrepreneur", "self_employed"])
    excused = g["status"].isin(["continuing_education", "army_conscript", "army_contract", "parental_leave"])
    contract = g["status"] == "employed"
    g = g.assign(
        employed=employed_group,
        available=~excused,
        contract=contract,
        by_spec=contract & (g["by_specialty"] == "да"),
    )
    e = g.groupby("inst_code")[["employed", "available", "contract", "by_spec"]].sum()
    x = read("demo_exams-*.csv")
    x = x[x["year"].astype(int) == year]
    score = x["score_pct"].astype(float)
    x = x.assign(good=score >= 40, sat=True)
    q = x.groupby("inst_code")[["good", "sat"]].sum()
    r = read("championship_results-*.csv")
    r = r[(r["year"].astype(int) == year) & r["level"].isin(["regional", "national"])]
    pts = r["medal"].map({"gold": 4, "silver": 3, "bronze": 2, "medallion": 1}).fillna(0)
    r = r.assign(points=pts * np.where(r["level"] == "national", 2, 1))
    m = r.groupby("inst_code")["points"].sum()
    a = read("admissions-*.csv")
    a = a[a["year"].astype(int) == year].astype({"enrolled": int, "kcp_plan": int})
    adm = a.groupby("inst_code")[["enrolled", "kcp_plan"]].sum()
    ex = pd.read_csv(csv_dir / "experts.csv", sep=";", dtype=str)
    dec31 = pd.Timestamp(year, 12, 31)
    valid = (pd.to_datetime(ex["valid_from"], format="%d.%m.%Y") <= dec31) & (
        pd.to_datetime(ex["valid_to"], format="%d.%m.%Y") >= dec31
    )
    k6 = ex[valid].groupby("inst_code")["expert_id"].nunique()
    t = colleges.set_index("inst_code").join([e, q, adm]).join(m).join(k6.rename("experts")).fillna(0)

    def ratio(n, d):
        return np.where(d > 0, n / d.where(d > 0, 1), 0.0)

    k = pd.DataFrame(index=t.index)
    k["K1"] = ratio(t["employed"], t["available"])
    k["K2"] = ratio(t["by_spec"], t["contract"])
    k["K3"] = ratio(t["good"], t["sat"])
    k["K4"] = ratio(t["points"], pd.Series(t["points"].max(), index=t.index))
    k["K5"] = np.minimum(1.0, ratio(t["enrolled"], t["kcp_plan"]))
    k["K6"] = ratio(t["experts"], pd.Series(t["experts"].max(), index=t.index))
    weights = {"K1": 0.25, "K2": 0.15, "K3": 0.20, "K4": 0.15, "K5": 0.15, "K6": 0.10}
    k["score"] = 100 * sum(k[c] * w for c, w in weights.items())
    k["rank"] = k["score"].rank(method="dense", ascending=False).astype(int)
    return pl.from_pandas(k.reset_index().sort_values("rank"))


def _walk_peak(env: dict) -> float:
    """Peak memory (MB) of one process in which a coordinator opens every page."""
    code = (
        "import sys; sys.path.insert(0, '.');"
        "from bench.national import _page_runs; _page_runs('coordinator', 1);"
        "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--colleges", type=int, default=3500)
    parser.add_argument("--graduates", type=int, default=800_000, help="graduates a year")
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=REPO / "bench" / "out" / "national")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()

    years = list(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    csv_dir = args.dir / f"files-{args.colleges}-{args.graduates}-{args.years}"
    t0 = time.perf_counter()
    plan = generate(csv_dir, args.colleges, args.graduates, years)
    print(f"files: {len(plan)} in {csv_dir} ({time.perf_counter() - t0:.0f} s to generate or find)")

    mart_path = args.dir / "mart" / "mart.duckdb"
    env = {**os.environ, "MART_DB": str(mart_path), "PYTHONPATH": str(REPO)}
    os.environ["MART_DB"] = str(mart_path)
    fresh = not mart_path.exists()
    if fresh:
        seconds, _, code, err = _run(_cli("build", "--no-demo"), env)
        if code:
            raise SystemExit(f"build failed: {err}")
        print(f"\nempty mart built in {seconds:.1f} s; loading every file through `python -m mart load`:")
        for dataset, path in plan:
            rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
            seconds, peak = _load(env, dataset, path)
            print(f"  {path.name:34s} {rows:>9,d} rows  {seconds:7.1f} s   peak {peak:,.0f} MB")
    else:
        print(f"\nreusing the loaded mart in {mart_path} (delete --dir to load again)")
    size = mart_path.stat().st_size / 2**20
    print(f"\nmart size: {size:,.0f} MB")

    # a 5-row write: one college's admissions for one specialty-set, upsert
    small = csv_dir / "admissions-5rows.csv"
    pl.read_csv(plan[-1][1], separator=";", infer_schema=False).head(5).with_columns(
        pl.col("enrolled").cast(pl.Int64) + 1
    ).write_csv(small, separator=";")
    seconds, _ = _load(env, "admissions", small)
    print(f"a 5-row write (admissions): {seconds:.2f} s  [target ≤ 1 s, CLI start included]")

    seconds, _, code, _ = _run(_cli("check"), env)
    print(f"python -m mart check: {seconds:.1f} s (exit {code})  [target ≤ 10 s]")

    # accounts for sign-ins
    from mart.access import accounts

    logging.disable(logging.WARNING)  # Streamlit's bare-mode warnings on every sign-in and page run

    for login, role in (("bench.coordinator", "coordinator"), ("bench.council", "council")):
        _run(_cli("users", "add", login, "--role", role), env, stdin=f"{PASSWORD}\n{PASSWORD}\n")

    def sign_in(login: str = "bench.council") -> float:
        started = time.perf_counter()
        accounts.sign_in(login, PASSWORD)
        return time.perf_counter() - started

    quiet = [sign_in() for _ in range(5)]
    print(f"sign-in, quiet: median {statistics.median(quiet):.2f} s")

    # a sign-in while a large upload runs: next year's graduates file
    big = next(p for d, p in plan if d == "graduates")
    during: list[float] = []
    upload_done = threading.Event()

    def upload() -> None:
        try:
            _load(env, "graduates", big, "--replace")
        finally:
            upload_done.set()

    mutated = csv_dir / "graduates-reload.csv"
    pl.read_csv(big, separator=";", infer_schema=False).with_columns(
        pl.lit("01.12.2025").alias("status_date")
    ).write_csv(mutated, separator=";")
    big = mutated
    worker = threading.Thread(target=upload)
    started = time.perf_counter()
    worker.start()
    time.sleep(1.0)
    while not upload_done.is_set() and len(during) < 20:
        during.append(sign_in())
        time.sleep(0.5)
    worker.join()
    upload_s = time.perf_counter() - started
    if during:
        print(
            f"sign-in during an 800,000-row upload ({upload_s:.0f} s): median {statistics.median(during):.2f} s, "
            f"worst {max(during):.2f} s over {len(during)} tries  [target ≤ 0.5 s]"
        )

    print(f"\npages (AppTest script runs; {args.runs} warm runs each; then one right after a sign-in):")
    for role in ("council", "coordinator"):
        print(f" role {role}:")
        for title, (warm, after) in _page_runs(
            role, args.runs, between=lambda: sign_in("bench.coordinator")
        ).items():
            print(f"  {title:28s} warm {warm * 1000:7.0f} ms   after a sign-in {(after or 0) * 1000:7.0f} ms")

    experts = pl.read_csv(csv_dir / "experts.csv", separator=";", infer_schema=False).head(5)
    edits = iter(range(1, 1000))

    def unrelated_upload() -> None:
        """Five experts renamed: a write to a dataset the employment and KPI figures do not read."""
        n = next(edits)
        path = csv_dir / "experts-5rows.csv"
        experts.with_columns(pl.col("full_name") + f" ({n})").write_csv(path, separator=";")
        _load(env, "experts", path)

    print(" role council, one run right after an upload of an unrelated dataset (5 experts renamed):")
    for title, (warm, after) in _page_runs("council", 1, between=unrelated_upload).items():
        print(f"  {title:28s} warm {warm * 1000:7.0f} ms   after the upload {(after or 0) * 1000:7.0f} ms")

    peak = _walk_peak(env)
    print(f"\npeak memory of a coordinator walking every page: {peak:,.0f} MB  [target ≤ 1.5 GB]")

    if not args.skip_peer:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            ranking = _peer_kpi(csv_dir, years[-1])
            runs.append(time.perf_counter() - started)
        ours = _page_runs("council", args.runs)["KPI руководителей ПОО"][0]
        peer = statistics.median(runs)
        print(
            f"\nKPI ranking, pandas peer (re-reads the CSVs every run): {peer:.2f} s for {ranking.height} colleges; "
            f"our KPI page warm: {ours * 1000:.0f} ms; ratio {peer / ours:.1f}×  [target ≥ 10×]"
        )


if __name__ == "__main__":
    main()
