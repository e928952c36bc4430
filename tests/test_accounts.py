"""Accounts, passwords, sessions, back-off and the CLI's users command (the accounts store)."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest

from mart.access import accounts, authstore
from mart.access.rules import OPERATOR, Access, AccessDenied
from mart.intake import ingest
from mart.platform import build, config, db, models


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
        models.refresh_tables(con, models.Changes.of_batch("institutions", 1))  # as an upload would
    return mart_env


def _store_rows(table: str) -> list[dict]:
    con = sqlite3.connect(config.accounts_path())
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f"select * from {table}")]
    finally:
        con.close()


def _mart_stamp(path):
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def test_password_is_hashed_never_stored_in_clear(mart):
    accounts.add_user("anna", "coordinator", "s3cret-pass", ctx=OPERATOR)
    rows = _store_rows("accounts")
    assert rows[0]["password_hash"].startswith("$argon2id$")
    assert all("s3cret-pass" not in str(v) for row in rows for v in row.values())
    events = _store_rows("events")
    assert all("s3cret-pass" not in str(v) for row in events for v in row.values())


def test_the_mart_holds_no_accounts(mart):
    """Analysts open the mart: no password hashes, sessions or sign-in records are in it."""
    accounts.add_user("anna", "coordinator", "s3cret-pass", ctx=OPERATOR)
    accounts.sign_in("anna", "s3cret-pass")
    tables = db.Reader().df("select table_name from information_schema.tables").get_column("table_name")
    assert not {"accounts", "auth_sessions", "auth_events"} & set(tables)
    assert config.accounts_path().parent != config.db_path()  # its own file beside the mart
    journal = sqlite3.connect(config.accounts_path()).execute("pragma journal_mode").fetchone()[0]
    assert journal == "wal"


def test_sign_in_resume_and_sign_out(mart):
    accounts.add_user("poo01", "institution", "college-pass", ctx=OPERATOR, inst_code="POO-01")
    ctx, token = accounts.sign_in("POO01 ", "college-pass")
    assert ctx == Access(role="institution", login="poo01", inst_code="POO-01")
    assert accounts.resume(token) == ctx  # a page reload resumes from the cookie
    assert accounts.resume(token[:-1] + ("0" if token[-1] != "0" else "1")) is None  # forged signature
    accounts.sign_out(token)
    assert accounts.resume(token) is None


def test_sessions_are_stored_by_hash(mart):
    accounts.add_user("council1", "council", "council-pass", ctx=OPERATOR)
    _, token = accounts.sign_in("council1", "council-pass")
    session_id = token.rsplit(".", 1)[0]
    stored = [r["session_hash"] for r in _store_rows("sessions")]
    assert session_id not in stored and authstore.session_hash(session_id) in stored


def test_session_expires(mart, monkeypatch):
    accounts.add_user("council1", "council", "council-pass", ctx=OPERATOR)
    _, token = accounts.sign_in("council1", "council-pass")
    later = config.now() + dt.timedelta(hours=accounts.SESSION_HOURS, minutes=1)
    monkeypatch.setattr(config, "now", lambda: later)
    assert accounts.resume(token) is None
    assert accounts.session_expired(token)


def test_password_change_ends_the_accounts_sessions(mart):
    accounts.add_user("anna", "coordinator", "first-pass-1", ctx=OPERATOR)
    accounts.add_user("boris", "council", "boris-pass-1", ctx=OPERATOR)
    _, office = accounts.sign_in("anna", "first-pass-1")
    _, laptop = accounts.sign_in("anna", "first-pass-1")
    _, other = accounts.sign_in("boris", "boris-pass-1")
    assert accounts.set_password("anna", "second-pass-2", ctx=OPERATOR) == 2
    assert accounts.resume(office) is None and accounts.resume(laptop) is None
    assert not accounts.session_expired(office)  # ended, not run out: no «сеанс истёк»
    assert accounts.resume(other) is not None  # another account's session is untouched
    with pytest.raises(accounts.AuthError):
        accounts.sign_in("anna", "first-pass-1")
    _, fresh = accounts.sign_in("anna", "second-pass-2")
    assert accounts.resume(fresh) is not None
    reasons = {r["end_reason"] for r in _store_rows("sessions") if r["login"] == "anna" and r["ended_at"]}
    assert reasons == {"password_changed"}


def test_lock_out_after_repeated_failures(mart):
    accounts.add_user("rkc", "regional_center", "rkc-password", ctx=OPERATOR)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError, match="Неверный логин или пароль"):
            accounts.sign_in("rkc", "wrong")
    with pytest.raises(accounts.AuthError, match="Слишком много неудачных попыток"):
        accounts.sign_in("rkc", "rkc-password")  # even the right password waits out the pause
    events = accounts.events("rkc").get_column("event")
    assert events.to_list() == ["created"] + ["failed"] * accounts.MAX_FAILURES + ["locked_out"]


def test_the_pause_doubles_and_ends(mart, monkeypatch):
    accounts.add_user("rkc", "regional_center", "rkc-password", ctx=OPERATOR)
    clock = [config.now()]
    monkeypatch.setattr(config, "now", lambda: clock[0])
    attacker = accounts.Client(address="203.0.113.9")
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError):
            accounts.sign_in("rkc", "wrong", attacker)
    pauses = []
    for _ in range(5):
        with pytest.raises(accounts.AuthError, match="Слишком много"):
            accounts.sign_in("rkc", "wrong", attacker)  # refused without counting
        row = next(r for r in _store_rows("throttles") if r["key"] == "client:203.0.113.9")
        until = dt.datetime.fromisoformat(row["blocked_until"])
        pauses.append(round((until - clock[0]).total_seconds() / 60))
        clock[0] = until + dt.timedelta(seconds=1)
        with pytest.raises(accounts.AuthError, match="Следующая попытка"):
            accounts.sign_in("rkc", "wrong", attacker)
    assert pauses == [1, 2, 4, 8, 15]
    clock[0] += dt.timedelta(minutes=accounts.LOCK_MINUTES)
    ctx, _ = accounts.sign_in("rkc", "rkc-password", attacker)  # the pause ends; a success forgives
    assert ctx.login == "rkc"
    assert not [r for r in _store_rows("throttles") if r["key"] in ("client:203.0.113.9", "account:rkc")]


def test_an_anonymous_client_cannot_lock_out_a_real_user(mart):
    """Fifty wrong passwords for the coordinator from a stranger: her own browser still signs her in."""
    accounts.add_user("anna", "coordinator", "anna-pass-1", ctx=OPERATOR)
    office = accounts.Client(address="10.0.0.5")
    ctx, token = accounts.sign_in("anna", "anna-pass-1", office)
    device = accounts.device_token(ctx.login)  # the cookie her browser keeps after signing in
    accounts.sign_out(token)

    stranger = accounts.Client(address="203.0.113.9")
    for _ in range(50):
        with pytest.raises(accounts.AuthError):
            accounts.sign_in("anna", "guess-1234", stranger)
    refusals = accounts.events("anna").filter(accounts.pl.col("client") == "203.0.113.9")
    assert refusals.get_column("event").value_counts().sort("event").rows() == [
        ("failed", accounts.MAX_FAILURES),
        ("locked_out", 50 - accounts.MAX_FAILURES),
    ]  # the stranger is paused after five: no more guesses are even checked

    returning = accounts.Client(address="10.0.0.5", device=device)
    ctx, _ = accounts.sign_in("anna", "anna-pass-1", returning)
    assert ctx.role == "coordinator"
    # from the same office address and her device, even a typo or two does not pause her
    with pytest.raises(accounts.AuthError, match="Неверный логин или пароль"):
        accounts.sign_in("anna", "typo", returning)
    assert accounts.sign_in("anna", "anna-pass-1", returning)[0].login == "anna"
    # a device token is bound to its account: it does not lift the pause for another login
    with pytest.raises(accounts.AuthError, match="Слишком много"):
        accounts.sign_in("anna", "anna-pass-1", accounts.Client(address="203.0.113.9", device="x.y"))


def test_the_stranger_is_paused_whatever_login_he_tries(mart):
    for i in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError, match="Неверный"):
            accounts.sign_in(f"nobody{i}", "guess-1234", accounts.Client(address="203.0.113.9"))
    with pytest.raises(accounts.AuthError, match="Слишком много"):
        accounts.sign_in("someone-else", "guess-1234", accounts.Client(address="203.0.113.9"))
    accounts.add_user("boris", "council", "boris-pass-1", ctx=OPERATOR)
    assert accounts.sign_in("boris", "boris-pass-1", accounts.Client(address="10.0.0.7"))[0].login == "boris"


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


def test_cli_account_commands_leave_the_mart_file_untouched(mart):
    env = {"MART_DB": str(mart), "MART_TODAY": "2026-11-26", "PATH": "/usr/bin:/bin"}
    before = _mart_stamp(mart)
    leftovers = set(os.listdir(mart.parent))
    for args, stdin in (
        (["add", "poo01", "--role", "institution", "--inst", "POO-01"], "college-pass\n"),
        (["passwd", "poo01"], "college-pass-2\n"),
        (["disable", "poo01"], None),
        (["enable", "poo01"], None),
        (["list"], None),
    ):
        res = subprocess.run(
            [sys.executable, "-m", "mart", "users", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=config.REPO_ROOT,
        )
        assert res.returncode == 0, (args, res.stderr)
        assert _mart_stamp(mart) == before, args  # same inode, modification time and size
    assert set(os.listdir(mart.parent)) == leftovers  # and no work copy was made beside it


def test_sign_in_never_waits_for_a_mart_writer(mart):
    """An upload holds the mart's writer lock (here: another process holds it): sign-ins go on."""
    accounts.add_user("anna", "coordinator", "anna-pass-1", ctx=OPERATOR)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire();"
            " print('held', flush=True); sys.stdin.read()",
            str(mart.with_name(mart.name + ".lock")),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = _mart_stamp(mart)
        ctx, token = accounts.sign_in("anna", "anna-pass-1")  # a writer would wait 120 s and fail here
        assert accounts.resume(token) == ctx
        with pytest.raises(accounts.AuthError):
            accounts.sign_in("anna", "wrong-password")
        accounts.sign_out(token)
        assert _mart_stamp(mart) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_no_demo_mart_has_no_accounts(mart):
    assert accounts.demo_logins().height == 0
    assert accounts.list_users(OPERATOR).height == 0


