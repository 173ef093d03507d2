"""The main window: Today, History and Trends a click or a shortcut apart.

A strip above the pages (``warning_area``) holds the WarningBanner, on every page.
``log_changed`` carries what each change to the log changed (a LogChanges):
after each change made here, and when the window is activated after another
process (a headless import) wrote to the log. Each page reloads only what it
shows of it (ui/app/changes.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.log_changes import SETTINGS
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.changes import WindowChanges
from kratomtrack.ui.app.log_health import LogHealthWatch, ReadOnlyBar
from kratomtrack.ui.app.menus import WindowMenus
from kratomtrack.ui.app.start_steps import StartSteps
from kratomtrack.ui.settings.window import app_settings
from kratomtrack.ui.app.welcome import welcome_if_new
from kratomtrack.ui.commands.log_editor import LogEditor
from kratomtrack.ui.page_names import PAGE_NAMES
from kratomtrack.ui.pages.today.page import TodayPage
from kratomtrack.ui.widgets.accessible import install_interfaces

if TYPE_CHECKING:
    from kratomtrack.ui.pages.history.page import HistoryPage
    from kratomtrack.ui.app.reminder import DailyReminder, ReminderDialog
    from kratomtrack.ui.dialogs.transfer import LogTransfer
    from kratomtrack.ui.pages.trends.page import TrendsPage
    from kratomtrack.ui.widgets.warning_banner import WarningBanner

# What the first paint does not need (the warning strip, the check-up
# reminders, History, Trends, dialogs) is imported and built after it: the
# rule, safety and check-up modules alone cost the start about 30 ms.

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


class MainWindow(WindowChanges, WindowMenus, QMainWindow):
    """kratomtrack's window over one open log."""

    log_changed = Signal(object)  # what changed in the log: a core.log_changes.LogChanges
    started = Signal()  # finish_start ran: the window is painted and complete

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        install_interfaces()  # before any of the window's widgets is asked for its interface
        self.db = db
        self.editor = LogEditor(db, self)
        self.undo_stack = self.editor.stack
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
        # Holds the warning banner (built after the first paint). With no
        # children and no margins it takes no space.
        self.warning_strip = QWidget()
        self.warning_strip.setObjectName("warning_strip")
        self.warning_area = QVBoxLayout(self.warning_strip)
        self.warning_area.setContentsMargins(0, 0, 0, 0)
        self.warning_area.setSpacing(0)
        layout.addWidget(self.warning_strip)
        # Read-only (a damaged log, a folder that cannot be written): the bar says
        # so; the whole-log check runs after the first paint (ui/app/log_health.py).
        self.read_only_bar = ReadOnlyBar()
        layout.addWidget(self.read_only_bar)
        self.health_watch = LogHealthWatch(db, self.read_only_bar, self)  # also the log's write gate
        self.health_watch.waiting.connect(lambda text: self.say(text) if text else self.statusBar().clearMessage())
        self.read_only_bar.restore_requested.connect(self.choose_backup_to_restore)
        self.welcome = welcome_if_new(self, layout)  # a new, empty log: ui/app/welcome.py
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
        self._wire_changes()  # ui/app/changes.py
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
        self.chart_preload = None  # loads the chart library and Trends' first picture (ChartPreload)
        self._transfer: LogTransfer | None = None
        self.tray_dose = None  # the tray's "Log a dose…" window, made when first asked for
        self._set_minimum_size()
        self._restore_settings()
        self.idle_lock = None  # a protected log locks after idle minutes: made in finish_start
        self.second_copy = None  # ui/app/second_copy.py: made in finish_start
        self.start_steps = StartSteps(self)  # what follows the first paint (ui/app/start_steps.py)
        self.sync_watch = None  # merges with the sync folder while the log syncs (ui/app/sync_watch.py)
        # Today's day is on the page now. The warning strip, the check-up
        # reminders and the daily reminder follow right after the first paint,
        # so the person sees the window without waiting for them.
        self._first_paint = FirstPaint(self, self.finish_start)

    def finish_start(self) -> None:
        """Start the whole-log check and the idle lock, show today's warning, due
        check-ups and plan, and start the reminder (once; the window does it just
        after its first paint, a script may call it sooner). Each step runs even
        if another fails (ui/app/start_steps.py)."""
        self.start_steps.finish()

    def preload_charts(self) -> None:
        from kratomtrack.ui.pages.trends.preload import ChartPreload

        if self.chart_preload is None:  # Trends then opens without the import, its picture drawn
            self.chart_preload = ChartPreload(lambda: self.trends_page.prepare_steps(),
                                              lambda: self.trends_page.prepared, self)

    @property
    def start_finished(self) -> bool:
        """Whether finish_start has run (the warning strip and reminders are in place)."""
        return self.start_steps.done

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
            # "Dismissed until …" lives in the status bar, out of the page's way.
            indicator = self._warning_banner.dismissed_box
            visible = not indicator.isHidden()
            self.statusBar().addPermanentWidget(indicator)
            indicator.setVisible(visible)
        return self._warning_banner

    def _title(self) -> str:
        title = "kratomtrack"
        if self.db.setting("demo", False):
            title += " — " + self.tr("demo log")
        return title

    def save_chart(self) -> None:
        """File → Save chart…: the Trends page's "Save chart…", from any page."""
        self.show_page("trends")
        self.trends_page.save_button.click()

    def edit_reminder(self) -> ReminderDialog:
        """Open the daily reminder's setting; saving it starts or stops the reminder."""
        from kratomtrack.ui.app.reminder import ReminderDialog

        self.finish_start()
        dialog = ReminderDialog(self)
        if self.reminder is not None:  # None: it could not start (said in the status bar)
            dialog.saved.connect(self.reminder.apply_setting)
        return self.open_dialog(dialog)

    def show_shortcuts(self):
        """Help → Keyboard shortcuts: made from this window's menus and pages."""
        from kratomtrack.ui.dialogs.shortcuts import KeyboardShortcutsDialog

        return self.open_dialog(KeyboardShortcutsDialog.for_window(self))

    def show_today_in_front(self) -> None:
        """Today's page, in front of other windows (from the reminder's notification)."""
        from kratomtrack.ui.app.single_instance import bring_to_front

        bring_to_front(self)
        self.open_day(dt.date.today())

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
            from kratomtrack.ui.pages.history.page import HistoryPage

            page = HistoryPage(self.db, self.editor)
            page.open_day.connect(self.open_day)
            page.checkups.open_day.connect(self.show_red_flags)
            self.log_changed.connect(page.on_log_changed)  # its changed days' rows
            self.health_watch.checked.connect(page.on_log_checked)
            page.on_log_checked(self.health_watch.health)  # None: not checked yet
        else:
            from kratomtrack.core.trends import peg_scores
            from kratomtrack.store.checkups import all_pegs
            from kratomtrack.ui.pages.trends.page import TrendsPage

            # TrendsPage loads matplotlib only when it is first shown.
            page = TrendsPage(self.db, peg_scores=lambda: peg_scores(all_pegs(self.db)))
            page.day_activated.connect(self.open_day)
            self.log_changed.connect(page.on_log_changed)  # its facts of the changed days
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

    def print_summary(self):
        """Open the summary dialog (print preview, printing, PDF) over this log."""
        # Print support loads only when asked for, not at start.
        from kratomtrack.ui.dialogs.summary import SummaryDialog

        return self.open_dialog(SummaryDialog.for_log(self.db, self))

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

    # --- check-ups and settings ---------------------------------------------------------

    def answer_checkup(self, kind: str):
        """Open the PEG ("peg") or SDS ("sds") dialog for today; saving it can be undone."""
        from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog

        cls = {"peg": PegDialog, "sds": SdsDialog}[kind]
        return self.open_dialog(cls(self.db, None, self, editor=self.editor))

    def show_red_flags(self, day: dt.date) -> None:
        """Show a day on Today with its red-flag section open."""
        self.open_day(day)
        self.today_page.red_flags.header.setChecked(True)
        self.today_page.red_flags.header.setFocus()

    def open_settings(self):
        """Open Settings; a save is announced as a change of settings (the banner reads them)."""
        from kratomtrack.ui.dialogs.settings import SettingsDialog

        self.today_page.save_day_note()
        dialog = SettingsDialog(self.db, self)
        dialog.saved.connect(lambda: self.announce(SETTINGS))
        dialog.saved.connect(lambda: self.say(self.tr("Settings saved.")))
        return self.open_dialog(dialog)

    # --- other writers ------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.isVisible():
            self.check_for_outside_changes()
            self.today_page.check_today()
            if self.second_copy is not None:
                self.second_copy.window_activated()  # a copy that failed is tried again
        super().changeEvent(event)

    # --- import, export, about ----------------------------------------------------------

    @property
    def transfer(self) -> LogTransfer:
        """File → Import… and Export… (made when first used)."""
        if self._transfer is None:
            from kratomtrack.ui.dialogs.transfer import LogTransfer

            # An import is a command: the editor announces it (EVERYTHING).
            self._transfer = LogTransfer(self.db, self, self.today_page.save_day_note)
        return self._transfer

    def show_about(self) -> None:
        from kratomtrack.ui.dialogs.about import show_about

        show_about(self, self.db.path)

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
        if self.db.write_gate == self.health_watch.before_write:
            self.db.write_gate = None  # the log may be written after the window (a script, a test)
        if self.reminder is not None:
            self.reminder.stop()
        if self.tray_dose is not None:
            self.tray_dose.close()
        self.stop_sync()
        self.save_settings()
        super().closeEvent(event)
