"""A spreadsheet's cells read as kratomtrack's fields: dates, times, amounts, ratings, words.

A cell is a plain value as the sheet holds it (None for blank, text, a
number, a date, a date and time, a time of day, True/False) or a BadCell the
reader could not give (a formula whose result was never saved, an error such
as #DIV/0!). Text is read by the rules the person confirmed for the sheet,
its date order and decimal mark, and anything else is refused with the
reason in words (CellError): a cell is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DMY = "dmy"  # 04/03/2026 is 4 March
MDY = "mdy"  # 04/03/2026 is April 3
DATE_ORDERS = (DMY, MDY)

MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}

_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_NUMBERS = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})")
_DAY_NAMED = re.compile(r"(\d{1,2})[ -]([a-z]{3,9})\.?,?[ -](\d{4}|\d{2})")
_NAMED_DAY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?m\.?)?")
_OFFSET = re.compile(r"\s*(z|utc|[+-]\d{2}:?\d{2})")
_WHOLE = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class BadCell:
    """A cell whose value the file does not give; ``why`` says so in words."""

    why: str

    def __str__(self) -> str:
        return self.why


@dataclass(frozen=True)
class Covered:
    """A cell covered by a merged cell: the sheet shows the merged cell's ``value``
    there, written once, on row ``row``. A date or a word is the same for every
    row it covers; an amount or a rating belongs to one row, so it is not read."""

    value: object
    row: int

    def __str__(self) -> str:
        return shown(self.value)


def plain(value: object) -> object:
    """The value a cell shows, a merged one's included."""
    return value.value if isinstance(value, Covered) else value


class CellError(ValueError):
    """A cell cannot be read as the field it was mapped to; the message says why."""


@dataclass(frozen=True)
class When:
    """A date read from a cell, with the time of day and UTC offset when the cell gives them."""

    day: dt.date
    time: dt.time | None = None
    offset: dt.timedelta | None = None


def is_blank(value: object) -> bool:
    value = plain(value)
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object, limit: int = 40) -> str:
    """A cell as a person would recognise it in a message."""
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- dates and times ----------------------------------------------------------------------


def read_when(value: object, order: str | None) -> When:
    """A date (and perhaps a time) from a date cell, text read in ``order`` (DMY or MDY)."""
    value = plain(value)
    if isinstance(value, BadCell):
        raise CellError(value.why)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return When(value.date(), value.time(), value.utcoffset())
        return When(value.date(), value.time())
    if isinstance(value, dt.date):
        return When(value)
    if not isinstance(value, str):
        raise CellError(f"'{shown(value)}' is a number, not a date")
    day, rest = _date_part(" ".join(value.strip().casefold().split()), order, value)
    if not rest:
        return When(day)
    moment, offset = _time_and_offset(rest, value)
    return When(day, moment, offset)


def _date_part(text: str, order: str | None, original: str) -> tuple[dt.date, str]:
    for pattern in (_YEAR_FIRST, _NUMBERS, _DAY_NAMED, _NAMED_DAY):
        match = pattern.match(text)
        if match:
            break
    else:
        raise CellError(f"'{shown(original)}' is not a date")
    groups = match.groups()
    if pattern is _YEAR_FIRST:
        year, month, day = groups[0], groups[2], groups[3]
    elif pattern is _NUMBERS:
        if order not in DATE_ORDERS:
            raise CellError(f"'{shown(original)}' could be day/month or month/day; "
                            "choose the date order")
        first, second, year = groups[0], groups[2], groups[3]
        day, month = (first, second) if order == DMY else (second, first)
    elif pattern is _DAY_NAMED:
        day, month, year = groups[0], _month(groups[1], original), groups[2]
    else:
        month, day, year = _month(groups[0], original), groups[1], groups[2]
    year = int(year)
    if year < 100:
        year += 2000  # '26: every spreadsheet reads a two-digit year in this century
    try:
        found = dt.date(year, int(month), int(day))
    except ValueError:
        raise CellError(f"'{shown(original)}' is not a real date"
                        + (" in the chosen date order" if pattern is _NUMBERS else "")) from None
    rest = text[match.end():]
    if pattern is _YEAR_FIRST and rest.startswith("t"):  # ISO 8601: 2026-03-04T08:15
        rest = rest[1:]
    return found, rest.strip(" ,")


def _month(name: str, original: str) -> int:
    month = MONTHS.get(name.rstrip("."))
    if month is None:
        raise CellError(f"'{shown(original)}' is not a date (no month '{name}')")
    return month


