"""Headless commands run safely while another program (the window) uses the log."""

import subprocess
import sys
from pathlib import Path

from kratomtrack.store.backups import list_backups
from kratomtrack.store.database import LogDatabase

from conftest import TODAY

WRITER = Path(__file__).parent / "log_writer.py"


def doses_csv(path: Path, day: int, count: int) -> Path:
    path.write_text("taken_at,grams,form,product,notes\n" + "".join(
        f"2026-10-{day:02d}T{h:02d}:00,2.0,powder,,cli\n" for h in range(count)))
    return path


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")  # the window in the middle of saving
conn.execute("INSERT INTO settings (key, value) VALUES ('window', '1')")
print("locked", flush=True)
time.sleep(0.3)  # the other program's write takes this long: not a wait of the test
conn.execute("COMMIT")
"""


def test_import_waits_for_another_programs_write_instead_of_failing(db, run_cli, tmp_path):
    # Another process, not a thread: a thread in a test process that has Qt
    # loaded could let Python's garbage collector delete Qt objects off the GUI thread.
    window = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db.path)],
                              stdout=subprocess.PIPE, text=True)
    assert window.stdout.readline().strip() == "locked"
    status, out, err = run_cli("import", doses_csv(tmp_path / "d.csv", 1, 3))
    assert window.wait(timeout=30) == 0
    assert (status, err) == (0, "") and "3 added" in out
    assert db.dose_count() == 3 and db.setting("window") == 1


def test_window_sees_a_headless_import_through_data_version(db, run_cli, tmp_path):
    seen = db.data_version()
    assert run_cli("import", doses_csv(tmp_path / "d.csv", 2, 2))[0] == 0
    assert db.data_version() != seen and db.dose_count() == 2


def test_commands_run_alongside_a_busy_writer_without_database_is_locked(db, run_cli, tmp_path):
    db.close()  # the folder's log exists; the writer and the commands share it
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, str(WRITER), str(db.path.parent), "until", str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().startswith("ack")  # it is writing now
        results = []
        for day in range(1, 7):
            results.append(run_cli("import", doses_csv(tmp_path / f"d{day}.csv", day, 4)))
            results.append(run_cli("backup"))
            results.append(run_cli("export", "--format", "json", "-o", tmp_path / f"e{day}.json"))
        assert writer.poll() is None  # it wrote all along
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0 and "locked" not in err, err
    written = 1 + out.count("ack")
    for status, _, cli_err in results:
        assert status == 0 and cli_err == "", cli_err
    with LogDatabase.open_folder(db.path.parent) as log:
        assert log.dose_count() == written + 6 * 4
        assert [r[0] for r in log.conn.execute("PRAGMA integrity_check")] == ["ok"]
    assert all(b.doses is not None for b in list_backups(db.path.parent, with_counts=True))


def test_cli_import_and_window_writes_interleave(db, run_cli, tmp_path):
    from kratomtrack.core.records import Dose
    import datetime as dt
    for i in range(3):
        db.add_dose(Dose(dt.datetime(2026, 11, 1 + i, 9, 0), 1.0), today=TODAY)
        assert run_cli("import", doses_csv(tmp_path / f"i{i}.csv", 10 + i, 2))[0] == 0
    assert db.dose_count() == 9
