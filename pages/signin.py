import sqlite3

import streamlit as st

from mart.access import accounts, authstore
from mart.platform import db
from pages.ui import fmt, navigation, screen, session

ctx = screen.header("Вход")
if ctx.role != "public":
    st.switch_page(navigation.PAGE_FILE_PATHS["overview"])
target = st.session_state.get("next")
if target:
    st.info(f"Чтобы открыть страницу «{target['title']}», войдите в систему.")

with st.form("signin"):
    login = st.text_input("Логин", key="signin_login")
    password = st.text_input("Пароль", type="password", key="signin_password")
    submitted = st.form_submit_button("Войти", type="primary")

if submitted:
    try:
        ctx, token = accounts.sign_in(login, password, session.client())
    except accounts.AuthError as exc:
        st.error(str(exc))
    except (db.StorageError, authstore.StoreError, sqlite3.Error, OSError) as exc:
        # a full disk or a read-only data folder: the sign-in cannot be recorded, so it cannot happen
        reason = db.storage_problem(exc) or (
            str(exc)
            if isinstance(exc, db.StorageError | authstore.StoreError)
            else "Хранилище учётных записей недоступно."
        )
        st.error(f"Вход сейчас невозможен. {fmt.plain(reason)}")
    else:
        session.signed_in(ctx, token, accounts.device_token(ctx.login))
        target = st.session_state.pop("next", None)
        if target:
            st.switch_page(navigation.PAGE_FILE_PATHS[target["page"]], query_params=target["query"])
        st.switch_page(navigation.PAGE_FILE_PATHS["overview"])

STORE_ERRORS = (db.StorageError, authstore.StoreError, sqlite3.Error, OSError)
try:
    demo = accounts.demo_logins()
except STORE_ERRORS as exc:  # the store cannot even be read (e.g. a read-only folder): say so, show no list
    st.error(
        "Вход сейчас невозможен: хранилище учётных записей недоступно. "
        + fmt.plain(db.storage_problem(exc) or "Сообщите администратору.")
    )
    st.stop()
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
