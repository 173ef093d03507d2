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
from kratomtrack.core.validation import EARLIEST_DAY, LATEST_DAY, FieldError, parse_text

MAX_STEPS = 366
MAX_LEAF_MG = 100_000  # 100 g a day, the most a dose may hold
MAX_DOSES = 50
MAX_SPAN_DAYS = 3653  # from the first step to the last: at most ten years
NOTE_MAX = 500

# docs/health-content.md, "A reduction plan": the only thing the app may say
# when withdrawal-type symptoms or pain rise during a plan, and only on a change
# that matters (clinical.md, 2026-12-07). To the person (``plan show``) in the
# second person; in the summary, which the doctor reads, in the third person
# and without "your doctor". Pain and withdrawal get separate sentences.
# Pain up by at least 2 points or 30% (Farrar et al. 2001), means over rated days.
PAIN_RISE_POINTS = 2
PAIN_RISE_PERCENT = 30
# Withdrawal-type symptoms on "clearly more days" (a convention, not a validated
# threshold): on a share of the days with ratings at least 15 percentage points
# higher than in the weeks before, and on at least 3 days since the plan started.
WITHDRAWAL_RISE_POINTS = 15
WITHDRAWAL_RISE_MIN_DAYS = 3
# Each side of a comparison needs at least this many days rated (pain) or with ratings.
RISE_MIN_DAYS = 7
RISE_BEFORE_DAYS = 28


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
        if not EARLIEST_DAY <= step.start <= LATEST_DAY:
            raise FieldError("steps", f"{where}: is not from {EARLIEST_DAY.year} to {LATEST_DAY.year}; "
                                      "check the year")
        if i and step.start == steps[i - 1].start:
            raise FieldError("steps", f"{where}: two steps start on the same day")
        if step.leaf_mg is None and step.doses is None:
            raise FieldError("steps", f"{where}: give leaf g/day, doses/day or both")
        if step.leaf_mg is not None and not (isinstance(step.leaf_mg, int) and 0 <= step.leaf_mg <= MAX_LEAF_MG):
            raise FieldError("steps", f"{where}: leaf g/day must be from 0 to {MAX_LEAF_MG // 1000}")
        if step.doses is not None and not (isinstance(step.doses, int) and 0 <= step.doses <= MAX_DOSES):
            raise FieldError("steps", f"{where}: doses/day must be a whole number from 0 to {MAX_DOSES}")
    if (steps[-1].start - steps[0].start).days > MAX_SPAN_DAYS:
        raise FieldError("steps", f"run over {(steps[-1].start - steps[0].start).days} days from the "
                                  f"first to the last; a plan spans at most {MAX_SPAN_DAYS} days (ten years)")
    if plan.ended is not None and plan.ended > LATEST_DAY:
        raise FieldError("ended", f"{plan.ended.isoformat()} is after {LATEST_DAY.year}; check the year")
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
    start_mg, end_mg = leaf_mg(start_grams, "amounts"), leaf_mg(end_grams, "amounts")
    if not end_mg < start_mg:
        raise FieldError("amounts", "the end amount must be below the start amount; neither may be over 100 g/day")
    step_mg = leaf_mg(step_grams, "step")
    if step_mg <= 0:
        raise FieldError("step", "the step must be more than 0 g")
    if not isinstance(days_per_step, int) or not 1 <= days_per_step <= 365:
        raise FieldError("days per step", "must be a whole number of days from 1 to 365")
    amounts = list(range(start_mg, end_mg, -step_mg)) + [end_mg]
    if len(amounts) > MAX_STEPS:
        raise FieldError("step", f"these numbers make {len(amounts)} steps; at most {MAX_STEPS}")
    if (len(amounts) - 1) * days_per_step > MAX_SPAN_DAYS or start > LATEST_DAY:
        raise FieldError("step", f"these steps would span {(len(amounts) - 1) * days_per_step} days "
                                 f"from {start.isoformat()}; a plan spans at most {MAX_SPAN_DAYS} days "
                                 f"(ten years) and starts by {LATEST_DAY.year}")
    return tuple(PlanStep(start + dt.timedelta(days=i * days_per_step), mg)
                 for i, mg in enumerate(amounts))


def leaf_mg(grams: object, field: str) -> int:
    """Planned leaf grams a day as whole milligrams: a finite number, not negative and
    not over MAX_LEAF_MG (a file may hold NaN or 1e400, which no arithmetic may meet)."""
    # NaN fails every comparison; an int too large for a float compares exactly.
    if isinstance(grams, bool) or not isinstance(grams, (int, float)) or not 0 <= grams <= MAX_LEAF_MG / 1000:
        raise FieldError(field, f"must be a number of leaf grams a day from 0 to {MAX_LEAF_MG // 1000}")
    return round(grams * 1000)


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


