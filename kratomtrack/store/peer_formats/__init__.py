"""Logs kept in other apps, read into kratomtrack's records.

Each peer format has its own module; ``recognise`` picks one by the file's
content (a CSV header, or a JSON's top-level keys). What cannot be stored
(an unknown dose, someone else's ingestion, another substance) is skipped
and counted in the file's notes, so one such row never blocks the rest.
"""
