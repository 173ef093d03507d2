"""The window's dialogs: settings, summary, restore, shortcuts, check-ups, import and export, about."""
