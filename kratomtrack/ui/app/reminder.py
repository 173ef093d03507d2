"""The daily reminder: its setting, its dialog, and the tray notification.

The setting lives in the window's QSettings (ui/settings/reminders.py), not in the
log: it is about this computer's desktop (a notification area, a running
window), not part of the health record, so it is not exported, imported or
printed, and it stays the person's own when the window opens another log
(``--data-dir``). When the reminder is on and the desktop has a system tray,
kratomtrack checks once a minute whether to remind
(``core.reminder.should_remind``); clicking the notification opens Today.
The reminder can only appear while kratomtrack is running (the window may
be minimised).

The tray icon is shown whenever the desktop has a system tray, reminder on
or off: its menu's "Log a dose…" opens a small window for a dose without
bringing up the main window (ui/app/tray_dose.py), and "Open kratomtrack"
opens Today. Where there is no tray (QSystemTrayIcon.isSystemTrayAvailable()
is false) there is no icon, and so no "Log a dose…": Today, Ctrl+D and
``kratomtrack dose`` log a dose there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.reminder import (
    CHECK_INTERVAL_MS,
    PAIN_AFTER_HOURS,
    PainAfterSetting,
    ReminderSetting,
    should_remind,
    time_text,
)
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.settings.reminders import (
    last_reminded,
    load_pain_after_setting,
    load_reminder_setting,
    save_pain_after_setting,
    save_reminder_setting,
    set_last_reminded,
)
from kratomtrack.ui.widgets.look import muted
from kratomtrack.ui.widgets.qdates import TimeEdit
from kratomtrack.ui.wording import fill


def tray_available() -> bool:
    """Whether the desktop has a system tray (notification area) to remind from."""
    return QSystemTrayIcon.isSystemTrayAvailable()


class PainAfterSettings(QWidget):
    """On/off and after how many hours Today asks "How is your pain now?" (no tray needed)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.enabled_box = QCheckBox(self.tr("&Ask \u201cHow is your pain now?\u201d"))
        self.hours = QComboBox()
        for hours in PAIN_AFTER_HOURS:
            self.hours.addItem(self.tr("1 hour after a dose") if hours == 1
                               else fill(self.tr("%1 hours after a dose"), hours), hours)
        self.hours.setAccessibleName(self.tr("When to ask about your pain after a dose"))
        row.addWidget(self.enabled_box)
        row.addWidget(self.hours)
        row.addStretch(1)
        layout.addLayout(row)
        explanation = muted(QLabel(self.tr(
            "For a dose logged with its pain now: Today asks once, and your answer is kept as the "
            "pain after that dose (Trends shows the relief per dose). Only while kratomtrack is open.")))
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.enabled_box.toggled.connect(self.hours.setEnabled)
        setting = load_pain_after_setting()
        self.enabled_box.setChecked(setting.enabled)
        self.hours.setCurrentIndex(self.hours.findData(setting.hours))
        self.hours.setEnabled(setting.enabled)

    def setting(self) -> PainAfterSetting:
        return PainAfterSetting(self.enabled_box.isChecked(), self.hours.currentData())


class ReminderSettings(QWidget):
    """On/off and the time; disabled, saying why, when the desktop has no system tray."""

    def __init__(self, parent: QWidget | None = None, *, available: bool | None = None):
        super().__init__(parent)
        self.available = tray_available() if available is None else available
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled_box = QCheckBox(self.tr("&Remind me to log each day"))
        self.time_edit = TimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName(self.tr("At (time of the daily reminder)"))
        time_label = QLabel(self.tr("&at"))
        time_label.setBuddy(self.time_edit)
        row = QHBoxLayout()
        row.addWidget(self.enabled_box)
        row.addWidget(time_label)
        row.addWidget(self.time_edit)
        row.addStretch(1)
        layout.addLayout(row)
        self.explanation = muted(QLabel())
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        self.enabled_box.toggled.connect(self._update_enabled)
        self.set_setting(load_reminder_setting())
        if self.available:
            self.explanation.setText(self.tr(
                "If you have logged no dose and no check-in by then, a notification invites you "
                "to log; clicking it opens Today. It appears only while kratomtrack is running "
                "(the window can be minimised)."))
        else:
            self.explanation.setText(self.tr(
                "Not available: this desktop has no system tray (notification area), so "
                "kratomtrack cannot show a reminder here."))
            self.enabled_box.setChecked(False)
            self.setEnabled(False)

    def _update_enabled(self, on: bool) -> None:
        self.time_edit.setEnabled(on)

    def setting(self) -> ReminderSetting:
        at = self.time_edit.time()
        return ReminderSetting(self.enabled_box.isChecked() and self.available,
                               dt.time(at.hour(), at.minute()))

    def set_setting(self, setting: ReminderSetting) -> None:
        self.enabled_box.setChecked(setting.enabled)
        self.time_edit.setTime(QTime(setting.at.hour, setting.at.minute))
        self._update_enabled(setting.enabled)


