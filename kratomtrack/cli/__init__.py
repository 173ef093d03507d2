"""The ``kratomtrack`` command: no subcommand opens the window; subcommands run headless.

This module only dispatches: the window starts from ``window_only`` without
building the argument parser (cli/parser.py); each family of subcommands has
its module in this package (transfer, demo, warning, backups, check, day, sync,
patterns and plan, protection, report).
"""

from __future__ import annotations

import sys

from kratomtrack.cli.log_access import EXIT_OK, fail


def window_only(argv: list[str]) -> tuple[bool, str | None]:
    """Whether ``argv`` asks only for the window (no arguments, or just
    ``--data-dir DIR``), and the folder it names.

    The window is started the most often of all; building the full argument
    parser and importing what the subcommands need would delay it.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--data-dir" and argv[1] and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--data-dir=") and argv[0] != "--data-dir=":
        return True, argv[0].removeprefix("--data-dir=")
    return False, None


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    from kratomtrack.store.location import data_dir

    only_window, folder_argument = window_only(argv)
    if only_window:
        folder = data_dir(folder_argument)
        problem = unusable_folder(folder)
        if problem:
            return fail(problem)
        from kratomtrack.ui.app.launch import run_app  # Qt loads only for the window

        return run_app(folder)
    from kratomtrack.cli.parser import build_parser
    from kratomtrack.cli.protection import unlock_if_protected

    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "data_dir", None) == "":
        # Empty would silently mean the usual data folder: the real log.
        return fail("--data-dir needs a folder; it was given an empty one. Nothing was done.")
    folder = data_dir(getattr(args, "data_dir", None))
    problem = unusable_folder(folder)
    if problem:
        return fail(problem)
    if args.self_test:
        if args.command:
            parser.error("--self-test takes no subcommand")
        from kratomtrack.ui.app.self_test import run_self_test

        return run_self_test(folder)
    if args.command is None:
        from kratomtrack.ui.app.launch import run_app  # Qt loads only for the window

        return run_app(folder)
    try:
        status = unlock_if_protected(folder, args.command)
        return status if status is not None else args.run(args, folder)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`... | head -1`); what was
        # done is done (an import has committed). Say nothing more.
        _silence_stdout()
        return EXIT_OK


def unusable_folder(folder) -> str:
    """Why the data folder cannot be used, in words; '' when it can (or does not exist yet)."""
    from kratomtrack.store.location import path_length_problem

    too_long = path_length_problem(folder)
    if too_long:
        return f"the data folder's path is too long: {too_long}. Give --data-dir a shorter one. Nothing was done."
    try:
        is_file = folder.exists() and not folder.is_dir()
    except OSError as err:
        return f"the data folder {folder} cannot be looked at ({err.strerror}). Nothing was done."
    if is_file:
        return f"{folder} is a file, not a folder; give --data-dir a folder (it is created if needed)"
    return ""


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
