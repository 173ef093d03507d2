"""Change notices: every operation on the log says what it changed (a LogChanges), the
window passes it on once, and each page reads again only what it shows of it.

The pages count what they read from the log (``HistoryModel.reloads`` and
``days_read``, ``TrendsPage.log_reads`` and ``days_reread``, ``TodayPage.day_reads``):
the counts, and what each page then shows, prove that a dose logged on Today
makes History and Trends read that one day, not the whole log."""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.log_changes import EVERYTHING, NOTHING, SETTINGS, LogChanges
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store import checkups, plans
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import set_no_use
from kratomtrack.ui.commands import checkup_commands, import_command, log_commands, plan_commands
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from window_helpers import press, type_into

pytestmark = pytest.mark.window  # makes widgets

# --- what each command says it changed, against what it changed in the file ---------------

# Each table holding a day's records, and the kind of change it is.
DAY_TABLES = {"doses": "doses", "checkins": "checkins", "ratings": "checkins", "no_use_days": "no_kratom",
              "red_flags": "checkups", "peg": "checkups", "sds": "checkups"}
OTHER_TABLES = {"side_effects": "side_effects", "settings": "settings", "plans": "plan"}


def snapshot(db: LogDatabase) -> dict[str, tuple[list[str], set[tuple]]]:
    """Each table's column names and rows."""
    out = {}
    for (table,) in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        columns = [row[1] for row in db.conn.execute(f'PRAGMA table_info("{table}")')]
        out[table] = columns, set(db.conn.execute(f'SELECT * FROM "{table}"').fetchall())
    return out


def what_changed(before: dict, after: dict) -> LogChanges:
    """The LogChanges the file itself shows: the tables and the days whose rows differ."""
    assert before.keys() == after.keys()
    kinds, days = set(), set()
    for table, (columns, rows) in before.items():
        differ = rows ^ after[table][1]
        if not differ:
            continue
        kinds.add(DAY_TABLES.get(table) or OTHER_TABLES[table])
        if table in DAY_TABLES:
            days |= {dt.date.fromisoformat(row[columns.index("day")]) for row in differ}
    return LogChanges(days=frozenset(days), **{kind: True for kind in kinds})


def covers(announced: LogChanges, done: LogChanges) -> bool:
    """Whether a page that reads what ``announced`` names misses nothing of ``done``."""
    kinds = [name for name in vars(done) if name not in ("days", "every_day") and getattr(done, name)]
    return (announced.every_day or done.days <= announced.days) and all(getattr(announced, k) for k in kinds)


TODAY = dt.date.today()
D1, D2, D3, D4 = (TODAY - dt.timedelta(days=n) for n in (1, 2, 3, 4))


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def base_log(db: LogDatabase) -> None:
    """D1: a dose, a check-in with a note and a rating, a red flag, a PEG. D2: a dose with
    pain before it. D3: marked "no kratom". D4: nothing. An SDS and a plan that is on."""
    db.add_dose(Dose(at(D1, 8), 2.0))
    db.add_dose(Dose(at(D2, 9), 3.0, pain_before=6))
    db.save_checkin(CheckIn(D1, 5, {"nausea": 1}, "Tired"))
    set_no_use(db, D3, True)
    checkups.set_red_flag(db, D1, "dark urine")
    checkups.save_peg(db, Peg(D1, 5, 5, 5))
    checkups.save_sds(db, Sds(D2, (1, 1, 1, 1, 1)))
    plans.set_plan(db, Plan((PlanStep(D4, 2000, 2),)))


def dose_on(db: LogDatabase, day: dt.date) -> Dose:
    return db.doses_on(day)[0]


def import_file(db: LogDatabase, tmp_path) -> import_command.ImportFiles:
    from kratomtrack.store.transfer import read_files

    path = tmp_path / "doses.csv"
    path.write_text(f"taken_at,grams,form,product,notes\n{D4.isoformat()}T09:00,1.5,,,\n")
    return import_command.ImportFiles(db, read_files([str(path)], today=TODAY))


