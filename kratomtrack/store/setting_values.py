"""Every setting the log keeps in its settings table, with the one parser that reads each.

A stored value is JSON. The app reads a setting through ``read_setting``
(a value it cannot read falls back to the default, so a damaged one never
stops a window), the whole-log check (store/integrity.py) calls a stored
value its parser refuses, or a key not listed here, damage, and the
whole-log JSON carries every setting listed here, each validated by the
same parser on import. A new setting is one line in ``SETTINGS``.

Only core is imported here: the check and the store's readers build on it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields

from kratomtrack.core.safety import ALSO_TAKE, HELP_COUNTRIES
from kratomtrack.core.validation import FieldError, InvalidRecord, parse_text
from kratomtrack.core.warning.dismissal import Dismissal
from kratomtrack.core.warning.settings import WarningSettings

WARNING_SETTINGS = "warning.settings"
WARNING_DISMISSAL = "warning.dismissed"
# The time of the latest extract or 7-OH dose when the person dismissed the
# concentrate alert: it returns with the next such dose.
CONCENTRATE_DISMISSED = "concentrate_alert.dismissed_through"
HELP_COUNTRY = "help.country"
# The earlier "I also take" ticks: read into the background (its other
# substances) until the background is first saved, then left empty.
ALSO_TAKE_KEY = "also_take"
BACKGROUND = "background"  # core.background's JSON form
REMINDER = "reminders.{}"  # .peg, .sds
DUE_MARKER_DISMISSED = "due_marker_dismissed.{}"
CHECKUP_KINDS = ("peg", "sds")
PATIENT_NAME = "summary.name"
BIRTH_DATE = "summary.birth_date"
NAME_MAX = 100
# Log days start in 1970 (validation.EARLIEST_DAY); people were born earlier.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
LOCK_MINUTES = "privacy.lock_minutes"
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240
BACKUP_RETENTION = ("backups.keep_daily", "backups.keep_weekly", "backups.keep_monthly")
DEMO = "demo"  # the log was made by ``kratomtrack demo``


class SettingError(ValueError):
    """A setting's value cannot be read; the message says why."""


@dataclass(frozen=True)
class SettingKind:
    parse: Callable[[object], object]  # the stored (JSON) value as the app uses it; SettingError if not
    default: object = None  # what the app uses when the setting is absent or unreadable


def _warning(value):
    if not isinstance(value, dict):
        raise SettingError("is not a set of warning thresholds")
    unknown = sorted(set(value) - {f.name for f in fields(WarningSettings)})
    if unknown:
        raise SettingError(f"holds {str(unknown[0])[:40]!r}, which is not a warning threshold")
    try:
        return WarningSettings.from_dict(value)
    except (InvalidRecord, TypeError, ValueError) as err:
        raise SettingError(str(err)) from None


def _dismissal(value):
    dismissal = None if value is None else Dismissal.from_dict(value)
    if value is not None and dismissal is None:
        raise SettingError("is not a dismissal of the warning")
    return dismissal


def _optional(read: Callable[[object], object]) -> Callable[[object], object]:
    return lambda value: None if value is None else read(value)


def _date_in(value, earliest: dt.date = dt.date.min) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise SettingError(f"{str(value)[:20]!r} is not a date (YYYY-MM-DD)") from None
    if day < earliest:
        raise SettingError(f"{day.isoformat()} is before {earliest.year}")
    return day


def _moment(value) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise SettingError(f"{str(value)[:20]!r} is not a date and time") from None


def _one_of(known) -> Callable[[object], object]:
    def read(value):
        if not isinstance(value, str) or value not in known:
            raise SettingError(f"{str(value)[:20]!r} is not one of {', '.join(known)}")
        return value

    return read


def _also_take(value) -> frozenset[str]:
    if not isinstance(value, list):
        raise SettingError("is not a list")
    for item in value:
        _one_of(ALSO_TAKE)(item)
    return frozenset(value)


