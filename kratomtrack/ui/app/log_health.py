"""The window's whole-log check and its read-only bar.

After the first paint, ``LogHealthWatch`` runs store/integrity.py's full
check on a thread of its own (its own read-only connection; SQLite releases
the GIL while it checks, so the window keeps answering). Until it has
passed, nothing is written: a save waits for it, saying so in the status
bar. A damaged log is never written to: the window's log turns read-only,
and a bar above the pages says so and offers the newest healthy backup. A log opened read-only
from the start (a folder that cannot be written) gets the same bar, without
the restore offer: a restore could not write there either.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kratomtrack.store.database import LogDatabase, SaveError
from kratomtrack.store.schema import SchemaError
from kratomtrack.store.integrity import LogHealth, check_whole_log
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill


DAMAGED = "it is damaged"  # the read-only reason of a damaged log
POLL_MS = 200  # how often a waiting write looks whether the check's thread ended


class ReadOnlyBar(QFrame):
    """Above the pages: why nothing can be saved, and (for a damaged log) "Restore…"."""

    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("read_only_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Read-only"))
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton(self.tr("Restore a backup…"))
        self.restore_button.clicked.connect(self.restore_requested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        self.hide()

    def show_damaged(self, health: LogHealth, newest_backup: str) -> None:
        backup = (fill(self.tr("The newest healthy backup is from %1."), newest_backup)
                  if newest_backup else self.tr("There is no healthy backup."))
        unreadable = (fill(self.tr("%1 record(s) cannot be read and are left out. "),
                           health.unreadable_records) if health.unreadable_records else "")
        self._show(fill(self.tr(
            "Your log is damaged (%1). It is open read-only: you see what can still be read, "
            "and nothing is saved until it is restored. %2%3"), health.findings[0], unreadable,
            backup), restore=bool(newest_backup))

    def show_read_only_folder(self, reason: str) -> None:
        self._show(fill(self.tr(
            "Your log is open read-only: %1. You can look, export and print the summary; "
            "nothing new can be saved until the folder can be written."), reason), restore=False)

    def show_replaced(self, problem: str) -> None:
        """The log file was replaced by one that cannot be opened (ui/app/file_watch.py)."""
        self._show(fill(self.tr(
            "Your log was replaced by another program with a file kratomtrack cannot open "
            "(%1). What you see is your log as it was; nothing more is saved. Close kratomtrack "
            "and start it again once your log is back."), problem), restore=False)

    def _show(self, text: str, *, restore: bool) -> None:
        self.label.setStyleSheet(refusal_style(self))
        self.label.setText("⚠ " + text)
        self.restore_button.setVisible(restore)
        self.show()


class LogHealthWatch(QObject):
    """Runs the whole-log check off the window's thread; ``checked`` carries the result.

    It is also the log's write gate (``db.write_gate``): a write asked for
    before the check has passed waits for it (``waiting`` says so in words)
    and is refused, like any write to a read-only log, if the check finds
    damage. Damage that SQLite's quick check misses is never written into.
    """

    checked = Signal(object)  # LogHealth, delivered on the window's thread
    waiting = Signal(str)  # a write waits for the check ("" once it no longer does)
    _found = Signal(int, object, str)

    def __init__(self, db: LogDatabase, bar: ReadOnlyBar, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.bar = bar
        self.health: LogHealth | None = None
        self._thread: threading.Thread | None = None
        self._runs = 0  # checks started
        self._applied = 0  # the last check whose result the window has taken
        self._result: tuple[int, LogHealth, str] | None = None  # the last one found
        self._found.connect(self._apply)  # queued: emitted from the check's thread
        db.write_gate = self.before_write
        if db.read_only and db.read_only_reason not in ("", DAMAGED):
            bar.show_read_only_folder(db.read_only_reason)

    @property
    def checking(self) -> bool:
        """Whether a check was started whose result the window has not taken yet."""
        return self._applied < self._runs

    def start(self) -> None:
        """Check the log in the background (once at a time)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._runs += 1
        run, path = self._runs, self.db.path

        def check() -> None:
            health, newest = _checked(path)
            self._result = (run, health, newest)
            self._found.emit(run, health, newest)

        self._thread = threading.Thread(target=check, name="kratomtrack-log-check", daemon=True)
        self._thread.start()

    def start_once(self) -> None:
        """Start the check unless one was started already (by an early write)."""
        if self._runs == 0:
            self.start()

    def before_write(self) -> None:
        """The write gate: return once the log has been checked (at once if it has)."""
        if self.db.read_only:
            return  # refused anyway, in its own words
        self.start_once()  # a write before the first paint (a script): check now
        if not self.checking:
            return
        self.waiting.emit(self.tr("Checking your log… your entry will be saved in a moment."))
        loop = QEventLoop()
        self.checked.connect(loop.quit)
        poll = QTimer(loop, interval=POLL_MS)  # a check's thread that ended without a word
        poll.timeout.connect(lambda: self._thread is not None and not self._thread.is_alive()
                             and loop.quit())
        poll.start()
        try:
            if self.checking:
                # Painting and timers go on; clicks and keys wait with the write.
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            self.checked.disconnect(loop.quit)
            poll.stop()
        self.settle()  # the loop may have ended early (the app is quitting)
        self.waiting.emit("")

    def settle(self) -> None:
        """Wait for the check's thread and take its result now, if not taken yet."""
        self.wait(None)
        if not self.checking:
            return
        result = self._result
        if result is None or result[0] != self._runs:
            health = LogHealth()
            health.add("the full check did not finish")  # never writable on a doubt
            result = (self._runs, health, "")
        self._apply(*result)

    def wait(self, timeout: float | None = 30.0) -> None:
        """For scripts, tests and the window's exit: until the check's thread has finished."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _apply(self, run: int, health: LogHealth, newest_backup: str) -> None:
        if run <= self._applied:
            return  # taken already (settle)
        self._applied = run
        self.health = health
        if not health.healthy:
            self.db.read_only = True
            self.db.read_only_reason = DAMAGED
            self.bar.show_damaged(health, newest_backup)
        elif self.db.read_only_reason == DAMAGED:  # a healthy backup was restored since
            try:
                self.db.reopen_writable()
            except (SchemaError, SaveError, OSError) as err:
                self.bar.show_read_only_folder(str(err))
            else:
                self.bar.hide()
        self.checked.emit(health)


def _checked(path) -> tuple[LogHealth, str]:
    """The whole-log check's result and, for a damaged log, the newest healthy backup.

    Whatever goes wrong is a finding, never a traceback on a thread: a log
    that could not be checked is not taken for healthy.
    """
    from kratomtrack.store.backups import newest_good_backup

    try:
        health = check_whole_log(path)
    except Exception as err:  # noqa: BLE001 - said in the read-only bar
        health = LogHealth()
        health.add(f"the full check could not finish ({type(err).__name__}: {err})")
    newest = ""
    if not health.healthy:
        try:
            good = newest_good_backup(path.parent)
        except Exception:  # noqa: BLE001 - then no backup is offered, and the bar says so
            good = None
        newest = good.when if good else ""
    return health, newest