def _time_and_offset(text: str, original: object) -> tuple[dt.time, dt.timedelta | None]:
    match = _TIME.match(text)
    if not match:
        raise CellError(f"'{shown(original)}' is not a time of day")
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if match.group(4):
        if not 1 <= hour <= 12:
            raise CellError(f"'{shown(original)}' is not a time of day")
        hour = hour % 12 + (12 if match.group(4) == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(f"'{shown(original)}' is not a time of day")
    rest = text[match.end():]
    offset = None
    if rest:
        found = _OFFSET.fullmatch(rest)
        if not found:
            raise CellError(f"'{shown(original)}' is not a time of day")
        offset = _offset(found.group(1))
    return dt.time(hour, minute, second), offset


def _offset(text: str) -> dt.timedelta:
    if text in ("z", "utc"):
        return dt.timedelta(0)
    digits = text[1:].replace(":", "")
    size = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return -size if text[0] == "-" else size


def read_time(value: object) -> dt.time:
    """A time of day from a time cell."""
    value = plain(value)
    if isinstance(value, BadCell):
        raise CellError(value.why)
    if isinstance(value, dt.datetime):
        return value.time().replace(tzinfo=None)
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        raise CellError(f"'{shown(value)}' is not a time of day")
    moment, offset = _time_and_offset(" ".join(value.strip().casefold().split()), value)
    if offset is not None:
        raise CellError(f"'{shown(value)}' has a UTC offset; put it in the date column or "
                        "choose the time zone")
    return moment


def numeric_dates(values: Iterable[object]) -> Iterable[tuple[int, str, int, int]]:
    """(index, text, first number, second number) of each text date written with
    numbers only, day and month in an order the text does not say."""
    for index, value in enumerate(values):
        if isinstance(value, str):
            match = _NUMBERS.match(" ".join(value.strip().split()))
            if match:
                yield index, value.strip(), int(match.group(1)), int(match.group(3))


def date_order_proof(values: Sequence[object]) -> dict[str, tuple[int, str]]:
    """For each date order, the first cell that can only be read in it: a first
    number over 12 proves day/month, a second one over 12 month/day."""
    proof: dict[str, tuple[int, str]] = {}
    for index, text, first, second in numeric_dates(values):
        if first > 12 >= second and DMY not in proof:
            proof[DMY] = (index, text)
        elif second > 12 >= first and MDY not in proof:
            proof[MDY] = (index, text)
        if len(proof) == 2:
            break
    return proof


# --- numbers -------------------------------------------------------------------------------


def read_amount(value: object, *, decimal_comma: bool, unit: str) -> float:
    """An amount in ``unit`` ("g" or "mg"): a number cell, or text written with the
    sheet's decimal mark and perhaps the unit after it ("2,5", "2.5 g")."""
    _refuse_covered(value)
    if isinstance(value, BadCell):
        raise CellError(value.why)
    if isinstance(value, bool):
        raise CellError(f"'{shown(value)}' is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise CellError(f"'{shown(value)}' is a date or time, not an amount")
    text = value.strip()
    if text.casefold().endswith(unit) and text[: -len(unit)].strip()[-1:].isdigit():
        text = text[: -len(unit)].strip()
    mark = "," if decimal_comma else "."
    if not re.fullmatch(r"[0-9]+(?:" + re.escape(mark) + r"[0-9]+)?", text):
        other = "." if decimal_comma else ","
        hint = (f" (the decimal mark chosen is '{mark}', not '{other}')"
                if re.fullmatch(r"[0-9]+" + re.escape(other) + r"[0-9]+", text) else "")
        raise CellError(f"'{shown(value)}' is text in a number column{hint}")
    return float(text.replace(",", "."))


def read_whole(value: object, top: int, words: Sequence[str] = ()) -> int:
    """A whole number from 0 to ``top`` (pain 0-10, a rating 0-3 or its word)."""
    _refuse_covered(value)
    if isinstance(value, BadCell):
        raise CellError(value.why)
    if isinstance(value, bool):
        raise CellError(f"'{shown(value)}' is not a whole number from 0 to {top}")
    if isinstance(value, str):
        text = value.strip()
        if text.casefold() in words:
            return list(words).index(text.casefold())
        if not _WHOLE.fullmatch(text):
            raise CellError(f"'{shown(value)}' is not a whole number from 0 to {top}")
        number = int(text)
    elif isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        number = int(value)
    else:
        raise CellError(f"'{shown(value)}' is not a whole number from 0 to {top}")
    if not 0 <= number <= top:
        raise CellError(f"{number} is outside 0 to {top}")
    return number


def read_words(value: object) -> str:
    """Text from a text cell; a number there is kept as it reads ("42")."""
    value = plain(value)
    if isinstance(value, BadCell):
        raise CellError(value.why)
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.time)):
        raise CellError(f"'{shown(value)}' is a date or time, not text")
    return shown(value, limit=10**6)


def _refuse_covered(value: object) -> None:
    if isinstance(value, Covered):
        raise CellError(f"is part of a cell merged down from row {value.row}; its "
                        f"'{shown(value.value)}' belongs to one row, not to each")


def guess_decimal_comma(values: Iterable[object]) -> bool:
    """Text numbers written 2,5 and none 2.5: the sheet's decimal mark is a comma."""
    commas = points = 0
    for value in values:
        if isinstance(value, str):
            text = value.strip()
            commas += bool(re.fullmatch(r"[0-9]+,[0-9]+", text))
            points += bool(re.fullmatch(r"[0-9]+\.[0-9]+", text))
    return commas > 0 and points == 0
