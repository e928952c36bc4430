"""AppTest of «Загрузка данных»: check, confirm, refuse, history, revoke, and who gets no uploader."""

import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import Access
from mart.intake.datasets import DATASETS
from mart.read import queries
from tests.pages_app import open_page, open_page_past_the_gate

PAGE = "upload.py"
POO01 = Access(role="institution", login="poo01", inst_code="POO-01")
COORDINATOR = Access(role="coordinator", login="minobr")

GOOD = (
    "\ufeffinst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date\r\n"
    "POO-01;2025;15.01.05;PAGE-1;employed;да;да;01.10.2025\r\n"
    "POO-01;2025;15.01.05;PAGE-2;Продолжает обучение;нет;нет;01.10.2025\r\n"
).encode()
BAD = (
    "inst_code;graduation_year;specialty_code;graduate_id;status;status_date\n"
    "POO-01;2025;99.99.99;PAGE-3;employed;01.10.2025\n"
    "POO-01;2025;15.01.05;PAGE-4;нечто;01.10.2025\n"
).encode()


def page(ctx: Access, past_the_gate: bool = False) -> AppTest:
    at = (open_page_past_the_gate if past_the_gate else open_page)(PAGE, default_timeout=90)
    at.session_state["access"] = ctx
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def reports(at: AppTest) -> list:
    """The error tables on the page, in order (the file's check first, then the selected batch)."""
    return [d.value for d in at.dataframe if "place" in d.value.columns]


def page_batches():
    return queries.reader().df("select * from upload_batches where channel = 'page' order by batch_id")


def test_good_csv_is_checked_then_loaded(built_mart):
    at = page(POO01)
    assert at.selectbox(key="dataset").options == [
        "Трудоустройство выпускников",
        "Демонстрационный экзамен",
        "Приём и КЦП",
        "Форма мониторинга трудоустройства (федеральная)",
    ]
    assert len(at.download_button) >= 2  # the CSV and Excel templates
    at.selectbox(key="dataset").set_value("graduates")
    at.file_uploader(key="upload_file").set_value(("выпуск_2025.csv", GOOD, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Кодировка: UTF-8 (BOM)" in c for c in texts(at.caption))
    assert any(s.startswith("Проверка пройдена: строк 2") for s in texts(at.success))
    assert metrics(at)["Будет добавлено"] == "2"
    assert metrics(at)["Выбудет из среза"] == "0"
    assert page_batches().is_empty()  # nothing is stored before the confirmation

    at.button(key="confirm").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.startswith("Файл принят: строк 2; новых 2") for s in texts(at.success))
    rows = queries.reader().df(
        "select graduate_id, status from graduates where inst_code = 'POO-01' and graduate_id like 'PAGE-%' "
        "order by graduate_id"
    )
    assert rows.rows() == [("PAGE-1", "employed"), ("PAGE-2", "continuing_education")]
    batches = page_batches()
    assert batches.height == 1
    assert batches.row(0, named=True)["status"] == "accepted"
    assert batches.row(0, named=True)["uploaded_by"] == "poo01"

    at.run()  # a rerun shows the result again and loads nothing twice
    assert any("уже загружен" in c for c in texts(at.caption))
    assert not [b for b in at.button if b.key == "confirm"]
    assert page_batches().height == 1


def test_replace_mode_shows_what_retires(built_mart):
    at = page(POO01)
    at.radio(key="mode").set_value("replace")
    at.file_uploader(key="upload_file").set_value(("выпуск_2025.csv", GOOD, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    retired = int(metrics(at)["Выбудет из среза"])
    assert retired > 0  # the demo graduates of POO-01, 2025, that are not in the file
    assert any("выбудут" in w for w in texts(at.warning))


def test_bad_file_is_refused_and_recorded_once(built_mart):
    at = page(POO01)
    at.file_uploader(key="upload_file").set_value(("плохой.csv", BAD, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Файл будет отклонён целиком" in e for e in texts(at.error))
    report = reports(at)[0]
    assert "строка 2" in report["place"].tolist()
    assert "строка 3" in report["place"].tolist()
    assert not [b for b in at.button if b.key == "confirm"]
    labels = [b.label for b in at.download_button]
    assert "Отчёт об ошибках (Excel)" in labels and "Отчёт об ошибках (CSV)" in labels

    batches = page_batches()
    assert batches.get_column("status").to_list() == ["rejected"]
    assert batches.row(0, named=True)["error_count"] == 2
    bid = batches.row(0, named=True)["batch_id"]
    assert any(f"пакет № {bid}" in c for c in texts(at.caption))

    at.run()
    at.run()
    assert page_batches().height == 1  # reruns do not record the same refusal again

    # the history lists the refused batch first and shows its errors
    history = at.dataframe(key="history_table").value
    assert int(history["batch_id"].iloc[0]) == bid
    assert any(f"Пакет № {bid}" in m for m in texts(at.markdown))
    shown = reports(at)[-1]
    assert shown["place"].tolist() == ["строка 2", "строка 3"]


@pytest.mark.parametrize("ctx", [Access(role="council", login="council1"), Access()])
def test_roles_without_upload_see_no_uploader(built_mart, ctx):
    at = page(ctx, past_the_gate=True)  # the app's gate stops them first
    assert len(at.file_uploader) == 0
    assert any("не даёт права загружать данные" in i for i in texts(at.info))


def test_coordinator_revokes_a_batch(built_mart):
    at = page(COORDINATOR)
    # the coordinator may upload every dataset of the contract, each offered once by its Russian title
    assert at.selectbox(key="dataset").options == [d.title_ru for d in DATASETS.values()]
    latest = int(at.dataframe(key="history_table").value["batch_id"].iloc[0])
    assert at.button(key="revoke").disabled
    at.checkbox(key=f"revoke_sure_{latest}").check()
    at.run()
    at.button(key="revoke").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    status = queries.reader().df(f"select status, revoked_by from upload_batches where batch_id = {latest}")
    assert status.row(0) == ("revoked", "minobr")
    assert any(f"Пакет № {latest} отозван" in i for i in texts(at.info))


def test_institution_has_no_revoke(built_mart):
    at = page(POO01)
    assert not [b for b in at.button if b.key == "revoke"]
