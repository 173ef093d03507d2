"""The window's side of sync through a folder: merges off the window's thread.

Made only when the log syncs (after the first paint; nothing of it, nor
pycrdt, loads on a start without sync). It merges:

- once at start;
- a second after each change made in the window (changes close together
  share one merge);
- when the sync folder changes (QFileSystemWatcher on its folder and on
  each computer's folder): another computer's file arrived.

Each merge runs in a thread of its own with its own connection to the log
(store/sync/merging.py); the window hears what it did. Records that came
from another computer are announced with their days and kinds (each page
reloads only what it shows of them); problems are said in the status bar, never in a dialog at every
merge.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QThread, QTimer, Signal, Slot

from kratomtrack.core.log_changes import EVERYTHING, LogChanges

if TYPE_CHECKING:
    from kratomtrack.ui.app.main_window import MainWindow

AFTER_CHANGE_MS = 1000
# A file is renamed into place whole; a short wait lets a burst of them (a sync
# program catching up) make one merge.
AFTER_ARRIVAL_MS = 100


def log_syncs(db) -> bool:
    """Whether the log syncs with a folder: one settings row read, nothing of sync loaded."""
    return db.setting("sync") is not None


# Which of a window's views each kind of record concerns (core.log_changes.LogChanges).
_KINDS = {"dose": "doses", "checkin": "checkins", "no_use": "no_kratom", "peg": "checkups",
          "sds": "checkups", "red_flag": "checkups", "side_effect": "side_effects", "setting": "settings",
          "plan": "plan"}


def changes_of(result) -> LogChanges:
    """What a merge changed, as the window's pages hear of changes: its days and kinds."""
    kinds = {_KINDS[key.split(":", 1)[0]] for key in result.changed_keys if key.split(":", 1)[0] in _KINDS}
    days = []
    for text in result.changed_days:
        try:
            days.append(dt.date.fromisoformat(text))
        except ValueError:
            return EVERYTHING
    if "settings" in kinds or "side_effects" in kinds:
        return EVERYTHING  # the warning's thresholds, the check-in's list: read it all again
    return LogChanges.on_days(days, **dict.fromkeys(kinds, True))


class _Merger(QObject):
    """Lives in the merge thread: its own connection to the log and its merge engine."""

    done = Signal(object)  # a MergeResult, or the error that stopped the merge

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.db = None
        self.replica = None

    @Slot()
    def merge(self) -> None:
        from kratomtrack.store.database import LogDatabase
        from kratomtrack.store.sync.engine import Replica
        from kratomtrack.store.sync.merging import SyncError, sync_now

        try:
            if self.db is None:
                self.db, self.replica = LogDatabase.open(self.path, create=False), Replica()
            self.done.emit(sync_now(self.db, self.replica))
        except SyncError as err:
            self.done.emit(err)
        except Exception as err:  # the log busy, a disk error: said; the next merge opens it again
            self.close()
            self.done.emit(err)

    @Slot()
    def close(self) -> None:
        if self.db is not None:
            self.db.close()
        self.db = self.replica = None


class SyncWatch(QObject):
    """Runs the window's merges (see the module) and tells the window what they did."""

    merged = Signal(object)  # each merge's MergeResult or error, after the window heard of it
    _request = Signal()

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.running = False
        self.again = False
        self.last = None  # the last merge's result or error
        self.thread = QThread(self)
        self.merger = _Merger(window.db.path)
        self.merger.moveToThread(self.thread)
        self._request.connect(self.merger.merge)
        self.merger.done.connect(self._done)
        self.thread.finished.connect(self.merger.close, Qt.ConnectionType.DirectConnection)
        self.thread.start()
        self.after_change = self._timer(AFTER_CHANGE_MS)
        self.after_arrival = self._timer(AFTER_ARRIVAL_MS)
        window.editor.changed.connect(lambda _changes: self.after_change.start())
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.after_arrival.start())
        self._watch_folders()
        self.merge_now()

    def _timer(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(self.merge_now)
        return timer

    def _watch_folders(self) -> None:
        from kratomtrack.store.sync.config import read_config
        from kratomtrack.store.sync.folder import root

        config = read_config(self.window.db)
        if config is None:
            return
        top = root(config.path)
        wanted = [str(top)] + ([str(p) for p in top.iterdir() if p.is_dir()] if top.is_dir() else [])
        missing = [p for p in wanted if p not in self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)

    def merge_now(self) -> None:
        """Merge now, or as soon as the merge running ends."""
        if self.running:
            self.again = True
            return
        self.running = True
        self._request.emit()

    def _done(self, outcome) -> None:
        from kratomtrack.store.sync.engine import MergeResult

        self.running = False
        self.last = outcome
        window = self.window
        if isinstance(outcome, MergeResult):
            if outcome.received or outcome.changed_on_both:
                window._seen_data_version = window.db.data_version()
                window.announce(changes_of(outcome))
            if outcome.problems:
                window.statusBar().showMessage(outcome.problems[0])
            self._watch_folders()  # a new computer's folder
        else:
            window.statusBar().showMessage(str(outcome))
        self.merged.emit(outcome)
        if self.again:
            self.again = False
            self.merge_now()

    def stop(self) -> None:
        """End the merge thread (after the merge running, if any); its connection closes."""
        self.after_change.stop()
        self.after_arrival.stop()
        self.thread.quit()
        self.thread.wait()
