import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.core.trends import WEEKLY_AFTER_DAYS, TrendLog, trend_figures
from kratomtrack.core.date_ranges import DateRange, RangePreset, months_before, preset_range, week_start

from conftest import TODAY

D = dt.date


def dose(day, hour, grams, form=Form.POWDER, minute=0):
    return Dose(dt.datetime.combine(day, dt.time(hour, minute)), grams, form)


# --- daily figures ----------------------------------------------------------------


def test_several_doses_a_day_add_up_and_are_counted():
    day = D(2026, 3, 2)
    figs = trend_figures(
        [dose(day, 8, 2.0), dose(day, 13, 1.5, Form.CAPSULES), dose(day, 20, 1.0, Form.TEA)],
        [], day, day,
    )
    assert figs.leaf_grams == [4.5]
    assert figs.doses == [3]


def test_extract_and_7oh_days_are_kept_apart_from_leaf_grams():
    d1, d2 = D(2026, 3, 1), D(2026, 3, 2)
    # Three check-in days before: logged days without kratom, so the average is defined.
    before = [CheckIn(d1 - dt.timedelta(days=k), pain=4) for k in (1, 2, 3)]
    figs = trend_figures(
        [dose(d1, 8, 3.0), dose(d1, 12, 0.5, Form.EXTRACT), dose(d2, 9, 0.2, Form.SEVEN_OH)],
        [*before, CheckIn(d1, pain=5), CheckIn(d2, pain=6)], d1, d2,
    )
    assert figs.leaf_grams == [3.0, 0.0]
    assert figs.extract_grams == [0.5, 0.0]
    assert figs.seven_oh_grams == [0.0, 0.2]
    assert figs.doses == [2, 1]
    assert figs.leaf_average == [3.0 / 4, 3.0 / 5]  # concentrate grams never averaged in
    assert [p.concentrate for p in figs.pain_vs_leaf] == [True, True]
    assert [p.leaf_grams for p in figs.pain_vs_leaf] == [3.0, 0.0]
    # 2026-03-01 is a Sunday, 03-02 a Monday: one concentrate day in each ISO week.
    assert [(w.extract_days, w.seven_oh_days) for w in figs.weeks] == [(1, 0), (0, 1)]


def test_dose_just_after_midnight_counts_for_the_new_day():
    d1, d2 = D(2026, 3, 3), D(2026, 3, 4)
    figs = trend_figures([dose(d1, 23, 2.0, minute=59), dose(d2, 0, 3.0, minute=1)], [], d1, d2)
    assert figs.leaf_grams == [2.0, 3.0]
    assert figs.doses == [1, 1]


def test_daylight_saving_change_day_is_one_calendar_day():
    # 2026-03-29: clocks go forward in most of Europe (02:00 -> 03:00), so the
    # day has 23 hours; on 2026-10-25 they go back and 01:30 happens twice.
    spring, autumn = D(2026, 3, 29), D(2026, 10, 25)
    doses = [dose(spring, 1, 1.0, minute=30), dose(spring, 3, 1.0, minute=30),
             dose(autumn, 1, 1.0, minute=30), dose(autumn, 1, 2.0, minute=30)]
    # Check-ins around the spring change: those days are logged (without kratom).
    checkins = [CheckIn(spring + dt.timedelta(days=k), pain=3) for k in range(1, 8)]
    figs = trend_figures(doses, checkins, D(2026, 3, 23), D(2026, 10, 31))
    assert figs.day(spring).leaf_mg == 2000 and figs.day(spring).doses == 2
    assert figs.day(autumn).leaf_mg == 3000 and figs.day(autumn).doses == 2
    # The 7-day window across the change is 7 calendar days, not 7 x 24 hours.
    assert figs.day(D(2026, 4, 4)).leaf_average == pytest.approx(2.0 / 7)
    assert figs.day(D(2026, 4, 5)).leaf_average == 0.0


