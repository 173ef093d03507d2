import datetime as dt

import pytest

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.summary.build import summarise
from kratomtrack.store.doctor_notes import doctor_notes_between, set_for_doctor
from kratomtrack.store.summary_source import gather_summary_input

from conftest import TODAY
from log_files import table_snapshot
from summary_log import END, START, hand_made_checkins, hand_made_doses, oct


def fill(db):
    with db.transaction():
        for dose in hand_made_doses():
            db.add_dose(dose, today=TODAY)
        for checkin in hand_made_checkins():
            db.save_checkin(checkin, today=TODAY)


def test_marked_notes_are_the_doctor_notes(db):
    db.save_checkin(CheckIn(oct(3), 5, {}, "ask about sleep"), today=TODAY)
    db.save_checkin(CheckIn(oct(4), 5, {}, "private"), today=TODAY)
    set_for_doctor(db, oct(3), True)
    assert db.for_doctor(oct(3)) and not db.for_doctor(oct(4))
    assert doctor_notes_between(db, START, END) == [(oct(3), "ask about sleep")]
    set_for_doctor(db, oct(3), False)
    assert doctor_notes_between(db, START, END) == []


def test_the_mark_survives_editing_the_day(db):
    db.save_checkin(CheckIn(oct(3), 5, {"dizziness": 1}, "ask about sleep"), today=TODAY)
    set_for_doctor(db, oct(3), True)
    db.save_checkin(CheckIn(oct(3), 7, {"dizziness": 2}, "ask about sleep, and nausea"), today=TODAY)
    assert doctor_notes_between(db, START, END) == [(oct(3), "ask about sleep, and nausea")]


def test_marking_a_day_without_check_in_is_refused_and_changes_nothing(db):
    before = table_snapshot(db)
    with pytest.raises(KeyError, match="no check-in"):
        set_for_doctor(db, oct(9), True)
    assert table_snapshot(db) == before


def test_gathered_input_gives_the_hand_made_figures(db):
    fill(db)
    db.conn.execute("INSERT INTO peg (day, pain_average, enjoyment, activity) VALUES ('2026-10-07', 7, 6, 6)")
    db.conn.execute("INSERT INTO sds (day, q1, q2, q3, q4, q5) VALUES ('2026-10-24', 2, 1, 1, 1, 1)")
    db.conn.execute("INSERT INTO red_flags (day, flag) VALUES ('2026-10-12', 'dark urine')")
    set_for_doctor(db, oct(15), True)
    data = gather_summary_input(db, dt.date(2026, 9, 1), END, warning_days=[(oct(22), "why")],
                                name="Alex", made_on=TODAY)
    assert data.first_record == START
    s = summarise(data)
    assert s.counted_start == START and s.glance.days_counted == 28
    assert s.glance.leaf_total_mg == 137_500 and s.glance.doses_total == 69
    assert s.pain.peg == [(oct(7), pytest.approx(6.3))]  # PEG score: mean of 7, 6, 6 to one decimal
    assert [(x.day, x.total) for x in s.sds] == [(oct(24), 6)]
    assert s.red_flags == [(oct(12), "dark urine")]
    assert s.doctor_notes == [(oct(15), "slept badly")]
    assert s.glance.warning_spans[0].reason == "why" and s.name == "Alex"


def test_first_record_before_the_range_keeps_early_days_counted(db):
    db.add_dose(Dose(dt.datetime(2026, 9, 1, 8), 1.0), today=TODAY)
    db.add_dose(Dose(dt.datetime(2026, 10, 20, 8), 1.0), today=TODAY)
    s = summarise(gather_summary_input(db, START, END))
    assert s.glance.days_counted == 28 and s.glance.use_days == 1


def test_summary_input_carries_settings_and_warning_days_for_window_and_command(db):
    """The dialog and `kratomtrack report` share summary_input, so they print the same."""
    import datetime as dt

    from kratomtrack.core.records import Dose
    from kratomtrack.store.preferences import set_also_take, set_patient
    from kratomtrack.store.summary_source import summary_input

    today = dt.date(2026, 11, 20)
    # 28 days of 3 g/day, then 7 days of 9 g/day: frequent and rising.
    for i in range(35):
        day = today - dt.timedelta(days=34 - i)
        grams = 9.0 if i >= 28 else 3.0
        db.add_dose(Dose(dt.datetime.combine(day, dt.time(9, 0)), grams), today=today)
    set_patient(db, "Alex Example", dt.date(1980, 5, 1), today=today)
    set_also_take(db, ["alcohol"])
    data = summary_input(db, today - dt.timedelta(days=29), today, made_on=today)
    assert data.name == "Alex Example" and data.birth_date == dt.date(1980, 5, 1)
    # What else is taken comes from the background (the "I also take" ticks write into it).
    assert data.background.sedating() == {"alcohol"}
    from kratomtrack.core.summary.build import summarise
    assert summarise(data).also_take == ["alcohol"]
    assert data.warning_days and data.warning_days[-1][0] == today
    assert "used 7 of the last 7 days" in data.warning_days[-1][1]
    assert summary_input(db, today, today, name="Other").name == "Other"
