"""``kratomtrack --self-test``: prove an installed or frozen build can do its job.

Opens the log's data folder and the main window (the offscreen platform is
fine), checks the pieces a packaged build most often loses (icon, charts,
printing, the local socket, the passphrase protection's libraries), closes everything and reports. Writes no
records. Exit 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

WINDOW_SHOWN_MS = 300  # long enough for the window's first paint and queued events


class SelfTestFailure(Exception):
    pass


def run_self_test(folder: Path, out=None) -> int:
    """Run every check, printing one line each; 0 if all passed, else 1."""
    out = out or sys.stdout
    from PySide6.QtWidgets import QApplication

    from kratomtrack.resource_files import APP_ID

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("kratomtrack")
    app.setDesktopFileName(APP_ID)
    state: dict = {}
    checks: list[tuple[str, Callable[[], str]]] = [
        ("data folder", lambda: _check_data_folder(folder, state)),
        ("whole log", lambda: _check_whole_log(state)),
        ("icon", _check_icon),
        ("main window", lambda: _check_window(app, state)),
        ("charts", _check_charts),
        ("printing", _check_printing),
        ("local socket", _check_local_socket),
        ("protection", _check_protection),
    ]
    failed = 0
    try:
        for name, check in checks:
            try:
                detail = check()
            except Exception as err:  # every failure is reported, not raised
                failed += 1
                print(f"FAIL  {name}: {err}", file=out)
            else:
                print(f"ok    {name}: {detail}", file=out)
    finally:
        from kratomtrack.ui.app.closing import stop_background_work

        stop_background_work()  # the window's check thread, before Python shuts down (closing.py)
        if "db" in state:
            state["db"].close()
    if failed:
        print(f"kratomtrack self-test: {failed} of {len(checks)} checks failed", file=out)
        return 1
    print(f"kratomtrack self-test: all {len(checks)} checks passed", file=out)
    return 0


def _check_data_folder(folder: Path, state: dict) -> str:
    from kratomtrack.store.database import LogDatabase

    db = LogDatabase.open_folder(folder)  # creates and migrates it, like the window
    state["db"] = db
    if not os.access(folder, os.W_OK) or not os.access(db.path, os.W_OK):
        raise SelfTestFailure(f"{db.path} is not writable")
    if os.name == "posix":
        for path, what in ((folder, "folder"), (db.path, "file")):
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                raise SelfTestFailure(
                    f"the {what} {path} is readable by other users (mode {mode:o}); "
                    f"run: chmod go-rwx '{path}'")
        return f"{folder} (private)"
    return str(folder)


def _check_whole_log(state: dict) -> str:
    """The same whole-log check as the window's after its first paint and ``kratomtrack check``."""
    from kratomtrack.store.integrity import check_whole_log

    if "db" not in state:
        raise SelfTestFailure("not tried: the data folder could not be opened")
    health = check_whole_log(state["db"].path)
    if not health.healthy:
        raise SelfTestFailure(f"{health.summary()} Run 'kratomtrack check' for details.")
    return "SQLite's integrity check passed and every record can be read"


def _check_icon() -> str:
    from kratomtrack.ui.app.icon import app_icon

    icon = app_icon()
    sizes = icon.availableSizes()
    if icon.isNull() or not sizes:
        raise SelfTestFailure("the app icon files are missing")
    return f"{len(sizes)} sizes, {sizes[0].width()} to {sizes[-1].width()} px"


def _check_window(app, state: dict) -> str:
    from PySide6.QtCore import QEventLoop, QTimer

    from kratomtrack.ui.app.main_window import MainWindow

    if "db" not in state:
        raise SelfTestFailure("not tried: the data folder could not be opened")
    window = MainWindow(state["db"])
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(WINDOW_SHOWN_MS, loop.quit)
    loop.exec()
    shown = window.isVisible()
    finished = window.start_finished  # painted, then the warning strip and reminders
    size = window.size()
    window.close()
    window.deleteLater()
    app.processEvents()
    if not shown:
        raise SelfTestFailure("the window did not show")
    if not finished:
        raise SelfTestFailure("the window showed but did not finish starting (no first paint)")
    return f"shown at {size.width()}x{size.height()} on '{app.platformName()}', started, closed"


def _check_charts() -> str:
    import matplotlib

    matplotlib.use("QtAgg")
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    canvas = FigureCanvasQTAgg(Figure(figsize=(2, 1)))
    canvas.figure.subplots().plot([0, 1], [1, 0])
    canvas.draw()
    canvas.close()
    return f"matplotlib {matplotlib.__version__} draws on QtAgg"


def _check_printing() -> str:
    import tempfile

    from PySide6.QtGui import QPainter, QPdfWriter
    from PySide6.QtPrintSupport import QPrintPreviewDialog  # noqa: F401 (print support is packaged)

    # A QPdfWriter, not a QPrinter: a QPrinter asks the printing system
    # (CUPS, perhaps over the network) for its printers.
    with tempfile.TemporaryDirectory(prefix="kratomtrack-self-test-") as tmp:
        pdf = Path(tmp) / "page.pdf"
        printer = QPdfWriter(str(pdf))
        painter = QPainter()
        if not painter.begin(printer):
            raise SelfTestFailure("could not start a PDF page")
        painter.drawText(100, 100, "kratomtrack")
        painter.end()
        del printer  # closes the file
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            raise SelfTestFailure("printing to PDF wrote no PDF")
    return "a one-page PDF prints"


def _check_local_socket() -> str:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    QLocalServer()
    QLocalSocket()
    return "QtNetwork local sockets load"


def _check_protection() -> str:
    """The libraries only a protected log loads (Argon2id, SQLCipher): a frozen
    build that left one out would fail only when such a log is opened."""
    import tempfile

    from kratomtrack.store import cipher, wrapped_key

    key = wrapped_key.derive_pad("self-test", bytes(16), wrapped_key.ARGON2ID,
                                 wrapped_key.ARGON2_MEMORY_KIB, wrapped_key.ARGON2_PASSES,
                                 wrapped_key.ARGON2_LANES)
    with tempfile.TemporaryDirectory(prefix="kratomtrack-self-test-") as tmp:
        path = Path(tmp) / "protected.db"
        conn = cipher.connect_encrypted(str(path), key)
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (42)")
        conn.close()
        if cipher.has_sqlite_header(path):
            raise SelfTestFailure("SQLCipher wrote a plain file")
        conn = cipher.connect_encrypted(str(path), key)
        try:
            value = conn.execute("SELECT x FROM t").fetchone()[0]
            version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        finally:
            conn.close()
    if value != 42:
        raise SelfTestFailure("an encrypted file read back wrong")
    return f"Argon2id and SQLCipher {version} encrypt a file and read it back"
