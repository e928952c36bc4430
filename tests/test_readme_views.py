"""Every view the README lists under «Querying the mart» opens from a plain DuckDB connection.

Analysts open ``data/mart.duckdb`` in any DuckDB client with nothing set: no macro, no variable.
"""

import re
from pathlib import Path

import duckdb

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_views() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Querying the mart", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = line.split("|")[1]
        names += re.findall(r"`([a-z_][a-z0-9_]*)", first_cell)
    return names


def test_readme_lists_the_views():
    names = readme_views()
    assert len(names) == len(set(names))
    for name in (
        "roadmap_progress",
        "experts",
        "expert_rating",
        "collection_status",
        "collection_submitters",
    ):
        assert name in names


def test_every_readme_view_opens_in_a_plain_duckdb_client(built_mart):
    con = duckdb.connect(str(built_mart), read_only=True)
    try:
        opened = {name: con.sql(f"select * from {name} limit 3").fetchall() for name in readme_views()}
        # those that depend on "today" or are new here hold rows in the demo mart
        for name in (
            "roadmap_progress",
            "experts",
            "expert_rating",
            "collection_status",
            "collection_submitters",
        ):
            assert opened[name], f"{name} has no rows in the demo mart"
        # "today" there is the real date
        [(as_of,)] = con.sql("select max(as_of) from roadmap_progress").fetchall()
        [(real,)] = con.sql("select current_date").fetchall()
        assert as_of == real
    finally:
        con.close()
