"""Background the person may give for the doctor (clinical.md, "Background the
person may give for the doctor"): why they use kratom, their pain in their
words, their own goal, other substances, naloxone at home, liver disease,
seizures, pregnancy, and where the product comes from.

Every answer is optional and carries the day it was answered; a question
not answered has no answer at all, which is never the same as "none" or
"no". The app computes no score from these answers and turns none of them
into advice; the summary prints them as "from the patient" (core.background_words).

The stored form is one JSON object (``background_to_json``), kept as the
log's setting "background"; ``background_from_json`` is the one parser of it,
for the window, the commands and the whole-log check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kratomtrack.core.translatable import translatable
from kratomtrack.core.validation import EARLIEST_DAY, FieldError, InvalidRecord, Problem, parse_day, parse_text

FORMAT = "kratomtrack-background"
VERSION = 1

# Kinds of question: what an answer's value is.
REASONS = "reasons"  # Reasons: one or more of REASON_CHOICES, with words for "other"
TEXT = "text"  # str: the person's words
CHOICE = "choice"  # str: a key of the question's choices
SUBSTANCE = "substance"  # Substance: "none", or taken (name, amount, since)
YES_NO = "yes_no"  # bool

REASON_CHOICES = {
    "pain": translatable("background", "pain"),
    "withdrawal": translatable("background", "to avoid withdrawal"),
    "mood": translatable("background", "mood or energy"),
    "replace_opioids": translatable("background", "to replace opioids"),
    "other": translatable("background", "other"),
}
GOAL_CHOICES = {
    "keep": translatable("background", "keep as is"),
    "cut_down": translatable("background", "cut down"),
    "stop": translatable("background", "stop"),
    "not_sure": translatable("background", "not sure"),
}
# Alcohol's amount is a number of drinks a week; the others' amounts are the person's words.
ALCOHOL = "alcohol"
TEXT_MAX = 200  # where the pain is, what kind, where the product comes from, "other" reasons
NAME_MAX = 80
AMOUNT_MAX = 80
DRINKS_MAX = 300
# "since" may be a year, a month or a day: people remember "2019" more often than a date.
_SINCE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
EARLIEST_SINCE = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Question:
    key: str
    label: str  # marked for translation; the summary prints it in English
    kind: str
    choices: Mapping[str, str] = field(default_factory=dict)


QUESTIONS: tuple[Question, ...] = (
    Question("reasons", translatable("background", "Reasons for using kratom"), REASONS, REASON_CHOICES),
    Question("pain_where", translatable("background", "Where the pain is"), TEXT),
    Question("pain_kind", translatable("background", "What kind of pain"), TEXT),
    Question("goal", translatable("background", "Own goal for kratom use"), CHOICE, GOAL_CHOICES),
    Question("opioids", translatable("background", "prescribed opioids"), SUBSTANCE),
    Question("benzodiazepines", translatable("background", "benzodiazepines or sleeping pills"), SUBSTANCE),
    Question(ALCOHOL, translatable("background", "alcohol"), SUBSTANCE),
    Question("gabapentinoids", translatable("background", "gabapentin or pregabalin"), SUBSTANCE),
    Question("cannabis", translatable("background", "cannabis"), SUBSTANCE),
    Question("stimulants", translatable("background", "stimulants"), SUBSTANCE),
    Question("sedatives", translatable("background", "other sedatives"), SUBSTANCE),
    Question("naloxone", translatable("background", "Naloxone at home"), YES_NO),
    Question("liver_disease", translatable("background", "Liver disease"), YES_NO),
    Question("seizures", translatable("background", "Seizures"), YES_NO),
    Question("pregnancy", translatable("background", "Pregnant or planning a pregnancy"), YES_NO),
    Question("product_source", translatable("background", "Where the product comes from"), TEXT),
    Question("lab_certificate", translatable("background", "Lab certificate for the product"), YES_NO),
)
BY_KEY = {q.key: q for q in QUESTIONS}
SUBSTANCES = tuple(q.key for q in QUESTIONS if q.kind == SUBSTANCE)
# The substances the interaction caution names (core.safety.ALSO_TAKE keys, the same words).
SEDATING = ("opioids", "benzodiazepines", ALCOHOL, "sedatives")


@dataclass(frozen=True)
class Reasons:
    chosen: tuple[str, ...]  # keys of REASON_CHOICES, in their order
    other: str = ""  # the person's words for "other"


@dataclass(frozen=True)
class Substance:
    takes: bool  # False: "none", an answer of its own
    name: str = ""
    amount: str = ""  # the person's words ("10 mg twice a day"); not for alcohol
    drinks_a_week: int | None = None  # alcohol only
    since: str = ""  # "2019", "2019-03" or "2019-03-04"; "" when not given


NONE = Substance(False)


@dataclass(frozen=True)
class Answer:
    value: str | bool | Reasons | Substance
    # The day it was answered. None only for a substance carried over from
    # the earlier "I also take" list, which kept no date ("date not recorded").
    answered: dt.date | None


@dataclass(frozen=True)
class Background:
    """The answers given, by question key; a question without an entry is not answered."""

    answers: Mapping[str, Answer] = field(default_factory=dict)

    def answer(self, key: str) -> Answer | None:
        return self.answers.get(key)

    def value(self, key: str):
        found = self.answers.get(key)
        return None if found is None else found.value

    @property
    def dates(self) -> list[dt.date]:
        """The days answers were given, oldest first (no "date not recorded")."""
        return sorted({a.answered for a in self.answers.values() if a.answered is not None})

    def sedating(self) -> frozenset[str]:
        """The sedating substances the person said they take (SEDATING keys)."""
        return frozenset(k for k in SEDATING if isinstance(self.value(k), Substance) and self.value(k).takes)


# --- checking one answer -------------------------------------------------------------


def check_value(key: str, value, *, answered: dt.date | None = None):
    """``value`` for question ``key``, tidied (text trimmed, reasons in order), or FieldError.

    ``answered`` is the day it was answered: a "since" after it cannot be.
    """
    question = BY_KEY.get(key)
    if question is None:
        raise FieldError(key, f"is not a question; known: {', '.join(BY_KEY)}")
    label = question.label
    if question.kind == TEXT:
        text = parse_text(value, label, TEXT_MAX, multiline=False)
        if not text:
            raise FieldError(label, "is empty; leave it not answered instead")
        return text
    if question.kind == CHOICE:
        if value not in question.choices:
            raise FieldError(label, f"'{value}' is not one of: {', '.join(question.choices)}")
        return value
    if question.kind == YES_NO:
        if not isinstance(value, bool):
            raise FieldError(label, "must be yes or no")
        return value
    if question.kind == REASONS:
        return _check_reasons(value, label)
    return _check_substance(key, value, answered)


def _check_reasons(value, label: str) -> Reasons:
    if not isinstance(value, Reasons):
        raise FieldError(label, "must be one or more reasons")
    unknown = [k for k in value.chosen if k not in REASON_CHOICES]
    if unknown:
        raise FieldError(label, f"unknown: {', '.join(map(str, unknown))}; known: {', '.join(REASON_CHOICES)}")
    other = parse_text(value.other, f"{label} (other)", TEXT_MAX, multiline=False)
    chosen = set(value.chosen) | ({"other"} if other else set())  # words for "other" choose it
    if not chosen:
        raise FieldError(label, "has no reason chosen; leave it not answered instead")
    return Reasons(tuple(k for k in REASON_CHOICES if k in chosen), other)


def _check_substance(key: str, value, answered: dt.date | None) -> Substance:
    label = BY_KEY[key].label
    if not isinstance(value, Substance) or not isinstance(value.takes, bool):
        raise FieldError(label, "must be none, or taken with a name, an amount and since when")
    if not value.takes:
        if value.name or value.amount or value.drinks_a_week is not None or value.since:
            raise FieldError(label, "is \u201cnone\u201d but has a name, amount or date")
        return NONE
    name = parse_text(value.name, f"{label}: name", NAME_MAX, multiline=False)
    amount = parse_text(value.amount, f"{label}: amount", AMOUNT_MAX, multiline=False)
    drinks = value.drinks_a_week
    if key == ALCOHOL:
        if amount:
            raise FieldError(f"{label}: amount", "is given in drinks a week, a whole number")
        if drinks is not None and (isinstance(drinks, bool) or not isinstance(drinks, int)
                                   or not 1 <= drinks <= DRINKS_MAX):
            raise FieldError(f"{label}: drinks a week", f"must be a whole number from 1 to {DRINKS_MAX} "
                                                        "(none: answer \u201cnone\u201d)")
    elif drinks is not None:
        raise FieldError(f"{label}: amount", "drinks a week are for alcohol only")
    since = parse_since(value.since, f"{label}: since", answered) if value.since else ""
    return Substance(True, name, amount, drinks, since)


def parse_since(value, field_name: str, latest: dt.date | None) -> str:
    """'2019', '2019-03' or '2019-03-04', not before 1900 and not after ``latest``."""
    text = value.strip() if isinstance(value, str) else value
    match = _SINCE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise FieldError(field_name, f"'{value}' is not a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        first = dt.date(year, month or 1, day or 1)
    except ValueError:
        raise FieldError(field_name, f"'{text}' is not a real date") from None
    if first < EARLIEST_SINCE:
        raise FieldError(field_name, f"'{text}' is before {EARLIEST_SINCE.year}; check the year")
    if latest is not None and first > latest:
        raise FieldError(field_name, f"'{text}' is after the day it was answered ({latest.isoformat()})")
    return text


def check_answered(day: dt.date, today: dt.date, field_name: str) -> dt.date:
    if day > today:
        raise FieldError(field_name, f"answered {day.isoformat()}, which is in the future")
    if day < EARLIEST_DAY:
        raise FieldError(field_name, f"answered {day.isoformat()}, before {EARLIEST_DAY.year}; check the year")
    return day


# --- changing answers ---------------------------------------------------------------------


def with_answers(old: Background, values: Mapping[str, object], today: dt.date) -> Background:
    """``old`` with ``values`` (key: value, None for not answered) checked and put in.

    An answer that changes is dated ``today``; one given again unchanged keeps
    its date (the window gives every value at each save). FieldError names
    the first value that cannot be stored.
    """
    answers = dict(old.answers)
    for key, value in values.items():
        if value is None:
            answers.pop(key, None)
            continue
        checked = check_value(key, value, answered=today)
        before = answers.get(key)
        if before is None or before.value != checked:
            answers[key] = Answer(checked, today)
    return Background({q.key: answers[q.key] for q in QUESTIONS if q.key in answers})


def answered_again(old: Background, key: str, value, today: dt.date) -> Background:
    """``old`` with ``key`` answered ``value`` today, even when unchanged (a command
    that sets an answer confirms it as of today)."""
    without = Background({k: a for k, a in old.answers.items() if k != key})
    return with_answers(without, {key: value}, today)


# --- the stored form -------------------------------------------------------------------------


def background_to_json(background: Background) -> dict:
    """The stored (and exported, and reported) form: every answer with its day."""
    return {"format": FORMAT, "version": VERSION,
            "answers": {key: _answer_json(key, a) for key, a in background.answers.items()}}


def _answer_json(key: str, answer: Answer) -> dict:
    value = answer.value
    if isinstance(value, Reasons):
        value = {"chosen": list(value.chosen), "other": value.other}
    elif isinstance(value, Substance):
        value = ("none" if not value.takes else
                 {"name": value.name, "amount": value.amount, "since": value.since}
                 | ({"drinks_a_week": value.drinks_a_week} if key == ALCOHOL else {}))
    return {"answered": answer.answered.isoformat() if answer.answered else None, "value": value}


def background_from_json(data, *, today: dt.date) -> Background:
    """The one parser of the stored background (setting "background"): every answer
    checked, none dated after ``today``. InvalidRecord lists every problem."""
    background, problems, _ = read_background(data, today=today)
    if problems:
        raise InvalidRecord(problems)
    return background


def read_background(data, *, today: dt.date) -> tuple[Background, list[Problem], dict]:
    """The answers that can be read, the problems of the rest, and the rest as stored
    (so a save can keep what it could not read rather than lose it)."""
    if data is None:
        return Background(), [], {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("answers"), dict):
        return Background(), [Problem("background", f"is not a {FORMAT} object")], {}
    if data.get("version") != VERSION:
        return Background(), [Problem("background", f"is version {data.get('version')!r}; this "
                                                    f"kratomtrack reads version {VERSION}")], {}
    answers, problems, unreadable = {}, [], {}
    for key, raw in data["answers"].items():
        try:
            answers[key] = _answer_from_json(key, raw, today)
        except FieldError as err:
            problems.append(err.problem)
            unreadable[key] = raw
    ordered = {q.key: answers[q.key] for q in QUESTIONS if q.key in answers}
    return Background(ordered), problems, unreadable


def _answer_from_json(key: str, raw, today: dt.date) -> Answer:
    question = BY_KEY.get(key)
    if question is None:
        raise FieldError(str(key)[:40], "is not a question this kratomtrack knows")
    if not isinstance(raw, dict) or set(raw) != {"answered", "value"}:
        raise FieldError(question.label, "must be an object with \u201canswered\u201d and \u201cvalue\u201d")
    answered = None
    if raw["answered"] is not None:
        answered = check_answered(parse_day(raw["answered"], question.label), today, question.label)
    elif question.kind != SUBSTANCE:
        raise FieldError(question.label, "has no day it was answered")
    value = raw["value"]
    if question.kind == REASONS:
        if not isinstance(value, dict) or set(value) != {"chosen", "other"} or not isinstance(value["chosen"], list):
            raise FieldError(question.label, "must be an object with \u201cchosen\u201d and \u201cother\u201d")
        value = Reasons(tuple(value["chosen"]), value["other"])
    elif question.kind == SUBSTANCE:
        value = _substance_from_json(key, value, question.label)
    return Answer(check_value(key, value, answered=answered or today), answered)


def _substance_from_json(key: str, value, label: str) -> Substance:
    if value == "none":
        return NONE
    expected = {"name", "amount", "since"} | ({"drinks_a_week"} if key == ALCOHOL else set())
    if not isinstance(value, dict) or set(value) != expected:
        raise FieldError(label, f"must be \u201cnone\u201d or an object with {', '.join(sorted(expected))}")
    return Substance(True, value["name"], value["amount"], value.get("drinks_a_week"), value["since"])


# --- the earlier "I also take" list -----------------------------------------------------------


def with_also_take(background: Background, keys) -> Background:
    """``background`` with the earlier "I also take" ticks (SEDATING keys) carried in,
    undated, where the background does not answer that substance itself."""
    answers = dict(background.answers)
    for key in SEDATING:
        if key in keys and key not in answers:
            answers[key] = Answer(Substance(True), None)
    return Background({q.key: answers[q.key] for q in QUESTIONS if q.key in answers})


def with_sedating(background: Background, keys, today: dt.date) -> Background:
    """``background`` after ticking exactly ``keys`` of SEDATING: a new tick is "taken"
    today, a tick taken away is "none" today; untouched answers keep their details and day."""
    values = {}
    for key in SEDATING:
        current = background.value(key)
        takes = isinstance(current, Substance) and current.takes
        if key in keys and not takes:
            values[key] = Substance(True)
        elif key not in keys and takes:
            values[key] = NONE
    return with_answers(background, values, today)

