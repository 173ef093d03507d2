"""A reduction plan the person entered, and how their log compares with it.

docs/health-content.md, "A reduction plan": the app never proposes a plan, a
schedule or an amount. A plan is what the person enters (typically agreed
with a doctor): a start date and steps, each from a date on, with the daily
leaf grams and/or doses a day they planned. The app may compute the steps
from numbers the person typed (start amount, end amount, step size, days per
step), shows planned against logged, and prints both. Words: "your plan",
"planned", "logged".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from kratomtrack.core.checkups import withdrawal_symptoms_in
from kratomtrack.core.coverage import logged_flags, mean_per_logged_day
from kratomtrack.core.daily import DayTotals, daily_totals, days_between
from kratomtrack.core.records import CheckIn
from kratomtrack.core.validation import EARLIEST_DAY, FieldError, parse_text

MAX_STEPS = 366
MAX_LEAF_MG = 100_000  # 100 g a day, the most a dose may hold
MAX_DOSES = 50
NOTE_MAX = 500

# docs/health-content.md, "A reduction plan": the only thing the app may say
# when withdrawal-type symptoms or pain rise during a plan.
RISE_WORDS = ("Your log shows more {what} since the plan started. Stopping or cutting down "
              "after regular use can bring withdrawal; your doctor can help adjust the plan.")


@dataclass(frozen=True)
class PlanStep:
    """From ``start`` on (until the next step): planned leaf mg a day and/or doses a day."""

    start: dt.date
    leaf_mg: int | None = None
    doses: int | None = None

    @property
    def leaf_grams(self) -> float | None:
        return None if self.leaf_mg is None else self.leaf_mg / 1000


@dataclass(frozen=True)
class Plan:
    """The person's plan; ``ended`` None while it is on (at most one is on)."""

    steps: tuple[PlanStep, ...]
    ended: dt.date | None = None
    note: str = ""
    id: int | None = field(default=None, compare=False)

    @property
    def start(self) -> dt.date:
        return self.steps[0].start

    @property
    def active(self) -> bool:
        return self.ended is None

    def step_on(self, day: dt.date) -> PlanStep | None:
        """The step that holds on ``day``; None before the start or after the end."""
        if day < self.start or (self.ended is not None and day > self.ended):
            return None
        current = None
        for step in self.steps:
            if step.start > day:
                break
            current = step
        return current


def validate_plan(plan: Plan) -> Plan:
    """Return the plan with its steps in date order, or raise FieldError saying what is wrong."""
    if not plan.steps:
        raise FieldError("steps", "a plan needs at least one step (a date and leaf g/day or doses/day)")
    if len(plan.steps) > MAX_STEPS:
        raise FieldError("steps", f"has {len(plan.steps)} steps; at most {MAX_STEPS}")
    steps = tuple(sorted(plan.steps, key=lambda s: s.start))
    for i, step in enumerate(steps):
        where = f"step {i + 1} ({step.start.isoformat()})"
        if step.start < EARLIEST_DAY:
            raise FieldError("steps", f"{where}: is before {EARLIEST_DAY.year}; check the year")
        if i and step.start == steps[i - 1].start:
            raise FieldError("steps", f"{where}: two steps start on the same day")
        if step.leaf_mg is None and step.doses is None:
            raise FieldError("steps", f"{where}: give leaf g/day, doses/day or both")
        if step.leaf_mg is not None and not (isinstance(step.leaf_mg, int) and 0 <= step.leaf_mg <= MAX_LEAF_MG):
            raise FieldError("steps", f"{where}: leaf g/day must be from 0 to {MAX_LEAF_MG // 1000}")
        if step.doses is not None and not (isinstance(step.doses, int) and 0 <= step.doses <= MAX_DOSES):
            raise FieldError("steps", f"{where}: doses/day must be a whole number from 0 to {MAX_DOSES}")
    if plan.ended is not None and plan.ended < steps[0].start:
        raise FieldError("ended", f"{plan.ended.isoformat()} is before the plan's start {steps[0].start.isoformat()}")
    if len(plan.note) > NOTE_MAX:
        raise FieldError("note", f"is {len(plan.note)} characters; at most {NOTE_MAX}")
    parse_text(plan.note, "note", NOTE_MAX, multiline=True)  # no control characters, as every note
    return Plan(steps, plan.ended, plan.note, plan.id)


