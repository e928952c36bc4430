import polars as pl
import streamlit as st

from mart.access import accounts
from mart.access.rules import ROLE_LABELS
from pages.ui import fmt, screen

ctx = screen.header("Учётные записи", "Создание, блокировка и смена пароля учётных записей.")

users = accounts.list_users(ctx)
st.caption(
    "Учётные записи, сеансы и журнал входов хранятся отдельно от витрины данных "
    "(хранилище учётных записей); смена пароля или блокировка завершает все сеансы учётной записи."
)
if users.get_column("is_demo").any() and not accounts.has_real_accounts():
    st.info(
        "Сейчас есть только демонстрационные учётные записи. Как только будет создана первая настоящая "
        "учётная запись, демонстрационные отключатся."
    )
shown = users.with_columns(
    pl.col("role").replace_strict(ROLE_LABELS, default=pl.col("role")).alias("role"),
).select(
    "login",
    "role",
    "inst_code",
    "is_active",
    "is_demo",
    "last_sign_in",
    "display_name",
    "created_by",
    "created_at",
)
st.dataframe(
    shown,
    placeholder="—",
    hide_index=True,
    width="stretch",
    column_config={
        "login": "Логин",
        "role": "Роль",
        "inst_code": "Организация",
        "display_name": "Имя",
        "is_active": st.column_config.CheckboxColumn("Активна"),
        "is_demo": st.column_config.CheckboxColumn("Демо"),
        "created_by": "Создал",
        "created_at": st.column_config.DatetimeColumn("Создана", format="DD.MM.YYYY HH:mm"),
        "last_sign_in": st.column_config.DatetimeColumn("Последний вход", format="DD.MM.YYYY HH:mm"),
    },
)

roles = list(accounts.ROLES)
with st.form("add_user", clear_on_submit=True):
    st.subheader("Новая учётная запись")
    c1, c2 = st.columns(2)
    login = c1.text_input("Логин", key="new_login")
    role = c2.selectbox("Роль", roles, format_func=lambda r: ROLE_LABELS[r], key="new_role")
    inst = c1.text_input("Код организации (только для роли «Образовательная организация»)", key="new_inst")
    name = c2.text_input("Имя или должность", key="new_name")
    password = st.text_input("Пароль (не короче 8 символов)", type="password", key="new_password")
    if st.form_submit_button("Создать"):
        try:
            acc = accounts.add_user(
                login.strip().lower(),
                role,
                password,
                inst_code=inst.strip() or None,
                display_name=name.strip() or None,
                ctx=ctx,
            )
        except ValueError as exc:
            st.error(str(exc))
        else:
            st.success(f"Учётная запись «{fmt.plain(acc.login)}» создана.")

with st.form("manage_user"):
    st.subheader("Изменить учётную запись")
    target = st.selectbox("Логин", users.get_column("login").to_list(), key="manage_login")
    action = st.radio(
        "Действие",
        ["Сменить пароль", "Заблокировать", "Разблокировать", "Снять паузу входа"],
        horizontal=True,
        key="manage_action",
    )
    new_password = st.text_input("Новый пароль", type="password", key="manage_password")
    if st.form_submit_button("Применить") and target:
        try:
            if action == "Снять паузу входа":
                accounts.lift_pause(target, ctx=ctx)
            elif action == "Сменить пароль":
                ended = accounts.set_password(target, new_password, ctx=ctx)
                if ended:
                    st.info(f"Завершено открытых сеансов: {ended}.")
            else:
                accounts.set_active(target, action == "Разблокировать", ctx=ctx)
        except (ValueError, LookupError) as exc:
            st.error(str(exc))
        else:
            st.success(f"Готово: {action.lower()} — «{fmt.plain(target)}».")
