"""Today on a small screen (1366x768 at 150% is about 900x490 points): the columns
stack, and a jump by keyboard brings the field it lands on into view."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea

pytestmark = pytest.mark.window

ALT = Qt.KeyboardModifier.AltModifier


def _in_view(scroll: QScrollArea, widget) -> bool:
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_alt_p_on_a_small_screen_scrolls_pain_into_view(window, qtbot):
    window.resize(900, 490)
    qtbot.waitUntil(lambda: window.today_page.columns.direction().name == "TopToBottom")
    page = window.today_page
    scroll = page.findChild(QScrollArea)
    page.grams.setFocus()
    qtbot.waitUntil(lambda: page.grams.hasFocus())
    assert not _in_view(scroll, page.checkin_panel.pain), "pain starts below the fold"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: _in_view(scroll, page.checkin_panel.pain))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_6)
    assert page.checkin_panel.pain.value() == 6
    # And back up: Alt+G goes to grams, which comes into view again.
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, ALT)
    qtbot.waitUntil(lambda: page.grams.hasFocus() and _in_view(scroll, page.grams))
