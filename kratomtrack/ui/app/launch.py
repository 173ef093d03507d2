"""Starting the window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def run_app(folder: Path) -> int:
    """Open the log in ``folder`` and show the window until it is closed."""
    from PySide6.QtWidgets import QApplication

    from kratomtrack import __version__
    from kratomtrack.pyside_guard import guard_none_refcount
    from kratomtrack.resource_files import APP_ID
    from kratomtrack.ui.app.icon import app_icon
    from kratomtrack.ui.app.main_window import MainWindow
    from kratomtrack.ui.app.single_instance import SingleInstance, already_open_box, bring_to_front
    from kratomtrack.ui.app.startup import make_todays_backup, open_log_for_window
    from kratomtrack.ui.app.translations import install_translations

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kratomtrack")
    app.setOrganizationName("kratomtrack")
    guard_none_refcount()
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its .desktop entry
    install_translations(app)  # none ships yet; English unless a .qm is added
    instance = SingleInstance(folder)
    if not instance.claim(listen=False):  # the lock, before any writer opens  # another window has this log: bring it forward
        if not instance.activate_running():
            already_open_box().exec()
        return 0
    db = open_log_for_window(folder)  # damaged-log offer, refusals
    if db is None:
        instance.release()
        return 1
    window = MainWindow(db)
    instance.activation_requested.connect(lambda: bring_to_front(window))
    # Once the window is painted and the whole-log check found the log
    # healthy: the day's backup (a damaged log is never copied into backups);
    # once started, listening for later starts (the lock above already keeps
    # a second writer out).
    window.health_watch.checked.connect(
        lambda health: health.healthy and not db.read_only and make_todays_backup(db, window))
    window.started.connect(instance.listen)
    window.show()
    restore_signals = close_on_signals(window)
    try:
        return app.exec()
    finally:
        restore_signals()
        shut_down(window)
        db.close()
        instance.release()


def close_on_signals(window) -> Callable[[], None]:
    """Close the window when the terminal sends Ctrl+C (SIGINT) or the system
    SIGTERM, exactly as its close button does (a day note being typed is
    saved); the app then exits 0. Returns a function that undoes this.

    Python runs a signal handler only between bytecodes, which Qt's event
    loop never reaches by itself: the signal is written to a socket Qt
    watches (set_wakeup_fd), so the window closes at once, and no
    KeyboardInterrupt is raised inside a Qt callback.
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    read, write = socket.socketpair()
    for end in (read, write):
        end.setblocking(False)
    previous_fd = signal.set_wakeup_fd(write.fileno())
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    notifier = QSocketNotifier(read.fileno(), QSocketNotifier.Type.Read, window)

    def woken() -> None:
        try:
            read.recv(64)
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


def shut_down(window) -> None:
    """Free the window's undo history while Python is still whole.

    Left to interpreter exit (seen when a script keeps the window in a
    global), PySide6 6.11 can free the Python side of many QUndoCommands in
    the wrong order and abort with "none_dealloc"; clearing the stack and
    collecting here keeps every exit clean.
    """
    import gc

    window.undo_stack.clear()
    window.hide()
    gc.collect()
