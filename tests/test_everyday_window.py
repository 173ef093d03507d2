"""The everyday asks through the real window, offscreen: the time since the last dose on
Today, the same again (Ctrl+D), product completion, amounts as people type them, a dose
from the tray (absent where there is no tray), and ``kratomtrack dose`` handed to the
open window over its socket."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from kratomtrack.core.records import Dose, Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.launch import answer_later_starts
from kratomtrack.ui.app.reminder import DailyReminder
from kratomtrack.ui.app.single_instance import SingleInstance
from kratomtrack.ui.dialogs.shortcuts import KeyboardShortcutsDialog, shortcut_owners
from kratomtrack.ui.widgets import announce

from conftest import real_today
from real_command import ROOT
from window_helpers import answer_next_dialog, press

pytestmark = pytest.mark.window

CTRL = Qt.KeyboardModifier.ControlModifier


def now() -> dt.datetime:
    return dt.datetime.now().replace(second=0, microsecond=0)


def rows(page) -> int:
    return page.dose_table.rowCount()


@pytest.fixture
def red_bali(db):
    """A log whose last dose, 2.5 g of Red Bali powder, was taken 3 h 20 min ago."""
    db.add_dose(Dose(now() - dt.timedelta(hours=30), 3.0, Form.CAPSULES, "Green"), today=real_today())
    return db.add_dose(Dose(now() - dt.timedelta(hours=3, minutes=20), 2.5, Form.POWDER, "Red Bali"),
                       today=real_today())


# --- since the last dose --------------------------------------------------------------------------

def test_today_says_how_long_ago_the_last_dose_was_and_follows_the_clock_each_minute(red_bali, window):
    line = window.today_page.last_dose_line
    clock = now()
    line.clock = lambda: clock
    line.tick()
    assert line.isVisible()
    assert line.text() == "Last dose 3 h 20 min ago (2.5 g powder, Red Bali)"
    name, description = line.accessibleName(), line.accessibleDescription()
    assert name == "Time since the last dose" and "2.5 g powder, Red Bali" in description
    announce.sent.clear()
    clock += dt.timedelta(minutes=1)
    window._day_timer.timeout.emit()  # the window's minute
    assert line.text() == "Last dose 3 h 21 min ago (2.5 g powder, Red Bali)"
    # Nothing is said each minute: no announcement, and the name and description stay.
    assert list(announce.sent) == []
    assert (line.accessibleName(), line.accessibleDescription()) == (name, description)
    # It states what was logged and nothing more: no word about another dose.
    assert not any(word in line.text().lower() for word in ("next", "time for", "can take", "wait"))


def test_the_line_shows_on_today_only(red_bali, window):
    page, line = window.today_page, window.today_page.last_dose_line
    window.open_day(real_today() - dt.timedelta(days=2))
    assert not line.isVisible() and line.text() == ""
    window.open_day(real_today())
    assert line.isVisible() and line.text().startswith("Last dose ")
    assert page.grams.hasFocus()


def test_a_new_dose_is_the_last_dose_at_once(red_bali, window, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "1.5")
    press(page.grams, Qt.Key.Key_Return)
    assert page.last_dose_line.text() == "Last dose less than a minute ago (1.5 g powder, Red Bali)"


def test_no_dose_no_line(window):
    assert not window.today_page.last_dose_line.isVisible()


def test_a_last_dose_after_the_clock_went_back_is_never_shown_as_negative(red_bali, window, db):
    line = window.today_page.last_dose_line
    db.add_dose(Dose(now() - dt.timedelta(minutes=10), 2.0, Form.TEA, "Later"), today=real_today())
    line.reload(True)
    assert line.text().startswith("Last dose 10 min ago (2 g tea, Later)")
    clock = now() - dt.timedelta(hours=1)  # the clock moved back an hour
    line.clock = lambda: clock
    line.tick()
    assert line.text() == "Last dose 2 h 20 min ago (2.5 g powder, Red Bali)"
    line.clock = lambda: now() - dt.timedelta(days=3)  # before every dose logged
    line.tick()
    assert not line.isVisible()


# --- the same again --------------------------------------------------------------------------------

def test_ctrl_d_with_grams_empty_logs_the_last_dose_again_now_and_ctrl_z_takes_it_back(red_bali, window, db):
    page = window.today_page
    assert page.grams.hasFocus() and page.grams.text() == ""
    press(page.grams, Qt.Key.Key_D, CTRL)
    [again] = [d for d in db.doses_on(real_today()) if d.taken_at >= now() - dt.timedelta(minutes=1)]
    assert (again.milligrams, again.form, again.product, again.note) == (2500, Form.POWDER, "Red Bali", "")
    assert rows(page) == len(db.doses_on(real_today())) and again in page.day_doses.doses
    assert window.statusBar().currentMessage() == "Logged again: 2.5 g powder, Red Bali"
    assert page.last_dose_line.text().startswith("Last dose less than a minute ago")
    press(page.grams, Qt.Key.Key_Z, CTRL)
    assert again.id not in [d.id for d in db.all_doses()]
    assert "Undone: Log 2.5 g" in window.statusBar().currentMessage()


def test_ctrl_d_without_an_earlier_dose_says_so_and_logs_nothing(window, db):
    press(window.today_page.grams, Qt.Key.Key_D, CTRL)
    assert db.all_doses() == []
    assert "No dose is logged yet" in window.statusBar().currentMessage()


def test_ctrl_d_with_an_amount_typed_logs_nothing_and_keeps_it(red_bali, window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "3")
    press(page.grams, Qt.Key.Key_D, CTRL)
    assert len(db.all_doses()) == 2 and page.grams.text() == "3"
    assert "Empty Grams to log the last dose again" in window.statusBar().currentMessage()


def test_the_same_again_asks_is_this_right_like_a_typed_dose(window, db):
    db.add_dose(Dose(now() - dt.timedelta(minutes=1), 16.0, Form.POWDER, "Big"), today=real_today())
    window.today_page.refresh()
    seen = []
    answer_next_dialog("Go back", seen)
    window.same_again_action.trigger()
    assert "16 g in one dose is more than 15 g" in seen[0]
    assert len(db.all_doses()) == 1


def test_ctrl_d_from_a_past_day_logs_today_and_shows_it(red_bali, window, db):
    window.open_day(real_today() - dt.timedelta(days=3))
    press(window.today_page.grams, Qt.Key.Key_D, CTRL)
    assert window.today_page.day == real_today()
    assert len(db.all_doses()) == 3


def test_ctrl_d_is_in_the_day_menu_and_f1_and_on_no_other_command(red_bali, window):
    assert window.same_again_action in window.day_menu.actions()
    window.day_menu.aboutToShow.emit()
    assert window.same_again_action.text() == "Log the &same dose again (2.5 g powder, Red Bali)"
    rows_ = KeyboardShortcutsDialog.for_window(window).texts()
    assert any(row.startswith("Ctrl+D:") and "Day → Log the same dose again" in row for row in rows_)
    owners = [owner for owner, key in shortcut_owners(window) if key.matches("Ctrl+D") != key.SequenceMatch.NoMatch]
    assert owners == ["action 'Log the same dose again'"]


# --- product completion and amounts --------------------------------------------------------------

def test_the_product_completes_from_the_last_90_days_most_used_first(window, db, qtbot):
    day = real_today()
    for days_ago, product in ((100, "Old"), (100, "Old"), (100, "Old"), (10, "Often"), (9, "Often"),
                              (8, "Often"), (2, "Once"), (5, "Twice"), (4, "Twice")):
        db.add_dose(Dose(dt.datetime.combine(day - dt.timedelta(days=days_ago), dt.time(9)), 2.0,
                         product=product), today=day)
    page = window.today_page
    page.product.setFocus()
    qtbot.waitUntil(lambda: page.dose_entry.products_loaded)
    assert page.dose_entry.product_completer.model().stringList() == ["Often", "Twice", "Once"]


def test_grams_with_a_unit_are_logged(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "2 g")
    press(page.grams, Qt.Key.Key_Return)
    page.form.setCurrentIndex(page.form.findData(Form.SEVEN_OH.value))
    qtbot.keyClicks(page.grams, "15 mg")
    press(page.grams, Qt.Key.Key_Return)
    assert sorted(d.milligrams for d in db.all_doses()) == [15, 2000]


@pytest.fixture
def german():
    """The system's locale writes decimals with a comma."""
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(QLocale.system())


