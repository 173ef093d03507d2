"""The day's check-in inputs: the pain scale and the side-effect grid.

Both are rows of radio buttons in exclusive groups, so that Tab enters a
row once and the arrow keys move along it (Qt's standard radio behaviour),
and each has an explicit "not recorded" choice: not recorded is not 0.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QLabel,
    QMenu,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from kratomtrack.ui.widgets.accessible import keep_tab_stop_on_checked
from kratomtrack.ui.widgets.digit_keys import TenTyping, digit_of, plain_key
from kratomtrack.ui.widgets.look import UNRATED, MarksChosen, muted
from kratomtrack.ui.wording import fill

# Button ids: QButtonGroup reserves -1, so "not recorded" gets its own.
PAIN_NOT_RECORDED_ID = 99
RATING_NOT_RECORDED_ID = 0  # ratings 0-3 are ids 1-4

# A side-effect row's rating from one key: 0-3, or the first letter of the word.
RATING_KEYS = {
    Qt.Key.Key_0: 0, Qt.Key.Key_N: 0,
    Qt.Key.Key_1: 1, Qt.Key.Key_M: 1,
    Qt.Key.Key_2: 2, Qt.Key.Key_O: 2,
    Qt.Key.Key_3: 3, Qt.Key.Key_S: 3,
}


class PainScale(MarksChosen, QWidget):
    """Pain 0-10 with its end labels, or not recorded. ``picked`` is user input only."""

    picked = Signal(object)  # int 0-10, or None for not recorded

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.not_recorded = QRadioButton(self.tr("Not recorded"))
        self.not_recorded.setAccessibleName(self.tr("Pain not recorded"))
        self.not_recorded.setObjectName(UNRATED)
        self.group.addButton(self.not_recorded, PAIN_NOT_RECORDED_ID)
        grid.addWidget(self.not_recorded, 0, 0)
        grid.setColumnMinimumWidth(1, 12)
        for value in range(11):
            button = QRadioButton(str(value))
            button.setAccessibleName(self._accessible(value))
            self.group.addButton(button, value)
            grid.addWidget(button, 0, value + 2)
        low = QLabel(self.tr("0 = no pain"))
        high = QLabel(self.tr("10 = worst pain imaginable"))
        for label in (low, high):
            muted(label)
        grid.addWidget(low, 1, 2, 1, 5, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(high, 1, 8, 1, 5, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(13, 1)
        self.mark_chosen_in(self.group)  # the chosen value stands out in light and dark palettes
        self.not_recorded.setChecked(True)
        keep_tab_stop_on_checked(self.group)  # Tab enters the scale at the chosen value
        # A label's Alt shortcut focuses its buddy only if the buddy takes focus;
        # ClickFocus keeps the scale itself out of the Tab chain, and the proxy
        # hands the focus on to the chosen value.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(self.not_recorded)  # Alt+P on the heading lands on the chosen value
        self.group.idClicked.connect(self._clicked)
        self.typing = TenTyping()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A digit picks that value; 1 then 0 in quick succession picks 10. The
        # focused button leaves digits alone, so they come up to the scale.
        digit = digit_of(event)
        if digit is None:
            super().keyPressEvent(event)
            return
        self.pick(self.typing.value(digit, self.value()))

    def pick(self, value: int | None) -> None:
        """Choose a value as the person does (focus follows, ``picked`` is emitted)."""
        button = self.group.button(PAIN_NOT_RECORDED_ID if value is None else value)
        button.setChecked(True)
        button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setFocusProxy(button)
        self.picked.emit(value)

    def _accessible(self, value: int) -> str:
        text = fill(self.tr("Pain %1"), value)
        if value == 0:
            return text + ", " + self.tr("no pain")
        if value == 10:
            return text + ", " + self.tr("worst pain imaginable")
        return text

    def _clicked(self, id_: int) -> None:
        self.setFocusProxy(self.group.button(id_))
        self.picked.emit(None if id_ == PAIN_NOT_RECORDED_ID else id_)

    def value(self) -> int | None:
        id_ = self.group.checkedId()
        return None if id_ in (PAIN_NOT_RECORDED_ID, -1) else id_

    def set_value(self, value: int | None) -> None:
        button = self.group.button(PAIN_NOT_RECORDED_ID if value is None else value)
        if button is not None:
            button.setChecked(True)
            self.setFocusProxy(button)

    def focus_target(self) -> QAbstractButton:
        return self.group.checkedButton() or self.not_recorded


class SideEffectGrid(MarksChosen, QWidget):
    """One row per side effect: not rated, none, mild, moderate, severe.

    ``rated(name, rating or None)`` on user input; ``hide_requested(name)``
    from the row's context menu (mouse or the keyboard's menu key).
    """

    rated = Signal(str, object)
    hide_requested = Signal(str)
    last_row_rated = Signal()  # by its key: focus moves on past the grid

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        self.column_titles = [
            self.tr("not rated"), self.tr("none"), self.tr("mild"),
            self.tr("moderate"), self.tr("severe"),
        ]
        for column, title in enumerate(self.column_titles):
            label = muted(QLabel(title))
            self.grid.addWidget(label, 0, column + 1, Qt.AlignmentFlag.AlignHCenter)
        self.grid.setColumnStretch(7, 1)
        self.groups: dict[str, QButtonGroup] = {}
        self.words: dict[str, QLabel] = {}
        self._row_widgets: list[QWidget] = []
        self.names: list[str] = []

    def set_side_effects(self, names: list[str]) -> None:
        """Rebuild the rows (only when the list itself changed)."""
        if names == self.names:
            return
        for widget in self._row_widgets:
            widget.hide()
            widget.deleteLater()
        for group in self.groups.values():
            group.deleteLater()
        self._row_widgets, self.groups, self.names, self.words = [], {}, list(names), {}
        # A row's keys and its context menu come up from its widgets to the
        # grid (keyPressEvent, contextMenuEvent), which tells the row by its
        # place in the grid: nothing per button to set up at each start.
        fixed, centre = QSizePolicy.Policy.Fixed, Qt.AlignmentFlag.AlignHCenter
        bold = QFont(self.font())
        bold.setBold(True)
        word_width = QFontMetrics(bold).horizontalAdvance(self.column_titles[3]) + 8
        for row, name in enumerate(names, start=1):
            label = QLabel(name)
            self.grid.addWidget(label, row, 0)
            self._row_widgets.append(label)
            group = QButtonGroup(self)
            self.mark_chosen_in(group)  # the chosen rating stands out in light and dark palettes
            for column, title in enumerate(self.column_titles):
                button = QRadioButton()
                button.setAccessibleName(f"{name}: {title}")
                button.setSizePolicy(fixed, fixed)
                group.addButton(button, column)  # rating + 1; 0 is not rated
                if column == 0:
                    button.setObjectName(UNRATED)
                self.grid.addWidget(button, row, column + 1, centre)
                self._row_widgets.append(button)
            # The chosen rating in words at the end of the row: a radio dot
            # alone is easy to miss, in a dark palette above all.
            word = QLabel()
            word.setFont(bold)
            word.setMinimumWidth(word_width)
            self.grid.addWidget(word, row, len(self.column_titles) + 1)
            self._row_widgets.append(word)
            self.words[name] = word
            group.button(RATING_NOT_RECORDED_ID).setChecked(True)
            # Tab enters the row at its rating (read "dizziness: moderate"), also
            # when the rating came from the log rather than from a key.
            keep_tab_stop_on_checked(group)
            group.idClicked.connect(lambda id_, n=name: self._clicked(n, id_))
            self.groups[name] = group

    def row_name(self, widget: QWidget | None) -> str | None:
        """The side effect of the row ``widget`` is in (its name, a button, its word)."""
        index = self.grid.indexOf(widget) if widget is not None else -1
        row = self.grid.getItemPosition(index)[0] if index >= 0 else 0
        return self.names[row - 1] if 1 <= row <= len(self.names) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # 0-3 or n/m/o/s rate the focused row and move on to the next one (a
        # radio button leaves these keys alone, so they come up to the grid).
        key = plain_key(event)
        name = self.row_name(self.focusWidget()) if key in RATING_KEYS else None
        if name is None:
            super().keyPressEvent(event)
            return
        self.rate(name, RATING_KEYS[key])
        index = self.names.index(name)
        if index + 1 < len(self.names):
            self.groups[self.names[index + 1]].checkedButton().setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.last_row_rated.emit()

    def rate(self, name: str, rating: int | None) -> None:
        """Rate a row as the person does (``rated`` is emitted)."""
        self.groups[name].button(RATING_NOT_RECORDED_ID if rating is None else rating + 1).setChecked(True)
        self._clicked(name, self.groups[name].checkedId())

    def unrated(self) -> list[str]:
        return [name for name, group in self.groups.items() if group.checkedId() == RATING_NOT_RECORDED_ID]

    def mark_unrated_none(self) -> list[str]:
        """Set every unrated row to "none" without emitting ``rated``; returns those rows."""
        names = self.unrated()
        for name in names:
            self.groups[name].button(RATING_NOT_RECORDED_ID + 1).setChecked(True)
            self._show_word(name)
        return names

    def _clicked(self, name: str, id_: int) -> None:
        self._show_word(name)
        self.rated.emit(name, None if id_ == RATING_NOT_RECORDED_ID else id_ - 1)

    def _show_word(self, name: str) -> None:
        id_ = self.groups[name].checkedId()
        label = self.words[name]
        label.setText("" if id_ <= RATING_NOT_RECORDED_ID else self.column_titles[id_])
        font = label.font()
        font.setBold(id_ > RATING_NOT_RECORDED_ID + 1)  # mild and worse stand out
        label.setFont(font)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # From the mouse on a row, or the keyboard's menu key on its focused button.
        name = self.row_name(self.childAt(event.pos()))
        if name is None:
            event.ignore()
            return
        menu = QMenu(self)
        action = menu.addAction(fill(self.tr("Hide “%1” from this list"), name))
        action.setToolTip(self.tr("Past ratings are kept; adding it again shows it again."))
        if menu.exec(event.globalPos()) is action:
            self.hide_requested.emit(name)

    def ratings(self) -> dict[str, int]:
        """The rated rows (not-rated rows left out)."""
        return {
            name: group.checkedId() - 1
            for name, group in self.groups.items()
            if group.checkedId() > RATING_NOT_RECORDED_ID
        }

    def set_ratings(self, ratings: dict[str, int]) -> None:
        folded = {k.casefold(): v for k, v in ratings.items()}
        for name, group in self.groups.items():
            rating = folded.get(name.casefold())
            group.button(RATING_NOT_RECORDED_ID if rating is None else rating + 1).setChecked(True)
            self._show_word(name)

    def focus_targets(self) -> list[QAbstractButton]:
        """The checked button of each row, top to bottom (the tab stops)."""
        return [group.checkedButton() for group in self.groups.values()]
