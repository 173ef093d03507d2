"""Typing a number on a row of choices: a digit picks it; 1 then 0 in quick succession picks 10.

Shared by Today's pain scale and the PEG dialog (both 0-10), and used for
the 0-3 rows (side effects, SDS), where only the first rule applies.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt

# 10 is typed as 1 then 0 within this many seconds.
TEN_TYPED_WITHIN_SECONDS = 1.5


def plain_key(event: QEvent) -> int | None:
    """The key of a key press without Ctrl/Alt/Meta (those belong to shortcuts), else None."""
    if event.type() != QEvent.Type.KeyPress:
        return None
    held = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
    return None if held != Qt.KeyboardModifier.NoModifier else event.key()


def digit_of(event: QEvent) -> int | None:
    """0-9 for a plain digit key press, else None."""
    key = plain_key(event)
    return key - Qt.Key.Key_0 if key is not None and Qt.Key.Key_0 <= key <= Qt.Key.Key_9 else None


class TenTyping:
    """Remembers a typed 1 for a moment, so that a 0 right after it means 10."""

    def __init__(self) -> None:
        self.one_typed_at = -1.0

    def value(self, digit: int, current: int | None) -> int:
        """The value a typed ``digit`` stands for, given the value chosen now."""
        now = time.monotonic()
        ten = digit == 0 and current == 1 and now - self.one_typed_at < TEN_TYPED_WITHIN_SECONDS
        self.one_typed_at = now if digit == 1 else -1.0
        return 10 if ten else digit

    def waiting_for_zero(self) -> bool:
        """A 1 was just typed: a 0 now would make it 10."""
        return time.monotonic() - self.one_typed_at < TEN_TYPED_WITHIN_SECONDS
