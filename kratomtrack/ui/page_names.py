"""The window's pages by name, in tab order (the window and the shortcuts list both use them)."""

PAGE_NAMES = ("today", "history", "trends")
