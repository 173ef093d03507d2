"""The log's records, their validation and the figures computed from them.

Plain Python: no Qt, no SQL, so that every rule here is testable without a
window or a database.
"""
