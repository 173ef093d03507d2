"""What the print system did with a job: CUPS asked through its own command-line tools.

Qt hands a job to CUPS and reports nothing back: a queue that refuses jobs,
a queue deleted or a stopped print service all look like success to it.
After Qt has sent the pages, ``follow_job`` looks for the job in the queue
with ``lpstat`` (CUPS's public client, in every CUPS install: cups-client on
Debian) and, if it is not there, asks the print system why, in words.

Why ``lpstat`` and not pycups: pycups has no wheels (it is compiled against
libcups' headers at install) and would be a dependency for four questions
that ``lpstat`` answers; ``lpstat`` is there wherever a CUPS queue is. It runs
in the C locale so that its answers can be read. Nothing here touches Qt:
it runs in a worker thread, never the window's.
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import time
from dataclasses import dataclass

LPSTAT_SECONDS = 10.0  # one lpstat call; a print service that hangs is a service that failed
FOLLOW_SECONDS = 5.0  # Qt has sent the job when painting ends; CUPS lists it at once
POLL_SECONDS = 0.2


class PrintSystemDown(Exception):
    """The print service (cupsd) does not answer."""


class QueueMissing(Exception):
    """No queue of that name (deleted, or never there)."""


@dataclass(frozen=True)
class Outcome:
    sent: bool
    words: str  # for the person: "Sent to PDF." or why not
    job: str = ""  # CUPS's job id, e.g. "PDF-12", when sent


def have_lpstat() -> bool:
    return shutil.which("lpstat") is not None


def _lpstat(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LC_ALL="C", LANG="C", LANGUAGE="")
    try:
        return subprocess.run(["lpstat", *args], capture_output=True, text=True, env=env,
                              timeout=LPSTAT_SECONDS, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as err:
        raise PrintSystemDown("the print service did not answer") from err


def _raise_for(result: subprocess.CompletedProcess) -> None:
    said = (result.stderr or result.stdout).strip()
    if "Invalid destination" in said or "does not exist" in said:
        raise QueueMissing(said)
    if result.returncode != 0 and ("connect" in said.lower() or "scheduler" in said.lower()
                                   or "No such file" in said or "Bad file descriptor" in said):
        raise PrintSystemDown(said)


def service_running() -> bool:
    """Whether CUPS's scheduler answers (False also where lpstat is not installed)."""
    if not have_lpstat():
        return False
    try:
        said = _lpstat("-r").stdout
    except PrintSystemDown:
        return False
    return "scheduler is running" in said


def job_numbers(queue: str, user: str | None = None) -> list[int]:
    """The numbers of the jobs the queue knows (kept history included), of ``user`` if given."""
    result = _lpstat("-W", "all", "-o", queue)
    _raise_for(result)
    if result.returncode != 0 and not result.stdout.strip():
        raise PrintSystemDown(result.stderr.strip() or "lpstat failed")
    numbers = []
    for line in result.stdout.splitlines():
        fields = line.split()
        if not fields or line[:1].isspace():
            continue
        name, _, number = fields[0].rpartition("-")
        if name == queue and number.isdigit() and (user is None or fields[1:2] == [user]):
            numbers.append(int(number))
    return numbers


def queue_problem(queue: str) -> str:
    """Why the queue cannot take a job, in words; '' when it can."""
    if not service_running():
        return ("the print service (CUPS) is not running on this computer, so nothing was "
                "printed. Save the summary as a PDF instead, or start the print service and "
                "print again.")
    try:
        result = _lpstat("-a", queue)
        _raise_for(result)
    except QueueMissing:
        return f"the printer \u201c{queue}\u201d no longer exists on this computer."
    except PrintSystemDown:
        return "the print service (CUPS) stopped answering, so nothing was printed."
    said = result.stdout
    if "not accepting" in said:
        reason = " ".join(line.strip() for line in said.splitlines()[1:] if line.strip())
        because = f" (it says: {reason})" if reason else ""
        return f"the printer \u201c{queue}\u201d is refusing new jobs{because}."
    return ""


def paused_note(queue: str) -> str:
    """A sentence when the queue holds jobs instead of printing them; '' otherwise."""
    try:
        result = _lpstat("-p", queue)
    except PrintSystemDown:
        return ""
    if " disabled " in f" {result.stdout} ":
        return (" The printer is paused, so the summary waits in its queue until the printer "
                "is turned back on.")
    return ""


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid
        return str(os.getuid())


def last_job(queue: str) -> int:
    """The highest job number the queue knows before a job is sent (0: none or no answer)."""
    try:
        return max(job_numbers(queue), default=0)
    except (PrintSystemDown, QueueMissing):
        return 0


def follow_job(queue: str, after: int, *, seconds: float = FOLLOW_SECONDS) -> Outcome:
    """After Qt has sent the pages to ``queue``: the job the print system accepted (a job of
    this user numbered above ``after``), or why there is none, in words."""
    if not have_lpstat():
        return Outcome(True, f"Sent to {queue}. This computer cannot tell whether the print "
                             "system accepted it (CUPS's lpstat is not installed).")
    user = current_user()
    deadline = time.monotonic() + seconds
    while True:
        try:
            mine = [n for n in job_numbers(queue, user) if n > after]
        except (PrintSystemDown, QueueMissing):
            break  # no job can be there: say why
        if mine:
            job = f"{queue}-{min(mine)}"
            return Outcome(True, f"Sent to {queue}.{paused_note(queue)}", job)
        if time.monotonic() >= deadline:
            break
        time.sleep(POLL_SECONDS)
    problem = queue_problem(queue) or "the print system did not take the job and gave no reason."
    return Outcome(False, f"Not printed: {problem}")
