"""A log of doses alone (clinical.md, "Days with nothing logged"): its days without a dose
become "no kratom" marks only when the person says so, on the command line or in the
window's preview, and an import never brings a "no kratom" mark onto a day with doses."""

import datetime as dt
import json
from pathlib import Path

import pytest

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.import_marks import days_without_doses
from kratomtrack.store.no_use import all_no_use_days, set_no_use
from kratomtrack.store.peer_formats.options import ReadOptions
from kratomtrack.store.transfer import ImportRefused, export_csv, export_json, import_files, read_files

from conftest import TODAY
from log_files import table_snapshot
from real_command import kratomtrack as run_kratomtrack, marks_in, snapshot

PEERS = Path(__file__).parent / "fixtures" / "peers"
HERBAL_CSV = PEERS / "herbal_tracker_export.csv"
# The Herbal Tracker+ export has doses on 26, 27, 31 Oct and 1, 2, 5 Nov 2026.
HERBAL_GAPS = {dt.date(2026, 10, d) for d in (28, 29, 30)} | {dt.date(2026, 11, 3), dt.date(2026, 11, 4)}
DOSES_CSV = ("taken_at,grams,form,product,notes\n"
             "2026-11-01T08:00,2.5,powder,Red,\n"
             "2026-11-04T08:00,3,powder,Red,\n"
             "2026-11-04T20:00,1.25,powder,Red,\n")


def kratomtrack(folder: Path, *args):
    return run_kratomtrack(folder, *args, tz="America/Chicago")  # the fixtures' zone


# --- the command line --------------------------------------------------------------


def test_herbal_tracker_import_marks_the_days_without_doses_only_when_told(tmp_path):
    folder = tmp_path / "data"
    plain = kratomtrack(folder, "import", HERBAL_CSV)
    assert plain.returncode == 0, plain.stderr
    assert marks_in(folder) == set()  # the default: unknown, never assumed
    assert ("The file has doses on 6 of the 11 days from 26 Oct to 5 Nov 2026; the other 5 stay "
            "not logged (unknown), not days without kratom.") in plain.stdout
    assert "import again with --days-without-doses no-kratom" in plain.stdout
    told = kratomtrack(folder, "import", HERBAL_CSV, "--days-without-doses", "No-Kratom")
    assert told.returncode == 0, told.stderr
    assert marks_in(folder) == HERBAL_GAPS
    assert ("Days without a dose from 26 Oct to 5 Nov 2026: 5 marked \u201cno kratom\u201d "
            "(days without kratom), as you said.") in told.stdout
    assert "Doses: 0 added, 7 already in the log (skipped)." in told.stdout


