"""report.print_queue with no print service answering (conftest's CUPS_SERVER socket has
no cupsd): every question gets an answer in words, never an exception or a wait.
(With a real cupsd: test_print_cups.py.)"""

import shutil
import time

import pytest

from kratomtrack.report import print_queue
from kratomtrack.report.printing import job_title

pytestmark = pytest.mark.skipif(shutil.which("lpstat") is None, reason="CUPS's lpstat is not installed")


def test_no_service_is_not_running_and_knows_no_jobs():
    assert print_queue.service_running() is False
    assert print_queue.last_job("PDF") == 0


def test_a_job_sent_with_no_service_is_said_not_printed_at_once():
    began = time.monotonic()
    outcome = print_queue.follow_job("PDF", 0)
    assert not outcome.sent and outcome.job == ""
    assert outcome.words.startswith("Not printed: the print service (CUPS) is not running")
    assert "Save the summary as a PDF instead" in outcome.words
    assert time.monotonic() - began < print_queue.FOLLOW_SECONDS  # no waiting for a dead service


def test_the_job_title_names_the_range_and_nothing_about_health():
    import datetime as dt

    assert job_title(dt.date(2026, 9, 8), dt.date(2026, 12, 7)) == \
        "Summary for the doctor, 8 Sep \u2013 7 Dec 2026"