def test_accounts_of_an_older_mart_move_to_the_store(mart):
    """A mart built before the store had its accounts inside; the next build moves them and drops them."""
    with db.writer() as con:
        con.sql(
            "create table accounts (login varchar primary key, role varchar not null, inst_code varchar,"
            " display_name varchar, password_hash varchar not null, is_active boolean not null default true,"
            " is_demo boolean not null default false, created_by varchar not null, created_at timestamp not null,"
            " updated_at timestamp)"
        )
        con.sql(
            "create table auth_sessions (session_id varchar primary key, login varchar not null,"
            " created_at timestamp not null, expires_at timestamp not null, ended_at timestamp, end_reason varchar)"
        )
        con.sql(
            "create table auth_events (event_id bigint primary key, login varchar not null, event varchar not null,"
            " event_at timestamp not null, detail varchar)"
        )
        con.sql(
            "insert into accounts values ('olga', 'council', null, 'Ольга', $h, true, false, 'op', now(), null)",
            params={"h": accounts._hasher.hash("olga-pass-1")},
        )
        con.sql("insert into auth_events values (1, 'olga', 'created', now(), null)")
        con.sql("insert into auth_events values (2, 'olga', 'signed_in', now(), null)")
        con.sql("delete from schema_migrations where version = 20")
    # the old code kept the signing secret in a file; a store made now adopts it
    secret = bytes(range(32))
    (mart.parent / ".session-secret").write_bytes(secret)
    session_id = "old-session-id"
    with db.writer() as con:
        con.sql(
            "insert into auth_sessions values ($s, 'olga', now(), now() + interval 8 hour, null, null)",
            params={"s": session_id},
        )
    config.accounts_path().unlink()
    authstore._ready.discard(config.accounts_path())
    for suffix in ("-wal", "-shm"):
        config.accounts_path().with_name(config.accounts_path().name + suffix).unlink(missing_ok=True)

    build.build(demo=False)
    assert accounts.get("olga").role == "council"
    assert accounts.sign_in("olga", "olga-pass-1")[0].login == "olga"
    import hashlib
    import hmac

    old_token = f"{session_id}.{hmac.new(secret, session_id.encode(), hashlib.sha256).hexdigest()[:32]}"
    assert accounts.resume(old_token) == Access(role="council", login="olga")  # open sessions go on
    assert accounts.events("olga").get_column("event").to_list()[:2] == ["created", "signed_in"]
    tables = set(db.Reader().df("select table_name from information_schema.tables").get_column("table_name"))
    assert not {"accounts", "auth_sessions", "auth_events"} & tables
    build.build(demo=False)  # a second build copies nothing twice
    assert accounts.events("olga").get_column("event").to_list().count("created") == 1


