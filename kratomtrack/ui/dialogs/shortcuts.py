"""Help → Keyboard shortcuts: made from the window itself, so it cannot go stale.

The list has two parts: every menu command that has a shortcut, read from
the window's menu bar (its real QActions, with the keys Qt would show in the
menus), and the keys each page documents in its ``KEYS`` attribute: a tuple
of (keys, what they do), both marked with
QT_TRANSLATE_NOOP("KeyboardShortcuts", ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.ui.page_names import PAGE_NAMES
from kratomtrack.ui.wording import fill

NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the list: where it applies, the keys, and what they do."""

    section: str
    keys: str
    what: str


def _plain(text: str) -> str:
    """A menu text without its mnemonic marker and trailing tab."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def menu_actions(window: QMainWindow) -> list[tuple[list[str], QAction]]:
    """Every action reachable from the menu bar, with its menu path (submenus included)."""
    found: list[tuple[list[str], QAction]] = []

    def walk(menu: QMenu, path: list[str]) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), [*path, _plain(action.text())])
            else:
                found.append((path, action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), [_plain(top.text())])
    return found


def menu_shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Menu commands with a shortcut, in menu order."""
    section = QCoreApplication.translate("KeyboardShortcuts", "Menu commands")
    rows = []
    for path, action in menu_actions(window):
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys:
            continue
        what = " → ".join([*path, _plain(_base_text(action))])
        rows.append(ShortcutRow(section, ", ".join(k.toString(NATIVE) for k in keys), what))
    return rows


def _base_text(action: QAction) -> str:
    # Undo and Redo name what they would undo ("Undo Log 2 g"); list them by their verb.
    return action.iconText() or action.text()


def page_key_rows(window: QMainWindow) -> list[ShortcutRow]:
    """The keys each page of ``window.pages`` documents in its class's ``KEYS``."""
    rows = []
    pages = getattr(window, "pages", None)
    tabs = getattr(window, "page_tabs", None)
    for index in range(pages.count() if pages is not None else 0):
        # A page not yet shown is built on request (window.page), so its keys are listed too.
        page = window.page(PAGE_NAMES[index]) if hasattr(window, "page") else pages.widget(index)
        title = tabs.tabText(index) if tabs is not None and index < tabs.count() else type(page).__name__
        section = fill(QCoreApplication.translate("KeyboardShortcuts", "On the %1 page"), title)
        for keys, what in getattr(type(page), "KEYS", ()):
            rows.append(ShortcutRow(section, QCoreApplication.translate("KeyboardShortcuts", keys),
                                    QCoreApplication.translate("KeyboardShortcuts", what)))
    return rows


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    return menu_shortcut_rows(window) + page_key_rows(window)


def shortcut_owners(root: QObject) -> list[tuple[str, QKeySequence]]:
    """Every QAction and QShortcut under ``root`` (menus included) with each of its key sequences.

    For finding two commands on one key: Qt runs neither when a key is
    claimed twice in the same window.
    """
    owners: list[tuple[str, QKeySequence]] = []
    actions = set(root.findChildren(QAction))
    if isinstance(root, QMainWindow):
        actions.update(action for _, action in menu_actions(root))
    for action in actions:
        for key in action.shortcuts():
            if not key.isEmpty():
                owners.append((f"action {_plain(_base_text(action))!r}", key))
    for shortcut in root.findChildren(QShortcut):
        for key in shortcut.keys():
            if not key.isEmpty():
                owners.append((f"shortcut in {type(shortcut.parent()).__name__}", key))
    return owners


class KeyboardShortcutsDialog(QDialog):
    """The list, grouped by section: menu commands first, then each page's keys."""

    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = rows
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Every command is also in the menus. Alt with an underlined letter jumps to a "
            "field or a menu."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)  # long descriptions wrap instead of being cut off
        self.tree.setUniformRowHeights(False)
        sections: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            if row.section not in sections:
                item = QTreeWidgetItem(self.tree, [row.section])
                item.setFirstColumnSpanned(True)
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                sections[row.section] = item
            item = QTreeWidgetItem(sections[row.section], [row.keys, row.what])
            item.setToolTip(1, row.what)
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.setMinimumSize(em * 44, self.fontMetrics().lineSpacing() * 16)
        self.resize(em * 60, self.fontMetrics().lineSpacing() * 36)

    @classmethod
    def for_window(cls, window: QMainWindow) -> KeyboardShortcutsDialog:
        return cls(shortcut_rows(window), window)

    def texts(self) -> list[str]:
        """Every line as "keys: what" (for tests and screen readers' sake of checking)."""
        lines = []
        for i in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(i)
            for j in range(section.childCount()):
                child = section.child(j)
                lines.append(f"{child.text(0)}: {child.text(1)}")
        return lines
