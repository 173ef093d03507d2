"""The Trends page: charts of the log over a range (page.py), one module per part of it."""
