"""Undo and redo of every kind of change, on a real log, through LogEditor."""

import datetime as dt

import pytest

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.commands.log_commands import (
    AddDose,
    DeleteDay,
    EditDose,
    HideSideEffect,
    MarkNoKratom,
    RemoveDose,
    SaveCheckIn,
    ShowSideEffect,
)
from conftest import real_today
from log_files import table_snapshot
from window_helpers import fill_to_the_brim, make_room

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date
MORNING = dt.datetime.combine(TODAY, dt.time(8, 0))


@pytest.fixture
def editor(qapp, db):
    return LogEditor(db)


def test_undo_and_redo_walk_every_kind_of_change(editor, db):
    before = table_snapshot(db)
    editor.apply(AddDose(db, Dose(MORNING, 2.0)))
    [dose] = db.doses_on(TODAY)
    editor.apply(EditDose(db, dose, Dose(MORNING, 3.0, Form.TEA, id=dose.id)))
    editor.apply(SaveCheckIn(db, TODAY, None, CheckIn(TODAY, 5, {"nausea": 1}, "x"), "pain"))
    editor.apply(ShowSideEffect(db, "headache"))
    editor.apply(HideSideEffect(db, "itching"))
    editor.apply(RemoveDose(db, db.doses_on(TODAY)[0]))
    editor.apply(DeleteDay(db, TODAY))
    editor.apply(MarkNoKratom(db, TODAY, True))
    editor.apply(MarkNoKratom(db, TODAY - dt.timedelta(days=1), True))
    editor.apply(DeleteDay(db, TODAY - dt.timedelta(days=1)))
    after = table_snapshot(db)
    while editor.stack.canUndo():
        assert editor.undo()
    undone = table_snapshot(db)
    # A custom side effect cannot be un-made once added; undo hides it.
    assert undone.pop("side_effects")[-1][1:4] == ("headache", 0, 1)
    assert undone == {k: v for k, v in before.items() if k != "side_effects"}
    while editor.stack.canRedo():
        assert editor.redo()
    assert table_snapshot(db) == after
    assert [s.name for s in db.side_effects()][-1] == "headache"


def test_undoing_a_removal_never_touches_a_dose_that_took_its_id(editor, db, data_dir):
    editor.apply(AddDose(db, Dose(MORNING, 2.0)))
    [mine] = db.doses_on(TODAY)
    editor.apply(RemoveDose(db, mine))
    with LogDatabase.open_folder(data_dir) as other:  # an import in another process
        theirs = other.add_dose(Dose(MORNING.replace(hour=9), 7.0, Form.CAPSULES))
    assert theirs.id == mine.id  # SQLite reused the id
    assert editor.undo()  # the removal: mine comes back under a new id
    assert sorted(d.grams for d in db.doses_on(TODAY)) == [2.0, 7.0]
    assert editor.undo()  # the logging: only mine goes
    assert db.doses_on(TODAY) == [theirs]
    assert editor.redo() and editor.redo()
    assert db.doses_on(TODAY) == [theirs]


def test_a_refused_or_failed_change_is_not_kept_for_undo(editor, db):
    with pytest.raises(Exception):
        editor.apply(AddDose(db, Dose(MORNING + dt.timedelta(days=2), 2.0)))
    fill_to_the_brim(db)
    with pytest.raises(SaveFailed) as failure:
        editor.apply(AddDose(db, Dose(MORNING, 2.0, note="n" * 500)))
    assert "disk is full" in failure.value.message
    assert editor.stack.count() == 0
    make_room(db)
