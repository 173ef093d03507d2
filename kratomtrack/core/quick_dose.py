"""A dose from typed text: the amount as people type it, with a form, product,
note and time. Today, the tray's "Log a dose…" window and ``kratomtrack dose``
(run by itself, or handed to the open window) all build their dose here and
check it with the same typo guard (core/entry.py).

``kratomtrack dose 2.5`` leaves out what Today's form keeps from the dose
before: the form and the product are the last dose's unless given, and the
time is now unless ``--at`` gives one (on today: the command logs today only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from kratomtrack.core.dates import weekday_date_text
from kratomtrack.core.entry import TypoCheck, parse_time_of_day, typo_check, typo_guard_words
from kratomtrack.core.last_dose import dose_words
from kratomtrack.core.records import Dose
from kratomtrack.core.typed_amount import TypedAmount, read_amount
from kratomtrack.core.validation import FieldError, InvalidRecord, Problem, parse_form
from kratomtrack.core.whole_records import dose_from_text


def typed_dose(taken_at: dt.datetime, amount: object, form: object = "", product: object = "",
               note: object = "", *, decimal_mark: str = ".", today: dt.date,
               now: dt.datetime | None = None) -> tuple[Dose, TypedAmount]:
    """The dose typed, and how its amount was read; InvalidRecord names every refused field."""
    try:
        unit_form = parse_form(form)
    except FieldError:
        unit_form = None  # the form's own refusal comes from dose_from_text
    problems: list[Problem] = []
    typed = None
    try:
        typed = read_amount(amount, unit_form, decimal_mark)
    except FieldError as err:
        problems.append(err.problem)
    try:
        # Whole milligrams / 1000: exact for the checks of dose_from_text
        # (1 g stands in for an amount already refused, so that only the other fields are checked).
        dose = dose_from_text(taken_at.strftime("%Y-%m-%dT%H:%M"), typed.grams if typed else 1.0,
                              form, product, note, today=today, now=now)
    except InvalidRecord as err:
        problems.extend(err.problems)
    if problems:
        raise InvalidRecord(problems)
    return dose, typed


@dataclass(frozen=True)
class DoseRequest:
    """``kratomtrack dose``'s arguments as given: None is "not given"."""

    amount: str
    form: str | None = None
    product: str | None = None
    at: str | None = None  # HH:MM today; None: now
    decimal_mark: str = "."
    yes: bool = False  # the typo guard's question answered "it is right"

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: object) -> DoseRequest:
        """A request as the window receives it; FieldError("request", …) for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("amount"), str):
            raise FieldError("request", "is not a dose from 'kratomtrack dose'")
        texts = {name: data.get(name) for name in ("form", "product", "at")}
        if any(value is not None and not isinstance(value, str) for value in texts.values()) \
                or data.get("decimal_mark", ".") not in (".", ",") or not isinstance(data.get("yes", False), bool):
            raise FieldError("request", "is not a dose from 'kratomtrack dose'")
        return cls(data["amount"], **texts, decimal_mark=data.get("decimal_mark", "."),
                   yes=data.get("yes", False))


@dataclass(frozen=True)
class PreparedDose:
    """A requested dose, read and checked: what is saved, how its amount was read,
    and the typo guard's check against the day's other doses."""

    dose: Dose
    typed: TypedAmount
    check: TypoCheck

    @property
    def needs_confirmation(self) -> bool:
        return self.check.needs_confirmation

    def question(self) -> str:
        """The typo guard's question as a refusal of the command line (answered with --yes)."""
        return (f"Is this right? {typo_guard_words(self.check, self.dose.form)} Not saved: if it "
                "is right, run the command again with --yes.")

    def saved_words(self, verb: str = "Logged") -> str:
        """'Logged 2.5 g powder, Red Bali at 14:05 on Fri 20 Nov 2026 (read “2,5” as 2.5 g).'"""
        dose = self.dose
        words = f"{verb} {dose_words(dose)} at {dose.taken_at:%H:%M} on {weekday_date_text(dose.day)}"
        return f"{words} ({self.typed.read_as})." if self.typed.read_as else words + "."


def prepare_dose(request: DoseRequest, last: Dose | None, day_doses: Iterable[Dose],
                 now: dt.datetime) -> PreparedDose:
    """The dose ``request`` asks for at ``now`` (form and product from ``last`` unless
    given), checked against ``day_doses`` (today's); InvalidRecord names what is refused."""
    now = now.replace(second=0, microsecond=0)
    form = request.form if request.form is not None else (last.form.value if last else "")
    product = request.product if request.product is not None else (last.product if last else "")
    try:
        at = parse_time_of_day(request.at)
    except FieldError as err:
        raise InvalidRecord([err.problem]) from None
    taken_at = dt.datetime.combine(now.date(), at or now.time())
    dose, typed = typed_dose(taken_at, request.amount, form, product, decimal_mark=request.decimal_mark,
                             today=now.date(), now=now)
    return PreparedDose(dose, typed, typo_check(dose, day_doses))


def not_saved_words(err: InvalidRecord) -> str:
    """A refused request, each field and why: 'Not saved. grams: …; form: …'."""
    names = {"taken_at": "time", "grams": "amount"}  # the command's words for the fields
    return "Not saved. " + "; ".join(f"{names.get(p.field, p.field)}: {p.message}" for p in err.problems)
