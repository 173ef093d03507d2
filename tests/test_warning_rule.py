"""The dependence-warning rule of clinical.md on hand-made logs."""

import datetime as dt
import random

import pytest

from kratomtrack.core.dates import date_text
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.core.summary.glance import warning_spans
from kratomtrack.core.warning.dismissal import Dismissal, dismissal_for, is_dismissed
from kratomtrack.core.warning.results import (
    DOSES_PER_USE_DAY,
    FREQUENT,
    LARGE_DOSE,
    LONG_TERM,
    MANY_DOSES,
    REGULAR_USE,
    SDS_HIGH,
    SHORT_TERM,
    WITHDRAWAL,
)
from kratomtrack.core.warning.rule import evaluate_warning, warning_history
from kratomtrack.core.warning.settings import WarningSettings, validate_settings

from conftest import TODAY


def day_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def doses_on(n_ago: int, grams_per_day: float, doses: int = 2, form: Form = Form.POWDER) -> list[Dose]:
    """``doses`` equal doses adding up to ``grams_per_day`` (in 0.1 g) on the day n_ago."""
    tenths = round(grams_per_day * 10)
    parts = [tenths // doses + (1 if i < tenths % doses else 0) for i in range(doses)]
    day = day_ago(n_ago)
    return [Dose(dt.datetime.combine(day, dt.time(8 + 2 * i)), p / 10, form) for i, p in enumerate(parts) if p]


def checked_in(doses, today=TODAY) -> set[dt.date]:
    """Every day from the first dose to ``today``: these logs stand for a person who
    checked in daily, so their days without a dose are days without kratom."""
    first = min((d.day for d in doses), default=today)
    return {first + dt.timedelta(days=i) for i in range((today - first).days + 1)}


def evaluate(doses, today=TODAY, **kwargs):
    return evaluate_warning(doses, today, logged_days=checked_in(doses, today), **kwargs)


def log(spec) -> list[Dose]:
    """spec(n_ago) -> (grams, doses) or None, for n_ago from 179 down to 0."""
    out = []
    for n in range(179, -1, -1):
        value = spec(n)
        if value:
            out += doses_on(n, *value)
    return out


def occasional(n):
    return (3.0, 1) if n % 7 in (1, 4) else None


def daily_steady(n):
    return (4.0, 2) if n < 120 else None


def rising_slowly(n):
    if n >= 120:
        return None
    if n >= 60:
        return (4.0, 2)
    return (round(4.0 + 4.0 * (60 - n) / 60, 1), 2)  # 4 g to 8 g over two months


def step_up(n):
    if n >= 120:
        return None
    return (6.5, 2) if n < 14 else (4.0, 2)


def more_doses(n):
    if n >= 120:
        return None
    return (6.0, 4) if n < 7 else (6.0, 2)


def stopped(n):
    if n >= 120 or n < 21:
        return None
    return (round(4.0 + 4.0 * (120 - n) / 100, 1), 3)


def little_history(n):
    return (round(2 + 0.6 * (9 - n), 1), 2) if n < 10 else None


def noisy_steady(n, _rng=random.Random(20261120), _cache={}):
    # Every day, 3.5 to 6.5 g in 2 or 3 doses, at random around a steady 5 g.
    if n not in _cache:
        _cache[n] = (round(_rng.uniform(3.5, 6.5), 1), _rng.choice((2, 3)))
    return _cache[n]


CASES = [
    # name, spec, level, conditions that held
    ("occasional use", occasional, "none", ()),
    ("daily but steady", daily_steady, "none", (FREQUENT,)),
    ("daily and rising slowly over two months", rising_slowly, "warning", (FREQUENT, LONG_TERM)),
    ("a step up in the last two weeks", step_up, "warning", (FREQUENT, SHORT_TERM, LONG_TERM)),
    ("same grams in more doses a day", more_doses, "warning", (FREQUENT, DOSES_PER_USE_DAY)),
    ("use stopped three weeks ago", stopped, "none", ()),
    ("too little history", little_history, "none", (FREQUENT,)),
    ("noisy but steady daily use", noisy_steady, "none", (FREQUENT,)),
]


@pytest.mark.parametrize("name, spec, level, held", CASES, ids=[c[0] for c in CASES])
def test_rule_on_hand_made_logs(name, spec, level, held):
    result = evaluate(log(spec), TODAY)
    assert result.level == level
    assert result.held == held
    assert result.is_on == (level == "warning")


def test_too_little_history_says_the_comparisons_cannot_be_made_yet():
    result = evaluate(log(little_history), TODAY)
    for key in (SHORT_TERM, LONG_TERM, DOSES_PER_USE_DAY):
        assert not result.condition(key).assessable
    assert result.condition(SHORT_TERM).sentence == (
        "not judged: in days 8-28, the log covers only 3 of these 21 days (3 logged days; at least 14 needed)")


def test_noisy_steady_use_never_warns_over_two_months():
    doses = log(noisy_steady)
    history = warning_history(doses, day_ago(60), TODAY, logged_days=checked_in(doses))
    assert len(history) == 61
    assert [d.day for d in history if d.level == "warning"] == []


def test_explanation_uses_the_persons_own_figures_as_in_clinical_md():
    # 9.8 g/day for the last 7 days, 6.1 g/day for days 8-28; nothing earlier.
    doses = []
    for n in range(28):
        doses += doses_on(n, 9.8 if n < 7 else 6.1, 3)
    result = evaluate(doses, TODAY)
    assert result.level == "warning"
    assert result.summary == (
        "used 7 of the last 7 days; average 9.8 g per logged day this week vs 6.1 g over the 3 weeks before"
    )
    figures = result.figures
    assert (figures.recent.use_days, figures.recent.mean_leaf_per_day) == (7, pytest.approx(9.8))
    assert figures.short_base.mean_leaf_per_day == pytest.approx(6.1)
    assert figures.recent.doses_per_use_day == 3
    assert result.condition(SHORT_TERM).figures["percent_higher"] == pytest.approx(60.7, abs=0.1)


def test_thresholds_are_inclusive_and_exact():
    # Exactly 25% and exactly 1 g/day above the baseline count ("at least").
    doses = []
    for n in range(28):
        doses += doses_on(n, 5.0 if n < 7 else 4.0, 2)
    assert evaluate(doses, TODAY).held == (FREQUENT, SHORT_TERM)
    # 4.9 g/day is 22.5% above: not enough.
    doses = []
    for n in range(28):
        doses += doses_on(n, 4.9 if n < 7 else 4.0, 2)
    assert evaluate(doses, TODAY).held == (FREQUENT,)
    # 25% above but only 0.5 g/day higher: not enough either.
    doses = []
    for n in range(28):
        doses += doses_on(n, 2.5 if n < 7 else 2.0, 2)
    assert evaluate(doses, TODAY).held == (FREQUENT,)


def test_four_of_seven_days_is_not_frequent_five_is():
    def spec(days_used):
        def inner(n):
            if n < 7:
                return (8.0, 2) if n < days_used else None
            return (2.0, 2) if n < 90 else None
        return inner
    assert evaluate(log(spec(4)), TODAY).level == "none"
    assert evaluate(log(spec(4)), TODAY).condition(SHORT_TERM).held
    assert evaluate(log(spec(5)), TODAY).level == "warning"


def test_days_before_the_first_record_do_not_count():
    # Use began 20 days ago: days 8-28 hold only 13 days of history (< 14).
    doses = []
    for n in range(20):
        doses += doses_on(n, 8.0 if n < 7 else 4.0)
    result = evaluate(doses, TODAY)
    assert result.figures.short_base.days == 13
    assert not result.condition(SHORT_TERM).assessable
    # One more day of history reaches the minimum; the mean divides by 14 days, not 21.
    doses += doses_on(20, 4.0)
    result = evaluate(doses, TODAY)
    assert result.figures.short_base.days == result.figures.short_base.logged_days == 14
    assert result.figures.short_base.mean_leaf_per_day == pytest.approx(4.0)
    assert result.held == (FREQUENT, SHORT_TERM)


def test_logged_days_without_doses_count_as_days_without_kratom():
    # Was "an earlier check-in makes days without doses count as zero": a first day
    # alone no longer does; the days between must be logged (check-ins or marks).
    doses = []
    for n in range(7):
        doses += doses_on(n, 6.0)
    without = evaluate(doses, TODAY)
    assert without.level == "none" and not without.condition(SHORT_TERM).assessable
    # A log that started 60 days ago with nothing logged since but these doses: unknown, not 0.
    gap = evaluate_warning(doses, TODAY, logged_days=checked_in(doses), first_day=day_ago(60))
    assert gap.figures.short_base.days == 21 and gap.figures.short_base.logged_days == 0
    assert gap.figures.short_base.mean_leaf is None
    assert gap.held == (FREQUENT,)
    # The same log with a check-in on each of the 53 days before: days without kratom.
    checked = evaluate_warning(doses, TODAY, logged_days=checked_in(doses + doses_on(60, 1.0)),
                               first_day=day_ago(60))
    assert checked.figures.short_base.logged_days == 21
    assert checked.figures.short_base.mean_leaf_per_day == 0
    assert checked.held == (FREQUENT, SHORT_TERM, LONG_TERM)


def test_extract_counts_as_use_but_not_as_leaf_grams():
    doses = []
    for n in range(60):
        doses += doses_on(n, 4.0)
    for n in range(7):
        doses += doses_on(n, 3.0, 1, Form.EXTRACT)
    result = evaluate(doses, TODAY)
    assert result.figures.recent.mean_leaf_per_day == pytest.approx(4.0)
    assert result.figures.recent.doses == 21
    # Doses per use day rose from 2 to 3, so the warning is on, on doses not grams.
    assert result.held == (FREQUENT, DOSES_PER_USE_DAY)


def test_doses_after_today_are_ignored():
    doses = log(daily_steady) + doses_on(-1, 50.0, 5)
    assert evaluate(doses, TODAY).held == (FREQUENT,)


def test_supporting_lines_never_trigger_the_warning_alone():
    doses = []
    for n in range(200):  # steady for 200 days: 4 doses a day (28 a week), one of them 6 g
        day = day_ago(n)
        doses += [Dose(dt.datetime.combine(day, dt.time(h)), g) for h, g in ((8, 6.0), (12, 2.0),
                                                                             (16, 2.0), (20, 2.0))]
    withdrawal = {day_ago(1): ["craving", "muscle aches"], day_ago(3): ["craving"], day_ago(30): ["craving"]}
    sds = {day_ago(5): 6}
    result = evaluate(doses, TODAY, withdrawal_days=withdrawal, sds_scores=sds)
    keys = [line.key for line in result.supporting]
    assert keys == [LARGE_DOSE, MANY_DOSES, REGULAR_USE, WITHDRAWAL, SDS_HIGH]
    assert result.level == "none"
    text = {line.key: line.sentence for line in result.supporting}
    assert f"a single dose of 6 g on {date_text(TODAY)}" in text[LARGE_DOSE]
    # A description of Grundmann's survey, never a safe amount below it (issue 27).
    assert ("(in a US survey side effects were reported more often at 5 g or more per dose; not a safe "
            "limit)") in text[LARGE_DOSE]
    assert text[MANY_DOSES].startswith("28 doses in the last 7 days")
    assert text[REGULAR_USE] == ("regular use for more than 6 months: "
                                 "used on 183 of the 183 logged days of the last 183")
    assert text[WITHDRAWAL].startswith("withdrawal-type symptoms logged on 2 of the last 7 days")
    assert "craving, muscle aches" in text[WITHDRAWAL]
    assert text[SDS_HIGH].startswith("Severity of Dependence Scale score 6 of 15")


def test_supporting_lines_have_thresholds_and_windows():
    doses = []
    for n in range(100):
        doses += doses_on(n, 4.9, 3)  # 21 doses a week, largest 1.7 g, < 6 months
    result = evaluate(doses, TODAY, sds_scores={day_ago(40): 9, day_ago(2): 3},
                              withdrawal_days={day_ago(8): ["craving"]})
    assert result.supporting == ()


def test_settings_change_the_rule():
    strict = WarningSettings(frequent_days=7)
    doses = [d for d in log(step_up) if d.day != day_ago(3)]
    assert evaluate(doses, TODAY).level == "warning"
    assert evaluate(doses, TODAY, settings=strict).level == "none"
    loose = WarningSettings(rise_percent=10, rise_grams=0.5)
    mild_rise = log(lambda n: (4.6, 2) if n < 7 else (4.0, 2) if n < 90 else None)
    assert evaluate(mild_rise, TODAY).level == "none"
    assert evaluate(mild_rise, TODAY, settings=loose).held == (FREQUENT, SHORT_TERM)


@pytest.mark.parametrize("changes, field", [
    ({"frequent_days": 8}, "frequent_days"),
    ({"recent_days": 0}, "recent_days"),
    ({"middle_days": 90}, "middle_days"),
    ({"rise_percent": -5}, "rise_percent"),
    ({"rise_grams": "lots"}, "rise_grams"),
    ({"frequent_days": 4.5}, "frequent_days"),
    ({"short_min_history": 22}, "short_min_history"),
    ({"recent_min_logged": 8}, "recent_min_logged"),
    ({"middle_min_logged": 29}, "middle_min_logged"),
    ({"long_min_history": 57}, "long_min_history"),
    ({"regular_use_min_logged": 184}, "regular_use_min_logged"),
    ({"many_doses": True}, "many_doses"),
])
def test_invalid_settings_are_refused_with_the_field_named(changes, field):
    from dataclasses import replace
    with pytest.raises(InvalidRecord) as err:
        validate_settings(replace(WarningSettings(), **changes))
    assert err.value.problems[0].field == field


def test_settings_round_trip_through_a_dict():
    custom = WarningSettings(frequent_days=6, rise_percent=30.0)
    assert WarningSettings.from_dict(custom.as_dict()) == custom
    assert WarningSettings.from_dict({"unknown": 1}) == WarningSettings()


def test_settings_stored_before_the_logged_day_minimums_keep_a_short_window():
    # A 3-day recent window saved before "recent_min_logged" existed: its minimum
    # is capped at the window's 3 days, so the person's settings are kept.
    older = {k: v for k, v in WarningSettings(recent_days=3, frequent_days=2).as_dict().items()
             if k not in ("recent_min_logged", "middle_min_logged", "regular_use_min_logged")}
    loaded = WarningSettings.from_dict(older)
    assert (loaded.recent_days, loaded.frequent_days, loaded.recent_min_logged) == (3, 2, 3)
    assert (loaded.middle_min_logged, loaded.regular_use_min_logged) == (14, 92)
    with pytest.raises(InvalidRecord):  # stored with its minimum, a minimum too high is refused
        WarningSettings.from_dict({**older, "recent_min_logged": 4})


def test_warning_history_and_periods_say_when_and_why():
    doses = log(step_up)
    history = warning_history(doses, day_ago(30), TODAY, logged_days=checked_in(doses))
    on = [d.day for d in history if d.level == "warning"]
    assert on and on[-1] == TODAY and on[0] > day_ago(14)
    # The summary's warning periods: one run of days, ending today.
    periods = warning_spans([(d.day, d.summary) for d in history if d.level == "warning"])
    assert len(periods) == 1
    assert periods[0].end == TODAY and periods[0].start == on[0]
    held = {key for d in history if d.level == "warning" for key in d.held}
    assert FREQUENT in held and SHORT_TERM in held
    # Each day agrees with evaluating that day on its own.
    for day in history:
        alone = evaluate(doses, day.day)
        assert (alone.level, alone.held, alone.summary) == (day.level, day.held, day.summary)


class TestDismissal:
    def dismissed_then(self, later_spec, days_later):
        doses = log(step_up)
        dismissal = dismissal_for(evaluate(doses, TODAY))
        later = TODAY + dt.timedelta(days=days_later)
        extra = []
        for n in range(days_later):
            value = later_spec(n)
            if value:
                extra += doses_on(-(n + 1), *value)
        return is_dismissed(dismissal, evaluate(doses + extra, later))

    def test_hidden_for_seven_days_when_nothing_changes(self):
        assert self.dismissed_then(lambda n: (6.5, 2), 0)
        assert self.dismissed_then(lambda n: (6.5, 2), 6)
        assert not self.dismissed_then(lambda n: (6.5, 2), 7)

    def test_returns_when_grams_rise_a_further_ten_percent(self):
        assert self.dismissed_then(lambda n: (6.9, 2), 1)  # 6.56 g/day: +0.9%
        assert not self.dismissed_then(lambda n: (13.0, 2), 1)  # 7.43 g/day: +14%

    def test_returns_when_there_are_more_use_days(self):
        # 4 g/day for months, then 8 g on 5 of the last 7 days: frequent and rising.
        doses = log(lambda n: (8.0, 2) if n in (0, 1, 3, 5, 6) else None if n < 7 else (4.0, 2))
        result = evaluate(doses, TODAY)
        assert result.is_on and result.figures.recent.use_days == 5
        dismissal = dismissal_for(result)
        assert is_dismissed(dismissal, result)
        # A small dose logged late for day 2: hardly more grams, but 6 use days.
        later = evaluate(doses + doses_on(2, 0.5, 1), TODAY)
        assert later.figures.recent.mean_leaf_per_day < result.figures.recent.mean_leaf_per_day * 1.1
        assert not is_dismissed(dismissal, later)

    def test_unreadable_stored_dismissal_shows_the_warning(self):
        assert Dismissal.from_dict({"on": "yesterday"}) is None
        assert Dismissal.from_dict(None) is None
        assert Dismissal.from_dict({"on": "2026-11-20", "leaf_tenths": -1, "days": 7, "use_days": 7}) is None
        good = Dismissal(TODAY, 455, 7, 7, 6)
        assert Dismissal.from_dict(good.as_dict()) == good
        assert Dismissal.from_dict({**good.as_dict(), "logged_days": 8}) is None  # more than its days
        older = {"on": "2026-11-20", "leaf_mg": 455, "days": 7, "use_days": 7}  # before logged days
        assert Dismissal.from_dict(older) == Dismissal(TODAY, 455, 7, 7, None)


def test_regular_use_counts_use_days_over_the_logged_days_of_the_183():
    # Logged for 200 days; of the last 183, 8 have nothing logged and 5 are check-ins without kratom.
    doses, logged = [], set()
    for n in range(201):
        if 20 <= n < 28:
            continue
        logged.add(day_ago(n))
        if n not in (40, 50, 60, 70, 80):
            doses += doses_on(n, 4.0)
    line = {s.key: s for s in evaluate_warning(doses, TODAY, logged_days=logged).supporting}[REGULAR_USE]
    assert line.sentence == ("regular use for more than 6 months: "
                             "used on 170 of the 175 logged days of the last 183")
    assert line.figures == {"use_days": 170, "logged_days": 175, "days": 183}


def test_regular_use_needs_92_logged_days_of_the_183():
    def keys(last_logged):
        doses = doses_on(190, 4.0)  # the log began before the 183 days
        for n in range(0, last_logged + 1, 2):  # every other day logged, each a day of use
            doses += doses_on(n, 4.0)
        return [s.key for s in evaluate_warning(doses, TODAY, logged_days=set()).supporting]
    assert REGULAR_USE not in keys(180)  # 91 logged days: too few to say
    assert REGULAR_USE in keys(182)  # 92


def test_a_large_dose_is_written_as_every_amount_is():
    doses = doses_on(190, 1.0) + [Dose(dt.datetime.combine(day_ago(2), dt.time(9)), 5.25)]
    line = next(s for s in evaluate(doses).supporting if s.key == LARGE_DOSE)
    assert line.sentence.startswith(f"a single dose of 5.25 g on {date_text(day_ago(2))}")


def test_a_dismissed_warning_compares_grams_per_logged_day():
    # Dismissed in the morning: 6 days of 6.5 g, today not logged yet (39 g over 6 logged days).
    dismissal = Dismissal(TODAY, 39000, 7, 6, 6)
    # That evening today is checked in without kratom, and the 6 days held 7.5 g each:
    # 45 g over 7 logged days is 6.4 g a day, less than the 6.5 g of the morning: not worse.
    doses = log(lambda n: None if n == 0 else (7.5, 2) if n < 7 else (4.0, 2) if n < 120 else None)
    result = evaluate(doses)
    assert result.is_on and result.figures.recent.logged_days == 7
    assert is_dismissed(dismissal, result)
    # Stored before logged days were kept, the same dismissal divided by its 7 calendar days
    # (5.6 g a day), so 6.4 g a day is worse by more than 10%: the warning returns.
    assert not is_dismissed(Dismissal(TODAY, 39000, 7, 6), result)
