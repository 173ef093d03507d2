import datetime as dt
from fractions import Fraction

import pytest

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import (
    SummaryInput,
    check_summary_range,
    summarise,
)
from kratomtrack.core.summary.glance import warning_spans
from kratomtrack.core.validation import FieldError

from summary_log import END, START, hand_made_input, oct


@pytest.fixture(scope="module")
def summary():
    return summarise(hand_made_input())


def test_use_days_of_counted_days(summary):
    g = summary.glance
    assert g.days_counted == 28
    assert g.use_days == 27
    assert g.leaf_days == 27
    assert g.checkin_days == 26
    # 20 Oct has nothing logged: unknown, neither a day of use nor a day without
    assert (g.logged_days, g.counts.unknown, g.counts.without_kratom) == (27, 1, 0)


def test_leaf_mean_is_per_logged_day(summary):
    g = summary.glance
    assert g.leaf_total_mg == 137_500
    assert g.leaf_per_logged_day == Fraction(137_500, 27 * 1000)  # 20 Oct (nothing logged) left out


def test_extract_and_7oh_grams_are_never_added_to_leaf(summary):
    g = summary.glance
    assert (g.extract.days, g.extract.doses, g.extract.total_mg) == (1, 1, 500)
    assert (g.seven_oh.days, g.seven_oh.doses, g.seven_oh.total_mg) == (1, 1, 200)
    by_day = {d.day: d for d in summary.days}
    assert by_day[oct(10)].leaf_grams == 4.0 and by_day[oct(10)].extract_grams == 0.5
    assert by_day[oct(25)].leaf_grams == 6.0 and by_day[oct(25)].seven_oh_grams == 0.2


def test_largest_doses_of_leaf_extract_and_7oh_are_kept_apart_with_date_and_form(summary):
    g = summary.glance
    leaf = g.largest_leaf_dose
    assert (leaf.milligrams, leaf.form, leaf.day) == (5500, Form.CAPSULES, oct(22))
    assert (g.largest_extract_dose.milligrams, g.largest_extract_dose.form) == (500, Form.EXTRACT)
    assert (g.largest_seven_oh_dose.milligrams, g.largest_seven_oh_dose.day) == (200, oct(25))
    assert g.large_leaf_doses == 1


def test_doses_per_logged_day_and_days_with_three_or_more(summary):
    g = summary.glance
    assert g.doses_total == 69
    assert g.doses_per_logged_day == Fraction(69, 27)
    # day 10 (two leaf doses and the extract) and the 13 use days of the second half
    assert g.days_with_many_doses == 14


def test_change_between_halves_in_percent_per_logged_day(summary):
    change = summary.glance.change
    assert (change.days_per_half, change.first_logged, change.second_logged) == (14, 14, 13)
    assert change.first == 4
    assert change.second == Fraction(81_500, 13 * 1000)  # 20 Oct, nothing logged, is left out
    # computed from the means as printed (4.0 -> 6.3), not the unrounded 6.27
    assert change.percent == pytest.approx((6.3 - 4.0) / 4.0 * 100)


def test_no_change_stated_for_fewer_than_14_days():
    short = summarise(hand_made_input(end=oct(13)))
    assert short.glance.change is None
    assert all(row.trend is None for row in short.side_effects)


def test_forms_and_products_by_days_used(summary):
    forms = [(f.form, f.days) for f in summary.glance.forms]
    assert forms[0] == (Form.POWDER, 27)
    assert set(forms[1:]) == {(Form.CAPSULES, 1), (Form.EXTRACT, 1), (Form.SEVEN_OH, 1)}
    products = [(p.name, p.days, p.doses) for p in summary.glance.products]
    assert products[0] == ("Green", 27, 66)
    assert set(products[1:]) == {("Caps", 1, 1), ("Seven tabs", 1, 1), ("Strong extract", 1, 1)}


def test_warning_days_compress_into_spans_with_the_last_reason(summary):
    g = summary.glance
    assert g.warning_evaluated
    assert [(s.start, s.end, s.days, s.reason) for s in g.warning_spans] == [
        (oct(22), oct(24), 3, "reason C"), (oct(26), oct(27), 2, "reason E")]
    assert g.warning_days == 5


def test_warning_not_evaluated_is_not_reported_as_off():
    g = summarise(hand_made_input(warning_days=None)).glance
    assert not g.warning_evaluated and g.warning_spans == []
    assert summarise(hand_made_input(warning_days=[])).glance.warning_evaluated


def test_warning_spans_cross_month_ends():
    spans = warning_spans([(dt.date(2026, 1, 31), "a"), (dt.date(2026, 2, 1), "b")])
    assert [(s.start, s.end) for s in spans] == [(dt.date(2026, 1, 31), dt.date(2026, 2, 1))]


def test_pain_mean_lowest_highest_over_rated_days(summary):
    p = summary.pain
    assert p.rated_days == 26
    assert p.mean == pytest.approx(129 / 26)
    assert (p.lowest, p.highest) == (3, 6)


