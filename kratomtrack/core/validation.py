"""Validation shared by every way into the log: the window, import, the CLI.

Each check names the field it refuses and says why in words a person can act
on. Parsers take text (as typed or as read from a file) and return values.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kratomtrack.core.records import RATING_LABELS, Form

MAX_GRAMS = 100.0
PRODUCT_MAX = 200
NOTE_MAX = 2000
SIDE_EFFECT_NAME_MAX = 40
# Records before this are almost certainly typos in the year.
EARLIEST_DAY = dt.date(1970, 1, 1)
# A later day is a typo in the year too; far enough from the calendar's end
# (9999) that the arithmetic done on a stored day (weeks, windows) stays in it.
LATEST_DAY = dt.date(2199, 12, 31)

# Names a check-ins CSV uses for its own columns; a side effect may not take them.
RESERVED_COLUMN_NAMES = frozenset({"date", "pain", "notes", "note"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Compiled once: the whole-log check parses every stored row with these.
_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TAKEN_AT_TEXT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII)
# Beyond ASCII: other controls (U+0085…), format characters (bidi overrides,
# zero-width spaces and joiners, the byte-order mark), line and paragraph
# separators, private-use and surrogate code points. They hide or reorder
# what a person reads back, in the window and in the doctor's summary.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
# Except the zero-width non-joiner and joiner: Persian and Indic scripts need
# them to spell words, and emoji such as a family are joined by them. They
# neither reorder text nor hide a character on their own.
_JOINERS = frozenset({"\u200c", "\u200d"})


@dataclass(frozen=True)
class Problem:
    """Why one field was refused."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidRecord(ValueError):
    """A record was refused; ``problems`` names each field and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class FieldError(ValueError):
    """One field's text could not be read."""

    def __init__(self, field: str, message: str):
        self.problem = Problem(field, message)
        super().__init__(str(self.problem))


# --- parsers: text to values -------------------------------------------------


def parse_grams(value: object, form: Form | None = None) -> float:
    """Grams, more than 0 and at most 100: 0.01 g steps, or whole milligrams
    (0.001 g) for a 7-OH product (labelled in mg). The result is exactly
    milligrams / 1000, so Dose.milligrams recovers the whole number."""
    if isinstance(value, bool) or value is None:
        raise FieldError("grams", "must be a number of grams, such as 2.5")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            raise FieldError("grams", f"must be at most {MAX_GRAMS:g} g") from None
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise FieldError("grams", "is empty; enter how many grams, such as 2.5")
        if "," in text and "." not in text:
            raise FieldError("grams", f"'{_shorten(text)}' uses a comma; use a point for decimals, such as 2.5")
        # Plain ASCII decimals only: float() would also take '1_0', 'nan',
        # '2e1' and other scripts' digits, none of which a person means as grams.
        if not re.fullmatch(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)", text):
            raise FieldError("grams", f"'{_shorten(text)}' is not a number of grams")
        number = float(text)
    else:
        raise FieldError("grams", "must be a number of grams, such as 2.5")
    check_grams(number, form)
    return round(number * 1000) / 1000


def parse_milligrams(value: object) -> float:
    """A 7-OH amount typed in milligrams (whole mg), returned in grams."""
    text = value.strip() if isinstance(value, str) else ""
    if isinstance(value, str) and not text:
        raise FieldError("grams", "is empty; enter how many milligrams, such as 15")
    if not re.fullmatch(r"-?[0-9]+", text):
        raise FieldError("grams", "must be a whole number of milligrams, such as 15")
    if len(text) > 7 or int(text) > MAX_GRAMS * 1000:
        raise FieldError("grams", f"must be at most {MAX_GRAMS * 1000:g} mg")
    return parse_grams(int(text) / 1000, Form.SEVEN_OH)


