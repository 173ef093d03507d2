"""The Trends page driven as a person would: ranges, hover, double-click, saving."""

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from kratomtrack.charts.axis import day_x, x_day
from kratomtrack.charts.panels import bar_heights
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.date_ranges import RangePreset
from kratomtrack.ui.pages.trends.page import TrendsPage

from conftest import TODAY

pytestmark = pytest.mark.window

RECENT = TODAY - dt.timedelta(days=3)
OLD = TODAY - dt.timedelta(days=200)


def add(db, day, hour, grams, form=Form.POWDER):
    db.add_dose(Dose(dt.datetime.combine(day, dt.time(hour)), grams, form), today=TODAY)


@pytest.fixture
def page(db, qtbot):
    add(db, OLD, 9, 5.0)
    add(db, RECENT, 8, 2.0)
    add(db, RECENT, 20, 1.5)
    add(db, RECENT - dt.timedelta(days=1), 9, 0.4, Form.EXTRACT)
    db.save_checkin(CheckIn(RECENT, pain=6, ratings={"dizziness": 2}), today=TODAY)
    db.save_checkin(CheckIn(RECENT - dt.timedelta(days=2), pain=4), today=TODAY)
    widget = TrendsPage(db, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.set_preset(RangePreset.LAST_4_WEEKS)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def plotted_bars(page):
    return [(x_day(left + 0.4), height) for left, height in bar_heights(page.chart.artist("leaf-bars"))]


def pixels(page):
    return np.asarray(page.canvas.buffer_rgba()).copy()


def canvas_point(page, day, panel="intake", y=1.0):
    """Where ``day`` is on the canvas, in Qt widget coordinates."""
    ax = page.chart.axes[panel]
    x_px, y_px = ax.transData.transform((day_x(day), y))
    ratio = page.canvas.device_pixel_ratio
    return QPoint(round(x_px / ratio), round(page.canvas.height() - y_px / ratio))


def test_first_showing_draws_the_last_4_weeks(page):
    rng = page.current_range()
    assert (rng.start, rng.end) == (TODAY - dt.timedelta(days=27), TODAY)
    assert plotted_bars(page) == [(RECENT, 3.5)]
    assert [x_day(x) for x in page.chart.artist("extract-days").get_xdata()] == [
        RECENT - dt.timedelta(days=1)]
    assert (page.start_edit.date().toPython(), page.end_edit.date().toPython()) == (rng.start, TODAY)


def test_range_change_redraws_the_plotted_data(page, qtbot):
    before = pixels(page)
    with qtbot.waitSignal(page.redrawn):
        page.set_preset(RangePreset.LAST_12_MONTHS)
    assert page.figures.weekly
    assert page.current_range().start == OLD  # not before the first record
    weeks = bar_heights(page.chart.artist("leaf-bars"))
    assert len(weeks) == 2  # the week with OLD, the week with RECENT
    assert weeks[0][1] == pytest.approx(5.0)  # per logged day: the 6 unlogged days are not 0 g
    qtbot.wait(10)
    assert not np.array_equal(before, pixels(page))  # the canvas was repainted


def test_choosing_dates_shows_a_custom_range(page, qtbot):
    with qtbot.waitSignal(page.redrawn, timeout=2000):
        page.start_edit.setDate(OLD - dt.timedelta(days=1))
        page.end_edit.setDate(OLD + dt.timedelta(days=1))
    assert page.preset_box.currentData() == RangePreset.CUSTOM.value
    assert plotted_bars(page) == [(OLD, 5.0)]
    pain = page.chart.artist("pain").get_ydata()
    assert np.isnan(pain).all()  # no pain rated then: gaps, not zeros


def test_a_first_day_after_the_last_day_is_refused_in_words(page, qtbot):
    drawn = page.current_range()
    with qtbot.waitSignal(page.controls.typing_pause.timeout):  # the dates count once typing pauses
        page.end_edit.setDate(TODAY - dt.timedelta(days=40))
        page.start_edit.setDate(TODAY - dt.timedelta(days=10))
    assert page.current_range() == drawn
    assert "first day is after the last day" in page.day_label.text()


def test_double_click_on_a_day_asks_to_open_it(page, qtbot):
    with qtbot.waitSignal(page.day_activated) as blocker:
        qtbot.mouseDClick(page.canvas, Qt.LeftButton, pos=canvas_point(page, RECENT))
    assert blocker.args == [RECENT]


def test_pointing_at_a_day_shows_its_numbers(page, qtbot):
    qtbot.mouseMove(page.canvas, canvas_point(page, RECENT, panel="pain", y=5))
    qtbot.waitUntil(lambda: "leaf kratom 3.5 g" in page.day_label.text())
    text = page.day_label.text()
    assert "2 doses" in text and "pain 6 of 10" in text and "dizziness moderate" in text
    qtbot.mouseMove(page.canvas, canvas_point(page, RECENT - dt.timedelta(days=1), panel="pain", y=5))
    qtbot.waitUntil(lambda: "1 dose: extract 0.4 g" in page.day_label.text())
    assert "pain not rated" in page.day_label.text()


def test_refresh_shows_a_new_dose(page, db):
    add(db, TODAY, 7, 4.2)
    page.refresh()
    assert (TODAY, 4.2) in plotted_bars(page)


def test_saving_writes_png_svg_and_pdf(page, tmp_path):
    png = page.save_chart(tmp_path / "c.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = page.save_chart(tmp_path / "c.svg")
    assert ET.parse(svg).getroot().tag.endswith("svg")
    pdf = page.save_chart(tmp_path / "c.pdf")
    assert "Leaf kratom per logged day" in PdfReader(pdf).pages[0].extract_text()
    page.tabs.setCurrentIndex(1)
    together = page.save_chart(tmp_path / "t.pdf")
    assert "not what caused what" in PdfReader(together).pages[0].extract_text()


def test_saving_refuses_an_unknown_format(page, tmp_path):
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        page.save_chart(tmp_path / "c.jpg")
    assert not (tmp_path / "c.jpg").exists()


def test_charts_follow_a_dark_window_palette(page, qtbot):
    dark = QPalette(page.palette())
    dark.setColor(QPalette.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.Text, QColor("#e8e8e8"))
    with qtbot.waitSignal(page.redrawn):
        page.setPalette(dark)
    assert page.chart.palette.is_dark
    assert page.canvas.figure.get_facecolor()[:3] == pytest.approx((0x1e / 255, 0x1f / 255, 0x22 / 255))
    assert plotted_bars(page) == [(RECENT, 3.5)]


def test_together_tab_draws_when_opened(page, qtbot):
    page.tabs.setCurrentIndex(1)
    figure = page.together_area.widget().figure
    assert [ax.get_title(loc="left") for ax in figure.axes] == ["Pain (2 days)", "Dizziness (1 day)"]


def test_matplotlib_loads_only_when_the_page_is_first_shown(data_dir):
    code = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.trends.page import TrendsPage
page = TrendsPage(LogDatabase.open_folder(Path({str(data_dir)!r})))
page.refresh()
assert 'matplotlib' not in sys.modules, 'imported on construction'
page.show()
app.processEvents()
assert 'matplotlib' in sys.modules and page.chart is not None, 'not drawn when shown'
print('ok')
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "ok", result.stderr


def test_keyboard_chooses_a_day_and_enter_opens_it(page, qtbot):
    page.canvas.setFocus()
    qtbot.keyClick(page.canvas, Qt.Key_Left)  # the first key chooses the last day
    assert "Fri 20 Nov 2026" in page.day_label.text()
    qtbot.keyClick(page.canvas, Qt.Key_Left)
    assert "Thu 19 Nov 2026" in page.day_label.text()
    with qtbot.waitSignal(page.day_activated) as blocker:
        qtbot.keyClick(page.canvas, Qt.Key_Return)
    assert blocker.args == [TODAY - dt.timedelta(days=1)]


def test_long_ranges_describe_the_week_too(page):
    page.set_range(OLD - dt.timedelta(days=100), TODAY)
    text = page.describe_day(OLD)
    # Amounts as core.amounts writes them (was "5.0 g"); the week's use days are
    # out of its logged days (was "1 of 7 days": the 6 unknown days read as days without).
    assert "1 dose: leaf kratom 5 g" in text
    assert "kratom on 1 of 1 logged day, 5 g leaf that day" in text
    nothing = page.describe_day(OLD + dt.timedelta(days=14))
    assert "not logged" in nothing and "nothing logged" in nothing and "0 g" not in nothing
