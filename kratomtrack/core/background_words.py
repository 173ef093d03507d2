"""The background in words: the same sentences for the summary's page 1, its
"Background (from the patient, answered …)" section and ``kratomtrack background``.

Every answer is printed with the day it was given; "none" and "no" are
answers, printed as such, and a question not answered says "not answered".
Answers given after the last day a summary covers say so: they describe the
patient on that day, not the range. Nothing here is advice or a score.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.background import (
    ALCOHOL,
    BY_KEY,
    CHOICE,
    QUESTIONS,
    REASON_CHOICES,
    REASONS,
    SUBSTANCE,
    SUBSTANCES,
    TEXT,
    Answer,
    Background,
    Substance,
)
from kratomtrack.core.dates import MONTHS, date_text, span_text

NOT_ANSWERED = "not answered"
DATE_NOT_RECORDED = "date not recorded"
FROM_THE_PATIENT = "from the patient"
NO_SCORE = ("The patient's own answers, each with the day it was given; kratomtrack computes no score "
            "from them.")


def since_text(since: str) -> str:
    """'2019', 'Mar 2019' or '4 Mar 2019'."""
    parts = [int(p) for p in since.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return date_text(dt.date(*parts))


def substance_details(key: str, value: Substance) -> str:
    """'oxycodone, 10 mg twice a day, since Mar 2024' ('' when none were given)."""
    details = [value.name] if value.name else []
    if key == ALCOHOL and value.drinks_a_week is not None:
        details.append(f"{value.drinks_a_week} drink{'s' if value.drinks_a_week != 1 else ''} a week")
    elif value.amount:
        details.append(value.amount)
    if value.since:
        details.append(f"since {since_text(value.since)}")
    return ", ".join(details)


def substance_text(key: str, value: Substance) -> str:
    """'none', 'yes', or 'yes (oxycodone, 10 mg twice a day, since Mar 2024)'."""
    if not value.takes:
        return "none"
    details = substance_details(key, value)
    return f"yes ({details})" if details else "yes"


def value_text(key: str, answer: Answer | None) -> str:
    """One answer in words, without its day."""
    if answer is None:
        return NOT_ANSWERED
    question, value = BY_KEY[key], answer.value
    if question.kind == REASONS:
        return ", ".join(f"other: \u201c{value.other}\u201d" if k == "other" and value.other
                         else REASON_CHOICES[k] for k in value.chosen)
    if question.kind == TEXT:
        return f"\u201c{value}\u201d"
    if question.kind == CHOICE:
        return question.choices[value]
    if question.kind == SUBSTANCE:
        return substance_text(key, value)
    return "yes" if value else "no"


def answered_text(answer: Answer) -> str:
    return f"answered {date_text(answer.answered)}" if answer.answered else DATE_NOT_RECORDED


def dates_text(background: Background, keys=None) -> str:
    """'answered 3 Dec 2026' or 'answered 1 Nov – 3 Dec 2026' for the answers of ``keys``
    (all by default), with 'some with no date recorded' when some came without one."""
    answers = [a for k, a in background.answers.items() if keys is None or k in keys]
    days = sorted({a.answered for a in answers if a.answered is not None})
    undated = any(a.answered is None for a in answers)
    if not days:
        return DATE_NOT_RECORDED if undated else NOT_ANSWERED
    text = f"answered {span_text(days[0], days[-1])}"
    return text + ("; some with no date recorded" if undated else "")


def _after(background: Background, keys, as_of: dt.date | None) -> str:
    """', after the end of this range' when any of those answers was given after ``as_of``."""
    late = as_of is not None and any(a.answered and a.answered > as_of
                                      for k, a in background.answers.items() if k in keys)
    return ", after the end of this range" if late else ""


def _dated(background: Background, keys, as_of: dt.date | None) -> str:
    return f"({FROM_THE_PATIENT}, {dates_text(background, keys)}{_after(background, keys, as_of)})"


def co_use_facts(background: Background, as_of: dt.date | None) -> list[tuple[str, str]]:
    """Page 1's co-use and naloxone, as (label, words): what is taken with its details,
    what is "none", what is not answered, each with the days answered.

    ``as_of`` is the last day the summary covers: answers given after it say so.
    """
    taken = [(k, a) for k in SUBSTANCES if (a := background.answer(k)) is not None and a.value.takes]
    none = [k for k in SUBSTANCES if (a := background.answer(k)) is not None and not a.value.takes]
    unanswered = [k for k in SUBSTANCES if background.answer(k) is None]
    if taken or none:
        parts = []
        if taken:
            parts.append("takes " + "; ".join(
                BY_KEY[k].label + (f" ({details})" if (details := substance_details(k, a.value)) else "")
                for k, a in taken))
        if none:
            parts.append("none: " + ", ".join(BY_KEY[k].label for k in none))
        if unanswered:
            parts.append(f"{NOT_ANSWERED}: " + ", ".join(BY_KEY[k].label for k in unanswered))
        answered = [k for k in SUBSTANCES if k not in unanswered]
        substances = "; ".join(parts) + " " + _dated(background, answered, as_of)
    else:
        substances = NOT_ANSWERED
    naloxone = background.answer("naloxone")
    if substances == NOT_ANSWERED and naloxone is None:
        return [("Other substances, naloxone", NOT_ANSWERED)]
    naloxone_words = (NOT_ANSWERED if naloxone is None else
                      f"{value_text('naloxone', naloxone)} {_dated(background, ['naloxone'], as_of)}")
    return [("Other substances", substances), ("Naloxone at home", naloxone_words)]


def co_use_lines(background: Background, as_of: dt.date | None) -> list[str]:
    """Co-use and naloxone in words, one line each ("Other substances: …",
    "Naloxone at home: …"), for page 1's key points."""
    return [f"{label}: {words}" for label, words in co_use_facts(background, as_of)]


