"""What a person did and what the app warns about reaches a screen reader, without moving focus.

Every announcement goes through ui/widgets/announce.py, which builds Qt's
QAccessibleAnnouncementEvent and records, in ``announce.sent``, the message and
politeness read back from the event it built. The AT-SPI walk (a real bus,
Orca) is a test layer of its own; here the real window is driven offscreen.
"""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTabBar, QWidget

from kratomtrack.core.records import Dose, Form
from kratomtrack.store import checkups, preferences
from kratomtrack.ui.dialogs.shortcuts import KeyboardShortcutsDialog
from kratomtrack.ui.widgets import announce
from kratomtrack.ui.widgets.message_box import MessageBox
from kratomtrack.ui.widgets.warning_banner import WarningBanner

from conftest import TODAY

pytestmark = pytest.mark.window  # makes widgets

POLITE = QAccessible.AnnouncementPoliteness.Polite
ASSERTIVE = QAccessible.AnnouncementPoliteness.Assertive


@pytest.fixture(autouse=True)
def spoken():
    """What was announced during the test (cleared before it), oldest first."""
    announce.sent.clear()
    return announce.sent


def texts(spoken):
    return [said.text for said in spoken]


def rising_log(db, today):
    """4 g/day (two doses) for 120 days, then 6.6 g/day for the last 14: the warning shows."""
    with db.transaction():
        for n in range(120):
            grams = 3.3 if n < 14 else 2.0
            for hour in (8, 14):
                day = today - dt.timedelta(days=n)
                db.add_dose(Dose(dt.datetime.combine(day, dt.time(hour)), grams), today=today)


def enter_in_grams(qtbot, window, typed):
    grams = window.today_page.grams
    grams.setFocus()
    qtbot.waitUntil(grams.hasFocus, timeout=2000)
    qtbot.keyClicks(grams, typed)
    QTest.keyClick(grams, Qt.Key.Key_Return)
    return grams


def press(qtbot, widget, sequence: QKeySequence.StandardKey):
    combination = QKeySequence(sequence)[0]
    QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())


def test_a_logged_dose_is_announced_as_the_status_bar_shows_it_and_focus_stays_in_grams(window, qtbot, spoken):
    grams = enter_in_grams(qtbot, window, "2.5")
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=2000)
    said = spoken[-1]
    assert said.text == window.statusBar().currentMessage() == "Saved: Log 2.5 g"
    # The Qt event was built with the words and the politeness asked for.
    assert (said.message, said.politeness) == ("Saved: Log 2.5 g", POLITE)
    assert QApplication.focusWidget() is grams


def test_undo_and_redo_are_announced_and_focus_stays_where_it_was(window, qtbot, spoken):
    grams = enter_in_grams(qtbot, window, "2.5")
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=2000)
    press(qtbot, grams, QKeySequence.StandardKey.Undo)
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=2000)
    assert spoken[-1].message == "Undone: Log 2.5 g. Saved." == window.statusBar().currentMessage()
    assert window.db.doses_on(dt.date.today()) == []
    # Edit → Redo's key: Ctrl+Shift+Z on a GNOME or KDE desktop, Ctrl+Y here (offscreen).
    redo = window.redo_action.shortcut()[0]
    QTest.keyClick(grams, redo.key(), redo.keyboardModifiers())
    qtbot.waitUntil(lambda: len(spoken) == 3, timeout=2000)
    assert spoken[-1].message == "Redone: Log 2.5 g. Saved."
    assert [said.politeness for said in spoken] == [POLITE] * 3
    assert QApplication.focusWidget() is grams


def test_a_refused_amount_is_announced_at_once_and_focus_stays_in_grams(window, qtbot, spoken):
    grams = enter_in_grams(qtbot, window, "abc")
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=2000)
    said = spoken[-1]
    shown = window.today_page.dose_entry.fields["grams"].problem.text().removeprefix("⚠ ")
    assert said.message.startswith("Not saved. ") and shown in said.message
    assert said.politeness == ASSERTIVE  # a refusal interrupts what is being read
    assert window.db.doses_on(dt.date.today()) == []
    assert QApplication.focusWidget() is grams


def test_settings_ok_announces_settings_saved(window, qtbot, spoken):
    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    dialog.patient_name.setText("Sam")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    qtbot.waitUntil(lambda: "Settings saved." in texts(spoken), timeout=2000)
    assert [(s.message, s.politeness) for s in spoken] == [("Settings saved.", POLITE)]
    assert window.statusBar().currentMessage() == "Settings saved."


