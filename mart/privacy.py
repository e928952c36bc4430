"""Small-cell protection for counts of graduates shown to roles that may not see person-level rows.

Counts of 1–4 are hidden (primary suppression). When a total is shown beside its cells, a single
hidden cell could be computed back as «total − the others», so one more cell of the same total is
hidden too (secondary suppression: the smallest visible non-zero one). The same rule is applied one
level up (specialties within an institution and year), so nothing hidden can be recovered from the
totals shown on screen.
"""

from __future__ import annotations

import polars as pl

THRESHOLD = 5


def suppress(
    frame: pl.DataFrame, count: str, parent: list[str], *, threshold: int = THRESHOLD
) -> pl.DataFrame:
    """Hide small counts in ``count`` (set to null) and add a boolean ``<count>_hidden``.

    ``parent`` names the columns of the total the cells add up to (shown beside them).
    """
    flag = f"{count}_hidden"
    n = pl.col(count)
    out = frame.with_columns(((n > 0) & (n < threshold)).alias(flag))
    if flag in frame.columns:
        out = out.with_columns((pl.col(flag) | frame.get_column(flag)).alias(flag))
    # secondary: a total with exactly one hidden cell loses its smallest visible non-zero cell too
    hidden_in_parent = pl.col(flag).sum().over(parent) if parent else pl.col(flag).sum()
    candidate = (~pl.col(flag)) & (n > 0)
    smallest = (
        pl.when(candidate).then(n).otherwise(None).min().over(parent)
        if parent
        else pl.when(candidate).then(n).otherwise(None).min()
    )
    first_smallest = candidate & (n == smallest)
    # when several cells tie for the smallest, hide one of them (the first in order)
    order = pl.int_range(pl.len()).over(parent) if parent else pl.int_range(pl.len())
    pick = (
        pl.when(first_smallest).then(order).otherwise(None).min().over(parent)
        if parent
        else pl.when(first_smallest).then(order).otherwise(None).min()
    )
    out = out.with_columns(
        (pl.col(flag) | ((hidden_in_parent == 1) & first_smallest & (order == pick))).alias(flag)
    )
    return out.with_columns(pl.when(pl.col(flag)).then(None).otherwise(n).alias(count))
