"""Broken, hostile and random import files always get a clear refusal
(ImportRefused; exit status 2 from the command) and leave the log exactly
as it was."""

import codecs
import datetime as dt
import json
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import all_no_use_days
from kratomtrack.store.transfer import ImportRefused, import_files

from conftest import TODAY
from log_files import fill, table_snapshot

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

DOSES_HEADER = "taken_at,grams,form,product,notes"
GOOD_DOSE = ["2026-11-18T08:00", "2.5", "powder", "Green", "ok"]
CHECKINS_HEADER = "date,pain,dizziness,insomnia,notes"
GOOD_CHECKIN = ["2026-11-18", "5", "1", "0", "fine"]
GOOD_JSON_DOSE = {"taken_at": "2026-11-18T08:00", "grams": 2.5, "form": "powder",
                  "product": "Green", "note": ""}
GOOD_JSON_CHECKIN = {"date": "2026-11-18", "pain": 4, "ratings": {"dizziness": 1}, "note": ""}


@pytest.fixture
def log(db):
    fill(db, 5)
    return db


def assert_refused(db, path):
    """Import path; it must be refused clearly, and the log must not change."""
    before = table_snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY)
    assert refused.value.problems
    for problem in refused.value.problems:
        text = str(problem)
        assert text.startswith(str(path)) and len(problem.message) >= 8, text
        assert "Traceback" not in text and len(text) < 1000, text
    assert table_snapshot(db) == before
    return refused.value.problems


def csv_text(rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value
    return "".join(",".join(cell(c) for c in row) + "\n" for row in rows)


# --- any bytes at all ---------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=3000), told=st.booleans())
def test_any_bytes_are_imported_or_clearly_refused_never_crash(log, tmp_path, raw, told):
    path = tmp_path / "random.csv"
    path.write_bytes(raw)
    before = table_snapshot(log)
    try:
        import_files(log, [path], today=TODAY, mark_days_without_doses=told)
    except ImportRefused as refused:
        assert refused.problems
        assert table_snapshot(log) == before


@FUZZ
@given(header=st.sampled_from([DOSES_HEADER, CHECKINS_HEADER, '{"format": "kratomtrack-log", "version": 1,',
                               "date,pain,no_kratom,notes"]),
       body=st.text(max_size=400), told=st.booleans())
def test_any_text_after_a_real_header_never_crashes(log, tmp_path, header, body, told):
    path = tmp_path / "text.csv"
    path.write_text(header + "\n" + body, encoding="utf-8", errors="surrogatepass")
    before = table_snapshot(log)
    try:
        import_files(log, [path], today=TODAY, mark_days_without_doses=told)
    except ImportRefused as refused:
        assert refused.problems and table_snapshot(log) == before


# --- well-formed files with one wrong value --------------------------------------------

LETTERS = st.text(alphabet=string.ascii_letters + "éß€ ", min_size=1, max_size=20).filter(str.strip)
HUGE_NUMBERS = st.integers(min_value=101, max_value=10**40).map(str)
BAD_GRAMS = st.one_of(
    LETTERS, HUGE_NUMBERS, st.integers(max_value=0).map(str),
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not 0 < x <= 100).map(repr),
    st.sampled_from(["2,5", "1_0", "½", "٢", "2.555", "0x10", "1e999", "nan", "-inf", "9" * 5000]),
)
BAD_TAKEN_AT = st.one_of(
    LETTERS, st.dates(min_value=TODAY.replace(year=TODAY.year + 1)).map(lambda d: f"{d}T08:00"),
    st.dates(max_value=TODAY.replace(year=1969)).map(lambda d: f"{d}T08:00"),
    st.sampled_from(["2026-02-30T08:00", "2026-11-18T25:00", "18/11/2026 08:00",
                     "9999-12-31T23:59-23:00", "2026-11-18"]),
)
BAD_DATE = st.one_of(
    LETTERS, st.dates(min_value=TODAY.replace(year=TODAY.year + 1)).map(str),
    st.dates(max_value=TODAY.replace(year=1969)).map(str),
    st.sampled_from(["2026-02-30", "18/11/2026", "2026-11-18T08:00", "20261118", "٢٠٢٦-١١-١٨"]),
)
BAD_FORM = LETTERS.filter(lambda s: s.strip().casefold() not in
                          {"powder", "capsules", "capsule", "tea", "extract", "7-oh", "7oh",
                           "7-oh product", "other"})
BAD_PAIN = st.one_of(LETTERS, st.integers(min_value=11).map(str), st.integers(max_value=-1).map(str),
                     st.sampled_from(["5.5", "1e1", "٣", "9" * 5000]))
BAD_RATING = st.one_of(st.integers(min_value=4).map(str), st.integers(max_value=-1).map(str),
                       st.sampled_from(["2.5", "very", "worst", "9" * 5000]))


