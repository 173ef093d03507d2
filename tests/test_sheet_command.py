"""``kratomtrack import`` of a spreadsheet of one's own: without --map it prints
the guessed mapping, the first rows as they would be stored, every row it would
skip and the command that confirms the guess, and writes nothing; that command
imports exactly; the mapping is then remembered for the same header. Damaged
workbooks (cut short, random bytes named .xlsx or .ods) are refused in words,
never with a traceback, and the log is left as it was."""

import datetime as dt
import functools
import io
import shlex
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.peer_formats.options import ReadOptions, SheetChoices
from kratomtrack.store.transfer import ImportRefused, import_files

from conftest import TODAY
from log_files import fill, table_snapshot
from real_command import kratomtrack, snapshot
from sheet_writers import write_xlsx
from test_sheet_import import EXCEL_DOSES, EXCEL_SKIPPED, excel_log, libreoffice_log, stored

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def doses_in(folder) -> list[tuple]:
    with LogDatabase.open_folder(folder, create=False) as db:
        return stored(db)


def test_an_unknown_sheet_prints_the_guess_and_the_command_and_writes_nothing(run_cli, data_dir, tmp_path):
    path = excel_log(tmp_path / "my log.xlsx")
    status, out, err = run_cli("import", path)
    assert status == 2 and "Traceback" not in out + err
    assert "Nothing was imported; the log is unchanged." in err
    assert "my log.xlsx (sheet “Log”) is a spreadsheet whose columns kratomtrack does not know yet" in out
    assert "Amount                   “Dose Amount (g)” in grams (g)" in out
    assert "Date order               not needed: the dates say which number is the day" in out
    assert "row 4: 2026-03-13 08:15  2.5 g  powder  Red Bali  after breakfast" in out
    assert [line for line in EXCEL_SKIPPED if line not in out] == []
    assert doses_in(data_dir) == []
    command = out.split("If that is right, import it with:\n")[1].strip()
    assert command.startswith("kratomtrack import ") and "--map" in command
    status, out, err = run_cli(*shlex.split(command)[1:])  # the command as printed confirms it
    assert status == 0, err
    assert doses_in(data_dir) == EXCEL_DOSES
    assert "Doses: 5 added" in out
    status, out, _ = run_cli("import", path)  # the same header again: the mapping is remembered
    assert status == 0 and "read with the mapping confirmed before for this header" in out
    assert "Doses: 0 added, 5 already in the log (skipped)." in out
    assert doses_in(data_dir) == EXCEL_DOSES


def test_dates_no_row_proves_ask_for_the_order_in_the_printed_command(run_cli, data_dir, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Date;Grams\n03/04/2026;2,5\n04/03/2026;3\n")
    status, out, _ = run_cli("import", path)
    assert status == 2
    assert "choose: no row shows it; row 2 has 03/04/2026, which could be 3 April (day/month) " \
           "or 4 March (month/day)" in out
    assert "Still to say: choose the date order" in out
    assert "Then import it with --date-order dmy if its dates are day/month, or mdy if they are " \
           "month/day:" in out
    assert out.rstrip().endswith("--map date=Date,grams=Grams --date-order dmy --decimal comma")
    status, _, _ = run_cli("import", path, "--map", "date=Date,grams=Grams", "--decimal", "comma",
                           "--date-order", "dmy")
    assert status == 0
    assert doses_in(data_dir) == [
        (dt.datetime(2026, 3, 4, 12, 0), 3000, *EXCEL_DOSES[0][2:3], "", "(no time in the spreadsheet; stored at 12:00)"),
        (dt.datetime(2026, 4, 3, 12, 0), 2500, *EXCEL_DOSES[0][2:3], "", "(no time in the spreadsheet; stored at 12:00)")]


def test_the_real_command_imports_a_libreoffice_sheet_with_map(tmp_path):
    folder = tmp_path / "data"
    path = libreoffice_log(tmp_path / "log.ods")
    result = kratomtrack(folder, "import", path, "--map",
                         "date=Date,time=Time,grams=Dose Amount,form=Dose Form,pain=Pain,effect=Nausea (0-3)")
    assert result.returncode == 0, result.stderr
    assert "Spreadsheet log.ods (sheet “Log”): 5 doses, 3 days with pain or a check-in" in result.stdout
    assert len(snapshot(folder)["doses"]) == 5


def test_a_map_naming_no_column_is_refused_with_the_columns_and_status_2(run_cli, data_dir, tmp_path):
    status, out, err = run_cli("import", excel_log(tmp_path / "log.xlsx"), "--map", "date=Datum,grams=g")
    assert status == 2 and "--map: no column 'Datum'" in err and "'Dose Amount (g)'" in err
    assert "Traceback" not in out + err


# --- damaged workbooks ----------------------------------------------------------------------


@pytest.fixture
def log(db):
    fill(db, 5)
    return db


def refused_in_words(db, path) -> str:
    before = table_snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY)
    text = "\n".join(str(p) for p in refused.value.problems)
    assert refused.value.problems and "Traceback" not in text and len(text) < 1000, text
    assert table_snapshot(db) == before
    return text


