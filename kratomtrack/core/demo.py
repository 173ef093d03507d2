"""A realistic, clearly labelled demo log for trying the app, screenshots and benchmarks.

Invented data: a person with chronic pain who takes leaf powder most days,
drifts upward over the years and steps up in the last weeks (so the
dependence warning has something to show), with occasional extract use.
"""

from __future__ import annotations

import datetime as dt
import random

from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS, CheckIn, Dose, Form
from kratomtrack.core.whole_records import clock_now

DEMO_PRODUCT_PREFIX = "Demo "
DEMO_NOTE = "(demo data)"


def demo_log(days: int, *, today: dt.date, seed: int = 7,
             now: dt.datetime | None = None) -> tuple[list[Dose], list[CheckIn]]:
    """Doses and check-ins for ``days`` days ending on ``today``.

    On the day of ``now`` (default: the clock, when ``today`` is its day)
    the doses' times are drawn in towards midnight so none is later than
    ``now``: a log cannot hold a dose not yet taken.
    """
    rng = random.Random(seed)
    latest = clock_now(today, now)
    doses: list[Dose] = []
    checkins: list[CheckIn] = []
    start = today - dt.timedelta(days=days - 1)
    products = {Form.POWDER: "Demo Green Maeng Da", Form.CAPSULES: "Demo Red Bali caps",
                Form.TEA: "Demo Leaf tea", Form.EXTRACT: "Demo 20x extract"}
    for i in range(days):
        day = start + dt.timedelta(days=i)
        from_end = days - 1 - i
        # Slow drift over the whole log, then a step up in the last 14 days.
        level = 2.0 + 1.5 * i / max(days, 1) + (1.2 if from_end < 14 else 0.0)
        per_day = 3 if from_end < 14 else rng.choice((2, 3, 3, 4, 4)) if rng.random() > 0.05 else 0
        times = sorted(rng.sample(range(7 * 60, 22 * 60, 15), per_day)) if per_day else []
        for minute in times:
            form = rng.choices(
                (Form.POWDER, Form.CAPSULES, Form.TEA, Form.EXTRACT), (70, 18, 10, 2)
            )[0]
            grams = max(0.5, round(rng.gauss(level, 0.4) * (0.3 if form is Form.EXTRACT else 1), 1))
            if latest is not None and day == latest.date():
                minute = minute * (latest.hour * 60 + latest.minute) // (22 * 60)
            taken_at = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
            doses.append(Dose(
                taken_at=taken_at,
                grams=grams, form=form, product=products[form],
                note=DEMO_NOTE if rng.random() < 0.05 else "",
            ))
        if rng.random() < 0.95:
            pain = min(10, max(0, round(rng.gauss(6.5 - 1.5 * i / max(days, 1), 1.3))))
            ratings = {}
            for name, chance in zip(BUILTIN_SIDE_EFFECTS, (0.3, 0.35, 0.3, 0.15, 0.35, 0.1, 0.15, 0.05, 0.1, 0.08)):
                if rng.random() < chance * (1.6 if from_end < 14 else 1):
                    ratings[name] = rng.choices((0, 1, 2, 3), (20, 45, 25, 10))[0]
            checkins.append(CheckIn(day, pain, ratings, DEMO_NOTE if rng.random() < 0.1 else ""))
    return doses, checkins


def demo_checkups(days: int, *, today: dt.date, seed: int = 7) -> tuple[list, list]:
    """Weekly PEGs and monthly SDS answers for the same demo period (invented data)."""
    from kratomtrack.core.checkups import Peg, Sds

    rng = random.Random(seed + 1)
    start = today - dt.timedelta(days=days - 1)
    pegs, sds = [], []
    for i in range(6, days, 7):
        if rng.random() < 0.85:  # a person skips some weeks
            base = 6.5 - 1.5 * i / max(days, 1)
            pegs.append(Peg(start + dt.timedelta(days=i),
                            *(min(10, max(0, round(rng.gauss(base + shift, 1.0)))) for shift in (0, -0.5, -1))))
    for i in range(29, days, 30):
        if rng.random() < 0.7:
            level = 1 + 5 * i / max(days, 1)
            sds.append(Sds(start + dt.timedelta(days=i),
                           tuple(min(3, max(0, round(rng.gauss(level / 5, 0.6)))) for _ in range(5))))
    return pegs, sds
