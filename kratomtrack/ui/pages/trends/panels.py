"""Which charts Trends shows, and how tall the "Over time" charts are drawn.

The person can hide charts they do not use (remembered in the window's
settings). The charts take the height the window gives them, down to the
least height at which they stay readable; below that the page scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPoint, QSettings, QSize, Signal
from PySide6.QtGui import QPixmap, QRegion
from PySide6.QtWidgets import QMenu, QScrollArea, QTabWidget, QToolButton, QWidget

MIN_CHART_WIDTH = 720  # px; narrower, the charts scroll sideways
# On screen, pain follows intake so the two are seen together.
SCREEN_ORDER = ("intake", "pain", "doses", "use_days", "side_effects")
SETTINGS_KEY = "trends/hidden_charts"


def chart_name(panel: str) -> str:
    return {
        "intake": QCoreApplication.translate("TrendsCharts", "Grams a day"),
        "pain": QCoreApplication.translate("TrendsCharts", "Pain"),
        "doses": QCoreApplication.translate("TrendsCharts", "Doses a day"),
        "use_days": QCoreApplication.translate("TrendsCharts", "Days of use"),
        "side_effects": QCoreApplication.translate("TrendsCharts", "Side effects"),
    }[panel]


def add_tabs_once(tabs: QTabWidget, pages: Sequence[tuple[QWidget, str]]) -> None:
    """Give ``tabs`` its ``pages`` (widget, title) once, when the page holding it is first
    shown, not when it is built: a tab bar's first tab is announced to screen readers as
    selected, hidden or not, and Orca then reads it ("Over time page tab") and moves its
    focus there. Trends is built in the background while the person types on Today."""
    for widget, title in pages[tabs.count():]:
        tabs.addTab(widget, title)


def hidden_viewport(page: QWidget, tabs: QTabWidget, titles: Sequence[str]) -> QSize:
    """The size the viewport of the first tab's scroll area will have once the hidden
    ``page`` is shown in its parent (without a vertical scroll bar), ``tabs`` holding a
    tab for each of ``titles`` (it holds none yet): lays the page out unseen.

    Measured on a twin of ``tabs`` made and deleted here, before the window's event loop
    runs again: a tab bar's first tab is announced to screen readers as selected, and the
    twin is gone before one can ask about it (the page's own tabs wait until it is shown).
    """
    parent = page.parentWidget()
    if parent is not None:
        page.resize(parent.contentsRect().size())
    page.layout().invalidate()
    page.layout().activate()
    _send_pending_resizes(page)
    # A child of the hidden page (its font and style; laid out unseen, as the page is),
    # in no layout; given back to Python and so deleted on return.
    twin = QTabWidget(page)
    area = QScrollArea()
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidgetResizable(True)
    twin.addTab(area, titles[0])
    for title in titles[1:]:
        twin.addTab(QWidget(), title)
    twin.resize(tabs.size())
    _send_pending_resizes(twin)
    size = area.viewport().size()
    twin.setParent(None)
    return size


def _send_pending_resizes(widget: QWidget) -> None:
    # Hidden widgets get their pending resizes when shown, or when rendered.
    widget.render(QPixmap(1, 1), QPoint(), QRegion(0, 0, 1, 1))


class ChartChoice(QToolButton):
    """A "Charts" button whose menu ticks the charts shown; ``changed`` after each change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setText(self.tr("Charts…"))
        self.setAccessibleName(self.tr("Choose the charts shown"))
        self.setToolTip(self.tr("Hide the charts you do not use; the choice is remembered."))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        hidden = set(QSettings().value(SETTINGS_KEY, [], type=list) or [])
        menu = QMenu(self)
        self.actions_by_panel = {}
        for panel in SCREEN_ORDER:
            action = menu.addAction(chart_name(panel))
            action.setCheckable(True)
            action.setChecked(panel not in hidden)
            action.toggled.connect(self._toggled)
            self.actions_by_panel[panel] = action
        self.setMenu(menu)

    def panels(self) -> tuple[str, ...]:
        """The charts shown, top to bottom (never none: the last one cannot be hidden)."""
        return tuple(p for p, a in self.actions_by_panel.items() if a.isChecked())

    def _toggled(self, _checked: bool) -> None:
        shown = self.panels()
        for action in self.actions_by_panel.values():
            action.setEnabled(not (action.isChecked() and len(shown) == 1))
        QSettings().setValue(SETTINGS_KEY, [p for p in SCREEN_ORDER if p not in shown])
        self.changed.emit()