def test_pain_first_two_weeks_against_last_two_weeks(summary):
    p = summary.pain
    assert (p.first_weeks.start, p.first_weeks.end, p.first_weeks.rated_days) == (oct(1), oct(14), 13)
    assert (p.last_weeks.start, p.last_weeks.end, p.last_weeks.rated_days) == (oct(15), oct(28), 13)
    assert p.first_weeks.mean == 6
    assert p.last_weeks.mean == pytest.approx(51 / 13)
    # From the printed means, 3.9 and 6.0, so that the printed figures add up.
    assert p.change == pytest.approx(3.9 - 6.0)
    assert p.change_percent == pytest.approx((3.9 - 6.0) / 6.0 * 100)


def test_pain_fortnights_need_28_days_and_7_ratings_each():
    assert summarise(hand_made_input(end=oct(27))).pain.first_weeks is None
    sparse = [c for c in hand_made_input().checkins if c.day.day % 3 == 0]
    pain = summarise(hand_made_input(checkins=sparse)).pain
    assert pain.first_weeks.rated_days < 7 and not pain.comparable and pain.change is None


def test_peg_scores_with_dates_in_the_range(summary):
    assert summary.pain.peg == [(oct(7), pytest.approx(19 / 3)), (oct(28), 4.0)]


def test_side_effect_rows(summary):
    rows = {r.name: r for r in summary.side_effects}
    assert set(rows) == {"dizziness", "insomnia", "nausea"}  # anxiety was rated 0: not reported
    dizzy, insomnia, nausea = rows["dizziness"], rows["insomnia"], rows["nausea"]
    assert (dizzy.days_reported, dizzy.days_moderate_or_severe, dizzy.worst_label) == (6, 0, "mild")
    assert (dizzy.first_half_days, dizzy.second_half_days, dizzy.trend) == (6, 0, "less often")
    assert (insomnia.days_reported, insomnia.days_moderate_or_severe, insomnia.worst_label) == (7, 7, "severe")
    assert insomnia.trend == "more often"
    assert (nausea.days_reported, nausea.trend) == (2, "about the same")
    assert [r.name for r in summary.side_effects] == ["insomnia", "dizziness", "nausea"]


def test_sds_worth_discussing_at_4_or_more(summary):
    assert [(s.day, s.total, s.worth_discussing) for s in summary.sds] == [
        (oct(3), 3, False), (oct(24), 6, True)]


def test_safety_and_visit_lists(summary):
    assert summary.red_flags == [(oct(12), "yellow skin or eyes")]
    assert summary.also_take == ["sertraline 50 mg", "ibuprofen"]
    assert summary.doctor_notes == [(oct(15), "Sleep worse since I take it three times a day")]
    assert summary.questions == "Could the insomnia come from kratom?"


def test_days_before_the_first_record_do_not_count():
    early = summarise(hand_made_input(start=dt.date(2026, 9, 22)))
    assert early.records_begin_in_range and early.counted_start == START
    assert early.range_days == 37
    assert early.glance.days_counted == 28
    assert early.glance.leaf_per_logged_day == Fraction(137_500, 27 * 1000)
    assert early.days[0].day == START


def test_first_record_is_taken_from_the_records_when_not_given():
    s = summarise(hand_made_input(start=dt.date(2026, 9, 22), first_record=None))
    assert s.counted_start == START


def test_records_outside_the_range_are_ignored():
    extra = [Dose(dt.datetime(2026, 10, 29, 8), 50.0), Dose(dt.datetime(2026, 9, 30, 8), 50.0)]
    s = summarise(hand_made_input(doses=hand_made_input().doses + extra,
                                  first_record=dt.date(2026, 9, 30)))
    assert s.glance.leaf_total_mg == 137_500 and s.glance.largest_leaf_dose.milligrams == 5500


def test_an_empty_range_has_no_figures():
    s = summarise(SummaryInput(start=START, end=END, made_on=END))
    assert not s.has_records and s.days == [] and s.counted_start is None
    assert s.glance.days_counted == 0 and s.glance.leaf_per_logged_day is None
    assert s.glance.doses_per_logged_day is None
    assert s.pain.mean is None and s.side_effects == []


def test_a_range_ending_before_the_log_starts_counts_nothing():
    s = summarise(hand_made_input(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 20)))
    assert s.counted_start is None and s.glance.days_counted == 0


def test_day_table_is_on_by_default_up_to_90_days():
    assert summarise(SummaryInput(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))).day_table_by_default
    assert not summarise(SummaryInput(start=dt.date(2026, 1, 1), end=dt.date(2026, 4, 1))).day_table_by_default


def test_side_effect_names_differing_in_case_are_one_row():
    checkins = [CheckIn(oct(1), 5, {"Dizziness": 1}), CheckIn(oct(2), 5, {"dizziness": 2})]
    rows = summarise(SummaryInput(start=START, end=oct(2), checkins=checkins)).side_effects
    assert [(r.name, r.days_reported, r.worst) for r in rows] == [("Dizziness", 2, 2)]


@pytest.mark.parametrize("start, end, words", [
    (oct(10), oct(1), "after the end date"),
    (oct(1), dt.date(2026, 11, 30), "in the future"),
    (dt.date(2026, 11, 25), dt.date(2026, 11, 26), "in the future"),
    (dt.date(1960, 1, 1), oct(1), "before 1970"),
])
def test_bad_ranges_are_refused_with_a_reason(start, end, words):
    with pytest.raises(FieldError, match=words):
        check_summary_range(start, end, today=dt.date(2026, 11, 20))
    check_summary_range(START, END, today=dt.date(2026, 11, 20))
