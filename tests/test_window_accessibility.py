"""Every input can be named by a screen reader, and Today works in page order by keyboard."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
)

from kratomtrack.core.records import Dose
from window_helpers import press

INPUTS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit,
          QPlainTextEdit, QTabBar)


def unnamed_inputs(root):
    from PySide6.QtWidgets import QHeaderView, QWidget

    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    unnamed = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or widget in buddies or widget.accessibleName():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue  # a button's own text is its name
        if is_part_of_a_composite(widget) or isinstance(widget, QHeaderView):
            continue
        unnamed.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return unnamed


def is_part_of_a_composite(widget):
    """Qt's own inner parts (a combo box's popup, a table's corner button) are named by their owner."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return True
        parent = parent.parent()
    return False


def test_every_input_on_every_page_has_a_name(window, db):
    db.add_dose(Dose(dt.datetime.now().replace(second=0, microsecond=0), 1.0))
    window.log_changed.emit()
    for page in ("today", "history", "trends"):
        window.show_page(page)
    assert unnamed_inputs(window) == []


def test_tab_walks_today_in_page_order(window, db, qtbot):
    page = window.today_page
    db.add_dose(Dose(dt.datetime.now().replace(second=0, microsecond=0), 1.0))
    window.log_changed.emit()
    page.prev_button.setFocus()
    seen = []
    for _ in range(40):
        widget = QApplication.focusWidget()
        seen.append(widget)
        press(widget, Qt.Key.Key_Tab)
    order = [page.date_edit, page.grams, page.time, page.form, page.product, page.dose_note,
             page.log_button, page.dose_table, page.pain.focus_target(),
             *page.side_effects.focus_targets(), page.new_side_effect, page.add_side_effect_button,
             page.day_note]
    positions = [seen.index(widget) for widget in order]
    assert positions == sorted(positions)
