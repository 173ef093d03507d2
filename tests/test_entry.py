"""Typed times, the time a dose is given, and the typo guard (core, no window)."""

import datetime as dt

import pytest

from kratomtrack.core.entry import parse_time_of_day, time_for_dose, typo_check
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.validation import FieldError

DAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize("typed, expected", [
    ("8", dt.time(8, 0)), ("08:30", dt.time(8, 30)), ("8.30", dt.time(8, 30)),
    ("0830", dt.time(8, 30)), ("830", dt.time(8, 30)), ("21:15", dt.time(21, 15)),
    ("8h30", dt.time(8, 30)), ("8:30 pm", dt.time(20, 30)), ("12am", dt.time(0, 0)),
    ("12 PM", dt.time(12, 0)), ("  7:05 ", dt.time(7, 5)), ("0", dt.time(0, 0)),
])
def test_times_are_read_as_people_type_them(typed, expected):
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_an_empty_time_means_none(typed):
    assert parse_time_of_day(typed) is None


@pytest.mark.parametrize("typed, words", [
    ("25:00", "00:00 to 23:59"), ("8:75", "00:00 to 23:59"), ("13pm", "1 to 12"),
    ("8:3", "not a time"), ("noon", "not a time"), ("8:30:15", "not a time"), (830, "such as 08:30"),
])
def test_a_bad_time_is_refused_naming_the_time_field(typed, words):
    with pytest.raises(FieldError) as refused:
        parse_time_of_day(typed)
    assert refused.value.problem.field == "time"
    assert words in refused.value.problem.message


def dose(grams, form=Form.POWDER, hour=8, id=None):
    return Dose(dt.datetime.combine(DAY, dt.time(hour)), grams, form, id=id)


def test_a_dose_over_15_g_is_confirmed_but_15_g_is_not():
    assert typo_check(dose(15.1), []).large_dose
    assert not typo_check(dose(15.0), []).needs_confirmation


def test_a_day_leaf_total_over_40_g_is_confirmed():
    check = typo_check(dose(5.0, hour=20), [dose(12, hour=8), dose(12, hour=12), dose(12, hour=16)])
    assert check.large_day and not check.large_dose and check.day_leaf_after == 41.0
    assert not typo_check(dose(4.0, hour=20), [dose(12), dose(12), dose(12)]).needs_confirmation


def test_extract_and_7oh_grams_never_count_toward_the_leaf_total():
    leaf = [dose(12, hour=8), dose(12, hour=12), dose(12, hour=16)]
    assert not typo_check(dose(10, Form.EXTRACT, hour=20), leaf).needs_confirmation
    check = typo_check(dose(5, hour=21), [*leaf, dose(10, Form.SEVEN_OH, hour=20)])
    assert check.day_leaf_after == 41.0


def test_changing_a_dose_does_not_count_its_old_amount():
    others = [dose(20, hour=8, id=1), dose(15, hour=12, id=2)]
    check = typo_check(dose(10, hour=8, id=1), others)
    assert check.day_leaf_after == 25.0 and not check.needs_confirmation


NOW = dt.datetime(2026, 3, 1, 14, 27, 45, 123)


def test_a_new_dose_on_today_with_no_time_typed_is_taken_now_to_the_minute():
    assert time_for_dose(None, NOW.date(), NOW) == dt.time(14, 27)


def test_a_typed_time_is_used_on_any_day():
    assert time_for_dose(dt.time(8, 30), NOW.date(), NOW) == dt.time(8, 30)
    assert time_for_dose(dt.time(8, 30), DAY - dt.timedelta(days=3), NOW) == dt.time(8, 30)


def test_on_a_past_day_with_no_time_typed_the_time_must_be_asked():
    assert time_for_dose(None, NOW.date() - dt.timedelta(days=1), NOW) is None


def test_a_dose_being_changed_keeps_its_own_time_unless_one_is_typed():
    yesterday = NOW.date() - dt.timedelta(days=1)
    assert time_for_dose(None, yesterday, NOW, kept=dt.time(21, 15)) == dt.time(21, 15)
    assert time_for_dose(None, NOW.date(), NOW, kept=dt.time(7, 0)) == dt.time(7, 0)
    assert time_for_dose(dt.time(9, 0), NOW.date(), NOW, kept=dt.time(7, 0)) == dt.time(9, 0)
