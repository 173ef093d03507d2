"""The log on disk: one SQLite file, read and written through sqlite-utils. No Qt."""
