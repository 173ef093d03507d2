"""protect, unprotect and passphrase on a full disk and under kills: each is a
transaction over the log and its backups (store/rekeying.py).

A full disk is a real one (tests/small_disk.py: a small tmpfs in a mount
namespace of its own); a disk that fills while the copies are written is
filled by another process once the first copy appears; a file size limit
(RLIMIT_FSIZE) makes one copy fail half-way where no namespace can be made;
kills are SIGKILLs of a real ``kratomtrack`` at moments reached by watching
its files. After each: the log and every backup are all plain or all
encrypted, ``check`` is clean, and every later command works.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kratomtrack.store import cipher, protection, rekeying
from kratomtrack.store.backups import list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import backups_dir, db_path

from cut_off import kill_when
from log_files import fill
from small_disk import run_on_small_disk

PASSPHRASE = "correct horse battery"
NEW_PASSPHRASE = "a brand new phrase"
DAYS = 3650
BACKUP_TIMES = [dt.datetime(2026, 11, d, 8, 0) for d in (17, 18, 19)]
ROOT = Path(__file__).resolve().parents[1]
ENV = {protection.PASSPHRASE_ENV: PASSPHRASE}


@pytest.fixture(scope="module")
def plain_folder(tmp_path_factory) -> Path:
    """A ten-year log with three backups, all plain."""
    folder = tmp_path_factory.mktemp("plain") / "data"
    with LogDatabase.open_folder(folder) as db:
        fill(db, DAYS)
        for moment in BACKUP_TIMES:
            make_backup(db, now=moment)
    assert len(list_backups(folder)) == 3
    return folder


@pytest.fixture(scope="module")
def protected_folder(plain_folder, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("protected") / "data"
    shutil.copytree(plain_folder, folder)
    protection.protect(folder, PASSPHRASE)
    protection.lock(folder)
    return folder


# --- what a folder holds ------------------------------------------------------------------


def forms(folder: Path) -> dict[str, str]:
    """'plain' or 'encrypted' for the log and each backup, by name."""
    files = [db_path(folder), *sorted(backups_dir(folder).glob("kratomtrack-*.db"))]
    return {f.name: "plain" if cipher.has_sqlite_header(f) else "encrypted" for f in files}


def leftovers(folder: Path) -> list[str]:
    """Copies or a journal of a re-keying that nothing has finished or undone yet."""
    names = [p.name for d in (folder, backups_dir(folder)) for p in d.iterdir()]
    return [n for n in names if rekeying.STAGED_SUFFIX in n or n.endswith(".rekeying")]


def one_form(folder: Path) -> str:
    """The one form of every file, with the key file there exactly when encrypted."""
    found = set(forms(folder).values())
    assert len(found) == 1, forms(folder)
    form = found.pop()
    assert cipher.key_file(folder).exists() == (form == "encrypted"), form
    return form


def doses_everywhere(folder: Path) -> list[int]:
    """The doses in the log, then in each backup (unlocking first if encrypted)."""
    if one_form(folder) == "encrypted":
        protection.unlock(folder, PASSPHRASE)
    try:
        with LogDatabase.open_folder(folder, read_only=True) as db:
            counts = [db.dose_count()]
        return counts + [b.doses for b in list_backups(folder, with_counts=True)]
    finally:
        protection.lock(folder)


def kratomtrack(folder: Path, *args, **env) -> subprocess.CompletedProcess:
    run_env = {k: v for k, v in os.environ.items() if k != protection.PASSPHRASE_ENV}
    return subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), *args],
                          env={**run_env, "PYTHONPATH": str(ROOT), **env}, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=300)


def in_words(result: dict | subprocess.CompletedProcess) -> str:
    stderr = result["stderr"] if isinstance(result, dict) else result.stderr
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr
    return stderr


def figures(message: str) -> tuple[float, float]:
    """The room needed and the room free a refusal names, in bytes."""
    found = re.findall(r"([\d.]+) (MB|kB)", message)
    assert len(found) == 2, message
    return tuple(float(n) * (1e6 if unit == "MB" else 1e3) for n, unit in found)


# --- a disk too full to start -------------------------------------------------------------


def test_protect_on_a_full_disk_is_refused_with_the_figures_and_changes_nothing(
        plain_folder, tmp_path):
    before = tmp_path / "refused"
    export = tmp_path / "export.json"
    results, after = run_on_small_disk(tmp_path, plain_folder, [
        {"free": 1_500_000},
        {"run": ["protect"], "env": ENV},
        {"copy_to": str(before)},
        {"run": ["check"]},
        {"run": ["export", "--format", "json", "-o", str(export)]},
        {"run": ["unprotect"]},
        {"run": ["passphrase"], "env": {"KRATOMTRACK_NEW_PASSPHRASE": NEW_PASSPHRASE}},
        {"free": 12_000_000},
        {"run": ["protect"], "env": ENV},
        {"run": ["check"], "env": ENV},
    ])
    refused, check, exported, unprotect, change, protect, check_again = results
    message = in_words(refused)
    assert refused["returncode"] == 2 and "not enough free space" in message, message
    needed, free = figures(message)
    assert needed > free and 1.3e6 <= free <= 1.5e6, message
    assert needed >= sum(f.stat().st_size for f in plain_folder.rglob("*.db"))
    assert "recovery key" not in refused["stdout"].lower()  # no key for a log never protected
    assert set(forms(before).values()) == {"plain"} and not cipher.key_file(before).exists()
    assert not leftovers(before)
    assert check["returncode"] == 0, in_words(check)
    assert exported["returncode"] == 0, in_words(exported)
    assert len(json.loads(export.read_text())["doses"]) == DAYS
    assert unprotect["returncode"] == 2 and "not protected" in in_words(unprotect)
    assert change["returncode"] == 2 and "not protected" in in_words(change)
    # With room, the same command protects everything.
    assert protect["returncode"] == 0, in_words(protect)
    assert "recovery key" in protect["stdout"].lower()
    assert check_again["returncode"] == 0, in_words(check_again)
    assert one_form(after) == "encrypted" and not leftovers(after)
    assert doses_everywhere(after) == [DAYS] * 4


def test_unprotect_and_passphrase_on_a_full_disk_are_refused_in_words(protected_folder, tmp_path):
    before = tmp_path / "refused"
    new = {"KRATOMTRACK_NEW_PASSPHRASE": NEW_PASSPHRASE}
    results, after = run_on_small_disk(tmp_path, protected_folder, [
        {"free": 1_000_000},
        {"run": ["unprotect"], "env": ENV},
        {"free": 20_000},
        {"run": ["passphrase"], "env": {**ENV, **new}},
        {"copy_to": str(before)},
        {"run": ["check"], "env": ENV},
        {"free": 12_000_000},
        {"run": ["passphrase"], "env": {**ENV, **new}},
        {"run": ["unprotect"], "env": {protection.PASSPHRASE_ENV: NEW_PASSPHRASE}},
        {"run": ["check"]},
    ])
    unprotect, change, check, change_again, unprotect_again, check_again = results
    message = in_words(unprotect)
    assert unprotect["returncode"] == 2 and "not enough free space" in message, message
    needed, free = figures(message)
    assert needed > free and "protected, as before" in message
    message = in_words(change)
    assert change["returncode"] == 2 and "not enough free space" in message, message
    assert "passphrase is the same" in message
    assert one_form(before) == "encrypted" and not leftovers(before)
    assert cipher.key_file(before).read_bytes() == cipher.key_file(protected_folder).read_bytes()
    assert check["returncode"] == 0, in_words(check)
    assert change_again["returncode"] == 0, in_words(change_again)
    assert unprotect_again["returncode"] == 0, in_words(unprotect_again)
    assert check_again["returncode"] == 0, in_words(check_again)
    assert one_form(after) == "plain" and not leftovers(after)
    assert doses_everywhere(after) == [DAYS] * 4


# --- a disk that fills while the copies are written -------------------------------------


@pytest.mark.parametrize("command", ["protect", "unprotect"])
def test_a_disk_that_fills_half_way_leaves_every_file_as_it_was(
        command, plain_folder, protected_folder, tmp_path):
    source = plain_folder if command == "protect" else protected_folder
    form = one_form(source)
    cut = tmp_path / "cut"
    results, after = run_on_small_disk(tmp_path, source, [
        {"free": 9_000_000},  # enough for the check before it starts (schema 6 made the log larger)
        {"run": [command], "env": ENV, "fill_when": f"backups/.*{rekeying.STAGED_SUFFIX}"},
        {"copy_to": str(cut)},
        {"free": 300_000},
        {"run": ["check"], "env": ENV},
        {"run": ["export", "--format", "csv", "-o", str(tmp_path / "out.csv")], "env": ENV},
        {"free": 12_000_000},
        {"run": [command], "env": ENV},
    ])
    failed, check, exported, again = results
    message = in_words(failed)
    assert failed["returncode"] == 2 and "became full" in message, message
    assert "Nothing was changed" in message
    assert one_form(cut) == form and not leftovers(cut)
    assert check["returncode"] == 0, in_words(check)
    assert exported["returncode"] == 0, in_words(exported)
    assert again["returncode"] == 0, in_words(again)
    assert one_form(after) != form and not leftovers(after)
    assert doses_everywhere(after) == [DAYS] * 4


def test_a_copy_cut_short_by_a_file_size_limit_undoes_the_others(plain_folder, tmp_path):
    """Without a mount namespace: a backup larger than the log, and a limit between."""
    folder = tmp_path / "data"
    shutil.copytree(plain_folder, folder)
    with LogDatabase.open_folder(folder) as db:
        db.conn.execute("DELETE FROM doses WHERE rowid % 2 = 0")
        db.conn.execute("VACUUM")
    log_size = db_path(folder).stat().st_size
    limit = log_size + 64 * 1024
    assert all(b.path.stat().st_size > limit for b in list_backups(folder))
    env = {k: v for k, v in os.environ.items() if k != protection.PASSPHRASE_ENV}
    failed = subprocess.run(
        [sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "protect"],
        env={**env, **ENV, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=300, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert failed.returncode == 2 and "Nothing was changed" in in_words(failed), failed.stderr
    assert one_form(folder) == "plain" and not leftovers(folder)
    assert kratomtrack(folder, "check").returncode == 0
    done = kratomtrack(folder, "protect", **ENV)
    assert done.returncode == 0, done.stderr
    assert one_form(folder) == "encrypted"


# --- kills -------------------------------------------------------------------------------


def _journal_says(folder: Path, state: str) -> bool:
    try:
        return json.loads(rekeying.journal_path(folder).read_text())["state"] == state
    except (OSError, ValueError, KeyError):
        return False


MOMENTS = {
    "journal written": lambda f: rekeying.journal_path(f).exists(),
    "first backup copied": lambda f: any(backups_dir(f).glob(f".*{rekeying.STAGED_SUFFIX}")),
    "log copied": lambda f: rekeying.staged_path(db_path(f)).exists(),
    "committing": lambda f: _journal_says(f, rekeying.COMMITTING),
    "first file renamed": lambda f: _journal_says(f, rekeying.COMMITTING) and len(
        set(forms(f).values())) > 1,
}
# Before these, the copies take tenths of a second still to write: the kill
# surely lands in the middle of the transaction.
SURELY_CUT = {"journal written", "first backup copied"}


def _kill_at(folder: Path, command: str, moment: str) -> bool:
    return kill_when(folder, command, MOMENTS[moment], ENV)


@pytest.mark.parametrize("command", ["protect", "unprotect"])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_kill_at_each_moment_is_finished_or_undone_by_the_next_command(
        command, moment, plain_folder, protected_folder, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(plain_folder if command == "protect" else protected_folder, folder)
    form = one_form(folder)
    was_running = _kill_at(folder, command, moment)
    if moment in SURELY_CUT:
        assert was_running and leftovers(folder), "the kill came after the end"
    cut_off = bool(leftovers(folder))
    committed = not rekeying.journal_path(folder).exists() or _journal_says(
        folder, rekeying.COMMITTING)

    check = kratomtrack(folder, "check", **ENV)
    assert check.returncode == 0, check.stderr
    stderr = in_words(check)
    assert not leftovers(folder)
    expected = form if not committed else ("encrypted" if command == "protect" else "plain")
    assert one_form(folder) == expected
    if cut_off:  # said, and which
        assert ("was finished now" if committed else "was undone") in stderr, stderr
    assert doses_everywhere(folder) == [DAYS] * 4
    # Every later command works, the same command included.
    exported = kratomtrack(folder, "export", "--format", "json", "-o", str(tmp_path / "o.json"),
                           **ENV)
    assert exported.returncode == 0, exported.stderr
    again = kratomtrack(folder, "unprotect" if expected == "encrypted" else "protect", **ENV)
    assert again.returncode == 0, again.stderr
    assert one_form(folder) != expected and not leftovers(folder)


def test_a_leftover_is_left_alone_while_another_program_owns_the_log(plain_folder, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(plain_folder, folder)
    assert _kill_at(folder, "protect", "first backup copied")
    held = leftovers(folder)
    owner = subprocess.Popen([sys.executable, "-c", (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from kratomtrack.store.log_owner import OwnerLock;"
        "lock = OwnerLock(sys.argv[1], 'window'); assert lock.acquire();"
        "print('held', flush=True); sys.stdin.readline()"), str(folder), str(ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout.readline().strip() == "held"
        assert kratomtrack(folder, "check").returncode == 0  # the plain log reads as it is
        assert leftovers(folder) == held  # perhaps being written right now: not touched
    finally:
        owner.communicate("done\n", timeout=30)
    assert "undone" in kratomtrack(folder, "check").stderr and not leftovers(folder)
