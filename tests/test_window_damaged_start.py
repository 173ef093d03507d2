"""A damaged log at the window's start: the window always opens, read-only with the
restore offer when the log is damaged, and every step of its start runs even if one
of them cannot read a damaged record (each failure said in words, never a traceback).

The real start (run_app) runs in this process: a timer looks at the window once
it has started and its whole-log check has answered, then closes it.
"""

import datetime as dt
import sqlite3
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication

from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.store import cipher, plans, protection
from kratomtrack.store.backups import list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.launch import run_app
from kratomtrack.ui.app.main_window import MainWindow
from kratomtrack.ui.app.single_instance import server_name
from kratomtrack.ui.app.startup import open_log_for_window
from kratomtrack.ui.dialogs.restore import DamagedLogDialog

from conftest import PASSPHRASE, real_today
from log_files import fill
from window_helpers import when_modal

pytestmark = pytest.mark.window

START_WITHIN_S = 30  # for the window to start and its whole-log check to answer


def start_and_look(folder, look) -> dict:
    """Run the real start on ``folder``; ``look(window)`` once the window has started
    and its whole-log check answered; returns what it saw (and the exit status)."""
    seen = {}
    deadline = time.monotonic() + START_WITHIN_S

    def wait_for_start() -> None:
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()), None)
        started = window is not None and window.start_finished and window.health_watch.health is not None
        if not started and time.monotonic() < deadline:
            QTimer.singleShot(20, wait_for_start)
            return
        if window is None:
            return  # the start ended without a window (run_app returns)
        QApplication.processEvents()  # the day's backup follows the check's answer
        seen.update(look(window) if started else {"started": False})
        for widget in QApplication.topLevelWidgets():  # a person quitting closes them all
            if widget.isVisible():
                widget.close()

    QTimer.singleShot(0, wait_for_start)
    seen["status"] = run_app(folder)
    return seen


def bar_state(window) -> dict:
    bar = window.read_only_bar
    return {"read_only": window.db.read_only, "bar": bar.isVisible(), "text": bar.label.text(),
            "restore_offered": bar.restore_button.isVisible(), "failures": window.start_steps.failures}


# --- a settings byte ----------------------------------------------------------------------

@pytest.mark.parametrize("key,value,damaged", [
    ("demo", True, (b"demotrue", b"demotrUe")),  # read while the window is built
    # A value the app can read in the backup (the whole-log check reads every setting).
    ("also_take", ["opioids"], (b'also_take["opioids"]', b'also_take{"opioids"]')),  # by the warning
])
def test_a_settings_byte_opens_the_window_read_only_with_the_restore_offer(
        qtbot, data_dir, key, value, damaged):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 20)
        db.set_setting(key, value)
        make_backup(db)
    log = data_dir / "kratomtrack.db"
    conn = sqlite3.connect(log)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = log.read_bytes()
    old, new = damaged
    assert raw.count(old) == 1, "the setting's bytes are not where this test expects them"
    log.write_bytes(raw.replace(old, new))  # one byte of the value: its JSON no longer parses
    before = log.read_bytes()

    seen = start_and_look(data_dir, bar_state)
    assert seen["status"] == 0 and seen.get("started", True)
    assert seen["read_only"] and seen["bar"] and seen["restore_offered"]
    assert "damaged" in seen["text"] and "cannot be read" in seen["text"]
    assert seen["failures"] == []  # nothing of the start failed: the setting read as unset
    assert log.read_bytes() == before  # nothing written into the damaged file


# --- a plan byte in a protected log ----------------------------------------------------------

