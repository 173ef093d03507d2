"""The summary's "Background (from the patient, answered …)" section (``--sections background``).

Every answer with the day it was given (core.background_words); the questions
not answered are named in one line, so "not answered" never reads as "none".
Printed as the patient's words, never as advice or a score.
"""

from __future__ import annotations

from kratomtrack.core.background_words import (
    NO_SCORE,
    NOT_ANSWERED,
    background_heading,
    background_rows,
    unanswered_labels,
)
from kratomtrack.core.summary.build import Summary
from kratomtrack.report.document import Facts, Heading, Paragraph


def background_blocks(summary: Summary) -> list:
    background = summary.background
    if not background.answers:  # one line: page 1's flag box says so too
        return [Paragraph(f"{background_heading(background)}: not answered in kratomtrack.")]
    blocks: list = [Heading(background_heading(background))]
    blocks.append(Facts(background_rows(background, summary.end), ruled=True))
    missing = unanswered_labels(background)
    if missing:
        blocks.append(Paragraph(f"{NOT_ANSWERED[:1].upper()}{NOT_ANSWERED[1:]}: {', '.join(missing)}."))
    late = [day for day in background.dates if day > summary.end]
    note = NO_SCORE
    if late:
        note += " Answers given after the last day of this range describe the patient on the day given."
    blocks.append(Paragraph(note, "small"))
    return blocks
