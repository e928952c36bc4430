"""The autumn scenario on every page: one college of 19 uploads next year's files (2026).

Every page keeps its default on the last complete year (2025); the partial year can be chosen by
signed-in roles and is then labelled on its figures and titles, with no change from the previous
year; the public never sees it.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import PUBLIC, Access
from tests.pages_app import open_page

PAGES = Path(__file__).resolve().parent.parent / "pages"
COUNCIL = Access(role="council", login="demo.council")
COORD = Access(role="coordinator", login="demo.coordinator")
NOTE = "2026 — данные от 1 из 19 колледжей (сбор до 01.12.2026)"


def page(name, ctx, **query) -> AppTest:
    at = open_page(name, default_timeout=90)
    at.session_state["access"] = ctx
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [w.value for w in at.warning] + [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


ROADMAP_METRICS = {"Мероприятий", "Выполнено", "Выполняется", "Просрочено", "Средний прогресс"}


def deltas(at) -> list:
    """Changes shown on the page's data of a year (the roadmap's own "a year ago" figures aside)."""
    return [(m.label, m.delta) for m in at.metric if m.delta and m.label not in ROADMAP_METRICS]


@pytest.mark.parametrize("ctx", [PUBLIC, COUNCIL])
def test_overview_default_stays_on_last_complete_year(college_uploaded_next_year, ctx):
    at = page("overview.py", ctx)
    assert not at.exception
    assert at.selectbox(key="year").value == 2025
    assert not [m.label for m in at.metric if "неполн" in m.label]
    assert not [s.value for s in at.subheader if "2026" in s.value]
    assert not [w for w in at.warning if "Неполный год" in w.value]
    if ctx is PUBLIC:
        # the public never sees the partial year: not in the list, not on the trend
        assert "2026" not in " ".join(str(o) for o in at.selectbox(key="year").options)
        assert "неполн" not in texts(at) and "2026 год" not in texts(at)
    else:
        # the trend shows it apart, as a partial year
        assert f"неполные годы (не итог по региону, линией не соединены): {NOTE}" in texts(at)


def test_overview_partial_year_is_labelled(college_uploaded_next_year):
    at = page("overview.py", COUNCIL)
    at.selectbox(key="year").set_value(2026).run()
    assert not at.exception
    shown = texts(at)
    assert (
        "Трудоустройство выпускников колледжей, выпуск 2026 — данные от 1 из 19 колледжей (сбор до 01.12.2026)"
        in shown
    )
    k1 = next(m for m in at.metric if m.label.startswith("Доля трудоустроенных (K1)"))
    assert k1.label == "Доля трудоустроенных (K1) (неполный год)"
    assert not k1.delta
    assert not deltas(at)  # no change from 2025 to a partial 2026 anywhere
    assert "Изменение к прошлому году не показано" in shown
    assert "Не итог по региону" in shown


@pytest.mark.parametrize(
    ("name", "first_metric", "heading"),
    [
        (
            "employment.py",
            "Выпускников",
            "2026 год выпуска — Амурская область (все организации) — "
            "данные от 1 из 19 колледжей (сбор до 01.12.2026)",
        ),
        # the demo excused POO-19 from the 2026 demo exams: 1 of 18, deadline 15.07.2026
        (
            "demo-exams.py",
            "Сдавали экзамен",
            "2026 год — Амурская область (все организации) — данные от 1 из 18 колледжей (сбор до 15.07.2026)",
        ),
    ],
)
def test_yearly_pages_default_and_label(college_uploaded_next_year, name, first_metric, heading):
    at = page(name, COUNCIL)
    assert not at.exception
    assert at.selectbox(key="year").value == 2025
    assert not [m.label for m in at.metric if "неполн" in m.label]
    assert deltas(at)  # complete years are compared

    at.selectbox(key="year").set_value(2026).run()
    assert not at.exception
    assert at.query_params["year"] == "2026"
    shown = texts(at)
    assert heading in shown
    assert (
        next(m for m in at.metric if m.label.startswith(first_metric)).label
        == f"{first_metric} (неполный год)"
    )
    assert not deltas(at)
    assert "Изменение к прошлому году не показано" in shown
    assert "неполные годы (не итог по региону, линией не соединены)" in shown

    public = page(name, PUBLIC)
    assert not public.exception
    assert public.selectbox(key="year").value == 2025
    assert "2026" not in [str(o) for o in public.selectbox(key="year").options]
    # a link to the partial year does not open it for the public
    linked = page(name, PUBLIC, year="2026")
    assert linked.selectbox(key="year").value == 2025


def test_kpi_partial_year_ranking_and_confirmed_evaluation(college_uploaded_next_year):
    from mart.read import kpi

    at = page("kpi.py", COORD)
    assert not at.exception
    assert at.selectbox(key="year").value == 2025
    assert "Рейтинг колледжей за 2025 год" in [s.value for s in at.subheader]

    at.selectbox(key="year").set_value(2026).run()
    assert not at.exception
    shown = texts(at)
    assert (
        "Рейтинг колледжей за 2026 год — неполные данные (сдали: трудоустройство выпускников 1 из 19;"
        in shown
    )
    assert "Рейтинг за неполный год" in shown
    assert (
        next(m for m in at.metric if m.label.startswith("Средний балл")).label
        == "Средний балл (неполный год)"
    )
    assert not next(m for m in at.metric if m.label.startswith("Средний балл")).delta
    ranking = next(d.value for d in at.dataframe if "is_demo" in d.value.columns)
    assert "score_delta" not in ranking.columns and "rank_change" not in ranking.columns

    # saving without the confirmation is refused, and nothing is stored
    at.text_input(key="ev_title").input("Предварительно, ноябрь 2026")
    next(b for b in at.button if b.label == "Сохранить оценку для комиссии").click().run()
    assert not at.exception
    assert "Оценка не сохранена" in " ".join(e.value for e in at.error)
    assert "Подтвердите, что сохраняете оценку за неполный год" in " ".join(e.value for e in at.error)
    assert kpi.evaluations(COORD).is_empty()

    at.checkbox(key="ev_confirm_partial").check()
    at.text_input(key="ev_title").input("Предварительно, ноябрь 2026")
    next(b for b in at.button if b.label == "Сохранить оценку для комиссии").click().run()
    assert not at.exception
    assert "Отмечено, что год неполный" in " ".join(s.value for s in at.success)
    saved = kpi.evaluations(COORD).row(0, named=True)
    assert (saved["year"], saved["is_partial"]) == (2026, True)
    assert saved["partial_note"].startswith(
        "2026 — неполные данные: трудоустройство выпускников — данные от 1 из 19"
    )
    assert "Оценка за неполный год: 2026 — неполные данные" in texts(at)


def test_kpi_complete_year_evaluation_needs_no_confirmation(built_mart):
    from mart.read import kpi

    number = kpi.save_evaluation(COORD, 2025, 1, "Заседание комиссии")
    saved = kpi.evaluations(COORD).row(0, named=True)
    assert (saved["evaluation_id"], saved["is_partial"], saved["partial_note"]) == (number, False, None)
