"""History's queries on a real log and its rows in words."""

import datetime as dt

import pytest

from kratomtrack.core.history import side_effects_in_words
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store import history

from conftest import TODAY



def day(n):
    return TODAY - dt.timedelta(days=n)


def at(n, hour):
    return dt.datetime.combine(day(n), dt.time(hour))


@pytest.fixture
def log(db):
    db.add_dose(Dose(at(1, 8), 2.5), today=TODAY)
    db.add_dose(Dose(at(1, 9), 0.1, Form.TEA), today=TODAY)
    db.add_dose(Dose(at(1, 10), 0.2, Form.TEA), today=TODAY)  # 0.1 + 0.2 must be 0.3 exactly
    db.add_dose(Dose(at(1, 20), 0.6, Form.EXTRACT), today=TODAY)
    db.save_checkin(CheckIn(day(1), 6, {"anxiety": 1, "insomnia": 2, "dizziness": 0}, "b note"), today=TODAY)
    db.add_dose(Dose(at(2, 9), 9.0), today=TODAY)
    db.save_checkin(CheckIn(day(2), 2, {}, "A note"), today=TODAY)
    db.save_checkin(CheckIn(day(3), None, {"nausea": 3}), today=TODAY)  # no use that day
    db.add_dose(Dose(at(4, 9), 1.0, Form.SEVEN_OH), today=TODAY)
    return db


def test_days_with_a_dose_or_a_check_in_newest_first_within_the_range(log):
    assert history.ordered_days(log, day(30), TODAY) == [day(1), day(2), day(3), day(4)]
    assert history.ordered_days(log, day(3), day(2)) == [day(2), day(3)]
    assert history.ordered_days(log, day(30), TODAY, descending=False)[0] == day(4)


def test_rows_keep_leaf_apart_from_extract_and_7oh(log):
    rows = history.rows_for_days(log, [day(1), day(3), day(4)])
    assert [r.day for r in rows] == [day(1), day(3), day(4)]
    first, no_use, seven_oh = rows
    assert (first.leaf_grams, first.doses, first.extract_grams, first.pain) == (2.8, 4, 0.6, 6)
    assert first.ratings == (("dizziness", 0), ("insomnia", 2), ("anxiety", 1))
    assert (no_use.doses, no_use.leaf_grams, no_use.pain, no_use.checked_in) == (0, 0.0, None, True)
    assert (seven_oh.leaf_grams, seven_oh.seven_oh_grams, seven_oh.checked_in) == (0.0, 1.0, False)
    assert seven_oh.has_concentrate and not no_use.has_concentrate


@pytest.mark.parametrize("sort, descending, expected", [
    ("leaf", True, [2, 1, 4, 3]),           # no doses at all sorts last
    ("doses", True, [1, 2, 4, 3]),
    ("concentrate", True, [4, 1, 2, 3]),    # 1.0 g 7-OH, 0.6 g extract, then none
    ("pain", True, [1, 2, 3, 4]),           # not recorded last (ties newest first)
    ("pain", False, [2, 1, 3, 4]),          # ... also when ascending
    ("side_effects", True, [1, 3, 2, 4]),   # sum of ratings: 0+2+1 ties severe nausea 3
    ("note", False, [2, 1, 3, 4]),          # case-insensitive, empty last
])
def test_sorting_by_each_column(log, sort, descending, expected):
    days = history.ordered_days(log, day(30), TODAY, sort, descending)
    assert days == [day(n) for n in expected]


def test_an_unknown_sort_key_is_refused(log):
    with pytest.raises(ValueError):
        history.ordered_days(log, day(30), TODAY, "grams; DROP TABLE doses")


def test_many_scattered_days_are_read_in_chunks(db):
    with db.transaction():
        for n in range(1200):
            db.add_dose(Dose(at(n, 9), 1.0 + n % 5), today=TODAY)
    days = history.ordered_days(db, day(2000), TODAY, "leaf")
    rows = history.rows_for_days(db, days)
    assert len(rows) == 1200 and [r.day for r in rows] == days
    assert rows[0].leaf_grams == 5.0 and rows[-1].leaf_grams == 1.0


def test_side_effects_in_words_worst_first_and_none_is_not_empty():
    assert side_effects_in_words([("dizziness", 1), ("insomnia", 2), ("anxiety", 1)]) == (
        "insomnia moderate, dizziness mild, anxiety mild")
    assert side_effects_in_words([("dizziness", 0), ("nausea", 0)]) == "none"
    assert side_effects_in_words([]) == ""
    assert side_effects_in_words([("nausea", 3)], ["0", "1", "2", "schwer"]) == "nausea schwer"


def test_no_kratom_days_are_listed_as_logged_days_with_none_taken(log):
    from kratomtrack.store.no_use import set_no_use

    set_no_use(log, day(6), True, today=TODAY)   # a mark alone
    set_no_use(log, day(3), True, today=TODAY)   # a mark beside a check-in
    assert history.ordered_days(log, day(30), TODAY) == [day(1), day(2), day(3), day(4), day(6)]
    rows = {r.day: r for r in history.rows_for_days(log, [day(1), day(3), day(6)])}
    assert (rows[day(6)].no_use, rows[day(6)].doses, rows[day(6)].leaf_mg) == (True, 0, 0)
    assert rows[day(3)].no_use and rows[day(3)].checked_in and not rows[day(1)].no_use
    # 0 g and 0 doses are values (as for the 7-OH-only day 4), not "nothing recorded"
    assert history.ordered_days(log, day(30), TODAY, "leaf") == [day(2), day(1), day(3), day(4), day(6)]
    assert history.ordered_days(log, day(30), TODAY, "leaf", False) == [day(3), day(4), day(6), day(1), day(2)]
    assert history.ordered_days(log, day(30), TODAY, "doses", False)[:2] == [day(3), day(6)]
    # Days 5 and 0 have nothing logged; days before the log's first day are not counted.
    listed = history.ordered_days(log, day(30), TODAY)
    assert history.unlogged_days(log, day(30), TODAY, listed) == 2
    assert history.unlogged_days(log, day(2), day(1), listed[:2]) == 0
