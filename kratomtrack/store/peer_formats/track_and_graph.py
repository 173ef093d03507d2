"""Track & Graph CSV (CSVReadWriterImpl.kt): ``FeatureName,Timestamp,Value,Label,Note``.

CRLF, newest first, timestamps with their offset. Feature names are the
person's own, so they say which holds grams and (optionally) which holds
pain 0-10; without that, reading stops and lists the features found.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.records import CheckIn, Form
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.core.whole_records import validate_checkin
from kratomtrack.store.peer_formats import times
from kratomtrack.store.peer_formats.options import ReadOptions
from kratomtrack.store.peer_formats.peer_file import PeerFile, number

CSV_HEADER = ["featurename", "timestamp", "value", "label", "note"]


def read_csv(rows, parsed: PeerFile, today: dt.date, options: ReadOptions) -> None:
    parsed.format_name = "Track & Graph CSV export"
    parsed.kind = "track-and-graph-csv"
    features: dict[str, None] = {}
    for _, row in rows:
        if row:
            features.setdefault(row[0].strip())
    parsed.features = list(features)
    found = ", ".join(f"'{f}'" for f in parsed.features) or "none"
    if not options.grams_feature:
        parsed.refuse("", f"is a Track & Graph export; say which feature holds grams "
                          f"(--grams-feature NAME, and --pain-feature NAME for pain 0-10). Features: {found}")
        return
    for name in (options.grams_feature, options.pain_feature):
        if name and name not in features:
            parsed.refuse("", f"has no feature '{name}'. Features: {found}")
    if parsed.problems:
        return
    pain: dict[dt.date, tuple[dt.datetime, int]] = {}
    for line, row in reversed(rows):  # oldest first
        if len(row) != len(CSV_HEADER):
            parsed.skip("a row without the 5 columns of the header")
            continue
        feature, stamp, value, label, note = (cell.strip() for cell in row)
        if feature not in (options.grams_feature, options.pain_feature):
            continue
        taken_at = times.from_iso(stamp)
        amount = number(value)
        if taken_at is None or amount is None:
            dose_day = taken_at.date() if taken_at is not None and feature == options.grams_feature else None
            parsed.skip("a row whose time or value cannot be read", dose_day)
            continue
        if feature == options.grams_feature:
            parsed.add_dose(f"line {line}", parsed.local_time(taken_at), amount, Form.POWDER,
                            label, note, today)
        elif amount == int(amount) and 0 <= amount <= 10:
            if taken_at.date() in pain:
                parsed.convert("days with more than one pain value: the latest is kept")
            pain[taken_at.date()] = (taken_at, int(amount))
        else:
            parsed.skip("a pain value that is not a whole number from 0 to 10")
    for day, (_, value) in sorted(pain.items()):
        try:
            parsed.checkins.append((str(day), validate_checkin(CheckIn(day, value), today)))
        except InvalidRecord as err:
            parsed.skip("; ".join(str(p) for p in err.problems))
