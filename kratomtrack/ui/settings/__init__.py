"""What this computer keeps for the window in QSettings (window.py) and the reminders' settings (reminders.py): never health records, which live in the log."""
