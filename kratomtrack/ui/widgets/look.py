"""How text looks in the window: headings, muted hints, refusal messages, "show more" toggles.

Everything follows the current palette (light or dark, set by the system),
so nothing here hard-codes a colour except the refusal text, which is picked
to be readable on the palette's background.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QWidget

from kratomtrack.ui.widgets.accessible import Expander, without_mnemonic


def heading(label: QLabel, scale: float = 1.25) -> QLabel:
    """A section heading: larger and bold, in the normal text colour."""
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(without_mnemonic(label.text()))  # "&Pain" is read "Pain"
    return label


def muted(label: QLabel) -> QLabel:
    """Secondary text (hints, scale ends) in the palette's placeholder colour."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def is_dark(widget) -> bool:
    """Whether ``widget`` (or the application) has a dark window colour."""
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def refusal_colour(widget: QWidget) -> QColor:
    """The colour of text that says why a value was refused, or that a record
    cannot be read.

    A red readable on the background (contrast above 4.5:1 on Fusion's light
    and dark windows); the text itself always says what is wrong, so colour
    is never the only signal.
    """
    return QColor("#ff9e9e" if is_dark(widget) else "#a4161a")


def refusal_style(widget: QWidget) -> str:
    """Style sheet for refusal text (refusal_colour)."""
    return f"color: {refusal_colour(widget).name()};"


WARNING_SIGN = "\u26a0"  # beside what cannot be read; the words always say it too


def findings_label() -> QLabel:
    """A hidden label for show_findings: wrapped, its text selectable."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def findings_tooltip(findings) -> str:
    """Findings (store/integrity.py), one bulleted line each."""
    return "\n".join("\u2022 " + finding for finding in findings)


def show_findings(label: QLabel, text: str, findings) -> None:
    """Say ``text`` (what cannot be read) in the refusal colour with the warning
    sign, each finding in the tooltip; hidden when there are no findings."""
    label.setVisible(bool(findings))
    if findings:
        label.setStyleSheet(refusal_style(label))
        label.setText(WARNING_SIGN + " " + text)
        label.setToolTip(findings_tooltip(findings))


def refuse_typed(problem: QLabel, message: str, field: QLineEdit | None = None) -> None:
    """Say in ``problem`` why what was typed is refused; the field at fault (if
    any) gets its text selected and the focus, to be typed again at once."""
    problem.setText(message)
    problem.show()
    if field is not None:
        field.selectAll()
        field.setFocus()


def toggle_button(text: str) -> QToolButton:
    """A "show more" button with an arrow that points down when open (read as
    expanded or collapsed: ui/widgets/accessible.py)."""
    return Expander(text)


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def chosen_colours(widget: QWidget) -> tuple[QColor, QColor]:
    """(text, background) for a chosen value, from the palette's Highlight: the
    text reads on it at 4.5:1 and it stands out from the window at 3:1.

    In a light window, HighlightedText on Highlight darkened as needed; in a
    dark one, the window's own dark colour on Highlight lightened as needed
    (a dark fill would vanish into a dark window).
    """
    palette = widget.palette()
    window = palette.color(QPalette.ColorRole.Window)
    back = palette.color(QPalette.ColorRole.Highlight)
    dark_window = window.lightness() < 128
    text = window if dark_window else palette.color(QPalette.ColorRole.HighlightedText)
    for _ in range(30):
        if contrast(text, back) >= 4.5 and contrast(back, window) >= 3:
            break
        back = back.lighter(112) if dark_window else back.darker(112)
    return text, back


# The object name of a "not rated" / "Not recorded" choice: checked, it is not a rating,
# so it is not marked like one (a marked "not rated" read as a rated side effect).
UNRATED = "unrated"


def chosen_style(widget: QWidget) -> str:
    """Style sheet of the one checked radio button of a row that is a rating: it
    stands out unmistakably (light and dark palettes), Highlight background and
    bold text. A checked "not rated" stays plain (it carries no style sheet)."""
    text, back = chosen_colours(widget)
    return (f"QRadioButton {{ background: {back.name()}; color: {text.name()}; "
            "font-weight: bold; border-radius: 4px; padding: 1px 3px; }")


class MarksChosen:
    """Mixin for a QWidget of radio rows (QButtonGroups): the checked rating of
    each row is marked by chosen_style, again whenever the palette changes (a
    switch to a dark theme).

    The style sheet sits on the checked button alone: one on the whole widget
    put its eighty-odd buttons through Qt's style-sheet styling at every start
    (about 4 ms of the window's start, benchmarks/bench_window.py).
    """

    def mark_chosen_in(self, group) -> None:
        """Keep ``group``'s checked button marked from now on."""
        group.buttonToggled.connect(self._mark_toggled)

    def _mark_toggled(self, button: QWidget, checked: bool) -> None:
        if checked and button.objectName() != UNRATED:
            button.setStyleSheet(chosen_style(self))
        elif not checked and button.styleSheet():
            button.setStyleSheet("")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            from PySide6.QtWidgets import QRadioButton

            style = chosen_style(self)
            for button in self.findChildren(QRadioButton):
                if button.styleSheet():
                    button.setStyleSheet(style)
