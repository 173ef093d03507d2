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
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
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
    if cls.__name__ == "PreviewDialog":  # the summary's print preview opens over its dialog
        from kratomtrack.ui.dialogs.summary import SummaryDialog

        return SummaryDialog.for_log(window.db, window).open_preview()
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


# --- roles that say what things are (issue 29) --------------------------------------------------

def accessible(widget: QWidget):
    """The interface a screen reader is handed for ``widget`` (Qt's, or ours from ui/widgets/accessible.py)."""
    return QAccessible.queryAccessibleInterface(widget)


def test_peg_and_sds_answers_are_radio_groups_one_per_question(window, qtbot):
    from kratomtrack.core.checkups import sds_answer_labels

    for kind, questions, answers in (("peg", 3, [11] * 3),
                                     ("sds", 5, [len(sds_answer_labels(i)) for i in range(5)])):
        dialog = window.answer_checkup(kind)
        qtbot.waitExposed(dialog)
        dialog.activateWindow()  # the arrow keys move the focus in the active window
        qtbot.waitUntil(dialog.isActiveWindow)
        assert len(dialog.groups) == questions and all(group.exclusive() for group in dialog.groups)
        assert [len(group.buttons()) for group in dialog.groups] == answers
        buttons = [button for group in dialog.groups for button in group.buttons()]
        assert {accessible(b).role() for b in buttons} == {QAccessible.Role.RadioButton}
        assert not any(b.isChecked() for b in buttons)  # nothing pre-selected: unanswered is not 0
        # The arrow keys move along a question and choose; Tab goes on to the next question.
        first, second = dialog.groups[0], dialog.groups[1]
        first.button(0).setFocus(Qt.FocusReason.TabFocusReason)
        press(first.button(0), Qt.Key.Key_Space)
        assert first.checkedId() == 0
        press(first.button(0), Qt.Key.Key_Right)
        assert dialog.focusWidget() is first.button(1) and first.checkedId() == 1
        assert accessible(first.button(1)).state().checked
        press(first.button(1), Qt.Key.Key_Tab)
        assert dialog.focusWidget() in second.buttons()
        press(dialog.focusWidget(), Qt.Key.Key_Backtab)
        assert dialog.focusWidget() is first.button(1)  # back in at the chosen answer
        dialog.reject()
    assert len([b for g in window.answer_checkup("peg").groups for b in g.buttons()]) == 33


def test_expanders_are_buttons_that_say_expanded_or_collapsed(window, db):
    from kratomtrack.ui.widgets.accessible import Expander
    from kratomtrack.ui.widgets.message_box import MessageBox

    rising_use_and_a_red_flag(db)
    window.announce(EVERYTHING)  # written straight to the log
    banner = window.warning_banner
    caution = MessageBox("caution", window, compact=True)
    caution.set_message("Caution", "one line", "<p>more</p>")
    expanders = {"Why am I seeing this?": banner.why_button, "What can I do?": banner.what_button,
                 "More about this": caution.more_button,
                 "Red flags: 1 ticked on this day": window.today_page.red_flags.header}
    assert set(window.findChildren(Expander)) >= set(expanders.values())
    for name, button in expanders.items():
        interface = accessible(button)
        assert interface.text(QAccessible.Text.Name) == name
        assert interface.role() == QAccessible.Role.Button  # not a check box
        state = interface.state()
        assert state.expandable and state.collapsed and not state.expanded
        press(button, Qt.Key.Key_Space)
        state = interface.state()
        assert state.expanded and not state.collapsed, name
        interface.actionInterface().doAction(QAccessibleActionInterface.pressAction())
        assert interface.state().collapsed and not button.isChecked()


def test_the_page_tabs_are_a_tab_list_named_pages(window):
    tabs = accessible(window.page_tabs)
    assert tabs.role() == QAccessible.Role.PageTabList
    assert tabs.text(QAccessible.Text.Name) == "Pages"  # Qt names a tab bar after its current tab
    pages = [tabs.child(i) for i in range(tabs.childCount())]
    assert [p.text(QAccessible.Text.Name) for p in pages] == ["Today", "History", "Trends"]
    assert {p.role() for p in pages} == {QAccessible.Role.PageTab}
    assert [tabs.indexOfChild(p) for p in pages] == [0, 1, 2]
    assert [p.state().selected for p in pages] == [True, False, False]
    window.show_page("history")
    window.page_tabs.setFocus(Qt.FocusReason.TabFocusReason)
    assert [p.state().selected for p in pages] == [False, True, False]
    assert tabs.focusChild().text(QAccessible.Text.Name) == "History"
    assert tabs.text(QAccessible.Text.Name) == "Pages"
    assert pages[2].parent().text(QAccessible.Text.Name) == "Pages"


