"""Accounts, passwords, sign-in sessions and the back-off that keeps guessing slow.

Everything here lives in the accounts store (``mart.access.authstore``, SQLite beside the mart), never in
the mart: a sign-in neither copies nor opens the mart for writing and never waits for an upload.

* Passwords are hashed with argon2id (salted, by argon2-cffi) and never stored or logged in clear.
* A sign-in creates a session and a token ``<session_id>.<signature>`` signed with the store's
  secret; the browser keeps it in a cookie, so a reload resumes the session until it expires, the
  user signs out, the account is disabled or its password is changed.
* Failed attempts slow down the one who fails, not the account's owner. A browser the account has
  signed in from before holds a device token (a second cookie) and is throttled only by its own
  failures. Any other client is throttled by its address and, together with every other unknown
  client, per account: after ``MAX_FAILURES`` failures, a pause of 1 minute that doubles with each
  further failure up to ``LOCK_MINUTES``. So an anonymous client can pause guessing at an account,
  but cannot keep its owner out of a browser they have used.
* A login that does not exist costs the same time as a wrong password: a dummy hash is verified.
* Demo accounts stop working as soon as the store holds a real account, and may never manage
  accounts or revoke batches (``Access.demo``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import sqlite3
from dataclasses import dataclass

import polars as pl
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mart.access import authstore
from mart.access import rules as access_rules
from mart.access.authstore import parse_ts, ts
from mart.access.rules import ROLE_LABELS, Access, require
from mart.platform import config

# every role a person can hold (the public and the local operator are not accounts)
ROLES = tuple(r for r in access_rules.ROLES if r not in ("public", "operator"))
SESSION_HOURS = 8
DEVICE_DAYS = 180
MAX_FAILURES = 5  # failures before the first pause
FIRST_PAUSE_MINUTES = 1  # doubles with each further failure ...
LOCK_MINUTES = 15  # ... up to this
FORGET_MINUTES = 60  # failures older than this (since the last one) are forgotten
MIN_PASSWORD = 8
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
_hasher = PasswordHasher()
_dummy_hash: str | None = None


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
        return Access(role=self.role, login=self.login, inst_code=self.inst_code, demo=self.is_demo)


@dataclass(frozen=True)
class Client:
    """Who is knocking: the address the server saw and the browser's device token (both may be None)."""

    address: str | None = None
    device: str | None = None

    @property
    def label(self) -> str:
        return self.address or "unknown"


def _sign(kind: str, value: str) -> str:
    return hmac.new(authstore.secret(), f"{kind}|{value}".encode(), hashlib.sha256).hexdigest()[:32]


def _sign_session(session_id: str) -> str:
    # as before the store (HMAC of the bare id), so that sessions moved from the mart keep working
    return hmac.new(authstore.secret(), session_id.encode(), hashlib.sha256).hexdigest()[:32]


def _session_id(token: str | None) -> str | None:
    """The session id of a correctly signed token, else None."""
    if not token or not isinstance(token, str) or "." not in token:
        return None
    session_id, signature = token.rsplit(".", 1)
    return session_id if hmac.compare_digest(signature, _sign_session(session_id)) else None


def device_token(login: str) -> str:
    """A token for the browser an account has just signed in from: later it is a known device."""
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign('device', f'{login}|{nonce}')}"


def _device_id(token: str | None, login: str) -> str | None:
    if not token or not isinstance(token, str) or "." not in token:
        return None
    nonce, signature = token.rsplit(".", 1)
    return nonce if hmac.compare_digest(signature, _sign("device", f"{login}|{nonce}")) else None


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Пароль должен быть не короче {MIN_PASSWORD} символов.")
    if password.strip() != password or not password.strip():
        raise ValueError("Пароль не должен начинаться или заканчиваться пробелом.")


