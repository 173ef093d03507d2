"""Today's plan line: "Your plan: planned 6.0 g · logged 4.5 g" on a day a plan covers.

Words from docs/health-content.md, "A reduction plan": "your plan",
"planned", "logged"; the line describes, it never proposes an amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QWidget

from kratomtrack.core.plan import Plan, PlanDay, grams_text, plan_day_on
from kratomtrack.core.records import Dose
from kratomtrack.ui.wording import fill


class PlanLine(QLabel):
    """Hidden on a day no plan covers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Your plan on this day"))
        self.hide()

    def show_day(self, plans: Sequence[Plan], day: dt.date, doses: Sequence[Dose]) -> None:
        found = plan_day_on(plans, day, doses)
        self.setText(self.words(found) if found else "")
        self.setVisible(found is not None)

    def words(self, day: PlanDay) -> str:
        parts = []
        if day.planned_leaf_mg is not None:
            parts.append(fill(self.tr("planned %1 g · logged %2 g"),
                              grams_text(day.planned_leaf_mg), grams_text(day.logged_leaf_mg)))
        if day.planned_doses is not None:
            parts.append(fill(self.tr("planned %1 doses · logged %2"), day.planned_doses, day.logged_doses))
        return fill(self.tr("Your plan: %1"), "; ".join(parts))
