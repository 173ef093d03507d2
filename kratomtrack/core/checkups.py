"""The periodic check-ups and symptom lists (docs/health-content.md).

The weekly PEG (pain, enjoyment of life, general activity; Krebs et al.
2009), the optional monthly Severity of Dependence Scale (Gossop et al.
1995), the red-flag symptoms, and the withdrawal-type symptoms a person can
add to their side effects. Wording, anchors and scoring follow docs/health-content.md
("Check-ups (PEG, SDS)", "Red flags", "Withdrawal-type symptoms") exactly;
change them there first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kratomtrack.core.translatable import translatable
from kratomtrack.core.validation import FieldError, InvalidRecord, Problem
from kratomtrack.core.whole_records import check_day

# --- PEG -------------------------------------------------------------------------

PEG_SCALE = range(0, 11)


@dataclass(frozen=True)
class PegItem:
    key: str  # the column in the store and the field in files
    question: str
    low: str  # anchor for 0
    high: str  # anchor for 10


PEG_ITEMS = (
    PegItem("pain_average",
            translatable("checkups", "Pain on average in the past week"),
            translatable("checkups", "no pain"),
            translatable("checkups", "pain as bad as you can imagine")),
    PegItem("enjoyment",
            translatable("checkups", "How much pain interfered with enjoyment of life in the past week"),
            translatable("checkups", "does not interfere"),
            translatable("checkups", "completely interferes")),
    PegItem("activity",
            translatable("checkups", "How much pain interfered with general activity in the past week"),
            translatable("checkups", "does not interfere"),
            translatable("checkups", "completely interferes")),
)


@dataclass(frozen=True)
class Peg:
    """One weekly PEG, dated the day it was answered."""

    day: dt.date
    pain_average: int
    enjoyment: int
    activity: int

    @property
    def answers(self) -> tuple[int, int, int]:
        return (self.pain_average, self.enjoyment, self.activity)

    @property
    def score(self) -> float:
        """The mean of the three items (0-10), to one decimal."""
        return peg_score(self.answers)


def peg_score(answers: tuple[int, ...] | list[int]) -> float:
    """The PEG score: the mean of its three 0-10 items, rounded to one decimal."""
    if len(answers) != len(PEG_ITEMS):
        raise ValueError(f"the PEG has {len(PEG_ITEMS)} items, not {len(answers)}")
    return round(sum(answers) / len(answers), 1)  # int / int is correctly rounded


def validate_peg(peg: Peg, today: dt.date) -> Peg:
    """Return the PEG or raise InvalidRecord naming each bad item."""
    problems = _day_problems(peg.day, today)
    for item, value in zip(PEG_ITEMS, peg.answers):
        if not _whole(value) or value not in PEG_SCALE:
            problems.append(Problem(item.key, f"{value!r} is not a whole number from 0 "
                                              f"({item.low}) to 10 ({item.high})"))
    if problems:
        raise InvalidRecord(problems)
    return Peg(peg.day, *(int(v) for v in peg.answers))


# --- Severity of Dependence Scale --------------------------------------------------

SDS_QUESTIONS = (
    translatable("checkups", "Did you ever think your use was out of control?"),
    translatable("checkups", "Did the prospect of missing a dose make you anxious or worried?"),
    translatable("checkups", "Did you worry about your use?"),
    translatable("checkups", "Did you wish you could stop?"),
    translatable("checkups", "How difficult would you find it to stop or go without?"),
)
# Answers 1-4 share one set of labels; answer 5 has its own
# (docs/health-content.md, "Check-ups (PEG, SDS)").
SDS_FREQUENCY_ANSWERS = (
    translatable("checkups", "never or almost never"), translatable("checkups", "sometimes"),
    translatable("checkups", "often"), translatable("checkups", "always or nearly always"),
)
SDS_DIFFICULTY_ANSWERS = (
    translatable("checkups", "not difficult"), translatable("checkups", "quite difficult"),
    translatable("checkups", "very difficult"), translatable("checkups", "impossible"),
)
SDS_PERIOD = "about the past month"
SDS_MAX = 15
# "Worth discussing with your doctor" from this total (docs/health-content.md,
# "Check-ups (PEG, SDS)"): the one place the cut-off is defined. It is the
# default of the warning settings' sds_threshold, which the person can change.
# No cut-off is validated for kratom; published ones for other drugs run from 3 to 5.
SDS_DISCUSS_FROM = 4


def sds_answer_labels(question_index: int) -> tuple[str, ...]:
    """The four answer labels (scored 0-3) for question 0-4."""
    return SDS_DIFFICULTY_ANSWERS if question_index == 4 else SDS_FREQUENCY_ANSWERS


@dataclass(frozen=True)
class Sds:
    """One Severity of Dependence Scale, dated the day it was answered."""

    day: dt.date
    answers: tuple[int, int, int, int, int]

    @property
    def total(self) -> int:
        return sds_total(self.answers)

    def worth_discussing(self, threshold: int = SDS_DISCUSS_FROM) -> bool:
        return self.total >= threshold


def sds_total(answers: tuple[int, ...] | list[int]) -> int:
    """The SDS total, 0-15: the sum of five items scored 0-3."""
    if len(answers) != len(SDS_QUESTIONS):
        raise ValueError(f"the SDS has {len(SDS_QUESTIONS)} items, not {len(answers)}")
    return sum(answers)


def validate_sds(sds: Sds, today: dt.date) -> Sds:
    problems = _day_problems(sds.day, today)
    answers = tuple(sds.answers) if isinstance(sds.answers, (tuple, list)) else ()
    if len(answers) != len(SDS_QUESTIONS):
        problems.append(Problem("answers", f"must be {len(SDS_QUESTIONS)} answers, each 0-3"))
    else:
        for i, value in enumerate(answers):
            if not _whole(value) or not 0 <= value <= 3:
                labels = sds_answer_labels(i)
                problems.append(Problem(f"q{i + 1}", f"{value!r} is not a whole number from 0 "
                                                     f"({labels[0]}) to 3 ({labels[3]})"))
    if problems:
        raise InvalidRecord(problems)
    return Sds(sds.day, tuple(int(v) for v in answers))


# --- when a check-up is due ----------------------------------------------------------

PEG_EVERY_DAYS = 7
SDS_EVERY_DAYS = 30
# Offered only once the log holds this many days with a record: the PEG
# asks about the past week, the SDS about the past month.
PEG_AFTER_DAYS_LOGGED = 7
SDS_AFTER_DAYS_LOGGED = 28


def is_due(last_taken: dt.date | None, today: dt.date, every_days: int,
           *, marker_dismissed_on: dt.date | None = None,
           days_logged: int | None = None, after_days_logged: int = 0) -> bool:
    """Whether to offer the check-up today (it is offered, never forced).

    Not before the log holds ``after_days_logged`` days with a record
    (``days_logged``). Then due when never taken or last taken ``every_days``
    or more ago. Dismissing
    the "due" marker hides it for another ``every_days``, so a person who
    does not want it is asked at most once a period.
    """
    if days_logged is not None and days_logged < after_days_logged:
        return False
    if last_taken is not None and (today - last_taken).days < every_days:
        return False
    if marker_dismissed_on is not None and 0 <= (today - marker_dismissed_on).days < every_days:
        return False
    return True


# --- red flags ------------------------------------------------------------------------

EMERGENCY = "emergency"
LIVER = "liver"


@dataclass(frozen=True)
class RedFlag:
    key: str  # stored in red_flags.flag and in files; never changes
    kind: str  # EMERGENCY or LIVER


# Emergency: call the local emergency number. Liver: see a doctor soon
# (possible liver injury). Wording from docs/health-content.md, "Red flags".
RED_FLAGS = (
    RedFlag(translatable("checkups", "seizure"), EMERGENCY),
    RedFlag(translatable("checkups", "slow or difficult breathing or cannot be woken"), EMERGENCY),
    RedFlag(translatable("checkups", "chest pain or a racing, irregular heartbeat"), EMERGENCY),
    RedFlag(translatable("checkups", "confusion or hallucinations"), EMERGENCY),
    RedFlag(translatable("checkups", "yellow skin or eyes"), LIVER),
    RedFlag(translatable("checkups", "dark urine"), LIVER),
    RedFlag(translatable("checkups", "pale stools"), LIVER),
    RedFlag(translatable("checkups", "severe itching"), LIVER),
    RedFlag(translatable("checkups", "pain in the upper right abdomen"), LIVER),
)
RED_FLAGS_BY_KEY = {f.key: f for f in RED_FLAGS}

def red_flag(key: object) -> RedFlag:
    """The red flag with this key, or FieldError."""
    if isinstance(key, str) and key.strip().casefold() in RED_FLAGS_BY_KEY:
        return RED_FLAGS_BY_KEY[key.strip().casefold()]
    raise FieldError("flag", f"'{key}' is not a known red-flag symptom; known: "
                             + ", ".join(f.key for f in RED_FLAGS))


def validate_red_flag(day: dt.date, key: object, today: dt.date) -> tuple[dt.date, str]:
    problems = _day_problems(day, today)
    flag = None
    try:
        flag = red_flag(key)
    except FieldError as err:
        problems.append(err.problem)
    if problems:
        raise InvalidRecord(problems)
    return day, flag.key


# --- withdrawal-type symptoms -----------------------------------------------------------

# Offered as side effects a person can add (Singh 2014; docs/health-content.md,
# "Withdrawal-type symptoms"). When
# rated mild or more they count toward the warning's supporting lines.
WITHDRAWAL_SYMPTOMS = (
    "muscle aches",
    "restlessness",
    "runny nose or watery eyes",
    "hot flashes",
    "diarrhoea",
    "craving",
)
_WITHDRAWAL_NAMES = {s.casefold() for s in WITHDRAWAL_SYMPTOMS} | {"diarrhea"}


def is_withdrawal_symptom(name: str) -> bool:
    return name.strip().casefold() in _WITHDRAWAL_NAMES


def withdrawal_symptoms_in(ratings: dict[str, int]) -> list[str]:
    """The withdrawal-type symptoms rated mild or more in one day's ratings."""
    return [name for name, rating in ratings.items()
            if rating and rating > 0 and is_withdrawal_symptom(name)]


# --- shared ------------------------------------------------------------------------------


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _day_problems(day: object, today: dt.date) -> list[Problem]:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        return [Problem("date", "must be a date")]
    try:
        check_day(day, today)
    except FieldError as err:
        return [err.problem]
    return []