# Every command, made on base_log; a command may have several cases (a dose moved to another day).
CASES = {
    "add a dose": lambda db, _: log_commands.AddDose(db, Dose(at(D4, 10), 1.5)),
    "change a dose's amount": lambda db, _: log_commands.EditDose(
        db, dose_on(db, D1), replace(dose_on(db, D1), grams=2.5)),
    "move a dose to another day": lambda db, _: log_commands.EditDose(
        db, dose_on(db, D1), replace(dose_on(db, D1), taken_at=at(D4, 8))),
    "record pain after a dose": lambda db, _: log_commands.SetPainAfter(db, dose_on(db, D2), 3),
    "remove a dose": lambda db, _: log_commands.RemoveDose(db, dose_on(db, D2)),
    "save a check-in": lambda db, _: log_commands.SaveCheckIn(
        db, D2, None, CheckIn(D2, 4, {"dizziness": 2}, ""), "Set pain"),
    "mark a note for the doctor": lambda db, _: log_commands.MarkForDoctor(db, D1, True),
    "mark a day no kratom": lambda db, _: log_commands.MarkNoKratom(db, D4, True),
    "delete a day of records": lambda db, _: log_commands.DeleteDay(db, D1),
    "delete a day only marked": lambda db, _: log_commands.DeleteDay(db, D3),
    "add a side effect": lambda db, _: log_commands.ShowSideEffect(db, "hiccups"),
    "add side effects": lambda db, _: log_commands.ShowSideEffects(db, ["hiccups", "yawning"], "Add"),
    "hide a side effect": lambda db, _: log_commands.HideSideEffect(db, "nausea"),
    "tick a red flag": lambda db, _: checkup_commands.SetRedFlag(db, D2, "seizure", True),
    "save a PEG": lambda db, _: checkup_commands.SaveCheckup.saving(db, Peg(D2, 3, 4, 5)),
    "move a PEG": lambda db, _: checkup_commands.SaveCheckup.saving(db, Peg(D3, 5, 5, 5), replaces=D1),
    "delete an SDS": lambda db, _: checkup_commands.SaveCheckup.deleting(db, "sds", D2),
    "start a plan": lambda db, _: plan_commands.StartPlan(db, Plan((PlanStep(D1, 1500, 2),))),
    "end the plan": lambda db, _: plan_commands.EndPlan(db, D1),
    "import a file": import_file,
}


def test_every_command_has_a_case():
    commands = {cls for module in (log_commands, checkup_commands, plan_commands, import_command)
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, log_commands.LogCommand) and cls is not log_commands.LogCommand
                and not cls.__name__.startswith("_")}
    made = set()
    for case in CASES.values():
        source = inspect.getsource(case)
        made |= {cls for cls in commands if f".{cls.__name__}(" in source or f".{cls.__name__}." in source}
    made.add(import_command.ImportFiles)  # import_file makes it
    assert commands == made, f"commands without a case: {commands - made}"


@pytest.mark.parametrize("case", CASES)
def test_each_command_announces_exactly_what_it_did_undid_and_redid(qapp, db, tmp_path, case):
    base_log(db)
    editor = LogEditor(db)
    announced: list[LogChanges] = []
    editor.changed.connect(announced.append)
    command = CASES[case](db, tmp_path)
    states = [snapshot(db)]
    editor.apply(command)
    states.append(snapshot(db))
    assert editor.undo()
    states.append(snapshot(db))
    assert editor.redo()
    states.append(snapshot(db))
    done = [what_changed(a, b) for a, b in zip(states, states[1:])]
    assert all(done), "each step changed something in the file"
    if isinstance(command, import_command.ImportFiles):
        assert announced == [EVERYTHING] * 3  # any record on any day: every page reads again
    else:
        assert announced == done


# --- the same, over runs of random changes, undos and redos ------------------------------------

OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["add", "move", "remove", "pain", "no kratom", "delete day", "red flag",
                     "undo", "redo"]),
    st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=12)


