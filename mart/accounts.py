"""Accounts, passwords and sign-in sessions.

Passwords are hashed with argon2id (salted, by argon2-cffi) and never stored or logged in clear.
A sign-in creates a session row and a token ``<session_id>.<signature>`` signed with a secret kept
next to the database (``data/.session-secret``); the browser keeps the token in a cookie, so a page
reload resumes the session until it expires or the user signs out. Repeated failed attempts lock
the account for a while. Every change here is a write through ``mart.db.writer``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mart import config, db
from mart.access import ROLE_LABELS, Access, require
from mart.queries import reader

ROLES = ("council", "coordinator", "regional_center", "institution", "economy")
SESSION_HOURS = 8
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
_hasher = PasswordHasher()


class AuthError(Exception):
    """A sign-in that did not succeed; the message is safe to show (it never says which part was wrong)."""


@dataclass(frozen=True)
class Account:
    login: str
    role: str
    inst_code: str | None
    display_name: str | None
    is_active: bool
    is_demo: bool

    @property
    def access(self) -> Access:
        return Access(role=self.role, login=self.login, inst_code=self.inst_code)


def _secret() -> bytes:
    path = config.db_path().parent / ".session-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".session-secret.{os.getpid()}")
        tmp.write_bytes(secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # first writer wins; never overwrite an existing secret
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_bytes()


def _sign(session_id: str) -> str:
    return hmac.new(_secret(), session_id.encode(), hashlib.sha256).hexdigest()[:32]


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Пароль должен быть не короче {MIN_PASSWORD} символов.")
    if password.strip() != password or not password.strip():
        raise ValueError("Пароль не должен начинаться или заканчиваться пробелом.")


def _event(con, login: str, event: str, detail: str | None = None) -> None:
    con.sql(
        "insert into auth_events select coalesce(max(event_id), 0) + 1, $l, $e, $t, $d from auth_events",
        params={"l": login, "e": event, "t": config.now(), "d": detail},
    )


def _row(con, login: str) -> Account | None:
    rows = con.sql(
        "select login, role, inst_code, display_name, is_active, is_demo from accounts where login = $l",
        params={"l": login},
    ).fetchall()
    return Account(*rows[0]) if rows else None


def get(login: str) -> Account | None:
    return _row(reader().cursor(), login)


def access_for(login: str) -> Access:
    """The CLI's ``--user LOGIN``: act as that account (whoever runs the CLI holds the file anyway)."""
    acc = get(login)
    if acc is None:
        raise LookupError(f"no account {login!r}")
    if not acc.is_active:
        raise LookupError(f"account {login!r} is disabled")
    return acc.access


def add_user(
    login: str,
    role: str,
    password: str,
    *,
    ctx: Access,
    inst_code: str | None = None,
    display_name: str | None = None,
    is_demo: bool = False,
    con=None,
    password_hash: str | None = None,
) -> Account:
    require(ctx, "manage")
    created_by = ctx.who
    if not _LOGIN.match(login):
        raise ValueError("Логин: латинские строчные буквы, цифры, точка, дефис, подчёркивание; 2–63 символа.")
    if role not in ROLES:
        raise ValueError(f"Роль должна быть одной из: {', '.join(ROLES)}.")
    if (role == "institution") != bool(inst_code):
        raise ValueError("Код организации (--inst) указывается для роли institution, и только для неё.")
    validate_password(password)

    def run(c):
        if _row(c, login):
            raise ValueError(f"Учётная запись «{login}» уже существует.")
        if (
            inst_code
            and not c.sql(
                "select 1 from institutions where inst_code = $i", params={"i": inst_code}
            ).fetchall()
        ):
            raise ValueError(f"Организации с кодом «{inst_code}» нет в справочнике.")
        c.sql(
            "insert into accounts (login, role, inst_code, display_name, password_hash, is_active, is_demo,"
            " created_by, created_at) values ($l, $r, $i, $n, $h, true, $demo, $by, $t)",
            params={
                "l": login,
                "r": role,
                "i": inst_code,
                "n": display_name,
                "h": password_hash or _hasher.hash(password),
                "demo": is_demo,
                "by": created_by,
                "t": config.now(),
            },
        )
        _event(c, login, "created", f"role={role}" + (f" inst={inst_code}" if inst_code else ""))
        return _row(c, login)

    if con is not None:
        return run(con)
    with db.writer() as c:
        return run(c)