def test_a_settings_refusal_is_announced(window, qtbot, spoken):
    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    dialog.patient_name.setText("Sam\x07")  # a control character: refused
    dialog.save()
    assert dialog.isVisible() and not dialog.problem.isHidden()
    assert [(s.message, s.politeness) for s in spoken] == [(dialog.problem.text(), ASSERTIVE)]
    assert spoken[-1].message.startswith("Not saved: ")


def test_the_warning_is_announced_once_when_it_appears_not_at_each_refresh(qtbot, db, spoken):
    banner = WarningBanner(db, default_country="US")
    qtbot.addWidget(banner)
    banner.update_from(db, TODAY)
    assert list(spoken) == []  # nothing to warn about: nothing said
    rising_log(db, TODAY)
    banner.update_from(db, TODAY)
    title = banner.warning_box.title.text()
    assert title.startswith("Warning: ")
    assert [(s.message, s.politeness) for s in spoken] == [(title, ASSERTIVE)]
    banner.update_from(db, TODAY)  # refreshed twice: still said once
    banner.update_from(db, TODAY)
    assert len(spoken) == 1
    banner.dismiss()  # gone, then back: it appears again, and is said again
    assert len(spoken) == 1
    banner.show_again()
    assert texts(spoken) == [title, title]


def test_a_new_alert_is_announced_alone_while_the_warning_already_shown_is_not(qtbot, db, spoken):
    banner = WarningBanner(db, default_country="US")
    qtbot.addWidget(banner)
    rising_log(db, TODAY)
    banner.update_from(db, TODAY)
    checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)
    banner.update_from(db, TODAY)
    emergency = banner.alert_boxes[0].title.text()
    assert emergency.startswith("Emergency:")
    assert texts(spoken) == [banner.warning_box.title.text(), emergency]
    banner.update_from(db, TODAY)  # the alert's box is made anew: not said again
    assert len(spoken) == 2


def test_banner_messages_are_alerts_with_plain_text_names_and_descriptions(qtbot, db):
    rising_log(db, TODAY)
    checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)
    db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(20)), 1.0, Form.EXTRACT), today=TODAY)
    preferences.set_also_take(db, {"opioids"})
    banner = WarningBanner(db, default_country="US")
    qtbot.addWidget(banner)
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["emergency", "concentrate", "warning", "caution"]
    for box in banner.shown_messages():
        interface = QAccessible.queryAccessibleInterface(box)
        assert interface.role() == QAccessible.Role.Notification
        assert interface.text(QAccessible.Text.Name) == box.title.text()
        description = interface.text(QAccessible.Text.Description)
        assert description and "<" not in description and "&amp;" not in description
    emergency = banner.alert_boxes[0]
    # The help lines, once a bulleted HTML list, are read as sentences.
    assert "Help lines (United States):" in QAccessible.queryAccessibleInterface(emergency).text(
        QAccessible.Text.Description)


def accessible_texts(window):
    """Every widget's accessible name and description, as Qt hands them to AT-SPI."""
    for widget in [window, *window.findChildren(QWidget)]:
        interface = QAccessible.queryAccessibleInterface(widget)
        for text in (widget.accessibleName(), widget.accessibleDescription(),
                     interface.text(QAccessible.Text.Name) if interface else "",
                     interface.text(QAccessible.Text.Description) if interface else ""):
            yield widget, text


def test_no_accessible_name_or_description_in_the_window_holds_markup(open_window, db, qtbot):
    today = dt.date.today()
    rising_log(db, today)
    checkups.set_red_flag(db, today, "seizure", today=today)
    db.add_dose(Dose(dt.datetime.combine(today, dt.time(0, 5)), 1.0, Form.EXTRACT), today=today)
    preferences.set_also_take(db, {"opioids"})
    window = open_window(db)
    banner = window.warning_banner
    assert banner.visible_kinds() == ["emergency", "concentrate", "warning", "caution"]
    banner.expand()  # "Why?" and "What can I do?" open: their rich text shown
    for name in ("history", "trends", "today"):
        window.show_page(name)
    # The dialogs are the window's children while open: walked with it.
    dialogs = [window.open_settings(), window.open_plan(), window.answer_checkup("peg"),
               window.answer_checkup("sds"), window.show_shortcuts()]
    assert all(dialog.parent() is window for dialog in dialogs)
    marked = [(type(widget).__name__, text[:60]) for widget, text in accessible_texts(window)
              if "<" in text]
    assert marked == []


