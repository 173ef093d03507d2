"""What a killed backup or restore leaves behind (.partial, .partial-wal, .partial-shm,
.restoring, .converting and their journals) goes at the next start of the window or
of a command, unless another program holds the log right now."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kratomtrack.store.backups import list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.leftovers import log_in_use_elsewhere, remove_leftovers

from log_files import fill

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not Path("/proc/locks").exists(),
                                reason="whether another program holds the log is read from /proc/locks")

# A process that writes a copy in WAL mode and is killed before it closes it, as a
# backup or restore killed half-way: its -wal and -shm stay beside it.
KILLED_COPY = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("CREATE TABLE copy (x)")
conn.execute("INSERT INTO copy VALUES (1)")
conn.commit()
os.kill(os.getpid(), signal.SIGKILL)
"""

# Holds the log open (as a backup being made, or a headless import, would) until told to stop.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM doses").fetchone()
print("holding", flush=True)
sys.stdin.read()
"""


def killed_copies(folder: Path) -> list[Path]:
    """The files killed backups and a killed restore left in ``folder`` (just now)."""
    backup = folder / "backups" / ".kratomtrack-2026-11-20_080000-daily.db.partial"
    restore = folder / ".kratomtrack.db.restoring"
    for copy in (backup, restore):
        result = subprocess.run([sys.executable, "-c", KILLED_COPY, str(copy)], capture_output=True)
        assert result.returncode == -signal.SIGKILL
    journal = folder / "backups" / ".kratomtrack-2026-11-20_090000-daily.db.partial-journal"
    converting = folder / ".kratomtrack.db.converting"
    for path in (journal, converting):
        path.write_bytes(b"half")
    left = [backup, Path(f"{backup}-wal"), Path(f"{backup}-shm"), restore, Path(f"{restore}-wal"),
            Path(f"{restore}-shm"), journal, converting]
    assert all(p.exists() for p in left)  # else this test proves nothing
    return left


@pytest.fixture
def folder(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 3)
        make_backup(db)
    return data_dir


@linux_only
def test_a_command_start_removes_every_leftover_of_a_killed_backup_or_restore(folder):
    left = killed_copies(folder)
    before = (folder / "kratomtrack.db").stat().st_size
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "backup"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert [p.name for p in left if p.exists()] == []
    assert len(list_backups(folder)) == 2  # the backup before and the one just made
    assert (folder / "kratomtrack.db").stat().st_size >= before


@linux_only
def test_nothing_is_removed_while_another_program_holds_the_log_and_all_goes_after(folder):
    left = killed_copies(folder)
    old = time.time() - 3600
    for path in left:
        os.utime(path, (old, old))  # even old ones: another program holds the log now
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / "kratomtrack.db")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert log_in_use_elsewhere(folder) is True
        LogDatabase.open_folder(folder).close()
        assert all(p.exists() for p in left)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert log_in_use_elsewhere(folder) is False
    LogDatabase.open_folder(folder).close()
    assert [p.name for p in left if p.exists()] == []


@linux_only
def test_the_window_start_removes_them(folder, qtbot):
    from kratomtrack.ui.app.startup import open_log_for_window

    left = killed_copies(folder)
    db = open_log_for_window(folder)
    try:
        assert db is not None and not db.read_only
        assert [p.name for p in left if p.exists()] == []
    finally:
        db.close()


def test_where_the_system_does_not_say_only_old_leftovers_go(folder, monkeypatch):
    import kratomtrack.store.leftovers as leftovers

    monkeypatch.setattr(leftovers, "SYSTEM_LOCKS", folder / "no-such-list")  # not Linux
    fresh = folder / "backups" / ".kratomtrack-2026-11-20_100000-daily.db.partial-wal"
    stale = folder / "backups" / ".kratomtrack-2026-11-20_080000-daily.db.partial-shm"
    for path in (fresh, stale):
        path.write_bytes(b"half")
    old = time.time() - leftovers.MIN_AGE_SECONDS - 60
    os.utime(stale, (old, old))
    assert log_in_use_elsewhere(folder) is None
    assert remove_leftovers(folder) == [stale]
    assert fresh.exists()


def test_the_log_its_wal_and_real_backups_are_never_taken_for_leftovers(folder):
    conn = sqlite3.connect(folder / "kratomtrack.db")  # keeps a -wal and -shm beside the log
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("SELECT count(*) FROM doses").fetchone()
    try:
        kept = sorted(p.name for p in [*folder.iterdir(), *(folder / "backups").iterdir()])
        remove_leftovers(folder)
        assert sorted(p.name for p in [*folder.iterdir(), *(folder / "backups").iterdir()]) == kept
    finally:
        conn.close()
