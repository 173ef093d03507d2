"""``kratomtrack patterns`` and ``kratomtrack plan show|set|end``.

They describe and record; nothing here proposes an amount
(docs/health-content.md, "Patterns over time", "A reduction plan").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from kratomtrack.cli.limits import (
    DAYS_PER_STEP,
    LEAF_GRAMS,
    PAST_DAY,
    PLAN_DAY,
    STEP_GRAMS,
    plan_step,
)
from kratomtrack.cli.log_access import EXIT_OK, fail, with_damage, with_log


def add_commands(sub, data_dir: argparse.ArgumentParser) -> None:
    pat = sub.add_parser(
        "patterns", parents=[data_dir], help="show dose timing and relief per dose (pattern, not a diagnosis)",
        description="Show the first and last dose time, the median gap between doses and night doses "
                    "(00:00-05:00) per day over the last 4 weeks, their change against the 8 weeks "
                    "before, and relief per dose (pain before minus pain after). These are patterns, "
                    "not a diagnosis: none is a validated measure of dependence for kratom.")
    pat.add_argument("--today", type=PAST_DAY, metavar="YYYY-MM-DD",
                     help="as of this day, 1970-01-01 to today (default today)")
    pat.add_argument("--json", action="store_true", help="print a JSON object")
    pat.set_defaults(run=run_patterns)

    plan = sub.add_parser(
        "plan", parents=[data_dir], help="show, set or end your reduction plan",
        description="Your plan is what you enter, typically agreed with your doctor; kratomtrack "
                    "shows planned against logged and proposes no plan or amount.")
    actions = plan.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[data_dir], help="your plan, planned against logged")
    show.add_argument("--today", type=PAST_DAY, metavar="YYYY-MM-DD",
                      help="as of this day, 1970-01-01 to today (default today)")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(run=run_plan_show)
    put = actions.add_parser(
        "set", parents=[data_dir], help="enter a plan (ends the plan on before it)",
        description="Give steps (--step DATE:GRAMS or DATE:GRAMS:DOSES, or DATE::DOSES), or "
                    "--from-grams, --to-grams, --step-grams and --days-per-step from which the "
                    "steps are computed. The steps are shown; add --yes to save them.")
    put.add_argument("--start", type=PLAN_DAY, metavar="YYYY-MM-DD",
                     help="first day (with the computed steps), 1970-01-01 to ten years from today")
    put.add_argument("--step", type=plan_step, action="append", default=[], metavar="DATE:GRAMS[:DOSES]",
                     help="from DATE on: leaf grams a day (0 to 100) and/or doses a day (0 to 50); "
                          "DATE up to ten years from today")
    put.add_argument("--from-grams", type=LEAF_GRAMS, metavar="G", help="leaf g/day on the first day (0 to 100)")
    put.add_argument("--to-grams", type=LEAF_GRAMS, metavar="G", help="leaf g/day of the last step (0 to 100)")
    put.add_argument("--step-grams", type=STEP_GRAMS, metavar="G", help="grams less at each step (0.001 to 100)")
    put.add_argument("--days-per-step", type=DAYS_PER_STEP, metavar="N", help="days each step lasts (1 to 365)")
    put.add_argument("--note", default="", help="a note, for example who agreed it")
    put.add_argument("--yes", action="store_true", help="save the plan (without it, only show the steps)")
    put.add_argument("--json", action="store_true", help="print a JSON object")
    put.set_defaults(run=run_plan_set)
    end = actions.add_parser("end", parents=[data_dir], help="end the plan that is on")
    end.add_argument("--on", type=PLAN_DAY, metavar="YYYY-MM-DD",
                     help="last day of the plan, 1970-01-01 to ten years from today (default today)")
    end.add_argument("--json", action="store_true", help="print a JSON object")
    end.set_defaults(run=run_plan_end)


def _day(checked: dt.date | None) -> dt.date:
    """A day option's value (checked by cli.limits when parsed), else today."""
    return checked or dt.date.today()


def _print_json(value) -> None:
    from kratomtrack.core.summary.as_json import plain

    print(json.dumps(plain(value), ensure_ascii=False, indent=1))


