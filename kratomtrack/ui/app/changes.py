"""How the main window hears of changes to the log and passes them on.

Every change announces what it changed (a core.log_changes.LogChanges): a
command, its undo and its redo through LogEditor; a settings save; an
import, a restore, another program's write or the log opened again as
EVERYTHING. The window emits it once, on ``log_changed``; each page (and
the warning banner) reloads only what it shows of it. Anki's
``operation_did_execute`` hands its OpChanges around the same way.

``WindowChanges`` is mixed into MainWindow (like ui/app/menus.py).
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.log_changes import EVERYTHING, LogChanges
from kratomtrack.ui.app.file_watch import LogFileWatch
from kratomtrack.ui.widgets.announce import POLITE, announce
from kratomtrack.ui.wording import fill


class WindowChanges:
    """The window's side of the change notices: wiring, announcing, the banner, restores."""

    def _wire_changes(self) -> None:
        """Connect the editor and Today (pages built later connect themselves, in ``page``)."""
        self._seen_data_version = self.db.data_version()
        self.file_watch = LogFileWatch(self)  # the log file replaced or changed under the window
        self.editor.changed.connect(self.announce)
        self.editor.saved.connect(self.say)  # "Saved: …", "Undone: …", "Redone: …"
        self.editor.saved_while_typing.connect(self.statusBar().showMessage)
        self.editor.failed.connect(self._undo_failed)
        self.editor.stepped.connect(self._show_stepped_day)
        self.log_changed.connect(self._judge_again)
        self.log_changed.connect(self.today_page.on_log_changed)
        self.today_page.said.connect(self.say)  # "Logged again: …"

    def announce(self, changes: LogChanges) -> None:
        """Tell the banner and every page what changed in the log."""
        self.log_changed.emit(changes)

    def say(self, text: str, politeness: str = POLITE) -> None:
        """Show ``text`` in the status bar and say it to a screen reader (focus stays)."""
        self.statusBar().showMessage(text)
        announce(self, text, politeness)

    # --- the warning banner ----------------------------------------------------------------

    def _judge_again(self, changes: LogChanges) -> None:
        if self.warning_banner.on_log_changed(changes):
            self._safety_day = dt.date.today()

    def update_safety(self) -> None:
        """Show the warning, alerts and caution that apply today."""
        self._safety_day = dt.date.today()
        self.warning_banner.update_from()

    def go_to_warning(self) -> None:
        """View → Go to the warning: focus on the first message above the pages (a screen
        reader reads its title and text); says so when none is shown."""
        from PySide6.QtCore import Qt

        from kratomtrack.ui.widgets.warning_banner import BannerStrip

        self.finish_start()
        target = self.warning_banner.first_message()
        if target is None:
            self.say(self.tr("No warning or alert is shown."))
            return
        strip = self.warning_strip.findChild(BannerStrip)
        if strip is not None and strip.isAncestorOf(target):
            strip.ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _check_safety_day(self) -> None:
        if dt.date.today() != self._safety_day:  # midnight: the rule's windows move on
            self.update_safety()
            self.today_page.refresh_due_markers()

    # --- undo and redo ------------------------------------------------------------------

    def _show_stepped_day(self, command) -> None:
        # After an undo or redo on another day, show that day so the person
        # sees what changed.
        day = getattr(command, "day", None)
        if day is not None and self.current_page_name() == "today" and day != self.today_page.day:
            self.today_page.set_day(day)

    def _undo_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # loads with the first message, not at start
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, self.tr("Not saved"), message)

    # --- changes made outside the window's commands ------------------------------------------

    def check_for_outside_changes(self) -> bool:
        """Announce EVERYTHING if another process wrote to the log since last time, or
        replaced or changed its file (the log is then opened again: ui/app/file_watch.py)."""
        if self.file_watch.check():
            return True
        version = self.db.data_version()
        if version == self._seen_data_version:
            return False
        self._seen_data_version = version
        self.announce(EVERYTHING)  # what it wrote is not known
        return True

    # --- sync through a folder -------------------------------------------------------------

    def start_sync(self) -> None:
        """Merge with the sync folder at once, after each change and when its files change."""
        from kratomtrack.ui.app.sync_watch import SyncWatch

        if self.sync_watch is None:
            self.sync_watch = SyncWatch(self)

    def stop_sync(self) -> None:
        if self.sync_watch is not None:
            self.sync_watch.stop()
            self.sync_watch = None

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
        # A damaged log is put aside, not overwritten: the window opens the file put in its place.
        self.file_watch.reopen(quiet=True)
        self._seen_data_version = self.db.data_version()
        self.health_watch.start()  # a healthy backup over a damaged log: writable again
        self.announce(EVERYTHING)
        self.say(fill(self.tr("Restored the backup from %1."), result.restored.describe()))
