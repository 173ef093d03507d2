"""The person's choices, kept in the log's settings table (so they travel with the log).

Warning thresholds, the warning's dismissal, the help-line country, the
background for the doctor (what else they take is part of it), and which
check-up reminders show. A stored value that cannot be read (damaged, or
hand-edited) falls back to its default rather than stopping the app; each is
read by its parser in store/setting_values.py, the one the whole-log check and
the whole-log JSON use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from kratomtrack.core.background import (
    Background,
    background_to_json,
    read_background,
    with_also_take,
    with_sedating,
)
from kratomtrack.core.safety import ALSO_TAKE, HELP_COUNTRIES
from kratomtrack.core.validation import FieldError, parse_text
from kratomtrack.core.warning.dismissal import Dismissal
from kratomtrack.core.warning.settings import WarningSettings, validate_settings
from kratomtrack.store.database import LogDatabase
# The keys, and the parser each is read with (store/setting_values.py).
from kratomtrack.store.setting_values import (
    ALSO_TAKE_KEY,
    BACKGROUND,
    BIRTH_DATE,
    CHECKUP_KINDS,
    CONCENTRATE_DISMISSED,
    DUE_MARKER_DISMISSED,
    EARLIEST_BIRTH_DATE,
    HELP_COUNTRY,
    NAME_MAX,
    PATIENT_NAME,
    REMINDER,
    WARNING_DISMISSAL,
    WARNING_SETTINGS,
    read_setting,
)


# --- warning thresholds ------------------------------------------------------------


def warning_settings(db: LogDatabase) -> WarningSettings:
    return read_setting(db.conn, WARNING_SETTINGS)


def save_warning_settings(db: LogDatabase, settings: WarningSettings) -> WarningSettings:
    settings = validate_settings(settings)
    db.set_setting(WARNING_SETTINGS, settings.as_dict())
    return settings


# --- dismissal of the warning -------------------------------------------------------


def warning_dismissal(db: LogDatabase) -> Dismissal | None:
    return read_setting(db.conn, WARNING_DISMISSAL)


def save_warning_dismissal(db: LogDatabase, dismissal: Dismissal | None) -> None:
    db.set_setting(WARNING_DISMISSAL, dismissal.as_dict() if dismissal else None)


def concentrate_dismissed_through(db: LogDatabase) -> dt.datetime | None:
    """The latest extract or 7-OH dose the concentrate alert was dismissed for, if any."""
    return read_setting(db.conn, CONCENTRATE_DISMISSED)


def save_concentrate_dismissed_through(db: LogDatabase, taken_at: dt.datetime | None) -> None:
    db.set_setting(CONCENTRATE_DISMISSED, taken_at.isoformat(timespec="minutes") if taken_at else None)


# --- help lines, "I also take", reminders ----------------------------------------------


def help_country(db: LogDatabase) -> str | None:
    """The chosen help-line country, or None if the person has not chosen (use the locale's)."""
    return read_setting(db.conn, HELP_COUNTRY)


def set_help_country(db: LogDatabase, country: str) -> None:
    if country not in HELP_COUNTRIES:
        raise FieldError("country", f"'{country}' is not one of: {', '.join(HELP_COUNTRIES)}")
    db.set_setting(HELP_COUNTRY, country)


def also_take(db: LogDatabase) -> frozenset[str]:
    """The sedating substances the person takes (ALSO_TAKE keys), from the background."""
    return background(db).sedating()


def set_also_take(db: LogDatabase, keys: Collection[str], *, today: dt.date | None = None) -> None:
    """Tick exactly ``keys`` of ALSO_TAKE in the background's other substances
    (core.background.with_sedating: a change is dated ``today``)."""
    unknown = [k for k in keys if k not in ALSO_TAKE]
    if unknown:
        raise FieldError("also take", f"unknown: {', '.join(map(str, unknown))}; known: {', '.join(ALSO_TAKE)}")
    today = today or dt.date.today()
    save_background(db, with_sedating(background(db, today=today), set(keys), today))


def _old_also_take(db: LogDatabase) -> frozenset[str]:
    value = db.setting(ALSO_TAKE_KEY, [])
    return frozenset(v for v in value if v in ALSO_TAKE) if isinstance(value, list) else frozenset()


# --- the background for the doctor (core.background) ------------------------------------


def background(db: LogDatabase, *, today: dt.date | None = None) -> Background:
    """The answers that can be read, with the earlier "I also take" ticks carried in
    (undated) where the background does not answer that substance."""
    found, _, _ = read_background(db.setting(BACKGROUND), today=today or dt.date.today())
    return with_also_take(found, _old_also_take(db))


def save_background(db: LogDatabase, answers: Background, *, today: dt.date | None = None) -> None:
    """Store ``answers`` (checked by the caller: core.background.with_answers).

    A stored answer this version could not read is kept as it was unless
    ``answers`` answers that question. The earlier "I also take" list is
    emptied: its ticks are in ``answers`` now (background() carried them in).
    """
    _, _, unreadable = read_background(db.setting(BACKGROUND), today=today or dt.date.today())
    data = background_to_json(answers)
    data["answers"] = {**{k: v for k, v in unreadable.items() if k not in answers.answers}, **data["answers"]}
    with db.transaction():
        db.set_setting(BACKGROUND, data)
        if db.setting(ALSO_TAKE_KEY) is not None:
            db.set_setting(ALSO_TAKE_KEY, [])


def reminders_on(db: LogDatabase, kind: str) -> bool:
    """Whether the "due" marker for the PEG or the SDS shows (default yes)."""
    _check_kind(kind)
    return read_setting(db.conn, REMINDER.format(kind))


def set_reminders_on(db: LogDatabase, kind: str, on: bool) -> None:
    _check_kind(kind)
    db.set_setting(REMINDER.format(kind), bool(on))


def due_marker_dismissed_on(db: LogDatabase, kind: str) -> dt.date | None:
    _check_kind(kind)
    return read_setting(db.conn, DUE_MARKER_DISMISSED.format(kind))


def dismiss_due_marker(db: LogDatabase, kind: str, today: dt.date) -> None:
    _check_kind(kind)
    db.set_setting(DUE_MARKER_DISMISSED.format(kind), today.isoformat())


def _check_kind(kind: str) -> None:
    if kind not in CHECKUP_KINDS:
        raise ValueError(f"unknown check-up {kind!r}; expected one of {CHECKUP_KINDS}")


# --- who the summary is about (both optional) ----------------------------------------


def patient_name(db: LogDatabase) -> str:
    return read_setting(db.conn, PATIENT_NAME)


def birth_date(db: LogDatabase) -> dt.date | None:
    return read_setting(db.conn, BIRTH_DATE)


def set_patient(db: LogDatabase, name: str, born: dt.date | None, *,
                today: dt.date | None = None) -> None:
    """Name and date of birth printed on the summary; empty name and None clear them."""
    name = parse_text(name, "name", NAME_MAX, multiline=False)
    if born is not None:
        today = today or dt.date.today()
        if born > today:
            raise FieldError("date of birth", f"{born.isoformat()} is in the future")
        if born < EARLIEST_BIRTH_DATE:
            raise FieldError("date of birth", f"{born.isoformat()} is before "
                             f"{EARLIEST_BIRTH_DATE.year}; check the year")
    with db.transaction():
        db.set_setting(PATIENT_NAME, name)
        db.set_setting(BIRTH_DATE, born.isoformat() if born else None)


# --- all of the settings page at once ---------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    """What the settings dialog edits, saved together in one transaction (the
    background, what else the person takes included, is saved with it: save_background)."""

    warning: WarningSettings = WarningSettings()
    country: str | None = None
    peg_reminders: bool = True
    sds_reminders: bool = True


def load_preferences(db: LogDatabase) -> Preferences:
    return Preferences(warning_settings(db), help_country(db),
                       reminders_on(db, "peg"), reminders_on(db, "sds"))


def save_preferences(db: LogDatabase, prefs: Preferences) -> Preferences:
    """Validate everything first, then write it all in one transaction."""
    settings = validate_settings(prefs.warning)
    with db.transaction():
        save_warning_settings(db, settings)
        if prefs.country is not None:
            set_help_country(db, prefs.country)
        set_reminders_on(db, "peg", prefs.peg_reminders)
        set_reminders_on(db, "sds", prefs.sds_reminders)
    return load_preferences(db)