def test_days_without_pain_rating_are_gaps_not_zeros():
    days = [D(2026, 3, d) for d in range(1, 8)]
    checkins = [CheckIn(days[0], pain=6), CheckIn(days[2], pain=4),
                CheckIn(days[3], ratings={"nausea": 1}), CheckIn(days[5], pain=8)]
    figs = trend_figures([], checkins, days[0], days[-1])
    assert figs.pain == [6, None, 4, None, None, 8, None]
    # Average over rated days only, and only once 3 days in the window are rated.
    assert figs.pain_average == [None, None, None, None, None, 6.0, 6.0]


def test_leaf_average_is_over_logged_days_and_needs_4_of_the_7():
    # Was: days since the first record counted as 0 g, from one day on. Now an
    # unknown day is left out, and an average needs 4 logged days of its 7.
    first = D(2026, 3, 10)
    doses = [dose(first, 8, 6.0), dose(first + dt.timedelta(days=2), 8, 3.0),
             dose(first + dt.timedelta(days=4), 8, 3.0)]
    checkins = [CheckIn(first + dt.timedelta(days=3), pain=2)]  # logged, without kratom
    figs = trend_figures(doses, checkins, first - dt.timedelta(days=2), first + dt.timedelta(days=12))
    assert figs.leaf_grams[:7] == [None, None, 6.0, None, 3.0, 0.0, 3.0]
    assert figs.leaf_average[:6] == [None] * 6  # before the first record, then under 4 logged days
    assert figs.leaf_average[6] == 12.0 / 4  # 6 + 3 + 0 + 3 over the 4 logged days
    assert figs.leaf_average[8] == 12.0 / 4  # the unknown days on either side pull nothing down
    assert figs.leaf_average[9] is None  # the 6 g day left the window: 3 logged days
    assert all(v is None for v in figs.leaf_average[9:])


def test_seven_day_average_uses_records_before_the_range_start():
    first = D(2026, 3, 1)
    doses = [dose(first + dt.timedelta(days=i), 9, 7.0) for i in range(10)]
    log = TrendLog(doses, [])
    figs = log.figures(D(2026, 3, 8), D(2026, 3, 10))
    assert figs.leaf_average == [7.0, 7.0, 7.0]


def test_first_day_given_by_the_store_overrides_the_records_window():
    # The page may pass only a window of records; the log's first day decides
    # which days of a week are counted. (Was: the 6 days before counted as 0 g
    # in the average; they hold nothing, so they are unknown: no average.)
    day = D(2026, 3, 10)  # a Tuesday
    figs = trend_figures([dose(day, 8, 7.0)], [], day - dt.timedelta(days=1), day,
                         first_day=D(2026, 1, 1))
    assert figs.leaf_average == [None, None]
    assert figs.leaf_grams == [None, 7.0]
    assert (figs.weeks[0].days_counted, figs.weeks[0].logged_days) == (2, 1)


def test_days_with_no_dose_count_as_zero_grams_in_the_scatter():
    d1, d2 = D(2026, 3, 1), D(2026, 3, 2)
    figs = trend_figures([dose(d1, 8, 4.0)], [CheckIn(d2, pain=7, ratings={"insomnia": 2})], d1, d2)
    assert [(p.day, p.leaf_grams, p.value) for p in figs.pain_vs_leaf] == [(d2, 0.0, 7)]
    assert [(p.leaf_grams, p.value) for p in figs.side_effect_vs_leaf["insomnia"]] == [(0.0, 2)]


def test_day_numbers_for_hover():
    day = D(2026, 3, 5)
    figs = trend_figures([dose(day, 8, 2.5), dose(day, 9, 0.4, Form.EXTRACT)],
                         [CheckIn(day, pain=3, ratings={"dizziness": 1})], D(2026, 3, 1), D(2026, 3, 7))
    numbers = figs.day(day)
    assert (numbers.leaf_mg, numbers.extract_mg, numbers.doses, numbers.pain) == (2500, 400, 2, 3)
    assert numbers.logged and numbers.ratings == {"dizziness": 1}
    unknown = figs.day(D(2026, 3, 6))
    assert not unknown.logged and (unknown.leaf_mg, unknown.doses, unknown.pain) == (None, None, None)
    assert figs.day(D(2026, 3, 8)) is None


