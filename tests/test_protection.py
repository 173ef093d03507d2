"""Passphrase protection of the log (store/protection.py, store/cipher.py):
what is on disk, wrong passphrases, the recovery key, kills while encrypting."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store import cipher, protection, rekeying
from kratomtrack.store.backups import list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.integrity import check_whole_log
from kratomtrack.store.location import backups_dir, db_path
from kratomtrack.store.restore import restore_backup

from conftest import TODAY
from log_files import fill

PASSPHRASE = "correct horse battery"
PRODUCT = "Maeng Da Secret Blend"
NOTE = "knee worse after the long walk"
ROOT = Path(__file__).resolve().parents[1]


def _log_with_private_rows(folder: Path) -> None:
    with LogDatabase.open_folder(folder) as db:
        fill(db, 30)
        db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(9)), 1.5, Form.POWDER, PRODUCT,
                         note=NOTE), today=TODAY)
        make_backup(db)


def _secret_free(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(cipher.SQLITE_HEADER), path
    for text in (PRODUCT, NOTE, "kratom", "SQLite format"):
        assert text.encode() not in raw, (text, path)
        assert text.encode("utf-16-le") not in raw, (text, path)


def _dose_count(folder: Path) -> int:
    with LogDatabase.open_folder(folder, read_only=True) as db:
        return db.dose_count()


def test_protected_log_wal_and_backups_hold_no_header_and_no_private_text(data_dir):
    _log_with_private_rows(data_dir)
    recovery = protection.protect(data_dir, PASSPHRASE)
    assert len(recovery.replace("-", "")) == 52
    with LogDatabase.open_folder(data_dir) as db:
        # A write while protected: it sits in the -wal until the checkpoint.
        db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(10)), 1.0, Form.POWDER,
                         PRODUCT + " 2", note=NOTE + " again"), today=TODAY)
        wal = Path(f"{db.path}-wal")
        assert wal.stat().st_size > 0
        _secret_free(wal)
        make_backup(db)
    _secret_free(db_path(data_dir))
    backups = list_backups(data_dir)
    assert len(backups) == 2
    for info in backups:
        _secret_free(info.path)
    key_file = cipher.key_file(data_dir).read_bytes()
    assert PASSPHRASE.encode() not in key_file
    assert recovery.replace("-", "").encode() not in key_file
    assert _dose_count(data_dir) == 32
    assert check_whole_log(db_path(data_dir)).healthy
    assert all(b.problem == "" and b.doses in (31, 32) for b in list_backups(data_dir, with_counts=True))


def test_a_protected_log_cannot_be_opened_without_its_passphrase(data_dir):
    _log_with_private_rows(data_dir)
    protection.protect(data_dir, PASSPHRASE)
    protection.lock(data_dir)
    before = db_path(data_dir).read_bytes()
    with pytest.raises(protection.LogLockedError, match="protected with a passphrase"):
        LogDatabase.open_folder(data_dir)
    with pytest.raises(protection.WrongPassphraseError, match="does not open this log"):
        protection.unlock(data_dir, "not the passphrase")
    assert not protection.is_unlocked(data_dir)
    assert db_path(data_dir).read_bytes() == before
    protection.unlock(data_dir, PASSPHRASE)
    assert _dose_count(data_dir) == 31


def test_the_recovery_key_opens_the_log_even_without_the_key_file(data_dir):
    _log_with_private_rows(data_dir)
    recovery = protection.protect(data_dir, PASSPHRASE)
    protection.lock(data_dir)
    protection.unlock(data_dir, recovery.lower().replace("-", " "))
    assert _dose_count(data_dir) == 31
    protection.lock(data_dir)
    cipher.key_file(data_dir).unlink()
    with pytest.raises(protection.WrongPassphraseError, match="only the recovery key"):
        protection.unlock(data_dir, PASSPHRASE)
    wrong = protection.recovery_text(bytes(32))
    with pytest.raises(protection.WrongPassphraseError):
        protection.unlock(data_dir, wrong)
    protection.unlock(data_dir, recovery)
    assert _dose_count(data_dir) == 31


def test_changing_the_passphrase_keeps_the_log_and_its_backups_readable(data_dir):
    _log_with_private_rows(data_dir)
    recovery = protection.protect(data_dir, PASSPHRASE)
    protection.change_passphrase(data_dir, "a brand new one")
    protection.lock(data_dir)
    with pytest.raises(protection.WrongPassphraseError):
        protection.unlock(data_dir, PASSPHRASE)
    protection.unlock(data_dir, "a brand new one")
    assert all(not b.problem for b in list_backups(data_dir, with_counts=True))
    protection.lock(data_dir)
    protection.unlock(data_dir, recovery)
    with pytest.raises(protection.ProtectionError, match="at least 8"):
        protection.change_passphrase(data_dir, "short")


def test_unprotect_makes_the_log_and_backups_plain_with_every_row(data_dir):
    _log_with_private_rows(data_dir)
    protection.protect(data_dir, PASSPHRASE)
    protection.unprotect(data_dir)
    assert not cipher.key_file(data_dir).exists()
    for path in [db_path(data_dir), *(b.path for b in list_backups(data_dir))]:
        assert path.read_bytes().startswith(cipher.SQLITE_HEADER)
    cipher._keys.clear()
    assert _dose_count(data_dir) == 31


def test_restore_of_an_encrypted_and_of_a_plain_backup_into_a_protected_log(data_dir, tmp_path):
    _log_with_private_rows(data_dir)
    plain_copy = tmp_path / "plain-copy.db"
    shutil.copy(list_backups(data_dir)[0].path, plain_copy)
    protection.protect(data_dir, PASSPHRASE)
    with LogDatabase.open_folder(data_dir) as db:
        db.delete_dose(db.all_doses()[0].id)
    result = restore_backup(data_dir, list_backups(data_dir)[-1].path)
    assert result.restored.doses == 31
    assert _dose_count(data_dir) == 31
    restore_backup(data_dir, plain_copy)
    assert _dose_count(data_dir) == 31
    _secret_free(db_path(data_dir))
    for info in list_backups(data_dir):
        _secret_free(info.path)


_HOLD_OPEN = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from kratomtrack.store.database import LogDatabase
db = LogDatabase.open_folder(Path(sys.argv[1]))
db.conn.execute("BEGIN")
db.conn.execute("SELECT count(*) FROM doses").fetchone()
print("open", flush=True)
sys.stdin.readline()
"""


