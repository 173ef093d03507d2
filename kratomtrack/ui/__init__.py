"""The desktop window: Qt widgets, models and dialogs over core and store."""
