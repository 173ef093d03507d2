"""What a screen reader must be told that Qt's stock widgets leave out.

- Alt-key marks are no part of a name: "&Pain" is read "Pain".
- A radio group is one Tab stop, entered at its chosen button: Qt moves the
  stop only when a button takes the focus, so a group set from the log kept
  its stop on the button focused before ("not rated" read for a row rated
  moderate).
- An expander (a "show more" button) is a button that is expanded or
  collapsed. A checkable QToolButton is reported as a check box "not
  checked"; ``Expander`` is reported as a button with the state expandable
  and expanded or collapsed.
- A tab bar given an accessible name (the window's "Pages") is a page tab
  list of that name; Qt names any tab bar after its current tab.

The last two are accessible interfaces Qt asks this module for
(QAccessible.installFactory). Qt asks the factories installed last first,
and its own is installed with the QApplication: this module's is installed
once there is one (on import, else with the first Expander, which the Today
page builds before any screen reader can ask), and before the window is
built, as Qt keeps an object's interface once made.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleObject, QAccessibleStateChangeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QApplication,
    QButtonGroup,
    QTabBar,
    QToolButton,
    QWidget,
)


def without_mnemonic(text: str) -> str:
    """``text`` without its Alt-key marks ("&Pain" is "Pain"; "&&" is a real "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keep_tab_stop_on_checked(group: QButtonGroup) -> None:
    """Tab enters ``group`` at its checked button, however it came to be checked."""
    def toggled(button: QAbstractButton, checked: bool) -> None:
        if checked:
            tab_stop_on(group, button)

    group.buttonToggled.connect(toggled)
    if group.checkedButton() is not None:
        tab_stop_on(group, group.checkedButton())


def tab_stop_on(group: QButtonGroup, chosen: QAbstractButton) -> None:
    """Make ``chosen`` the group's one Tab stop (what Qt does for the button that takes the focus)."""
    for button in group.buttons():
        policy = button.focusPolicy()
        button.setFocusPolicy(policy | Qt.FocusPolicy.TabFocus if button is chosen
                              else policy & ~Qt.FocusPolicy.TabFocus)


class Expander(QToolButton):
    """A "show more" button with an arrow that points down when open; ``isChecked()`` is open."""

    def __init__(self, text: str, parent: QWidget | None = None):
        install_interfaces()
        super().__init__(parent)
        self.setText(text)
        self.setAccessibleName(text)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setArrowType(Qt.ArrowType.RightArrow)
        self.toggled.connect(self._show_state)

    def _show_state(self, expanded: bool) -> None:
        self.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        changed = QAccessible.State()
        changed.expanded = changed.collapsed = True
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(self, changed))


class _ExpanderAccessible(QAccessibleWidget):
    """A button, expanded or collapsed. ``checked`` follows the state too: Qt's
    Linux bridge passes on a change of ``checked`` (not yet of ``expanded``),
    and a screen reader then reads the button again, state included."""

    def __init__(self, button: Expander):
        super().__init__(button, QAccessible.Role.Button)

    def state(self) -> QAccessible.State:
        state = super().state()
        expanded = self.widget().isChecked()
        state.expandable = True
        state.expanded = expanded
        state.collapsed = not expanded
        state.checked = expanded
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            button = self.widget()
            return button.accessibleName() or without_mnemonic(button.text())
        return super().text(kind)

    def actionNames(self) -> list[str]:
        return [QAccessibleWidget.pressAction(), *super().actionNames()]

    def doAction(self, name: str) -> None:
        if name == QAccessibleWidget.pressAction():
            self.widget().click()
        else:
            super().doAction(name)


class _TabItem(QObject):
    """Stands for one tab of a named tab bar (a tab is no QObject; an interface needs one)."""

    def __init__(self, bar: QTabBar, index: int):
        super().__init__(bar)
        self.index = index


class _NamedTabListAccessible(QAccessibleWidget):
    """A page tab list named by its accessible name, its tabs its children."""

    def __init__(self, bar: QTabBar):
        super().__init__(bar, QAccessible.Role.PageTabList)
        self._items: list[_TabItem] = []

    def text(self, kind: QAccessible.Text) -> str:
        return self.widget().accessibleName() if kind == QAccessible.Text.Name else super().text(kind)

    def childCount(self) -> int:
        return self.widget().count()

    def child(self, index: int):
        bar = self.widget()
        if not 0 <= index < bar.count():
            return None
        while len(self._items) <= index:
            self._items.append(_TabItem(bar, len(self._items)))
        return QAccessible.queryAccessibleInterface(self._items[index])

    def indexOfChild(self, child) -> int:
        item = child.object() if child is not None else None
        return item.index if isinstance(item, _TabItem) and item.parent() is self.widget() else -1

    def childAt(self, x: int, y: int):
        bar = self.widget()
        return self.child(bar.tabAt(bar.mapFromGlobal(QPoint(x, y))))

    def focusChild(self):
        bar = self.widget()
        return self.child(bar.currentIndex()) if bar.hasFocus() else None


class _TabAccessible(QAccessibleObject):
    """One page tab: its text, selected when current, focused when the bar has the focus."""

    def __init__(self, item: _TabItem):
        super().__init__(item)
        self.item = item

    def isValid(self) -> bool:
        return super().isValid() and self.item.index < self.item.parent().count()

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.PageTab

    def state(self) -> QAccessible.State:
        bar, state = self.item.parent(), QAccessible.State()
        state.focusable = state.selectable = True
        state.selected = bar.currentIndex() == self.item.index
        state.focused = state.selected and bar.hasFocus()
        state.invisible = not bar.isVisible()
        return state

    def rect(self) -> QRect:
        bar = self.item.parent()
        tab = bar.tabRect(self.item.index)
        return QRect(bar.mapToGlobal(tab.topLeft()), tab.size())

    def text(self, kind: QAccessible.Text) -> str:
        bar, index = self.item.parent(), self.item.index
        if kind == QAccessible.Text.Name:
            return bar.accessibleTabName(index) or without_mnemonic(bar.tabText(index))
        return bar.tabToolTip(index) if kind == QAccessible.Text.Description else ""

    def parent(self):
        return QAccessible.queryAccessibleInterface(self.item.parent())

    def child(self, index: int):
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child) -> int:
        return -1

    def childAt(self, x: int, y: int):
        return None


# Roles the widgets themselves cannot say (expose_as), by widget class.
_roles: dict[type, QAccessible.Role] = {}


def expose_as(cls: type, role: QAccessible.Role) -> None:
    """Give every ``cls`` widget the accessible ``role`` (for example Notification for
    the banner's message boxes); Qt's default interface otherwise."""
    _roles[cls] = role
    install_interfaces()


def _factory(key: str, target: QObject):
    """Qt asks with each class name of ``target`` in turn; None leaves it to Qt.

    The one factory of the app: PySide keeps a single Python factory, so a second
    installFactory would silently replace the first."""
    role = _roles.get(type(target))
    if role is not None:
        return QAccessibleWidget(target, role)
    if key == "Expander" and isinstance(target, Expander):
        return _ExpanderAccessible(target)
    if key == "QTabBar" and target.accessibleName():
        return _NamedTabListAccessible(target)
    if key == "_TabItem" and isinstance(target, _TabItem):
        return _TabAccessible(target)
    return None


_installed = False


def install_interfaces() -> None:
    """Let Qt ask this module for interfaces (once; only with a QApplication, see above)."""
    global _installed
    if not _installed and QApplication.instance() is not None:
        QAccessible.installFactory(_factory)
        _installed = True


install_interfaces()
