import datetime as dt
import json

import pytest

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.transfer import ImportRefused, export_csv, export_json, import_files

from conftest import TODAY
from log_files import table_snapshot

DOSES = '''taken_at,grams,form,product,notes
2026-11-18T08:00,2.5,powder,Green,
2026-11-18T14:30:15,3,Capsules,"Red, strong","two ""caps"""
2026-11-19T09:00,0.5,extract,,
2026-11-19T10:00,1.0,,,
'''

CHECKINS = """date,pain,dizziness,insomnia,muscle aches,notes
2026-11-18,6,1,,2,bad night
2026-11-19,,0,3,,
"""


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_doses_csv_is_imported(db, tmp_path):
    report = import_files(db, [write(tmp_path, "d.csv", DOSES)], today=TODAY)
    assert report.added_doses == 4
    doses = db.all_doses()
    assert [(d.grams, d.form) for d in doses] == [
        (2.5, Form.POWDER), (3.0, Form.CAPSULES), (0.5, Form.EXTRACT), (1.0, Form.POWDER)]
    assert doses[1].product == "Red, strong" and doses[1].note == 'two "caps"'
    assert doses[1].taken_at == dt.datetime(2026, 11, 18, 14, 30)


def test_checkins_csv_adds_unknown_columns_as_custom_side_effects(db, tmp_path):
    report = import_files(db, [write(tmp_path, "c.csv", CHECKINS)], today=TODAY)
    assert report.added_checkins == 2 and report.added_side_effects == ["muscle aches"]
    assert db.checkin(dt.date(2026, 11, 18)) == CheckIn(
        dt.date(2026, 11, 18), 6, {"dizziness": 1, "muscle aches": 2}, "bad night")
    assert db.checkin(dt.date(2026, 11, 19)) == CheckIn(
        dt.date(2026, 11, 19), None, {"dizziness": 0, "insomnia": 3}, "")


def test_utf8_bom_and_crlf_are_accepted(db, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff".encode() + DOSES.replace("\n", "\r\n").encode())
    assert import_files(db, [path], today=TODAY).added_doses == 4


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    files = [write(tmp_path, "d.csv", DOSES), write(tmp_path, "c.csv", CHECKINS)]
    import_files(db, files, today=TODAY)
    before = table_snapshot(db)
    report = import_files(db, files, today=TODAY)
    assert (report.added_doses, report.skipped_doses) == (0, 4)
    assert (report.added_checkins, report.skipped_checkins) == (0, 2)
    assert table_snapshot(db) == before


def test_identical_doses_in_one_file_are_all_kept_once(db, tmp_path):
    text = "taken_at,grams,form,product,notes\n" + "2026-11-18T08:00,1.0,capsules,,\n" * 2
    path = write(tmp_path, "twice.csv", text)
    assert import_files(db, [path], today=TODAY).added_doses == 2
    assert import_files(db, [path], today=TODAY).added_doses == 0
    assert db.dose_count() == 2


def test_conflicting_checkin_is_left_unchanged_unless_replace(db, tmp_path):
    day = dt.date(2026, 11, 18)
    db.save_checkin(CheckIn(day, 2, {}, "mine"), today=TODAY)
    path = write(tmp_path, "c.csv", CHECKINS)
    report = import_files(db, [path], today=TODAY)
    assert len(report.conflicts) == 1 and "2026-11-18" in str(report.conflicts[0])
    assert report.added_checkins == 1
    assert db.checkin(day).note == "mine"
    report = import_files(db, [path], replace=True, today=TODAY)
    assert report.replaced_checkins == 1
    assert db.checkin(day).note == "bad night"


BROKEN = {
    "bad grams": "taken_at,grams,form,product,notes\n2026-11-18T08:00,2.5,powder,,\n2026-11-18T09:00,abc,powder,,\n",
    "future": "taken_at,grams,form,product,notes\n2026-12-30T08:00,2.5,powder,,\n",
    "wrong header": "when,how much\n2026-11-18,2\n",
    "missing column": "taken_at,grams,form,product,notes\n2026-11-18T08:00,2.5,powder\n",
    "truncated quote": 'taken_at,grams,form,product,notes\n2026-11-18T08:00,2.5,powder,"Green',
    "pain out of range": "date,pain,dizziness,notes\n2026-11-18,11,1,\n",
    "rating out of range": "date,pain,dizziness,notes\n2026-11-18,5,9,\n",
    "date twice": "date,pain,dizziness,notes\n2026-11-18,5,1,\n2026-11-18,6,1,\n",
    "empty": "",
    "json wrong type": json.dumps({"format": "kratomtrack-log", "version": 1,
                                   "doses": [{"taken_at": "2026-11-18T08:00", "grams": "lots"}]}),
    "json truncated": '{"format": "kratomtrack-log", "version": 1, "doses": [',
    "json other": json.dumps({"hello": "world"}),
    "json newer": json.dumps({"format": "kratomtrack-log", "version": 99}),
    "json huge": json.dumps({"format": "kratomtrack-log", "version": 1,
                             "doses": [{"taken_at": "2026-11-18T08:00", "grams": 1e308}]}),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_refuses_whole_import_and_leaves_log_unchanged(db, tmp_path, case):
    import_files(db, [write(tmp_path, "good.csv", DOSES)], today=TODAY)
    before = table_snapshot(db)
    good_too = write(tmp_path, "more.csv", DOSES.replace("2026-11-18", "2026-11-10"))
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [good_too, write(tmp_path, "broken.txt", BROKEN[case])], today=TODAY)
    assert refused.value.problems
    assert all("broken.txt" in str(p) for p in refused.value.problems)
    assert table_snapshot(db) == before


def test_every_bad_row_is_listed_with_its_line(db, tmp_path):
    text = ("taken_at,grams,form,product,notes\n2026-11-18T08:00,0,powder,,\n"
            "2026-11-18T09:00,2,powder,,\n2026-11-18T10:00,2,gummies,,\n")
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [write(tmp_path, "d.csv", text)], today=TODAY)
    lines = [p.line for p in refused.value.problems]
    assert lines == ["line 2", "line 4"]
    assert "more than 0" in refused.value.problems[0].message
    assert "gummies" in refused.value.problems[1].message


