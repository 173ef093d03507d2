"""Damage inside the file that SQLite's quick_check misses: the whole-log
check finds it, `kratomtrack check` names it, writers refuse the log, readers
still read what can be read, and nothing is written to the damaged file."""

import datetime as dt
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kratomtrack.store.backups import make_backup
from kratomtrack.store.database import DamagedDatabaseError, LogDatabase, LogNotWritableError
from kratomtrack.store.integrity import check_whole_log

from conftest import TODAY, real_today
from log_files import damage_inside_a_record, fill

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def damaged(data_dir):
    """A log with a backup made while healthy, then one byte changed in a dose's time."""
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 10)
        make_backup(db)
    damage_inside_a_record(data_dir / "kratomtrack.db")
    return data_dir


def test_quick_check_misses_the_damage_the_whole_log_check_names(damaged):
    path = damaged / "kratomtrack.db"
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
    health = check_whole_log(path)
    assert not health.healthy
    assert health.unreadable_records == 1
    assert any("08:x0" in finding for finding in health.findings)


def test_a_healthy_log_passes_the_whole_log_check(db):
    fill(db, 30)
    assert check_whole_log(db.path).healthy


def test_check_command_names_the_damage_and_the_newest_healthy_backup(damaged, run_cli):
    before = (damaged / "kratomtrack.db").read_bytes()
    status, out, _ = run_cli("check", folder=damaged)
    assert status == 3
    assert "damaged" in out and "08:x0" in out and "1 record(s) cannot be read" in out
    assert "newest healthy backup" in out and "restore" in out
    assert (damaged / "kratomtrack.db").read_bytes() == before


def test_check_command_says_healthy_with_exit_0(db, run_cli):
    fill(db, 3)
    status, out, _ = run_cli("check")
    assert status == 0 and "is healthy" in out


@pytest.mark.parametrize("command", [("import", "FILE"), ("backup",), ("demo", "--days", "3")])
def test_commands_that_write_refuse_a_damaged_log_and_leave_it_unchanged(damaged, run_cli,
                                                                           tmp_path, command):
    csv = tmp_path / "d.csv"
    csv.write_text("taken_at,grams,form,product,notes\n2026-11-01T09:00,1.0,powder,,\n")
    before = (damaged / "kratomtrack.db").read_bytes()
    status, _, err = run_cli(*[str(csv) if part == "FILE" else part for part in command],
                             folder=damaged)
    assert status == 2 and "damaged" in err and "Nothing was written" in err
    assert (damaged / "kratomtrack.db").read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_of_a_damaged_log_reads_what_it_can_and_warns(damaged, run_cli, tmp_path, fmt):
    before = (damaged / "kratomtrack.db").read_bytes()
    status, out, err = run_cli("export", "--format", fmt, "-o",
                               tmp_path / ("out.json" if fmt == "json" else "out"), folder=damaged)
    assert status == 3, err  # read what could be read, and said what was skipped
    assert "damaged" in err and "1 record(s) that cannot be read were skipped" in err
    assert "Traceback" not in err
    assert (damaged / "kratomtrack.db").read_bytes() == before


@pytest.mark.window  # the report command paints its PDF with Qt
def test_warning_and_report_read_a_damaged_log(damaged, run_cli, tmp_path):
    assert run_cli("warning", "--today", TODAY, folder=damaged)[0] == 3
    status, _, err = run_cli("report", "--to", real_today(), "-o", tmp_path / "r.pdf",
                             folder=damaged)
    assert status == 3 and (tmp_path / "r.pdf").exists(), err


def test_reads_leave_an_unreadable_dose_out_instead_of_failing(damaged):
    with LogDatabase.open_folder(damaged, read_only=True) as db:
        doses = db.all_doses()
        assert len(doses) == 9  # ten were logged; the damaged one cannot be read
        assert db.load_log().doses == doses


def test_a_read_only_log_refuses_writes_with_a_message(damaged):
    from kratomtrack.core.records import Dose

    with LogDatabase.open_folder(damaged, read_only=True) as db:
        db.read_only_reason = "it is damaged"
        with pytest.raises(LogNotWritableError, match="read-only.*damaged.*unchanged"):
            db.add_dose(Dose(dt.datetime(2026, 11, 1, 9), 1.0), today=TODAY)


def test_opening_for_writing_with_the_full_check_refuses_the_damaged_log(damaged):
    with pytest.raises(DamagedDatabaseError, match="Nothing was written"):
        LogDatabase.open_folder(damaged, full_check=True)


@pytest.mark.window  # the self-test starts the window
def test_self_test_fails_on_a_damaged_log(damaged):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--self-test", "--data-dir",
                             str(damaged)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "FAIL  whole log: The log is damaged" in result.stdout


def test_where_and_check_warn_when_the_folder_is_readable_by_others(db, run_cli):
    fill(db, 1)
    db.path.parent.chmod(0o755)
    for command in ("where", "check"):
        status, _, err = run_cli(command)
        assert status == 0 and "can be read by other users" in err
    assert stat.S_IMODE(db.path.parent.stat().st_mode) == 0o755  # warned about, not changed


def test_plan_set_refuses_a_damaged_log_and_patterns_still_read_it(damaged, run_cli):
    before = (damaged / "kratomtrack.db").read_bytes()
    status, _, err = run_cli("plan", "set", "--step", f"{TODAY.isoformat()}:5", "--yes")
    assert status == 2 and "damaged" in err
    assert (damaged / "kratomtrack.db").read_bytes() == before  # nothing written
    status, out, err = run_cli("patterns", "--json")
    assert status == 3 and "damaged" in err
    assert json.loads(out)["damaged_log"]["unreadable_records"] == 1