@FUZZ
@given(column=st.sampled_from([0, 1, 2]), data=st.data())
def test_doses_csv_with_a_wrong_value_is_refused(log, tmp_path, column, data):
    bad = data.draw([BAD_TAKEN_AT, BAD_GRAMS, BAD_FORM][column])
    row = list(GOOD_DOSE)
    row[column] = bad
    path = tmp_path / "doses.csv"
    path.write_text(csv_text([DOSES_HEADER.split(","), GOOD_DOSE, row]), encoding="utf-8")
    problems = assert_refused(log, path)
    assert any("line 3" in str(p) for p in problems)


@FUZZ
@given(column=st.sampled_from([0, 1, 2, 3]), data=st.data())
def test_checkins_csv_with_a_wrong_value_is_refused(log, tmp_path, column, data):
    bad = data.draw([BAD_DATE, BAD_PAIN,
                     BAD_RATING, BAD_RATING][column])
    row = list(GOOD_CHECKIN)
    row[column] = bad
    path = tmp_path / "checkins.csv"
    path.write_text(csv_text([CHECKINS_HEADER.split(","), row]), encoding="utf-8")
    assert_refused(log, path)


WRONG_TYPES = st.one_of(
    st.none(), st.booleans(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.integers(min_value=10**20, max_value=10**300), st.just(float("inf")), st.just(float("nan")),
)


@FUZZ
@given(field=st.sampled_from(["taken_at", "grams", "form", "product", "note"]), value=WRONG_TYPES)
def test_json_dose_with_a_wrong_type_is_refused(log, tmp_path, field, value):
    if value is None and field in ("form", "product", "note"):
        value = [None]  # None is allowed there (empty); a list is not
    dose = dict(GOOD_JSON_DOSE, **{field: value})
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 1, "doses": [dose]}))
    problems = assert_refused(log, path)
    assert "doses[0]" in str(problems[0])


@FUZZ
@given(field=st.sampled_from(["date", "pain", "ratings", "note", "rating"]), value=WRONG_TYPES)
def test_json_checkin_with_a_wrong_type_is_refused(log, tmp_path, field, value):
    assume(not (field == "ratings" and isinstance(value, dict)))  # {name: rating} is right
    checkin = dict(GOOD_JSON_CHECKIN)
    if field == "rating":
        checkin["ratings"] = {"dizziness": value if value is not None else [1]}
    elif field == "pain" and value is None:
        checkin["pain"] = "none"
    elif field in ("ratings", "note") and value is None:
        checkin[field] = [None]
    else:
        checkin[field] = value
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 1, "checkins": [checkin]}))
    assert_refused(log, path)


# --- hand-broken files -------------------------------------------------------------------

DOSES = f"{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,Café Grün,\n"
HAND_BROKEN = {
    "missing column": "taken_at,grams,product,notes\n2026-11-18T08:00,2.5,Green,\n",
    "row short a column": f"{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,\n",
    "row with an extra column": f"{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,,,extra\n",
    "check-ins without notes": "date,pain,dizziness\n2026-11-18,5,1\n",
    "duplicate side effect": "date,pain,dizziness,Dizziness,notes\n2026-11-18,5,1,1,\n",
    "unterminated quote": f'{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,"Green,\n',
    "huge field": f"{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,,{'x' * 200_000}\n",
    "overlong note": f"{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,,{'x' * 2001}\n",
    "control characters": f"{DOSES_HEADER}\n2026-11-18T08:00,2.5,powder,Gr\x07een,\n",
    "future date": f"{DOSES_HEADER}\n2099-01-01T08:00,2.5,powder,,\n",
    "truncated json": '{"format": "kratomtrack-log", "version": 1, "doses": [{"taken_at": "2026-11-1',
    "json list": "[1, 2, 3]",
    "json of another app": '{"format": "other", "doses": []}',
    "json from a newer kratomtrack": '{"format": "kratomtrack-log", "version": 99}',
    "json doses not a list": '{"format": "kratomtrack-log", "version": 1, "doses": {"a": 1}}',
    "json NaN grams": '{"format": "kratomtrack-log", "version": 1, "doses": '
                      '[{"taken_at": "2026-11-18T08:00", "grams": NaN}]}',
    "json 5000-digit number": '{"format": "kratomtrack-log", "version": 1, "doses": '
                              '[{"taken_at": "2026-11-18T08:00", "grams": ' + "9" * 5000 + "}]}",
    "deeply nested json": "[" * 100_000 + "]" * 100_000,
    "json lone surrogate": '{"format": "kratomtrack-log", "version": 1, "doses": '
                           '[{"taken_at": "2026-11-18T08:00", "grams": 2, "product": "\\ud800"}]}',
    "empty": "",
    "only a byte-order mark": "\ufeff",
    "only spaces": "   \n\n  ",
}
BINARY = {
    "png image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "zip archive": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200),
    # (UTF-16 with a byte-order mark is read: test_input_limits.py)
    "utf-16 csv without a bom": DOSES.encode("utf-16-le"),
    "latin-1 csv": DOSES.encode("latin-1"),
    "cp1252 json": json.dumps({"format": "kratomtrack-log", "version": 1,
                               "doses": [dict(GOOD_JSON_DOSE, product="Café €")]},
                              ensure_ascii=False).encode("cp1252"),
    "utf-32 with bom": codecs.BOM_UTF32 + DOSES.encode("utf-32-le"),
    "half a utf-8 character": DOSES.encode()[:-4] + "é".encode()[:1],
}


