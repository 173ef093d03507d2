"""PsychonautWiki Journal (Android ui/tabs/settings/JournalExport.kt; iOS writes the same).

``experiences[].ingestions[]`` with ``substanceName``, ``time`` (epoch
milliseconds, UTC), ``dose`` (missing or null: unknown), ``units`` and
``consumerName`` (set when it was someone else's). Only the person's own
kratom ingestions are imported; every other substance is listed.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.records import Form
from kratomtrack.store.peer_formats import times
from kratomtrack.store.peer_formats.peer_file import PeerFile, number, objects

JSON_KEYS = frozenset({"experiences"})
KRATOM_NAMES = frozenset({"kratom", "mitragyna speciosa"})
UNITS = {"g": 1.0, "mg": 0.001}


def read_json(data: dict, parsed: PeerFile, today: dt.date) -> None:
    parsed.format_name = "PsychonautWiki Journal export"
    parsed.kind = "psychonautwiki-json"
    others: dict[str, str] = {}
    for e, experience in enumerate(objects(data.get("experiences"))):
        for i, ingestion in enumerate(objects(experience.get("ingestions"))):
            name = ingestion.get("substanceName")
            name = name.strip() if isinstance(name, str) else ""
            if name.casefold() not in KRATOM_NAMES:
                if name:
                    others.setdefault(name.casefold(), name)
                continue
            if ingestion.get("consumerName"):
                parsed.skip("kratom someone else took: the ingestion names another person")
                continue
            _add(parsed, f"experiences[{e}].ingestions[{i}]", ingestion, today)
    parsed.other_substances = sorted(others.values(), key=str.casefold)


def _add(parsed: PeerFile, where: str, ingestion: dict, today: dt.date) -> None:
    taken_at = times.from_epoch_ms(ingestion.get("time"))
    if taken_at is None:
        parsed.skip("a time that is not a date and time")
        return
    if ingestion.get("dose") is None:
        parsed.skip("the dose was not recorded", taken_at.date())
        return
    amount = number(ingestion.get("dose"))
    unit = ingestion.get("units")
    unit = unit.strip().casefold() if isinstance(unit, str) else ""
    if amount is None or unit not in UNITS:
        parsed.skip(f"an amount not in grams or mg ({ingestion.get('dose')} {unit or 'no unit'})",
                    taken_at.date())
        return
    if unit == "mg":
        parsed.convert("amounts in mg converted to grams")
    note = ingestion.get("notes") if isinstance(ingestion.get("notes"), str) else ""
    if ingestion.get("isDoseAnEstimate") is True:
        note = f"{note}\n(estimated amount)".strip()
        parsed.convert("estimated amounts marked in the dose's note")
    grams = round(amount * UNITS[unit] * 1000) / 1000
    parsed.add_dose(where, parsed.local_time(taken_at), grams, Form.POWDER, "", note.strip(), today)