def test_demo_accounts_cannot_create_accounts_or_revoke_batches(built_mart):
    demo_coordinator, _ = accounts.sign_in("demo.coordinator", accounts.DEMO_PASSWORD)
    assert demo_coordinator.role == "coordinator" and demo_coordinator.demo
    with pytest.raises(AccessDenied, match="Демонстрационная"):
        accounts.add_user("intruder", "coordinator", "long-enough-1", ctx=demo_coordinator)
    with pytest.raises(AccessDenied, match="Демонстрационная"):
        accounts.set_password("demo.council", "long-enough-1", ctx=demo_coordinator)
    with pytest.raises(AccessDenied, match="Демонстрационная"):
        accounts.list_users(demo_coordinator)
    batch = db.Reader().df("select min(batch_id) from upload_batches where status = 'accepted'").item()
    with pytest.raises(AccessDenied, match="Демонстрационная"):
        ingest.revoke(demo_coordinator, batch)
    status = db.Reader().df("select status from upload_batches where batch_id = $b", {"b": batch}).item()
    assert status == "accepted"
    assert accounts.get("intruder") is None


def test_real_accounts_retire_the_demo_accounts(built_mart):
    assert accounts.demo_logins().height == len(accounts.demo_accounts())
    _, demo_token = accounts.sign_in("demo.council", accounts.DEMO_PASSWORD)
    accounts.add_user("anna", "coordinator", "anna-pass-1", ctx=OPERATOR)
    assert accounts.resume(demo_token) is None  # the open demo session ends
    with pytest.raises(accounts.AuthError, match="Неверный логин или пароль"):
        accounts.sign_in("demo.council", accounts.DEMO_PASSWORD)
    assert accounts.demo_logins().height == 0  # the sign-in page stops offering them
    with pytest.raises(ValueError, match="нельзя включить"):
        accounts.set_active("demo.council", True, ctx=OPERATOR)
    users = accounts.list_users(OPERATOR)
    assert not users.filter(users["is_demo"] & users["is_active"]).height
    build.build(demo=True)  # a later build of the showcase does not bring them back
    assert accounts.demo_logins().height == 0


