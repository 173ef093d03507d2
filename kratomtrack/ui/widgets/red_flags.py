"""The collapsed "Red flags" section of the Today page: the emergency and liver signs
of docs/health-content.md, "Red flags"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from kratomtrack.core.checkups import EMERGENCY, RED_FLAGS
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store import checkups
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.checkup_commands import SetRedFlag
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.widgets.look import toggle_button
from kratomtrack.ui.wording import fill


class RedFlagsSection(QWidget):
    """Tick a red-flag symptom to store it with the shown day.

    ``flags_changed(day)`` is emitted after each tick or untick is stored,
    so the banner can show (or drop) its alert at once.
    """

    flags_changed = Signal(object)

    def __init__(self, db: LogDatabase, parent: QWidget | None = None,
                 *, editor: LogEditor | None = None):
        super().__init__(parent)
        self.db = db
        # With an editor (the window's), each tick goes on its undo stack.
        self.editor = editor
        self.day = dt.date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = toggle_button(self.tr("Red flags"))
        self.header.setObjectName("red_flags_header")
        layout.addWidget(self.header)
        self.body = QWidget()
        self.body.setVisible(False)
        self.header.toggled.connect(self.body.setVisible)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(18, 0, 0, 0)
        intro = QLabel(self.tr("Tick any of these you had on this day. kratomtrack will show "
                               "what to do at the top of the window."))
        intro.setWordWrap(True)
        body.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        groups = {
            EMERGENCY: QGroupBox(self.tr("Emergency: call the local emergency number")),
            "liver": QGroupBox(self.tr("See a doctor soon (possible liver injury)")),
        }
        for kind, group in groups.items():
            group_layout = QVBoxLayout(group)
            for flag in RED_FLAGS:
                if flag.kind != kind:
                    continue
                name = QCoreApplication.translate("checkups", flag.key)  # marked in core.checkups
                box = QCheckBox(name[:1].upper() + name[1:])
                box.setObjectName(f"red_flag_{flag.key}")
                box.setAccessibleName(fill(self.tr("Red flag: %1"), name))
                box.toggled.connect(lambda on, key=flag.key: self._store(key, on))
                group_layout.addWidget(box)
                self.boxes[flag.key] = box
            body.addWidget(group)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        body.addWidget(self.problem)
        layout.addWidget(self.body)
        self._loading = False
        self.set_day(self.day)

    def set_day(self, day: dt.date) -> None:
        """Show the flags ticked on ``day``."""
        self.day = day
        ticked = checkups.red_flags_on(self.db, day)
        self._loading = True
        try:
            for key, box in self.boxes.items():
                box.setChecked(key in ticked)
        finally:
            self._loading = False
        self._update_header(len(ticked))
        self.problem.setVisible(False)

    def ticked(self) -> set[str]:
        return {key for key, box in self.boxes.items() if box.isChecked()}

    def _store(self, key: str, on: bool) -> None:
        if self._loading:
            return
        try:
            if self.editor is None:
                checkups.set_red_flag(self.db, self.day, key, on, today=dt.date.today())
            else:
                self.editor.apply(SetRedFlag(self.db, self.day, key, on))
        except (InvalidRecord, SaveFailed) as err:
            self.problem.setText(fill(self.tr("Not saved: %1"), getattr(err, "message", err)))
            self.problem.setVisible(True)
            self._loading = True
            self.boxes[key].setChecked(not on)
            self._loading = False
            return
        self.problem.setVisible(False)
        self._update_header(len(self.ticked()))
        self.flags_changed.emit(self.day)

    def _update_header(self, count: int) -> None:
        text = (self.tr("Red flags: signs that need a doctor") if not count else
                fill(self.tr("Red flags: %1 ticked on this day"), count))
        self.header.setText(text)
        self.header.setAccessibleName(text)
