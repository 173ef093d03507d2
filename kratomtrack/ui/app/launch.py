"""Starting the window."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

from kratomtrack import __version__
from kratomtrack.resource_files import APP_ID
from kratomtrack.ui.app.single_instance import SingleInstance, already_open_box, bring_to_front
from kratomtrack.ui.app.translations import install_translations


def run_app(folder: Path) -> int:
    """Open the log in ``folder`` and show the window until it is closed."""
    # The start makes many objects and frees few, and each cyclic collection
    # went over every object made so far: none until the window is painted.
    # Then the start's objects are frozen out of later full collections, at
    # the one freeze point (collect_from_now_on; benchmarks/bench_window.py).
    # Whichever way the start ends, the collector is on again afterwards.
    gc.disable()
    try:
        return _show_window(folder)
    finally:
        gc.enable()


def _show_window(folder: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kratomtrack")
    app.setOrganizationName("kratomtrack")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its .desktop entry
    install_translations(app)  # none ships yet; English unless a .qm is added
    instance = SingleInstance(folder)
    if not instance.claim(listen=False):  # the lock, before any writer opens
        # Another window has this log: bring it forward.
        if not instance.activate_running():
            already_open_box().exec()
        return 0
    # The window's modules load here, with the collector off (run_app), and
    # not when another window has the log: a second start ends sooner.
    from kratomtrack.ui.app.main_window import MainWindow
    from kratomtrack.ui.app.startup import make_todays_backup, open_log_for_window

    db = open_log_for_window(folder)  # its checks, the damaged-log offer, refusals
    if db is None:
        instance.release()
        return 1
    window = MainWindow(db)
    answer_later_starts(instance, window)
    # Once the window is painted and the whole-log check found the log
    # healthy: the day's backup (a damaged log is never copied into backups);
    # once started, listening for later starts (the lock above already keeps
    # a second writer out).
    backup_when_healthy = window.health_watch.checked.connect(
        lambda health: health.healthy and not db.read_only and make_todays_backup(db, window))
    window.started.connect(instance.listen)
    window.started.connect(collect_from_now_on)
    window.started.connect(_set_window_icon)
    window.show()
    restore_signals = close_on_signals(window)
    try:
        return app.exec()
    finally:
        restore_signals()
        # A check's result still queued when the loop ended must not back up a closed log.
        window.health_watch.checked.disconnect(backup_when_healthy)
        shut_down(window)
        db.close()
        instance.release()


def answer_later_starts(instance: SingleInstance, window) -> None:
    """A later start brings ``window`` to the front; ``kratomtrack dose`` hands it its dose
    (ui/app/dose_requests.py, loaded with the first such dose)."""
    instance.activation_requested.connect(lambda: bring_to_front(window))

    def take_dose(line: bytes) -> tuple[bool, str]:
        from kratomtrack.ui.app.dose_requests import take_dose_request

        return take_dose_request(window, line)

    instance.dose_handler = take_dose


def _set_window_icon() -> None:
    """The app icon, once the window is painted: loading QIcon and its PNGs is a few
    milliseconds of the start, and the title bar and taskbar take it when it comes."""
    from kratomtrack.ui.app.icon import app_icon

    QApplication.instance().setWindowIcon(app_icon())


def collect_from_now_on() -> None:
    """The one freeze point: what exists once the window is painted (modules, the
    window, the log's rows on Today) lives as long as the app, so it is kept out of
    the collector's sight and full collections stay short; shut_down unfreezes it."""
    gc.freeze()
    gc.enable()


def close_on_signals(window) -> Callable[[], None]:
    """Close the window when the terminal sends Ctrl+C (SIGINT) or the system
    SIGTERM, exactly as its close button does (a day note being typed is
    saved); the app then exits 0. Returns a function that undoes this.

    Python runs a signal handler only between bytecodes, which Qt's event
    loop never reaches by itself: the signal is written to a socket Qt
    watches (set_wakeup_fd), so the window closes at once, and no
    KeyboardInterrupt is raised inside a Qt callback.
    """
    read, write = _wakeup_pair()
    previous_fd = signal.set_wakeup_fd(write.fileno())
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    notifier = QSocketNotifier(read.fileno(), QSocketNotifier.Type.Read, window)

    def woken() -> None:
        try:
            (read.recv if hasattr(read, "recv") else read.read)(64)
        except OSError:
            pass
        window.close()

    notifier.activated.connect(woken)

    def undo() -> None:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        read.close()
        write.close()

    return undo


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


def shut_down(window) -> None:
    """Free the window's undo history while Python is still whole.

    Left to interpreter exit (seen when a script keeps the window in a
    global), PySide6 6.11 can free the Python side of many QUndoCommands in
    the wrong order and abort with "none_dealloc"; clearing the stack and
    collecting here keeps every exit clean.
    """
    window.undo_stack.clear()
    window.hide()
    gc.unfreeze()  # the start's objects (frozen after the first paint) are collected too
    gc.collect()
