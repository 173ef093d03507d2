"""Today's plan line: "Your plan: planned 6 g · logged 4.5 g" on a day a plan covers.

Words from docs/health-content.md, "A reduction plan": "your plan",
"planned", "logged"; the line describes, it never proposes an amount. A day
with nothing logged reads "nothing logged yet today", never "logged 0 g"
("Days with nothing logged": unknown is not zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from PySide6.QtWidgets import QLabel, QWidget

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.plan import Plan, PlanDay, plan_day_on
from kratomtrack.core.records import Dose
from kratomtrack.ui.wording import fill


class PlanLine(QLabel):
    """Hidden on a day no plan covers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Your plan on this day"))
        self.hide()

    def show_day(self, plans: Sequence[Plan], day: dt.date, doses: Sequence[Dose],
                 logged: Collection[dt.date], today: dt.date | None = None) -> None:
        """``logged``: the logged days around ``day`` (store.no_use.logged_days_between)."""
        found = plan_day_on(plans, day, doses, logged)
        self.setText(self.words(found, today or dt.date.today()) if found else "")
        self.setVisible(found is not None)

    def words(self, day: PlanDay, today: dt.date) -> str:
        if not day.logged:
            planned = []
            if day.planned_leaf_mg is not None:
                planned.append(amount_text(day.planned_leaf_mg))
            if day.planned_doses is not None:
                planned.append(self.tr("1 dose") if day.planned_doses == 1
                               else fill(self.tr("%1 doses"), day.planned_doses))
            nothing = (self.tr("nothing logged yet today") if day.day == today
                       else self.tr("nothing logged on this day"))
            return fill(self.tr("Your plan: planned %1 · %2"), self.tr(" and ").join(planned), nothing)
        parts = []
        if day.planned_leaf_mg is not None:
            parts.append(fill(self.tr("planned %1 · logged %2"),
                              amount_text(day.planned_leaf_mg), amount_text(day.logged_leaf_mg)))
        if day.planned_doses is not None:
            parts.append(fill(self.tr("planned %1 doses · logged %2"), day.planned_doses, day.logged_doses))
        return fill(self.tr("Your plan: %1"), "; ".join(parts))
