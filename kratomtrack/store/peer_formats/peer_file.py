"""A peer app's file as read: the records plus what was skipped, converted or guessed."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from kratomtrack.core.dates import span_text
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.core.whole_records import check_day, validate_dose
from kratomtrack.store.formats import ParsedFile
from kratomtrack.store.peer_formats import times


@dataclass
class PeerFile(ParsedFile):
    format_name: str = ""
    skipped: Counter = field(default_factory=Counter)  # reason -> how many
    converted: Counter = field(default_factory=Counter)  # what was converted -> how many
    other_substances: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)  # Track & Graph feature names
    listed: list[str] = field(default_factory=list)  # told line by line: a spreadsheet's skipped rows

    def skip(self, reason: str, dose_day: dt.date | None = None) -> None:
        """Count a record left out; ``dose_day``: it was a dose of the person's on that day
        (its amount unknown or unreadable), so the day is never a day without kratom."""
        self.skipped[reason] += 1
        if dose_day is not None:
            self.unread_dose_days.add(dose_day)

    def convert(self, what: str) -> None:
        self.converted[what] += 1

    def add_dose(self, where: str, taken_at: dt.datetime, grams: float, form: Form,
                 product: str, note: str, today: dt.date) -> None:
        """Add a dose, or skip it with the reason if kratomtrack cannot store it."""
        try:
            check_day(taken_at.date(), today, "taken_at")
            dose = validate_dose(Dose(taken_at, grams, form, product[:200], note[:2000]), today)
        except (InvalidRecord, FieldError) as err:
            problems = err.problems if isinstance(err, InvalidRecord) else [err.problem]
            self.skip("; ".join(str(p) for p in problems), taken_at.date())
            return
        if len(product) > 200 or len(note) > 2000:
            self.convert("product names over 200 or notes over 2,000 characters were shortened")
        self.doses.append((where, dose))

    def local_time(self, moment: dt.datetime) -> dt.datetime:
        """A naive local time, with a daylight-saving gap or repeat noted."""
        note = times.dst_note(moment)
        if note:
            self.convert(note)
        return moment


def summary_line(parsed: ParsedFile) -> str:
    """'Herbal Tracker+ CSV export: 84 doses, 26 Oct – 22 Nov 2026'."""
    name = getattr(parsed, "format_name", "") or OWN_KINDS.get(parsed.kind, parsed.kind)
    parts = [f"{len(parsed.doses)} dose{'s' if len(parsed.doses) != 1 else ''}"]
    if parsed.checkins:
        parts.append(f"{len(parsed.checkins)} day{'s' if len(parsed.checkins) != 1 else ''} with pain or a check-in")
    days = [d.day for _, d in parsed.doses] + [c.day for _, c in parsed.checkins]
    if days:
        parts.append(span_text(min(days), max(days)))
    return f"{name}: " + ", ".join(parts)


def detail_lines(parsed: ParsedFile) -> list[str]:
    """What will be skipped or converted, and why."""
    if not isinstance(parsed, PeerFile):
        return []
    out = [f"  {line}" for line in parsed.listed]
    out += [f"  skipped ({reason}): {n}" for reason, n in parsed.skipped.most_common()]
    out += [f"  {what}: {n}" for what, n in parsed.converted.most_common()]
    if parsed.other_substances:
        out.append("  other substances in the file (not imported): " + ", ".join(parsed.other_substances)
                   + ". If you take any of them, you can answer it under Edit → Settings → \"For my doctor\".")
    return out


def number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", value.strip()):
        return float(value)
    return None


def objects(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


OWN_KINDS = {
    "doses-csv": "kratomtrack doses CSV",
    "checkins-csv": "kratomtrack check-ins CSV",
    "json": "kratomtrack JSON export",
}