def check_grams(number: float, form: Form | None = None) -> None:
    if math.isnan(number) or math.isinf(number):
        raise FieldError("grams", "must be a number of grams, such as 2.5")
    if number <= 0:
        raise FieldError("grams", "must be more than 0")
    if number > MAX_GRAMS:
        raise FieldError("grams", f"must be at most {MAX_GRAMS:g} g")
    if round(number * 1000) <= 0:  # kept in whole milligrams: 0.00000001 g would be 0
        raise FieldError("grams", "must be more than 0")
    if form is Form.SEVEN_OH:
        if abs(number * 1000 - round(number * 1000)) > 1e-6:
            raise FieldError("grams", "must be whole milligrams (0.001 g steps) for a 7-OH product")
    elif abs(number * 100 - round(number * 100)) > 1e-6:
        raise FieldError("grams", "can have at most two decimal places (0.01 g steps)")


def parse_form(value: object) -> Form:
    """A form by its name, case-insensitive; empty means powder."""
    if value is None:
        return Form.POWDER
    if not isinstance(value, str):
        raise FieldError("form", "must be one of: " + _form_names())
    text = value.strip().casefold()
    if not text:
        return Form.POWDER
    form = _FORMS_BY_NAME.get(text)
    if form is None:
        raise FieldError("form", f"'{_shorten(value.strip())}' is not a known form; use one of: {_form_names()}")
    return form


# Each form's stored name, and the other spellings files use.
_FORMS_BY_NAME = {form.value: form for form in Form} | {
    "7-oh product": Form.SEVEN_OH, "7oh": Form.SEVEN_OH, "7-oh": Form.SEVEN_OH, "capsule": Form.CAPSULES,
}


