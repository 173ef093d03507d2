"""Starting the window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kratomtrack import __version__
from kratomtrack.resource_files import APP_ID
from kratomtrack.ui.app.close_requests import CloseRequests
from kratomtrack.ui.app.closing import stop_background_work
from kratomtrack.ui.app.single_instance import SingleInstance, already_open_box, bring_to_front
from kratomtrack.ui.app.translations import install_translations


def run_app(folder: Path) -> int:
    """Open the log in ``folder`` and show the window until it is closed."""
    # SIGINT and SIGTERM close the app normally from here on, its start included.
    closing = CloseRequests()
    # The start makes many objects and frees few, and each cyclic collection
    # went over every object made so far: none until the window is painted.
    # Then the start's objects are frozen out of later full collections, at
    # the one freeze point (collect_from_now_on; benchmarks/bench_window.py).
    # Whichever way the start ends, the collector is on again afterwards.
    gc.disable()
    try:
        return _show_window(folder, closing)
    finally:
        closing.undo()
        gc.enable()


def _show_window(folder: Path, closing: CloseRequests) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kratomtrack")
    app.setOrganizationName("kratomtrack")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its .desktop entry
    install_translations(app)  # none ships yet; English unless a .qm is added
    closing.watch(app)
    if closing.requested:
        return 0
    instance = SingleInstance(folder)
    if not instance.claim(listen=False):  # the lock, before any writer opens
        # Another window has this log: bring it forward.
        if not instance.activate_running():
            already_open_box().exec()
        return 0
    try:
        return _open_and_show(folder, app, instance, closing)
    finally:
        instance.release()


def _open_and_show(folder: Path, app: QApplication, instance: SingleInstance,
                   closing: CloseRequests) -> int:
    # The window's modules load here, with the collector off (run_app), and
    # not when another window has the log: a second start ends sooner.
    from kratomtrack.ui.app.startup import build_window, make_todays_backup, open_log_for_window

    db = None if closing.requested else open_log_for_window(folder)  # its checks, the damaged-log offer
    window = None if db is None or closing.requested else build_window(db, folder)
    if window is None:
        if db is not None:
            db.close()
        return 0 if closing.requested else 1
    db = window.db  # the log the window shows (opened again read-only if it could not show it)
    answer_later_starts(instance, window)
    backup_when_healthy = _after_start(window, instance, make_todays_backup)
    window.show()
    closing.close_with(window)
    try:
        return app.exec()
    finally:
        # A check's result still queued when the loop ended must not back up a closed log.
        window.health_watch.checked.disconnect(backup_when_healthy)
        shut_down(window)
        db.close()


def _after_start(window, instance: SingleInstance, make_todays_backup):
    """Once the window is painted and the whole-log check found the log healthy:
    the day's backup (a damaged log is never copied into backups); once
    started, listening for later starts (the lock already keeps a second writer
    out). Each runs even if another failed (ui/app/start_steps.py). Returns the
    backup's connection."""
    db, steps, translate = window.db, window.start_steps, QCoreApplication.translate
    window.started.connect(lambda: steps.run(translate(
        "run_app", "a second start of kratomtrack cannot bring this window forward"), instance.listen))
    window.started.connect(lambda: steps.run(translate("run_app", "a part of the start"),
                                             collect_from_now_on))
    window.started.connect(lambda: steps.run(translate("run_app", "the app's icon could not be shown"),
                                             _set_window_icon))
    return window.health_watch.checked.connect(
        lambda health: health.healthy and not db.read_only and steps.run(
            translate("run_app", "today's backup could not be made"),
            lambda: make_todays_backup(db, window)))


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


def shut_down(window) -> None:
    """Free the window's undo history while Python is still whole.

    Left to interpreter exit (seen when a script keeps the window in a
    global), PySide6 6.11 can free the Python side of many QUndoCommands in
    the wrong order and abort with "none_dealloc"; clearing the stack and
    collecting here keeps every exit clean.
    """
    window.undo_stack.clear()
    window.hide()
    still_running = stop_background_work()  # before Qt and Python shut down (ui/app/closing.py)
    if still_running:
        print(f"kratomtrack: background work did not end ({', '.join(still_running)}); "
              "ending without waiting longer.", file=sys.stderr, flush=True)
    gc.unfreeze()  # the start's objects (frozen after the first paint) are collected too
    gc.collect()
