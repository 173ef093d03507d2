"""Locking the window of a protected log after some idle minutes.

Idle means no key, mouse or touch input to the app. An application event
filter restarts a single-shot timer on such input and does nothing else; it
is installed only while the log is protected and the setting is not 0
(Settings → Privacy; store/protection.lock_minutes).

Locked, the window shows a lock screen in place of its pages and warning
strip, hides its menus, status bar and every other window of the app
(dialogs come back after unlocking), disables its actions (and so their
shortcuts), and has a neutral title; the passphrase (or the recovery key)
brings everything back. A pending autosave (the day note) is written first.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.store import cipher, protection
from kratomtrack.ui.widgets.look import heading, refusal_style, refuse_typed
from kratomtrack.ui.wording import fill

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin})
LOCKED_TITLE = "kratomtrack"


class LockScreen(QWidget):
    """What the locked window shows: nothing of the log, a passphrase field."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lock_screen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.title = heading(QLabel(self.tr("kratomtrack is locked")))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.title)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.explain)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Passphrase or recovery key"))
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("M") * 24)
        self.field.setMaximumWidth(480)
        self.field.returnPressed.connect(self._ask)
        outer.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self._ask)
        outer.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.problem = QLabel()
        self.problem.setObjectName("lockProblem")
        self.problem.setWordWrap(True)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.setStyleSheet(refusal_style(self))
        self.problem.hide()
        outer.addWidget(self.problem)
        outer.addStretch(2)

    def reset(self, minutes: int) -> None:
        self.explain.setText(fill(self.tr(
            "Locked after %1 minutes without use. Type your passphrase (or your recovery key) "
            "to go on."), minutes) if minutes else self.tr(
            "Type your passphrase (or your recovery key) to go on."))
        self.field.clear()
        self.problem.hide()
        self.field.setFocus()

    def refuse(self, message: str) -> None:
        refuse_typed(self.problem, message, self.field)

    def _ask(self) -> None:
        if not self.field.text():
            self.refuse(self.tr("Type your passphrase first."))
            return
        self.unlock_requested.emit(self.field.text())


class IdleLock(QObject):
    """Locks ``window`` (a MainWindow with ``db`` and ``log_changed``) after idle minutes."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, before_lock: Callable[[], None]):
        super().__init__(window)
        self.window = window
        self._before_lock = before_lock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock_now)
        self._filtering = False
        self.minutes = 0
        self.locked = False
        self.paused = False  # long work (turning protection on or off) is under way
        self._stack: QStackedWidget | None = None
        self.screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._title = ""
        self._bars: tuple[bool, bool] = (True, True)
        window.log_changed.connect(self.refresh)
        self.refresh()

    @property
    def folder(self):
        return self.window.db.path.parent

    def refresh(self) -> None:
        """Read the setting again (after Settings, or protection turned on or off)."""
        protected = cipher.is_encrypted(self.window.db.conn)
        self.minutes = protection.lock_minutes(self.window.db) if protected else 0
        app = QApplication.instance()
        if self.minutes and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        elif not self.minutes and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False
        if self.minutes and not self.locked:
            self._timer.start(self.minutes * 60_000)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and not self.locked:
            self._timer.start()
        return False

    # --- locking ----------------------------------------------------------------

    def lock_now(self) -> None:
        """Hide everything of the log until the passphrase is given again."""
        if self.locked or not cipher.is_encrypted(self.window.db.conn):
            return
        if self.paused:
            self._timer.start()
            return
        self._before_lock()  # the pending autosave is written first
        window = self.window
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w is not window and w.isWindow() and w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        if self._stack is None:
            self._stack = QStackedWidget()
            self._stack.setObjectName("lock_stack")
            self._stack.addWidget(window.takeCentralWidget())
            self.screen = LockScreen()
            self.screen.unlock_requested.connect(self.try_unlock)
            self._stack.addWidget(self.screen)
            window.setCentralWidget(self._stack)
            # Shown now: a layout would show it only on the next event-loop turn.
            self._stack.show()
        self._stack.setCurrentWidget(self.screen)
        self._bars = (window.menuBar().isVisibleTo(window), window.statusBar().isVisibleTo(window))
        window.menuBar().hide()
        window.statusBar().clearMessage()
        window.statusBar().hide()
        self._disabled = [a for a in window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self._title = window.windowTitle()
        window.setWindowTitle(LOCKED_TITLE)
        self.locked = True
        self._timer.stop()
        self.screen.reset(self.minutes)
        self.locked_changed.emit(True)

    def try_unlock(self, secret: str) -> bool:
        """Unlock with the passphrase or recovery key; a wrong one is refused in words."""
        if not self.locked:
            return True
        try:
            protection.unlock(self.folder, secret)
        except protection.WrongPassphraseError as err:
            self.screen.refuse(str(err))
            return False
        self._unlock()
        return True

    def _unlock(self) -> None:
        window = self.window
        self.screen.field.clear()
        self._stack.setCurrentIndex(0)
        window.menuBar().setVisible(self._bars[0])
        window.statusBar().setVisible(self._bars[1])
        for action in self._disabled:
            if shiboken6.isValid(action):
                action.setEnabled(True)
        window.setWindowTitle(self._title)
        for widget in self._hidden:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden, self._disabled = [], []
        self.locked = False
        self.refresh()
        self.locked_changed.emit(False)
