"""One message box of the strip above the pages: an icon, a bold title, a short text,
more behind a toggle, in the colours of the theme (ui/widgets/banner_colours.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.ui.widgets.accessible import expose_as
from kratomtrack.ui.widgets.announce import plain_text
from kratomtrack.ui.widgets.banner_colours import banner_colours
from kratomtrack.ui.widgets.look import is_dark, toggle_button
from kratomtrack.ui.wording import escape

ICONS = {
    "emergency": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "liver": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "concentrate": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "caution": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "dismissed": QStyle.StandardPixmap.SP_MessageBoxInformation,
}



class MessageBox(QFrame):
    """One message: an icon, a bold title, a short text, and optionally more behind a toggle.

    A compact box (all but red-flag alerts) is one line: a small icon, the
    title and its buttons (``header``); its text and the rest open in place.
    Red-flag alerts stay prominent: a large icon and every line shown.

    Screen readers see a notification (role Notification): its title as the name, its
    text in plain words as the description. "Go to the warning" gives it focus.
    """

    def __init__(self, kind: str, parent: QWidget | None = None, *, name: str | None = None,
                 compact: bool = False):
        super().__init__(parent)
        self.kind = kind
        self.compact = compact
        name = name or f"message_{kind}"
        self.setObjectName(name)
        # Reached by "Go to the warning" (and a click), not by Tab: its buttons are Tab stops.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(*((8, 0, 8, 0) if compact else (8, 6, 8, 6)))
        self.icon = QLabel()
        size = 16 if compact else (self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize) or 32)
        self.icon.setPixmap(self.style().standardIcon(ICONS[kind]).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.icon)
        self.body = QVBoxLayout()
        self.body.setSpacing(1 if compact else 3)
        outer.addLayout(self.body, 1)
        self.header = QHBoxLayout()
        self.header.setSpacing(6)
        self.title = QLabel()
        if compact:
            # One line: clipped in a very narrow window (the tooltip has it all),
            # never wrapped onto a second line, never widening the window.
            self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        else:
            self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.addWidget(self.title, 1)
        self.body.addLayout(self.header)
        self.text = rich_label()
        self.body.addWidget(self.text)
        self.more_button: QToolButton | None = None
        self.more_text: QLabel | None = None
        self.apply_colours()

    def apply_colours(self) -> None:
        """The box's colours for the current theme (light box in a light one, dark in a dark
        one), its links included; again whenever the palette changes."""
        # The theme from the window around the box: the box's own palette is changed by its style sheet.
        colours = banner_colours(self.kind, is_dark(self.parentWidget() or QApplication.instance()))
        name = self.objectName()
        style = (
            f"QFrame#{name} {{ background: {colours.background}; border: 1px solid {colours.accent}; "
            f"border-left: 5px solid {colours.accent}; border-radius: 3px; }} "
            f"QFrame#{name} QLabel {{ color: {colours.text}; background: transparent; border: none; }} "
            # Its buttons drawn for the box, and low enough for one line.
            f"QFrame#{name} QToolButton {{ color: {colours.text}; background: transparent; "
            f"border: 1px solid {colours.accent}; border-radius: 3px; padding: 0px 6px; }} "
            f"QFrame#{name} QToolButton:hover {{ background: {colours.hover}; }}"
        )
        if self.styleSheet() != style:  # setting it is itself a palette change
            self.setStyleSheet(style)
        for label in self.findChildren(QLabel):
            readable_links(label, colours.accent)

    def set_message(self, title: str, html_text: str, more_html: str = "") -> None:
        self.title.setText(title)
        self.title.setToolTip(title if self.compact else "")
        self.text.setText(html_text)
        if more_html and self.more_button is None:
            self.more_button = toggle_button(self.tr("More about this"))
            self.more_text = rich_label()
            self.more_text.setVisible(False)
            self.more_button.toggled.connect(self.more_text.setVisible)
            if self.compact:
                self.more_button.toggled.connect(lambda on: self.text.setVisible(on and bool(self.text.text())))
                self.header.insertWidget(1, self.more_button)
            else:
                self.body.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.body.addWidget(self.more_text)
            self.apply_colours()
        if self.more_text is not None:
            self.more_text.setText(more_html)
            self.more_button.setVisible(bool(more_html))
        expanded = not self.compact or (self.more_button is not None and self.more_button.isChecked())
        self.text.setVisible(bool(html_text) and expanded)
        self.setAccessibleName(title)
        # Plain words: a screen reader would read the markup of rich text aloud.
        self.setAccessibleDescription(" ".join(
            part for part in (plain_text(html_text), plain_text(more_html)) if part))


# Notification (AT-SPI "notification"): Orca 43 reads a notification that comes into
# view; it reads nothing for an AlertMessage (checked under Xvfb, tests/atspi/).
expose_as(MessageBox, QAccessible.Role.Notification)


def readable_links(label: QLabel, colour: str) -> None:
    """Links in the box's accent colour, which reads on the box (the palette's own
    link colour is picked for the window, not for the box)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Link, QColor(colour))
    palette.setColor(QPalette.ColorRole.LinkVisited, QColor(colour))
    label.setPalette(palette)


def paragraph(text: str, *, bold: bool = False, style: str = "") -> str:
    """Plain text as one HTML paragraph (escaped)."""
    body = escape(text)
    if bold:
        body = f"<b>{body}</b>"
    return f"<p style='{style}'>{body}</p>" if style else f"<p>{body}</p>"


def rich_label(name: str = "") -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
