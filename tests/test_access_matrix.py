"""The access table of the issue, role by role and page by page, through the app's own navigation."""

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from mart.access.rules import Access
from mart.platform import config, db

ROLES = {
    "public": Access(),
    "council": Access(role="council", login="t.council"),
    "coordinator": Access(role="coordinator", login="t.coordinator"),
    "regional_center": Access(role="regional_center", login="t.rkc"),
    "institution": Access(role="institution", login="t.poo01", inst_code="POO-01"),
    "economy": Access(role="economy", login="t.economy"),
}
# page -> roles that may open it (the others: the public is asked to sign in, the rest refused)
OPENS = {
    "overview.py": set(ROLES),
    "roadmap.py": set(ROLES),
    "employment.py": set(ROLES),
    "staffing.py": set(ROLES),
    "demo-exams.py": set(ROLES),
    "championships.py": set(ROLES),
    "kpi.py": set(ROLES) - {"public"},
    "experts.py": set(ROLES) - {"public"},
    "upload.py": {"coordinator", "regional_center", "institution", "economy"},
    "collections.py": {"council", "coordinator", "economy"},
    "accounts.py": {"coordinator"},
}


@pytest.mark.parametrize("page", list(OPENS))
def test_who_opens_which_page(built_mart, page):
    for role, ctx in ROLES.items():
        at = AppTest.from_file(str(config.REPO_ROOT / "app.py"), default_timeout=90)
        if role != "public":
            at.session_state["access"] = ctx
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (page, role, [e.message for e in at.exception])
        titles = [t.value for t in at.title]
        refused = [e.value for e in at.error if "недоступна для роли" in e.value]
        if role in OPENS[page]:
            assert not refused and titles and titles[0] != "Вход", (page, role, titles)
            assert any(ctx.audience in c.value for c in at.caption), (page, role)  # whose data this is
        elif role == "public":
            assert titles[:1] == ["Вход"], (page, titles)
        else:
            assert refused, (page, role, titles)


def test_person_level_rows_follow_the_table(built_mart):
    from mart.access.rules import AccessDenied
    from mart.read import employment, exams

    year = 2025
    for rows in (employment.graduate_rows, exams.exam_rows):
        own = rows(ROLES["institution"], year=year, inst_code="POO-01")
        assert own.height > 0 and set(own.get_column("inst_code")) == {"POO-01"}
        for role in ("public", "council", "regional_center", "economy"):
            with pytest.raises(AccessDenied):
                rows(ROLES[role], year=year, inst_code="POO-01")
        with pytest.raises(AccessDenied):
            rows(ROLES["institution"], year=year, inst_code="POO-02")


def test_cli_user_acts_as_the_account(built_mart, tmp_path):
    """`load --user` applies the account's rules: a college's other-college rows are each named."""
    lines = [
        "inst_code;graduation_year;specialty_code;graduate_id;status;by_specialty;retained_4m;status_date"
    ]
    lines += [f"POO-02;2026;15.01.05;X{i};Трудоустроен;да;да;01.11.2026" for i in range(1, 4)]
    lines += ["POO-01;2026;15.01.05;X9;Трудоустроен;да;да;01.11.2026"]
    path = tmp_path / "mixed.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1251"))
    before = db.Reader().df("select count(*) as n from raw.graduates").item()
    env = {"MART_DB": str(built_mart), "MART_TODAY": "2026-11-26", "PATH": "/usr/bin:/bin"}
    res = subprocess.run(
        [sys.executable, "-m", "mart", "load", "graduates", str(path), "--user", "demo.poo01"],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.REPO_ROOT,
    )
    assert res.returncode == 1
    for row in (2, 3, 4):
        assert f"строка {row}, столбец «inst_code»: значение «POO-02»" in res.stderr
    assert "строка 5" not in res.stderr
    assert db.Reader().df("select count(*) as n from raw.graduates").item() == before
    batch = db.Reader().df(
        "select uploaded_by, status, error_count from upload_batches order by batch_id desc limit 1"
    )
    assert batch.row(0) == ("demo.poo01", "rejected", 3)


def test_economy_sees_what_the_council_sees_and_uploads_demand():
    """The ministry of economic development (ГОИВ): every capability of a council member, plus its uploads."""
    from mart.access.rules import GRANTS

    economy, council = ROLES["economy"], ROLES["council"]
    for capability in GRANTS:
        if council.allows(capability):
            assert economy.allows(capability), capability
    assert economy.allows("upload") and economy.allows("upload_history")
    assert economy.allows("employer_answers")
    assert not economy.allows("person_rows") and not economy.allows("manage")
    assert not economy.allows("edit_forecast")
    assert economy.can_upload("employers") and economy.can_upload("employer_needs")
    for dataset in ("graduates", "demo_exams", "admissions", "experts", "institutions"):
        assert not economy.can_upload(dataset), dataset
    assert not ROLES["institution"].can_upload("employer_needs")
    assert not ROLES["regional_center"].can_upload("employers")
    assert ROLES["coordinator"].can_upload("employers") and ROLES["coordinator"].can_upload("employer_needs")


def test_economy_demo_account_and_cli_role(built_mart):
    from mart.access import accounts

    logins = dict((login, role) for login, role, _, _ in accounts.demo_accounts())
    assert logins["demo.economy"] == "economy"
    ctx = accounts.access_for("demo.economy")
    assert ctx is not None and ctx.role == "economy"