def test_a_decimal_comma_is_read_and_what_was_read_is_said(german, window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "2,5")
    press(page.grams, Qt.Key.Key_Return)
    assert [d.milligrams for d in db.all_doses()] == [2500]
    assert page.dose_entry.entry_hint.text() == "Saved: read \u201c2,5\u201d as 2.5 g."
    assert "read \u201c2,5\u201d as 2.5 g" in page.grams.accessibleDescription()
    qtbot.keyClicks(page.grams, "1")  # the next amount: the hint is about the one before no more
    assert page.dose_entry.entry_hint.text() == "Enter logs it now."
    page.grams.setText("1.500")  # a thousands point in German: never guessed
    press(page.grams, Qt.Key.Key_Return)
    assert "could be 1,5 or 1500" in page.fields["grams"].problem.text()
    assert len(db.all_doses()) == 1


# --- a dose from the tray --------------------------------------------------------------------------

def test_without_a_tray_there_is_no_icon_and_no_log_a_dose_entry_and_nothing_breaks(red_bali, window):
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # the offscreen platform has none
    assert window.reminder.tray is None and not window.reminder.running
    actions = [a.text() for w in QApplication.allWidgets() for a in w.actions()]
    actions += [a.text() for a in window.findChildren(QAction)]
    assert not any("Log a dose" in text for text in actions)
    assert window.reminder.check() is False  # the reminder still answers, showing nothing
    assert window.tray_dose is None


