import re

import pytest
from pypdf import PdfReader

from kratomtrack.store.database import LogDatabase

from conftest import TODAY
from summary_log import hand_made_checkins, hand_made_doses

pytestmark = pytest.mark.window  # the report command paints its PDF with Qt


@pytest.fixture
def logged(data_dir):
    with LogDatabase.open_folder(data_dir) as db, db.transaction():
        for dose in hand_made_doses():
            db.add_dose(dose, today=TODAY)
        for checkin in hand_made_checkins():
            db.save_checkin(checkin, today=TODAY)
    return data_dir


def test_report_writes_the_summary_pdf(run_cli, logged, tmp_path):
    out = tmp_path / "visit.pdf"
    status, stdout, _ = run_cli("report", "--from", "2026-10-01", "--to", "2026-10-28",
                                "-o", out, "--name", "Alex Example", "--paper", "letter")
    assert status == 0 and f"Wrote {out}" in stdout
    reader = PdfReader(out)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Alex Example" in text and "Days logged 27 of 28 days logged" in text
    assert f"page {len(reader.pages)} of {len(reader.pages)}" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert not list(tmp_path.glob(".*part"))  # no partial file left behind


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-10-20", "--to", "2026-10-01"], "--from: 2026-10-20 is after the end date 2026-10-01"),
    (["--from", "2026-10-01", "--to", "2099-01-01"], "--to: 2099-01-01 is in the future"),
    (["--from", "2099-01-01"], "is in the future"),
    (["--from", "2026-13-01"], "'2026-13-01' is not a real date"),
    (["--to", "yesterday"], "--to: 'yesterday' is not a date written YYYY-MM-DD"),
    (["--from", "1960-01-01", "--to", "2026-10-01"], "before 1970"),
])
def test_bad_dates_are_refused_with_status_2(run_cli, logged, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    status, _, err = run_cli("report", *args, "-o", out)
    assert status == 2 and message in err and "Traceback" not in err
    assert not out.exists()


def test_output_must_be_a_pdf_file(run_cli, logged, tmp_path):
    status, _, err = run_cli("report", "-o", logged / "kratomtrack.db")
    assert status == 2 and "does not end in .pdf" in err
    status, _, err = run_cli("report", "-o", tmp_path / "missing" / "x.pdf")
    assert status == 2 and "does not exist" in err


def test_report_without_a_log_says_so(run_cli, tmp_path):
    status, _, err = run_cli("report", "-o", tmp_path / "x.pdf", folder=tmp_path / "empty")
    assert status == 2 and "there is no log" in err
    assert not (tmp_path / "empty").exists()
