"""Dose timing and relief per dose on hand-made logs (core.patterns)."""

import datetime as dt

from kratomtrack.core.daily import daily_totals
from kratomtrack.core.patterns import (
    MIN_RELIEF_PAIRS,
    PatternSettings,
    clock_change_days,
    day_timings,
    patterns,
    relief_points,
    timing_change,
    timing_lines,
)
from kratomtrack.core.records import Dose


def at(text: str, grams: float = 2.0, **kw) -> Dose:
    return Dose(dt.datetime.fromisoformat(text), grams, **kw)


def test_a_day_with_one_dose_has_no_gap():
    timing = day_timings([at("2026-05-04T09:30")])[dt.date(2026, 5, 4)]
    assert timing.median_gap is None and timing.doses == 1
    assert timing.first_dose == timing.last_dose == dt.time(9, 30)


def test_median_gap_first_last_and_night_doses_of_a_day():
    doses = [at("2026-05-04T01:00"), at("2026-05-04T04:59"), at("2026-05-04T05:00"),
             at("2026-05-04T09:00"), at("2026-05-04T21:00")]
    timing = day_timings(doses)[dt.date(2026, 5, 4)]
    # gaps 239, 1, 240, 720 minutes: median 239.5
    assert timing.median_gap == 239.5
    assert timing.night_doses == 2  # 00:00 up to, not including, 05:00
    assert (timing.first_dose, timing.last_dose) == (dt.time(1, 0), dt.time(21, 0))


def test_doses_after_midnight_count_on_their_own_calendar_day():
    doses = [at("2026-05-04T22:00"), at("2026-05-04T23:30"), at("2026-05-05T00:30")]
    timings = day_timings(doses)
    assert timings[dt.date(2026, 5, 4)].median_gap == 90
    new_day = timings[dt.date(2026, 5, 5)]
    assert new_day.first_dose == dt.time(0, 30) and new_day.night_doses == 1 and new_day.median_gap is None


def test_first_and_last_dose_are_read_from_the_daily_figures():
    doses = [at("2026-05-04T08:00"), at("2026-05-04T20:00")]
    totals = daily_totals(doses)
    assert day_timings(doses, totals)[dt.date(2026, 5, 4)].first_dose == totals[dt.date(2026, 5, 4)].first_dose


def test_spring_forward_gap_is_real_elapsed_time(chicago):
    # 8 March 2026: clocks go from 02:00 to 03:00 in Chicago; 01:30 -> 03:30 is one hour.
    doses = [at("2026-03-08T01:30"), at("2026-03-08T03:30")]
    timing = day_timings(doses)[dt.date(2026, 3, 8)]
    assert timing.median_gap == 60 and timing.night_doses == 2


def test_fall_back_gap_is_real_elapsed_time(chicago):
    # 1 November 2026: clocks go from 02:00 back to 01:00; 00:30 -> 03:30 is four hours.
    doses = [at("2026-11-01T00:30"), at("2026-11-01T03:30")]
    assert day_timings(doses)[dt.date(2026, 11, 1)].median_gap == 240


def _regular(start: dt.date, days: int, hours: tuple[int, ...]) -> list[Dose]:
    return [at(f"{start + dt.timedelta(days=i)}T{h:02d}:00") for i in range(days) for h in hours]


def test_first_dose_an_hour_earlier_adds_a_pattern_line():
    end = dt.date(2026, 6, 30)
    recent_from = end - dt.timedelta(days=27)
    doses = (_regular(recent_from - dt.timedelta(days=56), 56, (9, 15, 21))
             + _regular(recent_from, 28, (8, 14, 20)))
    change = timing_change(day_timings(doses), end)
    assert change.first_earlier_by == 60 and change.first_earlier and not change.gap_shrunk
    lines = timing_lines(change)
    assert len(lines) == 1 and "08:00" in lines[0] and "09:00" in lines[0]
    assert "pattern, not a diagnosis" in lines[0]
    later = timing_change(day_timings(doses), end, PatternSettings(earlier_minutes=61))
    assert not later.first_earlier and timing_lines(later) == []


