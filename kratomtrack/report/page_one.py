"""The top of page 1: the key points and the dependence warning on paper.

Both print whatever ``--sections`` says: they are what a clinician with two
minutes reads. The words are made in core (core.summary.key_points and
.warning_facts), so the page and ``report --format json`` say the same.
"""

from __future__ import annotations

from kratomtrack.core.summary.build import Summary
from kratomtrack.core.summary.warning_facts import FACTS_INTRO
from kratomtrack.report.document import Facts, Heading, Paragraph

# The periods the warning block lists (newest first); the "dependence" section lists more.
PERIODS_LISTED = 3
DEMO_MARK = "Invented demo data \u2014 not a patient"


def key_point_blocks(summary: Summary) -> list:
    if not summary.key_points:
        return []
    return [Heading("Key points"),
            Facts([(p.label, p.text) for p in summary.key_points], ruled=True)]


def warning_blocks(summary: Summary) -> list:
    """The warning's state at the end of the range, what it does not look for, and the
    supporting facts, whether it is on or not (clinical.md, "For the doctor")."""
    w = summary.warning
    # Not evaluated (a summary made without the warning's history): nothing is claimed about it.
    if w is None or not w.evaluated or not summary.has_records:
        return []
    blocks: list = [Heading("Dependence warning"), Paragraph(w.statement),
                    Paragraph(FACTS_INTRO, "small"), Facts([(f.label, f.text) for f in w.facts])]
    if w.periods:
        listed = " \u00b7 ".join(p.text for p in w.periods[:PERIODS_LISTED])
        more = len(w.periods) - PERIODS_LISTED
        if more > 0:
            listed += f" \u00b7 and {more} earlier {'period' if more == 1 else 'periods'}"
        blocks.append(Paragraph(f"On in this range for {w.days_on} of {summary.counts.days} days, newest "
                                f"first: {listed}.", "small"))
    return blocks
