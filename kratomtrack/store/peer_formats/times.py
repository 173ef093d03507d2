"""Times from other apps as kratomtrack keeps them: naive local wall-clock time.

A UTC instant (epoch milliseconds, or a time with an offset) becomes local
time with the time-zone rules of its own date (the system's zone database,
through ``datetime.astimezone``), not today's offset. A local time without an
offset is taken as written, as the foundation takes typed times; one that
falls in a daylight-saving gap or repeat is kept as written and reported.
"""

from __future__ import annotations

import datetime as dt


def from_epoch_ms(value: object) -> dt.datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        moment = dt.datetime.fromtimestamp(value / 1000, dt.timezone.utc)
        return moment.astimezone().replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(text: object) -> dt.datetime | None:
    """An ISO time; with an offset converted to local time, without taken as local."""
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone().replace(tzinfo=None)
        except (OverflowError, OSError):
            return None
    return moment


def dst_note(moment: dt.datetime) -> str:
    """Why a local time is unusual here, or '' (a daylight-saving gap or repeat)."""
    try:
        first = moment.replace(fold=0).timestamp()
        second = moment.replace(fold=1).timestamp()
    except (OverflowError, OSError, ValueError):
        return ""
    if first == second:
        return ""
    if dt.datetime.fromtimestamp(first) != moment.replace(fold=0):
        return "times fell in the hour skipped when clocks went forward; kept as written"
    return "times fell in the hour repeated when clocks went back; kept as written"
