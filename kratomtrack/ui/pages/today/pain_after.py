"""Today's "How is your pain now?" strip: pain after a dose, when the person turned it on.

Edit → Pain after a dose… turns it on (off by default) and picks 1-3 hours.
A once-a-minute QTimer (like the daily reminder's; no OS scheduler) asks
core.reminder.pain_after_due for a dose logged with its pain now; the
answer is saved as that dose's pain after through the page's editor, so
Edit → Undo takes it back. Each dose is asked about once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.records import Dose
from kratomtrack.core.reminder import CHECK_INTERVAL_MS, pain_after_due
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_commands import SetPainAfter
from kratomtrack.ui.wording import fill


class PainAfterPrompt(QFrame):
    """Hidden until a dose is due; 0-10 records the pain after, "Not now" lets it go."""

    def __init__(self, db: LogDatabase, apply: Callable[[object, Callable[[], object]], bool],
                 parent: QWidget | None = None, *, clock: Callable[[], dt.datetime] = dt.datetime.now):
        super().__init__(parent)
        self.db, self._apply, self.clock = db, apply, clock
        self.dose: Dose | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("How is your pain now?"))
        layout = QVBoxLayout(self)
        self.question = QLabel()
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.buttons: list[QPushButton] = []
        em = self.fontMetrics().horizontalAdvance("M")
        for value in range(11):
            button = QPushButton(str(value))
            button.setMaximumWidth(3 * em)
            button.setAccessibleName(fill(self.tr("Pain now %1 of 10"), value))
            button.clicked.connect(lambda _=False, v=value: self.answer(v))
            row.addWidget(button)
            self.buttons.append(button)
        self.not_now_button = QPushButton(self.tr("Not now"))
        self.not_now_button.clicked.connect(self.let_go)
        row.addSpacing(em)
        row.addWidget(self.not_now_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> bool:
        """Ask about the dose now due, if any; returns whether the question shows."""
        if self.dose is not None:
            return True
        from kratomtrack.ui.settings.reminders import load_pain_after_setting, pain_after_asked

        now = self.clock()
        setting = load_pain_after_setting()
        if not setting.enabled:
            return False
        # The asking window can reach over midnight: read yesterday too.
        doses = self.db.doses_between(now.date() - dt.timedelta(days=1), now.date())
        dose = pain_after_due(doses, now, setting, pain_after_asked())
        if dose is None:
            return False
        self.dose = dose
        self.question.setText(fill(
            self.tr("How is your pain now? After your %1 dose at %2 (pain then: %3). 0 = none, 10 = worst."),
            amount_text(dose.milligrams, dose.form), dose.taken_at.strftime("%H:%M"), dose.pain_before))
        self.show()
        return True

    def answer(self, value: int) -> bool:
        """Save ``value`` as the dose's pain after (undoable)."""
        dose = self.dose
        if dose is None:
            return False
        current = next((d for d in self.db.doses_between(dose.day, dose.day) if d.id == dose.id), None)
        if current is None:  # removed meanwhile: nothing to record it on
            self.let_go()
            return False
        if not self._apply(SetPainAfter(self.db, current, value), lambda: self.answer(value)):
            return False
        self.let_go()
        return True

    def let_go(self) -> None:
        """Stop asking about this dose (it is not asked again)."""
        if self.dose is not None and self.dose.id is not None:
            from kratomtrack.ui.settings.reminders import set_pain_after_asked

            set_pain_after_asked(self.dose.id)
        self.dose = None
        self.hide()