def test_go_to_the_warning_moves_focus_to_it_and_is_listed_in_f1(open_window, db, qtbot, spoken):
    rising_log(db, dt.date.today())
    window = open_window(db)
    box = window.warning_banner.warning_box
    assert texts(spoken) == [box.title.text()]  # said as the window starts
    grams = window.today_page.grams
    grams.setFocus()
    qtbot.waitUntil(grams.hasFocus, timeout=2000)
    QTest.keyClick(grams, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    assert isinstance(QApplication.focusWidget(), MessageBox)
    lines = KeyboardShortcutsDialog.for_window(window).texts()
    key = QKeySequence("Ctrl+Shift+W").toString(QKeySequence.SequenceFormat.NativeText)
    assert f"{key}: View → Go to the warning" in lines


def test_go_to_the_warning_with_none_shown_says_so_and_leaves_focus(window, qtbot, spoken):
    grams = window.today_page.grams
    grams.setFocus()
    qtbot.waitUntil(grams.hasFocus, timeout=2000)
    window.go_to_warning_action.trigger()
    assert texts(spoken) == ["No warning or alert is shown."]
    assert QApplication.focusWidget() is grams


def test_nothing_is_announced_while_the_person_types_as_the_window_starts(open_window, db, qtbot, spoken):
    # Trends is built in the background a moment after the start; it used to
    # select its first tab then, which Orca read ("Over time page tab") over
    # what the person was typing. Only what they did is said.
    for n in range(1, 30):
        db.add_dose(Dose(dt.datetime.combine(dt.date.today() - dt.timedelta(days=n), dt.time(9)), 2.0))
    window = open_window(db)
    grams = window.today_page.grams
    grams.setFocus()
    started = dt.datetime.now()
    while (dt.datetime.now() - started).total_seconds() < 3 or window.chart_preload is None \
            or window.chart_preload.is_alive():
        qtbot.keyClicks(grams, "1")
        qtbot.wait(50)  # a key every 50 ms: a person typing through the start
        assert (dt.datetime.now() - started).total_seconds() < 60, "the chart preload never ended"
    assert list(spoken) == []
    page = window.trends_page  # built in the background, not shown
    assert not page.isVisible()
    hidden_bars = [bar for bar in window.findChildren(QTabBar) if not bar.isVisible()]
    assert hidden_bars and all(bar.currentIndex() == -1 for bar in hidden_bars)  # none selected a tab
    assert QApplication.focusWidget() is grams
    grams.setText("2")
    QTest.keyClick(grams, Qt.Key.Key_Return)
    assert texts(spoken) == ["Saved: Log 2 g"]
    window.show_page("trends")  # opened: its tabs are there, "Over time" first
    qtbot.waitUntil(lambda: page.tabs.count() == 3, timeout=5000)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Over time"


def test_announce_builds_the_event_with_its_politeness_and_skips_empty_text(qtbot, spoken):
    widget = QWidget()
    qtbot.addWidget(widget)
    said = announce.announce(widget, "Not saved: the disk is full.", announce.ASSERTIVE)
    assert (said.message, said.politeness, said.source) == ("Not saved: the disk is full.", ASSERTIVE, "QWidget")
    assert announce.announce(widget, "   ") is None
    assert len(spoken) == 1


def test_the_live_status_label_says_each_text_anew_without_taking_focus_or_room(window, qtbot):
    # What a Qt without announcement events (before 6.8) uses.
    grams = window.today_page.grams
    grams.setFocus()
    qtbot.waitUntil(grams.hasFocus, timeout=2000)
    status = announce.LiveStatus.of(window)
    status.say("Saved: Log 2 g")
    assert announce.LiveStatus.of(window) is status  # one per window
    assert status.isVisible() and status.size().isEmpty()
    assert status.accessibleName() == status.text() == "Saved: Log 2 g"
    assert QApplication.focusWidget() is grams


def test_plain_text_reads_rich_text_as_sentences():
    assert announce.plain_text("<p><b>Why?</b></p><ul style='margin-left: -20px'><li>a &amp; b</li>"
                               "<li>used 7 of 7 days</li></ul>") == "Why? a & b. used 7 of 7 days."
    assert announce.plain_text("Saved: Log 2 g") == "Saved: Log 2 g"


def test_the_day_note_saved_after_a_pause_in_typing_is_shown_but_not_spoken(window, qtbot, spoken):
    """Issue 29: nothing is announced while the person types unless it concerns them."""
    note = window.today_page.checkin_panel.day_note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus, timeout=2000)
    qtbot.keyClicks(note, "slept badly")
    window.today_page.save_day_note()
    assert "Saved: Edit the day's note" in window.statusBar().currentMessage()
    assert not [text for text in texts(spoken) if "note" in text]
    assert note.hasFocus()
