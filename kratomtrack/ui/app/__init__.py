"""Starting and keeping the window: start-up, the main window, single instance, self-test, translations, window settings."""
