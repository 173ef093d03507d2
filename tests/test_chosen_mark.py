"""A chosen rating is marked; a checked "not rated" or "Not recorded" is not
marked like a rating (it read as a rated side effect)."""

import pytest
from PySide6.QtGui import QColor

from kratomtrack.ui.widgets.checkin_grid import PainScale, SideEffectGrid
from kratomtrack.ui.widgets.look import chosen_colours

pytestmark = pytest.mark.window


def _shows_colour(widget, colour: QColor) -> bool:
    image = widget.grab().toImage()
    return any(QColor(image.pixel(x, y)).name() == colour.name()
               for x in range(image.width()) for y in range(image.height()))


def test_not_recorded_pain_is_not_marked_and_a_pain_value_is(qtbot):
    scale = PainScale()
    qtbot.addWidget(scale)
    scale.show()
    _, marked = chosen_colours(scale)
    assert scale.not_recorded.isChecked()
    assert not _shows_colour(scale.not_recorded, marked)
    scale.group.button(6).setChecked(True)
    assert _shows_colour(scale.group.button(6), marked)


def test_a_not_rated_side_effect_is_not_marked_and_a_rated_one_is(qtbot):
    grid = SideEffectGrid()
    qtbot.addWidget(grid)
    grid.set_side_effects(["dizziness"])
    grid.show()
    _, marked = chosen_colours(grid)
    group = next(iter(grid.groups.values()))
    group.button(0).setChecked(True)
    assert not _shows_colour(group.button(0), marked)
    group.button(3).setChecked(True)  # moderate
    assert _shows_colour(group.button(3), marked)


def test_only_the_chosen_button_carries_the_mark_and_it_moves_with_the_choice(qtbot):
    grid = SideEffectGrid()
    qtbot.addWidget(grid)
    grid.set_side_effects(["dizziness", "nausea"])
    grid.set_ratings({"dizziness": 1})
    marked = [b for g in grid.groups.values() for b in g.buttons() if b.styleSheet()]
    assert marked == [grid.groups["dizziness"].button(2)]  # mild; the not-rated row is plain
    assert not grid.styleSheet()
    grid.set_ratings({"dizziness": 3})
    marked = [b for g in grid.groups.values() for b in g.buttons() if b.styleSheet()]
    assert marked == [grid.groups["dizziness"].button(4)]


def test_a_palette_change_recolours_the_mark(qtbot):
    from PySide6.QtGui import QPalette

    scale = PainScale()
    qtbot.addWidget(scale)
    scale.set_value(4)
    palette = scale.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#8a2be2"))
    scale.setPalette(palette)
    _, back = chosen_colours(scale)
    qtbot.waitUntil(lambda: back.name() in scale.group.button(4).styleSheet())


def _choose_in_popup_menu(qtbot, chosen: list) -> None:
    """When the grid's menu pops up, note its entries and choose the first."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(10, choose)
            return
        chosen.extend(action.text() for action in menu.actions())
        menu.setActiveAction(menu.actions()[0])
        qtbot.keyClick(menu, Qt.Key.Key_Return)  # as the person chooses it

    QTimer.singleShot(10, choose)


def test_a_rows_menu_from_the_mouse_or_the_menu_key_offers_to_hide_that_row(qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    grid = SideEffectGrid()
    qtbot.addWidget(grid)
    grid.set_side_effects(["dizziness", "nausea"])
    grid.show()
    qtbot.waitExposed(grid)
    mild = grid.groups["nausea"].button(2)
    entries: list[str] = []
    _choose_in_popup_menu(qtbot, entries)
    with qtbot.waitSignal(grid.hide_requested) as hidden:
        centre = mild.rect().center()
        QApplication.sendEvent(mild, QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, centre, mild.mapToGlobal(centre)))
    assert hidden.args == ["nausea"] and entries == ["Hide “nausea” from this list"]
    # The keyboard's menu key on the focused button of the first row; its name label too.
    name_label = grid.grid.itemAtPosition(1, 0).widget()
    assert grid.row_name(name_label) == "dizziness" and grid.row_name(grid.words["dizziness"]) == "dizziness"
    first = grid.groups["dizziness"].checkedButton()
    first.setFocus(Qt.FocusReason.TabFocusReason)
    entries.clear()
    _choose_in_popup_menu(qtbot, entries)
    with qtbot.waitSignal(grid.hide_requested) as hidden:
        QApplication.sendEvent(first, QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard, first.rect().center(), first.mapToGlobal(QPoint(0, 0))))
    assert hidden.args == ["dizziness"]
    # The row's name takes the same menu.
    name_label = grid.grid.itemAtPosition(2, 0).widget()
    _choose_in_popup_menu(qtbot, entries)
    with qtbot.waitSignal(grid.hide_requested) as hidden:
        centre = name_label.rect().center()
        QApplication.sendEvent(name_label, QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, centre, name_label.mapToGlobal(centre)))
    assert hidden.args == ["nausea"]
    # Between the rows and on the column titles there is no row, so no menu.
    assert grid.row_name(grid.grid.itemAtPosition(0, 2).widget()) is None
