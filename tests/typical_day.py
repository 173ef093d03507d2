"""A typical day typed on the real window, key by key, counting the keys.

Three doses by grams and Enter, pain, three side effects rated, the rest
"none", no note. Used by tests/test_checkin_keyboard.py and by
benchmarks/bench_checkin_keys.py (which prints the count).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

ALT = Qt.KeyboardModifier.AltModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier

# The day typed: grams of three doses, pain, and the rows rated by key.
DOSES = ("2", "3", "2")
PAIN = 6
RATED = {"insomnia": "m", "nausea": "o", "sweating": "1"}


class Keyboard:
    """Presses keys on whatever has focus, as a person does, and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has focus"
        QTest.keyClick(widget, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        for char in text:
            self.press(Qt.Key(ord(char.upper())))


def type_a_typical_day(window) -> int:
    """Type the day into ``window``'s Today page (grams field focused); returns keys pressed."""
    keys = Keyboard()
    for grams in DOSES:
        keys.type(grams)
        keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_P, ALT)
    keys.type(str(PAIN))
    keys.press(Qt.Key.Key_Tab)  # to the first side-effect row
    names = window.today_page.side_effects.names
    row = 0
    for name in names:
        if name not in RATED:
            continue
        while names[row] != name:  # Tab passes over a row left for "none"
            keys.press(Qt.Key.Key_Tab)
            row += 1
        keys.type(RATED[name])  # rates the row and moves to the next
        row += 1
    keys.press(Qt.Key.Key_N, ALT)  # No other side effects today
    # A button's Alt shortcut clicks it after a short press animation.
    button = window.today_page.no_other_button
    deadline = time.monotonic() + 2
    while button.isEnabled() and time.monotonic() < deadline:
        QTest.qWait(20)
    return keys.count
