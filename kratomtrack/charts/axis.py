"""The shared date axis of every chart: where a day sits, and its labels in words."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from matplotlib.dates import AutoDateLocator
from matplotlib.ticker import Formatter

from kratomtrack.core.dates import date_text, month_text, month_year_text, short_day_text

_EPOCH = dt.date(1970, 1, 1).toordinal()

FONT = 8.5
TITLE_FONT = 10


def day_x(day: dt.date) -> float:
    """A day's position on the date axis (matplotlib date number)."""
    return float(day.toordinal() - _EPOCH)


def moment_x(moment: dt.datetime) -> float:
    """A local time's position on the date axis: its day's 00:00 plus the part of
    the day gone (to the minute)."""
    return day_x(moment.date()) + (moment.hour * 60 + moment.minute) / 1440


def x_day(x: float) -> dt.date:
    """The day at date-axis position ``x`` (days are centred on whole numbers)."""
    return dt.date.fromordinal(int(round(x)) + _EPOCH)

# Up to this many days shown, ticks fall on whole days only (matplotlib would
# tick hours, each labelled with the same day).
WHOLE_DAYS_UP_TO = 16
MAX_DATE_TICKS = 8


class DateTicks(AutoDateLocator):
    """Date ticks that never repeat a day: on short ranges one tick a day (or every
    few days), at each day's place; otherwise matplotlib's automatic dates."""

    def __init__(self):
        super().__init__(minticks=3, maxticks=MAX_DATE_TICKS)

    def __call__(self):
        low, high = sorted(self.axis.get_view_interval()) if self.axis else (0.0, 0.0)
        if high - low > WHOLE_DAYS_UP_TO:
            return super().__call__()
        first, last = math.ceil(low - 1e-9), math.floor(high + 1e-9)
        step = max(1, math.ceil((last - first + 1) / MAX_DATE_TICKS))
        return np.arange(first, last + 1, step, dtype=float)


class DateLabels(Formatter):
    """Date tick labels in plain words: "5 Nov", "Sep", "Jan 2026", "2024".

    The form depends on the days shown: day and month up to 4 months; month
    names (with the year in January) up to about two years; then years.
    """

    def __call__(self, x, pos=None):
        day = x_day(x)
        low, high = self.axis.get_view_interval() if self.axis else (x, x)
        span = abs(high - low)
        if span <= 124:
            return short_day_text(day) if day.day != 1 or day.month != 1 else date_text(day)
        if span <= 800:
            return month_year_text(day) if day.month == 1 else month_text(day)
        return f"{day.year}" if day.month == 1 and day.day == 1 else month_year_text(day)
