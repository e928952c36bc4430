"""Accounts, passwords, sessions, lock-out and the CLI's users command."""

import datetime as dt
import subprocess
import sys

import pytest

from mart import accounts, build, config, db
from mart.access import OPERATOR, Access, AccessDenied


@pytest.fixture
def mart(mart_env):
    build.build(demo=False)
    with db.writer() as con:  # one institution for institution accounts
        con.sql(
            "insert into upload_batches (batch_id, dataset, file_name, mode, uploaded_by, uploaded_at, channel, status)"
            " values (1, 'institutions', 'i.csv', 'upsert', 't', now(), 'cli', 'accepted')"
        )
        con.sql(
            "insert into raw.institutions (batch_id, row_no, op, inst_code, short_name, full_name, kind, municipality)"
            " values (1, 2, 'upsert', 'POO-01', 'К1', 'Колледж 1', 'ПОО', 'г. Благовещенск')"
        )
    return mart_env


def test_password_is_hashed_never_stored_in_clear(mart):
    accounts.add_user("anna", "coordinator", "s3cret-pass", ctx=OPERATOR)
    rows = db.Reader().df("select * from accounts").to_dicts()
    assert rows[0]["password_hash"].startswith("$argon2id$")
    assert all("s3cret-pass" not in str(v) for row in rows for v in row.values())
    events = db.Reader().df("select * from auth_events").to_dicts()
    assert all("s3cret-pass" not in str(v) for row in events for v in row.values())


def test_sign_in_resume_and_sign_out(mart):
    accounts.add_user("poo01", "institution", "college-pass", ctx=OPERATOR, inst_code="POO-01")
    ctx, token = accounts.sign_in("POO01 ", "college-pass")
    assert ctx == Access(role="institution", login="poo01", inst_code="POO-01")
    assert accounts.resume(token) == ctx  # a page reload resumes from the cookie
    assert accounts.resume(token[:-1] + ("0" if token[-1] != "0" else "1")) is None  # forged signature
    accounts.sign_out(token)
    assert accounts.resume(token) is None


def test_session_expires(mart, monkeypatch):
    accounts.add_user("council1", "council", "council-pass", ctx=OPERATOR)
    _, token = accounts.sign_in("council1", "council-pass")
    later = config.now() + dt.timedelta(hours=accounts.SESSION_HOURS, minutes=1)
    monkeypatch.setattr(config, "now", lambda: later)
    assert accounts.resume(token) is None
    assert accounts.session_expired(token)


def test_lock_out_after_repeated_failures(mart):
    accounts.add_user("rkc", "regional_center", "rkc-password", ctx=OPERATOR)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError, match="Неверный логин или пароль"):
            accounts.sign_in("rkc", "wrong")
    with pytest.raises(accounts.AuthError, match="Слишком много неудачных попыток"):
        accounts.sign_in("rkc", "rkc-password")  # even the right password waits out the lock
    events = (
        db.Reader()
        .df("select event from auth_events where login = 'rkc' order by event_id")
        .get_column("event")
    )
    assert events.to_list() == ["created"] + ["failed"] * accounts.MAX_FAILURES + ["locked_out"]


def test_unknown_and_disabled_accounts_get_the_same_answer(mart):
    accounts.add_user("gone", "council", "council-pass", ctx=OPERATOR)
    accounts.set_active("gone", False, ctx=OPERATOR)
    for login in ("gone", "nobody"):
        with pytest.raises(accounts.AuthError, match=r"^Неверный логин или пароль"):
            accounts.sign_in(login, "council-pass")


def test_rules_for_new_accounts(mart):
    with pytest.raises(ValueError, match="не короче"):
        accounts.add_user("x1", "council", "short", ctx=OPERATOR)
    with pytest.raises(ValueError, match="для роли institution"):
        accounts.add_user("x2", "institution", "long-enough", ctx=OPERATOR)
    with pytest.raises(ValueError, match="нет в справочнике"):
        accounts.add_user("x3", "institution", "long-enough", ctx=OPERATOR, inst_code="POO-99")
    with pytest.raises(AccessDenied):
        accounts.add_user("x4", "council", "long-enough", ctx=Access(role="council", login="c"))


def test_cli_users_reads_password_from_stdin(mart):
    env = {"MART_DB": str(mart), "MART_TODAY": "2026-11-26", "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "mart", "users"]
    res = subprocess.run(
        [*run, "add", "coord", "--role", "coordinator"],
        input="pass-from-stdin\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=config.REPO_ROOT,
    )
    assert res.returncode == 0, res.stderr
    assert "pass-from-stdin" not in res.stdout + res.stderr
    ctx, _ = accounts.sign_in("coord", "pass-from-stdin")
    assert ctx.role == "coordinator"
    res = subprocess.run(
        [*run, "passwd", "coord"],
        input="another-pass\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=config.REPO_ROOT,
    )
    assert res.returncode == 0, res.stderr
    accounts.sign_in("coord", "another-pass")
    res = subprocess.run(
        [*run, "disable", "coord"], capture_output=True, text=True, env=env, cwd=config.REPO_ROOT
    )
    assert res.returncode == 0
    listing = subprocess.run([*run, "list"], capture_output=True, text=True, env=env, cwd=config.REPO_ROOT)
    assert "coord" in listing.stdout and "false" in listing.stdout
    res = subprocess.run(
        [*run, "add", "bad login!", "--role", "council"],
        input="whatever-123\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=config.REPO_ROOT,
    )
    assert res.returncode == 1


def test_no_demo_mart_has_no_accounts(mart):
    assert accounts.demo_logins().height == 0
    assert accounts.list_users(OPERATOR).height == 0
