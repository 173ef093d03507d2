"""One window per log: a second start brings the first window to the front.

The first window of a data folder holds the folder's owner lock
(store/log_owner.py: a plain file lock the system drops when its holder
ends, which the commands that replace or re-key the log take too) and
listens on a QLocalServer that only the same user can reach. A later start finds the
lock taken, asks the first window over the local socket to come to the
front, and exits; if the first window does not answer within a few seconds,
it says that the app is already open. A start while such a command
works waits for it to finish. No second writer is ever opened by
the window, and no network is involved: a local socket is a file-system
object.

``kratomtrack dose`` run while the window holds the log hands its dose to
the window over the same socket (store/window_address.py says how): the
window saves it as a typed dose, on its undo stack, and answers with the
words the command prints.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from kratomtrack.store.location import ensure_private_dir
from kratomtrack.store.log_owner import COMMANDS, WINDOW, OwnerLock, holder_of
from kratomtrack.store.sqlite_file import folder_writable
# The socket's name, where the command line finds it too (imported here for the window's callers).
from kratomtrack.store.window_address import (  # noqa: F401
    DOSE_PREFIX,
    answer_line,
    server_name,
    socket_folder,
)

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QMessageBox, QWidget

# QtNetwork and QMessageBox are imported where used: loading them (and the
# Python enums of their classes) costs the window's start several milliseconds.

_ACTIVATE = b"activate\n"
_ANSWER = b"ok\n"
RETRY_S = 0.05  # between tries to reach a window that is still starting
COMMAND_WAIT_S = 30.0  # how long a start waits for a restore or protect to finish


class SingleInstance(QObject):
    """Claims the window of one data folder; emits activation_requested when a
    later start asks this window to come to the front."""

    activation_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self._lock: OwnerLock | None = None
        self._server: QLocalServer | None = None
        # Takes a dose line from ``kratomtrack dose``; returns (saved, words). Set by the app's start.
        self.dose_handler: Callable[[bytes], tuple[bool, str]] | None = None

    @functools.cached_property
    def name(self) -> str:
        """The local socket's name (made when first needed: after the first paint)."""
        return server_name(self.folder)

    def claim(self, *, listen: bool = True) -> bool:
        """True if no other window has this folder's log open; this one then
        listens for later starts (at once, or at ``listen()`` when ``listen``
        is False). False if another window has it."""
        ensure_private_dir(self.folder)
        if not folder_writable(self.folder):
            # A read-only folder: the log opens read-only, so there is no
            # second writer to keep out (and no lock file can be made there).
            return True
        lock = OwnerLock(self.folder, WINDOW)
        try:
            deadline = time.monotonic() + COMMAND_WAIT_S
            while not lock.acquire():
                # A command replacing or re-keying the log: the window opens once it is done.
                if holder_of(self.folder) not in COMMANDS or time.monotonic() > deadline:
                    return False
                time.sleep(RETRY_S * 2)
        except OSError:
            return True  # no lock can be made there: as in a folder that cannot be written
        self._lock = lock
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Answer later starts of this folder's window (after a successful claim).

        The app calls this once the window has painted and finished starting
        (MainWindow.started): a later start in that fraction of a second finds
        the lock taken and keeps trying to reach the window (activate_running).
        """
        from PySide6.QtNetwork import QLocalServer

        if self._lock is None or self._server is not None:
            return
        QLocalServer.removeServer(self.name)  # a socket left behind by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        # If listening fails this window still works; a later start then
        # says "already open" instead of bringing it to the front.
        if server.listen(self.name):
            self._server = server

    def activate_running(self, timeout_ms: int = 3000) -> bool:
        """Ask the window that holds the log to come to the front; True if it answered.

        The window listens only once it has painted, a fraction of a second
        after it took the lock. A start in that moment finds no listener yet,
        so it tries again until ``timeout_ms`` has passed before giving up.
        """
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout_ms / 1000

        def left_ms() -> int:
            return max(0, int((deadline - time.monotonic()) * 1000))

        not_listening_yet = (QLocalSocket.LocalSocketError.ServerNotFoundError,
                             QLocalSocket.LocalSocketError.ConnectionRefusedError)
        socket = QLocalSocket()
        try:
            while True:
                socket.connectToServer(self.name)
                if socket.waitForConnected(left_ms()):
                    break
                if socket.error() not in not_listening_yet or left_ms() == 0:
                    return False
                socket.abort()
                time.sleep(min(RETRY_S, left_ms() / 1000))
            socket.write(_ACTIVATE)
            if not socket.waitForBytesWritten(left_ms()):
                return False
            answer = b""
            while not answer.endswith(b"\n"):
                if not socket.waitForReadyRead(left_ms()):
                    return False
                answer += bytes(socket.readAll())
            return answer == _ANSWER
        finally:
            socket.abort()

    def release(self) -> None:
        """Stop listening and free the lock (when the window closes)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _accept(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            return
        line = bytes(connection.readLine())
        if line == _ACTIVATE:
            self.activation_requested.emit()
            connection.write(_ANSWER)
            connection.flush()
        elif line.startswith(DOSE_PREFIX):
            handler = self.dose_handler
            answer = handler(line) if handler is not None else (False, "this window takes no doses")
            connection.write(answer_line(*answer))
            connection.flush()
        connection.disconnectFromServer()


def bring_to_front(window: QWidget) -> None:
    """Show a window, un-minimised, above others (as far as the desktop allows)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def already_open_box(parent: QWidget | None = None) -> QMessageBox:
    """Said when a second start could not bring the open window to the front."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information,
                      QCoreApplication.translate("run_app", "kratomtrack is already open"),
                      QCoreApplication.translate(
                          "run_app", "kratomtrack is already open in another window. Look for it on "
                          "your screen or in the task bar; only one window can keep the log "
                          "at a time, so that nothing you save is lost."),
                      QMessageBox.StandardButton.Ok, parent)
    return box
