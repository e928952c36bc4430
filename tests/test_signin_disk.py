"""Sign-in works when the mart's folder has no room for a copy of the mart, or is read-only.

Sign-ins used to be writes of the mart (copy, change, publish): with less free disk than one mart
nobody could sign in. Each case runs a real sign-in in a child process under a real constraint, and
checks, as a control, that a write of the mart does fail there.
"""

import json
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from mart.platform import config

CHILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from mart.platform import config, db
from mart.access import accounts

def stamp():
    st = os.stat(config.db_path())
    return [st.st_ino, st.st_mtime_ns, st.st_size]

before = stamp()
ctx, token = accounts.sign_in("demo.council", "demo-2019")
resumed = accounts.resume(token) == ctx
try:
    accounts.sign_in("demo.council", "wrong-password")
    refused = False
except accounts.AuthError:
    refused = True
accounts.sign_out(token)
ended = accounts.resume(token) is None
try:
    with db.writer(timeout=3) as con:
        con.sql("select 1")
    writer = "published"
except Exception as exc:
    writer = f"{type(exc).__name__}: {exc}"
print(json.dumps({"login": ctx.login, "resumed": resumed, "refused": refused, "ended": ended,
                  "mart_unchanged": stamp() == before, "writer": writer}))
"""


def _check(result: subprocess.CompletedProcess, writer_error: str) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["login"] == "demo.council"
    assert out["resumed"] and out["refused"] and out["ended"]
    assert out["mart_unchanged"]
    # the control: the mart itself cannot be written there, and the writer says so in Russian
    assert writer_error in out["writer"], out["writer"]


def _env(mart, **extra):
    return {**os.environ, "MART_DB": str(mart), "MART_TODAY": "2026-11-26", **extra}


def _can_mount() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


def _folder_size(path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def test_sign_in_when_a_process_may_not_write_a_file_as_large_as_the_mart(built_mart, tmp_path):
    """Portable: RLIMIT_FSIZE stops this process writing any file past 1 MiB (the mart is ~12 MB)."""
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    limit = 1024 * 1024
    assert built_mart.stat().st_size > 4 * limit

    def limit_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, str(child), str(config.REPO_ROOT)],
        capture_output=True,
        text=True,
        env=_env(built_mart),
        preexec_fn=limit_files,
        timeout=300,
    )
    _check(result, "StorageError: Нет места на диске в папке данных")  # EFBIG, said as a full disk


@pytest.mark.skipif(
    not _can_mount(), reason="needs user namespaces (unshare) to mount a small or read-only folder"
)
def test_sign_in_with_the_mart_folder_full(built_mart, tmp_path):
    """The mart's folder is a filesystem with less free space than one mart."""
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    full = tmp_path / "full"
    full.mkdir()
    data = built_mart.parent
    kib = (built_mart.stat().st_size + _folder_size(data / "accounts")) // 1024 + 768  # ~0.7 MB left
    script = (
        f"mount -t tmpfs -o size={kib}k tmpfs {full} && cp {built_mart} {full}/ && cp -r {data / 'accounts'} {full}/"
        f" && df -k {full} >&2 && exec {sys.executable} {child} {config.REPO_ROOT}"
    )
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=_env(full / built_mart.name),
        timeout=300,
    )
    free_kib = int(result.stderr.strip().splitlines()[-1].split()[3]) if result.returncode == 0 else 0
    assert 0 < free_kib * 1024 < built_mart.stat().st_size
    _check(result, "StorageError: Нет места на диске в папке данных")


@pytest.mark.skipif(
    not _can_mount(), reason="needs user namespaces (unshare) to mount a small or read-only folder"
)
def test_sign_in_with_the_mart_folder_read_only(built_mart, tmp_path):
    """The mart's folder is mounted read-only; the accounts store lives where MART_ACCOUNTS says."""
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    data = built_mart.parent
    store = tmp_path / "store"
    shutil.copytree(data / "accounts", store)
    script = (
        f"mount --bind {data} {data} && mount -o remount,bind,ro {data}"
        f" && exec {sys.executable} {child} {config.REPO_ROOT}"
    )
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=_env(built_mart, MART_ACCOUNTS=str(store / "accounts.sqlite")),
        timeout=300,
    )
    _check(result, "StorageError: Папка данных")  # «… недоступна для записи (только для чтения …)»
