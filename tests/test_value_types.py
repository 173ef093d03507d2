"""The small immutable records are frozen dataclasses: read by name, never changed,
and never equal to a plain tuple of the same values (the three bulk ones made by the
thousand, ScatterPoint, DayTiming and ReliefPoint, stay NamedTuples for speed)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kratomtrack.core.checkups import PEG_ITEMS, RED_FLAGS
from kratomtrack.core.entry import typo_check
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.reminder import PainAfterSetting, ReminderSetting
from kratomtrack.core.validation import Problem

from log_files import fill

DAY = dt.date(2026, 11, 20)


def small_records():
    dose = Dose(dt.datetime(2026, 11, 20, 8, 30), 2.0, Form.POWDER)
    return [PEG_ITEMS[0], RED_FLAGS[0], Problem("grams", "must be a number"),
            typo_check(dose, []), ReminderSetting(True, dt.time(9, 0)), PainAfterSetting(True, 2)]


@pytest.mark.parametrize("record", small_records(), ids=lambda r: type(r).__name__)
def test_a_small_record_is_a_frozen_dataclass_not_a_tuple(record):
    assert dataclasses.is_dataclass(record) and not isinstance(record, tuple)
    values = dataclasses.astuple(record)
    assert record != values  # a NamedTuple would equal its plain tuple
    first = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, first, None)


def test_an_undone_days_deletion_holds_its_doses_in_a_tuple(db):
    fill(db, 1, start=DAY)
    deleted = db.delete_day(DAY)
    assert isinstance(deleted.doses, tuple) and len(deleted.doses) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        deleted.doses = ()
    db.restore_day(deleted)
    assert [d.grams for d in db.doses_on(DAY)] == [2.0]
