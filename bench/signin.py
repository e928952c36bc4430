"""Sign-in time does not tell whether a login exists (and what a sign-in costs).

Builds a temporary mart without demo data, creates N accounts, then signs in with a wrong password
interleaved for existing and made-up logins, each attempt from its own client address (so the
back-off, which would answer both alike without checking anything, stays out of the figure), and
prints the median, mean and spread of both, their difference and a permutation test's p-value.
Also: a correct sign-in, a resume of the session (every page run), and sign-ins while another
process holds the mart's writer lock, and while another process really loads a big graduates file.
Usage: .venv/bin/python bench/signin.py [--tries 60] [--upload-rows 200000]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MART_TODAY", "2026-11-26")


def _ms(values: list[float]) -> str:
    q = statistics.quantiles(values, n=10)
    return (
        f"median {statistics.median(values):7.1f} ms, mean {statistics.mean(values):7.1f} ms, "
        f"p10 {q[0]:7.1f}, p90 {q[-1]:7.1f}, n={len(values)}"
    )


def _p_value(a: list[float], b: list[float], rounds: int = 2000) -> float:
    """Two-sided permutation test of the difference of medians."""
    observed = abs(statistics.median(a) - statistics.median(b))
    pooled, n = a + b, len(a)
    rng = random.Random(448)
    hits = 0
    for _ in range(rounds):
        rng.shuffle(pooled)
        if abs(statistics.median(pooled[:n]) - statistics.median(pooled[n:])) >= observed:
            hits += 1
    return hits / rounds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=60, help="attempts per kind (existing / made-up)")
    parser.add_argument(
        "--upload-rows", type=int, default=200_000, help="rows of the big upload signed in during (0: skip)"
    )
    args = parser.parse_args()

    from mart.access import accounts
    from mart.access.rules import OPERATOR
    from mart.platform import build

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MART_DB"] = str(Path(tmp) / "mart.duckdb")
        build.build(demo=False)
        logins = [f"user{i:03d}" for i in range(args.tries)]
        hashed = accounts._hasher.hash("right-password-1")
        for login in logins:
            accounts.add_user(login, "council", "right-password-1", ctx=OPERATOR, password_hash=hashed)
        made_up = [f"ghost{i:03d}" for i in range(args.tries)]
        accounts.sign_in(logins[0], "right-password-1")  # warm-up: imports, the dummy hash, the store
        attempts = [(True, login) for login in logins] + [(False, login) for login in made_up]
        random.Random(9).shuffle(attempts)
        times: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}  # CPU time: less shaken by other processes
        for i, (exists, login) in enumerate(attempts):
            client = accounts.Client(address=f"198.51.{i // 250}.{i % 250}")
            started, started_cpu = time.perf_counter(), time.process_time()
            with contextlib.suppress(accounts.AuthError):
                accounts.sign_in(login, "wrong-password", client)
            times[exists].append((time.perf_counter() - started) * 1000)
            cpu[exists].append((time.process_time() - started_cpu) * 1000)
        print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for label, values in (("wall", times), ("CPU", cpu)):
            print(f"[{label}] wrong password, login exists:  {_ms(values[True])}")
            print(f"[{label}] wrong password, login made up: {_ms(values[False])}")
            diff = statistics.median(values[True]) - statistics.median(values[False])
            print(
                f"[{label}] difference of medians: {diff:+.1f} ms "
                f"({diff / statistics.median(values[False]) * 100:+.1f} %), "
                f"permutation p = {_p_value(values[True], values[False]):.2f}"
            )

        ok, resume = [], []
        for login in logins[:10]:
            started = time.perf_counter()
            _, token = accounts.sign_in(login, "right-password-1")
            ok.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            accounts.resume(token)
            resume.append((time.perf_counter() - started) * 1000)
        print(f"correct sign-in:                   {_ms(ok)}")
        print(f"resume a session (each page run):  {_ms(resume)}")

        lock = Path(os.environ["MART_DB"]).with_name("mart.duckdb.lock")
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from filelock import FileLock; l = FileLock(sys.argv[1]); l.acquire();"
                " print('held', flush=True); sys.stdin.read()",
                str(lock),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        holder.stdout.readline()
        during = []
        for login in logins[10:20]:
            started = time.perf_counter()
            accounts.sign_in(login, "right-password-1")
            during.append((time.perf_counter() - started) * 1000)
        holder.stdin.close()
        holder.wait()
        print(f"correct sign-in, mart writer busy: {_ms(during)}")

        if args.upload_rows:
            _during_upload(Path(tmp), logins, args.upload_rows)


def _during_upload(tmp: Path, logins: list[str], rows: int) -> None:
    """Sign-ins while another process really loads a big graduates file (reads, checks, stores it)."""
    import importlib.util

    from mart.access import accounts
    from mart.access.rules import OPERATOR
    from mart.intake import ingest
    from mart.platform import db

    spec = importlib.util.spec_from_file_location("bench_upload", REPO / "bench" / "upload.py")
    upload = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(upload)
    college = "ИНСТ;Краткое;Полное;ПОО;г. Благовещенск".replace("ИНСТ", upload.COLLEGE)
    head = "inst_code;short_name;full_name;kind;municipality"
    done = ingest.load(OPERATOR, "institutions", f"{head}\r\n{college}\r\n".encode("cp1251"), "i.csv")
    assert done.accepted, done.errors.to_dicts()
    specialties = db.Reader().df("select specialty_code from seed.specialties order by 1")["specialty_code"]
    big = tmp / "big.csv"
    big.write_bytes(upload.make_file(rows, list(specialties[:40]), 2026).encode("cp1251"))
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from mart.access.rules import Access; from mart.intake import ingest;"
        "data = open(sys.argv[2], 'rb').read(); print('start', flush=True);"
        "r = ingest.load(Access(role='operator', login='bench', inst_code=sys.argv[3]), 'graduates', data, 'big.csv');"
        "print(r.status, flush=True)"
    )
    loader = subprocess.Popen(
        [sys.executable, "-c", script, str(REPO), str(big), upload.COLLEGE], stdout=subprocess.PIPE, text=True
    )
    loader.stdout.readline()
    started = time.perf_counter()
    during: list[float] = []
    cpu: list[float] = []
    for login in itertools.cycle(logins):
        if loader.poll() is not None:
            break
        t, c = time.perf_counter(), time.process_time()
        accounts.sign_in(login, "right-password-1")
        during.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    status = loader.stdout.read().strip()
    took = time.perf_counter() - started
    if len(during) >= 2:
        print(
            f"[wall] correct sign-in, {rows:,}-row upload under way ({status}, {took:.1f} s): {_ms(during)}"
        )
        print(f"[CPU]  correct sign-in, {rows:,}-row upload under way: {_ms(cpu)}")
    else:
        print(f"the {rows:,}-row upload ({status}) took {took:.1f} s: too short to sign in during it")


if __name__ == "__main__":
    main()
