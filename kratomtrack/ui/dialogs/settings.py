"""Settings: first about the person (name and date of birth for the summary, the
help-line country, check-up reminders); "For my doctor", the background for the
doctor with what else they take (ui/dialogs/background.py); then "Advanced", the
warning's thresholds (conventions, data-driven from core.warning.settings.SETTING_FIELDS)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.checkups import WITHDRAWAL_SYMPTOMS
from kratomtrack.core.safety import HELP_COUNTRIES, help_lines
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.core.warning.settings import SETTING_FIELDS, WarningSettings
from kratomtrack.core.warning.words import THRESHOLDS_ARE_CONVENTIONS
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.dialogs.background import BackgroundTab
from kratomtrack.ui.dialogs.backups_tab import BackupsTab
from kratomtrack.ui.dialogs.privacy import PrivacyTab
from kratomtrack.ui.dialogs.sync import SyncTab
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.qdates import DayEdit, fit_longest_day, from_qdate, to_qdate
from kratomtrack.ui.widgets.screen_fit import fit_to_screen, scrolled
from kratomtrack.ui.widgets.warning_banner import system_help_country
from kratomtrack.ui.wording import fill

NOT_GIVEN = QDate(1900, 1, 1)  # the date of birth's "not given"

GROUP_TITLES = {
    "rule": QT_TRANSLATE_NOOP("SettingsDialog", "The warning: frequent AND rising"),
    "supporting": QT_TRANSLATE_NOOP("SettingsDialog", "Added to the warning (these never turn it on by themselves)"),
    "dismissal": QT_TRANSLATE_NOOP("SettingsDialog", "Dismissing the warning"),
}


def _warning_text(text: str) -> str:
    """A label or unit marked in core.warning.settings, in the person's language."""
    return QCoreApplication.translate("warning", text)


