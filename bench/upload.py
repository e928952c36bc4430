"""Time one big upload: a 100,000-row graduates file of a demo college through ``mart.intake.ingest.load``.

    .venv/bin/python bench/upload.py [--rows 100000] [--encoding cp1251|utf-8] [--profile]

Builds a demo mart in a temporary folder (MART_DB points there; data/ is not touched), writes a valid
file as a college's office would (Windows-1251, `;`, Russian status labels, dd.mm.yyyy), then times
the load: reading, checking, storing and refreshing the mart, and prints the split. Target: < 2 s.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_S = 2.0
COLLEGE = "POO-01"
YEARS = tuple(range(2019, 2027))
# (label as offices write it, weight); "Иное" is kept under 1 in 200 so the file draws no warning
STATUSES = (
    ("Трудоустроен", 52),
    ("Индивидуальный предприниматель", 2),
    ("Самозанятый", 4),
    ("Продолжает обучение", 14),
    ("Служба в армии по призыву", 15),
    ("Служба по контракту", 2),
    ("Отпуск по уходу за ребёнком", 4),
    ("Зарегистрирован в ЦЗН как безработный", 2),
    ("Нет мотивации к трудоустройству", 2),
    ("Иное", 0.3),
)
HEADER = "Код организации;Год выпуска;Код специальности;Номер выпускника;Статус;По специальности;Работает не менее 4 месяцев;Дата статуса"


def make_file(rows: int, specialties: list[str], today_year: int) -> str:
    rng = random.Random(448)
    labels = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    years = [y for y in YEARS if y <= today_year]
    per_year = -(-rows // len(years))
    lines = [HEADER]
    for i in range(rows):
        year = years[i // per_year]
        status = rng.choices(labels, weights)[0]
        if status == "Трудоустроен":
            flags = f"{'да' if rng.random() < 0.7 else 'нет'};{'да' if rng.random() < 0.8 else 'нет'}"
        else:
            flags = ";"
        day = rng.randint(1, 28)
        lines.append(
            f"{COLLEGE};{year};{rng.choice(specialties)};B{year % 100:02d}-{i:06d};{status};{flags};{day:02d}.12.{year}"
            if year < today_year
            else f"{COLLEGE};{year};{rng.choice(specialties)};B{year % 100:02d}-{i:06d};{status};{flags};{day:02d}.10.{year}"
        )
    return "\r\n".join(lines) + "\r\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--encoding", choices=("cp1251", "utf-8"), default="cp1251")
    ap.add_argument("--profile", action="store_true", help="print where the time of the load goes (cProfile)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        os.environ["MART_DB"] = str(Path(tmp) / "data" / "mart.duckdb")
        from mart.access.rules import Access
        from mart.intake import filereader, ingest, validate
        from mart.platform import build, config, db

        t0 = time.perf_counter()
        build.build(demo=True)
        print(f"demo mart built in {time.perf_counter() - t0:.1f} s: {config.db_path()}")

        cur = db.Reader().cursor()
        specialties = [s for (s,) in cur.sql("select specialty_code from specialties order by 1").fetchall()][
            :40
        ]
        text = make_file(args.rows, specialties, config.today().year)
        data = text.encode(args.encoding)
        path = Path(tmp) / f"graduates_{COLLEGE}.csv"
        path.write_bytes(data)
        print(
            f"file: {args.rows:,} rows, {len(data) / 1048576:.1f} MB, {args.encoding}, ';', dd.mm.yyyy, Russian labels"
        )

        # the parts on their own, against the published mart (nothing stored)
        t, c = time.perf_counter(), time.process_time()
        table = filereader.read_table(data, path.name)
        t_read, c_read = time.perf_counter() - t, time.process_time() - c
        ctx = Access(role="operator", login="bench", inst_code=COLLEGE)
        t, c = time.perf_counter(), time.process_time()
        v = validate.validate(db.Reader().cursor(), ctx, "graduates", table, "upsert", path.name)
        t_validate, c_validate = time.perf_counter() - t, time.process_time() - c
        assert v.ok, v.errors.head(5).to_dicts()

        # the real thing: one write of the mart
        marks: list[tuple[float, float, str]] = []
        profiler = cProfile.Profile() if args.profile else None
        start, cpu_start = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        result = ingest.load(
            ctx,
            "graduates",
            data,
            path.name,
            progress=lambda _f, what: marks.append((time.perf_counter(), time.process_time(), what)),
        )
        if profiler:
            profiler.disable()
        total, cpu_total = time.perf_counter() - start, time.process_time() - cpu_start
        if not result.accepted:
            print(result.errors.head(10))
            return 1
        got = (
            db.Reader()
            .cursor()
            .sql(
                "select count(*) from graduates where graduate_id like 'B%' and inst_code = $i",
                params={"i": COLLEGE},
            )
            .fetchall()[0][0]
        )
        assert got == args.rows, got

        # wall time, and CPU time of all threads (polars and DuckDB use several): on a busy machine the
        # wall time grows while the CPU time stays put
        print(f"\n{'':46} {'wall':>7} {'cpu':>7}")
        print(f"{'read alone (filereader)':<46} {t_read:6.2f}s {c_read:6.2f}s")
        print(f"{'validate alone':<46} {t_validate:6.2f}s {c_validate:6.2f}s")
        print("ingest.load, step by step:")
        points = [(start, cpu_start, "открытие витрины на запись (копия файла)"), *marks]
        for (t_a, c_a, what), (t_b, c_b, _) in itertools.pairwise(points):
            print(f"  {what:<44} {t_b - t_a:6.2f}s {c_b - c_a:6.2f}s")
        last_t, last_c, _ = points[-1]
        print(
            f"  {'публикация (checkpoint, rename)':<44} {start + total - last_t:6.2f}s {cpu_start + cpu_total - last_c:6.2f}s"
        )
        print(
            f"{'total':<46} {total:6.2f}s {cpu_total:6.2f}s   {args.rows / total:,.0f} rows/s "
            f"(new {result.rows_new:,}, batch {result.batch_id})"
        )
        print(f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"target          {TARGET_S:6.2f} s   {'OK' if total < TARGET_S else 'OVER'}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
