"""``kratomtrack background [--json]`` and ``kratomtrack background set QUESTION ANSWER``.

The background for the doctor (core.background): optional answers, each
dated the day it is given, printed on the summary as "from the patient".
"none" and "no" are answers; ``not-answered`` takes an answer back. No
score is computed from them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from kratomtrack.cli.limits import since as since_day
from kratomtrack.cli.log_access import (
    EXIT_OK,
    cannot_use_log,
    fail,
    log_errors,
    open_for_reading,
    open_for_writing,
)

TAKE_BACK = "not-answered"
UNCHANGED = "Nothing was changed."


def _words(key: str) -> str:
    """A question's or choice's key as typed on the command line: 'pain-where'."""
    return key.replace("_", "-")


def _answers_help() -> str:
    from kratomtrack.core.background import (
        CHOICE,
        GOAL_CHOICES,
        QUESTIONS,
        REASON_CHOICES,
        REASONS,
        SUBSTANCE,
        TEXT,
    )

    kinds = {REASONS: "one or more of " + ",".join(map(_words, REASON_CHOICES)) + " (and --other WORDS)",
             TEXT: "your words, in quotes",
             CHOICE: " | ".join(map(_words, GOAL_CHOICES)),
             SUBSTANCE: "none | yes (with --name, --amount, --since)"}
    lines = [f"  {_words(q.key):16} {kinds.get(q.kind, 'yes | no')}" for q in QUESTIONS]
    return "\n".join(lines)


def add_parser(sub, data_dir: argparse.ArgumentParser) -> None:
    background = sub.add_parser(
        "background", parents=[data_dir], help="show or give your background for the doctor",
        description="Show the background you gave for your doctor (why you use kratom, your pain, "
                    "your own goal, other substances, naloxone at home, liver disease, seizures, "
                    "pregnancy, where the product comes from), each answer with the day it was "
                    "given. All optional; printed on the summary as \u201cfrom the patient\u201d. "
                    "kratomtrack computes no score from them.")
    background.add_argument("--json", action="store_true", help="print the answers as JSON, with their days")
    background.set_defaults(run=run_show)
    actions = background.add_subparsers(dest="action", metavar="ACTION")
    put = actions.add_parser(
        "set", parents=[data_dir], help="give one answer (dated today)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Give one answer, dated today. QUESTION and its ANSWER:\n" + _answers_help()
                    + f"\nAny QUESTION takes {TAKE_BACK}, which takes the answer back. \"none\" "
                      "and \"no\" are answers of their own.\nAlcohol's --amount is drinks a week, "
                      "a whole number; --since is a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD).")
    put.add_argument("question", metavar="QUESTION")
    put.add_argument("answer", metavar="ANSWER")
    put.add_argument("--name", default="", help="a substance's name (for example the medicine)")
    put.add_argument("--amount", default="", help="how much (alcohol: drinks a week)")
    put.add_argument("--since", default=None, type=since_day, metavar="YYYY[-MM[-DD]]",
                     help="taken since when")
    put.add_argument("--other", default="", metavar="WORDS", help="reasons: your words for \u201cother\u201d")
    put.add_argument("--json", action="store_true", help="print the whole background as JSON after saving")
    put.set_defaults(run=run_set)


def run_show(args, folder: Path) -> int:
    from kratomtrack.core.background_words import background_lines
    from kratomtrack.store.preferences import background

    try:
        with open_for_reading(folder) as db:
            found = background(db)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    if args.json:
        _print_json(found)
    else:
        print("\n".join(background_lines(found)))
    return EXIT_OK


def _print_json(found) -> None:
    """The stored form (core.background.background_to_json): every answer with its day."""
    from kratomtrack.core.background import background_to_json

    print(json.dumps(background_to_json(found), ensure_ascii=False, indent=1))


def run_set(args, folder: Path) -> int:
    from kratomtrack.core.background import BY_KEY, answered_again, with_answers
    from kratomtrack.core.background_words import answered_text, value_text
    from kratomtrack.core.validation import FieldError
    from kratomtrack.store.preferences import background, save_background

    today = dt.date.today()
    key = args.question.strip().lower().replace("-", "_")
    if key not in BY_KEY:
        return fail(f"'{args.question}' is not a question; choose from "
                    f"{', '.join(_words(k) for k in BY_KEY)}. {UNCHANGED}")
    try:
        value = answer_value(key, args)
        with open_for_writing(folder) as db:
            before = background(db, today=today)
            after = (with_answers(before, {key: None}, today) if value is None
                     else answered_again(before, key, value, today))
            save_background(db, after, today=today)
    except FieldError as err:
        return fail(f"{err}. {UNCHANGED}")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    if args.json:
        _print_json(after)
    else:
        label = BY_KEY[key].label
        answer = after.answer(key)
        words = value_text(key, answer)
        if answer:  # the day inside the value's own brackets, if it has them
            words = (f"{words[:-1]}; {answered_text(answer)})" if words.endswith(")")
                     else f"{words} ({answered_text(answer)})")
        print(f"Saved. {label[:1].upper() + label[1:]}: {words}.")
    return EXIT_OK


def answer_value(key: str, args):
    """The ANSWER and options as the value core.background checks; None takes the answer back."""
    from kratomtrack.core.background import (
        ALCOHOL,
        BY_KEY,
        CHOICE,
        NONE,
        REASONS,
        SUBSTANCE,
        TEXT,
        YES_NO,
        Reasons,
        Substance,
    )
    from kratomtrack.core.validation import FieldError

    question, answer = BY_KEY[key], args.answer.strip()
    if answer.lower() == TAKE_BACK:
        return None
    details = (args.name, args.amount, args.since or "", args.other)
    if question.kind != SUBSTANCE and any(details[:3]) or question.kind != REASONS and args.other:
        raise FieldError(_words(key), "--name, --amount and --since are for substances, --other for reasons")
    if question.kind == TEXT:
        return answer
    if question.kind == CHOICE:
        return answer.lower().replace("-", "_")
    if question.kind == YES_NO:
        if answer.lower() not in ("yes", "no"):
            raise FieldError(_words(key), f"'{answer}' is not yes, no or {TAKE_BACK}")
        return answer.lower() == "yes"
    if question.kind == REASONS:
        chosen = tuple(part.strip().lower().replace("-", "_") for part in answer.split(",") if part.strip())
        return Reasons(chosen, args.other)
    if answer.lower() == "none":
        if any(details[:3]):
            raise FieldError(_words(key), "\u201cnone\u201d takes no --name, --amount or --since")
        return NONE
    if answer.lower() != "yes":
        raise FieldError(_words(key), f"'{answer}' is not none, yes or {TAKE_BACK}")
    if key == ALCOHOL:
        drinks = args.amount.strip()
        if drinks and not drinks.isdigit():
            raise FieldError("alcohol: --amount", f"'{drinks}' is not a whole number of drinks a week")
        return Substance(True, args.name, "", int(drinks) if drinks else None, args.since or "")
    return Substance(True, args.name, args.amount, None, args.since or "")