def _account(con: sqlite3.Connection, login: str) -> Account | None:
    row = con.execute(
        "select login, role, inst_code, display_name, is_active, is_demo from accounts where login = ?",
        (login,),
    ).fetchone()
    if row is None:
        return None
    return Account(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]))


def _has_real_accounts(con: sqlite3.Connection) -> bool:
    return con.execute("select exists (select 1 from accounts where not is_demo)").fetchone()[0] == 1


def has_real_accounts() -> bool:
    with authstore.connect() as con:
        return _has_real_accounts(con)


def get(login: str) -> Account | None:
    with authstore.connect() as con:
        return _account(con, login)


def access_for(login: str) -> Access:
    """The CLI's ``--user LOGIN``: act as that account (whoever runs the CLI holds the files anyway)."""
    acc = get(login)
    if acc is None:
        raise LookupError(f"no account {login!r}")
    if not acc.is_active:
        raise LookupError(f"account {login!r} is disabled")
    return acc.access


def _end_sessions(con: sqlite3.Connection, login: str, reason: str) -> int:
    return con.execute(
        "update sessions set ended_at = ?, end_reason = ? where login = ? and ended_at is null",
        (ts(config.now()), reason, login),
    ).rowcount


def _retire_demo(con: sqlite3.Connection, by: str) -> int:
    """A store with a real account keeps no demo account active (their password is public)."""
    logins = [r[0] for r in con.execute("select login from accounts where is_demo and is_active")]
    for login in logins:
        con.execute(
            "update accounts set is_active = 0, updated_at = ? where login = ?", (ts(config.now()), login)
        )
        _end_sessions(con, login, "demo_retired")
        authstore.event(con, login, "disabled", f"demo account retired: real accounts exist (by {by})")
    return len(logins)


def _known_institution(inst_code: str) -> bool:
    from mart.platform import db
    from mart.read.queries import reader

    try:
        frame = reader().df("select 1 from institutions where inst_code = $i", {"i": inst_code})
    except db.MartMissing as exc:
        raise ValueError(f"Справочник организаций недоступен: {exc}") from None
    return frame.height > 0


def add_user(
    login: str,
    role: str,
    password: str,
    *,
    ctx: Access,
    inst_code: str | None = None,
    display_name: str | None = None,
    is_demo: bool = False,
    password_hash: str | None = None,
    institutions: set[str] | None = None,
) -> Account:
    """Create an account. ``institutions`` are the known institution codes (default: the mart's, read-only)."""
    require(ctx, "manage")
    if not _LOGIN.match(login):
        raise ValueError("Логин: латинские строчные буквы, цифры, точка, дефис, подчёркивание; 2–63 символа.")
    if role not in ROLES:
        raise ValueError(f"Роль должна быть одной из: {', '.join(ROLES)}.")
    if (role == "institution") != bool(inst_code):
        raise ValueError("Код организации (--inst) указывается для роли institution, и только для неё.")
    validate_password(password)
    if inst_code and not (
        inst_code in institutions if institutions is not None else _known_institution(inst_code)
    ):
        raise ValueError(f"Организации с кодом «{inst_code}» нет в справочнике.")
    hashed = password_hash or _hasher.hash(password)
    now = ts(config.now())
    with authstore.transaction() as con:
        if _account(con, login):
            raise ValueError(f"Учётная запись «{login}» уже существует.")
        con.execute(
            "insert into accounts (login, role, inst_code, display_name, password_hash, is_active, is_demo,"
            " created_by, created_at, password_changed_at) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
            (login, role, inst_code, display_name, hashed, int(is_demo), ctx.who, now, now),
        )
        authstore.event(con, login, "created", f"role={role}" + (f" inst={inst_code}" if inst_code else ""))
        if not is_demo:
            _retire_demo(con, ctx.who)
        return _account(con, login)