@pytest.mark.parametrize("blob", [
    bytes(range(256)) * 4,                       # binary garbage
    # UTF-16 without a byte-order mark (with one it is read: test_input_limits.py)
    "taken_at,grams,form,product,notes\n2026-11-18T08:00,2,powder,Café,\n".encode("utf-16-le"),
    "taken_at,grams,form,product,notes\n2026-11-18T08:00,2,powder,Caf\xe9,\n".encode("latin-1"),
])
def test_binary_or_other_encodings_are_refused_clearly(db, tmp_path, blob):
    path = tmp_path / "weird.csv"
    path.write_bytes(blob)
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY)
    message = str(refused.value.problems[0])
    assert "binary" in message or "UTF-8" in message
    assert db.is_empty()


def test_csv_export_then_import_gives_same_log(db, tmp_path, data_dir):
    import_files(db, [write(tmp_path, "d.csv", DOSES), write(tmp_path, "c.csv", CHECKINS)], today=TODAY)
    export_csv(db, tmp_path / "out")
    assert (tmp_path / "out" / "doses.csv").read_text(encoding="utf-8-sig").splitlines()[0] == "taken_at,grams,form,product,notes"
    from kratomtrack.store.database import LogDatabase
    with LogDatabase.open_folder(tmp_path / "fresh") as fresh:
        import_files(fresh, [tmp_path / "out" / "doses.csv", tmp_path / "out" / "checkins.csv"], today=TODAY)
        assert fresh.load_log() == db.load_log()


def test_json_export_holds_format_name_and_version(db, tmp_path):
    db.add_dose(Dose(dt.datetime(2026, 11, 18, 8, 0), 2.0), today=TODAY)
    path = export_json(db, tmp_path / "log.json")
    data = json.loads(path.read_text())
    assert data["format"] == "kratomtrack-log" and data["version"] == 5
    assert data["doses"][0]["grams"] == 2.0


def test_for_my_doctor_mark_travels_in_json_and_is_added_not_removed(db, tmp_path):
    from kratomtrack.store.doctor_notes import set_for_doctor

    day = dt.date(2026, 11, 18)
    db.save_checkin(CheckIn(day, 6, {}, "ask about sleep"), today=TODAY)
    db.save_checkin(CheckIn(day + dt.timedelta(days=1), 3, {}, "private"), today=TODAY)
    set_for_doctor(db, day, True)
    path = export_json(db, tmp_path / "log.json")
    items = json.loads(path.read_text())["checkins"]
    assert [item.get("for_doctor") for item in items] == [True, None]  # written only when marked
    set_for_doctor(db, day, False)
    import_files(db, [path], today=TODAY)  # the same check-in, marked in the file
    assert db.for_doctor(day)
    data = json.loads(path.read_text())
    del data["checkins"][0]["for_doctor"]
    path.write_text(json.dumps(data))
    import_files(db, [path], today=TODAY)  # an unmarked file never takes a mark away
    assert db.for_doctor(day)


def test_a_for_doctor_value_that_is_not_true_or_false_is_refused(db, tmp_path):
    db.save_checkin(CheckIn(dt.date(2026, 11, 18), 6, {}, "ask"), today=TODAY)
    path = export_json(db, tmp_path / "log.json")
    data = json.loads(path.read_text())
    data["checkins"][0]["for_doctor"] = "yes"
    path.write_text(json.dumps(data))
    before = table_snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY)
    assert "checkins[0]" in str(refused.value.problems[0])
    assert "for_doctor: must be true or false" in str(refused.value.problems[0])
    assert table_snapshot(db) == before
