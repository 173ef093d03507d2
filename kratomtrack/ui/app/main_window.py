"""The main window: Today, History and Trends a click or a shortcut apart.

A strip above the pages (``warning_area``) holds the WarningBanner, on every page.
``log_changed`` tells every page to read the log again: after each change
made here, and when the window is activated after another process (a
headless import) wrote to the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
import os

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from kratomtrack import __version__
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.window_settings import app_settings
from kratomtrack.ui.commands.log_editor import LogEditor
from kratomtrack.ui.pages.today.page import TodayPage

if TYPE_CHECKING:
    from kratomtrack.ui.pages.history import HistoryPage
    from kratomtrack.ui.app.reminder import DailyReminder, ReminderDialog
    from kratomtrack.ui.pages.trends import TrendsPage
    from kratomtrack.ui.widgets.warning_banner import WarningBanner

# What the first paint does not need (the warning strip, the check-up
# reminders, History, Trends, dialogs) is imported and built after it: the
# rule, safety and check-up modules alone cost the start about 30 ms.

PAGE_NAMES = ("today", "history", "trends")
DEFAULT_SIZE = (1120, 780)
# The smallest window in which every page still shows its controls and some
# of its content (a day's entry fields and doses, a dozen History rows, a chart).
MINIMUM_SIZE = (640, 480)
# How often the window checks whether the calendar day changed (midnight).
DAY_CHECK_MS = 60_000


class PageStack(QStackedWidget):
    """The pages. They ask only for their minimum height, so the banner above them
    gets its height first and the pages take the rest (they scroll)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())


class FirstPaint(QObject):
    """Calls ``then`` once, on the event-loop turn after ``window``'s first paint,
    or after ``latest_ms`` if the window is shown but was never painted (minimized)."""

    def __init__(self, window: QWidget, then: Callable[[], None], latest_ms: int = 2000):
        super().__init__(window)  # deleted with the window, and its timers with it
        self._window = window
        self._then = then
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._timer.start(latest_ms)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._window is not None:
            # Queued: the children paint and the frame is flushed first.
            self._timer.start(0)
        return False

    def _fire(self) -> None:
        window, self._window = self._window, None
        if window is None:
            return
        window.removeEventFilter(self)
        if window.isVisible():  # never for a window closed in the meantime
            self._then()