def _background(value):
    from kratomtrack.core.background import background_from_json

    try:
        return background_from_json(value, today=dt.date.today())
    except (InvalidRecord, FieldError, TypeError, ValueError) as err:
        raise SettingError(str(err)[:200]) from None


def _yes_no(value) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"{str(value)[:20]!r} is not true or false")
    return value


def _whole(low: int, high: int | None = None) -> Callable[[object], int]:
    def read(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < low \
                or (high is not None and value > high):
            upto = f" to {high}" if high is not None else " or more"
            raise SettingError(f"{str(value)[:20]!r} is not a whole number from {low}{upto}")
        return value

    return read


def _name(value) -> str:
    try:
        return parse_text(value, "name", NAME_MAX, multiline=False)
    except FieldError as err:
        raise SettingError(err.problem.message) from None


SETTINGS: dict[str, SettingKind] = {
    WARNING_SETTINGS: SettingKind(_warning, WarningSettings()),
    WARNING_DISMISSAL: SettingKind(_dismissal),
    CONCENTRATE_DISMISSED: SettingKind(_optional(_moment)),
    HELP_COUNTRY: SettingKind(_optional(_one_of(HELP_COUNTRIES))),
    ALSO_TAKE_KEY: SettingKind(_also_take, frozenset()),
    BACKGROUND: SettingKind(_background),
    **{REMINDER.format(kind): SettingKind(_yes_no, True) for kind in CHECKUP_KINDS},
    **{DUE_MARKER_DISMISSED.format(kind): SettingKind(_optional(_date_in)) for kind in CHECKUP_KINDS},
    PATIENT_NAME: SettingKind(_name, ""),
    BIRTH_DATE: SettingKind(_optional(lambda value: _date_in(value, EARLIEST_BIRTH_DATE))),
    LOCK_MINUTES: SettingKind(_whole(0, MAX_LOCK_MINUTES), DEFAULT_LOCK_MINUTES),
    **{key: SettingKind(_whole(0), default)
       for key, default in zip(BACKUP_RETENTION, (7, 4, 12))},
    DEMO: SettingKind(_yes_no, False),
}


def parse_setting(key: str, value: object) -> object:
    """The value of setting ``key`` as the app uses it; SettingError saying why it cannot be."""
    kind = SETTINGS.get(key)
    if kind is None:
        raise SettingError("is not a setting this version of kratomtrack knows")
    return kind.parse(value)


def stored_setting_problem(key: object, text: object) -> str:
    """Why a row of the settings table cannot be read, or '' if it can.

    A key this version does not know (kept from an older version, or by hand)
    is read by nothing and left as it is, unless it is one character away
    from a known one: a changed byte, which would leave that setting unread."""
    if not isinstance(key, str) or _not_text(key):
        return "its name is not text"
    if key not in SETTINGS:
        near = next((known for known in SETTINGS if _one_apart(key, known)), None)
        return (f"its name is one character away from {near!r}: a changed byte may have hidden "
                "that setting" if near else "")
    if not isinstance(text, str):
        return "its value is not text"
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return "its value is not valid JSON"
    try:
        parse_setting(key, value)
    except SettingError as err:
        return str(err)
    return ""


def _not_text(value: str) -> bool:
    """Bytes that were not UTF-8, kept as surrogates by the whole-log check's reading."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _one_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ in exactly one character (same length)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def read_setting(conn: sqlite3.Connection, key: str) -> object:
    """Setting ``key`` from the log: its default when absent or unreadable (the
    whole-log check names an unreadable one; nothing reading it stops)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return SETTINGS[key].default
    try:
        return parse_setting(key, json.loads(row[0]))
    except (TypeError, ValueError, RecursionError):  # SettingError is a ValueError
        return SETTINGS[key].default


def readable_settings(conn: sqlite3.Connection) -> dict[str, object]:
    """Every setting of the log its parser can read, as stored (JSON values), by key:
    what the whole-log JSON carries. One that cannot be read is left out (the
    whole-log check names it)."""
    return {key: json.loads(text) for key, text in conn.execute("SELECT key, value FROM settings ORDER BY key")
            if key in SETTINGS and not stored_setting_problem(key, text)}
