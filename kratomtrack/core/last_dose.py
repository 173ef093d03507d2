"""The last dose: how long ago it was, what it was, and the products used lately.

Today's "Last dose 3 h 20 min ago (2.5 g powder, Red Bali)", the
``since_last_dose_minutes`` of ``kratomtrack warning --json`` and
``patterns --json``, "the same again" (Ctrl+D) and the product field's
completion all read these. The figure is a record of what was logged; it
never says whether it is time for another dose (docs/health-content.md: the
app never advises a dose).

A dose logged later than now (the clock was moved back, or the time zone
changed) is not the last dose: the last dose is the latest one taken at or
before now, so the time since it is never negative.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.records import Dose, Form

# The product field offers the products of the last 90 days, most used first.
RECENT_PRODUCT_DAYS = 90


def last_dose_by(doses: Iterable[Dose], now: dt.datetime) -> Dose | None:
    """The latest dose taken at or before ``now``; None if there is none."""
    taken = [d for d in doses if d.taken_at <= now]
    return max(taken, key=lambda d: (d.taken_at, d.id or 0), default=None)


def minutes_since(dose: Dose | None, now: dt.datetime) -> int | None:
    """Whole minutes from ``dose`` to ``now`` (never negative); None without a dose."""
    if dose is None:
        return None
    return max(0, int((now - dose.taken_at).total_seconds() // 60))


def minutes_since_last_dose(doses: Iterable[Dose], now: dt.datetime) -> int | None:
    """Whole minutes since the latest dose at or before ``now``; None when there is none."""
    return minutes_since(last_dose_by(doses, now), now)


def as_of(day: dt.date, clock: dt.datetime) -> dt.datetime:
    """The moment a figure "as of ``day``" is taken at: the clock's now on its own
    day, else the end of ``day`` (a command's ``--today`` of an earlier day)."""
    if day == clock.date():
        return clock.replace(second=0, microsecond=0)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0))


def duration_text(minutes: int) -> str:
    """"less than a minute", "20 min", "3 h 20 min", "3 h", "2 days 4 h"."""
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        day_words = "1 day" if days == 1 else f"{days} days"
        return f"{day_words} {hours} h" if hours else day_words
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def dose_words(dose: Dose, form_name: Callable[[Form], str] = lambda form: form.label) -> str:
    """"2.5 g powder, Red Bali" ("15 mg 7-OH product" without a product).
    ``form_name`` names the form (the window passes its translated names)."""
    words = f"{amount_text(dose.milligrams, dose.form)} {form_name(dose.form)}"
    return f"{words}, {dose.product}" if dose.product else words


def products_by_use(doses: Iterable[Dose]) -> list[str]:
    """The products named in ``doses``, most used first; of two used as often,
    the one used last first."""
    counts: Counter[str] = Counter()
    last: dict[str, dt.datetime] = {}
    for dose in doses:
        if dose.product:
            counts[dose.product] += 1
            last[dose.product] = max(last.get(dose.product, dose.taken_at), dose.taken_at)
    return sorted(counts, key=lambda name: (counts[name], last[name]), reverse=True)


def recent_start(today: dt.date) -> dt.date:
    """The first day whose products are offered for completion on ``today``."""
    return today - dt.timedelta(days=RECENT_PRODUCT_DAYS - 1)
