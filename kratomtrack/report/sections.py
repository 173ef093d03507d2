"""The sections a person can choose to print, with the words their tick boxes show.

The list itself is ``report.content.SECTIONS`` (what ``kratomtrack report
--sections`` takes, in print order); the window's dialog shows one tick box
for each entry of ``section_choices()``, so a section added there is offered
in the window too, and the two always print the same document for the same
choices. The day-by-day table ("table") has a tick box of its own in the
dialog, because it is on by default only for short ranges.
"""

from __future__ import annotations

from kratomtrack.core.translatable import translatable

# The tick boxes' words (English source text; the dialog translates them).
SECTION_TITLES = {
    "now": translatable("SummaryDialog", "Now"),
    "flags": translatable("SummaryDialog", "Flags"),
    "pain": translatable("SummaryDialog", "Pain"),
    "side-effects": translatable("SummaryDialog", "Side effects"),
    "withdrawal": translatable("SummaryDialog", "Withdrawal-type symptoms"),
    "dependence": translatable("SummaryDialog", "Dependence and safety"),
    "patterns": translatable("SummaryDialog", "Dose timing and relief per dose"),
    "plan": translatable("SummaryDialog", "Your plan"),
    "background": translatable("SummaryDialog", "Background from the patient"),
    "notes": translatable("SummaryDialog", "Notes and questions"),
    "charts": translatable("SummaryDialog", "Charts"),
    "table": translatable("SummaryDialog", "Day-by-day table"),
}
TABLE = "table"


def section_title(name: str) -> str:
    """The tick box's words for a section (a new section without words shows its name)."""
    return SECTION_TITLES.get(name) or name.replace("-", " ").capitalize()


def section_choices() -> list[tuple[str, str]]:
    """(name, words) of every section the window offers with a tick box, in print order
    (the day table, which has its own tick box, left out)."""
    from kratomtrack.report.content import section_names

    return [(name, section_title(name)) for name in section_names() if name != TABLE]
