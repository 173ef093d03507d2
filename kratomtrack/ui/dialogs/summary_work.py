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


class SettledObjects:
    """Keeps Python's garbage collections short while the summary is made beside the window.

    A full collection walks every object the process holds, and frees the
    garbage it finds, with the interpreter lock held: it stops the window's
    thread whichever thread set it off. Drawing the charts leaves thousands of
    matplotlib objects in reference cycles, and collecting them together with
    everything else took 100-150 ms, the longest stalls of a range change
    measured. So the charts are drawn between ``settle()``, which moves every
    object alive (modules, the window, the summary) out of the collector's
    sight (``gc.freeze``), and ``collect()``, which then frees the charts'
    garbage while it is nearly all the collector sees. ``release()`` gives the
    settled objects back when the dialog closes, so garbage that was alive at a
    ``settle()`` is collected then, as it would have been.
    """

    def __init__(self) -> None:
        self.settled = False

    def settle(self) -> None:
        import gc

        gc.freeze()
        self.settled = True

    def collect(self) -> None:
        import gc

        gc.collect()

    def release(self) -> None:
        import gc

        if self.settled:
            gc.unfreeze()
            self.settled = False
