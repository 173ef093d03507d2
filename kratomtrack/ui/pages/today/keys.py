"""The keys of the Today page, as Help → Keyboard shortcuts lists them (TodayPage.KEYS):
(keys, what they do), both marked for translators under "KeyboardShortcuts"."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

TODAY_KEYS = (
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Enter"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "In a dose field: log the dose, or save the change")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Tab, Shift+Tab"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Next or previous field, in page order")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+G, Alt+I, Alt+R, Alt+T, Alt+O"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to Grams, Time, Form, Product or the dose's Note")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Tab after the grams, or Alt+W"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Pain now with this dose (optional, 0-10), then Enter logs both")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+P, then 0-9"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to Pain and type it (10: type 1 then 0)")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "0-3 or N, M, O, S"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "On a side effect's row: rate it none, mild, moderate or severe, "
                                            "and move to the next row")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+N"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "No other side effects today: rate the rows left “none”")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Enter, Delete"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "In the list of doses: change or remove the selected dose")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+K"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Mark the day shown “no kratom”, or take the mark off")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Esc"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Stop changing a dose without saving the change")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Left, Right"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Along the pain scale or a side effect's row")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Menu key"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "On a side effect's row: hide it from the list")),
    (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+A, Alt+D"),
     QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to “Add a side effect” or the note for the day")),
)
