"""The ``kratomtrack`` command's arguments: every subcommand, with the function that runs it."""

from __future__ import annotations

from kratomtrack import __version__
from kratomtrack.cli.background import add_parser as add_background_parser  # background [set]
from kratomtrack.cli.backups import run_backup, run_restore
from kratomtrack.cli.check import run_check
from kratomtrack.cli.day import add_parser as add_day_parser  # day DATE --no-kratom|--clear
from kratomtrack.cli.demo import run_demo
from kratomtrack.cli.dose import add_parser as add_dose_parser  # dose 2.5 [--form …]
from kratomtrack.cli.limits import DEMO_DAYS, PAST_DAY
from kratomtrack.cli.log_access import run_where
from kratomtrack.cli.patterns import add_commands  # patterns, plan show|set|end
from kratomtrack.cli.protection import add_parsers as add_protection_parsers
from kratomtrack.cli.report import run_report
from kratomtrack.cli.sheet_options import add_sheet_options  # import --map, --date-order, ...
from kratomtrack.cli.sync import add_parser as add_sync_parser  # sync setup|now|status|leave
from kratomtrack.cli.transfer import run_export, run_import
from kratomtrack.cli.warning import run_warning

DESCRIPTION = """\
kratomtrack keeps a private, offline daily record of kratom use, pain and
side effects. Run it without a subcommand to open the window. The log is one
SQLite file, kratomtrack.db, in the data folder ('kratomtrack where' shows
it). kratomtrack records what you did; it gives no dosing advice."""


