"""Days marked "no kratom today": stored, refused when wrong, kept by export and import, undoable."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.formats import JSON_VERSION
from kratomtrack.store.no_use import all_no_use_days, is_no_use, set_no_use
from kratomtrack.store.transfer import export_csv, export_json, import_files
from conftest import real_today
from log_files import table_snapshot
from window_helpers import press

TODAY = real_today()  # the window shows the computer's date
DAY = dt.date(2026, 11, 2)
LATER = dt.date(2026, 11, 20)


def test_a_day_marked_no_kratom_is_stored_and_can_be_unmarked(db):
    set_no_use(db, DAY, True, today=LATER)
    assert is_no_use(db, DAY) and all_no_use_days(db) == {DAY}
    set_no_use(db, DAY, False, today=LATER)
    assert not is_no_use(db, DAY)


def test_marking_a_day_with_doses_or_in_the_future_is_refused_and_changes_nothing(db):
    db.add_dose(Dose(dt.datetime(2026, 11, 2, 8, 0), 2.0), today=LATER)
    before = table_snapshot(db)
    with pytest.raises(InvalidRecord, match="has doses logged"):
        set_no_use(db, DAY, True, today=LATER)
    with pytest.raises(InvalidRecord, match="in the future"):
        set_no_use(db, LATER + dt.timedelta(days=1), True, today=LATER)
    assert table_snapshot(db) == before


def test_deleting_a_day_takes_its_mark_and_undo_puts_it_back(db):
    set_no_use(db, DAY, True, today=LATER)
    deleted = db.delete_day(DAY)
    assert not is_no_use(db, DAY)
    db.restore_day(deleted)
    assert is_no_use(db, DAY)


def _other_log(tmp_path) -> LogDatabase:
    return LogDatabase.open_folder(tmp_path / "other")


def test_json_export_and_import_keep_the_marks(db, tmp_path):
    set_no_use(db, DAY, True, today=LATER)
    set_no_use(db, DAY + dt.timedelta(days=3), True, today=LATER)
    path = export_json(db, tmp_path / "log.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == JSON_VERSION == 5
    assert data["no_use_days"] == ["2026-11-02", "2026-11-05"]
    with _other_log(tmp_path) as other:
        report = import_files(other, [path], today=LATER)
        assert all_no_use_days(other) == {DAY, DAY + dt.timedelta(days=3)}
        assert "Days marked \u201cno kratom\u201d: 2 added, 0 already in the log (skipped)." in report.lines()
        again = import_files(other, [path], today=LATER)
        assert again.added_no_use_days == 0 and again.skipped_no_use_days == 2


def test_csv_export_and_import_keep_the_marks_beside_check_ins(db, tmp_path):
    set_no_use(db, DAY, True, today=LATER)
    db.save_checkin(CheckIn(DAY, 4, {}, "quiet day"), today=LATER)  # a marked day may have a check-in
    set_no_use(db, DAY + dt.timedelta(days=1), True, today=LATER)
    _, checkins = export_csv(db, tmp_path / "csv")
    lines = checkins.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("date,pain,no_kratom,")
    assert lines[1].startswith("2026-11-02,4,yes,") and lines[2].startswith("2026-11-03,,yes,")
    with _other_log(tmp_path) as other:
        import_files(other, [checkins], today=LATER)
        assert all_no_use_days(other) == {DAY, DAY + dt.timedelta(days=1)}
        assert other.checkin(DAY).note == "quiet day"
        assert other.checkin(DAY + dt.timedelta(days=1)) is None  # the mark alone is no check-in


def test_a_csv_without_marks_keeps_the_old_header(db, tmp_path):
    db.save_checkin(CheckIn(DAY, 4), today=LATER)
    _, checkins = export_csv(db, tmp_path / "csv")
    assert checkins.read_text(encoding="utf-8-sig").splitlines()[0].startswith("date,pain,dizziness,")


def test_a_bad_no_kratom_cell_is_refused_by_line_and_nothing_is_imported(db, tmp_path):
    path = tmp_path / "checkins.csv"
    path.write_text("date,pain,no_kratom,dizziness,notes\n2026-11-02,,maybe,,\n", encoding="utf-8")
    before = table_snapshot(db)
    from kratomtrack.store.transfer import ImportRefused
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=LATER)
    assert "line 2" in str(refused.value.problems[0]) and "no_kratom" in str(refused.value.problems[0])
    assert table_snapshot(db) == before


def test_today_marks_the_day_with_alt_k_and_undo_takes_the_mark_off(window, db, qtbot):
    page = window.today_page
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert page.no_kratom_button.text() == "No &kratom today" and page.no_kratom_button.isEnabled()
    qtbot.keyClick(page.grams, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: is_no_use(db, TODAY))  # a mnemonic clicks after a short animation
    assert page.no_kratom_button.isChecked()
    window.editor.undo()
    assert not is_no_use(db, TODAY) and not page.no_kratom_button.isChecked()
    window.editor.redo()
    assert is_no_use(db, TODAY)
    page.no_kratom_button.click()  # the button takes it off again
    assert not is_no_use(db, TODAY)


def test_today_offers_no_mark_on_a_day_with_doses(window, db):
    db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(0, 0)), 2.0))
    window.today_page.refresh()
    assert not window.today_page.no_kratom_button.isEnabled()


def test_a_log_that_starts_with_a_no_kratom_mark_starts_on_that_day(tmp_path):
    import datetime as dt

    from kratomtrack.core.records import Dose, Form
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.no_use import set_no_use

    db = LogDatabase.open_folder(tmp_path / "data")
    first, later = dt.date(2026, 11, 1), dt.date(2026, 11, 3)
    db.add_dose(Dose(dt.datetime.combine(later, dt.time(9)), 3.0, Form.POWDER, ""))
    assert db.first_day() == later
    set_no_use(db, first, True, today=later)
    assert db.first_day() == first  # a marked day is logged: the log starts there
    assert db.days_with_a_record(later) == 2
    db.close()
