"""Under Today's dose form: "Last dose 3 h 20 min ago (2.5 g powder, Red Bali)", and
"the same again" (Ctrl+D), which logs that dose's amount, form and product now.

The line shows only while Today shows today, and follows the clock once a
minute (the window's day timer calls ``tick``). It states what was logged;
it never says whether it is time for another dose (docs/health-content.md).

For screen readers the line has a fixed name ("Time since the last dose")
and a description that names the dose and when it was taken: both change
only when the last dose changes, so nothing is announced each minute (Qt
tells screen readers of a label's new text only while it has no name of its
own).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from kratomtrack.core.entry import typo_check
from kratomtrack.core.last_dose import dose_words, duration_text, minutes_since
from kratomtrack.core.records import Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.recent_doses import last_dose
from kratomtrack.ui.commands.log_commands import AddDose
from kratomtrack.ui.pages.today.dose_entry import ask_if_right
from kratomtrack.ui.pages.today.fields import form_label
from kratomtrack.ui.widgets.look import muted
from kratomtrack.ui.wording import fill

if TYPE_CHECKING:
    from kratomtrack.ui.pages.today.page import TodayPage


class LastDoseLine(QLabel):
    """How long ago the last dose was taken, and what it was; hidden on other days
    and before any dose. ``clock`` is for tests."""

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        muted(self)
        self.db = db
        self.clock = dt.datetime.now
        self.last: Dose | None = None
        self.on_today = True
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Time since the last dose"))
        self.hide()

    def reload(self, on_today: bool) -> None:
        """Read the last dose again (the log changed, or another day is shown)."""
        self.on_today = on_today
        last = last_dose(self.db, self.clock()) if on_today else None
        if last != self.last:
            self.last = last
            self.setAccessibleDescription(self._taken_words(last) if last is not None else "")
        self.tick()

    def tick(self) -> None:
        """The time since the last dose, as of now (each minute)."""
        now = self.clock()
        if self.last is not None and self.last.taken_at > now:  # the clock went back: not negative
            self.reload(self.on_today)
            return
        minutes = minutes_since(self.last, now)
        if not self.on_today or minutes is None:
            self.hide()
            self.clear()
            return
        self.setText(fill(self.tr("Last dose %1 ago (%2)"), duration_text(minutes),
                          dose_words(self.last, form_label)))
        self.show()

    def _taken_words(self, dose: Dose) -> str:
        day = dose.taken_at.date()
        today = self.clock().date()
        when = (self.tr("today") if day == today else self.tr("yesterday")
                if day == today - dt.timedelta(days=1) else day.isoformat())
        return fill(self.tr("Taken at %1 %2: %3"), dose.taken_at.strftime("%H:%M"), when,
                    dose_words(dose, form_label))


def log_same_again(page: TodayPage) -> bool:
    """Ctrl+D: with Grams empty, log the last dose's amount, form and product again, now,
    as a typed dose is (validation, the typo guard, undo). True if it was logged."""
    if page.grams.text().strip():
        page.said.emit(QCoreApplication.translate(
            "TodayPage", "Grams has an amount typed: Enter logs it. Empty Grams to log the last dose again."))
        return False
    now = dt.datetime.now().replace(second=0, microsecond=0)
    last = last_dose(page.db, now)
    if last is None:
        page.said.emit(QCoreApplication.translate(
            "TodayPage", "No dose is logged yet, so there is none to log again. Nothing was logged."))
        return False
    dose = Dose(now, last.grams, last.form, last.product)
    check = typo_check(dose, page.db.doses_on(now.date()))
    if check.needs_confirmation and not ask_if_right(page, check, dose.form):
        return False
    if page.day != now.date():
        page.set_day(now.date())  # the dose is logged today: show it there
    if not page._apply(AddDose(page.db, dose), lambda: log_same_again(page)):
        return False
    words = fill(QCoreApplication.translate("TodayPage", "Logged again: %1"), dose_words(dose, form_label))
    page.said.emit(words)
    page.grams.setFocus()
    page.grams.setAccessibleDescription(words)
    return True
