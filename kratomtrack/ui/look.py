"""How text looks in the window: headings, muted hints and refusal messages.

Everything follows the current palette (light or dark, set by the system),
so nothing here hard-codes a colour except the refusal text, which is picked
to be readable on the palette's background.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def heading(label: QLabel, scale: float = 1.25) -> QLabel:
    """A section heading: larger and bold, in the normal text colour."""
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(label.text())
    return label


def muted(label: QLabel) -> QLabel:
    """Secondary text (hints, scale ends) in the palette's placeholder colour."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def refusal_style(widget: QWidget) -> str:
    """Style sheet for text that says why a value was refused.

    A red readable on the background (contrast above 4.5:1 on Fusion's light
    and dark windows); the text itself always says what is wrong, so colour
    is never the only signal.
    """
    colour = "#ff9e9e" if is_dark(widget) else "#a4161a"
    return f"color: {colour};"