def build_parser():
    import argparse  # here: the window's start (window_only) never needs it

    class SubcommandParser(argparse.ArgumentParser):
        """A subcommand's parser answers an argument it does not know itself,
        with its own usage: argparse hands such arguments up to the top
        parser, whose usage says nothing about the subcommand's options."""

        def parse_known_args(self, args=None, namespace=None):
            namespace, extras = super().parse_known_args(args, namespace)
            if extras:
                self.error(f"unrecognized arguments: {' '.join(extras)}")
            return namespace, extras

    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help="use the log in DIR instead of the usual data folder "
             "(also: environment variable KRATOMTRACK_DATA_DIR)",
    )
    parser = argparse.ArgumentParser(
        prog="kratomtrack", description=DESCRIPTION, parents=[data_dir],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kratomtrack {__version__}")
    parser.add_argument(
        "--self-test", action="store_true",
        help="open the data folder and the window, check the app works, close it and "
             "exit (0 if every check passed)",
    )
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=SubcommandParser)

    where = sub.add_parser("where", parents=[data_dir], help="print the data folder in use",
                           description="Print the folder that holds kratomtrack.db.")
    where.set_defaults(run=run_where)

    imp = sub.add_parser(
        "import", parents=[data_dir], help="import doses or check-ins from CSV, JSON or spreadsheet files",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Import CSV or JSON files into the log. The kind of each file is recognised
from its header or content:
  doses CSV      header taken_at,grams,form,product,notes
  check-ins CSV  header date,pain,<one column per side effect>,notes
  JSON           a whole log written by 'kratomtrack export --format json'
  Herbal Tracker+ CSV export or JSON backup (also Kratom Tracker 1.0)
  PsychonautWiki Journal JSON export (your own kratom ingestions)
  Track & Graph CSV export (name the features: --grams-feature, --pain-feature)
  a spreadsheet of your own: CSV, .xlsx or .ods, through --map (see below)
It first prints what each file holds and what is skipped or converted.
All or nothing: if any row of any file is invalid, nothing is written and
every bad row is listed (exit status 2). Doses already in the log are
skipped, so importing a file twice changes nothing. A check-in for a date
that already has a different one is a conflict and is left unchanged
(exit status 1) unless --replace is given; --replace first makes a backup
of the log in the backups folder.

A file of doses alone (Herbal Tracker+, PsychonautWiki Journal, Track &
Graph, a doses CSV without check-ins) does not say whether the days without
a dose were days without kratom, so they stay not logged (unknown). If they
were, give --days-without-doses no-kratom: every day from the first to the
last dose day in the files that has no dose in them and nothing in your log
is marked "no kratom", in the same all-or-nothing import. A file that marks
a day "no kratom" which has a dose is refused.""")
    imp.add_argument("files", nargs="+", metavar="FILE", help="CSV, JSON, .xlsx or .ods files")
    imp.add_argument("--replace", action="store_true",
                     help="overwrite conflicting check-ins with the file's")
    imp.add_argument("--grams-feature", metavar="NAME",
                     help="Track & Graph: the feature that holds grams")
    imp.add_argument("--pain-feature", metavar="NAME",
                     help="Track & Graph: the feature that holds pain 0-10")
    imp.add_argument("--days-without-doses", type=str.lower, choices=("no-kratom", "unknown"),
                     default="unknown", metavar="no-kratom|unknown",
                     help="files of doses alone: were the days without a dose days without kratom? "
                          "(default unknown: leave them not logged)")
    imp.add_argument("--semicolons", action="store_true",
                     help="read a kratomtrack CSV re-saved with ';' separators and decimal commas")
    add_sheet_options(imp)
    imp.set_defaults(run=run_import)

    exp = sub.add_parser(
        "export", parents=[data_dir], help="export the whole log as CSV or JSON",
        description="Write the whole log: --format csv -o DIR writes DIR/doses.csv and "
                    "DIR/checkins.csv; --format json -o FILE writes one JSON file that "
                    "'kratomtrack import' reads back exactly.")
    exp.add_argument("--format", type=str.lower, choices=("csv", "json"), required=True)
    exp.add_argument("-o", "--output", required=True, metavar="PATH",
                     help="a folder for csv, a file for json")
    exp.set_defaults(run=run_export)

    demo = sub.add_parser(
        "demo", parents=[data_dir], help="fill an empty data folder with an invented demo log",
        description="Fill a data folder with a realistic, clearly labelled demo log (products "
                    "named 'Demo …'), for trying the app. Refuses a folder that already holds "
                    "a log; use --data-dir to make one elsewhere.")
    demo.add_argument("--days", type=DEMO_DAYS, default=120, metavar="N",
                      help="days of history, 1 to 36600 (default 120)")
    demo.add_argument("--today", type=PAST_DAY, metavar="YYYY-MM-DD",
                      help="last day of the demo, 1970-01-01 to today (default today)")
    demo.set_defaults(run=run_demo)

    warning = sub.add_parser(
        "warning", parents=[data_dir], help="show the dependence warning and safety alerts",
        description="Show whether the dependence warning is on (frequent AND rising use, as in "
                    "the window's banner), which conditions held with your figures, which could "
                    "not be judged and why (days with nothing logged are left out, never counted "
                    "as 0 g), and any safety alerts. The thresholds are conventions, not medical "
                    "cut-offs; change them in the window's settings.")
    warning.add_argument("--today", type=PAST_DAY, metavar="YYYY-MM-DD",
                         help="judge as of this day, 1970-01-01 to today (default today)")
    warning.add_argument("--json", action="store_true",
                         help="print a JSON object (level, conditions, figures, supporting, alerts)")
    warning.set_defaults(run=run_warning)
    report = sub.add_parser(
        "report", parents=[data_dir], help="write the summary for a doctor as a PDF (or its figures as JSON)",
        description="Write the summary for a doctor (the same document as File > Print summary) "
                    "for a range of days as a PDF. Without --from and --to it covers the last "
                    "90 days. --format json writes every figure and chart series of the same "
                    "summary to one JSON file instead. The figures are what was logged; the "
                    "summary gives no dosing advice.")
    report.add_argument("--from", dest="start", type=PAST_DAY, metavar="YYYY-MM-DD",
                        help="first day, 1970-01-01 to today (default: 89 days before --to)")
    report.add_argument("--to", dest="end", type=PAST_DAY, metavar="YYYY-MM-DD",
                        help="last day, 1970-01-01 to today (default: today)")
    report.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the file to write (.pdf, or .json with --format json)")
    report.add_argument("--format", type=str.lower, choices=("pdf", "json"), default="pdf",
                        help="pdf (default): the printed summary; json: its figures and chart series")
    report.add_argument("--name", default="", help="a name to print on every page (optional)")
    report.add_argument("--paper", type=str.lower, choices=("a4", "letter"),
                        help="paper size (default: from the locale)")
    report.add_argument("--day-table", action=argparse.BooleanOptionalAction, default=None,
                        help="add the day-by-day table (default: only for ranges up to 90 days)")
    report.add_argument("--sections", metavar="NAMES",
                        help="comma-separated sections to print: now, flags, pain, side-effects, withdrawal, "
                             "dependence, patterns, plan, background, notes, charts, table (default: all; table as --day-table says)")
    report.set_defaults(run=run_report)
    backup = sub.add_parser(
        "backup", parents=[data_dir], help="back up the log now, or list the backups",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Make a backup of the log now in the 'backups' folder of the data folder,
checked with SQLite's integrity check. kratomtrack also makes one by itself
on the first start of each day and before every upgrade of the log, restore
and 'import --replace'. It keeps everything from the last 24 hours and the
newest backup of each of the last 7 days, 4 weeks and 12 months, and never
deletes the newest good one. --list shows the backups with their date and
how many days and doses each holds, from both places.

A second backup folder (a USB disk, a folder a sync program copies to
another computer) keeps a copy off this computer's disk: once chosen with
--second-folder, each day's backup and each one made with 'kratomtrack
backup' is copied there too (into kratomtrack-backups/COMPUTER/backups, kept
by the same rules; encrypted when the log is protected, with its key file
beside, so the passphrase opens it on another computer). --to FOLDER makes
one backup and copies it to FOLDER once. A folder that is not there (a disk
not plugged in) is said, and exit status is 2; the backup in the data folder
is made all the same.""")
    choice = backup.add_mutually_exclusive_group()
    choice.add_argument("--list", action="store_true",
                        help="list the backups in both places (newest first) instead of making one")
    choice.add_argument("--to", metavar="FOLDER",
                        help="make a backup and copy it to FOLDER this once")
    choice.add_argument("--second-folder", metavar="FOLDER",
                        help="choose FOLDER as the second backup folder, and copy the newest backup there")
    choice.add_argument("--no-second-folder", action="store_true",
                        help="stop copying backups to a second folder (the copies there are kept)")
    backup.set_defaults(run=run_backup)

    restore = sub.add_parser(
        "restore", parents=[data_dir], help="replace the log with a backup",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Replace the log with the backup FILE (a path, or a file name from
'kratomtrack backup --list', in the data folder or the second backup
folder). A protected backup from another computer's second folder is
restored into a data folder with no log yet, with the passphrase of the log
it was made from. FILE is checked in full first; a damaged or
foreign file is refused and nothing changes (exit status 2). The log as it
is now is backed up first, so a restore can itself be undone by restoring
that backup. A damaged log that cannot be backed up is moved into the
backups folder as 'set-aside-…', never deleted. A backup whose records the
whole-log check (as 'kratomtrack check') finds damaged is refused too, unless
--even-if-damaged is given.""")
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    restore.add_argument("--even-if-damaged", action="store_true",
                         help="restore the backup even though the whole-log check finds it damaged")
    restore.set_defaults(run=run_restore)

    check = sub.add_parser(
        "check", parents=[data_dir], help="check the whole log for damage",
        description="Check the log in full without changing it: its header, SQLite's integrity "
                    "check (and SQLCipher's, for a protected log), its -wal file, and a read of "
                    "every record and setting as kratomtrack reads them. Prints what was found "
                    "and the newest healthy backup. Exit status 0 when the log is healthy, 3 "
                    "when anything was found.")
    check.set_defaults(run=run_check)

    add_dose_parser(sub, data_dir)
    add_day_parser(sub, data_dir)
    add_background_parser(sub, data_dir)
    add_commands(sub, data_dir)
    add_protection_parsers(sub, data_dir)
    add_sync_parser(sub, data_dir)
    return parser
