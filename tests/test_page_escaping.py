"""Uploaded and typed text is shown as text on every screen (issue 8): Markdown in an expert's name
and organisation, in a file name, in an evidence and a comment renders as the characters typed,
never as a link, an image, emphasis or a heading. AppTest gives the Markdown each element sends to
the browser; an unescaped ``](`` or ``![`` there would be a live link or a remote image."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from mart.access.rules import Access
from mart.intake import ingest
from pages.ui import fmt
from tests.pages_app import open_page

ROOT = Path(__file__).resolve().parent.parent
COORDINATOR = Access(role="coordinator", login="minobr")
HOSTILE = (
    "[жми](http://evil.example/x) ![](http://evil.example/pixel.png) **жирно** <b>html</b> :red[красным] $x$"
)
LIVE = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)\*\*|(?<!\\)<b>|(?<!\\):red\[|(?<!\\)\$x")


def _markdown_sources(at: AppTest) -> list[str]:
    found = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "subheader", "title"):
        found += [str(e.value) for e in getattr(at, kind)]
    return found


def _assert_shown_as_text(at: AppTest, needle: str) -> None:
    sources = [s for s in _markdown_sources(at) if needle in s]
    assert sources, f"«{needle}» is not on the page"
    for s in sources:
        s = s[s.index(needle) :]  # the page's own Markdown (a bold label) comes before the value
        assert not LIVE.search(s), s
        assert "evil.example" in s.replace("\\", "")  # the text is all there, only escaped


def test_plain_escapes_every_markdown_construct():
    text = fmt.plain(HOSTILE + "\n# Заголовок")
    assert not LIVE.search(text)
    assert "\n" not in text and "\\#" in text


def test_expert_organisation_and_name_render_as_text(built_mart):
    data = (
        "Номер эксперта;ФИО;Код организации;Организация;Компетенция;Сертификат;Действует с;Действует по\r\n"
        f"E-9901;Иванов {HOSTILE};;ООО {HOSTILE};Электромонтаж;certified_expert;01.03.2025;28.02.2028\r\n"
    ).encode()
    assert ingest.load(COORDINATOR, "experts", data, "experts.csv").accepted
    at = open_page("experts.py", default_timeout=60)
    at.session_state["access"] = Access(role="council", login="demo.council")
    at.query_params["org"] = f"ООО {HOSTILE}"
    at.query_params["expert"] = "E-9901"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    _assert_shown_as_text(at, "ООО")
    _assert_shown_as_text(at, "Иванов")


def test_file_name_renders_as_text_on_the_upload_page(built_mart):
    at = open_page("upload.py", default_timeout=90)
    at.session_state["access"] = COORDINATOR
    at.run()
    at.selectbox(key="dataset").set_value("admissions").run()
    name = "[жмите](http://evil.example/x) ![](http://evil.example/p.png).csv"
    data = "Год приёма;Код организации;Код специальности;КЦП;Зачислено\r\n2026;POO-01;15.01.05;50;сорок\r\n"
    at.file_uploader(key="upload_file").set_value((name, data.encode("cp1251"), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    _assert_shown_as_text(at, "жмите")
    # the refused attempt is in the history (a table: plain text by nature)
    history = next(d for d in at.dataframe if "batch_id" in d.value.columns)
    assert name in history.value["file_name"].tolist()


def test_evidence_and_comment_render_as_text_on_the_roadmap(built_mart):
    data = (
        "Пункт;Статус;Прогресс, %;Дата статуса;Подтверждение;Комментарий\r\n"
        f"5.11;in_progress;40;01.11.2026;Протокол {HOSTILE};Пояснение {HOSTILE}\r\n"
    ).encode()
    assert ingest.load(COORDINATOR, "roadmap_status", data, "status.csv").accepted
    at = open_page("roadmap.py", default_timeout=60)
    at.session_state["access"] = COORDINATOR
    at.query_params["item"] = "5.11"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    _assert_shown_as_text(at, "Протокол")
    _assert_shown_as_text(at, "Пояснение")
