"""Amounts as people type them (core/typed_amount.py), the last dose and the time since it
(core/last_dose.py), and a dose asked for by the command line (core/quick_dose.py)."""

import datetime as dt

import pytest

from kratomtrack.core.last_dose import (
    as_of,
    dose_words,
    duration_text,
    last_dose_by,
    minutes_since_last_dose,
    products_by_use,
)
from kratomtrack.core.quick_dose import DoseRequest, not_saved_words, prepare_dose
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.typed_amount import decimal_mark_for_locale, decimal_mark_from_environment, read_amount
from kratomtrack.core.validation import FieldError, InvalidRecord

from conftest import TODAY

NOW = dt.datetime.combine(TODAY, dt.time(14, 0))


# --- the reader of typed amounts ------------------------------------------------------------

@pytest.mark.parametrize("typed, mark, form, milligrams, read_as", [
    ("2.5", ".", None, 2500, ""),
    ("2.5", ",", None, 2500, ""),  # a point is a decimal mark everywhere
    ("2,5", ",", None, 2500, "read \u201c2,5\u201d as 2.5 g"),
    ("2,5", ".", None, 2500, "read \u201c2,5\u201d as 2.5 g"),  # no thousands reading: only 2.5
    ("1,500", ",", None, 1500, "read \u201c1,500\u201d as 1.5 g"),  # the system's own decimal comma
    ("2 g", ".", None, 2000, ""),
    ("2.5g", ".", None, 2500, ""),
    ("2.5 grams", ".", Form.CAPSULES, 2500, ""),
    ("  3 G ", ".", Form.TEA, 3000, ""),
    ("15 mg", ".", Form.SEVEN_OH, 15, ""),
    ("15mg", ".", Form.SEVEN_OH, 15, ""),
    ("15", ".", Form.SEVEN_OH, 15, ""),
    ("0,75 g", ",", Form.EXTRACT, 750, "read \u201c0,75\u201d as 0.75 g"),
])
def test_amounts_are_read_as_people_type_them(typed, mark, form, milligrams, read_as):
    amount = read_amount(typed, form, mark)
    assert (amount.milligrams, amount.read_as) == (milligrams, read_as)


@pytest.mark.parametrize("typed, mark, form, words", [
    ("1,500", ".", None, "could be 1.5 or 1500"),  # English: a thousands separator or a decimal comma
    ("1.500", ",", None, "could be 1,5 or 1500"),  # German: the same, the other way round
    ("1.000,5", ",", None, "both a point and a comma"),
    ("1,2,3", ".", None, "more than one ','"),
    ("500 mg", ".", Form.CAPSULES, "500 mg is 0.5 g"),  # milligrams of leaf: refused, with the grams
    ("0.015 g", ".", Form.SEVEN_OH, "0.015 g is 15 mg"),  # grams of 7-OH: refused, with the mg
    ("7,5", ",", Form.SEVEN_OH, "whole number of milligrams"),
    ("2.5 oz", ".", None, "oz is not a unit"),
    ("-2", ".", None, "more than 0"),
    ("0 g", ".", None, "more than 0"),
    ("150", ".", None, "at most 100"),
    ("2.555", ".", None, "two decimal places"),
    ("abc", ".", None, "not a number of grams"),
    ("1e3", ".", None, "not a number of grams"),
    ("\u0662", ".", None, "not a number of grams"),  # another script's digit
    ("", ".", None, "is empty"),
    ("9" * 40, ".", None, "not a number of grams"),
])
def test_what_is_not_clearly_one_amount_is_refused_in_words(typed, mark, form, words):
    with pytest.raises(FieldError) as refused:
        read_amount(typed, form, mark)
    assert refused.value.problem.field == "grams"
    assert words in refused.value.problem.message


@pytest.mark.parametrize("name, mark", [
    ("de_DE.UTF-8", ","), ("fr_FR", ","), ("pt_BR.utf8", ","), ("ru_RU", ","), ("nl_NL@euro", ","),
    ("en_US.UTF-8", "."), ("en_GB", "."), ("ja_JP", "."), ("de_CH.UTF-8", "."), ("es_MX", "."),
    ("C", "."), ("C.UTF-8", "."), ("POSIX", "."), ("", "."),
])
def test_the_decimal_mark_of_a_locale(name, mark):
    assert decimal_mark_for_locale(name) == mark


