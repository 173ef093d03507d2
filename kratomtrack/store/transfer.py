"""Import and export of the log: all-or-nothing imports, idempotent re-imports."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kratomtrack.core.log import Log
from kratomtrack.core.records import CheckIn
from kratomtrack.store import checkups
from kratomtrack.store.plans import all_plans, import_plans
from kratomtrack.store.database import DOSE_COLUMNS, LogDatabase, dose_row
from kratomtrack.store.doctor_notes import marked_days, set_for_doctor
from kratomtrack.store.import_marks import (
    DaysWithoutDoses,
    days_without_doses,
    marks_on_dose_days,
    not_doses_alone,
)
from kratomtrack.store.no_use import add_no_use_days, all_no_use_days
from kratomtrack.store.csv_formats import checkins_csv, doses_csv
from kratomtrack.store.formats import FileProblem, ParsedFile, log_json, write_text_atomically
from kratomtrack.store.peer_formats.options import ReadOptions
from kratomtrack.store.peer_formats.peer_file import detail_lines, summary_line
from kratomtrack.store.peer_formats.recognise import read_file
from kratomtrack.store.output_paths import OutputRefused, make_private_folders, refuse_log_paths
from kratomtrack.store.schema import sqlite_utils_db
from kratomtrack.store.setting_values import readable_settings


class ImportRefused(Exception):
    """Some file or row was invalid; nothing was written."""

    def __init__(self, problems: list[FileProblem], files: list[ParsedFile] = ()):
        self.problems = problems
        self.files = list(files)  # the files as read, when the reading refused them
        super().__init__(f"{len(problems)} problem(s); nothing was imported")


@dataclass
class ImportReport:
    added_doses: int = 0
    skipped_doses: int = 0
    added_checkins: int = 0
    skipped_checkins: int = 0
    replaced_checkins: int = 0
    # Red flags, PEG and SDS (JSON only).
    added_checkups: int = 0
    skipped_checkups: int = 0
    replaced_checkups: int = 0
    added_no_use_days: int = 0
    skipped_no_use_days: int = 0
    # A log of doses alone: its days without a dose (None for other files), and
    # how many of them were marked "no kratom" because the person said so.
    days_without_doses: DaysWithoutDoses | None = None
    marked_days_without_doses: int = 0
    files: int = 1
    # Reduction plans (JSON only).
    added_plans: int = 0
    skipped_plans: int = 0
    # Settings (JSON only): taken from the file, or kept as the log had them.
    added_settings: int = 0
    kept_settings: int = 0
    added_side_effects: list[str] = field(default_factory=list)
    # (spelling in the file, spelling in the log) for names equal ignoring case
    matched_side_effects: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[FileProblem] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # what each file held, and what was skipped

    def lines(self) -> list[str]:
        out = [*self.found,
            f"Doses: {self.added_doses} added, {self.skipped_doses} already in the log (skipped).",
            f"Check-ins: {self.added_checkins} added, {self.skipped_checkins} already in the log "
            f"(skipped), {self.replaced_checkins} replaced, {len(self.conflicts)} conflicting "
            "(left unchanged).",
        ]
        if self.added_checkups or self.skipped_checkups or self.replaced_checkups:
            out.append(
                f"Red flags, PEG and SDS: {self.added_checkups} added, {self.skipped_checkups} "
                f"already in the log (skipped), {self.replaced_checkups} replaced."
            )
        if self.added_no_use_days or self.skipped_no_use_days:
            out.append(f"Days marked \u201cno kratom\u201d: {self.added_no_use_days} added, "
                       f"{self.skipped_no_use_days} already in the log (skipped).")
        out += self._days_without_doses_lines()
        if self.added_plans or self.skipped_plans:
            out.append(f"Plans: {self.added_plans} added, {self.skipped_plans} already in the log (skipped).")
        if self.added_settings or self.kept_settings:
            out.append(f"Settings: {self.added_settings} taken from the file, {self.kept_settings} "
                       "already set in your log (kept as they were).")
        if self.added_side_effects:
            out.append("New side effects: " + ", ".join(self.added_side_effects) + ".")
        if self.matched_side_effects:
            out.append("Side effects matched to the spelling in your log: " + ", ".join(
                f"'{file}' as '{log}'" for file, log in self.matched_side_effects) + ".")
        for conflict in self.conflicts:
            out.append(f"  conflict: {conflict}")
        if self.conflicts:
            out.append("Use --replace to overwrite conflicting check-ins (and PEG or SDS answers) "
                       "with the file's.")
        return out

    def _days_without_doses_lines(self) -> list[str]:
        told = self.days_without_doses
        if told is None or not told.unlogged:
            return []
        the_files = "The file has" if self.files == 1 else "The files have"
        if self.marked_days_without_doses:
            return [f"Days without a dose {told.span()}: {self.marked_days_without_doses} marked "
                    "“no kratom” (days without kratom), as you said."]
        others = f"the other {len(told.unlogged)} stay" if len(told.unlogged) > 1 else "the other day stays"
        return [f"{the_files} doses on {told.dose_days} of the {told.days} days {told.span()}; {others} "
                "not logged (unknown), not days without kratom.",
                "If they were days without kratom, import again with --days-without-doses no-kratom "
                "(doses already in the log are skipped)."]


def read_files(paths: list[str | os.PathLike], *, today: dt.date,
               options: ReadOptions = ReadOptions()) -> list[ParsedFile]:
    """Read every file; raise ImportRefused listing all problems if any."""
    parsed = [read_file(p, today=today, options=options) for p in paths]
    problems = [p for f in parsed for p in f.problems]
    if problems:
        raise ImportRefused(problems, parsed)
    return parsed


def import_files(
    db: LogDatabase,
    paths: list[str | os.PathLike],
    *,
    replace: bool = False,
    today: dt.date | None = None,
    options: ReadOptions = ReadOptions(),
    mark_days_without_doses: bool = False,
) -> ImportReport:
    """Import files into the log in one transaction, or nothing at all.

    A dose already in the log (same time, grams, form, product and note) is
    skipped, so importing a file twice changes nothing. A check-in for a
    date that has a different one is a conflict, left unchanged unless
    ``replace``; with ``replace`` a backup of the log is made first.
    ``mark_days_without_doses``: the files hold doses alone, and the person
    said the days without a dose in them were days without kratom
    (store/import_marks.py).
    """
    files = read_files(paths, today=today or dt.date.today(), options=options)
    return import_parsed(db, files, replace=replace, mark_days_without_doses=mark_days_without_doses)


def import_parsed(db: LogDatabase, files: list[ParsedFile], *, replace: bool = False,
                  mark_days_without_doses: bool = False) -> ImportReport:
    """Write files already read (and found valid) into the log, all or nothing."""
    if replace:
        backup_before_replacing(db)
    return apply_import(db, files, replace=replace, mark_days_without_doses=mark_days_without_doses)


def backup_before_replacing(db: LogDatabase) -> None:
    """An import that overwrites check-ins keeps a copy of the log as it was, first."""
    from kratomtrack.store.backups import make_backup

    make_backup(db, "before-import")


def apply_import(db: LogDatabase, files: list[ParsedFile], *, replace: bool = False,
                 mark_days_without_doses: bool = False) -> ImportReport:
    report = ImportReport(files=len(files))
    for parsed in files:
        report.found += [summary_line(parsed), *detail_lines(parsed)]
    with db.transaction():
        # Refused before anything is written; the log is read inside the write
        # lock, so what is checked is what the import writes onto.
        problems = marks_on_dose_days(db, files)
        if mark_days_without_doses:
            problems += not_doses_alone(files)
        if problems:
            raise ImportRefused(problems)
        # Read before the doses go in: "nothing in the log" means before this import.
        report.days_without_doses = days_without_doses(db, files)
        was_empty = db.is_empty()
        known = {s.name.casefold(): s for s in db.side_effects(include_hidden=True)}
        for parsed in files:
            for effect in parsed.side_effects:
                key = effect.name.casefold()
                new = key not in known
                if new:
                    report.added_side_effects.append(effect.name)
                    known[key] = db.add_side_effect(effect.name)
                # Hidden flags are taken from the file only into an empty log
                # (a restore), never to change what a person chose to show.
                if was_empty or new:
                    db.set_side_effect_hidden(known[key].name, effect.hidden)
            for _, checkin in parsed.checkins:
                for name in checkin.ratings:
                    if name.casefold() not in known:
                        report.added_side_effects.append(name)
                        known[name.casefold()] = db.add_side_effect(name)
                    elif (known[name.casefold()].name != name
                          and (name, known[name.casefold()].name) not in report.matched_side_effects):
                        report.matched_side_effects.append((name, known[name.casefold()].name))
            _import_doses(db, parsed, report)
            _import_checkins(db, parsed, report, replace)
            _import_checkups(db, parsed, report, replace)
            added = add_no_use_days(db, (day for _, day in parsed.no_use_days))
            report.added_no_use_days += added
            report.skipped_no_use_days += len(parsed.no_use_days) - added
            if parsed.plans:
                added, skipped = import_plans(db, [p for _, p in parsed.plans])
                report.added_plans += added
                report.skipped_plans += skipped
            _import_settings(db, parsed, report, was_empty)
        if mark_days_without_doses:
            report.marked_days_without_doses = add_no_use_days(db, report.days_without_doses.unlogged)
    return report


def _import_settings(db: LogDatabase, parsed: ParsedFile, report: ImportReport, was_empty: bool) -> None:
    """The file's settings (validated when read): all of them into an empty log (a
    restore from an export), else only those the log does not have yet."""
    have = set(readable_settings(db.conn))
    for key, value in parsed.settings.items():
        if key in have and not was_empty:
            report.kept_settings += 1
            continue
        db.set_setting(key, value)  # inside the import's transaction
        report.added_settings += 1


def _import_doses(db: LogDatabase, parsed: ParsedFile, report: ImportReport) -> None:
    if not parsed.doses:
        return
    existing = Counter(d.identity for d in db.all_doses())
    wanted = Counter(d.identity for _, d in parsed.doses)

    def new_rows():  # one at a time: a million-row import never holds them all as dicts
        for _, dose in parsed.doses:
            key = dose.identity
            # Add only as many copies as the file has beyond what the log has.
            if existing[key] >= wanted[key]:
                report.skipped_doses += 1
                wanted[key] -= 1
                existing[key] -= 1
                continue
            existing[key] += 1
            report.added_doses += 1
            yield dict(zip(DOSE_COLUMNS, dose_row(dose)))

    # Inside the import's transaction: sqlite-utils writes in a savepoint of it.
    sqlite_utils_db(db.conn)["doses"].insert_all(new_rows(), batch_size=1000)


def _import_checkins(db: LogDatabase, parsed: ParsedFile, report: ImportReport, replace: bool) -> None:
    if not parsed.checkins:
        return
    days = [c.day for _, c in parsed.checkins]
    existing = db.checkins_between(min(days), max(days))
    for where, checkin in parsed.checkins:
        old = existing.get(checkin.day)
        # A file's "for my doctor" mark is added, never taken away (None keeps the log's).
        marked = True if checkin.day in parsed.doctor_days else None
        if old is not None and old.same_content(checkin):
            if marked:
                set_for_doctor(db, checkin.day, True)
            report.skipped_checkins += 1
            continue
        if old is not None and not replace:
            report.conflicts.append(FileProblem(
                parsed.path, where,
                f"{checkin.day} already has a different check-in ({_describe(old)}; file: {_describe(checkin)})",
            ))
            continue
        db._write_checkin(checkin, marked)
        existing[checkin.day] = checkin
        if old is None:
            report.added_checkins += 1
        else:
            report.replaced_checkins += 1


def _import_checkups(db: LogDatabase, parsed: ParsedFile, report: ImportReport, replace: bool) -> None:
    """Red flags are added if missing; a PEG or SDS on a day with a different one is a conflict."""
    for _, (day, flag) in parsed.red_flags:
        cursor = db.conn.execute("INSERT OR IGNORE INTO red_flags (day, flag) VALUES (?, ?)",
                                 (day.isoformat(), flag))
        if cursor.rowcount:
            report.added_checkups += 1
        else:
            report.skipped_checkups += 1
    for records, table, name in (
        (parsed.pegs, checkups.PEG, "PEG"),
        (parsed.sds, checkups.SDS, "SDS"),
    ):
        for where, record in records:
            old = table.on(db, record.day)
            if old == record:
                report.skipped_checkups += 1
                continue
            if old is not None and not replace:
                report.conflicts.append(FileProblem(
                    parsed.path, where, f"{record.day} already has a different {name} "
                                        f"({old.answers}; file: {record.answers})"))
                continue
            table.write(db, record)
            if old is None:
                report.added_checkups += 1
            else:
                report.replaced_checkups += 1


def _describe(checkin: CheckIn) -> str:
    pain = "pain not recorded" if checkin.pain is None else f"pain {checkin.pain}"
    return f"{pain}, {len(checkin.ratings)} side-effect rating(s)"


# --- export ------------------------------------------------------------------------


def export_csv(db: LogDatabase, folder: str | os.PathLike) -> list[Path]:
    """Write doses.csv and checkins.csv into folder (created if needed)."""
    folder = Path(folder)
    refuse_log_paths(folder, db.path, folder=True)
    for name in ("doses.csv", "checkins.csv"):
        refuse_log_paths(folder / name, db.path)
    make_private_folders(folder)
    log = load_whole_log(db)
    written = [folder / "doses.csv", folder / "checkins.csv"]
    write_text_atomically(written[0], doses_csv(log.doses))
    write_text_atomically(written[1], checkins_csv(log.checkins, log.side_effects, log.no_use_days))
    return written


def export_json(db: LogDatabase, path: str | os.PathLike, *, damage: dict | None = None) -> Path:
    """The whole log as one JSON file; ``damage`` (a damaged log's: what was found and
    skipped) is written in it as its "damaged_log" field."""
    path = Path(path)
    refuse_log_paths(path, db.path)
    if path.is_dir():
        raise OutputRefused(f"{path} is a folder; give a file name such as {path / 'log.json'}. "
                            "Nothing was written.")
    make_private_folders(path.parent)
    write_text_atomically(path, log_json(load_whole_log(db), damaged_log=damage))
    return path


def load_whole_log(db: LogDatabase) -> Log:
    """Everything an export holds, the check-ups (red flags, PEG, SDS) included.

    Read as the log is at one moment: a change another program (the window,
    an import) saves meanwhile is in it whole or not at all. The "no kratom"
    marks are those without a dose on their day (a dose added since makes it
    a day with kratom, and an import refuses the pair).
    """
    with _one_moment(db.conn):
        log = db.load_log()
        log.red_flags = checkups.all_red_flags(db)
        log.pegs = checkups.all_pegs(db)
        log.sds = checkups.all_sds(db)
        log.doctor_days = marked_days(db)
        log.no_use_days = all_no_use_days(db) - {dose.day for dose in log.doses}
        log.plans = all_plans(db)
        log.settings = readable_settings(db.conn)
    return log


@contextlib.contextmanager
def _one_moment(conn) -> Iterator[None]:
    """A read transaction: every read inside sees the log as it was at the first."""
    if conn.in_transaction:  # inside an action already, which is that moment
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only ends the reading
