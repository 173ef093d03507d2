"""The log on disk: one SQLite file, read and written with Python's sqlite3 module. No Qt.

Plain SQL, not sqlite-utils: the store needs a handful of fixed
statements, and importing sqlite-utils (it loads numpy) would cost the
window's start-up about 0.2 s. Nothing in the package imports it.

Layers, lowest first: sqlite_file (the file, its connections, errors in
plain words) and schema; backups (make, list, check, prune); opening (open
a log safely: check, refuse, back up, migrate); restore; database (reads
and writes); and the modules for one kind of record each on top.
"""
