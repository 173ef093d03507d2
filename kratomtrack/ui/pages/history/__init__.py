"""The History page: every logged day in a table (page.py, model.py) and the check-ups of the range (checkups.py)."""
