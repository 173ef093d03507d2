"""A summary made from a damaged log says on its first page that records were
skipped, and its JSON says what; the command exits 3 (real processes, the PDF
read back)."""

import json
import subprocess

import pytest

from kratomtrack.store.database import LogDatabase

from conftest import TODAY
from log_files import damage_inside_a_record, fill
from real_command import kratomtrack

pytestmark = pytest.mark.window  # the report paints its PDF with Qt


@pytest.fixture
def damaged(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 12)
    damage_inside_a_record(data_dir / "kratomtrack.db")  # TODAY's dose at 08:30 becomes 08:x0
    return data_dir


def test_the_summary_of_a_damaged_log_says_on_page_one_that_records_were_skipped(damaged, tmp_path):
    result = kratomtrack(damaged, "report", "--to", TODAY, "-o", tmp_path / "summary.pdf")
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
    page_one = subprocess.run(["pdftotext", "-l", "1", "-layout", tmp_path / "summary.pdf", "-"],
                              capture_output=True, text=True, check=True).stdout
    flat = " ".join(page_one.split())
    assert "Made from a damaged log" in flat
    assert "1 record(s) that cannot be read were skipped" in flat


def test_the_summary_json_of_a_damaged_log_carries_what_was_skipped(damaged, tmp_path):
    result = kratomtrack(damaged, "report", "--to", TODAY, "--format", "json", "-o",
                         tmp_path / "summary.json")
    assert result.returncode == 3, result.stderr
    found = json.loads((tmp_path / "summary.json").read_text())["damaged_log"]
    assert found["unreadable_records"] == 1 and "08:x0" in found["findings"][0]
