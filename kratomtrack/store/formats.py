"""The exchange formats: doses CSV, check-ins CSV and the whole-log JSON.

Reading never raises on a bad file: it returns what it could read plus a
list of problems, each naming the file and line, so that an import can refuse
the whole set at once and say everything that is wrong. The two CSV files are
read and written by store/csv_formats.py, the JSON here.

Doses CSV, header ``taken_at,grams,form,product,notes``: local time
``YYYY-MM-DDTHH:MM``, exact grams (``exact_grams``: "2.25", "0.015"), the
form, product and note.

Check-ins CSV, header ``date,pain[,no_kratom],<one column per side
effect>,notes``: one row a day; pain 0-10 or empty; each side effect 0-3 or
empty. The ``no_kratom`` column is there only when the log has days marked
"no kratom" (a day logged without kratom, docs/health-content.md "Days with
nothing logged"): ``yes`` marks the row's day, empty leaves it unmarked, and
a row may hold the mark alone (it is then no check-in). A file without the
column marks no day.

JSON, ``{"format": "kratomtrack-log", "version": 4, ...}``: ``side_effects``,
``doses`` (with ``pain_before`` and ``pain_after`` when recorded),
``checkins`` (``for_doctor`` when marked), ``red_flags``, ``peg``, ``sds``,
``plans`` and ``no_use_days``: the days marked "no kratom", a list of
``YYYY-MM-DD`` dates (version 3 on; absent means none); ``settings``, every
setting of the log by key (version 5 on; store/setting_values.py).

A "no kratom" mark on a day that has a dose (in the same file, in another
file of the same import, or already in the log) is refused by the import
(store/import_marks.py): a day with a dose is never a day without kratom.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from kratomtrack import __version__
from kratomtrack.core.checkups import Peg, Sds, validate_peg, validate_red_flag, validate_sds
from kratomtrack.core.log import Log
from kratomtrack.core.plan import Plan
from kratomtrack.core.records import CheckIn, Dose, SideEffect
from kratomtrack.core.validation import (
    FieldError,
    InvalidRecord,
    NOTE_MAX,
    parse_day,
    parse_pain,
    parse_rating,
    parse_text,
    side_effect_name,
)
from kratomtrack.core.whole_records import check_day, dose_from_text, parse_dose_pain, validate_checkin
from kratomtrack.store.plans import plan_as_json, plan_from_json
from kratomtrack.store.setting_values import SettingError, parse_setting

JSON_FORMAT = "kratomtrack-log"
# Version 2 added red_flags, peg and sds; version 3 no_use_days (days marked
# "no kratom today"); version 4 a dose's pain_before and pain_after, and the
# plans; version 5 the settings. Earlier files are still read. An older
# kratomtrack refuses a newer file ("please update") rather than dropping
# what it holds unseen.
JSON_VERSION = 5


@dataclass(frozen=True)
class FileProblem:
    """Why one row (or the whole file) was refused."""

    file: str
    line: str  # a line number, a JSON location like "doses[3]", or "" for the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class ParsedFile:
    """What one file holds, with where each record came from."""

    path: str
    kind: str = "unknown"  # "doses-csv", "checkins-csv", "json", or a peer format's
    doses: list[tuple[str, Dose]] = field(default_factory=list)
    checkins: list[tuple[str, CheckIn]] = field(default_factory=list)
    side_effects: list[SideEffect] = field(default_factory=list)
    red_flags: list[tuple[str, tuple[dt.date, str]]] = field(default_factory=list)
    pegs: list[tuple[str, Peg]] = field(default_factory=list)
    sds: list[tuple[str, Sds]] = field(default_factory=list)
    doctor_days: set[dt.date] = field(default_factory=set)  # check-ins marked "for my doctor"
    no_use_days: list[tuple[str, dt.date]] = field(default_factory=list)  # marked "no kratom today"
    plans: list[tuple[str, Plan]] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)  # JSON values by key, each validated
    # Days on which the file has a dose it cannot give (an unknown amount, an
    # unreadable one): kratom was taken, so such a day is never marked "no kratom".
    unread_dose_days: set[dt.date] = field(default_factory=set)
    problems: list[FileProblem] = field(default_factory=list)

    def refuse(self, line: str, message: str) -> None:
        self.problems.append(FileProblem(self.path, line, message))

    def refuse_record(self, line: str, err: InvalidRecord | FieldError) -> None:
        problems = err.problems if isinstance(err, InvalidRecord) else [err.problem]
        self.refuse(line, "; ".join(str(p) for p in problems))


# --- reading -------------------------------------------------------------------


def add_checkin(parsed: ParsedFile, where: str, checkin: CheckIn, seen: dict[dt.date, str],
                today: dt.date) -> None:
    """Add a check-in read at ``where``, or refuse it (a second one for its day, or invalid)."""
    if checkin.day in seen:
        parsed.refuse(where, f"date {checkin.day} appears again (first at {seen[checkin.day]})")
        return
    try:
        checkin = validate_checkin(checkin, today)
    except InvalidRecord as err:
        parsed.refuse_record(where, err)
        return
    seen[checkin.day] = where
    parsed.checkins.append((where, checkin))


def add_no_use_day(parsed: ParsedFile, where: str, day: dt.date, today: dt.date) -> None:
    """Add a "no kratom" mark read at ``where``, or refuse it (a day after today)."""
    try:
        check_day(day, today)
    except FieldError as err:
        parsed.refuse_record(where, err)
        return
    parsed.no_use_days.append((where, day))


def read_json(text: str, parsed: ParsedFile, today: dt.date) -> None:
    """Read a kratomtrack JSON export's text into ``parsed``."""
    parsed.kind = "json"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        parsed.refuse(f"line {err.lineno}", f"is not valid JSON ({err.msg}); is the file truncated?")
        return
    except RecursionError:
        parsed.refuse("", "is not a kratomtrack JSON export (nested too deeply)")
        return
    except ValueError as err:  # e.g. a number with thousands of digits
        parsed.refuse("", f"is not a kratomtrack JSON export ({_shorten_text(str(err))})")
        return
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        parsed.refuse("", f'is JSON but not a kratomtrack export (no "format": "{JSON_FORMAT}")')
        return
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        parsed.refuse("", '"version" must be a whole number')
        return
    if version > JSON_VERSION:
        parsed.refuse("", f"was written by a newer kratomtrack (format version {version}); please update")
        return
    for key in ("doses", "checkins", "side_effects", "red_flags", "peg", "sds", "no_use_days", "plans"):
        if not isinstance(data.get(key, []), list):
            parsed.refuse(key, "must be a list")
    if not isinstance(data.get("settings", {}), dict):
        parsed.refuse("settings", "must be an object of setting: value")
    if parsed.problems:
        return
    for i, item in enumerate(data.get("side_effects", [])):
        where = f"side_effects[{i}]"
        if not isinstance(item, dict):
            parsed.refuse(where, "must be an object")
            continue
        try:
            name = side_effect_name(item.get("name"))
        except FieldError as err:
            parsed.refuse(where, str(err))
            continue
        hidden = item.get("hidden", False)
        if not isinstance(hidden, bool):
            parsed.refuse(where, "hidden: must be true or false")
            continue
        parsed.side_effects.append(SideEffect(name, hidden=hidden, position=i))
    for i, item in enumerate(data.get("doses", [])):
        where = f"doses[{i}]"
        if not isinstance(item, dict):
            parsed.refuse(where, "must be an object")
            continue
        try:
            dose = dose_from_text(item.get("taken_at"), item.get("grams"), item.get("form"),
                                  item.get("product"), item.get("note"), today=today)
            parsed.doses.append((where, replace(
                dose, pain_before=parse_dose_pain(item.get("pain_before"), "pain_before"),
                pain_after=parse_dose_pain(item.get("pain_after"), "pain_after"))))
        except (InvalidRecord, FieldError) as err:
            parsed.refuse_record(where, err)
    seen: dict[dt.date, str] = {}
    for i, item in enumerate(data.get("checkins", [])):
        where = f"checkins[{i}]"
        if not isinstance(item, dict):
            parsed.refuse(where, "must be an object")
            continue
        ratings = item.get("ratings", {})
        if not isinstance(ratings, dict):
            parsed.refuse(where, "ratings: must be an object of side effect: rating")
            continue
        try:
            checkin = CheckIn(parse_day(item.get("date")), parse_pain(item.get("pain")),
                              {k: parse_rating(v, str(k)) for k, v in ratings.items()},
                              parse_text(item.get("note"), "note", NOTE_MAX, True))
        except FieldError as err:
            parsed.refuse(where, str(err))
            continue
        checkin = CheckIn(checkin.day, checkin.pain,
                          {k: v for k, v in checkin.ratings.items() if v is not None}, checkin.note)
        marked = item.get("for_doctor", False)
        if not isinstance(marked, bool):
            parsed.refuse(where, "for_doctor: must be true or false")
            continue
        if marked:
            parsed.doctor_days.add(checkin.day)
        add_checkin(parsed, where, checkin, seen, today)
    for i, item in enumerate(data.get("no_use_days", [])):
        where = f"no_use_days[{i}]"
        try:
            add_no_use_day(parsed, where, parse_day(item), today)
        except FieldError as err:
            parsed.refuse(where, str(err))
    _read_json_checkups(data, parsed, today)
    for i, item in enumerate(data.get("plans", [])):
        try:
            parsed.plans.append((f"plans[{i}]", plan_from_json(item)))
        except FieldError as err:
            parsed.refuse_record(f"plans[{i}]", err)
    for key, value in data.get("settings", {}).items():
        try:
            parse_setting(key, value)  # the parser the app reads the setting with
            parsed.settings[key] = value
        except SettingError as err:
            parsed.refuse(f"settings[{_shorten_text(repr(key), 40)}]", str(err))