def rising_use_and_a_red_flag(db) -> None:
    """40 days of daily use, rising in the last week (the warning), and a red flag (an alert)."""
    from kratomtrack.store import checkups

    for n in range(40):
        db.add_dose(Dose(dt.datetime.combine(dt.date.today() - dt.timedelta(days=n), dt.time(9)),
                         4.0 if n < 7 else 2.0))
    checkups.set_red_flag(db, dt.date.today(), "seizure")


def every_root(window) -> list[QWidget]:
    """The window with each page shown once, and every dialog the app opens."""
    for page in ("today", "history", "trends"):
        window.show_page(page)
    dialogs = [make(cls, window) for cls in DIALOGS]
    for dialog in dialogs:
        dialog.show()
    return [window, *dialogs]


def test_no_name_keeps_an_alt_key_mark(window, db):
    rising_use_and_a_red_flag(db)
    window.announce(EVERYTHING)  # written straight to the log
    window.warning_banner.expand()
    found = []
    for root in every_root(window):
        for widget in [root, *root.findChildren(QWidget)]:
            for name in (widget.accessibleName(), accessible(widget).text(QAccessible.Text.Name)):
                if "&" in name:
                    found.append(f"{type(widget).__name__} {name!r}")
    assert found == []
    assert accessible(window.today_page.checkin_panel.pain_heading).text(QAccessible.Text.Name) == "Pain"


def test_a_field_named_for_a_screen_reader_is_named_first_by_its_visible_label(window, db):
    """The name starts with the label the person sees (a screen reader reads either;
    speech input says the label): "Time taken" under "Time taken", not "Time"."""
    mismatched = []
    for root in every_root(window):
        for label in root.findChildren(QLabel):
            field = label.buddy()
            if field is None or not field.accessibleName():
                continue  # Qt names an unnamed field by its label
            shown = label.text().replace("&", "").split(":")[0].strip()
            if not field.accessibleName().casefold().startswith(shown.casefold()):
                mismatched.append(f"{label.text()!r} labels {field.accessibleName()!r}")
    assert mismatched == []
    time_box = window.today_page.dose_entry.fields["time"]
    assert time_box.label.text().replace("&", "") == "Time taken"
    assert accessible(window.today_page.time).text(QAccessible.Text.Name) == "Time taken"


def test_history_rows_are_read_with_their_column_names(window, db):
    from PySide6.QtCore import QDate, QLocale

    from kratomtrack.core.checkups import Peg
    from kratomtrack.core.records import CheckIn, Form
    from kratomtrack.store import checkups

    day = dt.date.today() - dt.timedelta(days=1)
    for hour, grams in ((8, 4.0), (14, 2.2)):
        db.add_dose(Dose(dt.datetime.combine(day, dt.time(hour)), grams, Form.POWDER))
    db.save_checkin(CheckIn(day, 5, {"dizziness": 2}, "long walk"))
    checkups.save_peg(db, Peg(day, 5, 4, 6))
    window.show_page("history")
    page = window.history_page
    model, row = page.model, page.model.row_of(day)
    shown = QLocale().toString(QDate(day.year, day.month, day.day), "ddd d MMM yyyy")
    cells = [model.index(row, c).data(Qt.ItemDataRole.AccessibleTextRole) for c in range(model.columnCount())]
    assert ", ".join(c for c in cells if c) == (
        f"Date {shown}, Leaf grams 6.2 g, Doses 2, Pain 5, Side effects dizziness moderate, Note long walk")
    # What Qt hands a screen reader for the cell is that text.
    view = accessible(page.view)
    cell = next(view.child(i) for i in range(view.childCount())
                if view.child(i).role() == QAccessible.Role.Cell
                and view.child(i).text(QAccessible.Text.Name).startswith("Leaf grams"))
    assert cell.text(QAccessible.Text.Name) == "Leaf grams 6.2 g"
    table = page.checkups.table
    said = [table.item(0, c).data(Qt.ItemDataRole.AccessibleTextRole) for c in range(table.columnCount())]
    assert said == [f"Date {shown}", "Check-up Weekly pain check (PEG)", "Result 5.0 of 10",
                    "Details pain 5, enjoyment 4, activity 6"]
