"""The window writes nothing until its whole-log check has passed: a dose typed
before the check ends waits for it ("Checking your log…" in the status bar), is
saved once the log is found healthy, and is never written into damage that
SQLite's quick check misses (it stays typed, and the bar offers a restore)."""

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kratomtrack.store.backups import make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.main_window import MainWindow
from kratomtrack.ui.app.startup import open_log_for_window

from conftest import real_today
from log_files import damage_inside_a_record, fill
from window_helpers import press

pytestmark = pytest.mark.window


def file_state(log: Path) -> tuple:
    """The log's bytes, its -wal's bytes, and its doses as another program reads them."""
    wal = Path(f"{log}-wal")
    conn = sqlite3.connect(f"{log.absolute().as_uri()}?mode=ro", uri=True)
    try:
        doses = conn.execute("SELECT count(*) FROM doses").fetchone()[0]
    finally:
        conn.close()
    return log.read_bytes(), wal.read_bytes() if wal.exists() else b"", doses


def type_a_dose_at_once(db, qtbot) -> MainWindow:
    """Show the window and log 2.5 g before anything after its first paint has run."""
    window = MainWindow(db)
    qtbot.addWidget(window)
    waits = []
    window.health_watch.waiting.connect(lambda text: text and waits.append(
        (text, window.statusBar().currentMessage())))
    window.show()
    assert not window.start_finished and window.health_watch.health is None
    qtbot.keyClicks(window.today_page.grams, "2.5")
    press(window.today_page.grams, Qt.Key.Key_Return)
    window.waits = waits
    window.health_watch.wait()  # (the save has waited for it already)
    qtbot.waitUntil(lambda: window.health_watch.health is not None, timeout=5000)
    return window


def test_a_dose_typed_before_the_check_ends_is_never_written_into_damage_quick_check_misses(
        qtbot, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 20)
        make_backup(db)
    log = data_dir / "kratomtrack.db"
    damage_inside_a_record(log)  # one byte of a dose's time: quick_check passes
    db = open_log_for_window(data_dir)
    assert db is not None and not db.read_only  # opened for writing: only the whole check knows
    before = file_state(log)

    window = type_a_dose_at_once(db, qtbot)
    assert window.health_watch.health is not None and not window.health_watch.health.healthy
    assert db.read_only
    assert file_state(log) == before  # not a byte of the dose reached the file
    page = window.today_page
    assert page.grams.text() == "2.5"  # still typed, to copy or save after a restore
    assert not page.failure_strip.isHidden() and "read-only" in page.failure_strip.label.text()
    bar = window.read_only_bar
    assert bar.isVisible() and "damaged" in bar.label.text() and bar.restore_button.isVisible()
    assert [text for text, _ in window.waits] == [
        "Checking your log… your entry will be saved in a moment."]
    window.close()
    db.close()


def test_a_dose_typed_before_the_check_ends_on_a_healthy_log_is_saved_once_it_passes(qtbot, db):
    fill(db, 20)
    window = type_a_dose_at_once(db, qtbot)
    assert window.health_watch.health.healthy and not db.read_only
    # The status bar said why the save waited, while it waited.
    assert window.waits == [("Checking your log… your entry will be saved in a moment.",
                             "Checking your log… your entry will be saved in a moment.")]
    assert [d.grams for d in db.doses_on(real_today())] == [2.5]
    assert window.today_page.grams.text() == ""
    assert "Saved" in window.statusBar().currentMessage()
    window.close()
