"""A whole log in memory: what export writes and import reads.

Apart from core.records because it holds the check-ups too (core.checkups),
which are validated by core.validation, which builds on core.records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.records import CheckIn, Dose, SideEffect


@dataclass
class Log:
    """A whole log in memory: what export writes and import reads."""

    doses: list[Dose] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    side_effects: list[SideEffect] = field(default_factory=list)
    # The check-ups (JSON format version 2): red flags as (day, flag key).
    red_flags: list[tuple[dt.date, str]] = field(default_factory=list)
    pegs: list[Peg] = field(default_factory=list)
    sds: list[Sds] = field(default_factory=list)
    # Days whose check-in note is marked "for my doctor" (JSON only).
    doctor_days: set[dt.date] = field(default_factory=set)
    # Days marked "no kratom today" (JSON format version 3; CSV: check-ins' no_kratom column).
    no_use_days: set[dt.date] = field(default_factory=set)
    # Reduction plans, oldest first (JSON format version 4; core.plan.Plan).
    plans: list = field(default_factory=list)
    # The log's settings by key, as stored (JSON values; format version 5;
    # store/setting_values.py knows each key and validates it on import).
    settings: dict = field(default_factory=dict)
