"""The passphrase's key file (store/wrapped_key.py): the key is derived once per
open and every connection reuses it; key files written by earlier versions
still open, and are rewritten in the quicker format."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kratomtrack.core.records import Dose, Form
from kratomtrack.store import cipher, protection, wrapped_key
from kratomtrack.store.backups import list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.integrity import check_whole_log
from kratomtrack.store.location import db_path

from conftest import PASSPHRASE, TODAY

ROOT = Path(__file__).resolve().parents[1]
# Protected by kratomtrack at commit 645ced2 (`kratomtrack protect`, key file
# format 1: PBKDF2-HMAC-SHA512) from tests/fixtures/schema_v5.db, 42 doses.
FORMAT_1 = ROOT / "tests" / "fixtures" / "protected_key_format_1"
FORMAT_1_RECOVERY = "KKPI-MFLK-3FGH-XGYE-4BO6-TKCY-RYHJ-U6FY-XS53-JMTN-LD3V-OLYS-HEJA"
FORMAT_1_DOSES = 42


@pytest.fixture
def derivations(monkeypatch):
    """The key derivation each call of wrapped_key.derive_pad ran, in order."""
    runs: list[str] = []
    derive = wrapped_key.derive_pad

    def counted(passphrase, salt, kdf, *cost):
        runs.append(kdf)
        return derive(passphrase, salt, kdf, *cost)

    monkeypatch.setattr(wrapped_key, "derive_pad", counted)
    return runs


@pytest.fixture
def format_1_log(data_dir):
    shutil.copytree(FORMAT_1, data_dir)
    return data_dir


def _key_record(folder: Path) -> dict:
    return json.loads(cipher.key_file(folder).read_text(encoding="utf-8"))


def test_one_unlock_derives_the_key_once_for_the_log_its_backups_and_checks(locked_log,
                                                                             derivations):
    protection.unlock(locked_log, PASSPHRASE)
    with LogDatabase.open_folder(locked_log) as db:
        db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(9)), 1.0, Form.POWDER, "Red"),
                    today=TODAY)
        make_backup(db)
    assert check_whole_log(db_path(locked_log)).healthy
    for backup in list_backups(locked_log):
        assert check_whole_log(backup.path).healthy
    with LogDatabase.open_folder(locked_log, read_only=True) as db:
        assert db.dose_count() == 11
    assert derivations == [wrapped_key.ARGON2ID]


def test_the_window_start_derives_the_key_once(qtbot, locked_log, derivations):
    from kratomtrack.ui.app.main_window import MainWindow
    from kratomtrack.ui.app.startup import make_todays_backup, open_log_for_window
    from kratomtrack.ui.dialogs.passphrase import PassphraseDialog

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, PassphraseDialog) and w.isVisible())
        dialog.field.setText(PASSPHRASE)
        dialog.try_unlock()

    QTimer.singleShot(0, answer)
    db = open_log_for_window(locked_log)
    assert db is not None
    window = MainWindow(db)
    qtbot.addWidget(window)
    try:
        window.show()
        # Everything the start does after its first paint, each on its own
        # connection: the whole-log check, the day's backup, the chart preload.
        qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
        window.health_watch.wait()
        qtbot.waitUntil(lambda: window.health_watch.health is not None, timeout=5000)
        assert window.health_watch.health.healthy
        make_todays_backup(db, window)
        window.show_page("trends")  # its charts read the log too
        qtbot.waitUntil(lambda: window.chart_preload is not None
                        and not window.chart_preload.is_alive(), timeout=20000)
    finally:
        window.close()
        db.close()
    assert derivations == [wrapped_key.ARGON2ID]


def test_a_command_derives_the_key_once(locked_log, derivations, monkeypatch, tmp_path, capsys):
    from kratomtrack.cli import main

    monkeypatch.setenv(protection.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["--data-dir", str(locked_log), "check"]) == 0
    assert derivations == [wrapped_key.ARGON2ID]
    cipher._keys.clear()
    derivations.clear()
    assert main(["--data-dir", str(locked_log), "backup"]) == 0
    assert derivations == [wrapped_key.ARGON2ID]


def test_a_new_key_file_uses_at_least_owasps_argon2id_settings(locked_log):
    record = _key_record(locked_log)
    # OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 passes, 1 lane.
    assert record["kdf"] == "argon2id"
    assert record["memory_kib"] >= 19 * 1024 and record["passes"] >= 2
    assert PASSPHRASE not in json.dumps(record)


def test_a_log_protected_by_an_earlier_version_opens_and_its_key_file_is_upgraded(format_1_log,
                                                                                 derivations):
    log_bytes = db_path(format_1_log).read_bytes()
    assert _key_record(format_1_log)["kdf"] == "pbkdf2-hmac-sha512"
    protection.unlock(format_1_log, PASSPHRASE)
    # Once the older derivation to open it, once the new one to rewrite the key file.
    assert derivations == [wrapped_key.PBKDF2, wrapped_key.ARGON2ID]
    assert db_path(format_1_log).read_bytes() == log_bytes  # only the key file changed
    upgraded = _key_record(format_1_log)
    assert upgraded["kdf"] == "argon2id" and upgraded["format"] == 2
    with LogDatabase.open_folder(format_1_log) as db:
        assert db.dose_count() == FORMAT_1_DOSES
    protection.lock(format_1_log)
    derivations.clear()
    protection.unlock(format_1_log, PASSPHRASE)  # the next start: the new format only
    assert derivations == [wrapped_key.ARGON2ID]
    protection.lock(format_1_log)
    protection.unlock(format_1_log, FORMAT_1_RECOVERY)  # the recovery key is the same
    assert _dose_count(format_1_log) == FORMAT_1_DOSES


def test_the_recovery_key_opens_an_earlier_versions_log_and_leaves_its_key_file(format_1_log,
                                                                               derivations):
    key_file = cipher.key_file(format_1_log).read_bytes()
    protection.unlock(format_1_log, FORMAT_1_RECOVERY.lower())
    assert derivations == []  # the recovery key is the data key itself
    assert cipher.key_file(format_1_log).read_bytes() == key_file  # no passphrase to rewrap with
    assert _dose_count(format_1_log) == FORMAT_1_DOSES


def test_a_wrong_passphrase_leaves_an_earlier_versions_key_file_as_it_was(format_1_log):
    key_file = cipher.key_file(format_1_log).read_bytes()
    with pytest.raises(protection.WrongPassphraseError, match="does not open this log"):
        protection.unlock(format_1_log, "not the passphrase")
    assert cipher.key_file(format_1_log).read_bytes() == key_file
    assert not protection.is_unlocked(format_1_log)


def test_the_upgrade_does_not_undo_a_passphrase_changed_meanwhile(format_1_log):
    old = wrapped_key.read(format_1_log)
    key = protection._recovery_key(FORMAT_1_RECOVERY)
    wrapped_key.write(format_1_log, key, "changed by another program")
    wrapped_key.write(format_1_log, key, PASSPHRASE, replacing=old)  # the late upgrade
    with pytest.raises(protection.WrongPassphraseError):
        protection.unlock(format_1_log, PASSPHRASE)
    protection.unlock(format_1_log, "changed by another program")
    assert not list(format_1_log.glob(".*partial"))


@pytest.mark.parametrize("change", [
    {"memory_kib": 1 << 40}, {"kdf": "scrypt"}, {"rounds": 10 ** 12, "kdf": "pbkdf2-hmac-sha512"},
    {"wrapped": "00"},
])
def test_a_key_file_with_impossible_settings_is_refused_in_words(locked_log, change):
    record = {**_key_record(locked_log), **change}
    cipher.key_file(locked_log).write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(protection.WrongPassphraseError, match="cannot be read.*recovery key"):
        protection.unlock(locked_log, PASSPHRASE)


def _dose_count(folder: Path) -> int:
    with LogDatabase.open_folder(folder, read_only=True) as db:
        return db.dose_count()