def set_password(login: str, password: str, *, ctx: Access) -> None:
    require(ctx, "manage")
    by = ctx.who
    validate_password(password)
    with db.writer() as c:
        if not _row(c, login):
            raise LookupError(f"Учётной записи «{login}» нет.")
        c.sql(
            "update accounts set password_hash = $h, updated_at = $t where login = $l",
            params={"h": _hasher.hash(password), "t": config.now(), "l": login},
        )
        _event(c, login, "password_changed", f"by {by}")


def set_active(login: str, active: bool, *, ctx: Access) -> None:
    require(ctx, "manage")
    by = ctx.who
    with db.writer() as c:
        if not _row(c, login):
            raise LookupError(f"Учётной записи «{login}» нет.")
        c.sql(
            "update accounts set is_active = $a, updated_at = $t where login = $l",
            params={"a": active, "t": config.now(), "l": login},
        )
        if not active:
            c.sql(
                "update auth_sessions set ended_at = $t, end_reason = 'disabled' where login = $l and ended_at is null",
                params={"t": config.now(), "l": login},
            )
        _event(c, login, "enabled" if active else "disabled", f"by {by}")


def list_users(ctx: Access):
    require(ctx, "manage")
    return reader().df(
        "select login, role, inst_code, display_name, is_active, is_demo, created_by, created_at,"
        " (select max(event_at) from auth_events e where e.login = a.login and e.event = 'signed_in') as last_sign_in"
        " from accounts a order by role, login"
    )


def _recent_failures(c, login: str, now: dt.datetime) -> list[tuple]:
    """Failed attempts within LOCK_MINUTES and after the last successful sign-in, newest first."""
    return c.sql(
        """
        select event_at from auth_events
        where login = $l and event = 'failed' and event_at > $since
          and event_at > coalesce((select max(event_at) from auth_events where login = $l and event = 'signed_in'),
                                  timestamp '1900-01-01')
        order by event_at desc
        """,
        params={"l": login, "since": now - dt.timedelta(minutes=LOCK_MINUTES)},
    ).fetchall()


def _locked_until(c, login: str, now: dt.datetime) -> dt.datetime | None:
    """Locked when MAX_FAILURES failures came within LOCK_MINUTES after the last success."""
    rows = _recent_failures(c, login, now)
    if len(rows) >= MAX_FAILURES:
        return rows[MAX_FAILURES - 1][0] + dt.timedelta(minutes=LOCK_MINUTES)
    return None


def sign_in(login: str, password: str) -> tuple[Access, str]:
    """Check the password; return the access and a session token for the cookie.

    A failed or locked-out attempt is recorded (the write is published) before AuthError is raised.
    """
    login = login.strip().lower()
    now = config.now()
    refusal: str | None = None
    with db.writer() as c:
        acc = _row(c, login)
        until = _locked_until(c, login, now)
        if until:
            _event(c, login, "locked_out")
            refusal = f"Слишком много неудачных попыток входа. Попробуйте снова после {until:%H:%M}."
        else:
            ok = False
            if acc and acc.is_active:
                stored = c.sql(
                    "select password_hash from accounts where login = $l", params={"l": login}
                ).fetchall()[0][0]
                try:
                    ok = _hasher.verify(stored, password)
                except (VerificationError, InvalidHashError):
                    ok = False
            if not ok:
                _event(c, login, "failed")
                left = MAX_FAILURES - len(_recent_failures(c, login, now))
                refusal = "Неверный логин или пароль."
                if left <= 0:
                    refusal += f" Вход заблокирован на {LOCK_MINUTES} минут."
                elif left < MAX_FAILURES - 1:
                    refusal += f" Осталось попыток до временной блокировки: {left}."
            else:
                session_id = secrets.token_urlsafe(24)
                c.sql(
                    "insert into auth_sessions (session_id, login, created_at, expires_at) values ($s, $l, $t, $e)",
                    params={
                        "s": session_id,
                        "l": login,
                        "t": now,
                        "e": now + dt.timedelta(hours=SESSION_HOURS),
                    },
                )
                _event(c, login, "signed_in")
    if refusal:
        raise AuthError(refusal)
    return acc.access, f"{session_id}.{_sign(session_id)}"