def _read_json_checkups(data: dict, parsed: ParsedFile, today: dt.date) -> None:
    """Red flags, PEG and SDS (format version 2; absent from version 1 files)."""
    for i, item in enumerate(data.get("red_flags", [])):
        where = f"red_flags[{i}]"
        try:
            if not isinstance(item, dict):
                raise FieldError("red flag", "must be an object with date and flag")
            parsed.red_flags.append((where, validate_red_flag(
                parse_day(item.get("date")), item.get("flag"), today)))
        except (FieldError, InvalidRecord) as err:
            parsed.refuse_record(where, err)
    _read_json_scores(data.get("peg", []), "peg", lambda item: _peg_from_json(item, today),
                      parsed.pegs, parsed)
    _read_json_scores(data.get("sds", []), "sds", lambda item: _sds_from_json(item, today),
                      parsed.sds, parsed)


def _read_json_scores(items, key: str, read, out: list, parsed: ParsedFile) -> None:
    """Each item ``read`` into ``out`` as (where, record); a second one for a day is refused."""
    first_at: dict[dt.date, str] = {}
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        try:
            record = read(item)
        except (FieldError, InvalidRecord) as err:
            parsed.refuse_record(where, err)
            continue
        if record.day in first_at:
            parsed.refuse(where, f"date {record.day} appears again (first at {first_at[record.day]})")
            continue
        first_at[record.day] = where
        out.append((where, record))


