import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from kratomtrack.store.backups import list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.dialogs.restore import DamagedLogDialog, RestoreDialog, damaged_log_prompt
from kratomtrack.ui.app.startup import make_todays_backup, open_log_for_window

from conftest import TODAY
from log_files import damage, fill, table_snapshot

pytestmark = pytest.mark.window

NOW = dt.datetime(2026, 11, 20, 9, 15)


def when_modal(action, kind=QDialog):
    """Run action on the next modal dialog once it is shown (exec() blocks the test)."""
    def attempt():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            action(widget)
        else:
            QTimer.singleShot(10, attempt)
    QTimer.singleShot(0, attempt)


@pytest.fixture
def history(db, data_dir):
    """A log with two backups: 3 days (older) and 5 days (newer), then 8 days now."""
    fill(db, 3)
    make_backup(db, now=NOW - dt.timedelta(days=2))
    fill(db, 2, start=TODAY - dt.timedelta(days=3))
    make_backup(db, now=NOW - dt.timedelta(days=1))
    fill(db, 3, start=TODAY - dt.timedelta(days=5))
    return db


def rows(dialog):
    table = dialog.table
    return [[table.topLevelItem(i).text(c) for c in range(4)] for i in range(table.topLevelItemCount())]


def test_restore_dialog_lists_backups_with_date_days_and_doses(qtbot, history, data_dir):
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    assert rows(dialog) == [
        ["Thu 19 Nov 2026 09:15", "5", "5", "made by hand"],
        ["Wed 18 Nov 2026 09:15", "3", "3", "made by hand"],
    ]
    assert dialog.selected_backup().days == 5 and dialog.restore_button.isEnabled()
    assert not dialog.empty.isVisibleTo(dialog)


def test_restoring_from_the_dialog_replaces_the_log_the_window_has_open(qtbot, history, data_dir):
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.select(list_backups(data_dir)[1].path)  # the older one: 3 days
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.restored.restored.days == 3
    assert history.dose_count() == 3
    assert list_backups(data_dir)[0].reason == "before-restore"


def test_a_backup_that_fails_its_check_is_refused_in_the_dialog(qtbot, history, data_dir):
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    before = table_snapshot(history)
    damage(dialog.selected_backup().path)  # damaged after the list was shown
    dialog.restore_button.click()
    assert dialog.problem.isVisibleTo(dialog) and "damaged" in dialog.problem.text()
    assert "left unchanged" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.restored is None
    assert table_snapshot(history) == before


def test_unreadable_backups_are_shown_but_cannot_be_chosen(qtbot, db, data_dir):
    make_backup(db, now=NOW)
    (data_dir / "backups" / "kratomtrack-2026-11-21_080000-daily.db").write_text("garbage")
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    assert "cannot be read" in rows(dialog)[0][3]
    assert dialog.selected_backup().made_at == NOW  # the readable one is preselected


def test_no_backups_yet_says_so(qtbot, db, data_dir):
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog) and "no backups yet" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()


@pytest.fixture
def damaged_log(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 4)
        make_backup(db, now=NOW)
        fill(db, 1, start=TODAY - dt.timedelta(days=10))
    damaged = damage(data_dir / "kratomtrack.db")
    with pytest.raises(Exception) as err:
        LogDatabase.open_folder(data_dir)
    return err.value, damaged


def test_damaged_log_prompt_offers_the_newest_good_backup(qtbot, data_dir, damaged_log):
    error, damaged = damaged_log
    prompt = damaged_log_prompt(data_dir, error)
    qtbot.addWidget(prompt)
    assert prompt.windowTitle() == "Your log is damaged"
    assert "made Fri 20 Nov 2026 09:15 and holds 4 days and 4 doses" in prompt.offer.text()
    assert prompt.new_log_button is None
    prompt.restore_button.click()
    assert prompt.outcome == "restored"
    with LogDatabase.open_folder(data_dir) as db:
        assert db.dose_count() == 4
    kept = [p for p in prompt.restored.set_aside if p.name.endswith(".db")]
    assert kept[0].read_bytes() == damaged


def test_damaged_log_prompt_can_choose_another_backup(qtbot, data_dir, damaged_log):
    prompt = damaged_log_prompt(data_dir, damaged_log[0])
    qtbot.addWidget(prompt)
    when_modal(lambda chooser: chooser.restore_button.click(), RestoreDialog)
    prompt.choose_button.click()
    assert prompt.outcome == "restored"


def test_damaged_log_without_backups_can_be_kept_aside_for_a_new_log(qtbot, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 2)
    damaged = damage(data_dir / "kratomtrack.db")
    prompt = DamagedLogDialog(data_dir, RuntimeError("damaged"))
    qtbot.addWidget(prompt)
    assert prompt.restore_button is None and "no good backup" in prompt.offer.text()
    prompt.new_log_button.click()
    assert prompt.outcome == "new-log"
    kept = list((data_dir / "backups").glob("set-aside-*kratomtrack.db"))
    assert kept[0].read_bytes() == damaged
    with LogDatabase.open_folder(data_dir) as db:
        assert db.is_empty()