def test_gap_shrinking_by_a_quarter_adds_a_pattern_line():
    end = dt.date(2026, 6, 30)
    recent_from = end - dt.timedelta(days=27)
    doses = (_regular(recent_from - dt.timedelta(days=56), 56, (8, 16))  # 8 h gap
             + _regular(recent_from, 28, (8, 14)))  # 6 h gap: 25% shorter
    change = timing_change(day_timings(doses), end)
    assert change.gap_shrunk_percent == 25 and change.gap_shrunk and not change.first_earlier
    assert "6 h 00 min" in timing_lines(change)[0]


def test_no_timing_change_without_use_in_both_windows():
    end = dt.date(2026, 6, 30)
    assert timing_change(day_timings(_regular(end - dt.timedelta(days=10), 11, (8,))), end) is None


def test_relief_is_pain_before_minus_after_with_a_rolling_median():
    doses = [at(f"2026-05-{d:02d}T09:00", pain_before=7, pain_after=7 - d % 4) for d in range(1, 9)]
    doses.append(at("2026-05-09T09:00", pain_before=6))  # no pain after: not a pair
    points = relief_points(doses, window=3)
    assert [p.relief for p in points] == [1, 2, 3, 0, 1, 2, 3, 0]
    assert [p.rolling_median for p in points] == [1, 1.5, 2, 2, 1, 1, 2, 2]


def test_relief_months_say_too_few_pairs_below_ten():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 4, 30)
    doses = [at(f"2026-01-{d:02d}T09:00", pain_before=8, pain_after=5) for d in range(1, MIN_RELIEF_PAIRS + 1)]
    doses += [at(f"2026-04-{d:02d}T09:00", pain_before=8, pain_after=7) for d in (1, 2, 3, 4, 5)]
    p = patterns(doses, start, end)
    assert p.relief_first_month.median == 3 and p.relief_first_month.pairs == MIN_RELIEF_PAIRS
    # "The last 28 days" are 3-30 April (one length with the summary's "Now" and ``patterns``).
    assert (p.relief_last_month.start, p.relief_last_month.end) == (dt.date(2026, 4, 3), end)
    assert (p.relief_first_month.start, p.relief_first_month.end) == (start, dt.date(2026, 1, 28))
    assert p.relief_last_month.too_few_pairs and p.relief_last_month.pairs == 3


def test_weekly_series_are_iso_weeks_of_use_days():
    doses = _regular(dt.date(2026, 6, 1), 14, (8, 20))  # Monday 1 June
    p = patterns(doses, dt.date(2026, 6, 1), dt.date(2026, 6, 14))
    assert [w.start for w in p.weeks] == [dt.date(2026, 6, 1), dt.date(2026, 6, 8)]
    assert p.weeks[0].first_dose_minutes == 480 and p.weeks[0].median_gap == 720
    assert p.first_dose_minutes == 480 and p.median_gap == 720 and p.night_doses == 0


def _every_midnight_read(days, zone=None):
    """The days whose 00:00 and next 00:00 differ in UTC offset, each midnight read on its own."""
    def offset(day):
        midnight = dt.datetime.combine(day, dt.time(0, 0))
        return (midnight.astimezone() if zone is None else midnight.replace(tzinfo=zone)).utcoffset()
    return {day for day in days if offset(day) != offset(day + dt.timedelta(days=1))}


def test_clock_change_days_are_those_every_midnight_shows():
    from zoneinfo import ZoneInfo

    days = [dt.date(2015, 1, 1) + dt.timedelta(days=i) for i in range(12 * 366)]
    # Chicago: an hour; Lord Howe: half an hour; Casablanca: clocks go back for Ramadan and forward after.
    for name in ("America/Chicago", "Australia/Lord_Howe", "Africa/Casablanca", "UTC"):
        zone = ZoneInfo(name)
        found = clock_change_days(days, zone)
        assert found == _every_midnight_read(days, zone), name
        assert (len(found) == 0) == (name == "UTC")


def test_clock_change_days_in_this_computers_zone(chicago):
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(3 * 366)]
    assert clock_change_days(days) == _every_midnight_read(days) == {
        dt.date(2024, 3, 10), dt.date(2024, 11, 3), dt.date(2025, 3, 9), dt.date(2025, 11, 2),
        dt.date(2026, 3, 8), dt.date(2026, 11, 1)}
