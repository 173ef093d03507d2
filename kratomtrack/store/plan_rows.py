"""A reduction plan as a row of the plans table: written and read here only.

Below store/plans.py (which holds the plans' reads and writes) so that the
whole-log check (store/integrity.py) reads a stored plan exactly as the app
does, without importing the log's connection.
"""

from __future__ import annotations

import datetime as dt
import json

from kratomtrack.core.plan import Plan, PlanStep, validate_plan
from kratomtrack.core.validation import FieldError

PLAN_COLUMNS = "id, start, ended, steps, note"


def steps_json(steps) -> str:
    return json.dumps([{"from": s.start.isoformat(), "leaf_mg": s.leaf_mg, "doses": s.doses} for s in steps])


def steps_from_json(text: str) -> tuple[PlanStep, ...]:
    return tuple(PlanStep(dt.date.fromisoformat(s["from"]), s.get("leaf_mg"), s.get("doses"))
                 for s in json.loads(text))


def plan_from_row(row) -> Plan:
    """A row of ``SELECT {PLAN_COLUMNS} FROM plans`` as a Plan; ValueError if it cannot be read."""
    id_, start, ended, steps, note = row
    try:
        steps = steps_from_json(steps)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as err:
        raise ValueError(f"its steps cannot be read ({type(err).__name__})") from None
    if not isinstance(note, str) or not isinstance(id_, int) or (ended is not None and not isinstance(ended, str)):
        raise ValueError("its note, number or end is of the wrong kind")
    try:
        plan = validate_plan(Plan(steps, dt.date.fromisoformat(ended) if ended is not None else None,
                                  note, id_))
    except FieldError as err:
        raise ValueError(str(err)) from None
    except ValueError:
        raise ValueError(f"its end {str(ended)[:20]!r} is not a date") from None
    if start != plan.start.isoformat():
        raise ValueError(f"its start {str(start)[:20]!r} is not its first step's day")
    return plan


def plan_row_problem(*row) -> str:
    """Why a stored plan row cannot be read, or '' if it can."""
    try:
        plan_from_row(row)
    except ValueError as err:
        return str(err)
    return ""
