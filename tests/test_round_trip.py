"""Export then import into an empty folder gives back exactly the same log."""

import datetime as dt
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from kratomtrack.core.checkups import RED_FLAGS, Peg, Sds
from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS, CheckIn, Dose, Form
from kratomtrack.store import checkups
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.doctor_notes import marked_days, set_for_doctor
from kratomtrack.store.no_use import all_no_use_days, set_no_use
from kratomtrack.store.transfer import export_csv, export_json, import_files

from conftest import TODAY
from log_files import table_snapshot

# What text fields accept: no control, format (bidi, zero-width), private-use or
# separator characters (core.validation.parse_text).
text_chars = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Zl", "Zp"),
                           blacklist_characters="\u2028\u2029\x85")
one_line = st.text(text_chars, max_size=30).map(str.strip)
multi_line = st.lists(one_line, max_size=3).map(lambda parts: "\n".join(parts).strip())
custom_names = st.text(string.ascii_lowercase + " ", min_size=1, max_size=12).map(
    lambda s: " ".join(s.split())).filter(lambda s: s and s not in {"date", "pain", "notes", "note"})
# A custom side effect named like a formula ('=2+5') is a header cell a spreadsheet would run.
custom_names = st.one_of(custom_names, st.tuples(st.sampled_from(["=", "+", "-", "@", "'"]), custom_names).map("".join))

# Cells a spreadsheet would run as formulas, and ones that really start with an apostrophe.
spreadsheet_text = st.one_of(one_line, st.tuples(
    st.sampled_from(["=", "+", "-", "@", "'", "''", "'=", "=HYPERLINK(\"x\")"]), one_line).map("".join))


@st.composite
def doses(draw):
    form = draw(st.sampled_from(list(Form)))
    # Whole milligrams for 7-OH products, 0.01 g steps otherwise; up to 100 g.
    milligrams = draw(st.integers(1, 100_000) if form is Form.SEVEN_OH else st.integers(1, 10_000).map(lambda c: c * 10))
    return Dose(
        taken_at=draw(st.datetimes(dt.datetime(2015, 1, 1), dt.datetime(2026, 11, 20, 23, 59))).replace(
            second=0, microsecond=0),
        grams=milligrams / 1000,
        form=form,
        product=draw(spreadsheet_text),
        note=draw(st.one_of(multi_line, spreadsheet_text)),
    )


@st.composite
def logs(draw):
    customs = draw(st.lists(custom_names, max_size=3, unique_by=str.casefold))
    customs = [c for c in customs if c.casefold() not in {b.casefold() for b in BUILTIN_SIDE_EFFECTS}]
    names = list(BUILTIN_SIDE_EFFECTS) + customs
    days = draw(st.lists(st.dates(dt.date(2015, 1, 1), TODAY), max_size=15, unique=True))
    checkins = []
    for day in days:
        ratings = draw(st.dictionaries(st.sampled_from(names), st.integers(0, 3), max_size=4))
        checkin = CheckIn(day, draw(st.none() | st.integers(0, 10)), ratings, draw(multi_line))
        if not checkin.is_empty:
            checkins.append(checkin)
    hidden = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    some_days = st.lists(st.dates(dt.date(2015, 1, 1), TODAY), max_size=4, unique=True)
    red_flags = draw(st.lists(st.tuples(st.dates(dt.date(2015, 1, 1), TODAY),
                                        st.sampled_from([f.key for f in RED_FLAGS])),
                              max_size=5, unique=True))
    score = st.integers(0, 10)
    pegs = [Peg(day, draw(score), draw(score), draw(score)) for day in draw(some_days)]
    sds = [Sds(day, tuple(draw(st.lists(st.integers(0, 3), min_size=5, max_size=5))))
           for day in draw(some_days)]
    marked = [c.day for c in checkins if draw(st.booleans())]
    dose_list = draw(st.lists(doses(), max_size=25))
    # "No kratom" marks: alone, beside a check-in, or on a day a dose was logged on later.
    no_kratom = set(draw(some_days))
    if checkins and draw(st.booleans()):
        no_kratom.add(checkins[0].day)
    if dose_list and draw(st.booleans()):
        no_kratom.add(dose_list[0].day)
    return (dose_list, checkins, customs, hidden, red_flags, pegs, sds, marked, no_kratom)


def fill(db, log):
    dose_list, checkins, customs, hidden, red_flags, pegs, sds, marked, no_kratom = log
    for day in no_kratom:  # before the doses: a day marked, then given a dose
        set_no_use(db, day, True, today=TODAY)
    for day, flag in red_flags:
        checkups.set_red_flag(db, day, flag, today=TODAY)
    for peg in pegs:
        checkups.save_peg(db, peg, today=TODAY)
    for answers in sds:
        checkups.save_sds(db, answers, today=TODAY)
    for name in customs:
        db.add_side_effect(name)
    for name in hidden:
        db.set_side_effect_hidden(name, True)
    for dose in dose_list:
        db.add_dose(dose, today=TODAY)
    for checkin in checkins:
        db.save_checkin(checkin, today=TODAY)
    for day in marked:
        set_for_doctor(db, day, True)


def comparable(db, fmt):
    log = db.load_log()
    return (
        sorted(d.identity for d in log.doses),
        sorted((c.day, c.pain, sorted(c.ratings.items()), c.note) for c in log.checkins),
        # CSV has no place for "hidden"; the JSON export keeps it.
        [(s.name, s.hidden if fmt == "json" else None) for s in log.side_effects],
        # Red flags, PEG and SDS travel in JSON only.
        (checkups.all_red_flags(db), checkups.all_pegs(db), checkups.all_sds(db),
         marked_days(db)) if fmt == "json" else None,
        # Both keep the "no kratom" marks; a mark on a day with a dose means nothing
        # (the day is a day with kratom) and is left out of the export.
        sorted(all_no_use_days(db) - {d.day for d in log.doses}),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs(), st.sampled_from(["csv", "json"]))
def test_export_then_import_into_empty_folder_is_exact(log, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with LogDatabase.open_folder(tmp / "a") as source, LogDatabase.open_folder(tmp / "b") as target:
            fill(source, log)
            if fmt == "csv":
                files = export_csv(source, tmp / "out")
            else:
                files = [export_json(source, tmp / "log.json")]
            import_files(target, files, today=TODAY)
            assert comparable(target, fmt) == comparable(source, fmt)
            before = table_snapshot(target)
            import_files(target, files, today=TODAY)  # and a second import changes nothing
            assert table_snapshot(target) == before