def co_use_point_lines(background: Background, as_of: dt.date | None) -> list[str]:
    """The same facts for the key point labelled "Other substances": the substances'
    words without their label, then "naloxone at home: …"."""
    facts = dict(co_use_facts(background, as_of))
    if "Other substances" not in facts:  # neither answered: one fact
        return [NOT_ANSWERED, f"naloxone at home: {NOT_ANSWERED}"]
    return [facts["Other substances"], f"naloxone at home: {facts['Naloxone at home']}"]


def background_heading(background: Background) -> str:
    """'Background (from the patient, answered 3 Dec 2026)'."""
    if not background.answers:
        return f"Background ({FROM_THE_PATIENT})"
    return f"Background ({FROM_THE_PATIENT}, {dates_text(background)})"


def background_rows(background: Background, as_of: dt.date | None = None) -> list[tuple[str, str]]:
    """Every answered question as (label, words); an answer's day is added when the
    answers were given on different days. Questions not answered are left out
    (``unanswered_labels``)."""
    several = len(background.dates) > 1 or (background.dates and any(
        a.answered is None for a in background.answers.values()))
    rows = []
    for question in QUESTIONS:
        answer = background.answer(question.key)
        if answer is None:
            continue
        words = value_text(question.key, answer)
        if several or (as_of and answer.answered and answer.answered > as_of):
            words += f" ({answered_text(answer)}{_after(background, [question.key], as_of)})"
        label = question.label
        rows.append((label[:1].upper() + label[1:], words))
    return rows


def unanswered_labels(background: Background) -> list[str]:
    return [q.label[:1].lower() + q.label[1:] for q in QUESTIONS if background.answer(q.key) is None]


def background_lines(background: Background, as_of: dt.date | None = None) -> list[str]:
    """The whole background in words (``kratomtrack background``)."""
    lines = [background_heading(background)]
    lines += [f"  {label}: {words}" for label, words in background_rows(background, as_of)]
    missing = unanswered_labels(background)
    if missing:
        lines.append(f"  {NOT_ANSWERED[:1].upper() + NOT_ANSWERED[1:]}: {', '.join(missing)}")
    return lines
