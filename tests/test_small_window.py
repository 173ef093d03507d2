"""The smallest window the app allows still shows every page's controls; dialogs do not cut text."""

import datetime as dt

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel

from kratomtrack.core.log_changes import EVERYTHING
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.ui.app.main_window import MINIMUM_SIZE

from conftest import real_today

pytestmark = pytest.mark.window


def inside_window(widget, window) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


def test_the_window_has_a_minimum_size_its_layouts_fit(window):
    minimum = window.minimumSize()
    assert (minimum.width(), minimum.height()) >= MINIMUM_SIZE
    assert minimum.width() >= window.minimumSizeHint().width()


def test_at_the_smallest_size_each_page_keeps_its_controls_in_view(window, db, qtbot):
    day = real_today()
    db.add_dose(Dose(dt.datetime.combine(day, dt.time(8)), 2.0))
    db.save_checkin(CheckIn(day, 4, {"dizziness": 1, "nausea": 2, "insomnia": 1}))
    window.announce(EVERYTHING)  # written straight to the log
    window.resize(1, 1)  # as small as it goes
    qtbot.waitUntil(lambda: window.size() == window.minimumSize())
    window.show_page("today")
    today = window.today_page
    for widget in (today.date_edit, today.grams, today.time, today.form, today.log_button):
        assert inside_window(widget, window), widget.accessibleName()
    window.show_page("history")
    history = window.history_page
    for widget in (history.from_edit, history.to_edit, history.all_button, history.open_button):
        assert inside_window(widget, window), widget.accessibleName() or widget.text()
    header = history.view.horizontalHeader()
    assert header.sectionSize(5) >= history.view.fill_minimum  # side effects stay readable
    window.show_page("trends")
    trends = window.trends_page
    for widget in (trends.preset_box, trends.start_edit, trends.end_edit, trends.save_button):
        assert inside_window(widget, window), widget.accessibleName() or widget.text()


def test_on_a_wide_window_side_effects_take_the_room_left(window, db, qtbot):
    db.add_dose(Dose(dt.datetime.combine(real_today(), min(dt.time(8), dt.datetime.now().time().replace(second=0, microsecond=0))), 2.0))
    window.announce(EVERYTHING)  # written straight to the log
    window.resize(1400, 800)
    window.show_page("history")
    view = window.history_page.view
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: sum(header.sectionSize(c) for c in range(header.count()))
                    == view.viewport().width())
    assert header.sectionSize(5) > view.fill_minimum


def test_settings_show_every_default_without_scrolling_sideways(db, qtbot):
    from PySide6.QtWidgets import QApplication

    from kratomtrack.ui.dialogs.settings import SettingsDialog

    app = QApplication.instance()
    normal = app.font()
    large = app.font()
    large.setPointSizeF(normal.pointSizeF() * 1.4)  # a large-print desktop setting
    app.setFont(large)
    try:
        dialog = SettingsDialog(db)
    finally:
        app.setFont(normal)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(1, 1)
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.advanced)  # the thresholds
    qtbot.wait(10)
    hints = [label for label in dialog.findChildren(QLabel) if label.text().startswith("default ")]
    assert len(hints) == len(dialog.inputs)
    for hint in hints:
        viewport = hint.parentWidget().parentWidget().parentWidget()  # group box, inner, viewport
        right = hint.mapTo(viewport, hint.rect().topRight()).x()
        assert right <= viewport.width(), hint.text()


def test_dialogs_with_wrapped_text_keep_room_for_it(db, qtbot):
    from kratomtrack.ui.dialogs.summary import SummaryDialog

    dialog = SummaryDialog.for_log(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(1, 1)
    qtbot.waitExposed(dialog)
    questions, table = dialog.questions, dialog.day_table
    below = table.mapTo(dialog, table.rect().topLeft()).y()
    assert below >= questions.mapTo(dialog, questions.rect().bottomLeft()).y()