@pytest.mark.parametrize("maker, suffix", [(excel_log, ".xlsx"), (libreoffice_log, ".ods")])
def test_a_workbook_cut_short_anywhere_is_refused_in_words(log, tmp_path, maker, suffix):
    whole = maker(tmp_path / f"whole{suffix}").read_bytes()
    cut = tmp_path / f"cut{suffix}"
    for size in [0, 1, 4, 30, 100, *range(200, len(whole), max(1, len(whole) // 40)), len(whole) - 1]:
        cut.write_bytes(whole[:size])
        text = refused_in_words(log, cut)
        assert any(words in text for words in ("is empty", "not a readable workbook", "may be damaged",
                                               "cut short")), (size, text)


@FUZZ
@given(raw=st.binary(max_size=4000), suffix=st.sampled_from([".xlsx", ".ods", ".xlsm"]))
def test_random_bytes_named_as_a_workbook_are_refused_in_words(log, tmp_path, raw, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(raw)
    refused_in_words(log, path)


@functools.cache
def small_workbook() -> bytes:
    """One small .xlsx for every example (a new one would differ in its saved time)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_xlsx(Path(folder) / "small.xlsx", [["Date", "Grams"],
                                                        [dt.datetime(2026, 3, 4, 8), 2]]).read_bytes()


@FUZZ
@given(data=st.data())
def test_a_workbook_with_damaged_bytes_is_read_whole_or_refused_in_words(log, tmp_path, data):
    whole = bytearray(small_workbook())
    for _ in range(data.draw(st.integers(1, 8))):
        whole[data.draw(st.integers(0, len(whole) - 1))] = data.draw(st.integers(0, 255))
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(whole))
    before = table_snapshot(log)
    try:
        import_files(log, [path], today=TODAY,
                     options=ReadOptions(sheet=SheetChoices(map="date=Date,grams=Grams")))
        # Read at all, it is read whole: the dose the sheet holds, as written (a damaged
        # byte inside the packed sheet fails its checksum, so it is never read changed).
        assert (dt.datetime(2026, 3, 4, 8), 2000) in {(d.taken_at, d.milligrams) for d in log.all_doses()}
    except ImportRefused as refused:
        text = "\n".join(str(p) for p in refused.problems)
        assert refused.problems and "Traceback" not in text and table_snapshot(log) == before


def test_a_zip_that_is_no_workbook_or_unpacks_too_far_is_refused(log, tmp_path):
    other = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("a.jpg", b"\xff\xd8")
    assert "is a zip archive, not an .xlsx or .ods workbook" in refused_in_words(log, other)
    bomb = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (401 * 2**20))  # 401 MB of spaces
    bomb.write_bytes(buffer.getvalue())
    assert "unpacks to more than 400 MB" in refused_in_words(log, bomb)


def test_an_old_xls_and_a_content_xml_that_is_not_xml_are_refused_in_words(log, tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "Excel 97–2003 workbook (.xls)" in refused_in_words(log, old)
    broken = tmp_path / "broken.ods"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content><table:table")  # cut short
    assert "could not be read as an ods workbook; it may be damaged" in refused_in_words(log, broken)


def test_the_command_refuses_a_damaged_workbook_with_status_2_and_words(run_cli, data_dir, tmp_path):
    run_cli("demo", "--days", 10, "--today", TODAY)
    path = tmp_path / "log.xlsx"
    path.write_bytes(excel_log(tmp_path / "whole.xlsx").read_bytes()[:700])
    with LogDatabase.open_folder(data_dir) as db:
        before = table_snapshot(db)
    status, out, err = run_cli("import", path)
    assert status == 2 and "Traceback" not in out + err
    assert "log.xlsx: is not a readable workbook" in err
    with LogDatabase.open_folder(data_dir) as db:
        assert table_snapshot(db) == before
