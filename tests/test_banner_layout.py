"""Banners: one compact line each, expanding in place; dismissed is gone from the strip;
every colour pair the app sets reads at WCAG AA (4.5:1) in light and dark themes."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QToolButton

from kratomtrack.core.records import Form
from kratomtrack.store import preferences
from kratomtrack.ui.widgets.look import contrast, refusal_style
from kratomtrack.ui.widgets.banner_colours import DARK, LIGHT, banner_colours
from kratomtrack.ui.widgets.warning_banner import WarningBanner

from conftest import TODAY
from test_warning_ui import add, ago, rising_log

pytestmark = pytest.mark.window

WIDTH = 1366 - 2 * 6  # the strip's width in a 1366-px window


def everything_but_red_flags(db):
    """The dependence warning (rising use), the extract alert and the interaction caution."""
    rising_log(db)
    add(db, 3, 1.0, Form.EXTRACT, hour=20)
    preferences.set_also_take(db, {"opioids"})


@pytest.fixture
def banner(qtbot, db):
    widget = WarningBanner(db, default_country="US")
    qtbot.addWidget(widget)
    widget.resize(WIDTH, 400)
    widget.show()
    return widget


def height(banner):
    QApplication.processEvents()  # boxes added to a shown layout show on the next turn
    banner.layout().activate()
    return banner.heightForWidth(WIDTH) if banner.hasHeightForWidth() else banner.sizeHint().height()


def test_collapsed_banners_together_take_at_most_a_tenth_of_a_768_px_window(banner, db):
    everything_but_red_flags(db)
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["concentrate", "warning", "caution"]
    assert height(banner) <= 768 * 0.10
    collapsed = height(banner)
    banner.why_button.click()  # expands in place
    assert banner.why_text.isVisibleTo(banner) and banner.warning_box.text.isVisibleTo(banner)
    assert height(banner) > collapsed + 40


def test_dismissed_warning_leaves_the_strip_and_only_a_small_indicator_says_so(banner, db):
    everything_but_red_flags(db)
    banner.update_from(db, TODAY)
    banner.dismiss_button.click()
    assert banner.visible_kinds() == ["concentrate", "dismissed", "caution"]
    assert banner.warning_box.isHidden()
    assert "dismissed until" in banner.dismissed_box.title.text()
    assert banner.dismissed_box.sizeHint().height() <= banner.fontMetrics().lineSpacing() * 2
    banner.show_again_button.click()
    assert banner.visible_kinds() == ["concentrate", "warning", "caution"]


def test_red_flag_alerts_stay_prominent(banner, db):
    from kratomtrack.store import checkups

    checkups.set_red_flag(db, ago(1), "seizure", True, today=TODAY)
    banner.update_from(db, TODAY)
    [box] = [b for b in banner.alert_boxes if b.kind == "emergency"]
    assert not box.compact and box.text.isVisibleTo(box)
    assert box.icon.pixmap().height() >= 32


def fusion_palette(dark: bool) -> QPalette:
    palette = QStyleFactory.create("Fusion").standardPalette()
    if dark:  # as a dark desktop theme hands it to Qt
        for role, colour in ((QPalette.ColorRole.Window, "#2d2d2d"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                             (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
                             (QPalette.ColorRole.Link, "#8ab4f8")):
            palette.setColor(role, QColor(colour))
    return palette


def test_a_banner_takes_the_dark_colours_when_the_theme_turns_dark(qtbot, db):
    app = QApplication.instance()
    old = app.palette()
    banner = WarningBanner(db, default_country="US")
    qtbot.addWidget(banner)
    everything_but_red_flags(db)
    banner.update_from(db, TODAY)
    try:
        app.setPalette(fusion_palette(False))
        assert LIGHT["warning"].background in banner.warning_box.styleSheet()
        app.setPalette(fusion_palette(True))
        qtbot.waitUntil(lambda: DARK["warning"].background in banner.warning_box.styleSheet())
        assert banner.why_text.palette().color(QPalette.ColorRole.Link).name() == DARK["warning"].accent
    finally:
        app.setPalette(old)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_colour_pair_the_app_sets_reads_at_4_5_to_1(qtbot, db, dark):
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(fusion_palette(dark))
    try:
        banner = WarningBanner(db, default_country="US")
        qtbot.addWidget(banner)
        everything_but_red_flags(db)
        banner.update_from(db, TODAY)
        for kind, colours in (DARK if dark else LIGHT).items():
            assert contrast(QColor(colours.text), QColor(colours.background)) >= 4.5, kind
            assert contrast(QColor(colours.accent), QColor(colours.background)) >= 4.5, kind  # links
            assert contrast(QColor(colours.text), QColor(colours.hover)) >= 4.5, kind
        # The box the person sees is the theme's, and so is its Settings link.
        warning = banner_colours("warning", dark)
        assert warning.background in banner.warning_box.styleSheet()
        link = banner.why_text.palette().color(QPalette.ColorRole.Link)
        assert link.name() == warning.accent
        assert contrast(link, QColor(warning.background)) >= 4.5
        # Refusal text on the window's background.
        label = QLabel()
        qtbot.addWidget(label)
        refusal = QColor(refusal_style(label).split(":")[1].strip(" ;"))
        assert contrast(refusal, label.palette().color(QPalette.ColorRole.Window)) >= 4.5
        # The chosen number in the check-ups: white on the dialog's blue.
        assert contrast(QColor("white"), QColor("#1f5fa8")) >= 4.5
        # The chosen pain and side-effect rating: Highlight behind bold text,
        # readable (4.5:1) and standing out from the window (3:1, WCAG 1.4.11).
        from kratomtrack.ui.widgets.checkin_grid import PainScale, SideEffectGrid
        from kratomtrack.ui.widgets.look import chosen_colours

        scale, grid = PainScale(), SideEffectGrid()
        grid.set_side_effects(["dizziness"])
        scale.set_value(6)
        grid.set_ratings({"dizziness": 2})
        for rows, chosen in ((scale, scale.group.button(6)), (grid, grid.groups["dizziness"].checkedButton())):
            qtbot.addWidget(rows)
            text, back = chosen_colours(rows)
            assert contrast(text, back) >= 4.5
            assert contrast(back, rows.palette().color(QPalette.ColorRole.Window)) >= 3
            assert back.name() in chosen.styleSheet() and "font-weight: bold" in chosen.styleSheet()
    finally:
        app.setPalette(old)


def test_the_extract_alert_can_be_dismissed_until_the_next_extract_or_7oh_dose(banner, db):
    add(db, 3, 1.0, Form.EXTRACT, hour=20)
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["concentrate"]
    banner.findChild(QToolButton, "dismiss_concentrate").click()
    assert banner.visible_kinds() == []
    assert WarningBanner(db).update_from(db, TODAY).alerts == ()  # it stays dismissed after a restart
    add(db, 1, 0.5, Form.SEVEN_OH, hour=9)  # the next one brings it back
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["concentrate"]
