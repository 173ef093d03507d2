"""Tab and Shift+Tab through every page and every dialog, as a person who cannot use a mouse does.

From the first focus, the walk presses Tab (then Shift+Tab) until the focus
comes back to where it started. It proves: no keyboard trap (the focus does
come back, a table lets Tab out, a date field is one stop); every control
that can take the keyboard focus is reached (listed from Qt's own focus
policies and visibility, a radio group counted once, as Tab enters it once);
and every stop has a name a screen reader can say (Qt's accessible name:
the widget's own, its text or its buddy label's).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QWidget,
)

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store import checkups
from kratomtrack.store.backups import make_backup
from kratomtrack.ui.widgets.qdates import DayEdit
from kratomtrack.core.log_changes import EVERYTHING
from test_window_accessibility import DIALOGS, make
from window_helpers import press

pytestmark = pytest.mark.window  # makes widgets

TAB, BACKTAB = Qt.Key.Key_Tab, Qt.Key.Key_Backtab


def a_year_of_use(db, days: int = 120) -> None:
    """``days`` days of doses and check-ins, rising in the last week (the warning
    shows), weekly pain checks, an SDS, a red flag (an alert shows) and a backup
    (Restore lists it)."""
    today = dt.date.today()
    with db.transaction():
        for n in range(days):
            day = today - dt.timedelta(days=n)
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(8, 30)), 4.0 if n < 7 else 2.0,
                             Form.POWDER, "Green"))
            db.save_checkin(CheckIn(day, n % 11, {"dizziness": n % 4}))
    for week in range(0, days, 7):
        checkups.save_peg(db, Peg(today - dt.timedelta(days=week + 1), 5, 4, 6))
    checkups.save_sds(db, Sds(today - dt.timedelta(days=3), (1, 0, 2, 1, 0)))
    checkups.set_red_flag(db, today, "seizure")
    make_backup(db)


# --- what Tab should reach -----------------------------------------------------------------------

def inside_a_composite(widget: QWidget, root: QWidget) -> bool:
    """Qt's own inner parts (a spin box's line edit, a view's editor) are reached through their owner."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def tab_stops(root: QWidget) -> set:
    """The controls Tab must reach in ``root``: every visible, enabled widget that
    takes focus by Tab, an exclusive radio group counted once (Tab enters it once)."""
    stops = set()
    for widget in root.findChildren(QWidget):
        if (widget.window() is root and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisible() and widget.isEnabled() and widget.focusProxy() is None
                and not inside_a_composite(widget, root)):
            stops.add(stop_of(widget))
    return stops


def stop_of(widget: QWidget):
    """The widget, or the exclusive radio group it is one button of (a QButtonGroup,
    or the parent of auto-exclusive radio buttons, which Qt groups by parent)."""
    if not isinstance(widget, QAbstractButton) or not widget.isCheckable():
        return widget
    group = widget.group()
    if group is not None:
        return group if group.exclusive() else widget
    return ("radios in", widget.parentWidget()) if widget.autoExclusive() else widget


