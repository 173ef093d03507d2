"""The summary for a doctor as figures (plain Python): build.py assembles the Summary from
glance.py (the range's figures), now.py (page 1's Now, flags, withdrawal), pain.py, and
as_json.py writes it as JSON. kratomtrack.report turns it into pages."""
