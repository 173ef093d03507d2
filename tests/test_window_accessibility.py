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


def test_safety_widgets_and_check_up_dialogs_have_names(window, db):
    from kratomtrack.core.checkups import Peg
    from kratomtrack.store import checkups

    for n in range(40):  # daily use, rising: the warning, its buttons and links
        db.add_dose(Dose(dt.datetime.combine(dt.date.today() - dt.timedelta(days=n), dt.time(9)),
                         4.0 if n < 7 else 2.0))
    checkups.set_red_flag(db, dt.date.today(), "seizure")
    checkups.save_peg(db, Peg(dt.date.today() - dt.timedelta(days=3), 5, 5, 5))
    window.log_changed.emit()
    window.warning_banner.expand()
    window.today_page.red_flags.header.setChecked(True)
    assert window.warning_banner.visible_kinds() == ["emergency", "warning"]
    assert window.today_page.due_markers["sds"].isVisible()
    window.show_page("history")
    assert window.history_page.checkups.table.rowCount() == 2
    assert unnamed_inputs(window) == []
    for dialog in (window.open_settings(), window.answer_checkup("peg"), window.answer_checkup("sds")):
        assert unnamed_inputs(dialog) == [], type(dialog).__name__
        dialog.reject()


def test_tab_reaches_for_my_doctor_and_the_red_flags_after_the_day_note(window):
    page = window.today_page
    page.red_flags.header.setChecked(True)
    page.day_note.setPlainText("for the doctor")
    page.day_note.setFocus()
    seen = []
    for _ in range(4):
        press(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:3] == [page.for_doctor, page.red_flags.header, page.red_flags.boxes["seizure"]]
