"""The one way the window changes the log (LogEditor) and the undoable commands it applies."""
