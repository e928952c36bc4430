"""Person-level rows and small-cell protection: what of graduates and students a viewer may see.

Person-level rows (graduates, demo exam results) are seen by the coordinator for every institution
and by an institution for its own (``known_institutions``). Counts of them by institution ×
specialty × year shown to anyone else are protected: counts of 1–4 are hidden (primary
suppression). When a total is shown beside its cells, a single hidden cell could be computed back
as «total − the others», so one more cell of the same total is hidden too (secondary suppression:
the smallest visible non-zero one). The same rule is applied one level up (specialties within an
institution and year), so nothing hidden can be recovered from the totals shown on screen.
"""

from __future__ import annotations

import polars as pl

from mart.access.rules import Access, AccessDenied, require

THRESHOLD = 5
ALL = "*"  # «every institution is known to the viewer» (coordinator, operator)


# --- whose person-level rows the viewer may see ----------------------------------------------------


def known_institutions(ctx: Access) -> str | None:
    """Whose person-level rows the viewer may see: ``ALL``, one institution's code, or None."""
    if not ctx.allows("person_rows"):
        return None
    if ctx.sees_all_institutions:
        return ALL
    return ctx.inst_code


def person_rows_visible(ctx: Access, inst_code: str | None) -> bool:
    """Whether person-level rows may be shown for this selection of an institution.

    The coordinator: always. An institution: its own, or no institution chosen (then its own rows
    are the ones shown). Anyone else: never.
    """
    known = known_institutions(ctx)
    if known == ALL:
        return True
    return known is not None and inst_code in (None, known)


def protects(ctx: Access) -> bool:
    """Whether small-cell protection hides anything from this viewer (everyone but the coordinator)."""
    return known_institutions(ctx) != ALL


def knows_all(known: str | None, inst_code: str | None) -> bool:
    """Whether a viewer who knows ``known`` knows every row of a selection of ``inst_code``."""
    return known == ALL or (known is not None and inst_code == known)


def person_rows_institution(ctx: Access, inst_code: str | None, refusal: str) -> str | None:
    """The institution whose person-level rows a query may return for this viewer (None: every one).

    The coordinator: ``inst_code`` as asked. An institution: its own, whether it names it or none;
    naming another institution is refused (AccessDenied with ``refusal``).
    """
    require(ctx, "person_rows")
    known = known_institutions(ctx)
    if known == ALL:
        return inst_code
    if inst_code is not None and inst_code != known:
        raise AccessDenied(refusal)
    return known


# --- small-cell protection ----------------------------------------------------------------------------


def nulls_where(hidden: pl.Expr, columns) -> list[pl.Expr]:
    """``columns`` set to null where ``hidden`` holds (for ``with_columns``)."""
    return [pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in columns]


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


def _known_expr(known: str | None) -> pl.Expr:
    if known == ALL:
        return pl.lit(True)
    if known is None:
        return pl.lit(False)
    return pl.col("inst_code") == known


def protect_cube(
    cells: pl.DataFrame,
    count: str,
    known: str | None,
    *,
    hidden_margins: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mark the cells of a cube (``year``, ``inst_code``, ``specialty_code``) a viewer may not see.

    Adds ``hidden`` and ``known`` (bool) and keeps ``count`` as it is (callers aggregate, then hide). Counts
    1–4 are hidden and, by ``suppress``, one more cell of every total (institution × year, specialty
    × year) that would otherwise hold a single hidden cell, repeated until no total does. Cells of
    the ``known`` institution(s) are never hidden and take no part (the viewer knows them).
    ``hidden_margins`` (``year``, ``specialty_code``, ``hidden``) names specialty totals hidden at
    the region level: every unknown cell of such a total is hidden too, so the sum of the visible
    cells cannot give it away.
    """
    frame = cells.with_row_index("_row").with_columns(
        pl.col(count).alias("_n"), _known_expr(known).alias("_known")
    )
    if hidden_margins is not None:
        frame = frame.join(
            hidden_margins.select("year", "specialty_code", pl.col("hidden").alias("_n_hidden")),
            on=["year", "specialty_code"],
            how="left",
        ).with_columns(pl.col("_n_hidden").fill_null(False) & ~pl.col("_known"))
    else:
        frame = frame.with_columns(pl.lit(False).alias("_n_hidden"))
    mine = frame.filter(pl.col("_known")).with_columns(pl.lit(False).alias("_n_hidden"))
    rest = frame.filter(~pl.col("_known")).sort("_row")
    hidden = -1
    while rest.height:
        for parent in (["year", "inst_code"], ["year", "specialty_code"]):
            rest = suppress(rest, "_n", parent)
        now = int(rest.get_column("_n_hidden").sum())
        if now == hidden:
            break
        hidden = now
    out = pl.concat([rest, mine], how="vertical_relaxed").sort("_row")
    return out.with_columns(pl.col("_n_hidden").alias("hidden"), pl.col("_known").alias("known")).drop(
        "_row", "_n", "_n_hidden", "_known"
    )


def protect_margins(margins: pl.DataFrame, count: str, known: str | None) -> pl.DataFrame:
    """Region-level totals by ``year`` × ``specialty_code``: small ones hidden (parent: the year)."""
    if known == ALL:
        return margins.with_columns(pl.lit(False).alias("hidden"))
    out = suppress(
        margins.sort("year", "specialty_code").with_columns(pl.col(count).alias("_n")), "_n", ["year"]
    )
    return out.with_columns(pl.col("_n_hidden").alias("hidden")).drop("_n", "_n_hidden")
