"""The log on disk: one SQLite file, read and written with Python's sqlite3 module. No Qt.

sqlite-utils makes and rebuilds tables in migrations (``create()``,
``transform()``) and does the bulk writes of an import (``insert_all``), all
inside our transactions, through ``schema.sqlite_utils_db``. Everything else
on the window's path (opening an up-to-date log, a dose saved, History's rows)
is a handful of fixed SQL statements on the plain connection: importing
sqlite-utils loads numpy and would cost the window's start 0.2 to 0.4 s.

Layers, lowest first: sqlite_file (the file, its connections, errors in
plain words) and schema; backups (make, list, check, prune); opening (open
a log safely: check, refuse, back up, migrate); restore; database (reads
and writes); and the modules for one kind of record each on top.
"""
