"""Make the README's screenshots of Today and History from an invented demo log.

Runs offscreen, so it works on a machine without a display:

    python packaging/make_screenshots.py            # writes resources/screenshots/*.png
    python packaging/make_screenshots.py --dark --out /tmp/shots   # to check the dark palette

QT_SCALE_FACTOR=1.5 in the environment shows the window at 150%.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")



def dark_palette():
    """A dark palette like a desktop's dark theme (offscreen has no system theme)."""
    from PySide6.QtGui import QColor, QPalette

    role = QPalette.ColorRole
    palette = QPalette()
    colours = {
        role.Window: "#2b2b2b", role.WindowText: "#e8e8e8", role.Base: "#1f1f1f",
        role.AlternateBase: "#272727", role.Text: "#e8e8e8", role.Button: "#353535",
        role.ButtonText: "#e8e8e8", role.Highlight: "#3d7ac6", role.HighlightedText: "#ffffff",
        role.PlaceholderText: "#9a9a9a", role.ToolTipBase: "#353535", role.ToolTipText: "#e8e8e8",
        role.Light: "#505050", role.Midlight: "#404040", role.Mid: "#303030", role.Dark: "#1a1a1a",
        role.Shadow: "#000000", role.Link: "#8ab4f8",
    }
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, QColor(colour))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor("#7a7a7a"))
    return palette


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    parser.add_argument("--dark", action="store_true", help="use the dark colour scheme")
    parser.add_argument("--size", default="1120x740", help="window size in points (default 1120x740)")
    parser.add_argument("--days", type=int, default=120, help="days of demo data (default 120)")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    work = Path(tempfile.mkdtemp(prefix="kt-screenshots-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")  # the same look on every machine
    if args.dark:
        app.setPalette(dark_palette())
    if "DejaVu Sans" in QFontDatabase.families():
        app.setFont(QFont("DejaVu Sans", 10))

    from kratomtrack.cli import main as kratomtrack
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.ui.app.launch import shut_down
    from kratomtrack.ui.app.main_window import MainWindow

    folder = work / "data"
    if kratomtrack(["--data-dir", str(folder), "demo", "--days", str(args.days)]) != 0:
        return 1
    db = LogDatabase.open_folder(folder)
    window = MainWindow(db)
    window.resize(*(int(n) for n in args.size.split("x")))
    window.show()
    # The warning strip follows the window's first paint; wait for it, then
    # let the layout settle before taking pictures.
    for _ in range(300):
        if window.start_finished:
            break
        QTest.qWait(10)
    QTest.qWait(200)

    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "-dark" if args.dark else ""
    # Log a dose the way a person would: a number and Enter in the grams field.
    window.open_day(dt.date.today())
    QTest.keyClicks(window.today_page.grams, "2.5")
    QTest.keyClick(window.today_page.grams, Qt.Key.Key_Return)
    QTest.qWait(200)
    shots = {"today": window.grab()}
    window.show_page("history")
    QTest.qWait(200)
    shots["history"] = window.grab()
    window.show_page("trends")
    for _ in range(500):
        if window.trends_page.chart is not None:
            break
        QTest.qWait(10)
    QTest.qWait(400)  # the charts take the window's height once it settles
    shots["trends"] = window.grab()
    for name, image in shots.items():
        path = args.out / f"{name}{suffix}.png"
        image.save(str(path))
        print(f"Wrote {path}")
    window.close()
    shut_down(window)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
