import streamlit as st

from mart import accounts
from pages import ui

ctx = ui.header("Вход")
if ctx.role != "public":
    st.switch_page("pages/home.py")
target = st.session_state.get("next")
if target:
    st.info(f"Чтобы открыть страницу «{target['title']}», войдите в систему.")

with st.form("signin"):
    login = st.text_input("Логин", key="signin_login")
    password = st.text_input("Пароль", type="password", key="signin_password")
    submitted = st.form_submit_button("Войти", type="primary")

if submitted:
    try:
        ctx, token = accounts.sign_in(login, password, ui.client())
    except accounts.AuthError as exc:
        st.error(str(exc))
    else:
        ui.signed_in(ctx, token, accounts.device_token(ctx.login))
        target = st.session_state.pop("next", None)
        if target:
            st.switch_page(f"pages/{ui.PAGE_FILES[target['page']]}", query_params=target["query"])
        st.switch_page("pages/home.py")

demo = accounts.demo_logins()
if demo.height:
    st.divider()
    st.subheader("Демонстрационные учётные записи")
    st.caption(
        f"Витрина содержит демонстрационные (вымышленные) данные. Пароль всех демо-записей: «{accounts.DEMO_PASSWORD}»."
    )
    st.dataframe(
        demo.select("login", "role_label", "inst_code"),
        hide_index=True,
        placeholder="—",
        column_config={
            "login": "Логин",
            "role_label": "Роль",
            "inst_code": "Организация",
        },
    )
else:
    st.caption(
        "Учётные записи создаёт координатор (страница «Учётные записи» или python -m mart users add …)."
    )
