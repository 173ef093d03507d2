"""Whole records checked before they are stored: a dose, a check-in, a dose typed as text.

Every way into the log (the window, import, the CLI) goes through these; the
field parsers they build on are in core/validation.py. Each refusal names the
field and says why in words a person can act on.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.validation import (
    EARLIEST_DAY,
    FieldError,
    InvalidRecord,
    NOTE_MAX,
    PRODUCT_MAX,
    Problem,
    parse_form,
    parse_grams,
    parse_pain,
    parse_ratings,
    parse_taken_at,
    parse_text,
)


def check_day(day: dt.date, today: dt.date, field: str = "date") -> None:
    if day > today:
        raise FieldError(field, f"{day.isoformat()} is in the future; days after today cannot be logged")
    if day < EARLIEST_DAY:
        raise FieldError(field, f"{day.isoformat()} is before {EARLIEST_DAY.year}; check the year")


def check_not_later_than_now(taken_at: dt.datetime, now: dt.datetime | None) -> None:
    """Refuse a dose time later than ``now`` (to the minute), as a future day is refused.

    ``now`` None skips the check (a caller whose "today" is not the clock's).
    """
    if now is None or taken_at.date() != now.date():
        return
    if taken_at.replace(second=0, microsecond=0) > now:
        raise FieldError(
            "taken_at",
            f"{taken_at:%H:%M} on {taken_at.date().isoformat()} is later than now ({now:%H:%M}); "
            "a dose can be logged once it is taken",
        )


def clock_now(today: dt.date, now: dt.datetime | None) -> dt.datetime | None:
    """The moment to check dose times against: ``now``, else the clock's when ``today`` is its day."""
    if now is not None:
        return now
    clock = dt.datetime.now()
    return clock if clock.date() == today else None


def validate_dose(dose: Dose, today: dt.date, now: dt.datetime | None = None) -> Dose:
    """Return the dose, normalised, or raise InvalidRecord naming every bad field.

    A time later than ``now`` (default: the clock, when ``today`` is the
    clock's day) is refused: "that is later than now".
    """
    problems: list[Problem] = []
    values: dict[str, object] = {}

    def attempt(name, func, *args):
        try:
            values[name] = func(*args)
        except FieldError as err:
            problems.append(err.problem)

    if not isinstance(dose.taken_at, dt.datetime):
        problems.append(Problem("taken_at", "must be a date and time"))
    else:
        attempt("day", check_day, dose.taken_at.date(), today, "taken_at")
        if "day" in values:
            attempt("time", check_not_later_than_now, dose.taken_at, clock_now(today, now))
    attempt("form", parse_form, dose.form.value if isinstance(dose.form, Form) else dose.form)
    attempt("grams", parse_grams, dose.grams, values.get("form"))
    attempt("product", parse_text, dose.product, "product", PRODUCT_MAX, False)
    attempt("note", parse_text, dose.note, "note", NOTE_MAX, True)
    attempt("pain_before", parse_dose_pain, dose.pain_before, "pain before")
    attempt("pain_after", parse_dose_pain, dose.pain_after, "pain after")
    if problems:
        raise InvalidRecord(problems)
    return Dose(
        taken_at=dose.taken_at.replace(second=0, microsecond=0),
        grams=values["grams"],
        form=values["form"],
        product=values["product"],
        note=values["note"],
        id=dose.id,
        pain_before=values["pain_before"],
        pain_after=values["pain_after"],
    )


def parse_dose_pain(value: object, field: str) -> int | None:
    """A dose's "pain now" or pain after, 0-10 like the day's pain; empty means not recorded."""
    try:
        return parse_pain(value)
    except FieldError as err:
        raise FieldError(field, err.problem.message) from None


def validate_checkin(checkin: CheckIn, today: dt.date) -> CheckIn:
    """Return the check-in, normalised, or raise InvalidRecord naming every bad field."""
    problems: list[Problem] = []
    pain = None
    note = ""
    if not isinstance(checkin.day, dt.date):
        problems.append(Problem("date", "must be a date"))
    else:
        try:
            check_day(checkin.day, today)
        except FieldError as err:
            problems.append(err.problem)
    try:
        pain = parse_pain(checkin.pain)
    except FieldError as err:
        problems.append(err.problem)
    try:
        note = parse_text(checkin.note, "note", NOTE_MAX, True)
    except FieldError as err:
        problems.append(err.problem)
    ratings = parse_ratings(checkin.ratings.items(), problems)
    if problems:
        raise InvalidRecord(problems)
    return CheckIn(day=checkin.day, pain=pain, ratings=ratings, note=note)


def dose_from_text(
    taken_at: object,
    grams: object,
    form: object = "",
    product: object = "",
    note: object = "",
    *,
    today: dt.date,
    now: dt.datetime | None = None,
) -> Dose:
    """Build a validated dose from text fields, reporting every bad field at once."""
    problems: list[Problem] = []
    parsed: dict[str, object] = {}
    try:
        seven_oh = parse_form(form) is Form.SEVEN_OH
    except FieldError:
        seven_oh = False
    for name, func, args in (
        ("taken_at", parse_taken_at, (taken_at,)),
        ("grams", parse_grams, (grams, Form.SEVEN_OH if seven_oh else None)),
        ("form", parse_form, (form,)),
        ("product", parse_text, (product, "product", PRODUCT_MAX, False)),
        ("note", parse_text, (note, "note", NOTE_MAX, True)),
    ):
        try:
            parsed[name] = func(*args)
        except FieldError as err:
            problems.append(err.problem)
    if "taken_at" in parsed:
        try:
            check_day(parsed["taken_at"].date(), today, "taken_at")
            check_not_later_than_now(parsed["taken_at"], clock_now(today, now))
        except FieldError as err:
            problems.append(err.problem)
    if problems:
        raise InvalidRecord(problems)
    return Dose(**parsed)
