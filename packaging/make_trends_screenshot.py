"""Make resources/screenshots/trends.png: the Trends page over an invented demo log.

Runs offscreen (no display needed) and always draws the same picture: a
400-day demo log ending on a fixed date, the last 3 months, one day pointed at.

    python packaging/make_trends_screenshot.py [--palette light|dark] [-o FILE]
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

DEMO_TODAY = dt.date(2026, 11, 20)
POINTED_DAY = DEMO_TODAY - dt.timedelta(days=9)
WIDTH = 1000

LIGHT = {"Window": "#efefef", "WindowText": "#1f1f1f", "Base": "#ffffff", "Text": "#1f1f1f",
         "Button": "#e6e6e6", "ButtonText": "#1f1f1f", "AlternateBase": "#f5f5f5",
         "Highlight": "#2f6fb3", "HighlightedText": "#ffffff"}
DARK = {"Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1e1e1e", "Text": "#e6e6e6",
        "Button": "#353535", "ButtonText": "#e6e6e6", "AlternateBase": "#262626",
        "Highlight": "#3d6fb4", "HighlightedText": "#ffffff"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--palette", choices=("light", "dark"), default="light")
    parser.add_argument("-o", "--output", type=Path,
                        default=ROOT / "resources" / "screenshots" / "trends.png")
    args = parser.parse_args()

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kratomtrack.charts import day_x
    from kratomtrack.cli import main as cli
    from kratomtrack.core.date_ranges import RangePreset
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.ui.pages.trends.page import TrendsPage

    folder = Path(tempfile.mkdtemp(prefix="kt-screenshot-")) / "data"
    if cli(["--data-dir", str(folder), "demo", "--days", "400",
            "--today", DEMO_TODAY.isoformat()]) != 0:
        return 1
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (DARK if args.palette == "dark" else LIGHT).items():
        palette.setColor(getattr(QPalette, role), QColor(colour))
    app.setPalette(palette)

    with LogDatabase.open_folder(folder) as db:
        page = TrendsPage(db, today=lambda: DEMO_TODAY)
        page.setWindowTitle("kratomtrack: Trends")
        page.set_preset(RangePreset.LAST_3_MONTHS)
        page.resize(WIDTH, 700)
        page.show()
        app.processEvents()
        # Tall enough to show every chart without scrolling.
        extra = page.height() - page.timeline_area.viewport().height()
        page.resize(WIDTH, page.canvas.height() + extra + 4)
        for _ in range(3):
            app.processEvents()
        ax = page.chart.axes["pain"]
        x, y = ax.transData.transform((day_x(POINTED_DAY), 5))
        ratio = page.canvas.device_pixel_ratio
        QTest.mouseMove(page.canvas, QPoint(round(x / ratio),
                                            round(page.canvas.height() - y / ratio)))
        app.processEvents()
        args.output.parent.mkdir(parents=True, exist_ok=True)
        if not page.grab().save(str(args.output)):
            print(f"could not write {args.output}", file=sys.stderr)
            return 1
        page.close()
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