@pytest.mark.parametrize("name", sorted(HAND_BROKEN))
def test_hand_broken_text_file_is_refused(log, tmp_path, name):
    path = tmp_path / "broken.txt"
    path.write_text(HAND_BROKEN[name], encoding="utf-8", errors="surrogatepass")
    assert_refused(log, path)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_or_wrongly_encoded_file_is_refused(log, tmp_path, name):
    path = tmp_path / "broken.bin"
    path.write_bytes(BINARY[name])
    problems = assert_refused(log, path)
    assert any(word in str(problems[0]) for word in ("UTF-8", "binary", "not a kratomtrack", "not a readable"))


@pytest.mark.parametrize("name", ["deeply nested json", "json 5000-digit number", "huge field"])
def test_command_refuses_broken_files_with_status_2_and_no_traceback(run_cli, data_dir, tmp_path, name):
    run_cli("demo", "--days", 10, "--today", TODAY)
    from kratomtrack.store.database import LogDatabase

    with LogDatabase.open_folder(data_dir) as db:
        before = table_snapshot(db)
    path = tmp_path / "broken.txt"
    path.write_text(HAND_BROKEN[name], encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(BINARY["latin-1 csv"])
    status, out, err = run_cli("import", path, latin, "--replace")
    assert status == 2 and out == ""
    assert "Nothing was imported; the log is unchanged" in err and "Traceback" not in err
    assert "latin.csv" in err and "UTF-8" in err
    with LogDatabase.open_folder(data_dir) as db:
        assert table_snapshot(db) == before


# --- days without doses, and "no kratom" marks -------------------------------------------------

DAYS = st.dates(dt.date(2026, 10, 1), TODAY)


def each_day(first: dt.date, last: dt.date) -> set:
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


@FUZZ
@given(dose_days=st.lists(DAYS, min_size=1, max_size=12), logged=st.lists(DAYS, max_size=6), told=st.booleans())
def test_days_without_doses_are_marked_exactly_when_told_and_never_on_a_known_day(dose_days, logged, told):
    with tempfile.TemporaryDirectory() as tmp, LogDatabase.open_folder(Path(tmp) / "log") as db:
        for day in logged:
            db.save_checkin(CheckIn(day, 5), today=TODAY)
        path = Path(tmp) / "doses.csv"
        path.write_text(csv_text([DOSES_HEADER.split(","), *([f"{day}T08:00", "2", "powder", "", ""]
                                                              for day in dose_days)]))
        import_files(db, [path], today=TODAY, mark_days_without_doses=told)
        wanted = each_day(min(dose_days), max(dose_days)) - set(dose_days) - set(logged) if told else set()
        assert all_no_use_days(db) == wanted
        before = table_snapshot(db)
        import_files(db, [path], today=TODAY, mark_days_without_doses=told)  # again: nothing changes
        assert table_snapshot(db) == before


@FUZZ
@given(marked=st.lists(DAYS, min_size=1, max_size=6, unique=True), file_doses=st.lists(DAYS, max_size=6),
       log_doses=st.lists(DAYS, max_size=4))
def test_a_file_mark_on_a_dose_day_is_refused_naming_it_and_others_are_kept(marked, file_doses, log_doses):
    with tempfile.TemporaryDirectory() as tmp, LogDatabase.open_folder(Path(tmp) / "log") as db:
        for day in log_doses:
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(7)), 1.0), today=TODAY)
        checkins, doses = Path(tmp) / "checkins.csv", Path(tmp) / "doses.csv"
        checkins.write_text(csv_text([["date", "pain", "no_kratom", "notes"], *([str(d), "", "yes", ""]
                                                                              for d in marked)]))
        doses.write_text(csv_text([DOSES_HEADER.split(","), *([f"{day}T08:00", "2", "powder", "", ""]
                                                              for day in file_doses)]))
        clashes = set(marked) & (set(file_doses) | set(log_doses))
        before = table_snapshot(db)
        try:
            import_files(db, [checkins, doses], today=TODAY)
        except ImportRefused as refused:
            assert clashes and table_snapshot(db) == before
            named = "\n".join(str(p) for p in refused.problems)
            assert len(refused.problems) == len(clashes)
            assert all(f"{d.day} {d:%b} {d.year} is marked" in named for d in clashes)
        else:
            assert not clashes and all_no_use_days(db) == set(marked)
