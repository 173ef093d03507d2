"""Printing from the window through a real print system: a cupsd of the test's own
with a cups-pdf queue (tests/cups_service.py; root only, as in CI).

What the person sees is checked against what the print system received: the
spooled document's pages and text are those of `kratomtrack report` for the
same choices, on the queue's paper, under a title without health words; and
every way a job can fail after the print dialog is said in words.
"""

import stat
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from cups_service import QUEUE, CupsService, run, unavailable
from print_helpers import log_with_a_plan, open_summary, pdf_info, pdf_text, press_print, report

pytestmark = [pytest.mark.window, pytest.mark.skipif(bool(unavailable()), reason=unavailable() or "-")]

TITLE_START = "Summary for the doctor, "


@pytest.fixture
def cups():
    """A cupsd of this test's own, stopped (by its pid) and removed afterwards; the
    PDFs its cups-pdf queue wrote into the home folder are removed too."""
    started = time.time()
    service = CupsService().start()
    yield service
    service.remove()
    for made in (Path.home() / "PDF").glob("*-job_*.pdf"):
        if made.stat().st_mtime >= started - 1:
            made.unlink()


@pytest.fixture
def logged(run_cli, data_dir, db):
    log_with_a_plan(run_cli, data_dir)
    return db


def send(preview, print_dialog, qtbot):
    """OK in the print dialog; waits until the app has said what became of the job."""
    with qtbot.waitSignal(preview.print_job.finished, timeout=60_000) as said:
        print_dialog.accept()
    return said.args  # (sent, words)


def test_the_window_prints_through_cups_what_report_writes(cups, logged, data_dir, qtbot, tmp_path):
    cups.add_queue("Letter")
    dialog, preview = open_summary(logged, qtbot)
    assert "Paper: Letter (from the printer PDF)" in preview.paper_label.text()
    before = set(cups.jobs())
    sent, words = send(preview, press_print(preview, qtbot), qtbot)
    assert sent and words == "Sent to PDF." and preview.status.text() == words
    (job,) = set(cups.jobs()) - before
    cups.wait_done(job)

    expected = tmp_path / "report.pdf"
    report(data_dir, expected, "--paper", "letter")
    spooled = cups.spooled(job)
    assert pdf_text(spooled) == pdf_text(expected)
    info = pdf_info(spooled)
    assert info["Pages"] == pdf_info(expected)["Pages"] == str(preview.page_count())
    assert info["Page size"].startswith("612 x 792 pts")  # Letter
    for heading in ("Dose timing", "Relief per dose", "Your plan"):  # left out before
        assert heading in pdf_text(spooled)

    # The job is titled with the range and nothing else, for the queue and in the file.
    start, end = dialog.range()
    from kratomtrack.report.printing import job_title

    title = job_title(start, end)
    assert title.startswith(TITLE_START) and title == info["Title"]
    assert title.encode() in cups.control(job)  # the job-name cupsd keeps
    written = list((Path.home() / "PDF").glob(f"Summary_for_the_doctor_*-job_{job}.pdf"))
    assert len(written) == 1  # cups-pdf names its file after the job's title
    assert pdf_info(written[0])["Pages"] == info["Pages"]


def test_an_a4_queue_gets_a4_pages_and_the_preview_says_so(cups, logged, qtbot):
    cups.add_queue("A4")
    dialog, preview = open_summary(logged, qtbot)
    assert "Paper: A4 (from the printer PDF)" in preview.paper_label.text()
    before = set(cups.jobs())
    assert send(preview, press_print(preview, qtbot), qtbot)[0]
    (job,) = set(cups.jobs()) - before
    assert pdf_info(cups.spooled(job))["Page size"].startswith("595 x 842 pts")  # A4


def test_a_queue_that_refuses_jobs_is_named_in_words(cups, logged, qtbot):
    cups.add_queue()
    dialog, preview = open_summary(logged, qtbot)
    print_dialog = press_print(preview, qtbot)
    run("cupsreject", "-r", "out of paper", QUEUE)
    sent, words = send(preview, print_dialog, qtbot)
    assert not sent
    assert words == "Not printed: the printer \u201cPDF\u201d is refusing new jobs (it says: out of paper)."
    assert preview.print_job.message.text() == words and preview.print_job.message.isVisible()
    assert cups.jobs() == []


def test_a_queue_deleted_after_the_print_dialog_is_named(cups, logged, qtbot):
    cups.add_queue()
    dialog, preview = open_summary(logged, qtbot)
    print_dialog = press_print(preview, qtbot)
    run("lpadmin", "-x", QUEUE)
    sent, words = send(preview, print_dialog, qtbot)
    assert not sent and words == "Not printed: the printer \u201cPDF\u201d no longer exists on this computer."


def test_a_print_service_stopped_after_the_dialog_is_said_and_no_file_is_written(
        cups, logged, qtbot):
    cups.add_queue()
    dialog, preview = open_summary(logged, qtbot)
    print_dialog = press_print(preview, qtbot)
    cups.stop()
    home = set(Path.home().iterdir())
    sent, words = send(preview, print_dialog, qtbot)
    assert not sent
    assert words.startswith("Not printed: the print service (CUPS) is not running")
    assert set(Path.home().iterdir()) == home  # no ~/print.pdf or the like


def _print_to_file(print_dialog, path: str) -> None:
    """Choose "Print to File (PDF)" in Qt's own print dialog and type the file's name."""
    printers = next(box for box in print_dialog.findChildren(QComboBox)
                    if any("File" in box.itemText(i) for i in range(box.count())))
    printers.setCurrentIndex(next(i for i in range(printers.count()) if "File" in printers.itemText(i)))
    name = next(edit for edit in print_dialog.findChildren(QLineEdit) if edit.isEnabled()
                and edit.isVisibleTo(print_dialog))
    name.setText(path)


def test_print_to_a_file_that_cannot_be_written_says_so_on_screen(cups, logged, qtbot, capsys, tmp_path):
    cups.add_queue()
    dialog, preview = open_summary(logged, qtbot)
    print_dialog = press_print(preview, qtbot)
    target = tmp_path / "no such folder" / "summary.pdf"
    _print_to_file(print_dialog, str(target))
    sent, words = send(preview, print_dialog, qtbot)
    assert not sent and words.startswith(f"Not saved: could not write {target}")
    assert preview.print_job.message.isVisible()
    assert "Traceback" not in capsys.readouterr().err  # (pytest-qt also fails on one)
    assert not target.exists()


def test_print_to_file_writes_an_owner_only_pdf_of_the_previewed_pages(cups, logged, qtbot, tmp_path):
    cups.add_queue()
    dialog, preview = open_summary(logged, qtbot)
    print_dialog = press_print(preview, qtbot)
    target = tmp_path / "to-file.pdf"
    _print_to_file(print_dialog, str(target))
    sent, words = send(preview, print_dialog, qtbot)
    assert sent and words == f"Saved {target} ({preview.page_count()} pages).", words
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert pdf_info(target)["Pages"] == str(preview.page_count())
