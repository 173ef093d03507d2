import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kratomtrack.store.database import LogDatabase  # noqa: E402

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def chicago(monkeypatch):
    """Local time is America/Chicago (daylight saving ended 1 Nov 2026, began 9 Mar 2025)."""
    import time

    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def db(data_dir):
    log = LogDatabase.open_folder(data_dir)
    yield log
    log.close()


@pytest.fixture
def run_cli(capsys, data_dir):
    """Run the kratomtrack command in-process; returns (status, stdout, stderr)."""
    from kratomtrack.cli import main

    def run(*args, folder=data_dir):
        status = main(["--data-dir", str(folder), *map(str, args)])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture(autouse=True)
def forget_keys():
    """A protected log's key, held in memory once unlocked, never outlives its test."""
    yield
    from kratomtrack.store import cipher

    cipher._keys.clear()


PASSPHRASE = "correct horse battery"


@pytest.fixture
def locked_log(data_dir):
    """A protected log of 10 days (one dose a day) with one backup, its key
    forgotten: as a start finds it. Its passphrase is PASSPHRASE."""
    from kratomtrack.store import protection
    from kratomtrack.store.backups import make_backup

    from log_files import fill

    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 10)
        make_backup(db)
    protection.protect(data_dir, PASSPHRASE)
    protection.lock(data_dir)
    return data_dir


@pytest.fixture(autouse=True)
def qsettings_in_tmp(tmp_path):
    """QSettings (window size, last page) write under tmp_path, never to the real user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path / "qsettings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return tmp_path / "qsettings"


@pytest.fixture
def open_window(qtbot):
    """Open a MainWindow on a LogDatabase, shown and exposed; closed at the end."""
    from kratomtrack.ui.app.main_window import MainWindow

    windows = []

    def open_(log):
        window = MainWindow(log)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        # The strip, due markers and reminder follow the first paint: wait for
        # them, so that a test never depends on how busy the machine is.
        qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window, db):
    """The window on the test's log; closed before the log is."""
    main = open_window(db)
    yield main
    main.close()
