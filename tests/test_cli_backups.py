import sqlite3
import subprocess
import sys

import pytest

from kratomtrack.store import schema
from kratomtrack.store.backups import list_backups
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sqlite_file import connect_readonly

from conftest import TODAY
from log_files import damage, table_snapshot


def test_backup_and_restore_have_help():
    for sub, words in (("backup", ("--list", "7 days, 4 weeks and 12 months", "integrity")),
                       ("restore", ("FILE", "backed up first", "refused"))):
        result = subprocess.run([sys.executable, "-m", "kratomtrack", sub, "--help"],
                                capture_output=True, text=True)
        assert result.returncode == 0
        for word in (*words, "--data-dir"):
            assert word in " ".join(result.stdout.split()), (sub, word)
    main_help = subprocess.run([sys.executable, "-m", "kratomtrack", "--help"],
                               capture_output=True, text=True).stdout
    assert "backup" in main_help and "restore" in main_help


def test_backup_makes_a_copy_and_list_shows_days_and_doses(run_cli, data_dir):
    run_cli("demo", "--days", 15, "--today", TODAY)
    status, out, _ = run_cli("backup")
    assert status == 0 and "Backed up your log (" in out
    [info] = list_backups(data_dir, with_counts=True)
    assert str(info.path) in out and f"{info.doses} doses" in out
    status, out, _ = run_cli("backup", "--list")
    assert status == 0 and info.path.name in out and f"{info.days} days, {info.doses} doses" in out


def test_backup_without_a_log_says_so_and_creates_nothing(run_cli, data_dir):
    status, _, err = run_cli("backup")
    assert status == 2 and "no log" in err
    assert not data_dir.exists()
    assert run_cli("backup", "--list")[1].startswith("There are no backups")


def test_restore_by_name_replaces_the_log_after_backing_it_up(run_cli, data_dir, tmp_path):
    run_cli("demo", "--days", 15, "--today", TODAY)
    run_cli("backup")
    [backup] = list_backups(data_dir)
    extra = tmp_path / "d.csv"
    extra.write_text("taken_at,grams,form,product,notes\n2026-01-05T08:00,2.5,powder,,\n")
    run_cli("import", extra)
    status, out, err = run_cli("restore", backup.path.name)
    assert status == 0 and err == ""
    assert "as it was is backed up" in out and "Restored the backup from" in out
    with LogDatabase.open_folder(data_dir) as db:
        assert all(d.product.startswith("Demo") for d in db.all_doses())
    assert [b.reason for b in list_backups(data_dir)][0] == "before-restore"


def test_restore_refuses_a_damaged_backup_with_status_2(run_cli, data_dir):
    run_cli("demo", "--days", 15, "--today", TODAY)
    run_cli("backup")
    [backup] = list_backups(data_dir)
    damage(backup.path)
    with LogDatabase.open_folder(data_dir) as db:
        before = table_snapshot(db)
    status, _, err = run_cli("restore", backup.path)
    assert status == 2 and "damaged" in err and "left unchanged" in err and "Traceback" not in err
    with LogDatabase.open_folder(data_dir) as db:
        assert table_snapshot(db) == before


def test_damaged_log_names_the_newest_good_backup_and_the_restore_command(run_cli, data_dir, tmp_path):
    run_cli("demo", "--days", 15, "--today", TODAY)
    run_cli("backup")
    [backup] = list_backups(data_dir)
    damaged = damage(data_dir / "kratomtrack.db")
    # A command that only reads reads what it can, says so and exits 3 (the commands
    # that write refuse, naming the backup to restore).
    status, _, err = run_cli("export", "--format", "json", "-o", tmp_path / "x.json")
    assert status == 3 and "damaged" in err and "Nothing was written" in err and "Traceback" not in err
    for command in (["backup"], ["import", tmp_path / "x.json"], ["demo"]):
        status, _, err = run_cli(*command)
        assert status == 2 and "damaged" in err and "Nothing was written" in err
        assert f"restore '{backup.path}'" in err and "Traceback" not in err
    assert (data_dir / "kratomtrack.db").read_bytes() == damaged
    status, out, _ = run_cli("restore", backup.path)
    assert status == 0 and "moved, not deleted" in out
    with LogDatabase.open_folder(data_dir) as db:
        assert db.dose_count() == list_backups(data_dir, with_counts=True)[-1].doses > 0


def test_damaged_log_without_backups_says_to_keep_the_file(run_cli, data_dir, tmp_path):
    run_cli("demo", "--days", 15, "--today", TODAY)
    damage(data_dir / "kratomtrack.db")
    status, _, err = run_cli("backup")
    assert status == 2 and "no good backup" in err and "Keep the file" in err


def test_import_replace_makes_a_backup_first(run_cli, data_dir, tmp_path):
    first = tmp_path / "c1.csv"
    first.write_text("date,pain,dizziness,notes\n2026-11-18,5,1,\n")
    second = tmp_path / "c2.csv"
    second.write_text("date,pain,dizziness,notes\n2026-11-18,7,1,\n")
    run_cli("import", first)
    assert list_backups(data_dir) == []  # a plain import only adds
    assert run_cli("import", second, "--replace")[0] == 0
    [backup] = list_backups(data_dir, with_counts=True)
    assert backup.reason == "before-import" and backup.days == 1
    copy = connect_readonly(backup.path)
    assert copy.execute("SELECT pain FROM checkins").fetchall() == [(5,)]  # as it was before
    copy.close()


def test_restore_onto_a_new_computer_with_no_log_yet(run_cli, data_dir, tmp_path):
    run_cli("demo", "--days", 15, "--today", TODAY, folder=tmp_path / "old")
    run_cli("backup", folder=tmp_path / "old")
    [backup] = list_backups(tmp_path / "old", with_counts=True)
    status, out, _ = run_cli("restore", backup.path)
    assert status == 0 and "Restored" in out and "backed up" not in out
    with LogDatabase.open_folder(data_dir) as db:
        assert db.dose_count() == backup.doses


def test_restoring_the_log_onto_itself_is_refused(run_cli, data_dir):
    run_cli("demo", "--days", 5, "--today", TODAY)
    status, _, err = run_cli("restore", data_dir / "kratomtrack.db")
    assert status == 2 and "your log itself" in err
    assert list_backups(data_dir) == []


@pytest.mark.parametrize("kind", ["newer", "foreign"])
def test_newer_or_foreign_log_is_refused_by_every_command_and_left_unchanged(run_cli, data_dir, tmp_path, kind):
    run_cli("demo", "--days", 5, "--today", TODAY)
    conn = sqlite3.connect(data_dir / "kratomtrack.db")
    if kind == "newer":
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    else:  # another program's database: not our id, not our tables (our tables under
        # another id are a damaged header, test_check_reads_everything.py)
        conn.execute("PRAGMA application_id = 0")
        conn.execute("ALTER TABLE doses RENAME TO other_things")
    conn.close()
    before = (data_dir / "kratomtrack.db").read_bytes()
    expected = "newer version" if kind == "newer" else "not a kratomtrack log"
    for command in (["backup"], ["export", "--format", "json", "-o", tmp_path / "x.json"],
                    ["import", tmp_path / "x.json"], ["demo"]):
        status, _, err = run_cli(*command)
        assert status == 2 and expected in err and "Traceback" not in err, command
    assert (data_dir / "kratomtrack.db").read_bytes() == before
    assert list_backups(data_dir) == []