def run_patterns(args, folder: Path) -> int:
    from kratomtrack.core.last_dose import as_of
    from kratomtrack.core.patterns import timing_lines
    from kratomtrack.store.pattern_source import patterns_as_of
    from kratomtrack.store.recent_doses import since_last_dose_minutes

    today = _day(args.today)

    def work(db):
        found = patterns_as_of(db, today)
        if args.json:
            _print_json(with_damage({"format": "kratomtrack-patterns", "today": today, "patterns": found,
                                     "also_in_your_log": timing_lines(found.timing_change, found.settings),
                                     "since_last_dose_minutes": since_last_dose_minutes(
                                         db, as_of(today, dt.datetime.now()))},
                                    db))
        else:
            print("\n".join(_pattern_lines(found)))
        return EXIT_OK

    return with_log(folder, work)


def _pattern_lines(found) -> list[str]:
    """The patterns in words; days with nothing logged are named, never counted as days without a dose."""
    from kratomtrack.core.coverage import unknown_words
    from kratomtrack.core.dates import span_text
    from kratomtrack.report.patterns import pattern_lines

    if not found.logged_days:
        return [f"Nothing is logged for {span_text(found.start, found.end)} (no dose, check-in or "
                "\u201cno kratom\u201d mark), so there is no pattern to show."]
    lines = pattern_lines(found)
    if found.unknown_days:
        lines.append(f"{unknown_words(found.unknown_days, (found.end - found.start).days + 1)}; "
                     "they are left out of every figure.")
    return lines


def run_plan_show(args, folder: Path) -> int:
    from kratomtrack.report.patterns import plan_lines
    from kratomtrack.store import plans
    from kratomtrack.store.pattern_source import plan_as_of

    today = _day(args.today)

    def work(db):
        latest = plans.latest_plan(db)
        report = plan_as_of(db, latest.start, min(today, latest.ended or today)) if latest else None
        if args.json:
            _print_json(with_damage({"format": "kratomtrack-plan", "today": today, "active": plans.active_plan(db),
                                     "plans": plans.all_plans(db), "report": report}, db))
        elif report is None:
            print("No plan entered. 'kratomtrack plan set' records one you agreed, for example with your doctor.")
        else:
            print("\n".join(plan_lines(report, today)))
        return EXIT_OK

    return with_log(folder, work)


def _steps(args):
    """The plan's steps: given (each checked by cli.limits.plan_step) or computed."""
    from kratomtrack.core.plan import steps_from_numbers
    from kratomtrack.core.validation import FieldError

    numbers = (args.from_grams, args.to_grams, args.step_grams, args.days_per_step)
    if args.step and any(n is not None for n in numbers):
        raise FieldError("plan", "give either --step or the numbers (--from-grams ...), not both")
    if not args.step:
        if any(n is None for n in numbers) or not args.start:
            raise FieldError("plan", "give --step DATE:GRAMS[:DOSES] at least once, or all of --start, "
                                     "--from-grams, --to-grams, --step-grams and --days-per-step")
        return steps_from_numbers(args.start, *numbers)
    return tuple(args.step)


def run_plan_set(args, folder: Path) -> int:
    from kratomtrack.core.plan import Plan, validate_plan
    from kratomtrack.core.validation import FieldError
    from kratomtrack.report.patterns import step_lines
    from kratomtrack.store import plans

    try:
        plan = validate_plan(Plan(_steps(args), note=args.note))
    except FieldError as err:
        return fail(str(err))
    if not args.yes:
        if args.json:
            _print_json({"saved": False, "plan": plan})
        else:
            print("\n".join(["Your plan's steps:", *step_lines(plan), "Not saved: add --yes to save it."]))
        return EXIT_OK

    def work(db):
        new, previous = plans.set_plan(db, plan)
        if args.json:
            _print_json({"saved": True, "plan": new, "ended": previous})
        else:
            print("\n".join(["Saved your plan:", *step_lines(new)]))
            if previous is not None:
                ended = next(p.ended for p in plans.all_plans(db) if p.id == previous.id)
                print(f"The plan before it now ends on {ended.isoformat()}.")
        return EXIT_OK

    return with_log(folder, work, writes=True)


def run_plan_end(args, folder: Path) -> int:
    from kratomtrack.store import plans

    day = _day(args.on)

    def work(db):
        was = plans.end_plan(db, day)
        if args.json:
            _print_json({"ended": day, "plan": was})
        else:
            print(f"Your plan that started {was.start.isoformat()} ends on {day.isoformat()}.")
        return EXIT_OK

    return with_log(folder, work, writes=True)