def test_window_start_makes_the_days_backup_once(qtbot, data_dir):
    db = open_log_for_window(data_dir)
    try:
        assert list_backups(data_dir) == []  # made after the window's first paint
        make_todays_backup(db)
        assert [b.reason for b in list_backups(data_dir)] == ["daily"]
    finally:
        db.close()
    db = open_log_for_window(data_dir)  # the second start that day makes none
    make_todays_backup(db)
    db.close()
    assert len(list_backups(data_dir)) == 1


def test_a_failed_days_backup_is_said_and_the_log_stays_open(qtbot, data_dir):
    db = open_log_for_window(data_dir)
    try:
        (data_dir / "backups").write_text("a file where the backups folder should be")
        seen = []
        when_modal(lambda box: (seen.append(box.text()), box.accept()), QMessageBox)
        make_todays_backup(db)
        assert seen and "next start" in seen[0]
        assert db.dose_count() == 0  # still open and readable
    finally:
        db.close()


def test_window_start_with_a_damaged_log_restores_when_asked(qtbot, data_dir, damaged_log):
    when_modal(lambda prompt: prompt.restore_button.click(), DamagedLogDialog)
    db = open_log_for_window(data_dir)
    try:
        assert db.dose_count() == 4
    finally:
        db.close()


def test_window_start_with_a_damaged_log_and_quit_writes_nothing(qtbot, data_dir, damaged_log):
    when_modal(lambda prompt: prompt.quit_button.click(), DamagedLogDialog)
    assert open_log_for_window(data_dir) is None
    assert (data_dir / "kratomtrack.db").read_bytes() == damaged_log[1]


def test_window_start_refuses_a_foreign_file_with_a_message(qtbot, data_dir):
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "kratomtrack.db")
    conn.execute("CREATE TABLE recipes (name)")
    conn.close()
    before = (data_dir / "kratomtrack.db").read_bytes()
    seen = []
    when_modal(lambda box: (seen.append(box.text()), box.accept()), QMessageBox)
    assert open_log_for_window(data_dir) is None
    assert "not a kratomtrack log" in seen[0]
    assert (data_dir / "kratomtrack.db").read_bytes() == before


def test_double_click_restores_the_backup(qtbot, history, data_dir):
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    item = dialog.table.topLevelItem(1)
    dialog.table.setCurrentItem(item)
    dialog.table.itemDoubleClicked.emit(item, 0)
    assert dialog.restored is not None and history.dose_count() == 3


def test_a_damaged_backup_is_marked_and_restored_only_when_that_is_ticked(qtbot, history, data_dir):
    from log_files import damage_inside_a_record

    older = list_backups(data_dir)[1].path
    day = (TODAY - dt.timedelta(days=1)).isoformat()
    damage_inside_a_record(older, f"{day}T08:30".encode(), f"{day}T08:x0".encode())
    before = table_snapshot(history)
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.health) == 2)
    assert rows_with_check(dialog) == ["healthy", "damaged"]
    assert not dialog.checking.isVisibleTo(dialog)  # the progress went once every backup was checked
    dialog.select(older)
    assert dialog.damage_note.text() == (f"This backup is damaged: dose 2: '{day}T08:x0' is not a date "
                                         "and time written YYYY-MM-DDTHH:MM. 1 record(s) in it cannot be read.")
    assert dialog.even_if_damaged.isVisibleTo(dialog) and not dialog.restore_button.isEnabled()
    dialog.even_if_damaged.setChecked(True)  # the way through, only when clearly chosen
    assert dialog.restore_button.isEnabled()
    dialog.select(list_backups(data_dir)[0].path)  # another backup: the choice is made anew
    dialog.select(older)
    assert not dialog.even_if_damaged.isChecked() and not dialog.restore_button.isEnabled()
    assert table_snapshot(history) == before
    dialog.even_if_damaged.setChecked(True)
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and history.dose_count() == 3


def test_a_backup_found_damaged_before_its_check_arrived_is_refused_until_ticked(qtbot, history, data_dir):
    newest = list_backups(data_dir)[0].path
    day = (TODAY - dt.timedelta(days=3)).isoformat()
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.health) == 2)
    from log_files import damage_inside_a_record

    damage_inside_a_record(newest, f"{day}T08:30".encode(), f"{day}T08:x0".encode())  # after its check
    before = table_snapshot(history)
    dialog.restore_button.click()
    assert "is damaged (dose" in dialog.problem.text() and "Tick the box" in dialog.problem.text()
    assert dialog.even_if_damaged.isVisibleTo(dialog) and not dialog.restore_button.isEnabled()
    assert table_snapshot(history) == before and dialog.restored is None


def rows_with_check(dialog):
    return [dialog.table.topLevelItem(i).text(dialog.CHECK_COLUMN) for i in range(dialog.table.topLevelItemCount())]
