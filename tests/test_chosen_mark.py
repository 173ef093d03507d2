"""A chosen rating is marked; a checked "not rated" or "Not recorded" is not
marked like a rating (it read as a rated side effect)."""

from PySide6.QtGui import QColor

from kratomtrack.ui.widgets.checkin_grid import PainScale, SideEffectGrid
from kratomtrack.ui.widgets.look import chosen_colours


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