def set_password(login: str, password: str, *, ctx: Access) -> int:
    """Change a password; every open session of the account ends. Returns the sessions ended."""
    require(ctx, "manage")
    validate_password(password)
    hashed = _hasher.hash(password)
    with authstore.transaction() as con:
        if not _account(con, login):
            raise LookupError(f"Учётной записи «{login}» нет.")
        now = ts(config.now())
        con.execute(
            "update accounts set password_hash = ?, updated_at = ?, password_changed_at = ? where login = ?",
            (hashed, now, now, login),
        )
        ended = _end_sessions(con, login, "password_changed")
        authstore.event(con, login, "password_changed", f"by {ctx.who}; sessions ended: {ended}")
        return ended


def set_active(login: str, active: bool, *, ctx: Access) -> None:
    require(ctx, "manage")
    with authstore.transaction() as con:
        acc = _account(con, login)
        if not acc:
            raise LookupError(f"Учётной записи «{login}» нет.")
        if active and acc.is_demo and _has_real_accounts(con):
            raise ValueError(
                "Демонстрационную учётную запись нельзя включить: в системе есть настоящие учётные записи."
            )
        con.execute(
            "update accounts set is_active = ?, updated_at = ? where login = ?",
            (int(active), ts(config.now()), login),
        )
        if not active:
            _end_sessions(con, login, "disabled")
        authstore.event(con, login, "enabled" if active else "disabled", f"by {ctx.who}")


def lift_pause(login: str, *, ctx: Access) -> int:
    """End the pause of an account for unknown browsers (its owner on a new computer during an attack)."""
    require(ctx, "manage")
    with authstore.transaction() as con:
        if not _account(con, login):
            raise LookupError(f"Учётной записи «{login}» нет.")
        lifted = con.execute("delete from throttles where key = ?", (f"account:{login}",)).rowcount
        authstore.event(con, login, "pause_lifted", f"by {ctx.who}")
        return lifted


def list_users(ctx: Access) -> pl.DataFrame:
    require(ctx, "manage")
    with authstore.connect() as con:
        rows = con.execute(
            "select login, role, inst_code, display_name, is_active, is_demo, created_by, created_at,"
            " (select max(event_at) from events e where e.login = a.login and e.event = 'signed_in') as last_sign_in"
            " from accounts a order by role, login"
        ).fetchall()
    schema = {
        "login": pl.String,
        "role": pl.String,
        "inst_code": pl.String,
        "display_name": pl.String,
        "is_active": pl.Boolean,
        "is_demo": pl.Boolean,
        "created_by": pl.String,
        "created_at": pl.Datetime("us"),
        "last_sign_in": pl.Datetime("us"),
    }
    data = [
        (r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], parse_ts(r[7]), parse_ts(r[8])) for r in rows
    ]
    return pl.DataFrame(data, schema=schema, orient="row")


# --- throttling -----------------------------------------------------------------------------------


def _throttle_keys(login: str, client: Client) -> list[str]:
    device = _device_id(client.device, login)
    if device:
        return [f"device:{device}"]
    return [f"client:{client.label}", f"account:{login}"]


def _pause(failures: int) -> dt.timedelta:
    steps = failures - MAX_FAILURES
    return dt.timedelta(minutes=min(LOCK_MINUTES, FIRST_PAUSE_MINUTES * 2**steps))


def _blocked_until(con: sqlite3.Connection, keys: list[str], now: dt.datetime) -> dt.datetime | None:
    marks = ",".join("?" * len(keys))
    rows = con.execute(f"select blocked_until from throttles where key in ({marks})", keys).fetchall()
    until = [parse_ts(r[0]) for r in rows if r[0] is not None and parse_ts(r[0]) > now]
    return max(until) if until else None