def steps_from_numbers(start: dt.date, start_grams: float, end_grams: float,
                       step_grams: float, days_per_step: int) -> tuple[PlanStep, ...]:
    """The steps from numbers the person typed: start_grams on ``start``, then
    ``step_grams`` less every ``days_per_step`` days, ending at end_grams.

    Only arithmetic on the person's numbers; the app proposes none of them.
    """
    start_mg, end_mg, step_mg = (round(g * 1000) for g in (start_grams, end_grams, step_grams))
    if not 0 <= end_mg < start_mg <= MAX_LEAF_MG:
        raise FieldError("amounts", "the end amount must be below the start amount; neither may be over 100 g/day")
    if step_mg <= 0:
        raise FieldError("step", "the step must be more than 0 g")
    if not isinstance(days_per_step, int) or not 1 <= days_per_step <= 365:
        raise FieldError("days per step", "must be a whole number of days from 1 to 365")
    amounts = list(range(start_mg, end_mg, -step_mg)) + [end_mg]
    if len(amounts) > MAX_STEPS:
        raise FieldError("step", f"these numbers make {len(amounts)} steps; at most {MAX_STEPS}")
    return tuple(PlanStep(start + dt.timedelta(days=i * days_per_step), mg)
                 for i, mg in enumerate(amounts))


@dataclass(frozen=True)
class PlanDay:
    """Planned against logged on one day. The logged figures are None on a day
    with nothing logged (core.coverage: unknown, not a day without kratom); a
    logged day without a dose has 0."""

    day: dt.date
    planned_leaf_mg: int | None
    planned_doses: int | None
    logged_leaf_mg: int | None
    logged_doses: int | None

    @property
    def logged(self) -> bool:
        return self.logged_doses is not None


@dataclass(frozen=True)
class PlanWeek:
    """Seven days of the plan (from its start): planned a day against logged per
    *logged* day, with pain, withdrawal-type symptom days and any SDS beside them.

    Unknown days are left out of the logged figures (a plan of 6 g/day kept at
    8 g on the logged days must not read as 6.5 g/day because the days between
    were counted as 0). The logged figures and ``days_over_plan`` are None when
    no day of the week is logged. Means are in grams (floats), for the JSON.
    """

    start: dt.date
    end: dt.date
    days: int
    logged_days: int
    planned_leaf_grams_per_day: float | None  # over the days with a planned amount
    logged_leaf_grams_per_logged_day: float | None
    planned_doses_per_day: float | None
    logged_doses_per_logged_day: float | None
    days_over_plan: int | None  # logged days with leaf or doses above planned
    mean_pain: float | None
    withdrawal_days: int
    sds: int | None


def plan_days(plan: Plan, totals: Mapping[dt.date, DayTotals], logged: Collection[dt.date],
              start: dt.date, end: dt.date) -> list[PlanDay]:
    """Planned against logged for each day of start..end that the plan covers.

    ``logged``: the logged days (store.no_use.logged_days_between); a day in
    neither it nor ``totals`` is unknown."""
    days = days_between(max(start, plan.start), min(end, plan.ended or end))
    return [_plan_day(plan.step_on(day), day, totals.get(day), is_logged)
            for day, is_logged in zip(days, logged_flags(days, logged, totals))]


def _plan_day(step: PlanStep, day: dt.date, totals: DayTotals | None, logged: bool) -> PlanDay:
    if not logged:
        return PlanDay(day, step.leaf_mg, step.doses, None, None)
    return PlanDay(day, step.leaf_mg, step.doses, totals.leaf_mg if totals else 0, totals.doses if totals else 0)


def _mean(values: Sequence[int], scale: int = 1) -> float | None:
    """The mean of whole units over the days given (None over no day), divided by ``scale``."""
    mean = mean_per_logged_day(sum(values), len(values))
    return None if mean is None else float(mean / scale)


