"""Every page, as every role, speaks Russian: no English word outside a short allow-list, no «None»,
no raw code where a Russian label exists — in titles, captions, messages, figures, filters, buttons,
table headers and table cells (folded expanders included).

Pages added later are walked too (``navigation.PAGES``); the allow-list names what is English on purpose:
proper names, file formats, the KPI abbreviation, institution codes and demo logins.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mart.access import rules as access
from mart.intake import datasets, templates
from pages.ui import navigation
from tests.pages_app import open_page

REPO = Path(__file__).resolve().parents[1]

ROLES = {
    "public": access.Access(),
    "council": access.Access(role="council", login="demo.council"),
    "coordinator": access.Access(role="coordinator", login="demo.coordinator"),
    "regional_center": access.Access(role="regional_center", login="demo.rcc"),
    "institution": access.Access(role="institution", login="demo.poo02", inst_code="POO-02"),
    "economy": access.Access(role="economy", login="demo.economy"),
}
# English that is meant: proper names, abbreviations and formats a Russian reader uses as they are
ALLOWED_WORDS = {
    "KPI", "WorldSkills", "Worldskills", "Russia", "Juniors", "Junior", "Skills", "Young", "Professionals",
    "Future", "Hi-Tech", "Tech", "WorldSkillsRussia",
    "CSV", "XLSX", "Excel", "PDF", "SHA", "UTF", "BOM", "HTML", "ZIP", "DuckDB", "Word", "Windows",
    "ID", "IT", "CAD", "BIM", "CNC",
}  # fmt: skip
# codes that are not words: institution codes, demo logins, indicator codes, versions, URLs, commands
NOT_WORDS = re.compile(
    r"`[^`]*`"  # inline code (a command line, a column code shown as such)
    r"|\bpython -m mart[^\n.;,)»]*"
    r"|\b(?:POO|OVO)-\d\d\b|\b[A-Z]{1,3}\d*-\d[\w-]*"  # institution, expert, graduate codes
    r"|\bdemo[.-][a-z0-9_.-]+"  # demo logins and the demo generator
    r"|\.(?:csv|xlsx|xls|txt|tsv|pdf)\b"
    r"|\bK[1-6]\b|\bv\d+\b"
    r"|https?://\S+|[\w.-]+\.(?:csv|xlsx|pdf|txt|json|xls|tsv)\b"  # file names are the uploader's
    r"|:material/[a-z_]+:"
)
WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]")


def _codes() -> set[str]:
    """Codes that have a Russian label: code lists, statuses, roles, dataset names."""
    codes = {code for values in datasets.ENUMS.values() for code in values}
    codes |= {code for code, _ in templates.employment_statuses()}
    codes |= set(access.ROLES) | set(datasets.DATASETS)
    return {c for c in codes if re.search(r"[a-z]", c)}


CODES = _codes()


def _texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) of everything a person reads on the page."""
    out: list[tuple[str, str]] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "info",
        "warning",
        "error",
        "success",
    ):
        for el in at.get(kind):
            out.append((kind, str(el.value)))
    for el in at.get("metric"):
        out += [("metric label", el.label), ("metric value", str(el.value))]
    for kind in ("selectbox", "radio", "multiselect"):
        for el in at.get(kind):
            out.append((f"{kind} label", el.label))
            out += [(f"{kind} option", str(o)) for o in el.options]
    for kind in ("button", "toggle", "checkbox", "text_input", "number_input", "text_area", "date_input"):
        for el in at.get(kind):
            out.append((f"{kind} label", el.label))
    for el in at.get("download_button"):
        out.append(("download label", el.proto.label))
    for el in at.get("expander"):
        out.append(("expander", el.label))
    for el in at.get("dataframe"):
        config = json.loads(el.proto.columns or "{}")
        frame = el.value
        shown = list(el.proto.column_order) or list(frame.columns)  # column_order hides the others
        for col in [c for c in frame.columns if c in shown]:
            conf = config.get(str(col)) or config.get(f"col:{col}") or {}
            if conf.get("hidden"):
                continue
            out.append(("table header", str(conf.get("label") or col)))
            if frame[col].dtype == object:
                values = {str(v) for v in frame[col].dropna().unique()[:200] if not isinstance(v, bool)}
                out += [("table cell", v) for v in values if not v.startswith(("http", "/"))]
    return out


def _problems(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        if re.search(r"\bNone\b|\bnan\b|\bNaN\b|\bnull\b", text):
            found.append(f"{where}: «None/nan» in {text[:120]!r}")
        if where == "table cell" and text in CODES:
            found.append(f"{where}: raw code {text!r}")
        clean = NOT_WORDS.sub(" ", text.replace("\\", ""))  # markdown escapes in file names («a\\_b\\.csv»)
        # one- and two-letter tokens are notation (year Y, shares a and b, index I), not English words
        english = [w for w in WORD.findall(clean) if w not in ALLOWED_WORDS and len(w) > 2]
        if english:
            found.append(f"{where}: English {english[:5]} in {text[:120]!r}")
    return sorted(set(found))


def _pages_for(role: str) -> list[tuple[str, str]]:
    """The pages the role's navigation shows (the others only say they are closed: see test_access_matrix)."""
    ctx = ROLES[role]
    return [
        (file, url)
        for file, _title, _icon, url, cap in navigation.PAGES
        if (url != "signin" or role == "public") and (cap is None or ctx.allows(cap))
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_speaks_russian(built_mart, role):
    problems = []
    for file, url in _pages_for(role):
        at = open_page(file, default_timeout=120)
        at.session_state["access"] = ROLES[role]
        at.run()
        assert not at.exception, (url, [e.value for e in at.exception])
        problems += [f"{url}: {p}" for p in _problems(_texts(at))]
    assert not problems, "\n".join(problems)


def test_the_checker_catches_what_it_should():
    bad = _problems(
        [
            ("table header", "inst_code"),
            ("caption", "1 организаций, status None"),
            ("table cell", "army_conscript"),
            ("markdown", "Press Enter to submit form"),
        ]
    )
    assert any("inst_code" in p for p in bad) and any("None" in p for p in bad)
    assert any("raw code 'army_conscript'" in p for p in bad) and any("Press" in p for p in bad)
    assert not _problems(
        [
            ("caption", "KPI POO-02, K1 = 71,9 %, demo.council, `python -m mart brief`, методика v1"),
            ("markdown", "Чемпионат WorldSkills Russia, файл выпускники.xlsx"),
        ]
    )
