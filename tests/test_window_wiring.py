"""The pages and dialogs of other features, reached from the real window."""

import datetime as dt

from pypdf import PdfReader

from kratomtrack.core.records import Dose

TODAY = dt.date.today()


def add_dose(db, day, grams):
    db.add_dose(Dose(dt.datetime.combine(day, dt.time(9, 0)), grams))


def test_print_summary_opens_the_dialog_and_saves_a_pdf(window, db, qtbot, tmp_path):
    add_dose(db, TODAY - dt.timedelta(days=3), 2.5)
    assert window.print_action.isEnabled()
    dialog = window.print_summary()
    qtbot.waitExposed(dialog)
    assert dialog.save_pdf(str(tmp_path / "summary.pdf"))
    text = " ".join(PdfReader(tmp_path / "summary.pdf").pages[0].extract_text().split())
    assert "self-reported by the patient with kratomtrack" in text
    dialog.close()


def test_trends_double_click_day_opens_it_in_today(window, db, qtbot):
    day = TODAY - dt.timedelta(days=5)
    add_dose(db, day, 3.0)
    window.show_page("trends")
    window.trends_page.day_activated.emit(day)
    assert window.current_page_name() == "today"
    assert window.today_page.day == day


def test_trends_follow_changes_made_in_today(window, db, qtbot):
    window.show_page("trends")
    qtbot.waitUntil(lambda: window.trends_page.charts_loaded, timeout=5000)
    window.show_page("today")
    add_dose(db, TODAY, 4.2)
    window.log_changed.emit()  # as after a change made elsewhere
    window.show_page("trends")  # a hidden page redraws when it is shown again
    qtbot.waitUntil(lambda: window.trends_page.figures.day(TODAY).leaf_grams == 4.2, timeout=5000)
