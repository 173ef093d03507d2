"""What one operation on the log changed, so that each page reloads only what it shows of it.

Every change the window makes (a command, its undo and its redo, a settings
save, an import, a restore) announces a ``LogChanges``: the days whose records
changed and which kinds of record. A page reads the value and decides what
of it it shows (Today: the day shown; History: the changed days' rows;
Trends: its per-day facts for those days). An operation whose extent is not
known day by day (an import, a restore, another program's write, the log
opened again) announces ``EVERYTHING``, and every page reads again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LogChanges:
    """Which days and which kinds of record one operation changed.

    ``days`` are the days whose doses, check-in, "no kratom" mark or
    check-ups changed; ``every_day`` stands for all of them (nothing about
    the extent is known). The flags name the kinds of record:

    - ``doses``: a dose added, changed or removed;
    - ``checkins``: a day's pain, side-effect ratings, note or its
      "for my doctor" mark;
    - ``no_kratom``: a day's "no kratom" mark;
    - ``checkups``: a weekly PEG, a monthly SDS or a red flag;
    - ``side_effects``: the list of side effects offered (added, hidden);
    - ``settings``: the person's settings (the warning's thresholds, help
      lines, "I also take", check-up reminders, name, idle lock);
    - ``plan``: a reduction plan started or ended.
    """

    days: frozenset[dt.date] = frozenset()
    every_day: bool = False
    doses: bool = False
    checkins: bool = False
    no_kratom: bool = False
    checkups: bool = False
    side_effects: bool = False
    settings: bool = False
    plan: bool = False

    @classmethod
    def on_days(cls, days: Iterable[dt.date | None], **kinds: bool) -> LogChanges:
        """A change of ``kinds`` (flag=True) on ``days`` (None entries are left out)."""
        return cls(days=frozenset(day for day in days if day is not None), **kinds)

    def touches_day(self, day: dt.date) -> bool:
        """Whether ``day``'s records (of any kind named) may have changed."""
        return self.every_day or day in self.days

    @property
    def day_records(self) -> bool:
        """Whether what makes a day logged changed: a dose, a check-in or a "no kratom" mark."""
        return self.doses or self.checkins or self.no_kratom

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: LogChanges) -> LogChanges:
        """Both changes at once (a page that was hidden through several applies them together)."""
        if not isinstance(other, LogChanges):
            return NotImplemented
        kinds = {f.name: getattr(self, f.name) or getattr(other, f.name)
                 for f in fields(self) if f.name != "days"}
        return LogChanges(days=self.days | other.days, **kinds)


NOTHING = LogChanges()
# An import, a restore, another program's write, the log opened again: every page reads again.
EVERYTHING = LogChanges(every_day=True, doses=True, checkins=True, no_kratom=True, checkups=True,
                        side_effects=True, settings=True, plan=True)
SETTINGS = LogChanges(settings=True)
