"""The window's start after its first paint, one step at a time.

The whole-log check, the idle lock, the daily reminder, the warning, the
check-up markers, the plan line, the pain-after prompt and the chart
preload, then what the app adds once the window has started (the listener
for later starts, the day's backup): each runs even if another failed. A
record that one step cannot read must not leave the log unchecked or a
protected log without its idle lock. A step that fails is said in words in
a bar above the pages, never as a traceback, and the rest go on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill

if TYPE_CHECKING:
    from kratomtrack.ui.app.main_window import MainWindow

# How long after the start the chart library starts loading (ui/pages/trends/preload.py).
CHART_PRELOAD_DELAY_MS = 1000
DETAIL_CHARS = 200  # of a failure's technical words, in the notice's tooltip


class StartSteps(QObject):
    """Runs the window's start steps; ``failures`` says which did not work, in words."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.begun = False
        self.done = False
        self.failures: list[str] = []
        self._details: list[str] = []
        self.notice: QLabel | None = None  # in a bar above the pages once a step failed

    def run(self, what: str, step: Callable[[], object]) -> bool:
        """Run ``step``; if it fails, say ``what`` did not work. True if it worked."""
        try:
            step()
        except Exception as err:  # noqa: BLE001 - said in words; the other steps still run
            self.failed(what, err)
            return False
        return True

    def failed(self, what: str, err: BaseException) -> None:
        self.failures.append(what)
        self._details.append(f"{what}: {type(err).__name__}: {err}"[:DETAIL_CHARS])
        text = fill(self.tr("Part of the start did not work: %1. Everything else works. If this "
                            "happens at every start, part of your log may be damaged: File → "
                            "Restore from backup… puts a backup back."), "; ".join(self.failures))
        if self.notice is None:
            self.notice = self._make_notice()
        self.notice.setText("⚠ " + text)
        self.notice.setAccessibleName(text)
        self.notice.setToolTip("\n".join(self._details))
        announce(self.window, text, ASSERTIVE)

    def _make_notice(self) -> QLabel:
        """A bar under the read-only bar (above the pages), as that one looks."""
        window = self.window
        frame = QFrame()
        frame.setObjectName("start_failures")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(refusal_style(label))
        QHBoxLayout(frame).addWidget(label)
        layout = window.read_only_bar.parentWidget().layout()
        layout.insertWidget(layout.indexOf(window.read_only_bar) + 1, frame)
        return label

    def finish(self) -> None:
        """The steps after the first paint (once), then ``window.started``."""
        if self.begun:
            return
        self.begun = True
        window = self.window
        page = window.today_page
        # The check first: until it has passed, saves wait for it. The idle lock
        # next: a protected log locks whatever else fails.
        self.run(self.tr("the full check of your log could not start"), window.health_watch.start_once)
        self.run(self.tr("the lock after idle minutes could not be set up"), self._idle_lock)
        self.run(self.tr("the daily reminder could not start"), self._reminder)
        if not self.run(self.tr("today's warning and alerts could not be shown"), window.update_safety):
            window.warning_strip.hide()  # not half a warning: the notice says it is missing
        self.run(self.tr("the check-up reminders could not be shown"), page.refresh_due_markers)
        self.run(self.tr("your reduction plan could not be read"), page.show_plans)
        self.run(self.tr("the question about pain after a dose could not be shown"),
                 page.show_pain_after_prompt)
        self.run(self.tr("the second backup folder could not be set up"), self._second_copy)
        self.run(self.tr("sync with your other computers could not start"), self._sync)
        # The chart library loads a moment later, so that a page opened right
        # after the start (History, say) does not share the first second with
        # numpy's set-up, which holds Python for a few hundred milliseconds.
        QTimer.singleShot(CHART_PRELOAD_DELAY_MS, self, lambda: self.run(
            self.tr("the charts could not be prepared"), window.preload_charts))
        self.done = True
        window.started.emit()

    def _idle_lock(self) -> None:
        from kratomtrack.ui.app.idle_lock import IdleLock

        # A protected log locks after idle minutes (Settings → Privacy).
        window = self.window
        window.idle_lock = IdleLock(window, before_lock=window.today_page.save_day_note)

    def _reminder(self) -> None:
        from kratomtrack.ui.app.reminder import DailyReminder

        # Off unless turned on (Edit → Daily reminder…); no timer runs while off.
        window = self.window
        reminder = DailyReminder(window.db, window)
        reminder.open_today.connect(window.show_today_in_front)
        reminder.log_dose_requested.connect(window.log_dose_from_tray)  # ui/app/menus.py
        window.reminder = reminder

    def _sync(self) -> None:
        window = self.window
        if window.db.setting("sync") is not None:  # one row read: nothing of sync loads when it is off
            window.start_sync()

    def _second_copy(self) -> None:
        from kratomtrack.ui.app.second_copy import SecondCopy

        window = self.window
        window.second_copy = SecondCopy(window)  # copies to the second backup folder (after the day's backup)
        window.second_copy.warn_if_synced()
