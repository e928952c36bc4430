"""Tables on screen with their XLSX download, Russian number formats in cells, person-level rows."""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from mart.access.rules import Access
from mart.platform import ru
from pages.ui.session import access
from pages.ui.sidebar import active_filters

# --- tables with an XLSX download ----------------------------------------------------------------


def column_config(frame, configs: dict, **overrides) -> dict:
    """``column_config`` for ``table``: a page's ``configs`` of the columns ``frame`` has, then ``overrides``."""
    return {c: configs[c] for c in frame.columns if c in configs} | overrides


def note_if(flag: str, text: str, alias: str = "note") -> pl.Expr:
    """A column of words for a table: ``text`` where the boolean column ``flag`` holds, else empty."""
    return pl.when(pl.col(flag)).then(pl.lit(text)).otherwise(None).alias(alias)


def table(
    frame,
    *,
    name: str,
    title: str,
    column_config: dict | None = None,
    filters: dict[str, str] | None = None,
    height: int | str = "auto",
    export_frame=None,
) -> None:
    """A table on screen and its XLSX export (filters, freshness and export time on a second sheet).

    ``export_frame`` is written instead of ``frame`` where the screen shows words («71,9 %», «нет
    данных») for figures the export must keep as numbers; its columns are labelled the same way.
    """
    from mart.intake import uploads_log
    from mart.papers import export
    from mart.read import queries

    shown, shown_config = russian_numbers(frame, column_config)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=shown_config,
        height=height,
        placeholder="—",
    )
    labels = {}
    for col, conf in (column_config or {}).items():
        if isinstance(conf, str):
            labels[col] = conf
        elif isinstance(conf, dict) and conf.get("label"):
            labels[col] = conf["label"]
    ctx = access()
    in_force = filters if filters is not None else active_filters()

    def build() -> bytes:  # made only when the button is clicked
        fresh = uploads_log.freshness_table(ctx)
        return export.to_xlsx(
            export_frame if export_frame is not None else frame,
            title=title,
            filters=in_force,
            freshness=fresh,
            column_labels=labels,
            freshness_labels=uploads_log.FRESHNESS_LABELS,
            is_demo=queries.has_demo_data(),
        )

    st.download_button(
        "Скачать XLSX",
        data=build,
        on_click="ignore",
        file_name=ru.file_name(name, ext="xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"download_{name}",
        icon=":material/download:",
    )


_PRINTF = re.compile(r"^(?P<pre>[^%]*)%(?P<plus>\+)?(?:\.(?P<digits>\d+))?(?P<conv>[dfgiu])(?P<post>.*)$")


def _formatter(fmt: str | None):
    """A Russian formatter (``mart.platform.ru``) for a column's printf format («%.1f», «%+d», «%.0f%%»)."""
    m = _PRINTF.match(fmt or "%g")
    if not m:
        return None
    digits = 0 if m["conv"] in "diu" else (int(m["digits"]) if m["digits"] is not None else None)
    pre, post = m["pre"], m["post"].replace("%%", "%")

    def fn(v) -> str:
        if not ru.finite(v):
            return "—"
        return pre + (ru.signed(v, digits) if m["plus"] else ru.number(v, digits)) + post

    return fn


# A pandas Styler renders every cell in Python: about 1 s per 20,000 cells, and pandas refuses more
# than 262,144. Tables larger than this (the whole country's colleges) keep their printf formats.
STYLED_CELLS_AT_MOST = 20_000
# a row-wise Styler (colours by a status) takes about 0.4 ms a row: fine for a region's tens of
# organizations, 1.6 s for the country's 3,500 colleges; larger tables say the status in the text
STYLED_ROWS_AT_MOST = 500


def russian_numbers(frame, column_config: dict | None = None):
    """The frame to show and its column_config, its fractions written the Russian way («81,1», «−2,5», «1 234,5»).

    Streamlit formats numbers in the browser with printf or the browser's locale, which prints
    «81.1» next to the metrics' «88,2 %»; a pandas Styler carries ``mart.platform.ru``'s text instead, while
    the cells stay numbers (sorting, the export). Integer columns without a format are left alone.
    """
    fractional = [c for c, dtype in frame.schema.items() if dtype.is_float()]
    if not fractional or frame.height * frame.width > STYLED_CELLS_AT_MOST:
        return (
            frame,
            column_config,
        )  # a national table: the columns' own formats (a Styler would take seconds)
    formats = {}
    for col in fractional:
        conf = (column_config or {}).get(col)
        config = conf.get("type_config", {}) if isinstance(conf, dict) else {}
        if config.get("type") == "progress":
            continue
        fn = _formatter(config.get("format"))
        if fn is not None:
            formats[col] = fn
    if not formats:
        return frame, column_config
    config = dict(column_config or {})
    for col in formats:  # the Styler's text is shown only where the column has no printf format of its own
        conf = config.get(col)
        if isinstance(conf, dict):
            config[col] = {**conf, "type_config": {**conf.get("type_config", {}), "format": None}}
    return frame.to_pandas().style.format(formats, na_rep="—"), config


# bars of a chart with one bar per organization: a region has tens; the country's thousands would
# make a chart kilometres tall, so such a chart shows the leaders and the table beside it everyone
BARS_AT_MOST = 40

# person-level rows shown at most (a region's year is a few thousand; the country's, 800,000)
PERSON_ROWS_AT_MOST = 20_000


def person_rows(
    ctx: Access,
    inst_code: str | None,
    heading: str,
    opener: str,
    rows,
    columns: dict,
    *,
    name: str,
    title: str,
) -> None:
    """The section of person-level rows (the coordinator any, an institution its own), folded.

    ``rows(limit)`` gives at most ``limit`` of them (called only when they may be shown); ``columns``
    are the columns to show with their ``column_config``. More than ``PERSON_ROWS_AT_MOST`` (the whole
    country's graduates of a year) are not sent to the browser: the user is asked to narrow the choice.
    """
    from mart.access import privacy

    if not ctx.allows("person_rows"):
        return
    st.subheader(heading)
    if not privacy.person_rows_visible(ctx, inst_code):
        st.caption("Персональные строки другой организации недоступны: выберите свою организацию.")
        return
    frame = rows(PERSON_ROWS_AT_MOST + 1)
    if frame.height > PERSON_ROWS_AT_MOST:
        st.caption(
            f"Строк больше {ru.number(PERSON_ROWS_AT_MOST)} — слишком много для таблицы на экране. "
            "Выберите организацию (или муниципалитет, специальность), чтобы открыть персональные строки."
        )
        return
    listed = ", ".join(frame.get_column("inst_code").unique().sort().to_list()) or "—"
    st.caption(f"Персональные данные без ФИО. Организации: {listed}. Строк: {frame.height}.")
    with st.expander(opener):
        table(frame.select(*columns), name=name, title=title, column_config=columns)


def freshness_column_config(frame) -> dict:
    """Russian headers of the freshness table (``mart.intake.uploads_log.freshness_table``)."""
    from mart.intake import uploads_log

    configs = {
        "last_upload_at": st.column_config.DatetimeColumn(
            uploads_log.FRESHNESS_LABELS["last_upload_at"], format="DD.MM.YYYY HH:mm"
        ),
        "last_upload_date": st.column_config.DateColumn(
            uploads_log.FRESHNESS_LABELS["last_upload_date"], format="DD.MM.YYYY"
        ),
        "last_batch_id": st.column_config.NumberColumn(
            uploads_log.FRESHNESS_LABELS["last_batch_id"], format="%d"
        ),
    }
    return {c: configs.get(c, uploads_log.FRESHNESS_LABELS.get(c, c)) for c in frame.columns}
