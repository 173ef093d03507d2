"""A dose from ``kratomtrack dose`` while this window holds the log (cli/dose.py).

The command reaches the window over its local socket (ui/app/single_instance.py)
and the window saves the dose as one typed on Today: read and checked as the
command would (core/quick_dose.py), saved with a command on the window's undo
stack, so Today shows it at once and Edit → Undo takes it back. The typo
guard's question cannot be asked of a command line: it is a refusal that the
command's ``--yes`` answers. A locked window takes no dose.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.quick_dose import DoseRequest, not_saved_words, prepare_dose
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.store.recent_doses import last_dose
from kratomtrack.store.window_address import request_of
from kratomtrack.ui.commands.log_commands import AddDose
from kratomtrack.ui.commands.log_editor import SaveFailed


def take_dose_request(window, line: bytes) -> tuple[bool, str]:
    """Save the dose a ``dose`` line asks for in ``window`` (a MainWindow); (saved, words to print)."""
    try:
        request = DoseRequest.from_dict(request_of(line))
    except FieldError as err:
        return False, f"Not saved: the window could not read the dose ({err.problem.message})."
    lock = window.idle_lock
    if lock is not None and lock.locked:
        return False, "kratomtrack is locked: unlock it in its window, then try again. Nothing was saved."
    db = window.db
    now = dt.datetime.now()
    try:
        prepared = prepare_dose(request, last_dose(db, now), db.doses_on(now.date()), now)
    except InvalidRecord as err:
        return False, not_saved_words(err)
    if prepared.needs_confirmation and not request.yes:
        return False, prepared.question()
    try:
        window.editor.apply(AddDose(db, prepared.dose))
    except InvalidRecord as err:
        return False, not_saved_words(err)
    except SaveFailed as err:
        return False, f"Not saved: {err.message}"
    return True, (prepared.saved_words("Logged in the open window:")
                  + " Edit \u2192 Undo there takes it back.")