def test_demo_accounts_follow_the_roles(built_mart):
    roles = {role for _, role, _, _ in accounts.demo_accounts()}
    assert roles == set(accounts.ROLES)
    made = {r["role"] for r in accounts.list_users(OPERATOR).iter_rows(named=True) if r["is_demo"]}
    assert made == set(accounts.ROLES)


def test_the_coordinator_lifts_a_pause_for_a_new_computer(mart):
    accounts.add_user("anna", "coordinator", "anna-pass-1", ctx=OPERATOR)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.AuthError):
            accounts.sign_in("anna", "guess-1234", accounts.Client(address="203.0.113.9"))
    new_laptop = accounts.Client(address="10.0.0.8")
    with pytest.raises(accounts.AuthError, match="Слишком много"):
        accounts.sign_in("anna", "anna-pass-1", new_laptop)
    with pytest.raises(AccessDenied):
        accounts.lift_pause("anna", ctx=Access(role="council", login="c"))
    assert accounts.lift_pause("anna", ctx=OPERATOR) == 1
    assert accounts.sign_in("anna", "anna-pass-1", new_laptop)[0].login == "anna"
    with pytest.raises(accounts.AuthError, match="Слишком много"):  # the stranger's own pause stays
        accounts.sign_in("anna", "anna-pass-1", accounts.Client(address="203.0.113.9"))