def command_for(db: LogDatabase, name: str, n: int, m: int):
    day, other = TODAY - dt.timedelta(days=n), TODAY - dt.timedelta(days=m)
    doses = db.doses_on(day)
    if name == "add":
        return log_commands.AddDose(db, Dose(at(day, 1 + m), 1.0 + m))
    if name in ("move", "remove") and doses:
        if name == "remove":
            return log_commands.RemoveDose(db, doses[0])
        return log_commands.EditDose(db, doses[0], replace(doses[0], taken_at=at(other, 2)))
    if name == "pain":
        return log_commands.SaveCheckIn(db, day, db.checkin(day), CheckIn(day, m, {}, ""), "Pain")
    if name == "no kratom":
        return log_commands.MarkNoKratom(db, day, m % 2 == 0)
    if name == "delete day":
        return log_commands.DeleteDay(db, day)
    if name == "red flag":
        return checkup_commands.SetRedFlag(db, day, "pale stools", m % 2 == 0)
    return None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_what_is_announced_always_covers_what_changed(qapp, tmp_path_factory, operations):
    with LogDatabase.open_folder(tmp_path_factory.mktemp("log")) as db:
        editor = LogEditor(db)
        announced: list[LogChanges] = []
        editor.changed.connect(announced.append)
        for name, n, m in operations:
            before = snapshot(db)
            announced.clear()
            if name in ("undo", "redo"):
                (editor.undo if name == "undo" else editor.redo)()
            else:
                command = command_for(db, name, n, m)
                if command is None:
                    continue
                try:
                    editor.apply(command)
                except (InvalidRecord, SaveFailed, KeyError):
                    pass  # refused: nothing changed, nothing announced
            done = what_changed(before, snapshot(db))
            assert covers(announced[0] if announced else NOTHING, done), (name, announced, done)


# --- what the pages read ------------------------------------------------------------------------


def fill(db: LogDatabase, days: int, *, start: dt.date) -> None:
    """One 2 g dose and one check-in a day for ``days`` days ending at ``start``."""
    with db.transaction():
        for i in range(days):
            day = start - dt.timedelta(days=i)
            db.add_dose(Dose(at(day, 0), 2.0))
            db.save_checkin(CheckIn(day, i % 11, {"dizziness": i % 4}))


def reads(window) -> dict[str, int]:
    """What each page has read from the log so far."""
    model, trends = window.history_page.model, window.trends_page
    return {"history reloads": model.reloads, "history days": model.days_read,
            "trends whole log": trends.log_reads, "trends days": trends.days_reread,
            "today": window.today_page.day_reads}


def leaf_text(window, day: dt.date) -> str:
    model = window.history_page.model
    return model.index(model.row_of(day), 1).data()


def trends_shown(window, qtbot) -> None:
    redrawn = window.trends_page.redrawn
    with qtbot.waitSignal(redrawn, timeout=20000):
        window.show_page("trends")


@pytest.fixture
def window(open_window, db, qtbot):
    """Sixty days logged up to today; History and Trends each shown once, Today in front."""
    fill(db, 60, start=TODAY)
    window = open_window(db)
    window.show_page("history")
    qtbot.waitUntil(lambda: window.history_page.model.days_read == 60)  # painted: its rows read
    trends_shown(window, qtbot)
    window.show_page("today")
    window.announcements = []
    window.log_changed.connect(window.announcements.append)
    return window


def log_on_today(window, grams: str) -> None:
    type_into(window.today_page.grams, grams)
    press(window.today_page.grams, Qt.Key.Key_Return)


def test_a_dose_logged_on_today_makes_history_and_trends_read_that_day_only(window, qtbot):
    before = reads(window)
    log_on_today(window, "3")
    assert window.announcements == [LogChanges.on_days([TODAY], doses=True)]
    window.show_page("history")
    assert leaf_text(window, TODAY) == "5 g"  # 2 g logged before, and 3 g now
    trends_shown(window, qtbot)
    assert window.trends_page.figures.day(TODAY).leaf_mg == 5000
    assert reads(window) == {**before, "history days": before["history days"] + 1,
                             "trends days": before["trends days"] + 1, "today": before["today"] + 1}


