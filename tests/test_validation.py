import datetime as dt

import pytest

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.validation import (
    FieldError,
    InvalidRecord,
    parse_form,
    parse_grams,
    parse_pain,
    parse_rating,
    parse_taken_at,
    parse_text,
    side_effect_name,
)
from kratomtrack.core.whole_records import dose_from_text, validate_checkin, validate_dose

from conftest import TODAY, real_today

NOON = dt.datetime(2026, 11, 20, 12, 0)


@pytest.mark.parametrize("text, grams", [("2.5", 2.5), (" 3 ", 3.0), ("0.1", 0.1), ("100", 100.0), (4, 4.0)])
def test_grams_accepts_tenths_from_above_zero_to_100(text, grams):
    assert parse_grams(text) == grams


@pytest.mark.parametrize("value, words", [
    ("0", "more than 0"), ("-1", "more than 0"), ("100.1", "at most 100"),
    ("2.255", "two decimal places"), ("abc", "not a number"), ("", "empty"),
    ("2,5", "comma"), ("nan", "number of grams"), ("inf", "number of grams"),
    (True, "number of grams"), (None, "number of grams"), ([1], "number of grams"),
])
def test_grams_refused_with_reason(value, words):
    with pytest.raises(FieldError) as err:
        parse_grams(value)
    assert err.value.problem.field == "grams"
    assert words in err.value.problem.message


def test_forms_are_case_insensitive_and_empty_means_powder():
    assert parse_form("Capsules") is Form.CAPSULES
    assert parse_form("7-OH") is Form.SEVEN_OH
    assert parse_form("") is Form.POWDER
    with pytest.raises(FieldError, match="not a known form"):
        parse_form("gummies")


def test_only_leaf_forms_are_leaf():
    assert {f for f in Form if f.is_leaf} == {Form.POWDER, Form.CAPSULES, Form.TEA}
    assert not Form.EXTRACT.is_leaf and not Form.SEVEN_OH.is_leaf and not Form.OTHER.is_leaf


def test_pain_is_whole_number_0_to_10_and_empty_is_not_recorded():
    assert parse_pain("") is None
    assert parse_pain("0") == 0
    assert parse_pain("10") == 10
    for bad in ("11", "-1", "5.5", "high", True):
        with pytest.raises(FieldError) as err:
            parse_pain(bad)
        assert err.value.problem.field == "pain"


def test_ratings_0_to_3_or_their_words():
    assert parse_rating("2", "nausea") == 2
    assert parse_rating("Severe", "nausea") == 3
    assert parse_rating("", "nausea") is None
    with pytest.raises(FieldError, match="outside 0") as err:
        parse_rating("4", "nausea")
    assert err.value.problem.field == "nausea"


def test_dose_after_today_is_refused():
    tomorrow = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(8, 0))
    with pytest.raises(InvalidRecord) as err:
        validate_dose(Dose(tomorrow, 2.0), TODAY)
    assert err.value.problems[0].field == "taken_at"
    assert "future" in err.value.problems[0].message


def test_checkin_after_today_is_refused():
    with pytest.raises(InvalidRecord, match="future"):
        validate_checkin(CheckIn(TODAY + dt.timedelta(days=1), pain=3), TODAY)


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(InvalidRecord) as err:
        dose_from_text("2026-13-01T08:00", "0", "gummies", "x" * 201, "", today=TODAY)
    assert [p.field for p in err.value.problems] == ["taken_at", "grams", "form", "product"]


def test_product_over_200_characters_is_refused():
    with pytest.raises(InvalidRecord, match="at most 200"):
        validate_dose(Dose(NOON, 1.0, product="p" * 201), TODAY)
    assert validate_dose(Dose(NOON, 1.0, product="p" * 200), TODAY).product == "p" * 200


def test_text_with_control_characters_is_refused():
    with pytest.raises(InvalidRecord, match="control characters"):
        validate_dose(Dose(NOON, 1.0, note="a\x00b"), TODAY)
    with pytest.raises(InvalidRecord, match="line breaks"):
        validate_dose(Dose(NOON, 1.0, product="a\nb"), TODAY)


def test_taken_at_with_utc_offset_becomes_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    import time
    time.tzset()
    try:
        assert parse_taken_at("2026-07-01T06:30:45Z") == dt.datetime(2026, 7, 1, 8, 30)
        assert parse_taken_at("2026-01-01T06:30+00:00") == dt.datetime(2026, 1, 1, 7, 30)
        assert parse_taken_at("2026-01-01T06:30:59") == dt.datetime(2026, 1, 1, 6, 30)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_side_effect_names_may_not_take_column_names():
    assert side_effect_name("  muscle   aches ") == "muscle aches"
    for bad in ("pain", "Notes", "date", "", "x" * 41):
        with pytest.raises(FieldError):
            side_effect_name(bad)


def test_a_dose_time_later_than_now_on_today_is_refused_like_a_future_day():
    now = dt.datetime(2026, 11, 20, 8, 50)
    with pytest.raises(InvalidRecord) as caught:
        validate_dose(Dose(dt.datetime(2026, 11, 20, 13, 0), 2.0), TODAY, now=now)
    assert [p.field for p in caught.value.problems] == ["taken_at"]
    assert "later than now" in str(caught.value)
    with pytest.raises(InvalidRecord, match="later than now"):
        dose_from_text("2026-11-20T13:00", "2", today=TODAY, now=now)


def test_a_dose_time_up_to_now_and_on_past_days_is_accepted():
    now = dt.datetime(2026, 11, 20, 8, 50, 30)
    assert validate_dose(Dose(dt.datetime(2026, 11, 20, 8, 50), 2.0), TODAY, now=now).grams == 2.0
    assert validate_dose(Dose(dt.datetime(2026, 11, 19, 23, 0), 2.0), TODAY, now=now).grams == 2.0


def test_the_database_refuses_a_dose_later_than_the_clock_today(db):
    later = dt.datetime.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=2)
    if later.date() != real_today():
        pytest.skip("too close to midnight for a later time today")
    with pytest.raises(InvalidRecord, match="later than now"):
        db.add_dose(Dose(later, 2.0))
    assert db.doses_on(real_today()) == []


def test_joiners_that_scripts_and_emoji_need_are_kept_in_text():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji, joined
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a non-joiner
    assert parse_text(f"{family} {persian}", "note", 2000, True) == f"{family} {persian}"


@pytest.mark.parametrize("hidden", ["\u200b", "\u2060", "\ufeff", "\u202e", "\u2066"])
def test_zero_width_spaces_and_direction_changes_are_still_refused(hidden):
    with pytest.raises(FieldError, match="invisible or direction-changing"):
        parse_text(f"Red{hidden}Bali", "product", 100, False)