class SettingsDialog(QDialog):
    """Edits Preferences; OK saves everything in one transaction. ``saved`` follows a save."""

    saved = Signal()

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Settings"))
        prefs = preferences.load_preferences(db)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._person_tab(prefs), self.tr("You"))
        self.background = BackgroundTab(db, self)
        self.background.saved.connect(self.saved)
        self.tabs.addTab(self.background, self.tr("For my doctor"))
        self.advanced = self._warning_tab(prefs.warning)
        self.tabs.addTab(self.advanced, self.tr("Advanced"))
        self.privacy = PrivacyTab(db, self)
        self.tabs.addTab(scrolled(self.privacy), self.tr("Privacy"))
        self.backups = BackupsTab(db, self)  # the second backup folder: ui/dialogs/backups_tab.py
        self.tabs.addTab(scrolled(self.backups), self.tr("Backups"))
        self.sync = SyncTab(db, self)
        self.tabs.addTab(scrolled(self.sync), self.tr("Sync"))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wide enough for the thresholds and their defaults on one line each, where
        # the screen has the room; on a small one (1366x768 at 150%) the tabs
        # scroll and the labels wrap, and OK and Cancel stay in sight.
        scrollbar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        fit_to_screen(self, QSize(max(640, self._rows_width + scrollbar + 60), 620))

    def tab_of(self, widget: QWidget) -> int:
        """The index of the tab that holds ``widget`` (a tab's page may be a scroll area)."""
        return next((i for i in range(self.tabs.count())
                     if self.tabs.widget(i) is widget or self.tabs.widget(i).isAncestorOf(widget)), -1)

    def show_tab_of(self, widget: QWidget) -> None:
        self.tabs.setCurrentIndex(self.tab_of(widget))

    # --- the warning's thresholds ----------------------------------------------------

    def _person_tab(self, prefs: preferences.Preferences) -> QWidget:
        """The first tab: who the summary is about, help lines, reminders."""
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self._summary_box())
        self._safety_boxes(layout, prefs)
        self._checkups_boxes(layout, prefs)
        layout.addStretch(1)
        return scrolled(inner)

    def _warning_tab(self, settings: WarningSettings) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        statement = QLabel(_warning_text(THRESHOLDS_ARE_CONVENTIONS) + " " + self.tr(
            "The defaults follow kratomtrack's clinical notes. Changing them changes only when the "
            "warning shows, never your log."))
        statement.setObjectName("conventions_statement")
        statement.setWordWrap(True)
        outer.addWidget(statement)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        self.inputs: dict[str, QSpinBox | QDoubleSpinBox] = {}
        defaults = WarningSettings()
        forms: dict[str, QFormLayout] = {}
        for spec in SETTING_FIELDS:
            if spec.group not in forms:
                title = GROUP_TITLES.get(spec.group, spec.group)  # a new group needs only its title
                box = QGroupBox(QCoreApplication.translate("SettingsDialog", title))
                forms[spec.group] = QFormLayout(box)
                # On a narrow screen a row's field goes under its label: the default stays in sight.
                forms[spec.group].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                inner_layout.addWidget(box)
            if spec.decimals:
                spin = QDoubleSpinBox()
                spin.setDecimals(spec.decimals)
                spin.setSingleStep(0.5 if spec.unit.startswith("g") else 1)
            else:
                spin = QSpinBox()
            spin.setRange(spec.minimum, spec.maximum)
            spin.setMinimumWidth(120)
            if spec.unit:
                spin.setSuffix(f" {_warning_text(spec.unit)}")
            spin.setValue(getattr(settings, spec.name))
            spin.setObjectName(spec.name)
            spin.setAccessibleName(_warning_text(spec.label) + (f" ({_warning_text(spec.unit)})" if spec.unit else ""))
            default = getattr(defaults, spec.name)
            hint = QLabel(fill(self.tr("default %1"), f"{default:g}"))
            spin.setAccessibleDescription(hint.text())
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(hint)
            row.addStretch(1)
            label = QLabel(_warning_text(spec.label))
            label.setBuddy(spin)
            forms[spec.group].addRow(label, row)
            self.inputs[spec.name] = spin
        inner_layout.addStretch(1)
        self._rows_width = inner.sizeHint().width()  # each row on one line
        # Never narrower than its rows (labels wrapped), so each default stays in sight.
        outer.addWidget(scrolled(inner, frame=True), 1)
        self.reset_button = QPushButton(self.tr("Reset to defaults"))
        self.reset_button.setAccessibleName(self.tr("Reset the warning's thresholds to their defaults"))
        self.reset_button.clicked.connect(lambda: self.set_warning_settings(WarningSettings()))
        outer.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def set_warning_settings(self, settings: WarningSettings) -> None:
        for name, spin in self.inputs.items():
            spin.setValue(getattr(settings, name))

    def warning_settings(self) -> WarningSettings:
        values = {f.name: self.inputs[f.name].value() for f in fields(WarningSettings)}
        return replace(WarningSettings(), **values)

    # --- help lines ---------------------------------------------------

    def _safety_boxes(self, layout: QVBoxLayout, prefs: preferences.Preferences) -> None:
        help_box = QGroupBox(self.tr("Help lines"))
        help_layout = QFormLayout(help_box)
        self.country = QComboBox()
        self.country.setAccessibleName(self.tr("Country for help lines"))
        for key, name in HELP_COUNTRIES.items():
            self.country.addItem(QCoreApplication.translate("safety", name), key)
        chosen = prefs.country or system_help_country()
        self.country.setCurrentIndex(max(0, self.country.findData(chosen)))
        country_label = QLabel(self.tr("Country:"))
        country_label.setBuddy(self.country)
        help_layout.addRow(country_label, self.country)
        self.help_preview = QLabel()
        self.help_preview.setWordWrap(True)
        help_layout.addRow(self.help_preview)
        self.country.currentIndexChanged.connect(self._update_help_preview)
        layout.addWidget(help_box)

        self._update_help_preview()

    def _update_help_preview(self) -> None:
        lines = help_lines(self.country.currentData())
        self.help_preview.setText("\n".join(lines.lines) + "\n" + fill(self.tr(
            "(Numbers last checked %1.)"), lines.checked.isoformat()))

    # --- check-ups ------------------------------------------------------------------------

    def _checkups_boxes(self, layout: QVBoxLayout, prefs: preferences.Preferences) -> None:
        reminders = QGroupBox(self.tr("Check-up reminders"))
        reminders_layout = QVBoxLayout(reminders)
        self.peg_reminders = QCheckBox(self.tr("Show when the weekly pain check (PEG) is due"))
        self.peg_reminders.setAccessibleName(self.peg_reminders.text())
        self.peg_reminders.setChecked(prefs.peg_reminders)
        self.sds_reminders = QCheckBox(self.tr(
            "Show when the monthly Severity of Dependence Scale is due"))
        self.sds_reminders.setAccessibleName(self.sds_reminders.text())
        self.sds_reminders.setChecked(prefs.sds_reminders)
        reminders_layout.addWidget(self.peg_reminders)
        reminders_layout.addWidget(self.sds_reminders)
        layout.addWidget(reminders)

        withdrawal = QGroupBox(self.tr("Withdrawal-type symptoms"))
        withdrawal_layout = QVBoxLayout(withdrawal)
        text = QLabel(fill(self.tr("Add these to your side-effect list so you can rate them each day: %1. "
                                   "When rated, they are shown with the dependence warning."),
                           ", ".join(WITHDRAWAL_SYMPTOMS)))
        text.setWordWrap(True)
        withdrawal_layout.addWidget(text)
        self.add_withdrawal_button = QPushButton(self.tr("Add them to my side effects"))
        self.add_withdrawal_button.setAccessibleName(
            self.tr("Add withdrawal-type symptoms to my side effects"))
        self.add_withdrawal_button.clicked.connect(self.add_withdrawal_symptoms)
        withdrawal_layout.addWidget(self.add_withdrawal_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.withdrawal_result = QLabel()
        withdrawal_layout.addWidget(self.withdrawal_result)
        layout.addWidget(withdrawal)

    def add_withdrawal_symptoms(self) -> None:
        added = checkups.add_withdrawal_symptoms(self.db)
        self.withdrawal_result.setText(
            fill(self.tr("Added: %1."), ", ".join(added)) if added
            else self.tr("They are already in your side-effect list."))

    # --- who the summary is about ------------------------------------------------------------

    def _summary_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("For the summary"))
        layout = QVBoxLayout(box)
        note = QLabel(self.tr(
            "Both are optional; they are printed on the summary for your doctor, so that the "
            "pages can be matched to you. They are stored only in your log on this computer."))
        note.setObjectName("summary_note")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.patient_name = QLineEdit(preferences.patient_name(self.db))
        self.patient_name.setMaxLength(preferences.NAME_MAX)
        self.patient_name.setPlaceholderText(self.tr("optional"))
        self.patient_name.setAccessibleName(self.tr("Name (optional, printed on the summary)"))
        name_label = QLabel(self.tr("&Name:"))
        name_label.setBuddy(self.patient_name)
        form.addRow(name_label, self.patient_name)
        # The window's date style and calendar; its first day stands for "not given".
        self.birth_date = DayEdit()
        self.birth_date.setCalendarPopup(True)
        fit_longest_day(self.birth_date)
        self.birth_date.setDateRange(NOT_GIVEN, QDate.currentDate())
        self.birth_date.setSpecialValueText(self.tr("not given"))
        self.birth_date.setAccessibleName(self.tr("Date of birth (optional, printed on the summary)"))
        self.set_born(preferences.birth_date(self.db))
        self.clear_born_button = QPushButton(self.tr("Clear"))
        self.clear_born_button.setAccessibleName(self.tr("Clear the date of birth"))
        self.clear_born_button.clicked.connect(lambda: self.set_born(None))
        born_label = QLabel(self.tr("&Date of birth:"))
        born_label.setBuddy(self.birth_date)
        row = QHBoxLayout()
        row.addWidget(self.birth_date)
        row.addWidget(self.clear_born_button)
        row.addStretch(1)
        form.addRow(born_label, row)
        layout.addLayout(form)
        return box

    def set_born(self, day: dt.date | None) -> None:
        """Show ``day`` as the date of birth (None: "not given")."""
        self.birth_date.setDate(to_qdate(day) if day else NOT_GIVEN)
        if day is None:  # the calendar then opens near a typical birth year, not in 1900
            calendar = self.birth_date.calendarWidget()
            calendar.setCurrentPage(1970, 1)
            names = {"qt_calendar_prevmonth": self.tr("Previous month"),
                     "qt_calendar_nextmonth": self.tr("Next month"),
                     "qt_calendar_monthbutton": self.tr("Month"),
                     "qt_calendar_yearbutton": self.tr("Year"), "qt_calendar_yearedit": self.tr("Year"),
                     "qt_tableview_cornerbutton": self.tr("Calendar")}
            for child in calendar.findChildren(QWidget):
                if child.objectName() in names:
                    child.setAccessibleName(names[child.objectName()])

    def born(self) -> dt.date | None:
        """The chosen date of birth; None when not given."""
        chosen = self.birth_date.date()
        return None if chosen == NOT_GIVEN else from_qdate(chosen)

    # --- saving ------------------------------------------------------------------------------

    def preferences(self) -> preferences.Preferences:
        return preferences.Preferences(
            self.warning_settings(), self.country.currentData(),
            self.peg_reminders.isChecked(), self.sds_reminders.isChecked())

    def save(self) -> None:
        if self.privacy.acts_on_ok(self.save):  # a passphrase typed: protect first, then save
            return
        try:
            born = self.born()
            with self.db.transaction():  # all or nothing
                preferences.save_preferences(self.db, self.preferences())
                preferences.set_patient(self.db, self.patient_name.text(), born)
                self.background.save_answers()
            self.privacy.save()  # the idle lock's minutes, on a protected log
        except (InvalidRecord, FieldError) as err:
            self.problem.setText(fill(self.tr("Not saved: %1"), _readable(err)))
            self.problem.setVisible(True)
            about_summary = isinstance(err, FieldError) and err.problem.field in ("name", "date of birth")
            # The thresholds refuse with an InvalidRecord; the background's answers with a FieldError.
            self.tabs.setCurrentWidget(self.tabs.widget(0) if about_summary else self.advanced
                                       if isinstance(err, InvalidRecord) else self.background)
            announce(self, self.problem.text(), ASSERTIVE)
            return
        self.saved.emit()
        self.accept()


def _readable(err: Exception) -> str:
    """Name fields by their label on the page, not their Python name."""
    from kratomtrack.core.warning.settings import SETTING_FIELDS_BY_NAME

    problems = getattr(err, "problems", None) or [err.problem]
    return "; ".join(
        f"{SETTING_FIELDS_BY_NAME[p.field].label if p.field in SETTING_FIELDS_BY_NAME else p.field}: "
        f"{p.message}" for p in problems)

