"""`kratomtrack check` reads everything: every table and setting through the
app's own parsers, the header and the -wal; each damage the attack found
(issue 26) exits 3 with the finding in words, and the commands that only
read still read the rest, say what they skipped and exit 3, never with a
traceback. Real files, real `python -m kratomtrack` processes."""

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.store import plans, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.integrity import check_whole_log

from conftest import TODAY
from log_files import damage_inside_a_record, fill, write_bad_values
from real_command import kratomtrack

LOG = "kratomtrack.db"


def checkpointed(folder: Path) -> Path:
    """The folder's log with every change in the file itself (no -wal), as after a clean exit."""
    conn = sqlite3.connect(folder / LOG)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return folder / LOG


def change_bytes(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes of the closed file wherever they are (a record and its index), as damage would."""
    raw = path.read_bytes()
    assert raw.count(old) >= 1 and len(old) == len(new)
    path.write_bytes(raw.replace(old, new))


def flip_bit(path: Path, offset: int, bit: int = 0) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 1 << bit
    path.write_bytes(bytes(raw))


@pytest.fixture
def log(data_dir):
    """A healthy log of 20 days with settings, a plan and a PEG; the folder, its log closed."""
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 20)
        preferences.save_warning_settings(db, WarningSettings(recent_days=9))
        preferences.set_patient(db, "Ann Example", dt.date(1970, 5, 1), today=TODAY)
        plans.set_plan(db, Plan((PlanStep(TODAY - dt.timedelta(days=10), 6000, 3),
                                 PlanStep(TODAY - dt.timedelta(days=3), 4000, 2))))
        db.add_dose(Dose(dt.datetime(2026, 11, 2, 7, 15), 1.5, Form.POWDER, "Kapuas Red"), today=TODAY)
    checkpointed(data_dir)
    assert check_whole_log(data_dir / LOG).healthy
    return data_dir


def check(folder: Path) -> tuple[int, str]:
    result = kratomtrack(folder, "check")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def assert_read_around_damage(result, *, what: str) -> None:
    """A read-only command on a damaged log: exit 3, said on stderr, no traceback."""
    assert result.returncode == 3, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "your log is damaged" in result.stderr
    assert what in result.stderr


# --- each damage the attack found, as check says it ------------------------------------------


def test_a_changed_byte_in_a_setting_is_found_in_words(log):
    change_bytes(log / LOG, b'"recent_days": 9', b'"recent_days": 9'.replace(b"9", b"\x19"))
    status, out = check(log)
    assert status == 3 and "setting 'warning.settings': its value is not valid JSON" in out


def test_a_setting_whose_name_lost_a_byte_is_found(log):
    change_bytes(log / LOG, b"summary.name", b"summary.nime")
    status, out = check(log)
    assert status == 3 and "one character away from 'summary.name'" in out


def test_a_threshold_renamed_inside_the_warning_settings_is_found(log):
    change_bytes(log / LOG, b'"recent_days"', b'"recent_dbys"')
    status, out = check(log)
    assert status == 3 and "'recent_dbys', which is not a warning threshold" in out


def test_a_changed_byte_in_a_plan_is_found_and_plan_show_reads_the_rest(log):
    change_bytes(log / LOG, b'"leaf_mg": 4000', b'"leaf_mg": 4\x0000')
    status, out = check(log)
    assert status == 3 and "plan " in out and "its steps" in out
    shown = kratomtrack(log, "plan", "show", "--json", "--today", TODAY)
    assert_read_around_damage(shown, what="plan ")
    data = json.loads(shown.stdout)
    assert data["plans"] == [] and data["damaged_log"]["unreadable_records"] == 1


@pytest.mark.parametrize("offset,bit,words", [
    (63, 1, "header's schema version is 4, but its tables are those of version 6"),  # 6 -> 4
    (71, 0, "header's application id is 0x4b524155")])
def test_a_flipped_header_byte_is_found(log, offset, bit, words):
    flip_bit(log / LOG, offset, bit)
    status, out = check(log)
    assert status == 3 and words in out


def test_a_changed_byte_in_sqlite_s_own_first_bytes_is_named(log, tmp_path):
    flip_bit(log / LOG, 3)
    status, out = check(log)
    assert status == 3 and "its first bytes, SQLite's \"SQLite format 3\", have a changed byte" in out
    exported = kratomtrack(log, "export", "--format", "json", "-o", tmp_path / "x.json")
    assert exported.returncode == 2 and "Traceback" not in exported.stderr


def test_a_header_that_says_a_newer_version_is_named_and_the_commands_refuse_it(log):
    flip_bit(log / LOG, 63, 3)  # schema version 6 -> 14
    status, out = check(log)
    assert status == 3 and "schema version is 14, beyond the 6 this kratomtrack knows" in out
    assert "cannot be read by this kratomtrack" in out
    exported = kratomtrack(log, "export", "--format", "json", "-o", log.parent / "x.json")
    assert exported.returncode == 2 and "newer version" in exported.stderr
    assert "Traceback" not in exported.stderr


def test_a_peg_with_a_bad_date_is_found_and_the_commands_read_the_rest(log, tmp_path):
    write_bad_values(log / LOG, "INSERT INTO peg (day, pain_average, enjoyment, activity) VALUES ('2026-11-3x', 5, 5, 5)")
    status, out = check(log)
    assert status == 3 and "the PEG of '2026-11-3x'" in out
    exported = kratomtrack(log, "export", "--format", "json", "-o", tmp_path / "x.json")
    assert_read_around_damage(exported, what="1 record(s) that cannot be read were skipped")
    data = json.loads((tmp_path / "x.json").read_text())
    assert len(data["doses"]) == 21 and data["peg"] == []
    assert data["damaged_log"]["findings"][0].startswith("the PEG of '2026-11-3x'")
    for command in (("warning", "--json", "--today", TODAY), ("patterns", "--today", TODAY),
                    ("plan", "show", "--today", TODAY)):
        assert_read_around_damage(kratomtrack(log, *command), what="the PEG of")


def test_a_product_name_changed_into_a_control_character_is_found(log):
    change_bytes(log / LOG, b"Kapuas Red", b"Kapuas\x07Red")
    status, out = check(log)
    assert status == 3
    assert "its product 'Kapuas\\x07Red' contains control characters" in out
    warned = kratomtrack(log, "warning", "--json", "--today", TODAY)
    assert_read_around_damage(warned, what="control characters")
    assert json.loads(warned.stdout)["damaged_log"]["unreadable_records"] == 1


def test_a_dose_time_no_longer_written_as_the_app_writes_it_is_found(log):
    write_bad_values(log / LOG, "UPDATE doses SET taken_at = taken_at || ' ' WHERE id = 1")
    status, out = check(log)
    assert status == 3 and "is not written as kratomtrack writes it" in out


def test_bytes_that_are_not_text_are_named_and_every_output_is_still_written(log, tmp_path):
    change_bytes(log / LOG, b"2026-11-20", b"2\xb026-11-20")  # TODAY's dose, check-in and ratings
    status, out = check(log)
    assert status == 3 and "'2\\udcb026-11-20'" in out
    exported = kratomtrack(log, "export", "--format", "json", "-o", tmp_path / "x.json")
    assert_read_around_damage(exported, what="record(s) that cannot be read were skipped")
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert len(data["doses"]) == 20 and "\\udcb0" in data["damaged_log"]["findings"][0]


def test_an_empty_log_file_is_found_and_export_writes_what_there_is(log, tmp_path):
    (log / LOG).write_bytes(b"")
    status, out = check(log)
    assert status == 3 and "the file is empty (0 bytes)" in out
    exported = kratomtrack(log, "export", "--format", "csv", "-o", tmp_path / "out")
    assert_read_around_damage(exported, what="the file is empty")
    assert (tmp_path / "out" / "doses.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == []
    assert (log / LOG).read_bytes() == b""


def test_a_log_cut_short_is_found(log):
    raw = (log / LOG).read_bytes()
    (log / LOG).write_bytes(raw[: len(raw) // 2 + 100])
    status, out = check(log)
    assert status == 3 and "not a whole number of 4096-byte pages" in out


def test_an_old_setting_this_version_does_not_know_is_not_damage(log):
    write_bad_values(log / LOG, """INSERT INTO settings (key, value) VALUES ('units', '{"grams": true}')""")
    assert check(log)[0] == 0


# --- the -wal ---------------------------------------------------------------------------------


def saved_in_the_wal(folder: Path, copy_to: Path, changes: int = 4) -> Path:
    """A copy of the log whose last ``changes`` saved changes are still only in its -wal
    (as while a window is open), made by copying the files while a connection holds them."""
    conn = sqlite3.connect(folder / LOG, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(changes):
        conn.execute("INSERT INTO doses (taken_at, day, milligrams, form) VALUES (?, ?, 2000, 'powder')",
                     (f"2026-11-1{i}T21:00", f"2026-11-1{i}"))
    copy_to.mkdir()
    for suffix in ("", "-wal"):
        (copy_to / f"{LOG}{suffix}").write_bytes((folder / f"{LOG}{suffix}").read_bytes())
    conn.close()
    return copy_to / LOG


def test_the_changes_saved_in_a_healthy_wal_are_read(log, tmp_path):
    copy = saved_in_the_wal(log, tmp_path / "copy")
    assert Path(f"{copy}-wal").stat().st_size > 4096
    assert check(copy.parent)[0] == 0


def test_a_tampered_wal_that_hides_saved_changes_is_found(log, tmp_path):
    copy = saved_in_the_wal(log, tmp_path / "copy")
    wal = Path(f"{copy}-wal")
    flip_bit(wal, 32 + 24 + 2000)  # inside the first frame's page: SQLite would drop it and all after
    status, out = check(copy.parent)
    assert status == 3 and "its -wal file is damaged at frame 1" in out
    assert "saved change(s) after it are left out of the log" in out
    exported = kratomtrack(copy.parent, "export", "--format", "json", "-o", tmp_path / "x.json")
    assert_read_around_damage(exported, what="-wal")


def test_a_foreign_wal_is_found(log, tmp_path):
    copy = saved_in_the_wal(log, tmp_path / "copy")
    Path(f"{copy}-wal").write_bytes(b"not a wal at all" * 1000)
    status, out = check(copy.parent)
    assert status == 3 and "its -wal file is not one SQLite can read" in out


def test_a_wal_cut_in_its_last_change_reads_as_a_change_never_saved(log, tmp_path):
    copy = saved_in_the_wal(log, tmp_path / "copy")
    wal = Path(f"{copy}-wal")
    wal.write_bytes(wal.read_bytes()[:-100])  # a change cut off before it was saved
    assert check(copy.parent)[0] == 0


# --- a protected log --------------------------------------------------------------------------


@pytest.fixture
def protected(log):
    from kratomtrack.store import protection

    from conftest import PASSPHRASE

    protection.protect(log, PASSPHRASE)
    protection.lock(log)
    return log


@pytest.mark.parametrize("seed", range(6))
def test_random_flips_in_a_protected_log_give_findings_never_a_traceback(protected, tmp_path, seed, monkeypatch):
    import random

    from conftest import PASSPHRASE

    monkeypatch.setenv("KRATOMTRACK_PASSPHRASE", PASSPHRASE)
    path = protected / LOG
    size = path.stat().st_size
    rng = random.Random(seed)
    # The first two cases hit page 1 (every command used to end in "file is not a database").
    offset = rng.randrange(4096) if seed < 2 else rng.randrange(size)
    flip_bit(path, offset, rng.randrange(8))
    status, out = check(protected)
    assert status == 3 and "MemoryError" not in out, out
    for command in (("export", "--format", "json", "-o", tmp_path / "x.json"),
                    ("warning", "--today", TODAY)):
        result = kratomtrack(protected, *command)
        assert_read_around_damage(result, what="damaged")
        assert "MemoryError" not in result.stderr and "ERROR CORE" not in result.stderr


def test_a_healthy_protected_log_passes_sqlcipher_s_check(protected, monkeypatch):
    from conftest import PASSPHRASE

    monkeypatch.setenv("KRATOMTRACK_PASSPHRASE", PASSPHRASE)
    assert check(protected)[0] == 0


# --- restore and the backups list -------------------------------------------------------------


@pytest.fixture
def damaged_backup(log):
    """The log, and a backup of it in which one dose's time lost a byte."""
    from kratomtrack.store.backups import make_backup

    with LogDatabase.open_folder(log) as db:
        backup = make_backup(db, "manual").path
    damage_inside_a_record(backup, b"2026-11-02T07:15", b"2026-11-02T07:x5")
    return backup


def test_restore_refuses_a_damaged_backup_unless_told(log, damaged_backup):
    before = (log / LOG).read_bytes()
    refused = kratomtrack(log, "restore", damaged_backup)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "is damaged (dose" in refused.stderr and "--even-if-damaged" in refused.stderr
    assert (log / LOG).read_bytes() == before
    done = kratomtrack(log, "restore", damaged_backup, "--even-if-damaged")
    assert done.returncode == 0, done.stderr
    assert not check_whole_log(log / LOG).healthy  # what was asked for: the damaged copy


def test_the_backups_list_marks_a_damaged_backup(log, damaged_backup):
    listed = kratomtrack(log, "backup", "--list")
    assert listed.returncode == 3 and "DAMAGED: dose" in listed.stdout


# --- the whole-log JSON carries every setting -------------------------------------------------


def every_setting(db: LogDatabase) -> None:
    """A value other than the default for every setting the app knows."""
    from kratomtrack.core.warning.dismissal import Dismissal
    from kratomtrack.store import protection
    from kratomtrack.store.setting_values import SETTINGS

    preferences.save_preferences(db, preferences.Preferences(
        WarningSettings(recent_days=9, rise_percent=30.0), "GB", peg_reminders=False, sds_reminders=False))
    preferences.set_also_take(db, {"opioids", "alcohol"}, today=TODAY)  # the background, dated
    db.set_setting(preferences.ALSO_TAKE_KEY, ["opioids"])  # an older log's list, still read
    preferences.save_warning_dismissal(db, Dismissal(TODAY, 12000, 7, 5, 6))
    preferences.save_concentrate_dismissed_through(db, dt.datetime(2026, 11, 19, 8, 30))
    for kind in ("peg", "sds"):
        preferences.dismiss_due_marker(db, kind, TODAY)
    preferences.set_patient(db, "Ann Example", dt.date(1970, 5, 1), today=TODAY)
    protection.set_lock_minutes(db, 30)
    for key, value in zip(("backups.keep_daily", "backups.keep_weekly", "backups.keep_monthly"), (3, 2, 6)):
        db.set_setting(key, value)
    db.set_setting("demo", True)
    stored = {key for (key,) in db.conn.execute("SELECT key FROM settings")}
    assert stored == set(SETTINGS)  # every key the app knows has a value here


def test_a_restore_from_the_json_export_keeps_every_setting(data_dir, tmp_path):
    from kratomtrack.store.setting_values import readable_settings

    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 5)
        every_setting(db)
        before = readable_settings(db.conn)
    assert kratomtrack(data_dir, "export", "--format", "json", "-o", tmp_path / "log.json").returncode == 0
    assert json.loads((tmp_path / "log.json").read_text())["settings"] == before
    empty = tmp_path / "new"
    imported = kratomtrack(empty, "import", tmp_path / "log.json")
    assert imported.returncode == 0 and f"Settings: {len(before)} taken from the file" in imported.stdout
    with LogDatabase.open_folder(empty) as db:
        assert readable_settings(db.conn) == before
        assert preferences.also_take(db) == {"opioids", "alcohol"}
        assert preferences.patient_name(db) == "Ann Example"


