import datetime as dt
import re

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from kratomtrack.ui.dialogs.summary import SummaryDialog

from conftest import TODAY
from kratomtrack.store.preferences import set_patient
from summary_log import END, START, hand_made_checkins, hand_made_doses

pytestmark = pytest.mark.window


@pytest.fixture
def dialog(qtbot, db):
    with db.transaction():
        for dose in hand_made_doses():
            db.add_dose(dose, today=TODAY)
        for checkin in hand_made_checkins():
            db.save_checkin(checkin, today=TODAY)
    set_patient(db, "Alex Example", None, today=TODAY)  # the name comes from settings
    widget = SummaryDialog.for_log(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.ready)  # the log is read off the window's thread
    return widget


def test_last_90_days_is_the_default_with_the_day_table(dialog, qtbot):
    assert dialog.period.currentText() == "Last 90 days"
    assert dialog.range() == (TODAY - dt.timedelta(days=89), TODAY)
    assert dialog.day_table.isChecked()
    assert "Your records begin on 1 Oct 2026" in dialog.range_note.text()
    dialog.period.setCurrentIndex(3)  # last 365 days
    assert dialog.range() == (TODAY - dt.timedelta(days=364), TODAY)
    qtbot.waitUntil(lambda: dialog.ready)
    assert not dialog.day_table.isChecked()
    assert not dialog.start_edit.isEnabled()


def test_two_dates_and_a_refused_range(dialog):
    dialog.set_range(START, END)
    assert dialog.start_edit.isEnabled() and dialog.range() == (START, END)
    assert "1–28 Oct 2026 (28 days)" in dialog.range_note.text()
    dialog.start_edit.setDate(dialog.end_edit.date().addDays(3))
    assert "cannot be summarised" in dialog.range_note.text()
    assert not dialog.pdf_button.isEnabled() and not dialog.preview_button.isEnabled()


def test_inputs_have_accessible_names(dialog):
    for widget in (dialog.period, dialog.start_edit, dialog.end_edit, dialog.questions,
                   dialog.day_table, dialog.preview_button, dialog.pdf_button):
        assert widget.accessibleName()


def test_preview_shows_the_pages_and_saves_the_same_document_as_pdf(dialog, qtbot, tmp_path):
    dialog.set_range(START, END)
    dialog.questions.setPlainText("Could the insomnia come from kratom?")
    preview = dialog.open_preview()
    qtbot.waitUntil(lambda: dialog.ready and preview.page_count() > 0)
    shown = preview.page_count()
    dialog.preview_pdf_action.trigger()
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    target = tmp_path / "for-the-visit.pdf"
    chooser.selectFile(str(target))
    chooser.accept()
    qtbot.waitUntil(lambda: target.exists())
    reader = PdfReader(target)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == shown
    assert "Could the insomnia come from kratom?" in text
    assert "Alex Example" in text and "Days logged 27 of 28 days logged" in text
    assert f"page {shown} of {shown}" in text
    assert str(target) in dialog.status.text()
    preview.close()


def test_sections_ticked_in_the_dialog_choose_what_the_preview_and_pdf_hold(dialog, qtbot, tmp_path):
    dialog.set_range(START, END)
    # Every section of report.content.SECTIONS but the day table (a tick box of its own).
    assert list(dialog.section_boxes) == ["now", "flags", "pain", "side-effects", "withdrawal",
                                          "dependence", "patterns", "plan", "background", "notes", "charts"]
    assert all(tick.accessibleName() for tick in dialog.section_boxes.values())
    preview = dialog.open_preview()
    qtbot.waitUntil(lambda: dialog.ready and preview.page_count() > 0)
    before = preview.page_count()
    dialog.section_boxes["charts"].setChecked(False)
    dialog.day_table.setChecked(False)
    qtbot.waitUntil(lambda: dialog.ready and preview.page_count() < before)  # the preview follows
    assert "charts" not in dialog.sections() and "table" not in dialog.sections()
    target = tmp_path / "short.pdf"
    assert dialog.save_pdf(str(target))
    qtbot.waitUntil(lambda: dialog.last_saved == target)  # written off the window's thread
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Charts" not in text and "Day by day" not in text and "Now" in text
    assert len(PdfReader(target).pages) == preview.page_count()
    preview.close()


def test_report_help_names_every_section_the_dialog_and_report_print(capsys):
    from kratomtrack.cli import main
    from kratomtrack.report.content import section_names

    with pytest.raises(SystemExit):
        main(["report", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert all(name in help_text for name in section_names())