@pytest.fixture
def protected_log_with_a_plan(data_dir):
    today = real_today()
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 10)
        plans.set_plan(db, Plan((PlanStep(today - dt.timedelta(days=3), 6000),
                                 PlanStep(today + dt.timedelta(days=4), 5000))))
    protection.protect(data_dir, PASSPHRASE)
    for backup in (data_dir / "backups").glob("*"):  # so that the day's backup is due
        backup.unlink()
    protection.unlock(data_dir, PASSPHRASE)  # as the passphrase prompt does
    conn = cipher.connect_encrypted(str(data_dir / "kratomtrack.db"), cipher.key_for(data_dir / "kratomtrack.db"))
    try:
        # One character of a step's day: the plan line can no longer read the plan.
        day = (today + dt.timedelta(days=4)).isoformat()
        conn.execute("UPDATE plans SET steps = replace(steps, ?, ?)", (day, day[:6] + "x" + day[7:]))
    finally:
        conn.close()
    return data_dir


def test_a_plan_byte_leaves_the_window_fully_started(qtbot, protected_log_with_a_plan):
    folder = protected_log_with_a_plan

    def look(window) -> dict:
        socket = QLocalSocket()
        socket.connectToServer(server_name(folder))
        lock = window.idle_lock
        return {**bar_state(window), "healthy": window.health_watch.health.healthy,
                "idle_lock_armed": lock is not None and lock.minutes > 0 and lock._timer.isActive(),
                "listening": socket.waitForConnected(2000),
                "notice": window.start_steps.notice.text() if window.start_steps.notice else "",
                "backups": len(list_backups(folder))}

    seen = start_and_look(folder, look)
    assert seen["status"] == 0 and seen.get("started", True)
    assert seen["idle_lock_armed"]  # a protected log still locks after idle minutes
    assert seen["listening"]  # a second start is heard
    # The whole-log check reads plans too (store/plan_rows.py): the window is then
    # read-only and shows what can be read, so reading the plan fails nowhere; a
    # damage it missed would leave the plan step failed and said.
    if seen["healthy"]:
        assert seen["failures"] == ["your reduction plan could not be read"]
        assert "reduction plan" in seen["notice"] and "Traceback" not in seen["notice"]
    else:
        assert "Traceback" not in seen["notice"]
    # The whole-log check ran: a healthy log got its day's backup; a log the check
    # calls damaged (the plan is read by it too) is read-only with the restore offer.
    if seen["healthy"]:
        assert seen["backups"] == 1 and not seen["read_only"]
    else:
        assert seen["backups"] == 0 and seen["read_only"] and seen["bar"]


# --- a protected log damaged on its first page ----------------------------------------------

def test_a_protected_log_damaged_on_its_first_page_opens_read_only_with_the_restore_offer(
        open_window, qtbot, locked_log):
    log = locked_log / "kratomtrack.db"
    raw = bytearray(log.read_bytes())
    raw[100] ^= 0x10  # inside page 1, after SQLCipher's salt: "file is not a database"
    log.write_bytes(bytes(raw))
    before = log.read_bytes()
    protection.unlock(locked_log, PASSPHRASE)
    offered = []

    def look_only(prompt) -> None:
        offered.append(prompt.restore_button is not None)
        prompt.read_only_button.click()

    when_modal(DamagedLogDialog, look_only)
    db = open_log_for_window(locked_log)
    assert db is not None and db.read_only
    window = open_window(db)
    window.health_watch.wait()
    qtbot.waitUntil(lambda: window.health_watch.health is not None, timeout=5000)
    state = bar_state(window)
    assert offered == [True]  # the newest healthy backup is offered first
    assert state["read_only"] and state["bar"] and state["restore_offered"]
    assert "damaged" in state["text"]
    window.close()
    db.close()
    assert log.read_bytes() == before


# --- a record Today reads while the window is built ---------------------------------------------

def test_a_side_effect_name_damaged_into_bytes_opens_the_window_read_only_with_the_offer(
        qtbot, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 5)
        make_backup(db)
    conn = sqlite3.connect(data_dir / "kratomtrack.db")
    with conn:  # stored as bytes, not text: Today's side-effect rows were built from it
        conn.execute("UPDATE side_effects SET name = X'6E61FF6561' WHERE name = 'nausea'")
    conn.close()

    seen = start_and_look(data_dir, bar_state)
    assert seen["status"] == 0 and seen.get("started", True)
    assert seen["read_only"] and seen["bar"] and seen["restore_offered"]
    assert seen["failures"] == []