def test_the_environment_names_the_locale_lc_all_first():
    assert decimal_mark_from_environment({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US"}) == ","
    assert decimal_mark_from_environment({"LC_NUMERIC": "fr_FR", "LANG": "en_US"}) == ","
    assert decimal_mark_from_environment({"LANG": "en_US.UTF-8"}) == "."
    assert decimal_mark_from_environment({}) == "."


# --- the last dose ---------------------------------------------------------------------------

def dose(hours_ago: float, grams=2.5, form=Form.POWDER, product="Red Bali", id_=None) -> Dose:
    return Dose(NOW - dt.timedelta(hours=hours_ago), grams, form, product, id=id_)


def test_minutes_since_the_last_dose_count_whole_minutes():
    doses = [dose(26), dose(3 + 20 / 60), dose(5)]
    assert minutes_since_last_dose(doses, NOW) == 200
    assert duration_text(200) == "3 h 20 min"


def test_no_dose_is_none_never_zero():
    assert minutes_since_last_dose([], NOW) is None


def test_a_dose_later_than_now_is_not_the_last_and_never_makes_a_negative_time():
    earlier, later = dose(1), dose(-2)  # the clock was moved back two hours
    assert last_dose_by([earlier, later], NOW) == earlier
    assert minutes_since_last_dose([earlier, later], NOW) == 60
    assert minutes_since_last_dose([later], NOW) is None


@pytest.mark.parametrize("minutes, words", [
    (0, "less than a minute"), (1, "1 min"), (59, "59 min"), (60, "1 h"), (61, "1 h 1 min"),
    (24 * 60, "1 day"), (24 * 60 + 59, "1 day"), (50 * 60, "2 days 2 h"),
])
def test_durations_in_words(minutes, words):
    assert duration_text(minutes) == words


def test_as_of_today_is_now_and_as_of_an_earlier_day_is_its_end():
    clock = dt.datetime.combine(TODAY, dt.time(9, 30, 15))
    assert as_of(TODAY, clock) == dt.datetime.combine(TODAY, dt.time(9, 30))
    assert as_of(TODAY - dt.timedelta(days=3), clock) == dt.datetime.combine(TODAY - dt.timedelta(days=2),
                                                                              dt.time(0))


def test_a_dose_in_words():
    assert dose_words(dose(1)) == "2.5 g powder, Red Bali"
    assert dose_words(dose(1, 0.015, Form.SEVEN_OH, "")) == "15 mg 7-OH product"


def test_products_most_used_first_then_the_one_used_last():
    doses = [dose(90, product="A"), dose(80, product="B"), dose(70, product="B"),
             dose(60, product="C"), dose(50, product="A"), dose(40, product=""), dose(30, product="D")]
    assert products_by_use(doses) == ["A", "B", "D", "C"]


# --- a dose asked for by the command line ------------------------------------------------------

def test_a_request_takes_the_last_doses_form_and_product_unless_given():
    last = dose(2, 3.0, Form.CAPSULES, "Green")
    prepared = prepare_dose(DoseRequest("2,5", decimal_mark=","), last, [], NOW)
    assert (prepared.dose.taken_at, prepared.dose.milligrams, prepared.dose.form, prepared.dose.product) == (
        NOW, 2500, Form.CAPSULES, "Green")
    assert prepared.saved_words() == ("Logged 2.5 g capsules, Green at 14:00 on Fri 20 Nov 2026 "
                                      "(read \u201c2,5\u201d as 2.5 g).")
    given = prepare_dose(DoseRequest("15 mg", form="7-oh", product="", at="9:05"), last, [], NOW)
    assert (given.dose.taken_at.time(), given.dose.milligrams, given.dose.form, given.dose.product) == (
        dt.time(9, 5), 15, Form.SEVEN_OH, "")


def test_a_request_is_refused_naming_every_field():
    with pytest.raises(InvalidRecord) as refused:
        prepare_dose(DoseRequest("1,500", form="leaf", at="15:30"), None, [], NOW)
    words = not_saved_words(refused.value)
    assert "amount: '1,500' could be 1.5 or 1500" in words
    assert "form: 'leaf' is not a known form" in words
    with pytest.raises(InvalidRecord) as later:
        prepare_dose(DoseRequest("2", at="15:30"), None, [], NOW)
    assert "time: 15:30 on 2026-11-20 is later than now (14:00)" in not_saved_words(later.value)


def test_the_typo_guard_question_is_asked_in_words():
    prepared = prepare_dose(DoseRequest("25"), None, [], NOW)
    assert prepared.needs_confirmation
    assert prepared.question() == ("Is this right? 25 g in one dose is more than 15 g. This check only "
                                   "catches typing slips, such as 25 for 2.5. Not saved: if it is right, "
                                   "run the command again with --yes.")
    day = [dose(h, 10.0) for h in (6, 4, 2)]
    assert "brings this day's leaf total to 42 g, more than 40 g" in prepare_dose(
        DoseRequest("12"), None, day, NOW).question()


@pytest.mark.parametrize("data", [None, [], {"amount": 2.5}, {"amount": "2", "form": 3},
                                  {"amount": "2", "decimal_mark": ";"}, {"amount": "2", "yes": "yes"}])
def test_a_request_that_is_not_one_is_refused(data):
    with pytest.raises(FieldError):
        DoseRequest.from_dict(data)


def test_a_request_survives_its_trip_as_a_dict():
    request = DoseRequest("2,5", "tea", "Red", "08:00", ",", True)
    assert DoseRequest.from_dict(request.as_dict()) == request
