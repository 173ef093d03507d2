"""Amounts to 0.01 g (whole mg for 7-OH, typed and shown in mg), spreadsheet-safe CSV,
and the window's import with its preview."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kratomtrack.core.records import Dose, Form
from kratomtrack.core.validation import FieldError, parse_grams, parse_milligrams
from kratomtrack.store.transfer import export_csv, import_files

from conftest import TODAY, real_today
from log_files import table_snapshot
from window_helpers import answer_next_dialog, choose_in_turn, press, type_into

PEERS = Path(__file__).parent / "fixtures" / "peers"
NOON = dt.datetime.combine(TODAY, dt.time(12))


def test_hundredths_are_kept_and_7oh_takes_whole_milligrams():
    assert parse_grams("2.25") == 2.25 and parse_grams("0.05") == 0.05
    assert parse_grams("0.015", Form.SEVEN_OH) == 0.015 and parse_milligrams(" 15 ") == 0.015
    for value, form, words in (("2.255", None, "two decimal places"),
                               ("0.0155", Form.SEVEN_OH, "whole milligrams")):
        with pytest.raises(FieldError) as err:
            parse_grams(value, form)
        assert words in err.value.problem.message
    for typed, words in (("1.5", "whole number of milligrams"), ("0", "more than 0"),
                         ("100001", "at most 100000 mg"), ("", "empty")):
        with pytest.raises(FieldError) as err:
            parse_milligrams(typed)
        assert words in err.value.problem.message


def test_amounts_are_stored_as_exact_milligrams(db):
    db.add_dose(Dose(NOON, 2.25), today=TODAY)
    db.add_dose(Dose(NOON, 0.015, Form.SEVEN_OH), today=TODAY)
    assert sorted(r[0] for r in db.conn.execute("SELECT milligrams FROM doses")) == [15, 2250]
    assert sorted(d.milligrams for d in db.all_doses()) == [15, 2250]
    assert sorted(d.grams for d in db.all_doses()) == [0.015, 2.25]


def test_csv_export_is_safe_in_a_spreadsheet_and_reads_back_exactly(db, tmp_path, data_dir):
    db.add_side_effect("=2+5")
    db.add_dose(Dose(NOON, 2.25, product="=HYPERLINK(\"http://x\")", note="'quoted already"), today=TODAY)
    db.add_dose(Dose(NOON, 0.015, Form.SEVEN_OH, product="@home", note="-5 mood"), today=TODAY)
    from kratomtrack.core.records import CheckIn

    db.save_checkin(CheckIn(TODAY, 4, {"=2+5": 2}, "+1 day"), today=TODAY)
    doses_file, checkins_file = export_csv(db, tmp_path / "out")
    raw = doses_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and checkins_file.read_bytes().startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",'@home," in text and ",'-5 mood" in text
    assert ",''quoted already" in text and ",2.25," in text and ",0.015," in text
    assert ",'=2+5," in checkins_file.read_text(encoding="utf-8-sig").splitlines()[0]
    assert ",'+1 day" in checkins_file.read_text(encoding="utf-8-sig")
    # Every cell a spreadsheet would run as a formula starts with the apostrophe.
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@")), cell
    from kratomtrack.store.database import LogDatabase

    with LogDatabase.open_folder(tmp_path / "copy") as copy:
        import_files(copy, [doses_file, checkins_file], today=TODAY)
        assert sorted(d.identity for d in copy.all_doses()) == sorted(d.identity for d in db.all_doses())
        assert copy.checkin(TODAY).ratings == {"=2+5": 2} and copy.checkin(TODAY).note == "+1 day"


def test_an_old_export_in_tenths_still_imports(db, tmp_path):
    path = tmp_path / "doses.csv"
    path.write_text("taken_at,grams,form,product,notes\n2026-11-02T08:00,2.0,powder,,\n"
                    "2026-11-02T20:00,0.3,7-oh,,\n")
    import_files(db, [path], today=TODAY)
    assert sorted(d.milligrams for d in db.all_doses()) == [300, 2000]


def test_7oh_is_typed_and_shown_in_milligrams_on_today(open_window, db):
    window = open_window(db)
    page = window.today_page
    page.form.setCurrentIndex(page.form.findData(Form.SEVEN_OH.value))
    assert page.fields["grams"].label.text().replace("&", "") == "Milligrams"
    type_into(page.grams, "15")
    press(page.grams, Qt.Key.Key_Return)
    [dose] = db.doses_on(real_today())
    assert (dose.milligrams, dose.form) == (15, Form.SEVEN_OH)
    assert page.dose_table.item(0, 1).text() == "15 mg"
    type_into(page.grams, "1.5")
    press(page.grams, Qt.Key.Key_Return)
    assert "whole number of milligrams" in page.fields["grams"].problem.text()
    assert len(db.doses_on(real_today())) == 1


def test_window_import_reads_off_thread_asks_features_previews_and_writes_only_on_confirm(
        open_window, db, qtbot, chicago):
    window = open_window(db)
    before = table_snapshot(db)
    seen: list[str] = []
    preview = window.transfer.preview([str(PEERS / "track_and_graph.csv")])
    choose_in_turn(["Kratom (g)", "Pain"])
    answer_next_dialog("Cancel", seen)
    preview.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert (preview.options.grams_feature, preview.options.pain_feature) == ("Kratom (g)", "Pain")
    assert "Track & Graph CSV export: 4 doses, 1 day with pain" in seen[0]
    assert "the latest is kept" in seen[0]
    qtbot.wait(50)
    assert table_snapshot(db) == before  # cancelled at the preview: nothing written
    answer_next_dialog("Yes")  # read again with the same answers, and confirm
    answer_next_dialog("OK")
    with qtbot.waitSignal(window.transfer.imported, timeout=10000):
        preview.start()
    assert db.dose_count() == 4 and db.checkin(dt.date(2026, 11, 19)).pain == 4


def test_window_asks_before_reading_a_semicolon_resave_and_reads_it_when_told(open_window, db, qtbot, tmp_path):
    path = tmp_path / "doses.csv"
    path.write_text("taken_at;grams;form;product;notes\n2026-11-02T08:00;2,25;powder;Red; a note\n")
    window = open_window(db)
    seen: list[str] = []
    preview = window.transfer.preview([str(path)])
    answer_next_dialog("Yes", seen)  # "Read this file?" the ';' way
    answer_next_dialog("Yes")  # the preview: import it
    answer_next_dialog("OK")  # the outcome
    with qtbot.waitSignal(window.transfer.imported, timeout=10000):
        preview.start()
    assert "decimal commas" in seen[0]
    [dose] = db.all_doses()
    assert (dose.milligrams, dose.product) == (2250, "Red")


def test_window_reads_nothing_when_a_semicolon_resave_is_not_to_be_read(open_window, db, qtbot, tmp_path):
    path = tmp_path / "doses.csv"
    path.write_text("taken_at;grams;form;product;notes\n2026-11-02T08:00;2,25;powder;Red; a note\n")
    window = open_window(db)
    before = table_snapshot(db)
    seen: list[str] = []
    preview = window.transfer.preview([str(path)])
    answer_next_dialog("No")  # not the ';' way
    answer_next_dialog("OK", seen)  # so the file is refused, in words
    preview.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "Nothing was imported" in seen[0] and table_snapshot(db) == before