def test_an_import_into_a_log_in_use_keeps_the_settings_it_has(data_dir, tmp_path):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 2)
        preferences.set_help_country(db, "GB")
    other = tmp_path / "other"
    with LogDatabase.open_folder(other) as db:
        fill(db, 2, start=TODAY - dt.timedelta(days=10))
        preferences.set_help_country(db, "AU")
        preferences.set_patient(db, "Bo", None, today=TODAY)
    kratomtrack(other, "export", "--format", "json", "-o", tmp_path / "other.json")
    imported = kratomtrack(data_dir, "import", tmp_path / "other.json")
    # The name and date of birth come from the file; the help-line country is the log's own.
    assert "2 taken from the file, 1 already set in your log (kept" in imported.stdout
    with LogDatabase.open_folder(data_dir) as db:
        assert preferences.help_country(db) == "GB" and preferences.patient_name(db) == "Bo"


@pytest.mark.parametrize("settings,words", [({"help.country": "XX"}, "'XX' is not one of"),
                                            ({"warning.settings": {"recent_days": -1}}, "recent_days"),
                                            ({"no.such.setting": 1}, "not a setting this version")])
def test_an_import_refuses_a_setting_the_app_cannot_read(data_dir, tmp_path, settings, words):
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 5, "settings": settings}))
    result = kratomtrack(data_dir, "import", path)
    assert result.returncode == 2 and words in result.stderr and "Nothing was imported" in result.stderr