def test_with_a_tray_the_icon_shows_even_with_the_reminder_off_and_offers_log_a_dose(db, qtbot):
    reminder = DailyReminder(db, available=True)
    try:
        assert reminder.setting.enabled is False and not reminder.running
        assert reminder.tray is not None and reminder.tray.isVisible()
        assert reminder.tray.toolTip() == "kratomtrack"
        menu = reminder.tray.contextMenu()
        assert [a.text() for a in menu.actions()] == ["&Log a dose\u2026", "&Open kratomtrack"]
        with qtbot.waitSignal(reminder.log_dose_requested):
            menu.actions()[0].trigger()
        with qtbot.waitSignal(reminder.open_today):
            menu.actions()[1].trigger()
    finally:
        reminder.stop()


@pytest.fixture
def tray_window(red_bali, window, qtbot):
    """The window minimised, and the tray's "Log a dose…" chosen (its signal, as the icon's menu emits it)."""
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    window.reminder.log_dose_requested.emit()
    small = window.tray_dose
    qtbot.waitExposed(small)
    yield small
    small.close()


def test_log_a_dose_opens_a_small_window_on_top_without_raising_the_main_one(tray_window, window):
    assert tray_window.parent() is None and tray_window.isVisible()
    assert tray_window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isMinimized()
    assert tray_window.grams.hasFocus() and tray_window.grams.text() == ""
    # The dose fields only, starting from the last dose's form and product.
    assert (tray_window.form.currentData(), tray_window.product.text()) == ("powder", "Red Bali")
    assert tray_window.completer.model().stringList() == ["Red Bali", "Green"]


def test_enter_in_the_tray_window_logs_now_today_shows_it_and_ctrl_z_takes_it_back(tray_window, window, db, qtbot):
    page = window.today_page
    before = rows(page)
    qtbot.keyClicks(tray_window.grams, "2,5")
    press(tray_window.grams, Qt.Key.Key_Return)
    [new] = [d for d in db.all_doses() if d.taken_at >= now() - dt.timedelta(minutes=1)]
    assert (new.milligrams, new.form, new.product) == (2500, Form.POWDER, "Red Bali")
    assert rows(page) == before + 1 or page.day != new.day  # Today shows it at once
    assert page.last_dose_line.text() == "Last dose less than a minute ago (2.5 g powder, Red Bali)"
    assert "Saved: 2.5 g powder, Red Bali (read \u201c2,5\u201d as 2.5 g)" in tray_window.result.text()
    assert window.isMinimized() and tray_window.isVisible()
    assert window.undo_stack.undoText() == "Log 2.5 g"
    press(tray_window.grams, Qt.Key.Key_Z, CTRL)
    assert new.id not in [d.id for d in db.all_doses()]
    assert rows(page) == before
    assert "Taken back" in tray_window.result.text()


def test_the_tray_window_refuses_in_words_and_asks_is_this_right(tray_window, db, qtbot):
    count = len(db.all_doses())
    qtbot.keyClicks(tray_window.grams, "1,500")
    press(tray_window.grams, Qt.Key.Key_Return)
    assert "could be 1.5 or 1500" in tray_window.problem.text() and tray_window.problem.isVisible()
    tray_window.grams.setText("25")
    seen = []
    answer_next_dialog("Go back", seen)
    press(tray_window.grams, Qt.Key.Key_Return)
    assert "25 g in one dose is more than 15 g" in seen[0]
    assert len(db.all_doses()) == count and tray_window.grams.text() == "25"