def plan_weeks(days: Sequence[PlanDay], pain: Mapping[dt.date, int],
               withdrawal: Mapping[dt.date, Sequence[str]],
               sds: Mapping[dt.date, int]) -> list[PlanWeek]:
    weeks = []
    for i in range(0, len(days), 7):
        chunk = days[i:i + 7]
        logged = [d for d in chunk if d.logged]
        pains = [pain[d.day] for d in chunk if pain.get(d.day) is not None]
        scores = [sds[d.day] for d in chunk if d.day in sds]
        weeks.append(PlanWeek(
            chunk[0].day, chunk[-1].day, len(chunk), len(logged),
            _mean([d.planned_leaf_mg for d in chunk if d.planned_leaf_mg is not None], 1000),
            _mean([d.logged_leaf_mg for d in logged], 1000),
            _mean([d.planned_doses for d in chunk if d.planned_doses is not None]),
            _mean([d.logged_doses for d in logged]),
            sum(1 for d in logged if _over(d)) if logged else None,
            sum(pains) / len(pains) if pains else None,
            sum(1 for d in chunk if withdrawal.get(d.day)),
            scores[-1] if scores else None,
        ))
    return weeks


def _over(day: PlanDay) -> bool:
    """Whether a logged day is above plan (an unknown day never is)."""
    return day.logged and ((day.planned_leaf_mg is not None and day.logged_leaf_mg > day.planned_leaf_mg)
                           or (day.planned_doses is not None and day.logged_doses > day.planned_doses))


def rise_notes(plan: Plan, pain: Mapping[dt.date, int], withdrawal: Mapping[dt.date, Sequence[str]],
               end: dt.date, *, before_days: int = 28) -> list[str]:
    """clinical.md's sentence when withdrawal-type symptoms or pain rose since the plan started.

    Compares the share of checked days with withdrawal-type symptoms, and
    mean pain, from the plan's start to ``end`` against the ``before_days``
    before it. Nothing is said without records on both sides.
    """
    before = days_between(plan.start - dt.timedelta(days=before_days), plan.start - dt.timedelta(days=1))
    during = days_between(plan.start, min(end, plan.ended or end))
    notes = []

    def share(days):
        rated = [d for d in days if d in withdrawal]
        return sum(1 for d in rated if withdrawal[d]) / len(rated) if rated else None

    a, b = share(before), share(during)
    if a is not None and b is not None and b > a:
        notes.append(RISE_WORDS.format(what="withdrawal-type symptoms"))
    pb = [pain[d] for d in before if pain.get(d) is not None]
    pd = [pain[d] for d in during if pain.get(d) is not None]
    if pb and pd and sum(pd) / len(pd) > sum(pb) / len(pb):
        notes.append(RISE_WORDS.format(what="pain"))
    return notes


@dataclass(frozen=True)
class PlanReport:
    """The active (or latest) plan over a range: what the summary and JSON carry."""

    plan: Plan
    days: list[PlanDay]
    weeks: list[PlanWeek]
    notes: list[str]


def plan_report(plan: Plan, totals: Mapping[dt.date, DayTotals], checkins: Sequence[CheckIn],
                sds: Sequence[tuple[dt.date, int]], start: dt.date, end: dt.date,
                logged: Collection[dt.date]) -> PlanReport:
    """The plan over start..end: each day and week planned against logged, with
    pain, withdrawal-type symptoms and SDS beside it, and clinical.md's note
    when they rose. ``checkins`` should reach 28 days before the plan's start;
    ``logged`` are the logged days of start..end (store.no_use.logged_days_between)."""
    pain = {c.day: c.pain for c in checkins if c.pain is not None}
    withdrawal = {c.day: withdrawal_symptoms_in(c.ratings) for c in checkins if c.ratings}
    days = plan_days(plan, totals, logged, start, end)
    return PlanReport(plan, days, plan_weeks(days, pain, withdrawal, dict(sds)),
                      rise_notes(plan, pain, withdrawal, end))


def plan_day_on(plans: Sequence[Plan], day: dt.date, doses: Sequence,
                logged: Collection[dt.date]) -> PlanDay | None:
    """Planned against logged on ``day`` under the plan covering it (the latest
    started, if two do); None when no plan covers the day. ``doses`` are the
    day's; ``logged`` holds ``day`` when anything is logged on it
    (store.no_use.logged_days_between), else its logged figures are None."""
    covering = [p for p in plans if p.step_on(day) is not None]
    if not covering:
        return None
    step = max(covering, key=lambda p: (p.start, p.id or 0)).step_on(day)
    totals = daily_totals(doses).get(day)
    return _plan_day(step, day, totals, day in logged or totals is not None)
