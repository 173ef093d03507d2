"""The one limit check of every number and date a ``kratomtrack`` option takes.

Each is an argparse ``type``: a value that is not finite, out of range or a
day the app cannot handle is refused before the command runs, with the
subcommand's usage and the allowed range in words (exit status 2), never a
traceback from date arithmetic or an infinite float. The commands then work
only with values inside these ranges.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from decimal import Decimal

from kratomtrack.core.background import parse_since
from kratomtrack.core.plan import MAX_DOSES, MAX_LEAF_MG, PlanStep
from kratomtrack.core.validation import EARLIEST_DAY, FieldError, parse_day

# Plain decimals only: float() would also take 'nan', '1e400', '1_0' and
# other scripts' digits, none of which a person means as an amount.
_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]*)?|\.[0-9]+")
_WHOLE = re.compile(r"[0-9]{1,9}")
PLAN_DAYS_AHEAD = 3653  # a plan's start, steps and end: at most ten years from today


def _shown(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:29] + "…")


class Days:
    """A day written YYYY-MM-DD from 1 January 1970 to ``ahead`` days after
    today (``ahead_words``, such as "a year"), or to today when ``ahead`` is 0
    (a day that must have happened)."""

    def __init__(self, ahead: int = 0, ahead_words: str = ""):
        self.ahead = ahead
        self.latest_words = f"{ahead_words} from today" if ahead else "today"

    def range_words(self, today: dt.date) -> str:
        latest = today + dt.timedelta(days=self.ahead)
        return f"give a day from {EARLIEST_DAY.isoformat()} to {self.latest_words} ({latest.isoformat()})"

    def __call__(self, text: str) -> dt.date:
        try:
            day = parse_day(text)
        except FieldError as err:
            raise argparse.ArgumentTypeError(err.problem.message) from None
        today = dt.date.today()
        if day < EARLIEST_DAY:
            raise argparse.ArgumentTypeError(f"{day.isoformat()} is before {EARLIEST_DAY.year}; "
                                             f"{self.range_words(today)}")
        if day > today + dt.timedelta(days=self.ahead):
            later = "in the future" if self.ahead == 0 else f"more than {self.latest_words}"
            raise argparse.ArgumentTypeError(f"{day.isoformat()} is {later}; {self.range_words(today)}")
        return day


PAST_DAY = Days()  # --today, --from, --to, demo's --today: the future has not been logged
PLAN_DAY = Days(PLAN_DAYS_AHEAD, "ten years")


class Number:
    """A plain decimal (or whole) number from ``low`` to ``high``, said in words."""

    def __init__(self, low: str, high: str, unit: str, *, whole: bool = False, example: str = "2.5"):
        self.low, self.high = Decimal(low), Decimal(high)
        self.unit, self.whole = unit, whole
        self.example = example

    def words(self) -> str:
        kind = "a whole number of" if self.whole else "a number of"
        return f"{kind} {self.unit} from {self.low:f} to {self.high:f}, such as {self.example}"

    def __call__(self, text: str) -> float | int:
        stripped = text.strip()
        if not (_WHOLE if self.whole else _DECIMAL).fullmatch(stripped):
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not {self.words()}")
        value = Decimal(stripped)
        if not self.low <= value <= self.high:
            raise argparse.ArgumentTypeError(f"{stripped} is out of range; give {self.words()}")
        return int(value) if self.whole else float(value)


LEAF_GRAMS = Number("0", str(MAX_LEAF_MG // 1000), "grams of leaf a day")
STEP_GRAMS = Number("0.001", str(MAX_LEAF_MG // 1000), "grams", example="0.5")
DAYS_PER_STEP = Number("1", "365", "days", whole=True, example="7")
DEMO_DAYS = Number("1", "36600", "days", whole=True, example="120")
DOSES_A_DAY = Number("0", str(MAX_DOSES), "doses a day", whole=True, example="3")


def since(text: str) -> str:
    """"Taken since": a year, month or day (YYYY, YYYY-MM, YYYY-MM-DD) from 1900 to today
    (core.background.parse_since, the background's own rule)."""
    try:
        return parse_since(text, "--since", dt.date.today())
    except FieldError as err:
        raise argparse.ArgumentTypeError(err.problem.message) from None


def plan_step(text: str) -> PlanStep:
    """--step DATE:GRAMS, DATE:GRAMS:DOSES or DATE::DOSES, each part within its range."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[1] and (len(parts) == 2 or not parts[2]):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not DATE:GRAMS, DATE:GRAMS:DOSES or DATE::DOSES")
    day = PLAN_DAY(parts[0])
    grams = LEAF_GRAMS(parts[1]) if parts[1] else None
    doses = DOSES_A_DAY(parts[2]) if len(parts) == 3 and parts[2] else None
    return PlanStep(day, None if grams is None else round(grams * 1000), doses)
