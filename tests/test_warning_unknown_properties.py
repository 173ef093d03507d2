"""Properties of the warning rule with days that have nothing logged (clinical.md,
"Days with nothing logged"): an unknown day is left out of every mean, so
making days unknown never raises a comparison and never moves a judged mean."""

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kratomtrack.core.records import Dose
from kratomtrack.core.warning.results import DOSES_PER_USE_DAY, LONG_TERM, SHORT_TERM
from kratomtrack.core.warning.rule import evaluate_warning

from conftest import TODAY

SPAN = 200  # days a generated log covers at most


def ago(n: int, today: dt.date = TODAY) -> dt.date:
    return today - dt.timedelta(days=n)


def use_day(day: dt.date, tenths: int, doses: int) -> list[Dose]:
    """``doses`` doses on ``day`` adding up to exactly ``tenths`` tenths of a gram."""
    parts = [tenths // doses + (1 if i < tenths % doses else 0) for i in range(doses)]
    return [Dose(dt.datetime.combine(day, dt.time(6 + 3 * i)), p / 10) for i, p in enumerate(parts)]


@settings(max_examples=150, deadline=None)
@given(first=st.integers(0, SPAN), tenths=st.integers(10, 150), doses=st.integers(1, 5),
       removed=st.sets(st.integers(0, SPAN)), back=st.integers(0, 20))
def test_making_days_unknown_in_a_steady_log_never_raises_a_comparison_or_moves_a_judged_mean(
        first, tenths, doses, removed, back):
    # Every logged day of the log is a day of use with the same grams and dose count;
    # ``removed`` days (today too, maybe) lose every record, so nothing is logged on them.
    today = ago(back)
    kept = [ago(n, today) for n in range(first + 1) if n not in removed]
    log = [dose for day in kept for dose in use_day(day, tenths, doses)]
    result = evaluate_warning(log, today, logged_days=set(kept), first_day=ago(first, today))
    for key in (SHORT_TERM, LONG_TERM, DOSES_PER_USE_DAY):
        assert not result.condition(key).held, result.condition(key).sentence
    for window in result.figures.windows:
        if window.judged:
            assert window.mean_leaf == Fraction(tenths, 10)
            assert window.per_use_day == doses
            assert window.unknown_days == sum(1 for n in removed if window.start <= ago(n, today) <= window.end
                                              and n <= first)
        else:  # not judged: no mean is given, never 0
            assert window.as_dict()["mean_leaf_g_per_day"] is None


WINDOWS = {"recent": (1, 7), "short_base": (8, 28), "middle": (1, 28), "long_base": (29, 84)}


@st.composite
def windows_with_gaps(draw):
    """A window, the logged days' leaf grams in order (0: a day without kratom), and
    where unknown days go between them (as many as fit in the window)."""
    key = draw(st.sampled_from(sorted(WINDOWS)))
    first_back, last_back = WINDOWS[key]
    length = last_back - first_back + 1
    values = draw(st.lists(st.one_of(st.just(0), st.integers(1, 150)), min_size=1, max_size=length))
    gaps = draw(st.lists(st.integers(0, len(values)), max_size=length - len(values)))
    return key, values, gaps


@settings(max_examples=150, deadline=None)
@given(windows_with_gaps())
def test_inserting_unknown_days_never_changes_the_mean_of_a_windows_logged_days(case):
    key, values, gaps = case
    first_back, last_back = WINDOWS[key]

    def figures(gaps_before: list[int]):
        """The window with ``values`` on consecutive days from its start, and an unknown
        day inserted before value i for each i in ``gaps_before``."""
        doses, logged, n = [], set(), last_back - 1  # days ago of the window's first day
        for i, tenths in enumerate(values):
            n -= gaps_before.count(i)
            day = ago(n)
            logged.add(day)
            if tenths:
                doses += use_day(day, tenths, 1)
            n -= 1
        result = evaluate_warning(doses, TODAY, logged_days=logged, first_day=ago(300))
        return next(w for w in result.figures.windows if w.key == key)

    without, with_gaps = figures([]), figures(gaps)
    expected = Fraction(sum(values), 10 * len(values))
    assert without.mean_leaf == with_gaps.mean_leaf == expected
    assert without.logged_days == with_gaps.logged_days == len(values)
    assert with_gaps.unknown_days == with_gaps.days - len(values)
    assert with_gaps.use_days == sum(1 for v in values if v)
