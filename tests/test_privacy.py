"""Small-cell protection, with the expected hidden cells worked out by hand."""

import polars as pl

from mart.privacy import suppress


def _run(cells: dict[str, list[int]]) -> dict[str, list[int | None]]:
    rows = [(parent, i, n) for parent, counts in cells.items() for i, n in enumerate(counts)]
    frame = pl.DataFrame(rows, schema=["parent", "cell", "n"], orient="row")
    out = suppress(frame, "n", ["parent"])
    return {p: out.filter(pl.col("parent") == p).sort("cell").get_column("n").to_list() for p in cells}


def test_one_small_cell_takes_the_next_smallest_with_it():
    # 3 is hidden (1–4); alone it could be recovered as 19 - 10 - 6, so 6 (smallest visible) goes too
    assert _run({"a": [10, 3, 0, 6]}) == {"a": [10, None, 0, None]}


def test_two_small_cells_protect_each_other():
    assert _run({"a": [2, 1, 20]}) == {"a": [None, None, 20]}


def test_zeros_and_large_counts_stay():
    assert _run({"a": [7, 0, 0], "b": [5, 5]}) == {"a": [7, 0, 0], "b": [5, 5]}


def test_ties_hide_exactly_one_more_cell():
    assert _run({"a": [3, 6, 6]}) == {"a": [None, None, 6]}


def test_parents_are_independent():
    assert _run({"a": [4, 9], "b": [9, 9]}) == {"a": [None, None], "b": [9, 9]}


def test_hidden_flag_is_reported():
    frame = pl.DataFrame({"parent": ["a", "a"], "n": [1, 30]})
    out = suppress(frame, "n", ["parent"])
    assert out.get_column("n_hidden").to_list() == [True, True]
