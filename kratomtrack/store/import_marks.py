"""The "no kratom" marks an import brings or is told to write.

clinical.md, "Days with nothing logged": when a log holds only doses (an app
that records doses alone), the days without a dose are *unknown*, not days
without kratom; the app asks once whether they were, and stores a "yes" as
"no kratom" marks. It never assumes it. DaysWithoutDoses is what that
question is about; ``marks_on_dose_days`` refuses a file's own mark on a day
with a dose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kratomtrack.core.dates import date_text, short_day_text
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.formats import FileProblem, ParsedFile
from kratomtrack.store.no_use import logged_days_between

# The kinds of file that hold doses and nothing else: our doses CSV and the
# peer apps' logs (Track & Graph holds pain only when a pain feature is named,
# which then reads as check-ins). recognise.py and the formats set the kinds.
DOSE_ONLY_KINDS = frozenset({
    "doses-csv", "herbal-tracker-csv", "herbal-tracker-json", "psychonautwiki-json",
    "track-and-graph-csv", "sheet",  # a spreadsheet of one's own: its doses alone, if no pain or marks
})


@dataclass(frozen=True)
class DaysWithoutDoses:
    """The days from the import's first to its last dose day, sorted out."""

    first: dt.date
    last: dt.date
    dose_days: int  # days with a dose in the files
    unlogged: tuple[dt.date, ...]  # without a dose, and with nothing in the log: the question's days

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def left_as_they_are(self) -> int:
        """Other days without a dose in the files: already logged, or with a dose
        the import cannot read (an unknown amount). A "yes" does not mark them."""
        return self.days - self.dose_days - len(self.unlogged)

    def span(self) -> str:
        """'from 3 Jan to 2 May 2026' (the year once when both days share it)."""
        start = short_day_text(self.first) if self.first.year == self.last.year else date_text(self.first)
        return f"from {start} to {date_text(self.last)}"


def holds_doses_alone(files: list[ParsedFile]) -> bool:
    """Whether the import is a log of doses alone: doses, and not one check-in or mark."""
    return (any(f.doses for f in files)
            and all(f.kind in DOSE_ONLY_KINDS and not f.checkins and not f.no_use_days for f in files))


def days_without_doses(db: LogDatabase, files: list[ParsedFile]) -> DaysWithoutDoses | None:
    """What the "were these days without kratom?" question is about, or None
    when it is not asked (the files hold check-ins or marks, or no dose)."""
    if not holds_doses_alone(files):
        return None
    dose_days = {dose.day for f in files for _, dose in f.doses}
    first, last = min(dose_days), max(dose_days)
    known = dose_days | {d for f in files for d in f.unread_dose_days} | logged_days_between(db, first, last)
    unlogged = tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1)
                     if first + dt.timedelta(days=i) not in known)
    return DaysWithoutDoses(first, last, len(dose_days), unlogged)


def marks_on_dose_days(db: LogDatabase, files: list[ParsedFile]) -> list[FileProblem]:
    """A file's "no kratom" mark on a day with a dose (in the import, or already in
    the log), each in words naming the day: such an import is refused whole."""
    marked = [(f, where, day) for f in files for where, day in f.no_use_days]
    if not marked:
        return []
    in_files: dict[dt.date, str] = {}
    for f in files:
        for where, dose in f.doses:
            in_files.setdefault(dose.day, f"{f.path}, {where}" if where else f.path)
    problems = []
    for f, where, day in marked:
        if day in in_files:
            source = f"a dose in {in_files[day]}"
        elif db.doses_on(day):
            source = "doses already in your log"
        else:
            continue
        problems.append(FileProblem(f.path, where, (
            f"{date_text(day)} is marked \u201cno kratom\u201d, but that day has {source}; "
            "a day with a dose cannot be a day without kratom. Remove the mark or the dose "
            "from the file, then import it again")))
    return problems


def not_doses_alone(files: list[ParsedFile]) -> list[FileProblem]:
    """Why "mark the days without doses" cannot apply to these files, file by file."""
    problems = [FileProblem(f.path, "", (
        "holds check-ins, \u201cno kratom\u201d marks or a whole log, which tell their days "
        "themselves; marking the days without doses \u201cno kratom\u201d is only for files of "
        "doses alone. Import it without --days-without-doses"))
        for f in files if f.kind not in DOSE_ONLY_KINDS or f.checkins or f.no_use_days]
    if not problems and not any(f.doses for f in files):
        problems.append(FileProblem(", ".join(f.path for f in files), "", (
            "holds no doses, so there are no days without doses to mark; "
            "import it without --days-without-doses")))
    return problems
