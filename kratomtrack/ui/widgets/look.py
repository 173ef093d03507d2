"""How text looks in the window: headings, muted hints, refusal messages, "show more" toggles.

Everything follows the current palette (light or dark, set by the system),
so nothing here hard-codes a colour except the refusal text, which is picked
to be readable on the palette's background.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QToolButton, QWidget


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


def toggle_button(text: str) -> QToolButton:
    """A "show more" button with an arrow that points down when open."""
    button = QToolButton()
    button.setText(text)
    button.setAccessibleName(text)
    button.setCheckable(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setArrowType(Qt.ArrowType.RightArrow)
    button.toggled.connect(lambda on: button.setArrowType(
        Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow))
    return button