def test_an_empty_log_gives_empty_figures():
    figs = trend_figures([], [], D(2026, 3, 1), D(2026, 3, 28))
    assert figs.is_empty
    assert figs.leaf_average == [None] * 28
    assert figs.heat_map.names == []
    assert all(w.days_counted == 0 for w in figs.weeks)


# --- weeks -------------------------------------------------------------------------


def test_use_days_per_week_count_days_inside_the_range():
    # 2026-03-04 is a Wednesday: the first ISO week is clipped to Wed-Sun.
    start, end = D(2026, 3, 4), D(2026, 3, 17)
    doses = [dose(D(2026, 3, 4), 8, 2.0), dose(D(2026, 3, 4), 20, 2.0), dose(D(2026, 3, 6), 8, 1.0),
             dose(D(2026, 3, 9), 8, 3.0), dose(D(2026, 3, 3), 8, 9.0)]  # the 3rd is outside
    figs = trend_figures(doses, [], start, end, first_day=D(2026, 1, 1))
    assert [w.start for w in figs.weeks] == [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16)]
    assert [w.days_counted for w in figs.weeks] == [5, 7, 2]
    assert [w.use_days for w in figs.weeks] == [2, 1, 0]
    assert [w.logged_days for w in figs.weeks] == [2, 1, 0]
    assert [w.doses for w in figs.weeks] == [3, 1, 0]
    # Per logged day (was per day counted, 5 g / 5 days): the 3 unknown days are not 0 g.
    assert figs.weeks[0].leaf_per_day == 2.5
    assert figs.weeks[2].leaf_per_day is None  # nothing logged: no figure (was 0.0)


def test_weeks_before_the_first_record_count_no_days():
    figs = trend_figures([dose(D(2026, 3, 12), 8, 2.0)], [], D(2026, 3, 2), D(2026, 3, 15))
    assert [w.days_counted for w in figs.weeks] == [0, 4]
    assert figs.weeks[0].leaf_per_day is None


def test_week_start_is_monday():
    assert week_start(D(2026, 3, 8)) == D(2026, 3, 2)  # Sunday
    assert week_start(D(2026, 3, 9)) == D(2026, 3, 9)  # Monday


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 23), st.integers(1, 80)), max_size=60))
def test_weekly_and_daily_leaf_totals_agree(rows):
    start = D(2026, 1, 1)
    doses = [dose(start + dt.timedelta(days=d), h, g / 10) for d, h, g in rows]
    figs = trend_figures(doses, [], start, start + dt.timedelta(days=60), first_day=start)
    assert round(sum(w.leaf_grams for w in figs.weeks), 1) == round(sum(g or 0 for g in figs.leaf_grams), 1)
    assert sum(w.doses for w in figs.weeks) == sum(n or 0 for n in figs.doses) == len(doses)
    assert sum(w.use_days for w in figs.weeks) == sum(1 for n in figs.doses if n)


# --- heat map ------------------------------------------------------------------------


def test_heat_map_rows_are_rated_side_effects_in_app_order():
    d1, d2 = D(2026, 3, 1), D(2026, 3, 2)
    checkins = [CheckIn(d1, ratings={"nausea": 0, "my headache": 2}),
                CheckIn(d2, ratings={"dizziness": 3})]
    log = TrendLog([], checkins, side_effect_order=["dizziness", "insomnia", "nausea"])
    heat = log.figures(d1, d2).heat_map
    assert heat.names == ["dizziness", "nausea", "my headache"]  # no row for unrated insomnia
    assert heat.columns == [d1, d2] and heat.column_days == 1
    # 0 ("none") is a rating; None is "not rated".
    assert heat.values == [[None, 3], [0, None], [2, None]]


