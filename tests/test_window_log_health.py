"""The window over a damaged log or a read-only folder: it opens read-only,
says so in a bar, offers the newest healthy backup, every page shows what can
be read, and nothing is written to the file."""

import datetime as dt
import subprocess

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from kratomtrack.core.records import Dose
from kratomtrack.store.backups import make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.startup import open_log_for_window
from kratomtrack.ui.dialogs.restore import DamagedLogDialog

from conftest import TODAY, real_today
from log_files import damage, damage_inside_a_record, fill

pytestmark = pytest.mark.window


def checked(window, qtbot):
    qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
    window.health_watch.wait()
    qtbot.waitUntil(lambda: window.health_watch.health is not None, timeout=5000)
    return window.health_watch.health


@pytest.fixture
def damaged_inside(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 20)
        make_backup(db)
    damage_inside_a_record(data_dir / "kratomtrack.db")
    return data_dir / "kratomtrack.db"


def test_damage_found_after_the_first_paint_turns_the_window_read_only(
        open_window, qtbot, damaged_inside):
    before = damaged_inside.read_bytes()
    db = open_log_for_window(damaged_inside.parent)
    window = open_window(db)
    health = checked(window, qtbot)
    assert not health.healthy
    assert db.read_only
    bar = window.read_only_bar
    assert bar.isVisible() and "damaged" in bar.label.text() and "read-only" in bar.label.text()
    assert bar.restore_button.isVisible()  # the newest healthy backup is offered
    for name in ("history", "trends", "today"):  # every page shows what can be read
        window.show_page(name)
        QApplication.processEvents()
    with pytest.raises(Exception, match="read-only"):
        db.add_dose(Dose(dt.datetime(2026, 11, 3, 9), 1.0), today=TODAY)
    window.close()
    db.close()
    assert damaged_inside.read_bytes() == before


def test_a_healthy_log_has_no_bar_and_stays_writable(open_window, qtbot, db):
    fill(db, 5)
    window = open_window(db)
    assert checked(window, qtbot).healthy
    assert not window.read_only_bar.isVisible() and not db.read_only


def test_a_log_quick_check_refuses_can_be_opened_read_only(open_window, qtbot, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 200)
    damaged = damage(data_dir / "kratomtrack.db")

    def choose_read_only():
        prompt = QApplication.activeModalWidget()
        if isinstance(prompt, DamagedLogDialog):
            prompt.read_only_button.click()
        else:
            qtbot.wait(20)
            choose_read_only()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, choose_read_only)
    db = open_log_for_window(data_dir)
    assert db is not None and db.read_only
    window = open_window(db)
    checked(window, qtbot)
    assert "damaged" in window.read_only_bar.label.text()
    for name in ("history", "trends", "today"):
        window.show_page(name)
        QApplication.processEvents()
    window.close()
    db.close()
    assert (data_dir / "kratomtrack.db").read_bytes() == damaged


@pytest.fixture
def read_only_folder(data_dir, tmp_path):
    """data_dir's log, seen through a read-only bind mount."""
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 5)
    view = tmp_path / "view"
    view.mkdir()
    for command in (["mount", "--bind", str(data_dir), str(view)],
                    ["mount", "-o", "remount,bind,ro", str(view)]):
        if subprocess.run(command, capture_output=True).returncode != 0:
            pytest.skip("bind mounts are not permitted here")
    yield view
    subprocess.run(["umount", "-l", str(view)], capture_output=True)


def test_a_read_only_folder_opens_the_window_read_only_with_a_bar(open_window, qtbot,
                                                                   read_only_folder):
    db = open_log_for_window(read_only_folder)
    assert db is not None and db.read_only
    window = open_window(db)
    checked(window, qtbot)
    bar = window.read_only_bar
    assert bar.isVisible() and "cannot be written" in bar.label.text()
    assert not bar.restore_button.isVisible()
    assert db.dose_count() == 5
    window.close()
    db.close()


def test_read_commands_work_in_a_read_only_folder_and_restore_explains(
        read_only_folder, run_cli, tmp_path):
    assert run_cli("export", "--format", "json", "-o", tmp_path / "x.json",
                   folder=read_only_folder)[0] == 0
    assert run_cli("warning", "--today", TODAY, folder=read_only_folder)[0] == 0
    assert run_cli("check", folder=read_only_folder)[0] == 0
    status, _, err = run_cli("report", "--to", real_today(), "-o", tmp_path / "r.pdf",
                             folder=read_only_folder)
    assert status == 0, err
    status, _, err = run_cli("restore", tmp_path / "x.json", folder=read_only_folder)
    assert status == 2 and "cannot be written" in err and "Traceback" not in err