def test_its_undo_and_redo_read_that_day_only_too(window, qtbot):
    log_on_today(window, "3")
    before = reads(window)
    window.undo_action.trigger()
    window.show_page("history")
    assert leaf_text(window, TODAY) == "2 g"
    trends_shown(window, qtbot)
    assert window.trends_page.figures.day(TODAY).leaf_mg == 2000
    window.redo_action.trigger()  # Trends is shown: it draws again at once, from the day read again
    assert window.trends_page.figures.day(TODAY).leaf_mg == 5000
    assert window.announcements[1:] == [LogChanges.on_days([TODAY], doses=True)] * 2
    assert reads(window) == {**before, "history days": before["history days"] + 1,
                             "trends days": before["trends days"] + 2, "today": before["today"] + 2}


def test_a_dose_on_a_day_with_nothing_logged_gives_it_a_row_without_reading_the_range(
        open_window, db, qtbot):
    fill(db, 10, start=TODAY)
    fill(db, 10, start=TODAY - dt.timedelta(days=11))  # the 10th day before today: not logged
    window = open_window(db)
    window.show_page("history")
    model = window.history_page.model
    qtbot.waitUntil(lambda: model.days_read == 20)  # painted: its rows read
    assert (model.logged_count, model.unlogged) == (20, 1)
    before = model.reloads, model.days_read
    gap_day = TODAY - dt.timedelta(days=10)
    window.today_page.set_day(gap_day)
    type_into(window.today_page.time, "09:00")
    log_on_today(window, "1.5")
    window.show_page("history")
    assert (model.logged_count, model.unlogged) == (21, 0)
    assert leaf_text(window, gap_day) == "1.5 g"
    assert (model.reloads, model.days_read) == (before[0], before[1] + 1)


def test_an_import_announces_everything_and_every_page_reads_again(window, tmp_path, qtbot):
    before = reads(window)
    day = TODAY - dt.timedelta(days=100)
    path = tmp_path / "old.csv"
    path.write_text(f"taken_at,grams,form,product,notes\n{day.isoformat()}T09:00,1.5,,,\n")
    assert "1 added" in window.transfer.import_paths([str(path)], ask=False)
    assert window.announcements == [EVERYTHING]
    window.show_page("history")
    window.history_page.show_all()
    assert leaf_text(window, day) == "1.5 g"
    trends_shown(window, qtbot)
    after = reads(window)
    assert after["today"] == before["today"] + 1
    assert after["history reloads"] > before["history reloads"]
    assert after["trends whole log"] == before["trends whole log"] + 1


def test_a_settings_change_judges_the_banner_again_but_reads_no_day(window, qtbot):
    before, status = reads(window), window.warning_banner.status
    dialog = window.open_settings()
    dialog.patient_name.setText("Sam")
    dialog.save()
    assert window.announcements == [SETTINGS]
    assert window.warning_banner.status is not status  # judged again
    window.show_page("history")
    trends_shown(window, qtbot)
    assert reads(window) == before  # no row of History, no fact of Trends, not Today's day


def test_a_side_effect_added_reloads_todays_rows_but_no_history_row(window, qtbot):
    before = reads(window)
    page = window.today_page
    page.new_side_effect.setText("yawning")
    page.checkin_panel.add_side_effect()
    assert window.announcements == [LogChanges(side_effects=True)]
    assert "yawning" in page.side_effects.names
    window.show_page("history")
    after = reads(window)
    assert (after["history reloads"], after["history days"]) == (before["history reloads"], before["history days"])
    assert after["today"] == before["today"] + 1


def test_a_dose_before_historys_range_moves_where_the_log_begins_and_so_its_gaps(open_window, db, qtbot):
    fill(db, 10, start=TODAY)  # the log begins 9 days ago: the days before are not gaps
    window = open_window(db)
    window.show_page("history")
    page, model = window.history_page, window.history_page.model
    page.from_edit.setDate(QDate.currentDate().addDays(-20))
    reloads = model.reloads
    assert (model.logged_count, model.unlogged) == (10, 0)
    window.today_page.set_day(TODAY - dt.timedelta(days=30))  # before the range shown
    type_into(window.today_page.time, "09:00")
    log_on_today(window, "1")
    window.show_page("history")
    assert (model.logged_count, model.unlogged) == (10, 11)  # days 20 to 10 before today: now gaps
    assert model.reloads == reloads
