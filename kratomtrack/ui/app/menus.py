"""The main window's menu bar: File, Edit, Day, View, Check-ups, Help, and keeping their entries current.

``WindowMenus`` is mixed into MainWindow, whose commands the entries call
(show_page, open_day, transfer, print_summary, open_settings, …). Kept apart
so the window's own module holds its pages and their wiring.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from kratomtrack.core.last_dose import dose_words
from kratomtrack.store.recent_doses import last_dose
from kratomtrack.ui.page_names import PAGE_NAMES
from kratomtrack.ui.pages.today.fields import form_label
from kratomtrack.ui.wording import fill


class WindowMenus:
    """Builds the window's menus (``_build_menus`` then ``_build_desktop_menus``)."""

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.import_action = self.file_menu.addAction(self.tr("&Import…"), lambda: self.transfer.choose_import())
        self.import_action.setStatusTip(self.tr("Add doses and check-ins from CSV or JSON files"))
        self.export_action = self.file_menu.addAction(self.tr("&Export…"), lambda: self.transfer.choose_export())
        self.export_action.setStatusTip(self.tr("Write the whole log as CSV or JSON files"))
        self.restore_action = self.file_menu.addAction(
            self.tr("&Restore from backup…"), self.choose_backup_to_restore)
        self.restore_action.setStatusTip(self.tr("Go back to one of the daily copies of your log"))
        self.file_menu.addSeparator()
        # The one page command without a key of its own gets a menu entry too.
        self.save_chart_action = self.file_menu.addAction(self.tr("Save &chart…"), self.save_chart)
        self.save_chart_action.setStatusTip(self.tr("Save the Trends chart as a PNG picture, SVG or PDF"))
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
        self.view_menu.addSeparator()
        # One key to the strip above the pages, however many Tabs away it is.
        self.go_to_warning_action = self.view_menu.addAction(self.tr("Go to the &warning"), self.go_to_warning)
        self.go_to_warning_action.setShortcut(QKeySequence("Ctrl+Shift+W"))
        self.go_to_warning_action.setStatusTip(self.tr("Move to the warning or alert shown above the pages"))

        self._build_checkups_menu(bar)

        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = self.help_menu.addAction(self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.about_action = self.help_menu.addAction(self.tr("&About kratomtrack"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_desktop_menus(self) -> None:
        """Undo and Redo named in lists, and the daily reminder and pain-after entries in Edit."""
        self.undo_action.setIconText(self.tr("Undo"))  # its name in lists; its text names the change
        self.redo_action.setIconText(self.tr("Redo"))
        self.edit_menu.addSeparator()
        self.reminder_action = self.edit_menu.addAction(self.tr("Daily &reminder…"), self.edit_reminder)
        self.reminder_action.setStatusTip(self.tr("A notification when nothing is logged by a chosen time"))
        self.pain_after_action = self.edit_menu.addAction(self.tr("Pain &after a dose…"), self.edit_pain_after)
        self.pain_after_action.setStatusTip(self.tr("Today asks \u201cHow is your pain now?\u201d 1-3 hours after a dose"))

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
        # Ctrl+D: free among the window's keys; Today's line edits pass it on (ui/pages/today/fields.py).
        self.same_again_action = self.day_menu.addAction(self.tr("Log the &same dose again"), self._same_again)
        self.same_again_action.setIconText(self.tr("Log the same dose again"))  # its name in lists
        self.same_again_action.setShortcut(QKeySequence("Ctrl+D"))
        self.same_again_action.setStatusTip(self.tr(
            "With Grams empty: the last dose's amount, form and product, taken now"))
        self.change_dose_action = self.day_menu.addAction(
            self.tr("&Change the selected dose"), lambda: self.today_page.edit_selected_dose())
        self.remove_dose_action = self.day_menu.addAction(
            self.tr("&Remove the selected dose"), lambda: self.today_page.remove_selected_dose())
        self.day_menu.addSeparator()
        self.open_day_action = self.day_menu.addAction(
            self.tr("&Open the selected day in Today"), lambda: self.history_page.open_current())
        self.delete_day_action = self.day_menu.addAction(
            self.tr("&Delete the selected day…"), lambda: self.history_page.delete_current())
        self.day_menu.addSeparator()
        self.plan_action = self.day_menu.addAction(self.tr("Reduction &plan…"), self.open_plan)
        self.plan_action.setStatusTip(self.tr("Your plan: enter it, end it, see the plans before"))
        self.sync_action = self.day_menu.addAction(self.tr("S&ync…"), self.open_sync)
        self.sync_action.setStatusTip(self.tr("Sync with your other computers: records changed on both"))
        self.day_menu.aboutToShow.connect(self._update_day_actions)

    @staticmethod
    def open_dialog(dialog):
        """Open ``dialog`` over the window without blocking it; it is deleted once
        closed. Returns it (tests and callers connect to it)."""
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_pain_after(self):
        """Edit → Pain after a dose…: whether Today asks, and after how many hours."""
        from kratomtrack.ui.app.reminder import PainAfterDialog

        return self.open_dialog(PainAfterDialog(self))

    def open_plan(self):
        """Day → Reduction plan…: its changes go on the window's undo stack."""
        from kratomtrack.ui.dialogs.plan import PlanDialog

        return self.open_dialog(PlanDialog(self.db, self.editor, self))

    def open_sync(self):
        """Day → Sync…: how sync stands, and the records changed on both computers."""
        from kratomtrack.ui.dialogs.sync import SyncDialog

        return self.open_dialog(SyncDialog(self))

    def _log_dose_from_menu(self) -> None:
        self.show_page("today")
        self.today_page.log_dose()

    def _same_again(self) -> None:
        self.show_page("today")
        self.today_page.log_same_again()

    def log_dose_from_tray(self):
        """The tray icon's "Log a dose…": a small window on top with the dose fields, made when
        first used; this window is not raised. A locked window comes up instead, to be unlocked."""
        from kratomtrack.ui.app.single_instance import bring_to_front

        if self.idle_lock is not None and self.idle_lock.locked:
            bring_to_front(self)
            return None
        if self.tray_dose is None:
            from kratomtrack.ui.app.tray_dose import TrayDoseWindow

            self.tray_dose = TrayDoseWindow(self.db, self.editor)
        self.tray_dose.open_fresh()
        return self.tray_dose

    def _update_day_actions(self) -> None:
        # Dose commands act on Today's list, day commands on History's table.
        page = self.current_page_name()
        has_dose = page == "today" and self.today_page.selected_dose() is not None
        last = last_dose(self.db, dt.datetime.now())  # what Ctrl+D logs, named in the menu
        self.same_again_action.setText(self.tr("Log the &same dose again") if last is None else fill(
            self.tr("Log the &same dose again (%1)"), dose_words(last, form_label).replace("&", "&&")))
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
            fill(self.tr("&Undo %1"), stack.undoText()) if stack.canUndo() else self.tr("&Undo"))
        self.redo_action.setText(
            fill(self.tr("&Redo %1"), stack.redoText()) if stack.canRedo() else self.tr("&Redo"))