def resume(token: str | None) -> Access | None:
    """The access of a still valid session token (from the cookie), or None."""
    if not token or "." not in token:
        return None
    session_id, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(session_id)):
        return None
    rows = (
        reader()
        .cursor()
        .sql(
            "select a.login, a.role, a.inst_code, a.display_name, a.is_active, a.is_demo, s.expires_at, s.ended_at"
            " from auth_sessions s join accounts a using (login) where s.session_id = $s",
            params={"s": session_id},
        )
        .fetchall()
    )
    if not rows:
        return None
    *acc, expires_at, ended_at = rows[0]
    account = Account(*acc)
    if ended_at is not None or expires_at <= config.now() or not account.is_active:
        return None
    return account.access


def session_expired(token: str | None) -> bool:
    """Whether a correctly signed token belongs to a session that ran out (to say so on screen)."""
    if not token or "." not in token:
        return False
    session_id, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(session_id)):
        return False
    rows = (
        reader()
        .cursor()
        .sql("select expires_at, ended_at from auth_sessions where session_id = $s", params={"s": session_id})
        .fetchall()
    )
    return bool(rows) and rows[0][1] is None and rows[0][0] <= config.now()


def sign_out(token: str | None) -> None:
    if not token or "." not in token:
        return
    session_id, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(session_id)):
        return
    with db.writer() as c:
        rows = c.sql(
            "select login from auth_sessions where session_id = $s and ended_at is null",
            params={"s": session_id},
        ).fetchall()
        if rows:
            c.sql(
                "update auth_sessions set ended_at = $t, end_reason = 'signed_out' where session_id = $s",
                params={"t": config.now(), "s": session_id},
            )
            _event(c, rows[0][0], "signed_out")


_DEMO_OPERATOR = Access(role="operator", login="demo-generator")
DEMO_PASSWORD = "demo-2019"  # shown on the sign-in page of a demo mart; demo accounts exist only there


def demo_accounts() -> list[tuple[str, str, str | None, str]]:
    """(login, role, inst_code, display name) of the demo accounts: one per role."""
    return [
        ("demo.council", "council", None, "Член совета (демо)"),
        ("demo.coordinator", "coordinator", None, "Координатор, министерство (демо)"),
        ("demo.rkc", "regional_center", None, "РКЦ (демо)"),
        ("demo.poo01", "institution", "POO-01", "Колледж POO-01 (демо)"),
        ("demo.poo02", "institution", "POO-02", "Колледж POO-02 (демо)"),
        ("demo.economy", "economy", None, "Минэкономразвития (демо)"),
    ]


def ensure_demo_accounts(con) -> int:
    """Create the demo accounts (in a mart holding demo data) when missing."""
    made = 0
    shared_hash = None  # the demo password is published on the sign-in page; one hash serves all
    for login, role, inst, name in demo_accounts():
        if _row(con, login) is None:
            shared_hash = shared_hash or _hasher.hash(DEMO_PASSWORD)
            add_user(
                login,
                role,
                DEMO_PASSWORD,
                ctx=_DEMO_OPERATOR,
                inst_code=inst,
                display_name=name,
                is_demo=True,
                con=con,
                password_hash=shared_hash,
            )
            made += 1
    return made


def demo_logins():
    """The demo accounts for the sign-in page (logins and roles only; a mart without demo data has none)."""
    frame = reader().df(
        "select login, role, inst_code, display_name from accounts where is_demo and is_active order by role, login"
    )
    return frame.with_columns(
        frame.get_column("role").replace_strict(ROLE_LABELS, default="").alias("role_label")
    ).select("login", "role_label", "inst_code", "display_name")


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
