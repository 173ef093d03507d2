"""Undoable changes to the reduction plans (store.plans): start a plan, end it.

Applied by LogEditor.apply() before they are pushed, like every LogCommand.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from kratomtrack.core.dates import short_day_text
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.plan import Plan
from kratomtrack.store import plans
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_commands import LogCommand
from kratomtrack.ui.wording import fill


class StartPlan(LogCommand):
    """Store the person's plan as the one on; the plan on before ends the day before."""

    def __init__(self, db: LogDatabase, plan: Plan):
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "Start your plan from %1"),
                                  short_day_text(plan.start)))
        self.plan = plan
        self.stored: Plan | None = None
        self.previous: Plan | None = None

    def apply(self) -> None:
        self.stored, self.previous = plans.set_plan(self.db, self.plan)

    def revert(self) -> None:
        plans.undo_set_plan(self.db, self.stored, self.previous)

    def changes(self) -> LogChanges:
        return LogChanges(plan=True)


class EndPlan(LogCommand):
    """End the plan that is on, on a day; undo puts it back on."""

    def __init__(self, db: LogDatabase, day: dt.date):
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "End your plan on %1"),
                                  short_day_text(day)))
        self.end_day = day
        self.before: Plan | None = None

    def apply(self) -> None:
        self.before = plans.end_plan(self.db, self.end_day)

    def revert(self) -> None:
        plans.undo_end_plan(self.db, self.before)

    def changes(self) -> LogChanges:
        return LogChanges(plan=True)
