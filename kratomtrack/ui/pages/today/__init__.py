"""Today: the day editor (date bar, dose entry, the day's doses, the check-in column)."""
