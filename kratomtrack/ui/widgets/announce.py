"""Spoken confirmations and warnings: the one place the window sends them to screen readers.

``announce(widget, text, politeness)`` says ``text`` without moving focus: a
save, an undo or redo, a refusal, "Settings saved.", a warning that appears.
Qt 6.8 added QAccessibleAnnouncementEvent, which reaches AT-SPI as
``object:announcement`` (Orca speaks it from version 45; Orca 43, Debian 12's,
has no listener for it), Windows' UI Automation and VoiceOver. On a Qt without
it, a live status label (``LiveStatus``) in the window takes the text and is
shown anew, events AT-SPI reports.

POLITE waits for the screen reader to finish what it is saying; ASSERTIVE
(refusals, warnings) interrupts it.

``sent`` lists what was announced, newest last (the last ``SENT_KEPT``), each
with the message and politeness read back from the Qt event built: the tests'
view of what a screen reader was told. Tests clear it before they act.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

POLITE = "polite"
ASSERTIVE = "assertive"
SENT_KEPT = 50

# Qt 6.8 and later; None before.
_AnnouncementEvent = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
_Politeness = getattr(QAccessible, "AnnouncementPoliteness", None)


@dataclass(frozen=True)
class Announcement:
    """What was announced. ``message`` and ``politeness`` are read back from the
    QAccessibleAnnouncementEvent sent (None where the live status label said it)."""

    text: str
    level: str  # POLITE or ASSERTIVE
    message: str | None
    politeness: object | None  # a QAccessible.AnnouncementPoliteness
    source: str  # the class of the widget it was sent for


sent: deque[Announcement] = deque(maxlen=SENT_KEPT)


def announce(widget: QWidget, text: str, politeness: str = POLITE) -> Announcement | None:
    """Say ``text`` for ``widget`` (whose window it concerns); focus stays where it is.
    ``text`` is plain (never markup); empty text says nothing."""
    text = text.strip()
    if not text:
        return None
    if _AnnouncementEvent is not None:
        event = _AnnouncementEvent(widget, text)
        event.setPoliteness(_Politeness.Assertive if politeness == ASSERTIVE else _Politeness.Polite)
        QAccessible.updateAccessibility(event)
        record = Announcement(text, politeness, event.message(), event.politeness(),
                              type(widget).__name__)
    else:
        LiveStatus.of(widget.window()).say(text)
        record = Announcement(text, politeness, None, None, type(widget).__name__)
    sent.append(record)
    return record


def plain_text(text: str) -> str:
    """``text`` without markup, as a screen reader should read it (rich text made plain)."""
    if "<" not in text and "&" not in text:
        return text
    document = QTextDocument()
    document.setHtml(text)
    # Lines (paragraphs, list items) become sentences read one after the other.
    lines = [line.strip() for line in document.toPlainText().splitlines()]
    return " ".join(line if line.endswith((".", ":", "!", "?")) else line + "."
                    for line in lines if line)


class LiveStatus(QLabel):
    """The window's status label for screen readers on a Qt without announcement
    events: not laid out (it takes no room), shown anew with each text, so that the
    name change and the showing reach AT-SPI."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("live_status")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.resize(0, 0)

    @classmethod
    def of(cls, window: QWidget) -> LiveStatus:
        status = window.findChild(cls, "live_status")
        return status if status is not None else cls(window)

    def say(self, text: str) -> None:
        self.hide()
        self.setText(text)
        self.setAccessibleName(text)
        self.show()
