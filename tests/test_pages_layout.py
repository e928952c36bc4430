"""How pages are laid out (pages/ui/navigation.py): the conventions that keep Streamlit's legacy
pages-folder mode from drawing a page outside the app's navigation and sign-in gate."""

import ast

from streamlit.testing.v1 import AppTest

from mart.platform import config
from pages.ui import navigation

PAGES_DIR = config.REPO_ROOT / "pages"
UI_MODULES = {"st", "screen", "fmt", "sidebar", "yearly", "tables", "decree", "council", "navigation"}
UI_MODULES |= {"federal_form", "collect"}


def test_pages_holds_the_pages_only_each_named_after_its_address():
    files = {p.name for p in PAGES_DIR.glob("*.py")} - {"__init__.py"}
    assert files == {file for file, *_ in navigation.PAGES}
    for file, _title, _icon, url, _cap in navigation.PAGES:
        assert file == f"{url}.py", (file, url)


def _calls(node) -> list[str]:
    return [
        f"{n.func.value.id}.{n.func.attr}"
        for n in ast.walk(node)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name)
    ]


def test_every_page_calls_screen_header_before_drawing_anything():
    for file, *_ in navigation.PAGES:
        tree = ast.parse((PAGES_DIR / file).read_text(encoding="utf-8"))
        first = None
        for statement in tree.body:
            if isinstance(statement, ast.FunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
                continue
            drawing = [
                c for c in _calls(statement) if c.split(".")[0] in UI_MODULES and c != "session.access"
            ]
            if drawing:
                first = drawing[0]
                break
        assert first == "screen.header", (file, first)


def test_a_page_file_run_on_its_own_draws_nothing_of_its_own(built_mart):
    at = AppTest.from_file(str(PAGES_DIR / "kpi.py"), default_timeout=90).run()  # the guest, no app.py
    assert not at.exception, [e.message for e in at.exception]
    titles = [t.value for t in at.title]
    assert titles == ["Обзор"]  # the app opened in its place (its default page, through the gate)
    assert not any("Результаты руководителей" in c.value for c in at.caption)
