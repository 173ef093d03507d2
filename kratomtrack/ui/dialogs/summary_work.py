"""Work of the summary dialog and its preview that runs off the window's thread.

Reading ten years of log, summarising them, drawing the charts and laying
out the pages take over a second; on the window's thread that froze the
dialog at every change of the range. ``LatestOnly`` runs such a job in a
thread of its own, one at a time: a job asked for while one runs waits, and
only the newest waiting job runs (an arrow held on the year asks for many
ranges; only the last one is wanted). Results come back on the window's
thread through a queued signal, each with the tag it was asked with.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class LatestOnly(QObject):
    """Runs jobs one at a time off the window's thread; the newest waiting job wins."""

    done = Signal(object, object)  # (tag, result)
    failed = Signal(object, object)  # (tag, exception)
    busy_changed = Signal(bool)
    _finished = Signal(object, object, object)  # from the worker: (tag, result, exception)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._thread: threading.Thread | None = None
        self._waiting: tuple[object, Callable[[], object]] | None = None
        self._finished.connect(self._finish)  # queued: emitted from the worker thread

    @property
    def busy(self) -> bool:
        return self._thread is not None or self._waiting is not None

    def submit(self, tag, job: Callable[[], object]) -> None:
        """Run ``job()`` off the window's thread; ``done(tag, result)`` follows."""
        was_busy = self.busy
        self._waiting = (tag, job)
        if self._thread is None:
            self._start_waiting()
        if not was_busy:
            self.busy_changed.emit(True)

    def forget_waiting(self) -> None:
        """Drop the job that has not started yet (its choice has been changed back)."""
        self._waiting = None

    def wait(self, timeout: float = 60.0) -> None:
        """Until the running job has finished (at close: no thread outlives its dialog)."""
        self._waiting = None
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _start_waiting(self) -> None:
        tag, job = self._waiting
        self._waiting = None

        def run() -> None:
            try:
                result, error = job(), None
            except Exception as err:  # noqa: BLE001 - shown in words by whoever asked
                result, error = None, err
                error.details = traceback.format_exc()
            try:
                self._finished.emit(tag, result, error)
            except RuntimeError:  # the dialog is gone: nobody waits for the result
                pass

        self._thread = threading.Thread(target=run, name=f"kratomtrack-{self.name}", daemon=True)
        self._thread.start()

    def _finish(self, tag, result, error) -> None:
        if self._thread is not None:
            self._thread.join()
        self._thread = None
        superseded = self._waiting is not None
        if superseded:
            self._start_waiting()
        elif error is not None:
            self.failed.emit(tag, error)
        else:
            self.done.emit(tag, result)
        if not self.busy:
            self.busy_changed.emit(False)


@contextlib.contextmanager
def garbage_collected_apart():
    """Run the block with Python's cyclic collector paused, then collect what it left.

    A collection stops the window's thread, whichever thread sets it off (it
    holds the interpreter lock). Drawing the charts leaves thousands of
    matplotlib objects in reference cycles; collected in the full collections
    they set off, together with every other object of the process, they
    stalled the window 100-150 ms on a ten-year log. With the collector paused
    while the charts are drawn, everything they made stays in the youngest
    generation, and one collection of that generation alone frees their
    garbage (30-60 ms measured under load). The app's own freeze point
    (ui/app/launch.py) is left as it is.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if was_on:  # (another thread's block may have turned it on already)
            gc.enable()
