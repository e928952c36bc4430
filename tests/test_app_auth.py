"""The app's navigation per role, sign-in, sign-out and the account page, driven through AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from mart.access import accounts
from mart.access.rules import Access
from mart.platform import config
from tests.pages_app import open_page


def _app() -> AppTest:
    return AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=60)


def test_public_sees_overview_and_sign_in(built_mart):
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Обзор"
    assert "Гость" in at.caption[0].value


def test_sign_in_as_college_then_sign_out(built_mart):
    at = _app().run()
    at.switch_page("pages/signin.py").run()
    assert "Демонстрационные учётные записи" in [s.value for s in at.subheader]
    at.text_input(key="signin_login").input("demo.poo01")
    at.text_input(key="signin_password").input(accounts.DEMO_PASSWORD)
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert not at.exception
    assert at.session_state["access"] == Access(
        role="institution", login="demo.poo01", inst_code="POO-01", demo=True
    )
    assert at.title[0].value == "Обзор"
    # AppTest keys widgets by the page it last switched to itself: open the page as the user sees it
    at.switch_page("pages/overview.py").run()
    at.button(key="sign_out").click().run()
    assert "access" not in at.session_state
    events = accounts.events("demo.poo01")
    assert events.get_column("event").to_list()[-2:] == ["signed_in", "signed_out"]


def test_wrong_password_is_refused_in_russian(built_mart):
    at = _app().run()
    at.switch_page("pages/signin.py").run()
    at.text_input(key="signin_login").input("demo.council")
    at.text_input(key="signin_password").input("not-the-password")
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert "access" not in at.session_state
    assert any("Неверный логин или пароль" in e.value for e in at.error)


def test_a_link_to_a_closed_page_survives_sign_in(built_mart):
    at = _app()
    at.query_params["dataset"] = "graduates"
    at.switch_page("pages/upload.py").run()
    # the public is sent to sign in, remembering the page and its filters
    assert at.session_state["next"]["page"] == "upload"
    assert at.title[0].value == "Вход"
    at.switch_page("pages/signin.py").run()  # (see above: AppTest keys widgets by its own page switch)
    assert at.session_state["next"]["query"] == {"dataset": "graduates"}
    at.text_input(key="signin_login").input("demo.poo01")
    at.text_input(key="signin_password").input(accounts.DEMO_PASSWORD)
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert at.title[0].value == "Загрузка данных"
    assert at.query_params["dataset"] == ["graduates"] or at.query_params["dataset"] == "graduates"


@pytest.mark.parametrize(
    ("role", "inst", "can_manage"),
    [("coordinator", None, True), ("council", None, False), ("institution", "POO-01", False)],
)
def test_account_page_only_for_the_coordinator(built_mart, role, inst, can_manage):
    at = _app()
    at.session_state["access"] = Access(role=role, login=f"t.{role}", inst_code=inst)
    at.switch_page("pages/accounts.py").run()
    if can_manage:
        assert at.title[0].value == "Учётные записи"
        assert len(at.dataframe[0].value) >= 5  # the demo accounts
    else:
        assert any("недоступна" in e.value for e in at.error)


def test_coordinator_creates_an_account_on_the_page(built_mart):
    at = open_page("accounts.py", default_timeout=60)
    at.session_state["access"] = Access(role="coordinator", login="demo.coordinator")
    at.run()
    at.text_input(key="new_login").input("poo03.user")
    at.selectbox(key="new_role").set_value("institution")
    at.text_input(key="new_inst").input("POO-03")
    at.text_input(key="new_password").input("long-enough-1")
    at.button(key="FormSubmitter:add_user-Создать").click().run()
    assert any("создана" in s.value for s in at.success)
    ctx, _ = accounts.sign_in("poo03.user", "long-enough-1")
    assert ctx.inst_code == "POO-03"


def test_demo_coordinator_cannot_open_the_account_page_or_revoke(built_mart):
    at = _app().run()
    at.switch_page("pages/signin.py").run()
    at.text_input(key="signin_login").input("demo.coordinator")
    at.text_input(key="signin_password").input(accounts.DEMO_PASSWORD)
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert at.session_state["access"].demo
    at.switch_page("pages/accounts.py").run()
    assert any("демонстрационная учётная запись" in e.value for e in at.error)
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Загрузка данных"  # the showcase still uploads
    assert not [b for b in at.button if b.key == "revoke"]


def test_sign_in_page_offers_no_demo_accounts_once_a_real_one_exists(built_mart):
    from mart.access.rules import OPERATOR

    accounts.add_user("anna", "coordinator", "anna-pass-1", ctx=OPERATOR)
    at = _app().run()
    at.switch_page("pages/signin.py").run()
    assert "Демонстрационные учётные записи" not in [s.value for s in at.subheader]
    at.text_input(key="signin_login").input("demo.coordinator")
    at.text_input(key="signin_password").input(accounts.DEMO_PASSWORD)
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert "access" not in at.session_state
    at.text_input(key="signin_login").input("anna")
    at.text_input(key="signin_password").input("anna-pass-1")
    at.button(key="FormSubmitter:signin-Войти").click().run()
    assert at.session_state["access"] == Access(role="coordinator", login="anna")
