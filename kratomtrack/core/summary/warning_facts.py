"""The dependence warning on paper: its periods, whether it is on at the end of
the range, and the supporting facts printed whether it is on or not.

Plain Python. clinical.md, "For the doctor" (steady regular use is not
"rising"): wherever the summary says the warning is not on, it also says what
the warning does not look for, and prints the supporting facts (regular use for
more than 6 months, SDS 4 or more, single doses of 5 g or more, withdrawal-type
symptoms) whether or not the warning is on. The words are made here, once, so
the page and ``report --format json`` say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.coverage import DayKind
from kratomtrack.core.dates import date_text, span_text
from kratomtrack.core.warning.rule import LARGE_DOSE_CAVEAT
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.core.warning.words import months_words

# Warning periods fewer than this many days apart (the days off between them)
# are printed as one period "with breaks": a five-day "off" in a steady rise is
# not a new episode. A convention, like the warning's own windows.
JOIN_PERIODS_UNDER_DAYS = 7

NOT_LOOKED_FOR = (
    "The warning looks only for use that is frequent and rising; steady daily use at a steady amount, "
    "however large, does not set it off."
)
FACTS_INTRO = "In the log (these add to the warning but never set it off alone):"


@dataclass(frozen=True)
class WarningPeriod:
    """Days the warning was on, runs fewer than JOIN_PERIODS_UNDER_DAYS apart joined."""

    start: dt.date
    end: dt.date
    days_on: int
    runs: int  # runs of consecutive days on; more than one: "with breaks"
    reason: str  # on its last day on

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def with_breaks(self) -> bool:
        return self.runs > 1

    @property
    def text(self) -> str:
        """ "13 Oct – 19 Nov 2026 (with breaks: on 30 of 38 days)" or "6–8 Oct 2026 (3 days)"."""
        if self.with_breaks:
            return f"{span_text(self.start, self.end)} (with breaks: on {self.days_on} of {self.days} days)"
        return f"{span_text(self.start, self.end)} ({self.days_on} {'day' if self.days_on == 1 else 'days'})"


@dataclass(frozen=True)
class SupportingFact:
    """One supporting fact; ``found`` None when the log cannot say (too few days, not answered)."""

    key: str
    label: str
    found: bool | None
    text: str


@dataclass(frozen=True)
class WarningOnPaper:
    evaluated: bool  # False: the warning's history was not given (nothing is said about it)
    end: dt.date
    on_at_end: bool
    on_since: dt.date | None
    unknown_days_counted_through: int  # days with nothing logged inside "on since"
    periods: list[WarningPeriod]  # newest first
    days_on: int
    facts: list[SupportingFact]

    @property
    def statement(self) -> str:
        """The warning in one or two sentences: on since when and why, or not on and
        what it does not look for."""
        if not self.evaluated:
            return "Not evaluated for this summary."
        if self.on_at_end:
            text = f"On since {date_text(self.on_since)}"
            if self.unknown_days_counted_through:
                n = self.unknown_days_counted_through
                text += f" (counting through {n} {'day' if n == 1 else 'days'} with nothing logged)"
            latest = self.periods[0]
            if latest.with_breaks and latest.start < self.on_since:
                text += f", within a period with breaks since {date_text(latest.start)}"
            return f"{text}: {latest.reason}."
        text = f"Not on at the end of this range ({date_text(self.end)})"
        if self.periods:
            text += f"; last on {span_text(self.periods[0].start, self.periods[0].end)}"
        return f"{text}. {NOT_LOOKED_FOR}"


def warning_periods(spans: Sequence, join_under: int = JOIN_PERIODS_UNDER_DAYS) -> list[WarningPeriod]:
    """Runs of days on (core.summary.glance.WarningSpan, oldest first) joined when fewer
    than ``join_under`` days apart; newest first, as every list of them prints."""
    periods: list[WarningPeriod] = []
    for span in spans:
        last = periods[-1] if periods else None
        if last is not None and (span.start - last.end).days - 1 < join_under:
            periods[-1] = WarningPeriod(last.start, span.end, last.days_on + span.days, last.runs + 1,
                                        span.reason)
        else:
            periods.append(WarningPeriod(span.start, span.end, span.days, 1, span.reason))
    return periods[::-1]


def on_since(spans: Sequence, kinds: Mapping[dt.date, DayKind], end: dt.date) -> tuple[dt.date | None, int]:
    """When the warning has been on at ``end``, counting through days with nothing logged
    (an unknown day neither ends nor starts it), and how many such days it counted
    through. (None, 0) when it is not on at the last logged day of the range."""
    if not spans:
        return None, 0

    def unknown_between(after: dt.date, before: dt.date) -> int | None:
        """The days strictly between, if all have nothing logged; None otherwise."""
        days = [after + dt.timedelta(days=i) for i in range(1, (before - after).days)]
        if any(kinds.get(day, DayKind.UNKNOWN).logged for day in days):
            return None
        return len(days)

    trailing = unknown_between(spans[-1].end, end + dt.timedelta(days=1))
    if trailing is None:
        return None, 0
    counted = trailing
    since = spans[-1].start
    for earlier, later in zip(reversed(spans[:-1]), reversed(spans)):
        gap = unknown_between(earlier.end, later.start)
        if gap is None:
            break
        counted += gap
        since = earlier.start
    return since, counted


def supporting_facts(settings: WarningSettings, regular: tuple[bool | None, str],
                     sds: Sequence[tuple[dt.date, int]], large_doses: int, largest_leaf,
                     withdrawal_text: tuple[bool | None, str]) -> list[SupportingFact]:
    """The four facts clinical.md asks for, each found, not found or not known, in words.

    ``regular`` and ``withdrawal_text`` come worded from the key points (one
    computation); ``sds`` is the range's scores, oldest first; ``largest_leaf``
    the largest leaf Dose of the range, if any."""
    large = amount_text(round(settings.large_dose_grams * 1000))
    if large_doses:
        dose_text = (f"{large_doses} leaf {'dose' if large_doses == 1 else 'doses'} of {large} or more; "
                     f"largest {amount_text(largest_leaf.milligrams)} on {date_text(largest_leaf.day)} "
                     f"({LARGE_DOSE_CAVEAT.format(amount=large)})")
    elif largest_leaf is not None:
        dose_text = (f"none; largest leaf dose {amount_text(largest_leaf.milligrams)} on "
                     f"{date_text(largest_leaf.day)}")
    else:
        dose_text = "no leaf dose logged in this range"
    high = [(d, t) for d, t in sds if t >= settings.sds_threshold]
    if high:
        day, total = high[-1]
        sds_text = f"{total} of 15 on {date_text(day)}"
        if sds[-1][0] != day:
            sds_text += f"; latest {sds[-1][1]} of 15 on {date_text(sds[-1][0])}"
        sds_text += f" ({len(high)} of {len(sds)} answers {settings.sds_threshold} or more)"
    elif sds:
        sds_text = f"none; latest {sds[-1][1]} of 15 on {date_text(sds[-1][0])}"
    else:
        sds_text = "not answered in this range"
    return [
        SupportingFact("regular_use", f"Regular use for more than {months_words(settings.regular_use_days)}",
                       regular[0], regular[1]),
        SupportingFact("sds", f"SDS {settings.sds_threshold} or more", bool(high) if sds else None, sds_text),
        SupportingFact("large_dose", f"Single doses of {large} or more",
                       bool(large_doses) if largest_leaf is not None else None, dose_text),
        SupportingFact("withdrawal", "Withdrawal-type symptoms", withdrawal_text[0], withdrawal_text[1]),
    ]


def warning_on_paper(evaluated: bool, spans: Sequence, kinds: Mapping[dt.date, DayKind], end: dt.date,
                     facts: list[SupportingFact]) -> WarningOnPaper:
    since, counted = on_since(spans, kinds, end)
    return WarningOnPaper(
        evaluated=evaluated, end=end, on_at_end=since is not None, on_since=since,
        unknown_days_counted_through=counted, periods=warning_periods(spans),
        days_on=sum(s.days for s in spans), facts=facts,
    )