class MainWindow(QMainWindow):
    """kratomtrack's window over one open log."""

    log_changed = Signal()
    started = Signal()  # finish_start ran: the window is painted and complete

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.editor = LogEditor(db, self)
        self.undo_stack = self.editor.stack
        self._seen_data_version = db.data_version()
        self.setWindowTitle(self._title())

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.page_tabs = QTabBar()
        self.page_tabs.setDocumentMode(True)
        self.page_tabs.setExpanding(False)
        self.page_tabs.setAccessibleName(self.tr("Pages"))
        for title in (self.tr("Today"), self.tr("History"), self.tr("Trends")):
            self.page_tabs.addTab(title)
        layout.addWidget(self.page_tabs)
        # Reserved for warning banners (added by later features). With no
        # children and no margins it takes no space.
        self.warning_strip = QWidget()
        self.warning_strip.setObjectName("warning_strip")
        self.warning_area = QVBoxLayout(self.warning_strip)
        self.warning_area.setContentsMargins(0, 0, 0, 0)
        self.warning_area.setSpacing(0)
        layout.addWidget(self.warning_strip)
        self._warning_banner: WarningBanner | None = None  # built by finish_start
        self.pages = PageStack()
        self.today_page = TodayPage(db, self.editor)
        # History and Trends are built when first shown (or asked for), so
        # the window opens on Today without paying for pages not yet seen.
        self._built_pages: dict[str, QWidget] = {"today": self.today_page}
        for _name in PAGE_NAMES:
            self.pages.addWidget(self.today_page if _name == "today" else QWidget())
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_desktop_menus()
        self.page_tabs.currentChanged.connect(self._tab_changed)
        self.pages.currentChanged.connect(self._page_changed)
        self.log_changed.connect(self.update_safety)
        self.editor.changed.connect(self.log_changed)
        self.editor.saved.connect(lambda text: self.statusBar().showMessage(text))
        self.editor.failed.connect(self._undo_failed)
        self.editor.stepped.connect(self._show_stepped_day)
        self.log_changed.connect(self.today_page.refresh)
        self.statusBar().setSizeGripEnabled(True)
        if db.setting("demo", False):
            self.statusBar().addPermanentWidget(QLabel(self.tr("Demo log: invented data")))

        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.today_page.check_today)
        self._day_timer.timeout.connect(self._check_safety_day)
        self._day_timer.start()
        self._safety_day = dt.date.today()
        self.reminder: DailyReminder | None = None
        self._set_minimum_size()
        self._restore_settings()
        # Today's day is on the page now. The warning strip, the check-up
        # reminders and the daily reminder follow right after the first paint,
        # so the person sees the window without waiting for them.
        self._first_paint = FirstPaint(self, self.finish_start)

    def finish_start(self) -> None:
        """Show today's warning and due check-ups and start the reminder (once;
        the window does it just after its first paint, a script may call it sooner)."""
        if self.reminder is not None:
            return
        from kratomtrack.ui.app.reminder import DailyReminder

        # Off unless turned on (Edit → Daily reminder…); no timer runs while off.
        self.reminder = DailyReminder(self.db, self)
        self.reminder.open_today.connect(self.show_today_in_front)
        self.update_safety()
        self.today_page.refresh_due_markers()
        self.started.emit()

    @property
    def start_finished(self) -> bool:
        """Whether finish_start has run (the warning strip and reminders are in place)."""
        return self.reminder is not None

    @property
    def warning_banner(self) -> WarningBanner:
        """The banner in the strip above the pages, built the first time it is needed."""
        if self._warning_banner is None:
            from kratomtrack.ui.widgets.warning_banner import BannerStrip, WarningBanner

            # Parented at once: made after the window is shown, a parentless
            # widget that shows itself would open as a window of its own.
            self._warning_banner = WarningBanner(self.db, self.warning_strip)
            self.warning_area.addWidget(BannerStrip(self._warning_banner, self.warning_strip))
            self._warning_banner.settings_requested.connect(self.open_settings)
        return self._warning_banner

    def _title(self) -> str:
        title = "kratomtrack"
        if self.db.setting("demo", False):
            title += " — " + self.tr("demo log")
        return title

    # --- menus --------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.import_action = self.file_menu.addAction(self.tr("&Import…"), self.choose_import)
        self.import_action.setStatusTip(self.tr("Add doses and check-ins from CSV or JSON files"))
        self.export_action = self.file_menu.addAction(self.tr("&Export…"), self.choose_export)
        self.export_action.setStatusTip(self.tr("Write the whole log as CSV or JSON files"))
        self.restore_action = self.file_menu.addAction(
            self.tr("&Restore from backup…"), self.choose_backup_to_restore)
        self.restore_action.setStatusTip(self.tr("Go back to one of the daily copies of your log"))
        self.file_menu.addSeparator()
        self.print_action = self.file_menu.addAction(self.tr("&Print summary…"), self.print_summary)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setStatusTip(self.tr("A summary of your records to take to your doctor"))
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction(self.tr("&Quit"), self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.edit_menu.addAction(self.tr("&Undo"), self.editor.undo)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.edit_menu.addAction(self.tr("&Redo"), self.editor.redo)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_stack.indexChanged.connect(self._update_undo_actions)
        self._update_undo_actions()
        self.edit_menu.addSeparator()
        self.settings_action = self.edit_menu.addAction(self.tr("Se&ttings…"), self.open_settings)
        self._build_day_menu()
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setStatusTip(self.tr(
            "The warning's thresholds, help lines, other medicines, reminders, your name for the summary"))

        self.view_menu = bar.addMenu(self.tr("&View"))
        self.page_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for number, (name, title) in enumerate(
            zip(PAGE_NAMES, (self.tr("&Today"), self.tr("&History"), self.tr("T&rends"))), start=1
        ):
            action = self.view_menu.addAction(title, lambda n=name: self.show_page(n))
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setCheckable(True)
            group.addAction(action)
            self.page_actions[name] = action
        self.view_menu.addSeparator()
        self.previous_day_action = self.view_menu.addAction(
            self.tr("&Previous day"), lambda: self.open_day(self.today_page.day - dt.timedelta(days=1)))
        self.previous_day_action.setShortcut(QKeySequence.StandardKey.Back)
        self.next_day_action = self.view_menu.addAction(
            self.tr("&Next day"), lambda: self.open_day(self.today_page.day + dt.timedelta(days=1)))
        self.next_day_action.setShortcut(QKeySequence.StandardKey.Forward)
        self.back_to_today_action = self.view_menu.addAction(
            self.tr("Back to t&oday"), lambda: self.open_day(dt.date.today()))
        self.back_to_today_action.setShortcut(QKeySequence("Ctrl+T"))

        self._build_checkups_menu(bar)

        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.about_action = self.help_menu.addAction(self.tr("&About kratomtrack"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_desktop_menus(self) -> None:
        """The daily reminder and the keyboard shortcuts list (kept apart from _build_menus)."""
        self.undo_action.setIconText(self.tr("Undo"))  # its name in lists; its text names the change
        self.redo_action.setIconText(self.tr("Redo"))
        # The one page command without a key of its own gets a menu entry too.
        self.save_chart_action = QAction(self.tr("Save &chart…"), self)
        self.save_chart_action.setStatusTip(self.tr("Save the Trends chart as a PNG picture, SVG or PDF"))
        self.save_chart_action.triggered.connect(self.save_chart)
        self.file_menu.insertAction(self.print_action, self.save_chart_action)
        self.edit_menu.addSeparator()
        self.reminder_action = self.edit_menu.addAction(self.tr("Daily &reminder…"), self.edit_reminder)
        self.reminder_action.setStatusTip(self.tr("A notification when nothing is logged by a chosen time"))
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_menu.insertAction(self.about_action, self.shortcuts_action)

    def save_chart(self) -> None:
        """File → Save chart…: the Trends page's "Save chart…", from any page."""
        self.show_page("trends")
        self.trends_page.save_button.click()

    def edit_reminder(self) -> ReminderDialog:
        """Open the daily reminder's setting; saving it starts or stops the reminder."""
        from kratomtrack.ui.app.reminder import ReminderDialog

        self.finish_start()
        dialog = ReminderDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.reminder.apply_setting)
        dialog.open()
        return dialog

    def show_shortcuts(self):
        """Help → Keyboard shortcuts: made from this window's menus and pages."""
        from kratomtrack.ui.dialogs.shortcuts import KeyboardShortcutsDialog

        dialog = KeyboardShortcutsDialog.for_window(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_today_in_front(self) -> None:
        """Today's page, in front of other windows (from the reminder's notification)."""
        from kratomtrack.ui.app.single_instance import bring_to_front

        bring_to_front(self)
        self.open_day(dt.date.today())

    def _build_checkups_menu(self, bar) -> None:
        self.checkups_menu = bar.addMenu(self.tr("Check-&ups"))
        self.peg_action = self.checkups_menu.addAction(
            self.tr("Weekly &pain check (PEG)…"), lambda: self.answer_checkup("peg"))
        self.peg_action.setStatusTip(self.tr("Three questions about your pain in the past week"))
        self.sds_action = self.checkups_menu.addAction(
            self.tr("Monthly &dependence check (SDS)…"), lambda: self.answer_checkup("sds"))
        self.sds_action.setStatusTip(self.tr("Five optional questions about your use in the past month"))
        self.checkups_menu.addSeparator()
        self.red_flags_action = self.checkups_menu.addAction(
            self.tr("&Red flags on the day shown"), lambda: self.show_red_flags(self.today_page.day))
        self.red_flags_action.setStatusTip(self.tr("Signs that need a doctor, ticked on the Today page"))

    def _build_day_menu(self) -> None:
        """Every command of the Today and History pages, also reachable from a menu."""
        self.day_menu = self.menuBar().addMenu(self.tr("Da&y"))
        self.log_dose_action = self.day_menu.addAction(self.tr("&Log the dose in the form"), self._log_dose_from_menu)
        self.change_dose_action = self.day_menu.addAction(
            self.tr("&Change the selected dose"), lambda: self.today_page.edit_selected_dose())
        self.remove_dose_action = self.day_menu.addAction(
            self.tr("&Remove the selected dose"), lambda: self.today_page.remove_selected_dose())
        self.day_menu.addSeparator()
        self.open_day_action = self.day_menu.addAction(
            self.tr("&Open the selected day in Today"), lambda: self.history_page.open_current())
        self.delete_day_action = self.day_menu.addAction(
            self.tr("&Delete the selected day…"), lambda: self.history_page.delete_current())
        self.day_menu.aboutToShow.connect(self._update_day_actions)

    def _log_dose_from_menu(self) -> None:
        self.show_page("today")
        self.today_page.log_dose()

    def _update_day_actions(self) -> None:
        # Dose commands act on Today's list, day commands on History's table.
        page = self.current_page_name()
        has_dose = page == "today" and self.today_page.selected_dose() is not None
        self.change_dose_action.setEnabled(has_dose)
        self.remove_dose_action.setEnabled(has_dose)
        has_day = page == "history" and self.history_page.current_day() is not None
        self.open_day_action.setEnabled(has_day)
        self.delete_day_action.setEnabled(has_day)

    def _update_undo_actions(self, _index: int = 0) -> None:
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(
            self.tr("&Undo %1").replace("%1", stack.undoText()) if stack.canUndo() else self.tr("&Undo"))
        self.redo_action.setText(
            self.tr("&Redo %1").replace("%1", stack.redoText()) if stack.canRedo() else self.tr("&Redo"))

    # --- pages --------------------------------------------------------------------

    def show_page(self, name: str) -> None:
        """Show "today", "history" or "trends"."""
        if name not in PAGE_NAMES:
            raise ValueError(f"unknown page {name!r}; use one of {PAGE_NAMES}")
        self.page(name)
        self.pages.setCurrentIndex(PAGE_NAMES.index(name))

    @property
    def history_page(self) -> HistoryPage:
        return self.page("history")

    @property
    def trends_page(self) -> TrendsPage:
        return self.page("trends")

    def page(self, name: str) -> QWidget:
        """The page, built and put in its place the first time it is needed."""
        page = self._built_pages.get(name)
        if page is not None:
            return page
        if name == "history":
            from kratomtrack.ui.pages.history import HistoryPage

            page = HistoryPage(self.db, self.editor)
            page.open_day.connect(self.open_day)
            page.checkups.open_day.connect(self.show_red_flags)
            self.log_changed.connect(page.on_log_changed)
        else:
            from kratomtrack.store.checkups import all_pegs
            from kratomtrack.ui.pages.trends import TrendsPage

            # TrendsPage loads matplotlib only when it is first shown.
            page = TrendsPage(self.db, peg_scores=lambda: [(p.day, p.score) for p in all_pegs(self.db)])
            page.day_activated.connect(self.open_day)
            self.log_changed.connect(page.refresh)
        index = PAGE_NAMES.index(name)
        placeholder = self.pages.widget(index)
        blocked = self.pages.blockSignals(True)  # the current page does not change
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(placeholder)
        self.pages.blockSignals(blocked)
        placeholder.deleteLater()
        self._built_pages[name] = page
        return page

    def current_page_name(self) -> str:
        return PAGE_NAMES[self.pages.currentIndex()]

    def choose_backup_to_restore(self):
        """Let the person pick a backup; after a restore, every view reads the log again."""
        from PySide6.QtWidgets import QDialog

        from kratomtrack.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self.db.path.parent, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.after_restore(dialog.restored)
        return dialog.restored

    def after_restore(self, result) -> None:
        # Undo steps describe the log as it was; replaying them over the
        # restored one would change it in ways nobody asked for.
        self.undo_stack.clear()
        self._seen_data_version = self.db.data_version()
        self.log_changed.emit()
        self.statusBar().showMessage(
            self.tr("Restored the backup from %1.").replace("%1", result.restored.describe()))

    def print_summary(self):
        """Open the summary dialog (print preview, printing, PDF) over this log."""
        # Print support loads only when asked for, not at start.
        from kratomtrack.ui.dialogs.summary import SummaryDialog

        dialog = SummaryDialog.for_log(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_day(self, day: dt.date) -> None:
        """Show a day on the Today page (days after today are not shown)."""
        self.today_page.set_day(day)
        self.show_page("today")
        self.today_page.focus_grams()

    def _tab_changed(self, index: int) -> None:
        if self.pages.currentIndex() != index:
            self.show_page(PAGE_NAMES[index])

    def _page_changed(self, index: int) -> None:
        self.page_tabs.setCurrentIndex(index)
        self.page_actions[PAGE_NAMES[index]].setChecked(True)
        if PAGE_NAMES[index] == "today":
            self.today_page.focus_grams()
        elif PAGE_NAMES[index] == "history":
            self.history_page.focus_table()
        else:
            self.today_page.save_day_note()

    def _show_stepped_day(self, command) -> None:
        # After an undo or redo on another day, show that day so the person
        # sees what changed.
        day = getattr(command, "day", None)
        if day is not None and self.current_page_name() == "today" and day != self.today_page.day:
            self.today_page.set_day(day)

    def _undo_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, self.tr("Not saved"), message)

    # --- safety: the banner, check-ups, settings -------------------------------------------

    def update_safety(self) -> None:
        """Show the warning, alerts and caution that apply today (after every change)."""
        self._safety_day = dt.date.today()
        self.warning_banner.update_from()

    def _check_safety_day(self) -> None:
        if dt.date.today() != self._safety_day:  # midnight: the rule's windows move on
            self.update_safety()
            self.today_page.refresh_due_markers()

    def answer_checkup(self, kind: str):
        """Open the PEG ("peg") or SDS ("sds") dialog for today; saving it can be undone."""
        from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog

        cls = {"peg": PegDialog, "sds": SdsDialog}[kind]
        dialog = cls(self.db, None, self, editor=self.editor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_red_flags(self, day: dt.date) -> None:
        """Show a day on Today with its red-flag section open."""
        self.open_day(day)
        self.today_page.red_flags.header.setChecked(True)
        self.today_page.red_flags.header.setFocus()

    def open_settings(self):
        """Open Settings; after a save every page and the banner read the log again."""
        from kratomtrack.ui.dialogs.settings import SettingsDialog

        self.today_page.save_day_note()
        dialog = SettingsDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.log_changed)
        dialog.saved.connect(lambda: self.statusBar().showMessage(self.tr("Settings saved.")))
        dialog.open()
        return dialog

    # --- other writers ------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.isVisible():
            self.check_for_outside_changes()
            self.today_page.check_today()
        super().changeEvent(event)

    def check_for_outside_changes(self) -> bool:
        """Emit log_changed if another process wrote to the log since last time."""
        version = self.db.data_version()
        if version == self._seen_data_version:
            return False
        self._seen_data_version = version
        self.log_changed.emit()
        return True

    # --- import and export ------------------------------------------------------------

    def choose_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # loaded when first needed

        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import into your log"), os.path.expanduser("~"),
            self.tr("Log files (*.csv *.json);;All files (*)"))
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str], *, replace: bool = False, ask: bool = True) -> str:
        """Import files into the log; returns (and shows, if ``ask``) the outcome in words."""
        from kratomtrack.store.transfer import ImportRefused, import_files

        self.today_page.save_day_note()
        try:
            report = import_files(self.db, paths, replace=replace)
        except ImportRefused as refused:
            text = self.tr("Nothing was imported; your log is unchanged.") + "\n\n" + "\n".join(
                str(p) for p in refused.problems[:20])
            if len(refused.problems) > 20:
                text += "\n" + self.tr("…and %1 more.").replace("%1", str(len(refused.problems) - 20))
            if ask:
                QMessageBox.warning(self, self.tr("Nothing was imported"), text)
            return text
        except OSError as err:
            text = self.tr("Nothing was imported; the log could not be written (%1).").replace("%1", str(err))
            if ask:
                QMessageBox.warning(self, self.tr("Nothing was imported"), text)
            return text
        self.log_changed.emit()
        text = self._import_summary(report)
        self.statusBar().showMessage(self.tr("Imported. Saved."))
        if ask and report.conflicts:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Import finished"), text, parent=self)
            box.setInformativeText(self.tr(
                "Some days already have a different check-in. Keep yours, or use the file's?"))
            keep = box.addButton(self.tr("&Keep mine"), QMessageBox.ButtonRole.RejectRole)
            use = box.addButton(self.tr("&Use the file's"), QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is use:
                return self.import_paths(paths, replace=True, ask=ask)
        elif ask:
            QMessageBox.information(self, self.tr("Import finished"), text)
        return text

    def _import_summary(self, report) -> str:
        lines = [
            self.tr("Doses: %1 added, %2 already in your log.")
            .replace("%1", str(report.added_doses)).replace("%2", str(report.skipped_doses)),
            self.tr("Check-ins: %1 added, %2 already in your log, %3 replaced.")
            .replace("%1", str(report.added_checkins)).replace("%2", str(report.skipped_checkins))
            .replace("%3", str(report.replaced_checkins)),
        ]
        if report.added_side_effects:
            lines.append(self.tr("New side effects: %1.").replace("%1", ", ".join(report.added_side_effects)))
        if report.conflicts:
            lines.append(self.tr("%1 days already have a different check-in; they were left unchanged:")
                         .replace("%1", str(len(report.conflicts))))
            lines.extend(f"  {c}" for c in report.conflicts[:10])
        return "\n".join(lines)

    def choose_export(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Export your log"),
                          self.tr("How should the log be written?"), parent=self)
        box.setInformativeText(self.tr(
            "One JSON file holds everything and can be imported back exactly. "
            "CSV writes doses.csv and checkins.csv into a folder, for spreadsheets."))
        as_json = box.addButton(self.tr("One &JSON file…"), QMessageBox.ButtonRole.AcceptRole)
        as_csv = box.addButton(self.tr("&CSV files…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(as_json)
        box.exec()
        from PySide6.QtWidgets import QFileDialog  # loaded when first needed

        if box.clickedButton() is as_json:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export as JSON"),
                os.path.join(os.path.expanduser("~"), f"kratomtrack-{dt.date.today()}.json"),
                self.tr("JSON files (*.json)"))
            if path:
                self.export_log("json", path)
        elif box.clickedButton() is as_csv:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose a folder for doses.csv and checkins.csv"), os.path.expanduser("~"))
            if folder:
                self.export_log("csv", folder)

    def export_log(self, kind: str, path: str, *, ask: bool = True) -> str:
        """Write the log as "json" (a file) or "csv" (two files in a folder); returns the outcome."""
        from kratomtrack.store.transfer import export_csv, export_json

        self.today_page.save_day_note()
        try:
            written = export_csv(self.db, path) if kind == "csv" else [export_json(self.db, path)]
        except OSError as err:
            text = self.tr("The log could not be exported: %1").replace("%1", str(err))
            if ask:
                QMessageBox.warning(self, self.tr("Not exported"), text)
            return text
        text = self.tr("Exported to:") + "\n" + "\n".join(str(p) for p in written)
        self.statusBar().showMessage(self.tr("Exported."))
        if ask:
            QMessageBox.information(self, self.tr("Export finished"), text)
        return text

    # --- about --------------------------------------------------------------------------

    def about_text(self) -> str:
        import html

        from kratomtrack.core.safety import NEUTRAL_RISK_SENTENCE
        from kratomtrack.core.sources import SOURCES

        sources = "".join(
            f"<li>{html.escape(s.citation)}: "
            f"{html.escape(QCoreApplication.translate('sources', s.used_for))}</li>"
            for s in SOURCES
        )
        return (
            f"<h3>kratomtrack {html.escape(__version__)}</h3>"
            "<p>" + self.tr("A private, offline daily record of kratom use, pain and side effects.") + "</p>"
            "<p><b>" + self.tr("kratomtrack records what you did. It gives no dosing advice.") + "</b></p>"
            "<p>" + QCoreApplication.translate("safety", NEUTRAL_RISK_SENTENCE) + "</p>"
            "<p>" + self.tr("Your log is stored only on this computer, in:") + "<br><code>"
            + html.escape(str(self.db.path)) + "</code></p>"
            "<p>" + self.tr("Health content follows these published sources:") + f"</p><ul>{sources}</ul>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About kratomtrack"), self.about_text())

    # --- settings and closing ---------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_size()
        page = settings.value("window/page", "today")
        self.show_page(page if page in PAGE_NAMES else "today")
        self._page_changed(self.pages.currentIndex())

    def _set_minimum_size(self) -> None:
        width, height = MINIMUM_SIZE
        screen = self.screen()
        if screen is not None:  # a small screen (or a large scale factor) still fits the window,
            available = screen.availableGeometry()  # but never below what the layouts need
            hint = self.minimumSizeHint()
            width = max(min(width, available.width()), hint.width())
            height = max(min(height, available.height()), hint.height())
        self.setMinimumSize(width, height)

    def _default_size(self) -> None:
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:  # never larger than a small screen (or a 150% one)
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.95))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/page", self.current_page_name())
        settings.sync()

    def closeEvent(self, event) -> None:
        self.today_page.save_day_note()
        if self.reminder is not None:
            self.reminder.stop()
        self.save_settings()
        super().closeEvent(event)
