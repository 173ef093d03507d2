"""Dialogs sized for the screen they open on: as large as their content asks,
never larger than the screen's free area (a 1366×768 screen at 150% is
911×512 points), with what does not fit in a scroll area and the buttons
outside it, always in sight."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# Room for the window manager's frame and title bar around a dialog.
FRAME_ROOM = QSize(16, 48)


def scrolled(inner: QWidget, *, frame: bool = False) -> QScrollArea:
    """``inner`` in a vertical scroll area, as wide as the area (never sideways)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the Tab stops, not the pane
    if not frame:
        scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    # Never narrower than what the content needs: nothing is cut at the side.
    scroll.setMinimumWidth(inner.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
                           + 2 * scroll.frameWidth())
    return scroll


def whole_height(scroll: QScrollArea) -> int:
    """How much taller than its size hint ``scroll`` must be to show all of its content."""
    inner = scroll.widget().sizeHint().height() + 2 * scroll.frameWidth()
    return max(0, inner - scroll.sizeHint().height())


def fit_to_screen(dialog: QWidget, wanted: QSize) -> None:
    """Size ``dialog`` to ``wanted``, within the free area of its screen."""
    screen = dialog.screen()
    if screen is None:
        dialog.resize(wanted)
        return
    room = screen.availableGeometry().size() - FRAME_ROOM
    size = wanted.boundedTo(room)
    dialog.setMinimumSize(dialog.minimumSize().boundedTo(size))
    dialog.resize(size.expandedTo(dialog.minimumSizeHint()))