def _count_failure(
    con: sqlite3.Connection, keys: list[str], now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """Record a failure under each key; the most failures among them and the pause it starts (if any)."""
    worst, until = 0, None
    for key in keys:
        row = con.execute("select failures, last_failure_at from throttles where key = ?", (key,)).fetchone()
        fresh = row is None or now - parse_ts(row[1]) > dt.timedelta(minutes=FORGET_MINUTES)
        failures = 1 if fresh else row[0] + 1
        blocked = now + _pause(failures) if failures >= MAX_FAILURES else None
        con.execute(
            "insert or replace into throttles (key, failures, last_failure_at, blocked_until) values (?, ?, ?, ?)",
            (key, failures, ts(now), ts(blocked)),
        )
        worst = max(worst, failures)
        if blocked and (until is None or blocked > until):
            until = blocked
    return worst, until


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_urlsafe(16))
    return _dummy_hash


def _verify(stored: str | None, password: str) -> bool:
    """Check a password against a hash; with no hash, against a dummy one, so it takes the same time."""
    try:
        return _hasher.verify(stored or _dummy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def sign_in(login: str, password: str, client: Client | None = None) -> tuple[Access, str]:
    """Check the password; return the access and a session token for the cookie.

    Every attempt is recorded in the accounts store before AuthError is raised. A client in a pause
    is refused before any password is checked.
    """
    client = client or Client()
    login = login.strip().lower()
    _dummy()  # made once per process, before any timing-sensitive work
    now = config.now()
    keys = _throttle_keys(login, client)
    with authstore.connect() as con:
        until = _blocked_until(con, keys, now)
        if until:
            authstore.event(con, login, "locked_out", None, client.label)
            raise AuthError(
                f"Слишком много неудачных попыток входа. Попробуйте снова после {until:%H:%M:%S}."
            )
        row = con.execute(
            "select password_hash, is_active, is_demo from accounts where login = ?", (login,)
        ).fetchone()
        usable = row is not None and row[1] and not (row[2] and _has_real_accounts(con))
    ok = _verify(row[0] if usable else None, password)  # the same work whether the login exists or not
    with authstore.transaction() as con:
        if not ok:
            authstore.event(con, login, "failed", None, client.label)
            failures, paused = _count_failure(con, keys, now)
            refusal = "Неверный логин или пароль."
            if paused:
                refusal += f" Следующая попытка — после {paused:%H:%M:%S}."
            elif failures >= 2:
                refusal += f" Осталось попыток до паузы: {MAX_FAILURES - failures}."
        else:
            session_id = secrets.token_urlsafe(24)
            con.execute(
                "insert into sessions (session_hash, login, created_at, expires_at, client) values (?, ?, ?, ?, ?)",
                (
                    authstore.session_hash(session_id),
                    login,
                    ts(now),
                    ts(now + dt.timedelta(hours=SESSION_HOURS)),
                    client.label,
                ),
            )
            con.execute(
                f"delete from throttles where key in ({','.join('?' * len(keys))})", keys
            )  # a success forgives this client's and this account's earlier failures
            authstore.event(con, login, "signed_in", None, client.label)
            acc = _account(con, login)
    if not ok:
        raise AuthError(refusal)
    return acc.access, f"{session_id}.{_sign_session(session_id)}"


def resume(token: str | None) -> Access | None:
    """The access of a still valid session token (from the cookie), or None."""
    session_id = _session_id(token)
    if session_id is None:
        return None
    with authstore.connect() as con:
        row = con.execute(
            "select a.login, a.role, a.inst_code, a.display_name, a.is_active, a.is_demo, s.expires_at, s.ended_at"
            " from sessions s join accounts a using (login) where s.session_hash = ?",
            (authstore.session_hash(session_id),),
        ).fetchone()
        if row is None:
            return None
        account = Account(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]))
        if account.is_demo and _has_real_accounts(con):
            return None
    if row[7] is not None or parse_ts(row[6]) <= config.now() or not account.is_active:
        return None
    return account.access


def session_expired(token: str | None) -> bool:
    """Whether a correctly signed token belongs to a session that ran out (to say so on screen)."""
    session_id = _session_id(token)
    if session_id is None:
        return False
    with authstore.connect() as con:
        row = con.execute(
            "select expires_at, ended_at from sessions where session_hash = ?",
            (authstore.session_hash(session_id),),
        ).fetchone()
    return row is not None and row[1] is None and parse_ts(row[0]) <= config.now()


