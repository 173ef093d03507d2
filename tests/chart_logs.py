"""Logs the chart tests (and a look at the pages) are built from, written into a real log.

- ``constant``: the same three 2 g doses every day, pain 5, constipation rated mild most days;
- ``rising``: three doses a day, each from 1 g up to 4 g over the days, pain flat;
- ``mixed``: gaps (a week and more with nothing logged, and today not logged),
  extract and 7-OH days, night doses (one of 6 g at 02:30 before a red flag,
  "confusion or hallucinations", the next day), a liver red flag, withdrawal-
  type symptoms, pain before and after some doses, weekly PEG, a plan and
  "also takes" opioids.

Each takes the log, the last day and the number of days; every dose and
check-in is stored through the store's own calls.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.checkups import Peg
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store import checkups, plans, preferences
from kratomtrack.store.checkups import add_withdrawal_symptoms
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import set_no_use


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _days(last: dt.date, days: int) -> list[dt.date]:
    return [last - dt.timedelta(days=days - 1 - i) for i in range(days)]


def constant(db: LogDatabase, last: dt.date, days: int = 200) -> None:
    with db.transaction():
        for i, day in enumerate(_days(last, days)):
            for hour in (8, 13, 19):
                db.add_dose(Dose(_at(day, hour), 2.0, Form.POWDER, "Green"), today=last)
            ratings = {"constipation": 1} if i % 3 else {"constipation": 0}
            db.save_checkin(CheckIn(day, 5, ratings), today=last)


def rising(db: LogDatabase, last: dt.date, days: int = 200) -> None:
    with db.transaction():
        for i, day in enumerate(_days(last, days)):
            grams = round(1.0 + 3.0 * i / max(days - 1, 1), 1)
            for hour in (8, 13, 19):
                db.add_dose(Dose(_at(day, hour), grams, Form.POWDER, "Green"), today=last)
            db.save_checkin(CheckIn(day, 6, {"insomnia": 1 if i % 2 else 2} if i % 5 == 0 else {}),
                            today=last)


# The mixed log's marked days, counted back from its last day.
GAP_DAYS = range(40, 52)  # nothing logged (12 days)
NIGHT_DOSE_BACK = 22  # 6 g at 02:30
CONFUSION_BACK = 21  # the red flag the next day
DARK_URINE_BACK = 60
EXTRACT_EVERY = 9
SEVEN_OH_BACK = (5, 33)
PLAN_BACK = 30  # the plan starts this many days before the last day


def mixed(db: LogDatabase, last: dt.date, days: int = 150) -> None:
    add_withdrawal_symptoms(db)
    with db.transaction():
        for i, day in enumerate(_days(last, days)):
            back = (last - day).days
            if back in GAP_DAYS or back == 0:
                continue  # nothing logged: unknown, and today not yet logged
            if back % 17 == 3:
                set_no_use(db, day, True, today=last)
                db.save_checkin(CheckIn(day, 7, {"restlessness": 2, "craving": 3}), today=last)
                continue
            doses = 2 + i % 3
            for n in range(doses):
                pain = (6, 3) if n == 0 and i % 2 else (None, None)
                db.add_dose(Dose(_at(day, 8 + 5 * n), 2.0 + (i % 4) * 0.5, Form.POWDER, "Green",
                                 pain_before=pain[0], pain_after=pain[1]), today=last)
            if back == NIGHT_DOSE_BACK:
                db.add_dose(Dose(_at(day, 2, 30), 6.0, Form.POWDER, "Green"), today=last)
            elif back % 23 == 7:
                db.add_dose(Dose(_at(day, 3, 15), 2.0, Form.CAPSULES, "Caps"), today=last)
            if i % EXTRACT_EVERY == 4:
                db.add_dose(Dose(_at(day, 21), 0.5, Form.EXTRACT, "Extract"), today=last)
            if back in SEVEN_OH_BACK:
                db.add_dose(Dose(_at(day, 22), 0.015, Form.SEVEN_OH, "Tabs"), today=last)
            if i % 4 == 1:
                continue  # a dose but no check-in: pain not rated
            ratings = {"dizziness": i % 4} if i % 3 == 0 else {}
            if i % 11 == 0:
                ratings["muscle aches"] = 1 + i % 3
            db.save_checkin(CheckIn(day, 3 + i % 5, ratings), today=last)
    for back, flag in ((CONFUSION_BACK, "confusion or hallucinations"),
                       (DARK_URINE_BACK, "dark urine")):
        checkups.set_red_flag(db, last - dt.timedelta(days=back), flag, today=last)
    for back in range(days - 1, 0, -7):
        day = last - dt.timedelta(days=back)
        if back not in GAP_DAYS:
            checkups.save_peg(db, Peg(day, 6, 5 + back % 3, 5), today=last)
    start = last - dt.timedelta(days=PLAN_BACK)
    plans.set_plan(db, Plan((PlanStep(start, 7000, 3), PlanStep(start + dt.timedelta(days=14), 6000, 3))))
    preferences.set_also_take(db, ["opioids"])


LOGS = {"constant": constant, "rising": rising, "mixed": mixed}