def test_days_the_log_already_holds_are_left_as_they_are(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        db.save_checkin(CheckIn(dt.date(2026, 10, 29), 6, {}, "a bad day"), today=TODAY)
    result = kratomtrack(folder, "import", HERBAL_CSV, "--days-without-doses", "no-kratom")
    assert result.returncode == 0, result.stderr
    assert marks_in(folder) == HERBAL_GAPS - {dt.date(2026, 10, 29)}
    with LogDatabase.open_folder(folder) as db:
        assert db.checkin(dt.date(2026, 10, 29)).note == "a bad day"


def test_our_doses_csv_without_check_ins_marks_its_gaps_when_told_and_none_by_default(tmp_path):
    doses = tmp_path / "doses.csv"
    doses.write_text(DOSES_CSV)
    first, second = tmp_path / "first", tmp_path / "second"
    assert kratomtrack(first, "import", doses, "--days-without-doses", "unknown").returncode == 0
    assert marks_in(first) == set()
    assert kratomtrack(second, "import", doses, "--days-without-doses", "NO-KRATOM").returncode == 0
    assert marks_in(second) == {dt.date(2026, 11, 2), dt.date(2026, 11, 3)}


def test_told_days_on_files_that_tell_their_own_days_is_refused_and_writes_nothing(tmp_path):
    folder = tmp_path / "data"
    assert kratomtrack(folder, "day", "2026-10-01", "--no-kratom").returncode == 0
    doses, checkins = tmp_path / "doses.csv", tmp_path / "checkins.csv"
    doses.write_text(DOSES_CSV)
    checkins.write_text("date,pain,notes\n2026-11-02,4,\n")
    before = snapshot(folder)
    result = kratomtrack(folder, "import", doses, checkins, "--days-without-doses", "no-kratom")
    assert result.returncode == 2 and result.stdout == ""
    assert "Nothing was imported; the log is unchanged." in result.stderr
    assert f"{checkins}: holds check-ins, \u201cno kratom\u201d marks or a whole log, which tell their days " \
           "themselves" in result.stderr and f"{doses}:" not in result.stderr
    assert snapshot(folder) == before
    bad = kratomtrack(folder, "import", doses, "--days-without-doses", "maybe")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr and snapshot(folder) == before


# --- which files are asked about, and which days ----------------------------------------------


def read(*paths, options=ReadOptions()):
    return read_files(list(paths), today=TODAY, options=options)


def test_only_files_of_doses_alone_are_asked_about(db, tmp_path, chicago):
    tg = PEERS / "track_and_graph.csv"
    for files in (read(HERBAL_CSV), read(PEERS / "herbal_tracker_backup.json"),
                  read(PEERS / "psychonautwiki_journal.json"),
                  read(tg, options=ReadOptions(grams_feature="Kratom (g)"))):
        assert days_without_doses(db, files) is not None, files[0].path
    export = tmp_path / "log.json"
    export.write_text(json.dumps({"format": "kratomtrack-log", "version": 4, "doses": [
        {"taken_at": "2026-11-01T08:00", "grams": 2, "form": "powder"},
        {"taken_at": "2026-11-05T08:00", "grams": 2, "form": "powder"}]}))
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("date,pain,notes\n2026-11-02,4,\n")
    doses = tmp_path / "doses.csv"
    doses.write_text(DOSES_CSV)
    for files in (read(tg, options=ReadOptions(grams_feature="Kratom (g)", pain_feature="Pain")),
                  read(export),  # a whole log tells its days itself
                  read(doses, checkins)):
        assert days_without_doses(db, files) is None, [f.path for f in files]


def test_a_dose_the_import_cannot_read_keeps_its_day_from_being_marked(db, chicago):
    # PsychonautWiki: kratom at 18:00 on 31 Oct and on 15 Nov; on 1 Nov an ingestion
    # with no dose recorded (kratom was taken, the amount is unknown).
    told = days_without_doses(db, read(PEERS / "psychonautwiki_journal.json"))
    assert (told.first, told.last, told.days, told.dose_days) == (
        dt.date(2026, 10, 31), dt.date(2026, 11, 15), 16, 2)
    assert dt.date(2026, 11, 1) not in told.unlogged and len(told.unlogged) == 13
    assert told.left_as_they_are == 1
    import_files(db, [PEERS / "psychonautwiki_journal.json"], today=TODAY, mark_days_without_doses=True)
    assert dt.date(2026, 11, 1) not in all_no_use_days(db) and len(all_no_use_days(db)) == 13


# --- a "no kratom" mark on a day with doses is refused -----------------------------------------


def refused_and_unchanged(db, paths) -> str:
    before = table_snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        import_files(db, paths, today=TODAY)
    assert table_snapshot(db) == before
    return "\n".join(str(p) for p in refused.value.problems)


def test_a_json_mark_on_a_day_with_a_dose_in_the_same_file_is_refused_naming_the_day(db, tmp_path):
    db.add_dose(Dose(dt.datetime(2026, 10, 1, 8), 1.0), today=TODAY)
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 4,
                                "doses": [{"taken_at": "2026-11-03T08:00", "grams": 2.5, "form": "powder"}],
                                "no_use_days": ["2026-11-02", "2026-11-03"]}))
    text = refused_and_unchanged(db, [path])
    assert (f"{path}, no_use_days[1]: 3 Nov 2026 is marked \u201cno kratom\u201d, but that day has a dose "
            f"in {path}, doses[0]") in text
    assert "2 Nov" not in text


def test_a_csv_mark_on_a_day_with_doses_in_the_log_or_another_file_is_refused(db, tmp_path):
    db.add_dose(Dose(dt.datetime(2026, 11, 2, 8), 2.0), today=TODAY)
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("date,pain,no_kratom,notes\n2026-11-02,,yes,\n2026-11-04,3,yes,\n2026-11-06,,yes,\n")
    doses = tmp_path / "doses.csv"
    doses.write_text(DOSES_CSV)  # a dose on 4 Nov
    text = refused_and_unchanged(db, [checkins, doses])
    assert f"{checkins}, line 2: 2 Nov 2026 is marked \u201cno kratom\u201d, but that day has doses " \
           "already in your log" in text
    assert f"{checkins}, line 3: 4 Nov 2026 is marked \u201cno kratom\u201d, but that day has a dose " \
           f"in {doses}, line 3" in text
    assert "6 Nov" not in text


