"""Herbal Tracker+ (github.com/BareTread/KratomTracker): CSV export and JSON backup.

CSV (lib/export/csv_export.dart): header
``date,time,iso_timestamp,strain_code,strain_name,amount_g,notes``, oldest
first; ``iso_timestamp`` is local time without an offset. JSON backup
(kratom_provider.dart exportJson): ``strains`` and ``dosages``; the older
Kratom Tracker 1.0 backup adds ``effects`` with ``painRelief`` 1-5, which is
kept in the dose's note.
"""

from __future__ import annotations

import datetime as dt
import re

from kratomtrack.core.records import Form
from kratomtrack.store.peer_formats import times
from kratomtrack.store.peer_formats.peer_file import PeerFile, number, objects

CSV_HEADER = ["date", "time", "iso_timestamp", "strain_code", "strain_name", "amount_g", "notes"]
JSON_KEYS = frozenset({"strains", "dosages"})

# Words in a product's name that say how it was taken; anything else is powder.
_FORM_WORDS = (
    (re.compile(r"\bextract|\bshot\b", re.I), Form.EXTRACT),
    (re.compile(r"\bcaps?\b|capsule", re.I), Form.CAPSULES),
    (re.compile(r"\btea\b", re.I), Form.TEA),
)


def guess_form(name: str, parsed: PeerFile) -> Form:
    for pattern, form in _FORM_WORDS:
        if pattern.search(name):
            parsed.convert(f"doses taken as {form.label} because the product's name says so")
            return form
    return Form.POWDER


def read_csv(rows: list[tuple[int, list[str]]], parsed: PeerFile, today: dt.date) -> None:
    parsed.format_name = "Herbal Tracker+ CSV export"
    parsed.kind = "herbal-tracker-csv"
    for line, row in rows:
        if len(row) != len(CSV_HEADER):
            parsed.skip(f"a row without the {len(CSV_HEADER)} columns of the header (line {line})")
            continue
        record = dict(zip(CSV_HEADER, row))
        taken_at = times.from_iso(record["iso_timestamp"])
        if taken_at is None:
            taken_at = times.from_iso(f"{record['date'].strip()}T{record['time'].strip()}")
        if taken_at is None:
            parsed.skip("a time that is not a date and time")
            continue
        _add(parsed, f"line {line}", taken_at, record["amount_g"], record["strain_name"].strip(),
             record["notes"].strip(), today)


def read_json(data: dict, parsed: PeerFile, today: dt.date) -> None:
    legacy = "effects" in data
    parsed.format_name = "Kratom Tracker 1.0 backup" if legacy else "Herbal Tracker+ JSON backup"
    parsed.kind = "herbal-tracker-json"
    strains = {s.get("id"): s for s in objects(data.get("strains"))}
    effects = {e.get("dosageId"): e for e in objects(data.get("effects"))}
    for i, item in enumerate(objects(data.get("dosages"))):
        moment = item.get("timestamp")
        taken_at = times.from_epoch_ms(moment) if isinstance(moment, (int, float)) else times.from_iso(moment)
        if taken_at is None:
            parsed.skip("a time that is not a date and time")
            continue
        strain = strains.get(item.get("strainId"), {})
        name = strain.get("name") if isinstance(strain.get("name"), str) else ""
        note = item.get("notes") if isinstance(item.get("notes"), str) else ""
        relief = effects.get(item.get("id"), {}).get("painRelief")
        if isinstance(relief, int) and not isinstance(relief, bool) and 1 <= relief <= 5:
            note = f"{note}\npain relief {relief}/5 (Kratom Tracker)".strip()
            parsed.convert("pain-relief ratings (1-5) kept in the dose's note")
        _add(parsed, f"dosages[{i}]", taken_at, item.get("amount"), name.strip(), note.strip(), today)


def _add(parsed: PeerFile, where: str, taken_at: dt.datetime, amount, name: str, note: str,
         today: dt.date) -> None:
    grams = number(amount)
    if grams is None:
        parsed.skip("an amount that is not a number of grams", taken_at.date())
        return
    parsed.add_dose(where, parsed.local_time(taken_at), grams, guess_form(name, parsed), name, note, today)