def parse_day(value: object, field: str = "date") -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _DAY_TEXT.fullmatch(value.strip()):
        raise FieldError(field, f"'{_shorten(str(value))}' is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise FieldError(field, f"'{value.strip()}' is not a real date") from None


def parse_taken_at(value: object, *, real_clock: bool = True) -> dt.datetime:
    """YYYY-MM-DDTHH:MM, seconds allowed; a UTC offset is converted to local time.

    Returns a naive local datetime truncated to the minute. ``real_clock``:
    refuse a local time the clock skipped (the spring-forward gap); reading
    back what is already stored does not ask.
    """
    if not isinstance(value, str):
        raise FieldError("taken_at", "must be a date and time written YYYY-MM-DDTHH:MM")
    text = value.strip()
    if not _TAKEN_AT_TEXT.fullmatch(text):
        raise FieldError(
            "taken_at", f"'{_shorten(text)}' is not a date and time written YYYY-MM-DDTHH:MM"
        )
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise FieldError("taken_at", f"'{text}' is not a real date and time") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone().replace(tzinfo=None)
        except OverflowError:  # e.g. 9999-12-31T23:59-23:00 is past year 9999 here
            raise FieldError("taken_at", f"'{text}' is not a real date and time") from None
    moment = moment.replace(second=0, microsecond=0)
    if real_clock:
        check_clock_time(moment, "taken_at")
    return moment


def check_clock_time(moment: dt.datetime, field: str) -> None:
    """Refuse a local time that did not happen: the hour skipped when clocks go forward."""
    try:
        after, before = (dt.datetime.fromtimestamp(moment.replace(fold=f).timestamp())
                         for f in (0, 1))
    except (OverflowError, OSError, ValueError):
        return  # outside what the system's clock knows: nothing to check against
    if after == moment or before == moment:
        return
    start, end = _skipped(before, after)
    raise FieldError(field, f"{moment:%Y-%m-%d %H:%M} did not happen here: the clock skipped "
                            f"from {start:%H:%M} to {end:%H:%M} that night")


def _skipped(before: dt.datetime, after: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The local times either side of the clock change between two instants."""
    low, high = before.timestamp(), after.timestamp()
    offset = lambda t: dt.datetime.fromtimestamp(t).astimezone().utcoffset()  # noqa: E731
    first = offset(low)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if offset(middle) == first else (low, middle)
    end = dt.datetime.fromtimestamp(high)
    return end - (offset(high) - first), end


def parse_pain(value: object) -> int | None:
    """Pain 0-10 as a whole number; empty or None means not recorded."""
    return _whole_number_to(
        value, "pain", 10,
        wrong_type="must be a whole number from 0 to 10, or empty",
        not_a_number="'{text}' is not a whole number from 0 to 10",
        out_of_range="{number} is outside 0 (no pain) to 10 (worst imaginable)",
    )


def parse_rating(value: object, field: str) -> int | None:
    """A side-effect rating 0-3 (none, mild, moderate, severe); empty means not rated."""
    return _whole_number_to(
        value, field, 3,
        wrong_type="must be 0 none, 1 mild, 2 moderate or 3 severe",
        not_a_number="'{text}' is not a rating from 0 to 3",
        out_of_range="{number} is outside 0 (none) to 3 (severe)",
        words=RATING_LABELS,
    )


def _whole_number_to(
    value: object, field: str, top: int, *, wrong_type: str, not_a_number: str,
    out_of_range: str, words: Sequence[str] = (),
) -> int | None:
    """A whole number from 0 to ``top``: an int, a whole float or text; empty or None is None.

    Text may also be one of ``words`` (any case), which stands for its index.
    The messages fill in ``{text}`` (the text given) and ``{number}``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldError(field, wrong_type)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.casefold() in words:
            return words.index(text.casefold())
        if not re.fullmatch(r"-?[0-9]{1,9}", text):
            raise FieldError(field, not_a_number.format(text=_shorten(text)))
        number = int(text)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raise FieldError(field, wrong_type)
    if not 0 <= number <= top:
        raise FieldError(field, out_of_range.format(number=number))
    return number


def parse_text(value: object, field: str, limit: int, multiline: bool) -> str:
    """Free text, trimmed; refuses non-text, control characters and overlong text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(field, "must be text")
    text = value.replace("\r\n", "\n").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. "\ud800" in JSON
        raise FieldError(field, "contains characters that are not valid text") from None
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\t" in text)):
        raise FieldError(field, "contains control characters or line breaks that cannot be stored")
    if not text.isascii() and any(ch > "\x7f" and ch not in _JOINERS
                                  and unicodedata.category(ch) in _INVISIBLE for ch in text):
        raise FieldError(field, "contains invisible or direction-changing characters "
                                "(such as zero-width or right-to-left marks) that cannot be stored")
    if len(text) > limit:
        raise FieldError(field, f"is {len(text)} characters long; at most {limit} are allowed")
    return text


def side_effect_name(value: object) -> str:
    """A custom side effect's name: short, single-line, not a column name."""
    name = parse_text(value, "side effect", SIDE_EFFECT_NAME_MAX, multiline=False)
    name = " ".join(name.split())
    if not name:
        raise FieldError("side effect", "needs a name")
    if name.casefold() in RESERVED_COLUMN_NAMES:
        raise FieldError("side effect", f"'{name}' is reserved; choose another name")
    return name


def parse_ratings(pairs: Iterable[tuple[object, object]], problems: list[Problem]) -> dict[str, int]:
    """Side-effect (name, rating) pairs as {clean name: rating}; unrated ones are left out.

    A bad name or rating adds its Problem to ``problems`` and is skipped, so
    that a record can be refused naming every bad field at once.
    """
    ratings: dict[str, int] = {}
    seen: dict[str, str] = {}  # casefolded name -> as first written
    for name, value in pairs:
        try:
            clean = side_effect_name(name)
            if clean.casefold() in seen:
                raise FieldError("side effect", f"'{clean}' is given twice (also as "
                                 f"'{seen[clean.casefold()]}'); names are the same ignoring case")
            seen[clean.casefold()] = clean
            rating = parse_rating(value, clean)
        except FieldError as err:
            problems.append(err.problem)
            continue
        if rating is not None:
            ratings[clean] = rating
    return ratings


def _form_names() -> str:
    return ", ".join(f.value for f in Form)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
