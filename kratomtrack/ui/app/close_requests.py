"""SIGINT (Ctrl+C in a terminal) and SIGTERM (the system) as a normal close,
at any moment of the window's life, its start included.

Before the window exists a signal stops the start where it is, between
two steps (a dialog of the start is closed as if cancelled); once it exists
the window closes exactly as its close button does (a day note being typed
is saved). Either way the app exits 0, with no KeyboardInterrupt raised
inside a Qt callback.

Python runs a signal handler only between bytecodes, which Qt's event loop
never reaches by itself: once the QApplication exists, the signal is also
written to a pipe Qt watches (set_wakeup_fd), so that a window or dialog
closes at once.
"""

from __future__ import annotations

import os
import signal

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class CloseRequests(QObject):
    """Catches SIGINT and SIGTERM from its making until ``undo()``."""

    def __init__(self):
        super().__init__()
        self.requested = False
        self.window: QWidget | None = None
        self._ends = None
        self._notifier: QSocketNotifier | None = None
        self._previous_fd: int | None = None
        self._previous = {sig: signal.signal(sig, self._caught) for sig in SIGNALS}
        if hasattr(signal, "pthread_sigmask"):
            # A launcher may start the app with them blocked: from here on they close it cleanly.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)

    def _caught(self, *_) -> None:
        self.requested = True

    def watch(self, app: QApplication) -> None:
        """Hear signals inside Qt's event loops too (once the QApplication exists)."""
        read, write = _wakeup_pair()
        self._ends = (read, write)
        self._previous_fd = signal.set_wakeup_fd(write.fileno())
        self._notifier = QSocketNotifier(read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def close_with(self, window: QWidget) -> None:
        """From now on a signal closes ``window``; one that came already closes it at once."""
        self.window = window
        if self.requested:
            QTimer.singleShot(0, window, window.close)

    def _woken(self) -> None:
        read = self._ends[0]
        try:
            (read.recv if hasattr(read, "recv") else read.read)(64)
        except OSError:
            pass
        self.requested = True
        if self.window is not None:
            self.window.close()
            return
        dialog = QApplication.activeModalWidget()  # a dialog of the start: as if cancelled
        if dialog is not None:
            dialog.close()

    def undo(self) -> None:
        """Give the signals back to whoever had them before."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            signal.set_wakeup_fd(self._previous_fd)
            for end in self._ends:
                end.close()
            self._notifier = None
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def _wakeup_pair():
    """Two non-blocking ends for signal.set_wakeup_fd: a pipe on POSIX (the socket
    module, a few milliseconds of the start, is not needed there), a socket pair
    on Windows, whose set_wakeup_fd takes only sockets."""
    if os.name == "posix":
        ends = [open(fd, "rb", buffering=0, closefd=True) for fd in os.pipe()]
        for end in ends:
            os.set_blocking(end.fileno(), False)
        return ends[0], ends[1]
    import socket

    read, write = socket.socketpair()
    for end in (read, write):
        end.setblocking(False)
    return read, write
