"""The date ranges the Trends page and the summary offer, and ISO weeks.

Plain Python (no Qt): "last 4 weeks", "last 3 months", "last 12 months",
everything, or two dates; a preset never starts before the log's first record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

_ONE_DAY = dt.timedelta(days=1)


class RangePreset(str, Enum):
    """The ranges the Trends page offers. The value is what a setting stores."""

    LAST_4_WEEKS = "4w"
    LAST_3_MONTHS = "3m"
    LAST_12_MONTHS = "12m"
    ALL = "all"
    CUSTOM = "custom"


@dataclass(frozen=True)
class DateRange:
    """Calendar days from start to end, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(
                f"the range starts on {self.start.isoformat()}, after its end "
                f"{self.end.isoformat()}; choose a start date on or before the end date"
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY).day
    return dt.date(year, month, min(day.day, last))


def preset_range(
    preset: RangePreset,
    today: dt.date,
    first_day: dt.date | None = None,
    custom: DateRange | None = None,
) -> DateRange:
    """The days a preset covers, ending today.

    "Last 4 weeks" is the 28 days ending today; "last 3 months" and "last 12
    months" start the day after the same date 3 or 12 months ago. A preset
    never starts before the first record of the log (``first_day``), so a
    young log is not shown with months of empty space. "All" runs from the
    first record to today (the last 4 weeks if nothing is recorded yet).
    "Custom" returns ``custom`` as chosen.
    """
    preset = RangePreset(preset)
    if preset is RangePreset.CUSTOM:
        if custom is None:
            raise ValueError("a custom range needs a start and an end date")
        return custom
    if preset is RangePreset.LAST_4_WEEKS:
        start = today - dt.timedelta(days=27)
    elif preset is RangePreset.LAST_3_MONTHS:
        start = months_before(today, 3) + _ONE_DAY
    elif preset is RangePreset.LAST_12_MONTHS:
        start = months_before(today, 12) + _ONE_DAY
    elif first_day is not None:
        start = first_day
    else:
        start = today - dt.timedelta(days=27)
    if first_day is not None and first_day <= today:
        start = max(start, first_day)
    return DateRange(start, today)


_DAYS_BACK = tuple(dt.timedelta(days=n) for n in range(7))


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's ISO week."""
    return day - _DAYS_BACK[day.weekday()]
