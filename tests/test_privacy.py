"""Small-cell protection, with the expected hidden cells worked out by hand."""

import polars as pl
import pytest

from mart.access.privacy import ALL, person_rows_institution, protect_cube, suppress
from mart.access.rules import Access, AccessDenied


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


# --- protect_cube: a cube year × institution × specialty ---------------------------------------------

#          s1  s2  s3
# POO-A    20   2  15
# POO-B     9  11  30
# POO-C     7   6  25
CUBE = {"POO-A": [20, 2, 15], "POO-B": [9, 11, 30], "POO-C": [7, 6, 25]}


def _cube(cells: dict[str, list[int]], known: str | None, hidden_margins=None) -> pl.DataFrame:
    rows = [(2024, inst, f"s{i + 1}", n) for inst, counts in cells.items() for i, n in enumerate(counts)]
    frame = pl.DataFrame(rows, schema=["year", "inst_code", "specialty_code", "n"], orient="row")
    return protect_cube(frame, "n", known, hidden_margins=hidden_margins)


def _hidden(out: pl.DataFrame) -> set[tuple[str, str]]:
    return {(r["inst_code"], r["specialty_code"]) for r in out.iter_rows(named=True) if r["hidden"]}


def test_cube_hides_small_cells_and_one_more_of_every_total():
    out = _cube(CUBE, None)
    # A·s2 = 2 is small; alone in the row POO-A it could be recomputed, so A·s3 = 15 (the row's smallest
    # other cell) goes too. Then columns s2 and s3 each hold one hidden cell: their smallest visible
    # cells C·s2 = 6 and C·s3 = 25 go. Row POO-C now has two hidden cells: nothing more to do.
    assert _hidden(out) == {("POO-A", "s2"), ("POO-A", "s3"), ("POO-C", "s2"), ("POO-C", "s3")}
    # counts are kept as they are (callers aggregate, then hide); every row and its order stay
    assert out.get_column("n").to_list() == [20, 2, 15, 9, 11, 30, 7, 6, 25]
    assert not out.get_column("known").any()
    assert out.columns == ["year", "inst_code", "specialty_code", "n", "hidden", "known"]


def test_cube_leaves_the_viewers_own_cells_out():
    out = _cube(CUBE, "POO-C")
    # POO-C knows its own counts: none of them is hidden, and they cannot protect the others, so
    # B·s2 = 11 and B·s3 = 30 go with A·s2 and A·s3
    assert _hidden(out) == {("POO-A", "s2"), ("POO-A", "s3"), ("POO-B", "s2"), ("POO-B", "s3")}
    assert out.filter(pl.col("known")).get_column("inst_code").unique().to_list() == ["POO-C"]


def test_cube_hides_nothing_from_who_knows_everything():
    out = _cube(CUBE, ALL)
    assert _hidden(out) == set() and out.get_column("known").all()


def test_cube_follows_hidden_region_totals():
    # the region's total of s1 is hidden: every cell of s1 goes, and with it one more cell of each row
    margins = pl.DataFrame({"year": [2024, 2024], "specialty_code": ["s1", "s2"], "hidden": [True, False]})
    out = _cube({"POO-A": [20, 30, 50], "POO-B": [25, 40, 60]}, None, hidden_margins=margins)
    assert _hidden(out) == {("POO-A", "s1"), ("POO-A", "s2"), ("POO-B", "s1"), ("POO-B", "s2")}


# --- person-level rows --------------------------------------------------------------------------------


def test_person_rows_institution():
    coordinator = Access(role="coordinator", login="minobr")
    college = Access(role="institution", login="poo01", inst_code="POO-01")
    assert person_rows_institution(coordinator, None, "нет") is None
    assert person_rows_institution(coordinator, "POO-02", "нет") == "POO-02"
    assert person_rows_institution(college, None, "нет") == "POO-01"
    assert person_rows_institution(college, "POO-01", "нет") == "POO-01"
    with pytest.raises(AccessDenied, match="чужие"):
        person_rows_institution(college, "POO-02", "чужие")
    with pytest.raises(AccessDenied):
        person_rows_institution(Access(role="council", login="c"), None, "нет")
