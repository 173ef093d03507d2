"""A hand-made four-week log whose every summary figure is worked out by hand.

October 2026, days 1-28 (the log starts on 1 October):
- days 1-14: two 2.0 g powder doses a day (4.0 g/day); day 10 also 0.5 g extract;
- days 15-28 except 20: three 2.0 g powder doses a day (6.0 g/day), except
  day 22, whose third dose is 5.5 g capsules (9.5 g); day 25 also 0.2 g 7-OH;
- day 20: nothing taken.
Check-ins every day except 5 and 20: pain 6 on days 1-14, 4 on days 15-27,
3 on day 28. Dizziness mild on days 1-7; insomnia moderate on days 15-21 and
severe on day 27; nausea mild on days 3 and 17; anxiety rated 0 (none) on day 2.
"""

import datetime as dt

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import SummaryInput

START = dt.date(2026, 10, 1)
END = dt.date(2026, 10, 28)


def oct(day):
    return dt.date(2026, 10, day)


def at(day, hour):
    return dt.datetime(2026, 10, day, hour, 0)


def hand_made_doses():
    doses = []
    for day in range(1, 29):
        if day == 20:
            continue
        if day <= 14:
            doses += [Dose(at(day, 8), 2.0, Form.POWDER, "Green"), Dose(at(day, 14), 2.0, Form.POWDER, "Green")]
        else:
            doses += [Dose(at(day, 8), 2.0, Form.POWDER, "Green"), Dose(at(day, 13), 2.0, Form.POWDER, "Green")]
            if day == 22:
                doses.append(Dose(at(day, 19), 5.5, Form.CAPSULES, "Caps"))
            else:
                doses.append(Dose(at(day, 19), 2.0, Form.POWDER, "Green"))
    doses.append(Dose(at(10, 21), 0.5, Form.EXTRACT, "Strong extract"))
    doses.append(Dose(at(25, 21), 0.2, Form.SEVEN_OH, "Seven tabs"))
    return doses


def hand_made_checkins():
    checkins = []
    for day in range(1, 29):
        if day in (5, 20):
            continue
        pain = 6 if day <= 14 else 3 if day == 28 else 4
        ratings = {}
        if day <= 7:
            ratings["dizziness"] = 1
        if 15 <= day <= 21:
            ratings["insomnia"] = 2
        if day == 27:
            ratings["insomnia"] = 3
        if day in (3, 17):
            ratings["nausea"] = 1
        if day == 2:
            ratings["anxiety"] = 0
        checkins.append(CheckIn(oct(day), pain, ratings, "slept badly" if day == 15 else ""))
    return checkins


def hand_made_input(**changes):
    values = dict(
        start=START,
        end=END,
        doses=hand_made_doses(),
        checkins=hand_made_checkins(),
        peg=[(oct(7), 19 / 3), (oct(28), 4.0)],
        sds=[(oct(3), 3), (oct(24), 6)],
        red_flags=[(oct(12), "yellow skin or eyes")],
        warning_days=[(oct(22), "reason A"), (oct(23), "reason B"), (oct(24), "reason C"),
                      (oct(26), "reason D"), (oct(27), "reason E")],
        also_take=["sertraline 50 mg", "  ", "ibuprofen"],
        doctor_notes=[(oct(15), "Sleep worse since I take it three times a day"),
                      (dt.date(2026, 9, 1), "outside the range")],
        questions="Could the insomnia come from kratom?",
        name="Alex Example",
        birth_date=dt.date(1980, 5, 17),
        first_record=START,
        made_on=dt.date(2026, 11, 2),
    )
    values.update(changes)
    return SummaryInput(**values)
