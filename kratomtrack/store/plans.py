"""Reduction plans in the log: a history of plans, at most one on (not ended).

Each write is one transaction and returns what undo needs to put things back.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.plan import Plan, PlanStep, leaf_mg, validate_plan
from kratomtrack.core.validation import FieldError
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.plan_rows import PLAN_COLUMNS, plan_from_row, steps_json


def plan_as_json(plan: Plan) -> dict:
    """A plan as the whole-log JSON holds it (leaf as grams, like doses)."""
    return {"steps": [{"from": s.start.isoformat(), "leaf_grams": s.leaf_grams, "doses": s.doses}
                      for s in plan.steps],
            "ended": plan.ended.isoformat() if plan.ended else None, "note": plan.note}


def plan_from_json(item) -> Plan:
    """A plan from the whole-log JSON; raises FieldError saying what is wrong."""
    if not isinstance(item, dict) or not isinstance(item.get("steps"), list):
        raise FieldError("plan", "must be an object with a list of steps")
    steps = []
    for step in item["steps"]:
        if not isinstance(step, dict):
            raise FieldError("steps", "each step must be an object with from, leaf_grams and doses")
        leaf, doses = step.get("leaf_grams"), step.get("doses")
        if doses is not None and (isinstance(doses, bool) or not isinstance(doses, int)):
            raise FieldError("steps", "doses must be a whole number or null")
        steps.append(PlanStep(_day(step.get("from"), "from"),
                              None if leaf is None else leaf_mg(leaf, "leaf_grams"), doses))
    ended = item.get("ended")
    note = item.get("note", "")
    if not isinstance(note, str):
        raise FieldError("note", "must be text")
    return validate_plan(Plan(tuple(steps), None if ended is None else _day(ended, "ended"), note))


def _day(value, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise FieldError(name, f"{str(value)[:20]!r} is not a date (YYYY-MM-DD)") from None


def all_plans(db: LogDatabase) -> list[Plan]:
    """Every plan, oldest start first; one that damage made unreadable is left
    out (the whole-log check names it), as an unreadable dose is."""
    return _readable(db.conn.execute(f"SELECT {PLAN_COLUMNS} FROM plans ORDER BY start, id"))


def active_plan(db: LogDatabase) -> Plan | None:
    on = _readable(db.conn.execute(f"SELECT {PLAN_COLUMNS} FROM plans WHERE ended IS NULL ORDER BY id"))
    return on[-1] if on else None


def _readable(rows) -> list[Plan]:
    plans = []
    for row in rows:
        try:
            plans.append(plan_from_row(row))
        except ValueError:
            continue
    return plans


def latest_plan(db: LogDatabase) -> Plan | None:
    """The plan on, or else the one that started last (what the summary shows)."""
    plans = all_plans(db)
    on = [p for p in plans if p.active]
    return on[-1] if on else (plans[-1] if plans else None)


def _insert(db: LogDatabase, plan: Plan) -> Plan:
    cursor = db.conn.execute(
        "INSERT INTO plans (id, start, ended, steps, note) VALUES (?, ?, ?, ?, ?)",
        (plan.id, plan.start.isoformat(), plan.ended.isoformat() if plan.ended else None,
         steps_json(plan.steps), plan.note),
    )
    return Plan(plan.steps, plan.ended, plan.note, cursor.lastrowid)


def _set_ended(db: LogDatabase, plan_id: int, ended: dt.date | None) -> None:
    db.conn.execute("UPDATE plans SET ended = ? WHERE id = ?",
                    (ended.isoformat() if ended else None, plan_id))


def set_plan(db: LogDatabase, plan: Plan) -> tuple[Plan, Plan | None]:
    """Store a new plan as the one on; the plan on before ends the day before
    the new one starts (or on its own start day). Returns (new plan, the
    previous plan as it was) for undo."""
    plan = validate_plan(Plan(plan.steps, None, plan.note))
    with db.transaction():
        previous = active_plan(db)
        if previous is not None:
            _set_ended(db, previous.id, max(previous.start, plan.start - dt.timedelta(days=1)))
        new = _insert(db, plan)
    return new, previous


def end_plan(db: LogDatabase, day: dt.date) -> Plan:
    """End the plan that is on, on ``day``; returns it as it was (for undo)."""
    with db.transaction():
        plan = active_plan(db)
        if plan is None:
            raise FieldError("plan", "no plan is on")
        if day < plan.start:
            raise FieldError("end", f"{day.isoformat()} is before the plan's start {plan.start.isoformat()}")
        _set_ended(db, plan.id, day)
    return plan


def undo_set_plan(db: LogDatabase, new: Plan, previous: Plan | None) -> None:
    """Remove a plan set_plan stored and put the previous one back as it was."""
    with db.transaction():
        db.conn.execute("DELETE FROM plans WHERE id = ?", (new.id,))
        if previous is not None:
            _set_ended(db, previous.id, previous.ended)


def undo_end_plan(db: LogDatabase, plan: Plan) -> None:
    with db.transaction():
        _set_ended(db, plan.id, plan.ended)


def import_plans(db: LogDatabase, plans: list[Plan], *, replace: bool = False) -> tuple[int, int]:
    """Add plans from a file (inside the import's transaction); returns (added, skipped).

    A plan already in the log (same steps and end) is skipped; a file's plan
    that is on is stored ended when the log already has a plan on.
    """
    if replace:
        db.conn.execute("DELETE FROM plans")
    existing = {(p.steps, p.ended) for p in all_plans(db)}
    added = skipped = 0
    for plan in sorted(plans, key=lambda p: p.start):
        if (plan.steps, plan.ended) in existing:
            skipped += 1
            continue
        on = active_plan(db)
        if plan.ended is None and on is not None:
            if on.start <= plan.start:
                _set_ended(db, on.id, max(on.start, plan.start - dt.timedelta(days=1)))
            else:
                plan = Plan(plan.steps, max(plan.start, on.start - dt.timedelta(days=1)), plan.note)
        _insert(db, Plan(plan.steps, plan.ended, plan.note))
        existing.add((plan.steps, plan.ended))
        added += 1
    return added, skipped
