"""Stopping the window's background work before Qt and Python shut down.

The window starts threads (the whole-log check, the chart library's import
and Trends' first picture, an import's file reading, the Privacy dialog's
re-keying) and may start a process (the demo log). Python's daemon threads
are not waited for at exit: one still running when the interpreter
finalizes is stopped the moment it next needs the interpreter, by a forced
unwind of its stack. Inside matplotlib's font code (C++) that unwind ends
in std::terminate: "terminate called without an active exception", exit
134, in about 2 of 100 closes made 2-3 s after the start, while Trends'
first picture was being drawn. So the window's exit waits for all of them
first, here.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QProcess, QThread, QThreadPool
from PySide6.QtWidgets import QApplication

# Long enough for the chart library's import on a busy machine; a thread
# still running after it is named, and the app then ends without finalizing.
WAIT_S = 60.0
PROCESS_WAIT_MS = 5000  # the demo log's writer, before it is killed


def stop_background_work(timeout: float = WAIT_S) -> list[str]:
    """Wait for every thread and child process the window started; returns the
    names of threads still running after ``timeout`` seconds (none, normally)."""
    deadline = time.monotonic() + timeout

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    app = QApplication.instance()
    owners = list(app.topLevelWidgets()) if app is not None else []
    for owner in owners:
        for process in owner.findChildren(QProcess):
            if process.state() != QProcess.ProcessState.NotRunning \
                    and not process.waitForFinished(PROCESS_WAIT_MS):
                process.kill()
                process.waitForFinished(PROCESS_WAIT_MS)
    for owner in owners:
        for thread in owner.findChildren(QThread):
            thread.wait(int(left() * 1000))
    QThreadPool.globalInstance().waitForDone(int(left() * 1000))
    waited = []
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            continue
        try:
            thread.join(left())
        except AssertionError:  # a thread Python did not start (a QThread's): waited for above
            continue
        waited.append(thread)
    return [t.name for t in waited if t.is_alive()]
