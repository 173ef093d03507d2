"""The tray icon's "Log a dose…": a small window, always on top, with the dose fields only.

Grams, form and product (the last dose's form and product to start with, the
product completing from the last 90 days' products); Enter logs the dose now.
It is read, checked and saved as a dose typed on Today: the same reader of
amounts (core/typed_amount.py), the same "Is this right?" question, and the
same command on the main window's undo stack, so Today shows it at once and
Ctrl+Z here (or Edit → Undo there) takes it back. The main window is not
raised: the window has no parent, so that a minimised main window stays so.

Imported when "Log a dose…" is first chosen, never at the window's start.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.entry import typo_check
from kratomtrack.core.last_dose import dose_words
from kratomtrack.core.quick_dose import typed_dose
from kratomtrack.core.records import Form
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.recent_doses import last_dose, recent_products
from kratomtrack.ui.commands.log_commands import AddDose
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.pages.today.dose_entry import ask_if_right, system_decimal_mark
from kratomtrack.ui.pages.today.fields import UndoPassThrough, form_label
from kratomtrack.ui.widgets.announce import ASSERTIVE, POLITE, announce
from kratomtrack.ui.widgets.look import heading, muted, refusal_style
from kratomtrack.ui.wording import fill


class TrayDoseWindow(QWidget):
    """Log one dose now; Esc closes. ``command`` is the dose it logged last (for Ctrl+Z here)."""

    def __init__(self, db: LogDatabase, editor: LogEditor):
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.db = db
        self.editor = editor
        self.command: AddDose | None = None
        # Closing it never ends the app, and the app's end (the main window closed) closes it.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setWindowTitle(self.tr("Log a dose \u2013 kratomtrack"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(QLabel(self.tr("Log a dose now"))))
        self.grams = QLineEdit()
        self.grams.setMaxLength(12)
        self.form = QComboBox()
        for form in Form:
            self.form.addItem(form_label(form), form.value)
        self.form.currentIndexChanged.connect(self._show_unit)
        self.form.installEventFilter(self)  # Enter on the form logs too, as on Today
        self.product = QLineEdit()
        self.product.setPlaceholderText(self.tr("optional"))
        self.product.setAccessibleName(self.tr("Product"))
        self.form.setAccessibleName(self.tr("Form"))
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.product.setCompleter(self.completer)
        grid = QGridLayout()
        self.grams_label = QLabel()
        self.grams_label.setBuddy(self.grams)
        for row, (label, field) in enumerate(((self.grams_label, self.grams),
                                              (QLabel(self.tr("Fo&rm")), self.form),
                                              (QLabel(self.tr("Produc&t")), self.product))):
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        layout.addLayout(grid)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(refusal_style(self))
        self.problem.hide()
        layout.addWidget(self.problem)
        self.result = muted(QLabel(self.tr("Enter logs it now; Esc closes.")))
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        self.log_button = QPushButton(self.tr("Log dose"))
        self.log_button.setDefault(True)
        self.log_button.clicked.connect(self.log_dose)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._undo_pass = UndoPassThrough(self)
        for line in (self.grams, self.product):
            line.returnPressed.connect(self.log_dose)
            line.installEventFilter(self._undo_pass)
            line.textEdited.connect(lambda _text: self.problem.hide())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        self._show_unit()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.result.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)  # "Saved: …" wraps to three lines

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.form and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.form.view().isVisible()):
            self.log_dose()
            return True
        return super().eventFilter(watched, event)

    def open_fresh(self) -> None:
        """Show the window, on top and with the grams focused, starting from the last dose's
        form and product; the main window stays where it is."""
        last = last_dose(self.db, dt.datetime.now())
        if last is not None:
            self.form.setCurrentIndex(self.form.findData(last.form.value))
            self.product.setText(last.product)
        self.completer.model().setStringList(recent_products(self.db, dt.date.today()))
        self.grams.setText("")
        self.problem.hide()
        self.show()
        self.raise_()
        self.activateWindow()
        self.grams.setFocus()

    def _show_unit(self) -> None:
        in_mg = self.form.currentData() == Form.SEVEN_OH.value
        self.grams_label.setText(self.tr("&Milligrams") if in_mg else self.tr("&Grams"))
        self.grams.setAccessibleName(self.tr("Milligrams") if in_mg else self.tr("Grams"))
        self.grams.setPlaceholderText(self.tr("e.g. 15") if in_mg else self.tr("e.g. 2.5"))

    def log_dose(self) -> bool:
        """Read, check and save the dose now, as Today does; True if it was saved."""
        now = dt.datetime.now().replace(second=0, microsecond=0)
        try:
            dose, amount = typed_dose(now, self.grams.text(), self.form.currentData(), self.product.text(),
                                      decimal_mark=system_decimal_mark(), today=now.date(), now=now)
        except InvalidRecord as err:
            names = {"grams": self.grams_label.text().replace("&", ""), "taken_at": self.tr("Time")}
            return self._refuse(" ".join(f"{names.get(p.field, p.field.capitalize())}: {p.message}."
                                         for p in err.problems))
        check = typo_check(dose, self.db.doses_on(now.date()))
        if check.needs_confirmation and not ask_if_right(self, check, dose.form):
            self.grams.setFocus()
            self.grams.selectAll()
            return False
        command = AddDose(self.db, dose)
        try:
            self.editor.apply(command)  # the main window's undo stack: Today shows it at once
        except InvalidRecord as err:
            return self._refuse(str(err))
        except SaveFailed as err:
            return self._refuse(err.message)
        self.command = command
        what = dose_words(dose, form_label)
        if amount.read_as:
            what = f"{what} ({amount.read_as})"
        said = fill(self.tr("Saved: %1 at %2. Ctrl+Z takes it back; Esc closes."),
                    what, dose.taken_at.strftime("%H:%M"))
        self.result.setText(said)
        self.grams.setText("")  # also empties the field's own undo: Ctrl+Z reaches the dose
        self.grams.setFocus()
        announce(self.grams, said, POLITE)
        return True

    def undo(self) -> bool:
        """Ctrl+Z: take back the dose logged here, if it is still the last change made."""
        stack = self.editor.stack
        if self.command is None or stack.index() == 0 or stack.command(stack.index() - 1) is not self.command:
            self.result.setText(self.tr("Nothing logged here to take back. Edit \u2192 Undo in the "
                                        "main window takes back its changes."))
            return False
        if not self.editor.undo():
            return False
        self.command = None
        self.result.setText(self.tr("Taken back: that dose is no longer in your log."))
        announce(self.grams, self.result.text(), POLITE)
        return True

    def _refuse(self, words: str) -> bool:
        text = fill(self.tr("Not saved. %1"), words)
        self.problem.setText("\u26a0 " + text)
        self.problem.show()
        # A top-level window does not grow for wrapped text by itself: room for every line.
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.layout().totalHeightForWidth(self.width())))
        self.grams.setFocus()
        self.grams.selectAll()
        announce(self.grams, text, ASSERTIVE)
        return False
