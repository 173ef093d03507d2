"""core.coverage decides what a day is; core.amounts turns every amount into text."""

import datetime as dt
from fractions import Fraction

from kratomtrack.core.amounts import amount_text, exact_grams, mean_grams_text
from kratomtrack.core.coverage import DayKind, day_kind, logged_flags, mean_per_logged_day, unknown_words
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import logged_days_between, set_no_use

DAY = dt.date(2026, 11, 2)


def test_a_day_with_nothing_logged_is_unknown_not_a_day_without_kratom():
    assert day_kind(0, False, False) is DayKind.UNKNOWN
    assert not DayKind.UNKNOWN.logged and not DayKind.UNKNOWN.without_kratom
    assert day_kind(0, True, False) is DayKind.NO_DOSE and DayKind.NO_DOSE.without_kratom
    assert day_kind(0, False, True) is DayKind.NO_KRATOM and DayKind.NO_KRATOM.without_kratom
    assert day_kind(2, True, True) is DayKind.USE  # a dose wins over a mark


def test_a_mean_of_no_logged_day_is_unknown_not_zero():
    assert mean_per_logged_day(0, 0) is None
    assert mean_per_logged_day(9000, 2) == Fraction(4500)
    assert unknown_words(12, 21) == "12 of these 21 days have nothing logged"
    assert unknown_words(1, 7) == "1 of these 7 days has nothing logged"


def test_logged_flags_count_a_dose_day_even_when_the_store_did_not_list_it():
    days = [DAY, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=2)]
    assert logged_flags(days, {DAY}, dose_days={days[2]}) == [True, False, True]


def test_a_7oh_amount_reads_in_milligrams_and_leaf_in_grams_to_the_hundredth():
    assert amount_text(15, Form.SEVEN_OH) == "15 mg"
    assert amount_text(2250, Form.POWDER) == "2.25 g"
    assert amount_text(2500) == "2.5 g"
    assert amount_text(2000, Form.EXTRACT) == "2 g"
    assert mean_grams_text(Fraction(7625, 1000)) == "7.6 g"
    assert mean_grams_text(None) == "not known"
    assert exact_grams(15) == "0.015" and exact_grams(2000) == "2.0"


def test_the_store_lists_doses_check_ins_and_marks_as_logged_days(tmp_path):
    db = LogDatabase.open(tmp_path / "log.sqlite")
    today = DAY + dt.timedelta(days=10)
    db.add_dose(Dose(dt.datetime.combine(DAY, dt.time(8)), 2.5), today=today)
    db.save_checkin(CheckIn(DAY + dt.timedelta(days=2), pain=4), today=today)
    set_no_use(db, DAY + dt.timedelta(days=4), True, today=today)
    assert logged_days_between(db, DAY, today) == {DAY, DAY + dt.timedelta(days=2), DAY + dt.timedelta(days=4)}
    assert logged_days_between(db, DAY + dt.timedelta(days=5), today) == frozenset()
