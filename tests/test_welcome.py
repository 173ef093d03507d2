"""The first start on an empty log: a welcome panel in the window, once."""

import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.records import Dose
from kratomtrack.store.database import LogDatabase

pytestmark = pytest.mark.window


def test_a_new_log_shows_the_welcome_with_the_logs_place_without_taking_focus(open_window, db):
    window = open_window(db)
    panel = window.welcome
    assert panel is not None and panel.isVisible()
    text = panel.text.text()
    assert str(db.path) in text
    assert "stays on this computer" in text and "Import" in text
    assert panel.demo_button.isVisible() and panel.import_button.isVisible()
    # The dose form keeps the keyboard: the panel never takes it.
    assert not panel.isAncestorOf(window.focusWidget())


def test_got_it_hides_the_welcome_for_good(open_window, db, data_dir, qtbot):
    window = open_window(db)
    qtbot.mouseClick(window.welcome.done_button, Qt.MouseButton.LeftButton)
    assert not window.welcome.isVisible()
    window.close()
    again = open_window(db)
    assert again.welcome is None


def test_the_first_record_closes_the_welcome_and_a_log_with_records_never_shows_it(open_window, db, data_dir):
    window = open_window(db)
    db.add_dose(Dose(dt.datetime.now() - dt.timedelta(minutes=5), 2.0))
    window.announce(LogChanges.on_days([dt.date.today()], doses=True))  # as after a dose logged on Today
    assert not window.welcome.isVisible()
    window.close()
    assert open_window(db).welcome is None


def test_the_demo_command_the_welcome_runs_writes_a_demo_log(tmp_path):
    from kratomtrack.ui.app.welcome_panel import WelcomePanel

    folder = tmp_path / "demo"
    args = WelcomePanel._command("demo", "--days", "20", "--data-dir", str(folder))
    subprocess.run([sys.executable, *args], check=True, capture_output=True, timeout=120)
    with LogDatabase.open_folder(folder, create=False) as demo:
        assert demo.setting("demo", False) and not demo.is_empty()
