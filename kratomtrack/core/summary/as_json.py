"""The summary for a doctor as plain JSON values: every figure and chart series
the PDF shows, from the same Summary object (``kratomtrack report --format json``).

Dates are ISO strings (YYYY-MM-DD), times HH:MM, grams are exact numbers of
grams (a 15 mg 7-OH dose is 0.015), a missing value (not recorded, not rated)
is null. Every day carries its ``kind`` ("use", "no_kratom", "no_dose" or
"unknown"); an unknown day's amounts are null, never 0, and a mean over no
logged day is null (clinical.md, "Days with nothing logged"). Daily series
have one entry per counted day, in the order of ``charts.days``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from fractions import Fraction

from kratomtrack.core.background import background_to_json
from kratomtrack.core.coverage import DayKind
from kratomtrack.core.records import Dose
from kratomtrack.core.summary.build import Summary

# 2 (issue 31): day kinds, null amounts on unknown days, means per logged day, amounts as *_grams.
# 3 (issue 27): page 1 as printed: key_points, coverage, warning (its statement, periods
# joined "with breaks" newest first, and supporting facts), how_long, year_trend, demo;
# now.recent/before.doses_per_use_day; plan.rises and plan.notes_for_doctor;
# patterns' median gaps are the median of all gaps, relief periods 28 days.
FORMAT_VERSION = 3
# Computed properties written alongside each object's fields.
_PROPERTIES = {
    "HalfChange": ("judged", "first_shown", "second_shown", "percent"),
    "Glance": ("days_counted", "logged_days", "use_days", "warning_days"),
    "DayCounts": ("logged", "unknown", "without_kratom"),
    "Period": ("days_counted", "logged_days", "use_days"),
    "WarningSpan": ("days",),
    "PainSummary": ("comparable", "change", "change_percent"),
    "SideEffectRow": ("worst_label", "compared", "trend"),
    "SdsScore": ("worth_discussing",),
    "WeekFigures": ("leaf_per_day", "doses_per_day"),
    "HeatMap": ("weekly",),
    "TrendFigures": ("pain_vs_leaf", "side_effect_vs_leaf"),  # the scatter points, made when asked
    "Coverage": ("text",),
    "WarningOnPaper": ("statement",),
    "WarningPeriod": ("days", "with_breaks", "text"),
    "YearTrend": ("days", "judged", "percent"),
    "PlanReport": ("notes", "notes_for_doctor"),
}
# Milligram fields of the day figures, written as grams.
_MILLIGRAMS = ("leaf_mg", "extract_mg", "seven_oh_mg", "other_mg",
               "largest_leaf_mg", "largest_concentrate_mg", "largest_mg",
               "planned_leaf_mg", "logged_leaf_mg", "leaf_total_mg", "total_mg")
# A day's figures that are unknown (null) on a day with nothing logged.
_UNKNOWN_ON_UNLOGGED = ("leaf_grams", "extract_grams", "seven_oh_grams", "other_grams", "largest_leaf_grams",
                        "largest_concentrate_grams", "largest_grams", "doses")


# Fields the summary never fills (History's names for records damage made unreadable).
_LEFT_OUT = ("unreadable_doses", "unreadable_checkin")


def summary_as_dict(summary: Summary) -> dict:
    """Everything the summary shows, as JSON-ready values."""
    out = {"format": "kratomtrack-summary", "version": FORMAT_VERSION}
    for f in dataclasses.fields(summary):
        if f.name not in ("trends", "kinds"):
            out[f.name] = _plain(getattr(summary, f.name))
    out["background"] = background_to_json(summary.background)  # as stored, every answer with its day
    out["days"] = [_day(day, summary.kinds[day.day]) for day in summary.days]
    out["range_days"] = summary.range_days
    out["charts"] = _plain(summary.trends) if summary.trends is not None else None
    return out


def _day(day, kind: DayKind) -> dict:
    """One row of the day table with its kind; a day with nothing logged has null amounts."""
    out = {"kind": kind.value, **_dataclass(day)}
    if not kind.logged:
        out.update(dict.fromkeys(_UNKNOWN_ON_UNLOGGED))
    return out


def plain(value):
    """Any summary value (dataclasses, dates, times, lists) as JSON-ready values."""
    return _plain(value)


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Fraction):  # an exact mean
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Dose):
        return {"taken_at": value.taken_at.strftime("%Y-%m-%dT%H:%M"), "grams": value.milligrams / 1000,
                "milligrams": value.milligrams, "form": value.form.value, "product": value.product}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # NamedTuple
        return {k: _plain(v) for k, v in value._asdict().items()}
    if dataclasses.is_dataclass(value):
        return _dataclass(value)
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dataclass(value) -> dict:
    out = {}
    for f in dataclasses.fields(value):
        if f.name in _LEFT_OUT:
            continue
        item = getattr(value, f.name)
        if f.name in _MILLIGRAMS:
            out[f.name.removesuffix("_mg") + "_grams"] = None if item is None else item / 1000
        elif f.name == "ratings" and isinstance(item, tuple):  # a day's (name, rating) pairs
            out[f.name] = {name: rating for name, rating in item}
        else:
            out[f.name] = _plain(item)
    for name in _PROPERTIES.get(type(value).__name__, ()):
        out[name] = _plain(getattr(value, name))
    return out


def _key(key) -> str:
    return key.isoformat() if isinstance(key, dt.date) else str(key)
