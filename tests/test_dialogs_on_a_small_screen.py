"""Issue 26 (item 9): on a 1366×768 screen at 150% (911×512 points) Settings could not
shrink below 560 points and the reduction plan put its buttons off the screen. Both now
open within the screen's free area, what does not fit scrolls, and every button can be
seen: the dialogs' own buttons always, the others once scrolled to."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.store import plans
from kratomtrack.store.database import LogDatabase

from real_command import ROOT, kratomtrack

pytestmark = pytest.mark.window

SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
          "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}

OPEN_BOTH = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow, QScrollArea
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_editor import LogEditor
from kratomtrack.ui.dialogs.plan import PlanDialog
from kratomtrack.ui.dialogs.settings import SettingsDialog

app = QApplication([])
db = LogDatabase.open_folder(Path(sys.argv[1]))
out = Path(sys.argv[2])
window = QMainWindow()
window.show()
free = window.screen().availableGeometry()
found = {"free": free.getRect(), "ratio": window.screen().devicePixelRatio()}


def scroll_around(widget):
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget


def on_screen(widget):
    return free.contains(QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size()))


for name, dialog in (("settings", SettingsDialog(db, window)), ("plan", PlanDialog(db, LogEditor(db), window))):
    dialog.open()
    if name == "plan":  # a refusal shown under the table: Close must stay in sight all the same
        dialog.show_problem("Not started: " + "a long refusal in words, " * 12)
    app.processEvents()
    pages = dialog.tabs.count() if name == "settings" else 1
    buttons, off = 0, []
    for page in range(pages):
        if name == "settings":
            dialog.tabs.setCurrentIndex(page)
            app.processEvents()
        dialog.grab().save(str(out / f"{name}-{page}.png"))
        for button in dialog.findChildren(QAbstractButton):
            if not button.isVisible():
                continue
            buttons += 1
            scroll = scroll_around(button)
            if scroll is None and not on_screen(button):
                off.append(f"{button.text()} (not in a scroll area)")
            if scroll is not None:
                scroll.ensureWidgetVisible(button)
                app.processEvents()
                if not on_screen(button):
                    off.append(f"{button.text()} (scrolled to)")
    found[name] = {"frame": dialog.frameGeometry().getRect(), "buttons": buttons, "off": off,
                   "smallest": dialog.minimumSizeHint().toTuple()}
    dialog.close()
print(json.dumps(found))
"""


def _log_with_plans(folder):
    assert kratomtrack(folder, "demo", "--days", "120").returncode == 0
    today = dt.date.today()
    with LogDatabase.open_folder(folder) as db:
        steps = tuple(PlanStep(today - dt.timedelta(days=200 - 7 * i), 8000 - 250 * i) for i in range(12))
        plans.set_plan(db, Plan(steps, note="agreed with Dr Lee"))
        plans.end_plan(db, today - dt.timedelta(days=100))
        steps = tuple(PlanStep(today - dt.timedelta(days=60 - 7 * i), 6000 - 250 * i, 3) for i in range(14))
        plans.set_plan(db, Plan(steps, note="the second one, agreed at the clinic in the spring"))


def test_settings_and_the_plan_fit_a_1366_by_768_screen_at_150_percent(tmp_path):
    folder = tmp_path / "data"
    _log_with_plans(folder)
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_SCALE_FACTOR="1.5",
               QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    result = subprocess.run([sys.executable, "-c", OPEN_BOTH, str(folder), str(tmp_path)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["ratio"] == 1.5 and found["free"] == [0, 0, 911, 512]
    for name in ("settings", "plan"):
        x, y, width, height = found[name]["frame"]
        assert x >= 0 and y >= 0 and x + width <= 911 and y + height <= 512, (name, found[name])
        assert found[name]["smallest"][1] <= 512 and found[name]["smallest"][0] <= 911, (name, found[name])
        assert found[name]["buttons"] >= 3 and found[name]["off"] == [], (name, found[name])
    # The pictures are the dialogs at 150%: every device pixel drawn, nothing beyond the screen.
    for picture in ("settings-0", "settings-1", "settings-2", "plan-0"):
        image = QImage(str(tmp_path / f"{picture}.png"))
        assert 0 < image.width() <= 1366 and 0 < image.height() <= 768, picture


def test_a_step_typed_as_nan_or_1e400_is_refused_in_words(db, qtbot):
    from kratomtrack.ui.commands.log_editor import LogEditor
    from kratomtrack.ui.dialogs.plan import PlanDialog

    dialog = PlanDialog(db, LogEditor(db))
    qtbot.addWidget(dialog)
    for leaf in ("nan", "1e400", "inf", "-1", "100.5"):
        dialog.steps.setRowCount(0)
        dialog.add_step_row(PlanStep(dt.date(2026, 11, 1), 5000))
        dialog.steps.item(0, 1).setText(leaf)
        assert dialog.start_plan() is False, leaf
        assert "Not started: step 1:" in dialog.problem.text() and "from 0 to 100" in dialog.problem.text(), leaf
    assert plans.all_plans(db) == []