def sign_out(token: str | None) -> None:
    session_id = _session_id(token)
    if session_id is None:
        return
    with authstore.transaction() as con:
        row = con.execute(
            "select login from sessions where session_hash = ? and ended_at is null",
            (authstore.session_hash(session_id),),
        ).fetchone()
        if row:
            con.execute(
                "update sessions set ended_at = ?, end_reason = 'signed_out' where session_hash = ?",
                (ts(config.now()), authstore.session_hash(session_id)),
            )
            authstore.event(con, row[0], "signed_out")


def events(login: str | None = None) -> pl.DataFrame:
    """Sign-in events, oldest first (``login``'s only when given): login, event, event_at, detail, client."""
    with authstore.connect() as con:
        rows = con.execute(
            "select login, event, event_at, detail, client from events"
            + (" where login = ?" if login else "")
            + " order by event_id",
            (login,) if login else (),
        ).fetchall()
    return pl.DataFrame(
        [(r[0], r[1], parse_ts(r[2]), r[3], r[4]) for r in rows],
        schema={
            "login": pl.String,
            "event": pl.String,
            "event_at": pl.Datetime("us"),
            "detail": pl.String,
            "client": pl.String,
        },
        orient="row",
    )


# --- demo accounts -------------------------------------------------------------------------------

_DEMO_OPERATOR = Access(role="operator", login="demo-generator")
DEMO_PASSWORD = "demo-2019"  # shown on the sign-in page of a demo mart; demo accounts exist only there
# logins that differ from «demo.<role>»; a role not named here gets one demo account by that rule
_DEMO_LOGINS = {
    "regional_center": [("demo.rkc", None)],
    "institution": [("demo.poo01", "POO-01"), ("demo.poo02", "POO-02")],
}


def demo_accounts() -> list[tuple[str, str, str | None, str]]:
    """(login, role, inst_code, display name) of the demo accounts: at least one per role."""
    out = []
    for role in ROLES:
        for login, inst in _DEMO_LOGINS.get(role, [(f"demo.{role.replace('_', '-')}", None)]):
            out.append((login, role, inst, "Демонстрационная учётная запись"))
    return out


def ensure_demo_accounts(mart_con) -> int:
    """Create the missing demo accounts of a mart holding demo data; none once a real account exists.

    ``mart_con`` is the build's connection (the institutions the demo accounts belong to).
    """
    if has_real_accounts():
        with authstore.transaction() as con:
            _retire_demo(con, "build")
        return 0
    institutions = {r[0] for r in mart_con.sql("select inst_code from institutions").fetchall()}
    made = 0
    shared_hash = None  # the demo password is published on the sign-in page; one hash serves all
    for login, role, inst, name in demo_accounts():
        if get(login) is None:
            shared_hash = shared_hash or _hasher.hash(DEMO_PASSWORD)
            add_user(
                login,
                role,
                DEMO_PASSWORD,
                ctx=_DEMO_OPERATOR,
                inst_code=inst,
                display_name=name,
                is_demo=True,
                password_hash=shared_hash,
                institutions=institutions,
            )
            made += 1
    return made


def demo_logins() -> pl.DataFrame:
    """The demo accounts for the sign-in page (only while they work: no real account exists yet)."""
    with authstore.connect() as con:
        rows = (
            []
            if _has_real_accounts(con)
            else con.execute(
                "select login, role, inst_code, display_name from accounts where is_demo and is_active"
                " order by role, login"
            ).fetchall()
        )
    return pl.DataFrame(
        [(r[0], role_label(r[1]), r[2], r[3]) for r in rows],
        schema={
            "login": pl.String,
            "role_label": pl.String,
            "inst_code": pl.String,
            "display_name": pl.String,
        },
        orient="row",
    )


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
