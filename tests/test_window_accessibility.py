"""Every input can be named by a screen reader, and Today works in page order by keyboard.

The walk is generic: every page of the real window, every dialog class in
kratomtrack.ui (found by importing the package, so a dialog added later is
walked without touching this file) and every panel class that can be made
from the log alone.
"""

import datetime as dt
import importlib
import inspect
import pkgutil
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

import kratomtrack.ui
from kratomtrack.core.log_changes import EVERYTHING
from kratomtrack.core.records import Dose
from conftest import real_today
from window_helpers import press

pytestmark = pytest.mark.window

# Widgets a person types into, picks from or presses (QDateEdit and
# QTimeEdit are QAbstractSpinBoxes; radio and check boxes QAbstractButtons).
INPUTS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QAbstractSlider, QComboBox,
          QLineEdit, QPlainTextEdit, QTextEdit, QTabBar)


def has_a_name(widget: QWidget, buddies: set) -> bool:
    if widget.accessibleName().strip() or widget in buddies:
        return True
    # A button's own text names it, if it has a word or number in it ("›" alone does not).
    return isinstance(widget, QAbstractButton) and bool(re.search(r"\w", widget.text().replace("&", "")))


def is_an_input(widget: QWidget) -> bool:
    if isinstance(widget, INPUTS) and not isinstance(widget, (QScrollBar, QHeaderView)):
        return True
    # Custom widgets that take keyboard focus (a chart canvas, say) are inputs too.
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and type(widget).__module__.split(".")[0] not in ("PySide6", "shiboken6"))


def is_part_of_a_composite(widget: QWidget) -> bool:
    """Qt's own inner parts (a spin box's line edit, a combo box's popup) are named by their owner."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return True
        parent = parent.parent()
    return False


def inputs(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if is_an_input(w) and not is_part_of_a_composite(w)]


def unnamed_inputs(root: QWidget) -> list[str]:
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    return [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r} "
        f"in {type(w.parent()).__name__}"
        for w in inputs(root)
        if not has_a_name(w, buddies)
    ]


# --- finding every dialog and panel ---------------------------------------------------------------

def ui_modules():
    for info in pkgutil.walk_packages(kratomtrack.ui.__path__, "kratomtrack.ui."):
        importlib.import_module(info.name)


def subclasses(base):
    ui_modules()
    found, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("kratomtrack.") and not cls.__name__.startswith("_"):
                found.append(cls)
    return sorted(set(found), key=lambda c: (c.__module__, c.__name__))


def make(cls, window):
    """Build ``cls`` the way the app does: for_window / for_log, or from the arguments in ``known``."""
    if hasattr(cls, "for_window"):
        return cls.for_window(window)
    if hasattr(cls, "for_log"):
        return cls.for_log(window.db)
    from kratomtrack.store.database import DamagedDatabaseError
    from kratomtrack.store.import_marks import DaysWithoutDoses

    known = {"db": window.db, "editor": window.editor, "window": window,
             "folder": window.db.path.parent,  # the data folder (backups, restore)
             "error": DamagedDatabaseError("example: the file failed the integrity check"),
             "recovery_key": "-".join(["ABCD"] * 13),
             # the import preview of a log of doses alone (store/import_marks.py)
             "parent": window, "preview": "12 doses from 1 Nov to 10 Nov 2026", "files": 1,
             "told": DaysWithoutDoses(dt.date(2026, 11, 1), dt.date(2026, 11, 10), 6,
                                      tuple(dt.date(2026, 11, d) for d in (2, 4, 6, 8)))}
    kwargs = {}
    for name, param in list(inspect.signature(cls.__init__).parameters.items())[1:]:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD) or param.default is not param.empty:
            continue
        if name not in known:
            return None
        kwargs[name] = known[name]
    return cls(**kwargs)


DIALOGS = subclasses(QDialog)


def test_the_walk_finds_the_dialogs_the_app_opens():
    names = {cls.__name__ for cls in DIALOGS}
    assert {"SettingsDialog", "PegDialog", "SdsDialog", "SummaryDialog", "ReminderDialog",
            "KeyboardShortcutsDialog"} <= names


def test_every_input_on_every_page_has_a_name(window, db):
    db.add_dose(Dose(dt.datetime.now().replace(second=0, microsecond=0), 1.0))
    window.announce(EVERYTHING)  # written straight to the log
    for page in ("today", "history", "trends"):
        window.show_page(page)
    assert len(inputs(window)) > 50  # pain and side-effect rows, fields, tables, chart
    assert unnamed_inputs(window) == []


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.__name__)
def test_every_input_of_every_dialog_has_a_name(cls, window, qtbot):
    dialog = make(cls, window)
    assert dialog is not None, (
        f"{cls.__name__}: give it a for_log(db) or for_window(window) classmethod, or teach "
        "make() in this test its arguments, so this test can open it")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert len(inputs(dialog)) >= 2  # at least a field and a button: the walk sees inside
    assert unnamed_inputs(dialog) == []
    dialog.reject()


# Pages are walked in the window; a subclass of an input (a table, say) is named by its owner.
PANELS = [cls for cls in subclasses(QWidget)
          if not issubclass(cls, (QDialog, QMainWindow, *INPUTS)) and "page" not in cls.__name__.lower()]


@pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
def test_every_input_of_every_panel_has_a_name(cls, window, qtbot):
    panel = make(cls, window)
    if panel is None:
        pytest.skip(f"{cls.__name__} needs more than the log; it is walked inside the window")
    qtbot.addWidget(panel)
    panel.show()
    assert unnamed_inputs(panel) == []


def test_the_check_catches_an_unnamed_field(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    named, labelled, unnamed, symbol = QLineEdit(), QLineEdit(), QLineEdit(), QPushButton("›")
    named.setAccessibleName("Grams")
    label = QLabel("&Time")
    label.setBuddy(labelled)
    for widget in (named, label, labelled, unnamed, symbol, QPushButton("Save")):
        layout.addWidget(widget)
    assert len(unnamed_inputs(root)) == 2


def test_tab_walks_today_in_page_order(window, db, qtbot):
    page = window.today_page
    db.add_dose(Dose(dt.datetime.now().replace(second=0, microsecond=0), 1.0))
    window.announce(EVERYTHING)  # written straight to the log
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
        db.add_dose(Dose(dt.datetime.combine(real_today() - dt.timedelta(days=n), dt.time(9)),
                         4.0 if n < 7 else 2.0))
    checkups.set_red_flag(db, real_today(), "seizure")
    checkups.save_peg(db, Peg(real_today() - dt.timedelta(days=3), 5, 5, 5))
    window.announce(EVERYTHING)  # written straight to the log
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
