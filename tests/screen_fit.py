"""Running a piece of the window on a 1366×768 screen, at 100 % or at
QT_SCALE_FACTOR=1.5, in its own process (the scale is read when Qt starts),
and what of it does not fit.

``clipped(top)`` lists, in words, every visible button, label or field of a
window that lies outside the screen or outside the window, or is smaller than
its text needs (its sizeHint, or its height for its width when it wraps).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalDpiY": 96, "dpr": 1}]}

CLIPPED = r'''
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget


def clipped(top):
    """What of ``top`` is off the screen, outside the window, or cut short, in words."""
    found = []
    screen = top.screen().availableGeometry()
    if not screen.contains(top.frameGeometry()):
        found.append(f"{type(top).__name__} {top.frameGeometry().getRect()} is not inside the "
                     f"screen {screen.getRect()}")
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or not isinstance(widget, (QAbstractButton, QLabel, QLineEdit)):
            continue
        name = f"{type(widget).__name__} {widget.objectName() or getattr(widget, 'text', lambda: '')()[:40]!r}"
        place = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        if not top.rect().contains(place):
            found.append(f"{name} at {place.getRect()} is outside its window {top.rect().getRect()}")
        hint = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{name} is {widget.height()} px high; its words need "
                             f"{widget.heightForWidth(widget.width())}")
        elif isinstance(widget, QLineEdit):
            if widget.height() < hint.height():
                found.append(f"{name} is {widget.height()} px high; it needs {hint.height()}")
        elif widget.width() < hint.width() or widget.height() < hint.height():
            found.append(f"{name} is {widget.size().toTuple()}; its text needs {hint.toTuple()}")
    return found
'''


def run_on_laptop_screen(script: str, scale: float, tmp_path: Path, *args) -> dict:
    """Run ``script`` (which may call clipped(), and prints one JSON line last) on
    a 1366×768 screen at ``scale``; its JSON."""
    config = tmp_path / f"screen-{scale}.json"
    config.write_text(json.dumps(SCREEN))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale), "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    done = subprocess.run([sys.executable, "-c", CLIPPED + script, *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
