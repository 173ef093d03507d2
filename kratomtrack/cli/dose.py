"""``kratomtrack dose 2.5 [--form …] [--product …] [--at HH:MM] [--yes]``: log a dose
now, for a launcher or a keyboard shortcut of the desktop.

The same reading and checks as Today (core/quick_dose.py): the amount as
people type it ("2,5" where the system writes a decimal comma, "2.5 g",
"15 mg" for a 7-OH product), the form and product of the last dose unless
given, the time now unless ``--at`` gives an earlier one today. The typo
guard's "Is this right?" is a refusal here, in words, that ``--yes`` answers.

One owner of the log (store/log_owner.py): the command holds the log while
it writes its dose. While the window holds it, the dose is handed to the
window over its local socket (cli/window_handoff.py) and the window saves it
as a dose typed on Today: shown there at once, on its undo list. A window
that does not answer (frozen, or locked) is not written beside: the dose is
refused in words.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_OK, cannot_use_log, fail, log_errors, open_for_writing

NO_ANSWER = ("kratomtrack is open on this log but its window did not answer. Log the dose in the "
             "window (Today, or \u201cLog a dose\u2026\u201d on its tray icon); if the window was busy, "
             "look at Today there first, in case it was saved.")


def add_parser(sub, data_dir: argparse.ArgumentParser) -> None:
    dose = sub.add_parser(
        "dose", parents=[data_dir], help="log a dose now (for a launcher or a keyboard shortcut)",
        description="Log a dose taken now (or earlier today with --at), as Today's dose form does: "
                    "the form and product are the last dose's unless given. AMOUNT is grams as you "
                    "type them (2.5, 2,5 where decimals are written with a comma, 2.5 g), or "
                    "milligrams for a 7-OH product (15, 15 mg). An unusually large amount is asked "
                    "about (\"Is this right?\"), and saved only with --yes. With kratomtrack's window "
                    "open on the log, the window saves the dose (Edit > Undo there takes it back). "
                    "kratomtrack records what you did; it gives no dosing advice.")
    dose.add_argument("amount", nargs="+", metavar="AMOUNT", help="2.5, 2,5, 2.5 g; 15 mg for a 7-OH product")
    dose.add_argument("--form", help="powder, capsules, tea, extract, 7-oh or other (default: the last dose's)")
    dose.add_argument("--product", help="the product's name (default: the last dose's; \"\" for none)")
    dose.add_argument("--at", metavar="HH:MM", help="when it was taken today (default: now)")
    dose.add_argument("--yes", action="store_true",
                      help="save an unusually large amount without asking \"Is this right?\"")
    dose.set_defaults(run=run_dose)


def run_dose(args, folder: Path) -> int:
    from kratomtrack.core.quick_dose import DoseRequest
    from kratomtrack.core.typed_amount import decimal_mark_from_environment
    from kratomtrack.store.log_owner import WINDOW, LogInUseError, holder_of, owning_log

    request = DoseRequest(" ".join(args.amount), args.form, args.product, args.at,
                          decimal_mark_from_environment(os.environ), args.yes)
    try:
        with owning_log(folder, "dose"):
            return _log_here(folder, request)
    except LogInUseError as err:
        if holder_of(folder) != WINDOW:  # restore, protect, …: not a dose to hand over
            return fail(str(err))
    return _hand_to_window(folder, request)


def _log_here(folder: Path, request) -> int:
    from kratomtrack.cli.protection import unlock_if_protected
    from kratomtrack.core.quick_dose import not_saved_words, prepare_dose
    from kratomtrack.core.validation import InvalidRecord
    from kratomtrack.store.recent_doses import last_dose

    status = unlock_if_protected(folder, None)
    if status is not None:
        return status
    try:
        with open_for_writing(folder) as db:
            now = dt.datetime.now()
            prepared = prepare_dose(request, last_dose(db, now), db.doses_on(now.date()), now)
            if prepared.needs_confirmation and not request.yes:
                return fail(prepared.question())
            db.add_dose(prepared.dose)
    except InvalidRecord as err:
        return fail(not_saved_words(err))
    except log_errors() as err:
        return cannot_use_log(err, folder)
    print(prepared.saved_words())
    return EXIT_OK


def _hand_to_window(folder: Path, request) -> int:
    from kratomtrack.cli.window_handoff import hand_dose_to_window

    answer = hand_dose_to_window(folder, request.as_dict())
    if answer is None:
        return fail(NO_ANSWER)
    saved, words = answer
    if not saved:
        return fail(words)
    print(words)
    return EXIT_OK
