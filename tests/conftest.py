"""Fixtures shared by the tests, the two test layers and the one frozen TODAY.

The layers (docs/development.md): ``pytest -m "not window"`` runs the fast
layer (core, store, charts, the commands that make no PDF); ``pytest -m window``
the tests that make a Qt application, a widget or a PDF, or start the window.
"""

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests' own print service: CUPS is asked at this socket, where nothing answers
# unless tests/cups_service.py starts a cupsd there; never the computer's printers.
# Set before anything asks CUPS (libcups keeps the first server it is given).
os.environ["CUPS_SERVER"] = os.path.join(tempfile.gettempdir(), f"kratomtrack-cups-{os.getpid()}", "cups.sock")

from kratomtrack.store.database import LogDatabase  # noqa: E402

TODAY = dt.date(2026, 11, 20)
"""The one frozen "today" of the tests: logs are built around it and every
function that takes ``today=`` is given it."""


def real_today() -> dt.date:
    """The computer's date, for the tests that must follow the real clock: the
    window and the real ``kratomtrack`` command read it and take no other."""
    return dt.date.today()


# --- the two layers -------------------------------------------------------------------

# A test that asks for one of these (itself or through another fixture) runs a
# Qt application: it belongs to the window layer.
QT_FIXTURES = {"qtbot", "qapp"}
WINDOW_MODULE_MARK = "pytest.mark.window"  # on a line that starts with "pytestmark ="
FAST_LAYER = "not window"
# The window's parts and matplotlib's Qt canvas: no module of the fast layer loads them.
WINDOW_PACKAGES = ("kratomtrack.ui.app", "kratomtrack.ui.pages", "kratomtrack.ui.dialogs",
                   "kratomtrack.ui.widgets", "kratomtrack.ui.commands", "matplotlib.backends.backend_qt")


def _fast_layer(config) -> bool:
    return " ".join(config.getoption("markexpr").split()) == FAST_LAYER


def pytest_addoption(parser):
    parser.addoption("--full-exit-test", action="store_true", default=False,
                     help="close the real window 50 times at each of 20 moments of its start "
                          "(tests/test_window_exit.py; the normal run closes it once at each)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if QT_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.window)


def pytest_ignore_collect(collection_path: Path, config):
    """The fast layer does not even import the modules that are window tests
    as a whole (they say so in a line ``pytestmark = pytest.mark.window``, or
    ``pytestmark = [pytest.mark.window, ...``): importing them would load the
    window's modules and matplotlib's Qt canvas, and rewrite their asserts."""
    if not _fast_layer(config):
        return None
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    with collection_path.open(encoding="utf-8") as module:
        if any(line.startswith("pytestmark =") and WINDOW_MODULE_MARK in line for line in module):
            return True
    return None


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """In the fast layer, a test module whose imports load the window fails to
    collect, naming what it loaded: import it inside the window tests, or mark
    the module window."""
    if not isinstance(collector, pytest.Module) or not _fast_layer(collector.config):
        return (yield)
    before = set(sys.modules)
    report = yield
    loaded = sorted(name for name in set(sys.modules) - before if name.startswith(WINDOW_PACKAGES))
    if loaded and report.passed:
        report.outcome = "failed"
        report.longrepr = f"{collector.nodeid} loads the window in the fast layer: {', '.join(loaded)}"
    return report


def _qt_application_exists() -> bool:
    core = sys.modules.get("PySide6.QtCore")  # never imported here for a test that did not
    return core is not None and core.QCoreApplication.instance() is not None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test outside the window layer that makes the Qt application fails:
    it would make the fast layer slow, and then pass only after a window test."""
    had_application = _qt_application_exists()
    result = yield
    if not had_application and _qt_application_exists() and item.get_closest_marker("window") is None:
        pytest.fail("this test makes a Qt application: mark it window "
                    "(pytestmark = pytest.mark.window, or @pytest.mark.window)", pytrace=False)
    return result


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
        try:
            status = main(["--data-dir", str(folder), *map(str, args)])
        except SystemExit as exit_:  # arguments refused while read: usage and words, as the real command
            status = exit_.code
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
def qsettings_in_tmp(request, tmp_path):
    """QSettings (window size, last page) write under tmp_path, never to the real user's.
    Only the window layer has QSettings (kratomtrack/ui); the fast layer leaves Qt unloaded."""
    if request.node.get_closest_marker("window") is None:
        return None
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
