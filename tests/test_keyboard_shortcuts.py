"""Help → Keyboard shortcuts is made from the real window; no key has two owners."""

import datetime as dt
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kratomtrack.ui.dialogs.shortcuts import KeyboardShortcutsDialog, menu_actions, shortcut_owners

pytestmark = pytest.mark.window

PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


def open_shortcuts(window, qtbot):
    window.shortcuts_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), KeyboardShortcutsDialog))
    return QApplication.activeModalWidget()


def test_help_menu_lists_every_action_that_has_a_shortcut(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    lines = dialog.texts()
    actions = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    actions += [a for _, a in menu_actions(window) if not a.shortcut().isEmpty()]
    assert len({id(a) for a in actions}) >= 10  # print, undo, redo, three pages, three days, help
    for action in actions:
        keys = action.shortcut().toString(NATIVE)
        name = action.iconText().replace("&", "")
        assert any(line.startswith(keys + ":") and name in line for line in lines), (keys, name, lines)
    dialog.reject()


def test_the_list_includes_each_pages_documented_keys(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    text = "\n".join(dialog.texts())
    for page in (window.today_page, window.history_page, window.trends_page):
        assert type(page).KEYS, f"{type(page).__name__} documents no keys"
        for keys, what in type(page).KEYS:
            assert f"{keys}: {what}" in text
    assert "Ctrl+Z: Edit → Undo" in text
    dialog.reject()


def test_no_two_commands_share_a_key(window):
    window.show_page("trends")  # every page built, the charts' widgets included
    window.show_page("today")
    owners = defaultdict(set)
    for owner, key in shortcut_owners(window):
        owners[key.toString(PORTABLE)].add(owner)
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == {}
    assert len(owners) >= 10


def test_every_shortcut_is_also_a_menu_command(window):
    in_menus = {id(action) for _, action in menu_actions(window)}
    keyboard_only = [a.text() for a in window.findChildren(QAction)
                     if not a.shortcut().isEmpty() and id(a) not in in_menus]
    assert keyboard_only == []


def mnemonic(text):
    text = text.replace("&&", "")
    at = text.find("&")
    return text[at + 1].lower() if 0 <= at < len(text) - 1 else None


def test_alt_letters_on_each_page_are_not_taken_twice(window):
    menu_letters = {mnemonic(a.text()): a.text() for a in window.menuBar().actions()}
    for name in ("today", "history", "trends"):
        window.show_page(name)
        page = window.pages.currentWidget()
        seen = dict(menu_letters)
        widgets = [w for w in page.findChildren(QLabel) if w.buddy() is not None and w.isVisibleTo(page)]
        widgets += [w for w in page.findChildren(QAbstractButton) if w.isVisibleTo(page)]
        for widget in widgets:
            letter = mnemonic(widget.text())
            if letter is None:
                continue
            assert letter not in seen, f"Alt+{letter} on {name}: {widget.text()!r} and {seen[letter]!r}"
            seen[letter] = widget.text()


def test_alt_left_and_right_step_through_days_from_any_field(window, qtbot):
    page = window.today_page
    start = page.day
    qtbot.keyClick(page.grams, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.day == start - dt.timedelta(days=1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.day == start


def test_alt_f_opens_the_file_menu_not_a_field(window, qtbot):
    for name in ("today", "history"):
        window.show_page(name)
        focused = QApplication.focusWidget()
        qtbot.keyClick(focused, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is focused or window.file_menu.isVisible()
        window.file_menu.hide()


def test_file_save_chart_works_from_any_page(window, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog

    seen = []

    def close_the_file_dialog(tries=0):
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append(dialog.windowTitle())
            dialog.reject()
        elif tries < 200:
            QTimer.singleShot(10, lambda: close_the_file_dialog(tries + 1))

    window.show_page("history")
    QTimer.singleShot(0, close_the_file_dialog)
    window.save_chart_action.trigger()
    assert window.current_page_name() == "trends"
    assert seen == ["Save chart"]