@dataclass(frozen=True)
class PlanRise:
    """A change that matters since the plan started, with its figures.

    ``what`` is "pain" (``before``/``during``: mean pain over ``*_days`` rated
    days) or "withdrawal" (``before``/``during``: days with a withdrawal-type
    symptom among ``*_days`` days with ratings)."""

    what: str
    before: float
    before_days: int
    during: float
    during_days: int
    before_days_window: int = RISE_BEFORE_DAYS

    def sentence(self, for_doctor: bool) -> str:
        """The person's sentence (``plan show``) or the doctor's (the summary)."""
        who = "The patient's log" if for_doctor else "Your log"
        weeks = f"in the {self.before_days_window} days before"
        if self.what == "pain":
            change = self.during - self.before
            text = (f"{who} shows more pain since the plan started: mean {self.during:.1f} on "
                    f"{_days(self.during_days, 'rated day')}, against {self.before:.1f} on "
                    f"{_days(self.before_days, 'rated day')} {weeks} (+{change:.1f} points).")
            return text if for_doctor else text + " Your doctor can help adjust the plan."
        text = (f"{who} shows withdrawal-type symptoms on more days since the plan started: "
                f"{int(self.during)} of {_days(self.during_days, 'day')} with ratings "
                f"({_percent(self.during, self.during_days)}%), against {int(self.before)} of "
                f"{self.before_days} ({_percent(self.before, self.before_days)}%) {weeks}. "
                "Stopping or cutting down after regular use can bring withdrawal")
        return text + ("." if for_doctor else "; your doctor can help adjust the plan.")


def _days(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def _percent(part: float, whole: int) -> int:
    return round(100 * part / whole)


def plan_rises(plan: Plan, pain: Mapping[dt.date, int], withdrawal: Mapping[dt.date, Sequence[str]],
               end: dt.date, *, before_days: int = RISE_BEFORE_DAYS) -> list[PlanRise]:
    """Pain and withdrawal-type symptoms from the plan's start to ``end`` against the
    ``before_days`` before it: a PlanRise for each that rose by a change that matters
    (PAIN_RISE_*, WITHDRAWAL_RISE_*); nothing without RISE_MIN_DAYS days on both sides."""
    before = days_between(plan.start - dt.timedelta(days=before_days), plan.start - dt.timedelta(days=1))
    during = days_between(plan.start, min(end, plan.ended or end))
    rises = []
    pb = [pain[d] for d in before if pain.get(d) is not None]
    pd = [pain[d] for d in during if pain.get(d) is not None]
    if len(pb) >= RISE_MIN_DAYS and len(pd) >= RISE_MIN_DAYS:
        # From the means as printed (in tenths, exactly), so the sentence's figures add up.
        tb, td = round(10 * sum(pb) / len(pb)), round(10 * sum(pd) / len(pd))
        if td - tb >= 10 * PAIN_RISE_POINTS or (tb > 0 and (td - tb) * 100 >= PAIN_RISE_PERCENT * tb):
            rises.append(PlanRise("pain", tb / 10, len(pb), td / 10, len(pd), before_days))
    wb = [bool(withdrawal[d]) for d in before if d in withdrawal]
    wd = [bool(withdrawal[d]) for d in during if d in withdrawal]
    if len(wb) >= RISE_MIN_DAYS and len(wd) >= RISE_MIN_DAYS and sum(wd) >= WITHDRAWAL_RISE_MIN_DAYS:
        if 100 * sum(wd) * len(wb) - 100 * sum(wb) * len(wd) >= WITHDRAWAL_RISE_POINTS * len(wb) * len(wd):
            rises.append(PlanRise("withdrawal", sum(wb), len(wb), sum(wd), len(wd), before_days))
    return rises


def rise_notes(plan: Plan, pain: Mapping[dt.date, int], withdrawal: Mapping[dt.date, Sequence[str]],
               end: dt.date, *, before_days: int = RISE_BEFORE_DAYS, for_doctor: bool = False) -> list[str]:
    """clinical.md's sentences for the rises that matter (plan_rises), one each."""
    return [r.sentence(for_doctor) for r in plan_rises(plan, pain, withdrawal, end, before_days=before_days)]


@dataclass(frozen=True)
class PlanReport:
    """The active (or latest) plan over a range: what the summary and JSON carry."""

    plan: Plan
    days: list[PlanDay]
    weeks: list[PlanWeek]
    rises: list[PlanRise]

    @property
    def notes(self) -> list[str]:
        """The sentences for the person (``plan show``)."""
        return [r.sentence(False) for r in self.rises]

    @property
    def notes_for_doctor(self) -> list[str]:
        """The sentences for the summary: third person, no "your doctor"."""
        return [r.sentence(True) for r in self.rises]


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
                      plan_rises(plan, pain, withdrawal, end))


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