def _peg_from_json(item, today: dt.date) -> Peg:
    if not isinstance(item, dict):
        raise FieldError("peg", "must be an object with date, pain_average, enjoyment and activity")
    return validate_peg(Peg(parse_day(item.get("date")), item.get("pain_average"),
                            item.get("enjoyment"), item.get("activity")), today)


def _sds_from_json(item, today: dt.date) -> Sds:
    if not isinstance(item, dict):
        raise FieldError("sds", "must be an object with date and answers")
    answers = item.get("answers")
    return validate_sds(Sds(parse_day(item.get("date")),
                            tuple(answers) if isinstance(answers, list) else answers), today)


# --- writing --------------------------------------------------------------------


def log_json(log: Log, *, damaged_log: dict | None = None) -> str:
    """The whole-log JSON; ``damaged_log`` (a damaged log's export: what was
    found and skipped) is written as its "damaged_log" field."""
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "app_version": __version__,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "side_effects": [
            {"name": s.name, "builtin": s.builtin, "hidden": s.hidden} for s in log.side_effects
        ],
        "doses": [
            {"taken_at": minute_text(d.taken_at), "grams": d.grams, "form": d.form.value,
             "product": d.product, "note": d.note,
             # Written only when recorded, so files without them read as before.
             **({"pain_before": d.pain_before} if d.pain_before is not None else {}),
             **({"pain_after": d.pain_after} if d.pain_after is not None else {})}
            for d in log.doses
        ],
        "checkins": [
            {"date": c.day.isoformat(), "pain": c.pain, "ratings": dict(c.ratings), "note": c.note,
             # Written only when marked, so files without marks read as before.
             **({"for_doctor": True} if c.day in log.doctor_days else {})}
            for c in log.checkins
        ],
        "red_flags": [{"date": day.isoformat(), "flag": flag} for day, flag in log.red_flags],
        "peg": [
            {"date": p.day.isoformat(), "pain_average": p.pain_average, "enjoyment": p.enjoyment,
             "activity": p.activity, "score": p.score}
            for p in log.pegs
        ],
        "sds": [
            {"date": s.day.isoformat(), "answers": list(s.answers), "total": s.total}
            for s in log.sds
        ],
        "no_use_days": sorted(day.isoformat() for day in log.no_use_days),
        "plans": [plan_as_json(p) for p in log.plans],
        "settings": dict(sorted(log.settings.items())),
        **({"damaged_log": damaged_log} if damaged_log else {}),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all (a crash never leaves half an export)."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a hidden temporary name, fsync, then a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _shorten_text(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def minute_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")
