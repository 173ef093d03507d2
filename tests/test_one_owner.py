"""One owner of the log file: commands that replace or re-key the log beside a saving
window, and the window noticing its file changed under it.

Real processes (the commands run as `python -m kratomtrack`), a real window that
claims its folder as the app's start does, real SQLite files in tmp_path. Every
save the window announced ("Saved: …") is counted and looked for in the file.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kratomtrack.core.records import Dose
from kratomtrack.store.backups import make_backup
from kratomtrack.store.cipher import has_sqlite_header
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.single_instance import SingleInstance
from log_files import damage, damage_inside_a_record
from window_helpers import press

ROOT = Path(__file__).resolve().parents[1]
OPEN_ON_THIS_LOG = "kratomtrack is open on this log; close it first"
MAX_SAVES = 300  # a bound on the saving loop (30 g: under the "Is this right?" day total)


def command(folder: Path, *args: str, **env: str) -> subprocess.Popen:
    """`kratomtrack --data-dir folder ARGS` in a process of its own."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    environment.pop("QT_QPA_PLATFORM", None)  # the command line never loads Qt
    return subprocess.Popen([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment)


COUNT_DOSES = """
import sqlite3, sys
conn = sqlite3.connect(f"{sys.argv[1]}?mode=ro", uri=True)
where, args = ("WHERE day = ?", (sys.argv[2],)) if len(sys.argv) > 2 else ("", ())
print(conn.execute(f"SELECT count(*) FROM doses {where}", args).fetchone()[0])
"""


def doses_in_file(folder: Path, day: dt.date | None = None) -> int:
    """Doses in the folder's log as another program reads it now. In a process of its own:
    a connection in the test's (the window's) process would share the window's view."""
    args = [(folder / "kratomtrack.db").as_uri()] + ([day.isoformat()] if day else [])
    result = subprocess.run([sys.executable, "-c", COUNT_DOSES, *args], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


class SavingWindow:
    """The window as the app starts it (the folder claimed first), typing doses on Today."""

    def __init__(self, window, qtbot):
        self.window = window
        self.qtbot = qtbot
        self.page = window.today_page
        self.announced = 0  # "Saved: …" said for a dose typed on Today
        window.editor.saved.connect(self._count)

    def _count(self, text: str) -> None:
        if text.startswith("Saved"):
            self.announced += 1

    def type_dose(self, grams: str = "0.1") -> None:
        self.page.grams.clear()
        self.qtbot.keyClicks(self.page.grams, grams)
        self.press_enter()

    def press_enter(self) -> bool:
        """Enter in the grams field; True if the window said "Saved"."""
        before = self.announced
        press(self.page.grams, Qt.Key.Key_Return)
        return self.announced == before + 1

    def save_while(self, process: subprocess.Popen, *, after: int = 3) -> None:
        """Type doses while ``process`` runs, then ``after`` more."""
        while process.poll() is None and self.announced < MAX_SAVES:
            self.type_dose()
        for _ in range(after):
            self.type_dose()


@pytest.fixture
def owned_window(open_window, data_dir, qtbot):
    """A window over a log of 3 earlier doses and one backup, holding the folder as run_app does."""
    with LogDatabase.open_folder(data_dir) as log:
        for day in (1, 2, 3):
            log.add_dose(Dose(dt.datetime(2026, 10, day, 9, 0), 2.0), today=dt.date.today())
        make_backup(log)
    instance = SingleInstance(data_dir)
    assert instance.claim(listen=False)
    db = LogDatabase.open_folder(data_dir)
    window = open_window(db)
    yield SavingWindow(window, qtbot)
    window.close()
    db.close()
    instance.release()


def only_backup(folder: Path) -> Path:
    [backup] = sorted((folder / "backups").glob("kratomtrack-*.db"))
    return backup


def test_restore_beside_a_saving_window_is_refused_and_every_save_is_kept(owned_window, data_dir):
    restore = command(data_dir, "restore", str(only_backup(data_dir)))
    owned_window.save_while(restore)
    out, err = restore.communicate(timeout=60)
    assert restore.returncode == 2, (out, err)
    assert OPEN_ON_THIS_LOG in err and "File → Restore from backup" in err
    assert "Restored" not in out
    today = dt.date.today()
    assert owned_window.announced > 3
    assert doses_in_file(data_dir, today) == owned_window.announced
    assert doses_in_file(data_dir) == owned_window.announced + 3


def test_protect_beside_a_saving_window_is_refused_and_changes_nothing(owned_window, data_dir):
    backup = only_backup(data_dir)
    protect = command(data_dir, "protect", KRATOMTRACK_PASSPHRASE="correct horse battery")
    owned_window.save_while(protect)
    out, err = protect.communicate(timeout=120)
    assert protect.returncode == 2, (out, err)
    assert OPEN_ON_THIS_LOG in err and "Settings… → Privacy in the window" in err
    assert has_sqlite_header(data_dir / "kratomtrack.db") and has_sqlite_header(backup)
    assert not (data_dir / "kratomtrack.db.key").exists()
    assert doses_in_file(data_dir, dt.date.today()) == owned_window.announced > 3


def test_restore_then_protect_beside_a_saving_window_keep_every_save(owned_window, data_dir):
    """The attack's sequence (issue 26): restore, then protect, while the window saves on.
    Both used to exit 0 and the window kept saying "Saved" into a replaced file (37 shown, 5-13 kept)."""
    backup = only_backup(data_dir)
    for args, env in ((("restore", str(backup)), {}),
                      (("protect",), {"KRATOMTRACK_PASSPHRASE": "correct horse battery"})):
        process = command(data_dir, *args, **env)
        owned_window.save_while(process)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2 and OPEN_ON_THIS_LOG in err, (args, out, err)
    assert owned_window.announced > 6
    assert has_sqlite_header(data_dir / "kratomtrack.db") and has_sqlite_header(backup)
    assert doses_in_file(data_dir, dt.date.today()) == owned_window.announced
    assert doses_in_file(data_dir) == owned_window.announced + 3


def test_unprotect_and_passphrase_are_refused_while_the_window_holds_the_log(owned_window, data_dir):
    for args in (("unprotect",), ("passphrase",)):
        process = command(data_dir, *args, KRATOMTRACK_PASSPHRASE="correct horse battery",
                          KRATOMTRACK_NEW_PASSPHRASE="another horse battery")
        out, err = process.communicate(timeout=60)
        assert process.returncode == 2 and OPEN_ON_THIS_LOG in err, (args, out, err)


def test_an_import_while_the_shm_is_deleted_is_kept_and_the_window_shows_it(owned_window, data_dir,
                                                                            tmp_path, qtbot):
    saving = owned_window
    for _ in range(3):
        saving.type_dose()
    (data_dir / "kratomtrack.db-shm").unlink()  # deleted behind the open window
    imported_day = dt.date(2026, 10, 10)
    csv = tmp_path / "one.csv"
    csv.write_text(f"taken_at,grams,form,product,notes\n{imported_day}T08:00,3.0,powder,,cli\n")
    imported = command(data_dir, "import", str(csv))
    saving.save_while(imported)  # the window saves on, as the person types
    out, err = imported.communicate(timeout=60)
    assert imported.returncode == 0 and "1 added" in out, (out, err)
    assert doses_in_file(data_dir, imported_day) == 1
    assert doses_in_file(data_dir, dt.date.today()) == saving.announced
    come_back_to(saving.window, qtbot)
    saving.window.open_day(imported_day)
    assert saving.window.today_page.dose_table.rowCount() == 1
    assert "replaced or changed by another program" in saving.window.file_watch.said


def test_imports_beside_the_window_after_its_log_check_are_kept_without_a_false_alarm(
        owned_window, data_dir, tmp_path, qtbot):
    # No file deleted by hand: the window's own whole-log check read the log's
    # header beside its connection, which used to cancel its locks; the first
    # command to close the log then removed the -wal and -shm under the window,
    # and the second import was lost at the window's next save.
    saving = owned_window
    saving.window.health_watch.wait()
    qtbot.waitUntil(lambda: saving.window.health_watch.health is not None, timeout=5000)
    days = (dt.date(2026, 10, 11), dt.date(2026, 10, 12))
    for day in days:
        saving.type_dose()
        csv = tmp_path / f"{day}.csv"
        csv.write_text(f"taken_at,grams,form,product,notes\n{day}T08:00,3.0,powder,,cli\n")
        imported = command(data_dir, "import", str(csv))
        out, err = imported.communicate(timeout=60)
        assert imported.returncode == 0 and "1 added" in out, (out, err)
        saving.type_dose()
    assert [doses_in_file(data_dir, day) for day in days] == [1, 1]
    assert doses_in_file(data_dir, dt.date.today()) == saving.announced == 4
    assert saving.window.file_watch.said == ""  # nothing was replaced: nothing said, nothing refused
    assert (data_dir / "kratomtrack.db-shm").exists()  # no command took itself for the last


def come_back_to(window, qtbot) -> None:
    """The person switches to another window and back (activation reads the log again)."""
    other = QLabel("another window")
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=2000)
    window.activateWindow()
    notice = lambda: window.file_watch.notice is not None and window.file_watch.notice.isVisible()  # noqa: E731
    qtbot.waitUntil(lambda: window.isActiveWindow() or notice(), timeout=2000)


def test_a_log_replaced_by_a_file_copy_is_noticed_before_the_next_save(owned_window, data_dir, qtbot):
    saving, page = owned_window, owned_window.page
    saving.type_dose()
    saving.type_dose()
    copy = data_dir / "copied.db"
    shutil.copy(only_backup(data_dir), copy)
    os.replace(copy, data_dir / "kratomtrack.db")  # a plain file copy over the open log
    page.grams.clear()
    qtbot.keyClicks(page.grams, "1.5")
    assert not saving.press_enter()  # never "Saved" for a write into the replaced file
    assert page.grams.text() == "1.5"  # what was typed stays
    assert "replaced or changed by another program" in page.failure_strip.label.text()
    qtbot.waitUntil(lambda: "reopened it" in saving.window.file_watch.said, timeout=5000)
    assert page.dose_table.rowCount() == 0  # the log as it now is: the backup's, without today
    assert page.grams.text() == "1.5"
    assert saving.press_enter()
    today = dt.date.today()
    assert doses_in_file(data_dir, today) == 1 and doses_in_file(data_dir) == 4
    with LogDatabase.open_folder(data_dir, read_only=True) as log:
        assert [r[0] for r in log.conn.execute("PRAGMA integrity_check")] == ["ok"]


def acknowledge(window) -> None:
    """Click OK on the window's notice, as the person does."""
    if window.file_watch.notice is not None:
        window.file_watch.notice.accept()


def test_a_log_replaced_by_a_damaged_file_reopens_read_only_with_the_restore_offer(
        owned_window, data_dir, qtbot):
    saving = owned_window
    saving.type_dose()
    damaged = data_dir / "damaged.db"
    shutil.copy(only_backup(data_dir), damaged)
    damage_inside_a_record(damaged, b"2026-10-02T09:00", b"2026-10-02T09:x0")
    os.replace(damaged, data_dir / "kratomtrack.db")
    saving.page.grams.clear()
    qtbot.keyClicks(saving.page.grams, "0.2")
    assert not saving.press_enter()
    window = saving.window
    qtbot.waitUntil(lambda: "is damaged" in window.file_watch.said, timeout=5000)
    qtbot.waitUntil(window.read_only_bar.isVisible, timeout=10000)
    assert window.db.read_only and window.read_only_bar.restore_button.isVisible()
    acknowledge(window)
    before = (data_dir / "kratomtrack.db").read_bytes()
    assert not saving.press_enter()  # read-only: refused in words, the file untouched
    assert "read-only" in saving.page.failure_strip.label.text()
    assert saving.page.grams.text() == "0.2"
    assert (data_dir / "kratomtrack.db").read_bytes() == before


def test_a_log_replaced_by_a_foreign_file_stops_saving_and_keeps_showing_the_log(
        owned_window, data_dir, qtbot):
    saving = owned_window
    saving.type_dose()
    saving.type_dose()
    foreign = data_dir / "notes.txt"
    foreign.write_text("not a log\n" * 200)
    os.replace(foreign, data_dir / "kratomtrack.db")
    window = saving.window
    come_back_to(window, qtbot)  # noticed on activation, before any save is tried
    assert "cannot open the file now in its place" in window.file_watch.said
    assert "nothing you typed is lost" in window.file_watch.said.lower()
    assert window.read_only_bar.isVisible() and "cannot open" in window.read_only_bar.label.text()
    acknowledge(window)
    assert saving.page.dose_table.rowCount() == 2  # the log as it was, still readable
    saving.page.grams.clear()
    qtbot.keyClicks(saving.page.grams, "0.3")
    assert not saving.press_enter() and saving.page.grams.text() == "0.3"
    assert (data_dir / "kratomtrack.db").read_text().startswith("not a log")


def test_a_deleted_shm_is_noticed_by_the_store_before_a_write(data_dir):
    from kratomtrack.store.database import LogChangedError
    from kratomtrack.store.file_identity import reopen_changed_log

    today = dt.date.today()
    with LogDatabase.open_folder(data_dir) as db:
        db.add_dose(Dose(dt.datetime.combine(today, dt.time(8, 0)), 1.0), today=today)
        (data_dir / "kratomtrack.db-shm").unlink()
        assert db.file_changed() == "its -shm file was deleted"
        heard = []
        db.file_change_listeners.append(heard.append)
        with pytest.raises(LogChangedError, match="was not saved"):
            db.add_dose(Dose(dt.datetime.combine(today, dt.time(9, 0)), 1.0), today=today)
        assert heard == ["its -shm file was deleted"]
        assert reopen_changed_log(db).outcome == "writable" and db.file_changed() == ""
        db.add_dose(Dose(dt.datetime.combine(today, dt.time(9, 0)), 1.0), today=today)
    assert doses_in_file(data_dir, today) == 2


def test_a_new_logs_first_saves_are_not_taken_for_a_change(data_dir):
    today = dt.date.today()
    with LogDatabase.open_folder(data_dir) as db:  # its header is written by the first checkpoint
        for minute in range(3):
            db.add_dose(Dose(dt.datetime.combine(today, dt.time(8, minute)), 1.0), today=today)
        assert db.file_changed() == ""
    assert doses_in_file(data_dir) == 3


# --- the lock itself ------------------------------------------------------------------------

HOLD_AS = """
import sys
from pathlib import Path
from kratomtrack.store.log_owner import OwnerLock
lock = OwnerLock(Path(sys.argv[1]), sys.argv[2])
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()  # until told to let go (or killed)
lock.release()
"""


def hold_as(folder: Path, holder: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLD_AS, str(folder), holder],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_killed_holder_never_blocks_the_next_command(db, data_dir):
    backup = make_backup(db).path
    db.close()
    holder = hold_as(data_dir, "restore")
    refused = command(data_dir, "restore", str(backup))
    out, err = refused.communicate(timeout=60)
    assert refused.returncode == 2 and "another kratomtrack command ('restore')" in err
    holder.kill()
    holder.wait(timeout=10)
    restore = command(data_dir, "restore", str(backup))
    out, err = restore.communicate(timeout=60)
    assert restore.returncode == 0 and "Restored the backup" in out, err
    assert not (data_dir / ".window.lock").exists()  # let go of, and removed


def test_a_window_start_waits_for_a_command_that_holds_the_log(qapp, data_dir):
    data_dir.mkdir(parents=True)
    holder = hold_as(data_dir, "protect")

    def command_finishes() -> None:  # another thread: the test's own is inside claim()
        holder.stdin.write("done\n")
        holder.stdin.flush()

    threading.Timer(0.3, command_finishes).start()
    instance = SingleInstance(data_dir)
    try:
        assert holder.poll() is None  # still holding the log as the start tries
        assert instance.claim(listen=False)  # once the command let go
    finally:
        instance.release()
        holder.wait(timeout=10)


OLDER_WINDOW = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])  # the lock of the window of earlier versions
lock.setStaleLockTime(0)
print("held" if lock.tryLock(0) else "refused", flush=True)
sys.stdin.readline()
"""


def test_a_window_of_an_older_version_keeps_commands_out_and_its_leftover_does_not(db, data_dir):
    backup = make_backup(db).path
    db.close()
    older = subprocess.Popen([sys.executable, "-c", OLDER_WINDOW, str(data_dir / ".window.lock")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert older.stdout.readline().strip() == "held"
    restore = command(data_dir, "restore", str(backup))
    out, err = restore.communicate(timeout=60)
    assert restore.returncode == 2 and OPEN_ON_THIS_LOG in err, (out, err)
    older.communicate("done\n", timeout=30)
    (data_dir / ".window.lock").write_text("4242\nkratomtrack\nsomehost\n")  # as a crash leaves it
    instance = SingleInstance(data_dir)
    assert instance.claim(listen=False)
    instance.release()


def test_the_windows_own_restore_over_a_damaged_log_saves_into_the_restored_file(
        owned_window, data_dir, qtbot):
    from kratomtrack.store.restore import restore_backup

    saving = owned_window
    saving.type_dose()
    damage(data_dir / "kratomtrack.db")  # found damaged by the restore: set aside, not overwritten
    result = restore_backup(data_dir, only_backup(data_dir))
    assert result.set_aside
    saving.window.after_restore(result)  # as File → Restore from backup… does
    assert saving.page.dose_table.rowCount() == 0
    saving.type_dose()
    assert saving.announced == 2
    assert doses_in_file(data_dir, dt.date.today()) == 1 and doses_in_file(data_dir) == 4
    assert saving.window.file_watch.said == ""  # the person asked for it: no alarm


def test_the_command_takes_the_lock_without_loading_qt(db, data_dir):
    backup = make_backup(db).path
    db.close()
    code = ("import sys; from kratomtrack.cli import main; "
            f"status = main(['--data-dir', {str(data_dir)!r}, 'restore', {str(backup)!r}]); "
            "print(status, any(name.startswith('PySide6') for name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.stdout.split()[-2:] == ["0", "False"], result.stderr