def test_protect_refuses_while_another_program_has_the_log_open(data_dir):
    _log_with_private_rows(data_dir)
    before = db_path(data_dir).read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_OPEN, str(data_dir), str(ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(protection.ProtectionError, match="Another kratomtrack program"):
            protection.protect(data_dir, PASSPHRASE)
    finally:
        holder.communicate("bye\n", timeout=30)
    assert db_path(data_dir).read_bytes()[:16] == before[:16] == cipher.SQLITE_HEADER
    assert _dose_count(data_dir) == 31


_PROTECT_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from kratomtrack.store import cipher, protection
cipher.dbapi()
print("ready", flush=True)
sys.stdin.readline()
protection.protect(Path(sys.argv[1]), sys.argv[3])
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def ten_year_log(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ten-years") / "data"
    with LogDatabase.open_folder(folder) as db:
        fill(db, 3650)
        make_backup(db)
    return folder


def _run_protect(folder: Path, kill_after: float | None) -> float:
    """Run protect in a child; kill it ``kill_after`` seconds after it starts, or
    let it finish (None). Returns how long it ran."""
    child = subprocess.Popen([sys.executable, "-c", _PROTECT_CHILD, str(folder), str(ROOT),
                              PASSPHRASE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    child.stdin.write("go\n")
    child.stdin.flush()
    if kill_after is None:
        assert child.communicate(timeout=60)[0].strip() == "done"
        return time.perf_counter() - started
    try:
        child.wait(timeout=kill_after)  # the kill moment; a child that ended before it is not killed
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return kill_after


def test_a_kill_at_any_moment_of_protect_leaves_a_whole_log(ten_year_log, tmp_path):
    whole = tmp_path / "whole"
    shutil.copytree(ten_year_log, whole)
    took = _run_protect(whole, None)
    outcomes = set()
    for n, fraction in enumerate((0.0, 0.1, 0.3, 0.5, 0.7, 0.9, None)):
        folder = tmp_path / f"kill{n}"
        shutil.copytree(ten_year_log, folder)
        _run_protect(folder, None if fraction is None else took * fraction)
        cipher._keys.clear()
        rekeying.finish_interrupted(folder)  # as the next command or start does
        log = db_path(folder)
        forms = {cipher.has_sqlite_header(p) for p in [log, *backups_dir(folder).glob("*.db")]}
        assert len(forms) == 1, fraction  # the log and every backup: all plain or all encrypted
        if log.read_bytes().startswith(cipher.SQLITE_HEADER):
            outcomes.add("plain")
        else:
            outcomes.add("encrypted")
            assert cipher.key_file(folder).exists()
            protection.unlock(folder, PASSPHRASE)
        assert not Path(f"{log}-wal").exists() or Path(f"{log}-wal").stat().st_size == 0
        assert _dose_count(folder) == 3650, fraction
        assert check_whole_log(log).healthy
    assert "plain" in outcomes and "encrypted" in outcomes


def test_cli_protect_unlock_wrong_passphrase_and_unprotect(tmp_path):
    folder = tmp_path / "data"
    _log_with_private_rows(folder)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    def cli(*args, passphrase=None, **extra):
        run_env = {**env, **extra}
        run_env.pop(protection.PASSPHRASE_ENV, None)
        if passphrase:
            run_env[protection.PASSPHRASE_ENV] = passphrase
        return subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder),
                               *args], env=run_env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=60)

    done = cli("protect", passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "recovery key" in done.stdout and "plain files" in done.stdout
    _secret_free(db_path(folder))
    wrong = cli("export", "--format", "json", "-o", str(tmp_path / "out.json"), passphrase="nope nope")
    assert wrong.returncode == 2
    assert "does not open this log" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "out.json").exists()
    missing = cli("check")
    assert missing.returncode == 2 and protection.PASSPHRASE_ENV in missing.stderr
    exported = cli("export", "--format", "json", "-o", str(tmp_path / "out.json"), passphrase=PASSPHRASE)
    assert exported.returncode == 0, exported.stderr
    assert NOTE in (tmp_path / "out.json").read_text()
    assert cli("check", passphrase=PASSPHRASE).returncode == 0
    assert cli("backup", passphrase=PASSPHRASE).returncode == 0
    imported = cli("import", str(tmp_path / "out.json"), passphrase=PASSPHRASE)
    assert imported.returncode == 0, imported.stderr
    changed = cli("passphrase", passphrase=PASSPHRASE, KRATOMTRACK_NEW_PASSPHRASE="another one!")
    assert changed.returncode == 0, changed.stderr
    assert cli("check", passphrase=PASSPHRASE).returncode == 2
    off = cli("unprotect", passphrase="another one!")
    assert off.returncode == 0, off.stderr
    assert db_path(folder).read_bytes().startswith(cipher.SQLITE_HEADER)
    assert all(b.path.read_bytes().startswith(cipher.SQLITE_HEADER) for b in list_backups(folder))
    assert cli("check").returncode == 0


def test_a_protected_log_of_an_older_schema_is_migrated_and_stays_encrypted(data_dir):
    from kratomtrack.store.schema import SCHEMA_VERSION

    # A log protected by a version of kratomtrack with schema 1, opened by this one.
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "schema_v1.db", db_path(data_dir))
    with cipher.dbapi().connect(str(db_path(data_dir))) as plain:
        doses_before = plain.execute("SELECT count(*) FROM doses").fetchone()[0]
    protection.protect(data_dir, PASSPHRASE)
    protection.lock(data_dir)
    protection.unlock(data_dir, PASSPHRASE)
    with LogDatabase.open_folder(data_dir) as db:  # migrates, backing up first
        version = db.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION and db.dose_count() == doses_before > 0
    assert not cipher.has_sqlite_header(db_path(data_dir))
    backups = list_backups(data_dir)
    assert backups and all(not cipher.has_sqlite_header(b.path) for b in backups)
