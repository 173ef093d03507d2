"""Helpers for driving the real window in tests (no mocks: real dialogs, real keys)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from kratomtrack.core.records import Dose, Form


def when_modal(kind: type, act, tries: int = 200, wanted=lambda box: True) -> None:
    """Call ``act(dialog)`` once a modal dialog of ``kind`` for which ``wanted(dialog)``
    holds is open (polled from a timer)."""

    def attempt(left: int = tries) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, kind) or not wanted(box):
            if left <= 0:
                raise AssertionError(f"no {kind.__name__} appeared")
            QTimer.singleShot(10, lambda: attempt(left - 1))
            return
        act(box)

    QTimer.singleShot(0, attempt)


def settled(widget, qtbot, timeout: int = 5000) -> None:
    """Wait until ``widget`` has nothing left to do: the events Qt has queued
    for it (layout, resizes, paints, queued calls) handled, and none of its own
    timers (deferred redraws, typing pauses, deadlines) still to fire.

    Checked right after processing events, so work those events start is
    waited for too. A test that then finds nothing changed has proved that
    nothing will: no fixed sleep could prove more.
    """

    def idle() -> bool:
        QApplication.processEvents()
        return not any(timer.isActive() for timer in widget.findChildren(QTimer))

    qtbot.waitUntil(idle, timeout=timeout)


def answer_next_dialog(button_text: str, seen: list | None = None) -> None:
    """Click the button whose text contains ``button_text`` in the next modal dialog.

    The dialog runs its own event loop; this waits for it from a timer. The
    dialog's text is appended to ``seen`` when given.
    """

    def click(box: QMessageBox) -> None:
        if seen is not None:
            seen.append(box.text() + "\n" + box.informativeText())
        for button in box.buttons():
            if button_text in button.text().replace("&", ""):
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    def has_button(box: QMessageBox) -> bool:
        # Two answers queued for two dialogs in turn: each waits for its own.
        return any(button_text in b.text().replace("&", "") for b in box.buttons())

    when_modal(QMessageBox, click, wanted=has_button)


def choose_in_turn(items: list[str]) -> None:
    """Pick each of ``items`` in the next list-choice dialogs (QInputDialog), one after the other."""

    def choose(box: QInputDialog) -> None:
        item = items.pop(0)
        assert item in box.comboBoxItems()
        box.setTextValue(item)
        box.accept()
        if items:
            when_modal(QInputDialog, choose)

    when_modal(QInputDialog, choose)


def type_into(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def press(widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)


def fill_to_the_brim(db) -> None:
    """Make the log file really full: no room for one more small dose or check-in.

    Limits the file to its current size (PRAGMA max_page_count), then fills
    the doses and check-ins tables with ever smaller rows on an old day
    until SQLite answers "database or disk is full". The last rows are as
    small as a record can be (1 g and pain 1 take no bytes on disk, "tea"
    is the shortest form), so no real dose or check-in fits after them.
    """
    import sqlite3

    from kratomtrack.store.database import StorageFullError

    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    old = dt.datetime(2001, 1, 1)
    for size in (1500, 300, 60, 10, 0):
        while True:
            try:
                db.add_dose(Dose(old, 1.0, Form.TEA, note="x" * size))
            except StorageFullError:
                break
    day = dt.date(2000, 1, 1)
    for size in (1500, 300, 60, 10, 0):
        while True:
            try:
                db.conn.execute("INSERT INTO checkins (day, pain, note) VALUES (?, 1, ?)",
                                (day.isoformat(), "x" * size))
            except sqlite3.OperationalError:
                break
            day -= dt.timedelta(days=1)


def make_room(db) -> None:
    db.conn.execute("PRAGMA max_page_count = 1073741823")
