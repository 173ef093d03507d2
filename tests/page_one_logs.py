"""The four logs issue 27 reads page 1 of, written to real SQLite logs through the store.

Each builder keeps, beside the log, the plain record of what it wrote (every
dose, the logged days, the SDS answers, the red flags, what else is ticked), so
a test can work out each key point by hand without the app's summary code.

- constant: 3 x 2 g powder every day for 200 days, pain 5 every day;
- rising: every day for 240 days, leaf rising steadily from 3 g to 12 g a day,
  with three days with nothing logged 150 days before the end (the warning goes off
  for five days: printed as one period "with breaks");
- mixed: 420 days with gaps (a ten-day gap, single unlogged days), extract and
  7-OH doses, red flags, opioids and benzodiazepines ticked, SDS answers,
  withdrawal-type symptoms, a reduction plan over the last 28 days and a note
  for the doctor;
- demo: ``kratomtrack demo --days 3650`` (read from the log it writes).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kratomtrack.core.checkups import Sds
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store import checkups, plans, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.doctor_notes import set_for_doctor
from kratomtrack.store.no_use import set_no_use

from conftest import TODAY


@dataclass
class Written:
    """What a builder wrote, in plain values."""

    folder: Path
    doses: list[Dose] = field(default_factory=list)
    logged: set[dt.date] = field(default_factory=set)
    sds: dict[dt.date, int] = field(default_factory=dict)
    red_flags: list[tuple[dt.date, str]] = field(default_factory=list)
    withdrawal_days: set[dt.date] = field(default_factory=set)
    also_take: tuple[str, ...] = ()
    demo: bool = False

    def use_days(self) -> set[dt.date]:
        return {d.day for d in self.doses}


def _day(back: int) -> dt.date:
    return TODAY - dt.timedelta(days=back)


def _dose(w: Written, db: LogDatabase, day: dt.date, hour: int, grams: float, form=Form.POWDER, product="Leaf"):
    dose = Dose(dt.datetime.combine(day, dt.time(hour)), grams, form, product)
    db.add_dose(dose, today=TODAY)
    w.doses.append(dose)
    w.logged.add(day)


def _checkin(w: Written, db: LogDatabase, checkin: CheckIn):
    db.save_checkin(checkin, today=TODAY)
    w.logged.add(checkin.day)


def constant_log(folder: Path) -> Written:
    w = Written(folder)
    with LogDatabase.open_folder(folder) as db, db.transaction():
        for back in range(199, -1, -1):
            day = _day(back)
            for hour in (8, 13, 19):
                _dose(w, db, day, hour, 2.0)
            _checkin(w, db, CheckIn(day, 5, {"nausea": 0}))
    return w


def rising_log(folder: Path) -> Written:
    w = Written(folder)
    with LogDatabase.open_folder(folder) as db, db.transaction():
        for i in range(240):
            back = 239 - i
            if 150 <= back <= 152:  # three days with nothing logged, while the warning is on
                continue
            grams = round((3.0 + 9.0 * i / 239) / 3, 2)
            for hour in (8, 13, 19):
                _dose(w, db, _day(back), hour, grams)
    return w


def mixed_log(folder: Path) -> Written:
    w = Written(folder, also_take=("opioids", "benzodiazepines"))
    with LogDatabase.open_folder(folder) as db:
        checkups.add_withdrawal_symptoms(db)
        with db.transaction():
            for back in range(419, -1, -1):
                day = _day(back)
                if 200 <= back <= 209 or back % 17 == 0:  # a ten-day gap and single unlogged days
                    continue
                if back % 11 == 5:  # a day without kratom, marked
                    set_no_use(db, day, True, today=TODAY)
                    w.logged.add(day)
                    continue
                leaf = 4.0 if back >= 28 else 5.5  # more in the last four weeks
                _dose(w, db, day, 8, leaf / 2, Form.POWDER, "Green")
                _dose(w, db, day, 18, leaf / 2, Form.CAPSULES, "Caps")
                if back % 9 == 0:
                    _dose(w, db, day, 21, 0.6, Form.EXTRACT, "Extract 20x")
                if back in (3, 10, 40):
                    _dose(w, db, day, 22, 0.015, Form.SEVEN_OH, "7-OH tabs")
                ratings = {"insomnia": 1 if back % 3 == 0 else 0}
                if back < 28 and back % 4 == 0:
                    ratings["craving"] = 2
                    w.withdrawal_days.add(day)
                _checkin(w, db, CheckIn(day, 6 if back < 28 else 5, ratings,
                                        "Dark urine this morning, worried about liver" if back == 12 else ""))
            set_for_doctor(db, _day(12), True)
            for back, flag in ((12, "dark urine"), (30, "seizure")):
                checkups.set_red_flag(db, _day(back), flag, today=TODAY)
                w.red_flags.append((_day(back), flag))
            for back, answers in ((70, (1, 1, 1, 0, 1)), (40, (1, 1, 1, 1, 1)), (8, (2, 1, 2, 1, 1))):
                checkups.save_sds(db, Sds(_day(back), answers), today=TODAY)
                w.sds[_day(back)] = sum(answers)
        preferences.set_also_take(db, w.also_take, today=TODAY)
        plans.set_plan(db, Plan((PlanStep(_day(27), 5000),), note="agreed with Dr Example"))
    return w


def demo_log(folder: Path) -> Written:
    """``kratomtrack demo`` through the real command; what it wrote is read back from the log."""
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "demo", "--days", "3650",
                    "--today", TODAY.isoformat()], check=True, capture_output=True)
    w = Written(folder, demo=True)
    with LogDatabase.open_folder(folder, create=False, read_only=True) as db:
        w.doses = db.all_doses()
        w.logged = {c.day for c in db.all_checkins()} | w.use_days()
        w.sds = {s.day: s.total for s in checkups.sds_between(db, dt.date(1970, 1, 1), TODAY)}
    return w