class _SettingDialog(QDialog):
    """A setting widget (``settings_widget``) with OK/Cancel, or Close only when
    there is nothing to choose; ``save`` runs on OK."""

    def __init__(self, title: str, widget: QWidget, choosable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.settings_widget = widget
        layout.addWidget(widget)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            if choosable else QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)
        # Wrapped text: never shrunk until it overlaps (Qt allows that for a window).
        self.setMinimumHeight(self.heightForWidth(self.minimumWidth()))

    def save(self) -> None:
        raise NotImplementedError


class ReminderDialog(_SettingDialog):
    """Edit → Daily reminder…: the ReminderSettings; OK saves them. ``saved`` follows a save."""

    saved = Signal(object)  # the ReminderSetting saved

    def __init__(self, parent: QWidget | None = None, *, available: bool | None = None):
        widget = ReminderSettings(available=available)
        # Without a tray there is nothing to choose: Close only.
        super().__init__(QCoreApplication.translate("ReminderDialog", "Daily reminder"), widget,
                         widget.available, parent)

    def save(self) -> None:
        setting = self.settings_widget.setting()
        save_reminder_setting(setting)
        self.saved.emit(setting)
        self.accept()


class PainAfterDialog(_SettingDialog):
    """Edit → Pain after a dose…: the PainAfterSettings; OK saves them (off by default)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("PainAfterDialog", "Pain after a dose"),
                         PainAfterSettings(), True, parent)

    def save(self) -> None:
        save_pain_after_setting(self.settings_widget.setting())
        self.accept()


class DailyReminder(QObject):
    """Owns the tray icon and the once-a-minute check; ``open_today`` when the notification
    (or the icon, or its "Open kratomtrack") is clicked, ``log_dose_requested`` for its "Log a dose…".

    Without a tray: no icon and no timer. With one, the icon is shown; the
    timer runs only while the reminder is on. ``clock`` is for tests.
    """

    open_today = Signal()
    log_dose_requested = Signal()
    reminded = Signal()  # after a notification was shown

    def __init__(self, db: LogDatabase, window: QWidget | None = None, *,
                 clock: Callable[[], dt.datetime] = dt.datetime.now,
                 available: bool | None = None):
        super().__init__(window)
        self.db = db
        self.window = window
        self.clock = clock
        self.available = tray_available() if available is None else available
        self.setting = ReminderSetting()
        self.tray: QSystemTrayIcon | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.apply_setting(load_reminder_setting())

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def apply_setting(self, setting: ReminderSetting) -> None:
        """Start or stop the timer, as the setting says; the icon shows wherever there is a tray."""
        self.setting = setting
        if self.available:
            self._show_tray()
        if setting.enabled and self.available:
            self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def logged_on(self, day: dt.date) -> bool:
        """Whether the day has a dose or a check-in with something in it."""
        if self.db.doses_on(day):
            return True
        checkin = self.db.checkin(day)
        return checkin is not None and not checkin.is_empty

    def due(self, now: dt.datetime | None = None) -> bool:
        now = now or self.clock()
        window = self.window
        in_front = (window is not None and window.isVisible() and window.isActiveWindow()
                    and not window.isMinimized())
        return should_remind(now, self.setting, last_reminded=last_reminded(),
                             logged_today=self.logged_on(now.date()), window_in_front=in_front)

    def check(self) -> bool:
        """Show the notification if it is due now; returns whether it was shown."""
        now = self.clock()
        if not self.available or not self.due(now):
            return False
        self._show_tray()
        self.tray.showMessage(
            "kratomtrack",
            # Invites a record, never a dose: pain and side effects come first.
            self.tr("Nothing is logged for today yet. Click here to fill in today: pain, side effects "
                    "and any doses taken."),
            self.tray.icon(), 20_000)
        set_last_reminded(now.date())
        self.reminded.emit()
        return True

    def _show_tray(self) -> None:
        if self.tray is None:
            from kratomtrack.ui.app.icon import app_icon

            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.messageClicked.connect(self.open_today)
            self.tray.activated.connect(self._tray_activated)
            menu = QMenu()  # a tray's menu has no parent widget; kept by the reminder
            self.tray_menu = menu
            self.log_dose_action = menu.addAction(self.tr("&Log a dose\u2026"), lambda: self.log_dose_requested.emit())
            menu.addAction(self.tr("&Open kratomtrack"), lambda: self.open_today.emit())
            self.tray.setContextMenu(menu)
        self.tray.setToolTip(fill(self.tr("kratomtrack: daily reminder at %1"), time_text(self.setting.at))
                             if self.setting.enabled else "kratomtrack")
        self.tray.show()

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_today.emit()

