"""The log on disk: one SQLite file, read and written with Python's sqlite3 module. No Qt.

sqlite-utils does the bulk writes of an import (``LogDatabase.tables``,
``insert_all`` inside the import's transaction). Everything on the window's
path (opening, a dose saved, History's rows) is a handful of fixed SQL
statements on the plain connection: importing sqlite-utils loads numpy and
would cost the window's start about 0.2 s.

Layers, lowest first: sqlite_file (the file, its connections, errors in
plain words) and schema; backups (make, list, check, prune); opening (open
a log safely: check, refuse, back up, migrate); restore; database (reads
and writes); and the modules for one kind of record each on top.
"""