def test_esc_closes_the_tray_window_and_closing_the_main_window_closes_it_too(tray_window, window, qtbot):
    press(tray_window.grams, Qt.Key.Key_Escape)
    assert not tray_window.isVisible()
    window.log_dose_from_tray()
    qtbot.waitExposed(tray_window)
    window.close()
    assert not tray_window.isVisible()


# --- kratomtrack dose handed to the open window ------------------------------------------------------

@pytest.fixture
def owned(open_window, data_dir, qtbot):
    """The window as the app starts it: the folder claimed, listening, answering later starts."""
    with LogDatabase.open_folder(data_dir) as log:
        log.add_dose(Dose(now() - dt.timedelta(hours=2), 2.0, Form.CAPSULES, "Green"), today=real_today())
    instance = SingleInstance(data_dir)
    assert instance.claim()
    db = LogDatabase.open_folder(data_dir)
    window = open_window(db)
    answer_later_starts(instance, window)
    yield window
    window.close()
    db.close()
    instance.release()


def dose_command(folder, qtbot, *args):
    """``kratomtrack dose ARGS`` as its own process, the window answering meanwhile."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    process = subprocess.Popen([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "dose", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    out, err = process.communicate()
    return process.returncode, out, err


def test_the_dose_command_hands_its_dose_to_the_open_window(owned, data_dir, qtbot):
    page = owned.today_page
    before = rows(page)
    status, out, err = dose_command(data_dir, qtbot, "2,5")
    assert status == 0, err
    assert out.startswith("Logged in the open window: 2.5 g capsules, Green at ")
    assert "Edit \u2192 Undo there takes it back" in out
    assert rows(page) == before + 1 or page.day != real_today()  # Today shows it at once
    assert page.last_dose_line.text() == "Last dose less than a minute ago (2.5 g capsules, Green)"
    assert owned.undo_stack.undoText() == "Log 2.5 g"
    owned.editor.undo()
    assert [d.milligrams for d in owned.db.all_doses()] == [2000]


def test_the_window_refuses_what_the_command_would_and_yes_answers_the_question(owned, data_dir, qtbot):
    status, out, err = dose_command(data_dir, qtbot, "25")
    assert (status, out) == (2, "")
    assert "Is this right? 25 g in one dose is more than 15 g." in err and "--yes" in err
    status, _, err = dose_command(data_dir, qtbot, "1,500")
    assert status == 2 and "could be 1.5 or 1500" in err
    assert len(owned.db.all_doses()) == 1
    status, out, _ = dose_command(data_dir, qtbot, "25", "--yes")
    assert status == 0 and "25 g capsules, Green" in out
    assert len(owned.db.all_doses()) == 2


def test_a_window_that_does_not_answer_keeps_the_dose_out_in_words(data_dir, qtbot):
    with LogDatabase.open_folder(data_dir) as log:
        log.add_dose(Dose(now() - dt.timedelta(hours=2), 2.0), today=real_today())
    instance = SingleInstance(data_dir)
    assert instance.claim(listen=False)  # holds the log, never answers: a window still starting, or frozen
    try:
        status, out, err = dose_command(data_dir, qtbot, "2")
    finally:
        instance.release()
    assert (status, out) == (2, "")
    assert "kratomtrack is open on this log but its window did not answer" in err
    with LogDatabase.open_folder(data_dir) as log:
        assert len(log.all_doses()) == 1


def test_a_locked_window_takes_no_dose_from_the_tray_or_the_command(open_window, data_dir, qtbot):
    from kratomtrack.core.quick_dose import DoseRequest
    from kratomtrack.store import protection
    from kratomtrack.store.window_address import dose_line
    from kratomtrack.ui.app.dose_requests import take_dose_request

    from conftest import PASSPHRASE

    with LogDatabase.open_folder(data_dir) as log:
        log.add_dose(Dose(now() - dt.timedelta(hours=2), 2.0), today=real_today())
    protection.protect(data_dir, PASSPHRASE)
    db = LogDatabase.open_folder(data_dir)
    try:
        window = open_window(db)
        window.idle_lock.lock_now()
        assert window.idle_lock.locked
        window.reminder.log_dose_requested.emit()
        assert window.tray_dose is None  # the lock screen comes up instead, to be unlocked first
        saved, words = take_dose_request(window, dose_line(DoseRequest("2").as_dict()))
        assert not saved and "kratomtrack is locked" in words
        assert len(db.all_doses()) == 1
        window.close()
    finally:
        db.close()