def test_heat_map_uses_weeks_with_the_highest_rating_when_the_range_is_long():
    start = D(2026, 1, 5)  # a Monday
    checkins = [CheckIn(D(2026, 1, 6), ratings={"anxiety": 1}),
                CheckIn(D(2026, 1, 8), ratings={"anxiety": 3}),
                CheckIn(D(2026, 1, 11), ratings={"anxiety": 2}),
                CheckIn(D(2026, 1, 20), ratings={"anxiety": 0})]
    daily = trend_figures([], checkins, start, start + dt.timedelta(days=WEEKLY_AFTER_DAYS - 1))
    assert not daily.weekly and daily.heat_map.column_days == 1
    assert len(daily.heat_map.columns) == WEEKLY_AFTER_DAYS
    weekly = trend_figures([], checkins, start, start + dt.timedelta(days=WEEKLY_AFTER_DAYS))
    assert weekly.weekly and weekly.heat_map.weekly
    assert weekly.heat_map.columns[:3] == [D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 19)]
    assert weekly.heat_map.values[0][:4] == [3, None, 0, None]


# --- ranges ---------------------------------------------------------------------------


@pytest.mark.parametrize("preset, start", [
    (RangePreset.LAST_4_WEEKS, D(2026, 10, 24)),
    (RangePreset.LAST_3_MONTHS, D(2026, 8, 21)),
    (RangePreset.LAST_12_MONTHS, D(2025, 11, 21)),
    (RangePreset.ALL, D(2020, 2, 29)),
])
def test_presets_end_today(preset, start):
    rng = preset_range(preset, TODAY, first_day=D(2020, 2, 29))
    assert (rng.start, rng.end) == (start, TODAY)


def test_last_4_weeks_is_28_days():
    assert preset_range(RangePreset.LAST_4_WEEKS, TODAY).days == 28


def test_presets_do_not_start_before_the_first_record():
    rng = preset_range(RangePreset.LAST_12_MONTHS, TODAY, first_day=D(2026, 10, 1))
    assert rng == DateRange(D(2026, 10, 1), TODAY)


def test_all_without_records_is_the_last_4_weeks():
    assert preset_range(RangePreset.ALL, TODAY).days == 28


def test_custom_range_is_taken_as_chosen_and_must_be_in_order():
    chosen = DateRange(D(2019, 1, 1), D(2019, 2, 1))
    assert preset_range("custom", TODAY, first_day=D(2020, 1, 1), custom=chosen) == chosen
    with pytest.raises(ValueError, match="a custom range needs"):
        preset_range(RangePreset.CUSTOM, TODAY)
    with pytest.raises(ValueError, match="choose a start date on or before the end date"):
        DateRange(D(2019, 2, 2), D(2019, 2, 1))


def test_months_before_clamps_to_the_shorter_month():
    assert months_before(D(2026, 5, 31), 3) == D(2026, 2, 28)
    assert months_before(D(2024, 5, 31), 3) == D(2024, 2, 29)
    assert months_before(D(2026, 1, 15), 12) == D(2025, 1, 15)
    assert months_before(D(2026, 2, 10), 3) == D(2025, 11, 10)


def test_peg_scores_are_kept_within_the_range_in_date_order():
    peg = [(D(2026, 3, 9), 6.0), (D(2026, 3, 2), 7.3), (D(2026, 2, 23), 5.0)]
    # The doctor summary's pain section is where the app keeps PEG scores to a range.
    pain = summarise(SummaryInput(start=D(2026, 3, 1), end=D(2026, 3, 31), peg=peg)).pain
    assert pain.peg == [(D(2026, 3, 2), 7.3), (D(2026, 3, 9), 6.0)]


def test_peg_scores_are_the_days_and_scores_the_pain_chart_marks():
    from kratomtrack.core.checkups import Peg
    from kratomtrack.core.trends import peg_scores

    pegs = [Peg(dt.date(2026, 3, 2), 4, 5, 6), Peg(dt.date(2026, 3, 9), 1, 2, 2)]
    assert peg_scores(pegs) == [(dt.date(2026, 3, 2), 5.0), (dt.date(2026, 3, 9), 1.7)]
    assert peg_scores([]) == []