def test_the_command_refuses_a_mark_on_a_dose_day_with_status_2_and_changes_nothing(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        db.add_dose(Dose(dt.datetime(2026, 11, 2, 8), 2.0), today=TODAY)
    before = snapshot(folder)
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("date,pain,no_kratom,notes\n2026-11-02,,yes,\n2026-11-03,,yes,\n")
    result = kratomtrack(folder, "import", checkins)
    assert result.returncode == 2 and result.stdout == ""
    assert "Nothing was imported; the log is unchanged." in result.stderr
    assert "2 Nov 2026 is marked \u201cno kratom\u201d, but that day has doses already in your log" in result.stderr
    assert snapshot(folder) == before


def test_exports_leave_out_a_mark_on_a_day_that_has_doses_since_so_they_import_back(db, tmp_path):
    day = dt.date(2026, 11, 2)
    set_no_use(db, day, True, today=TODAY)
    set_no_use(db, day + dt.timedelta(days=1), True, today=TODAY)
    db.add_dose(Dose(dt.datetime.combine(day, dt.time(8)), 2.0), today=TODAY)  # logged after the mark
    exported = export_json(db, tmp_path / "log.json")
    assert json.loads(exported.read_text())["no_use_days"] == ["2026-11-03"]
    _, checkins = export_csv(db, tmp_path / "csv")
    assert [line.split(",")[:3] for line in checkins.read_text(encoding="utf-8-sig").splitlines()[1:]] == [
        ["2026-11-03", "", "yes"]]
    with LogDatabase.open_folder(tmp_path / "other") as other:
        import_files(other, [exported], today=TODAY)
        assert all_no_use_days(other) == {day + dt.timedelta(days=1)} and len(other.all_doses()) == 1


# --- the window's preview ---------------------------------------------------------------


def import_in_window(window, qtbot, path, answer) -> list[str]:
    """Import ``path`` through File → Import's preview; ``answer(dialog)`` answers the
    question about the days without doses. Returns the question as it was put."""
    from kratomtrack.ui.dialogs.import_preview import DaysWithoutDosesPreview
    from window_helpers import answer_next_dialog, when_modal

    asked: list[str] = []

    def reply(dialog) -> None:
        asked.append(dialog.question.text())
        asked.append(f"default: {'unknown' if dialog.unknown.isChecked() and not dialog.yes.isChecked() else 'yes'}")
        answer(dialog)
        dialog.import_button.click()

    when_modal(DaysWithoutDosesPreview, reply)
    answer_next_dialog("OK")  # "Import finished"
    preview = window.transfer.preview([str(path)])
    with qtbot.waitSignal(window.transfer.imported, timeout=10000):
        preview.start()
    return asked


def test_the_window_asks_once_and_yes_marks_the_days_and_one_undo_takes_doses_and_marks_back(
        open_window, db, qtbot):
    window = open_window(db)
    before = table_snapshot(db)
    asked = import_in_window(window, qtbot, HERBAL_CSV, lambda dialog: dialog.yes.click())
    assert asked == ["The file has doses on 6 of the 11 days from 26 Oct to 5 Nov 2026. "
                     "Were the other 5 days days without kratom?", "default: unknown"]
    assert db.dose_count() == 7 and all_no_use_days(db) == HERBAL_GAPS
    assert window.undo_stack.undoText() == "Import herbal_tracker_export.csv"
    assert window.editor.undo()
    assert table_snapshot(db) == before  # doses and marks gone together, in one step
    assert window.editor.redo()
    assert db.dose_count() == 7 and all_no_use_days(db) == HERBAL_GAPS


def test_the_window_writes_no_mark_when_the_answer_stays_i_dont_know(open_window, db, qtbot):
    db.save_checkin(CheckIn(dt.date(2026, 10, 29), 5), today=TODAY)
    window = open_window(db)
    asked = import_in_window(window, qtbot, HERBAL_CSV, lambda dialog: None)
    assert asked[0] == ("The file has doses on 6 of the 11 days from 26 Oct to 5 Nov 2026. Were the "
                        "other 4 days days without kratom? (1 more day is already in your log, or has a "
                        "dose that cannot be imported; it stays as it is.)")
    assert db.dose_count() == 7 and all_no_use_days(db) == set()


def test_the_window_refuses_a_file_marking_a_dose_day_before_writing_anything(open_window, db, qtbot, tmp_path):
    from window_helpers import answer_next_dialog

    db.add_dose(Dose(dt.datetime(2026, 11, 2, 8), 2.0), today=TODAY)
    window = open_window(db)
    before = table_snapshot(db)
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("date,pain,no_kratom,notes\n2026-11-02,,yes,\n")
    seen: list[str] = []
    answer_next_dialog("OK", seen)
    window.transfer.preview([str(checkins)]).start()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "Nothing was imported" in seen[0] and "2 Nov 2026 is marked \u201cno kratom\u201d" in seen[0]
    assert table_snapshot(db) == before and window.undo_stack.count() == 0


def test_a_redo_the_log_no_longer_allows_is_refused_in_words_and_can_wait(open_window, db, qtbot, tmp_path):
    window = open_window(db)
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("date,pain,no_kratom,notes\n2026-11-03,,yes,\n")
    window.transfer.import_paths([str(checkins)], ask=False)
    assert all_no_use_days(db) == {dt.date(2026, 11, 3)}
    assert window.editor.undo() and all_no_use_days(db) == set()
    dose = db.add_dose(Dose(dt.datetime(2026, 11, 3, 8), 2.0), today=TODAY)  # logged since
    failures: list[str] = []
    window.editor.failed.disconnect()  # no message box: the words are read here
    window.editor.failed.connect(failures.append)
    assert not window.editor.redo()
    assert "Could not redo" in failures[0] and "3 Nov 2026 is marked \u201cno kratom\u201d" in failures[0]
    assert all_no_use_days(db) == set() and window.undo_stack.canRedo()
    db.delete_dose(dose.id)
    assert window.editor.redo() and all_no_use_days(db) == {dt.date(2026, 11, 3)}
