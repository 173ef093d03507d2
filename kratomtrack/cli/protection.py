"""The passphrase on the command line: unlocking a protected log for any
subcommand, and ``protect``, ``unprotect`` and ``passphrase``.

The passphrase comes from KRATOMTRACK_PASSPHRASE, else it is asked for
without echo. A wrong one exits 2 with a message and changes nothing. The
three commands that re-key the log run only while no window has it open
(store/log_owner.py); else they exit 2 and change nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_INVALID, EXIT_OK, as_owner_of_the_log, fail

NEW_PASSPHRASE_ENV = "KRATOMTRACK_NEW_PASSPHRASE"


def add_parsers(sub, data_dir) -> None:
    protect = sub.add_parser(
        "protect", parents=[data_dir], help="protect the log and its backups with a passphrase",
        description="Encrypt the log and every backup with a passphrase (SQLCipher). Prints a "
                    "recovery key once: without the passphrase or that key the log cannot be "
                    "read by anyone, you included. The passphrase comes from "
                    "KRATOMTRACK_PASSPHRASE or is asked for twice without echo.")
    protect.set_defaults(run=run_protect)
    unprotect = sub.add_parser(
        "unprotect", parents=[data_dir], help="turn passphrase protection off",
        description="Decrypt the log and its backups back to plain files.")
    unprotect.set_defaults(run=run_unprotect)
    change = sub.add_parser(
        "passphrase", parents=[data_dir], help="change the passphrase",
        description="Change the passphrase of a protected log (the recovery key stays the "
                    f"same). The new one comes from {NEW_PASSPHRASE_ENV} or is asked for "
                    "twice without echo.")
    change.set_defaults(run=run_change)


def unlock_if_protected(folder: Path, command: str | None) -> int | None:
    """Unlock a protected log before a subcommand runs; an exit status if that failed."""
    from kratomtrack.store import cipher, rekeying
    from kratomtrack.store.cipher import has_sqlite_header
    from kratomtrack.store.location import db_path

    tidied = rekeying.finish_interrupted(folder)  # before anything reads the log
    if tidied:
        print(f"kratomtrack: {tidied}", file=sys.stderr)
    log = db_path(folder)
    # 'dose' unlocks only when it writes the log itself (cli/dose.py): handed to the open
    # window, the dose needs no passphrase.
    if command in ("where", "protect", "dose") or not log.exists() or has_sqlite_header(log):
        return None
    from kratomtrack.store import protection

    if not protection.is_protected(folder) and not os.environ.get(protection.PASSPHRASE_ENV):
        return None  # a foreign file: opening it says so
    try:
        protection.check_cipher()  # before the passphrase is asked for
    except cipher.UnsupportedCipherError as err:
        return fail(str(err))
    secret = os.environ.get(protection.PASSPHRASE_ENV) or _ask("Passphrase (or recovery key): ")
    if not secret:
        return fail(f"your log is protected: give its passphrase in {protection.PASSPHRASE_ENV} "
                    "or run the command in a terminal to be asked for it")
    try:
        protection.unlock(folder, secret)
    except protection.WrongPassphraseError as err:
        return fail(str(err), EXIT_INVALID)
    return None


@as_owner_of_the_log("protect")
def run_protect(args, folder: Path) -> int:
    from kratomtrack.store import protection, rekeying
    from kratomtrack.store.cipher import UnsupportedCipherError

    if protection.is_protected(folder):
        return fail("your log is already protected; 'kratomtrack passphrase' changes the passphrase")
    try:
        protection.check_cipher()
        protection.check_room_to_protect(folder)  # before a passphrase is typed
        passphrase = os.environ.get(protection.PASSPHRASE_ENV) or _ask_new()
        if passphrase is None:
            return fail("the two passphrases differ; nothing was changed")
        protection.check_passphrase(passphrase)
    except (protection.ProtectionError, UnsupportedCipherError) as err:
        return fail(str(err))
    key = protection.new_key()
    # The key is shown before anything is encrypted: a protect cut off after
    # encrypting must never leave a log that only an unseen key opens.
    print("Your recovery key (shown only this once) opens your log if the passphrase is lost;\n"
          "print it or write it down and keep it somewhere safe, away from this computer:\n\n"
          f"    {protection.recovery_text(key)}\n\n"
          "Encrypting your log and its backups...", flush=True)
    try:
        protection.protect(folder, passphrase, key=key)
    except (protection.ProtectionError, UnsupportedCipherError) as err:
        if rekeying.journal_path(folder).exists():  # cut off while renaming: finished later
            return fail(f"{err} Keep the recovery key above: it opens your log.")
        return fail(f"{err} The recovery key above opens nothing; protect again to get a new one.")
    print("Your log and its backups are now protected with your passphrase.\n"
          "Without the passphrase or the recovery key they cannot be read by anyone, you "
          f"included.\n{protection.PLAIN_FILES_NOTE}")
    return EXIT_OK


@as_owner_of_the_log("unprotect")
def run_unprotect(args, folder: Path) -> int:
    from kratomtrack.store import protection

    try:
        protection.unprotect(folder)
    except protection.ProtectionError as err:
        return fail(str(err))
    print("Protection is off: your log and its backups are plain files again.")
    return EXIT_OK


@as_owner_of_the_log("passphrase")
def run_change(args, folder: Path) -> int:
    from kratomtrack.store import protection

    if not protection.is_protected(folder):
        return fail("your log is not protected; 'kratomtrack protect' turns protection on")
    passphrase = os.environ.get(NEW_PASSPHRASE_ENV) or _ask_new()
    if passphrase is None:
        return fail("the two passphrases differ; nothing was changed")
    try:
        protection.change_passphrase(folder, passphrase)
    except protection.ProtectionError as err:
        return fail(str(err))
    print("Your passphrase was changed; the recovery key still opens the log.")
    return EXIT_OK


def _ask(prompt: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        return ""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return ""


def _ask_new() -> str | None:
    first = _ask("New passphrase: ")
    if not first:
        return ""
    return first if _ask("The same passphrase again: ") == first else None
