"""Sidebar filters kept in the URL (a link reproduces the view) and how they read on screen.

The year filter, which knows about partial years, is ``yearly.year_filter``.
"""

from __future__ import annotations

import streamlit as st

from mart.platform import ru

# --- filters kept in the URL --------------------------------------------------------------------


def url_filter(
    label: str,
    options: list,
    key: str,
    *,
    default=None,
    format_func=str,
    help: str | None = None,
    container=None,
):
    """A sidebar select box whose value lives in the URL (``?key=value``), so a link reproduces the view.

    ``None`` in ``options`` means «all» and leaves the parameter out of the URL.
    """
    box = container or st.sidebar
    by_text = {str(o): o for o in options}
    if key not in st.session_state:
        raw = st.query_params.get(key)
        st.session_state[key] = by_text.get(
            raw, default if default in options else options[0] if options else None
        )
    elif st.session_state[key] not in options:
        st.session_state[key] = default if default in options else (options[0] if options else None)
    placeholder = format_func(None) if None in options else None  # «Все» instead of Streamlit's English
    value = box.selectbox(
        label, options, key=key, format_func=format_func, help=help, placeholder=placeholder
    )
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)
    _describe(key, label, format_func(value))
    return value


def _describe(key: str, label: str, text: str) -> None:
    """Remember how a filter reads on screen («Уровень чемпионата: Региональный»), for exports and papers."""
    st.session_state.setdefault("_filter_text", {})[key] = (label, str(text))


def url_toggle(label: str, key: str, help: str | None = None) -> bool:
    """A sidebar switch kept in the URL (``?key=1``), like ``url_filter`` for select boxes."""
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(key) == "1"
    value = st.sidebar.toggle(label, key=key, help=help)
    if value:
        st.query_params[key] = "1"
    else:
        st.query_params.pop(key, None)
    _describe(key, label, "да" if value else "нет")
    return value


def or_all(labels: dict | None = None, everything: str = "Все"):
    """A ``format_func`` for ``url_filter``: ``everything`` for None, else ``labels[value]`` (or the value)."""
    return lambda v: everything if v is None else (v if labels is None else labels[v])


def institution_filter(
    insts, label: str = "Организация", key: str = "inst", everything: str = "Все", container=None
) -> tuple[str | None, dict[str, str]]:
    """A filter by institution (``inst_code``, ``short_name`` of ``insts``): the code chosen and the names."""
    names = dict(zip(insts.get_column("inst_code"), insts.get_column("short_name"), strict=True))
    inst = url_filter(
        label,
        [None, *names],
        key,
        format_func=lambda v: everything if v is None else f"{v} — {names[v]}",
        container=container,
    )
    return inst, names


def specialty_filter(specs, key: str = "spec") -> tuple[str | None, dict[str, str | None]]:
    """A filter by specialty (``specialty_code``, ``specialty_name`` of ``specs``): the code and the names."""
    names = dict(zip(specs.get_column("specialty_code"), specs.get_column("specialty_name"), strict=True))
    spec = url_filter(
        "Специальность (профессия)",
        [None, *names],
        key,
        format_func=lambda v: "Все" if v is None else f"{v} {names[v] or ''}".strip(),
    )
    return spec, names


def active_filters() -> dict[str, str]:
    """The filters in force as the screen shows them, for the «О выгрузке» sheet and the papers.

    {«Уровень чемпионата»: «Региональный», «Организация»: «POO-02 — Политехнический колледж»}: the
    label and the option's text of every filter drawn by ``url_filter``/``url_toggle`` on this run;
    a URL parameter no filter described keeps its value under its Russian name (``mart.platform.ru``).
    """
    described = st.session_state.get("_filter_text", {})
    out: dict[str, str] = {}
    for key, raw in st.query_params.to_dict().items():
        if key.startswith("_"):
            continue
        label, text = described.get(key, (ru.filter_label(key), raw))
        out[label] = text
    return out