def spoken_name(widget: QWidget) -> str:
    """What a screen reader gets as the name (Qt's rules: accessible name, text, buddy label)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} {spoken_name(widget)!r}"


# --- the walk ------------------------------------------------------------------------------------

def walk(root: QWidget, key: Qt.Key, limit: int, alone: bool = False) -> list[QWidget]:
    """Press ``key`` from the focus until it comes back; the widgets passed, in order.

    Fails when the focus never comes back within ``limit`` presses (a trap),
    naming the widget that kept it. ``alone``: the start is the only stop.
    """
    first = root.focusWidget()
    assert first is not None, f"nothing has the focus in {type(root).__name__}"
    seen = [first]
    for _ in range(limit):
        press(root.focusWidget(), key)
        QApplication.processEvents()
        focus = root.focusWidget()
        # Back at the start (a radio group is entered at its chosen button, not
        # always the one the walk began on); a stop that keeps Tab is not "back".
        if stop_of(focus) == stop_of(first) and (alone or stop_of(seen[-1]) != stop_of(first)):
            return seen
        seen.append(focus)
    stuck = max(set(seen), key=seen.count)
    raise AssertionError(
        f"{'Tab' if key == TAB else 'Shift+Tab'} never came back to {describe(first)} in "
        f"{type(root).__name__} after {limit} presses: {describe(stuck)} kept the focus for "
        f"{seen.count(stuck)} of them (a keyboard trap)")


def check_walks(root: QWidget) -> list[QWidget]:
    """Walk forward and back; assert no trap, every stop reached, every stop named.

    Each page of each tab widget (Settings' "Advanced", Trends' "Patterns") is
    walked in turn; the walks start from the focus and then from the tab bar.
    """
    walked = walk_around(root)
    for tabs in [t for t in root.findChildren(QTabWidget) if t.isVisible()]:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
            walked += walk_around(root)
    return walked


def walk_around(root: QWidget) -> list[QWidget]:
    expected = tab_stops(root)
    limit = 3 * len(expected) + 20
    start = root.focusWidget()
    forward = walk(root, TAB, limit, alone=len(expected) == 1)
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    backward = walk(root, BACKTAB, limit, alone=len(expected) == 1)
    for seen in (forward, backward):
        reached = {stop_of(widget) for widget in seen}
        missed = expected - reached
        assert not missed, "never reached by Tab: " + "; ".join(
            describe(s) if isinstance(s, QWidget) else f"radio group in {s}" for s in missed)
    unnamed = sorted({describe(w) for w in forward + backward if not spoken_name(w)})
    assert unnamed == [], "Tab stops without a name"
    return forward


# --- pages ---------------------------------------------------------------------------------------

@pytest.fixture
def busy_window(window, db):
    a_year_of_use(db)
    window.announce(EVERYTHING)  # written straight to the log
    return window


@pytest.mark.parametrize("page", ["today", "history", "trends"])
def test_tab_and_shift_tab_go_round_every_page_reaching_every_control(busy_window, page, qtbot):
    window = busy_window
    window.warning_banner.expand()  # its links and buttons are stops too
    window.show_page(page)
    qtbot.waitUntil(lambda: window.current_page_name() == page)
    if page == "today":
        first = window.today_page.grams
    else:
        first = window.page_tabs
    first.setFocus(Qt.FocusReason.OtherFocusReason)
    seen = check_walks(window)
    assert len(seen) >= 10


def test_tab_and_shift_tab_go_round_today_on_a_new_log_with_its_welcome(window):
    assert window.welcome is not None and window.welcome.isVisible()
    window.today_page.grams.setFocus(Qt.FocusReason.OtherFocusReason)
    check_walks(window)


def test_the_check_ups_table_lets_tab_out_and_arrows_move_between_its_cells(busy_window):
    window = busy_window
    window.show_page("history")
    table = window.history_page.checkups.table
    assert table.rowCount() > 15
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.setCurrentCell(0, 0)
    press(table, Qt.Key.Key_Right)
    assert table.currentColumn() == 1
    press(table, Qt.Key.Key_Down)
    assert table.currentRow() == 1
    press(table, TAB)
    assert window.focusWidget() is not table
    assert window.focusWidget() is window.history_page.checkups.edit_button


# --- dialogs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.__name__)
def test_tab_and_shift_tab_go_round_every_dialog_reaching_every_control(cls, busy_window, qtbot):
    dialog = make(cls, busy_window)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    if dialog.focusWidget() is None:  # a dialog that sets no focus starts on its first stop
        dialog.focusNextChild()
    check_walks(dialog)
    dialog.reject()


def test_the_dialogs_walked_include_those_the_app_opens():
    names = {cls.__name__ for cls in DIALOGS}
    assert {"SettingsDialog", "PegDialog", "SdsDialog", "PlanDialog", "SummaryDialog",
            "RestoreDialog", "KeyboardShortcutsDialog"} <= names
    assert all(issubclass(cls, QDialog) for cls in DIALOGS)


# --- date fields and the side-effect grid ---------------------------------------------------------

def assert_one_tab_stop(field: DayEdit) -> None:
    """Tab and Shift+Tab leave ``field`` at once, from each of its parts."""
    root = field.window()
    for section in range(field.sectionCount()):
        for key in (TAB, BACKTAB):
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            field.setCurrentSectionIndex(section)
            press(field, key)
            assert root.focusWidget() is not field, (describe(field), field.text(), section, key)


def test_every_date_field_is_one_tab_stop_in_every_state(busy_window, qtbot):
    """Showing a day or its "not given", with the cursor on the day, the month or the year."""
    window = busy_window
    walked = []
    for page in ("today", "history", "trends"):
        window.show_page(page)
        for field in window.page(page).findChildren(DayEdit):
            assert_one_tab_stop(field)
            walked.append(field)
    assert len(walked) == 5  # the day shown, History's and Trends' ranges
    settings = window.open_settings()
    qtbot.waitExposed(settings)
    settings.set_born(None)  # "not given", the default: it swallowed Tab
    assert settings.birth_date.text() == "not given"
    assert_one_tab_stop(settings.birth_date)
    settings.set_born(dt.date(1970, 5, 6))
    assert_one_tab_stop(settings.birth_date)
    settings.birth_date.setFocus(Qt.FocusReason.OtherFocusReason)
    settings.birth_date.setCurrentSectionIndex(0)
    for _ in range(12):  # the arrows still move between its parts ("Wednesday 6 May 1970")
        press(settings.birth_date, Qt.Key.Key_Right)
    assert settings.birth_date.currentSectionIndex() > 0
    assert settings.focusWidget() is settings.birth_date
    settings.reject()


def test_from_the_date_of_birth_tab_reaches_ok(busy_window, qtbot):
    settings = busy_window.open_settings()
    qtbot.waitExposed(settings)
    settings.set_born(None)
    settings.birth_date.setFocus(Qt.FocusReason.OtherFocusReason)
    ok = settings.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    for _ in range(60):
        if settings.focusWidget() is ok:
            break
        press(settings.focusWidget(), TAB)
    assert settings.focusWidget() is ok
    settings.reject()


def rate_today(db, ratings: dict[str, int]) -> None:
    db.save_checkin(CheckIn(dt.date.today(), 4, ratings))


def test_tab_enters_each_side_effect_row_at_its_rating(window, db):
    rate_today(db, {"dizziness": 2, "nausea": 0})
    window.announce(EVERYTHING)  # written straight to the log
    page = window.today_page
    grid = page.side_effects
    assert grid.names[:2] == ["dizziness", "insomnia"]
    page.pain.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
    spoken = []
    for _ in grid.names:
        press(window.focusWidget(), TAB)
        spoken.append(spoken_name(window.focusWidget()))
    assert spoken[0] == "dizziness: moderate"
    assert spoken[1] == "insomnia: not rated"
    nausea = grid.names.index("nausea")
    assert spoken[nausea] == "nausea: none"
    assert all(name.endswith(": not rated") for i, name in enumerate(spoken) if i not in (0, nausea))
    assert QAccessible.queryAccessibleInterface(grid.groups["dizziness"].checkedButton()).state().checked


def test_a_row_rated_from_the_log_moves_its_tab_stop_to_the_rating(window, db):
    """A row first focused on "not rated", then given a rating by another day's
    log: Tab lands on the new rating, not where the focus was before."""
    page = window.today_page
    grid = page.side_effects
    grid.groups["dizziness"].checkedButton().setFocus(Qt.FocusReason.TabFocusReason)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    db.save_checkin(CheckIn(yesterday, 4, {"dizziness": 3}))
    window.open_day(yesterday)
    page.pain.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
    press(window.focusWidget(), TAB)
    assert spoken_name(window.focusWidget()) == "dizziness: severe"
    press(window.focusWidget(), BACKTAB)
    press(window.focusWidget(), TAB)
    assert spoken_name(window.focusWidget()) == "dizziness: severe"
