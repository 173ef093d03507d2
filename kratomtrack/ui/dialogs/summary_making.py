"""Making the printed summary: what the summary dialog asks for, made in any thread.

``SummaryMaker`` reads the log (through ``gather``), summarises, writes the
document and lays its pages out on a paper. The dialog runs it off the
window's thread (summary_work.LatestOnly); scripts and tests may call it
directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from kratomtrack.core.summary.build import Summary, SummaryInput, summarise
from kratomtrack.report.content import Document, summary_document
from kratomtrack.ui.dialogs.summary_print import Paper
from kratomtrack.ui.dialogs.summary_work import garbage_collected_apart

Gather = Callable[[dt.date, dt.date], SummaryInput]


@dataclasses.dataclass(frozen=True)
class Choices:
    """Everything the printed document depends on."""

    start: dt.date
    end: dt.date
    questions: str
    sections: tuple[str, ...]
    paper: Paper | None  # None: summarise only (the preview is not open)


@dataclasses.dataclass
class Prepared:
    choices: Choices
    summary: Summary
    laid_out: object = None  # report.pages.LaidOut, when a paper was asked for



def log_gather(db, today: dt.date | None) -> tuple[Gather, bool]:
    """``gather`` over the log, as ``kratomtrack report`` reads it, and whether it must run
    on the window's thread (a damaged log's readable copy in memory)."""
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.summary_source import summary_input

    in_memory = db.conn.execute("PRAGMA database_list").fetchone()[2] == ""

    def gather(start, end):
        if in_memory:  # only the thread that made the copy may read it
            return summary_input(db, start, end, made_on=today)
        # A connection of the worker's own: SQLite's WAL lets it read beside the window's.
        with LogDatabase.open(db.path, read_only=True) as reader:
            return summary_input(reader, start, end, made_on=today)

    return gather, in_memory


class SummaryMaker:
    """The summary, its document and its pages for a dialog's choices: any thread.

    ``gather(start, end)`` returns the SummaryInput for a range;
    ``chart_figures`` is passed to the document (default: report.charts,
    drawn with their garbage collected apart, see summary_work).
    """

    def __init__(self, gather: Gather, today: dt.date, chart_figures=None):
        self.gather = gather
        self.today = today
        self.chart_figures = chart_figures

    def prepare(self, choices: Choices, summary: Summary | None = None) -> Prepared:
        """The summary (and, for a paper, the laid-out pages) of ``choices``: any thread."""
        from kratomtrack.report.printing import lay_out_summary

        if summary is None:
            summary = self.summarise(choices.start, choices.end)
        laid_out = None
        if choices.paper is not None:
            document = self.document(summary, choices)
            laid_out = lay_out_summary(document, choices.paper.layout)
        return Prepared(choices, summary, laid_out)

    def summarise(self, start: dt.date, end: dt.date) -> Summary:
        return summarise(dataclasses.replace(self.gather(start, end), made_on=self.today))

    def document(self, summary: Summary, choices: Choices) -> Document:
        return summary_document(dataclasses.replace(summary, questions=choices.questions),
                                sections=list(choices.sections),
                                chart_figures=self.chart_figures or self.draw_charts)

    def draw_charts(self, summary: Summary) -> list:
        """The summary's charts as report.content draws them, with their garbage collected
        on its own (summary_work.garbage_collected_apart): any thread."""
        from kratomtrack.charts import build_trends_figure  # noqa: F401 - loaded before the pause
        from kratomtrack.report.charts import ChartRequest, draw_charts
        from kratomtrack.report.paper import clip_to_axes  # noqa: F401

        with garbage_collected_apart():
            return draw_charts(ChartRequest.of(summary))

