"""The strip above the pages: red-flag and concentrate alerts, the dependence warning, the interaction caution.

Every message carries an icon and words, never colour alone. Everything shown
comes from store.safety_status.safety_status, the same function the
``kratomtrack warning`` command prints, so window and command agree.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.safety import (
    NEUTRAL_RISK_SENTENCE,
    WARNING_EXPLANATION,
    WARNING_HEADLINE,
    WHAT_TO_DO,
    SafetyStatus,
    country_for_locale,
)
from kratomtrack.core.warning.words import THRESHOLDS_ARE_CONVENTIONS
from kratomtrack.store import preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.safety_status import dismiss_concentrate_alert, dismiss_warning, safety_status
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.look import toggle_button
from kratomtrack.ui.widgets.message_box import MessageBox, paragraph, rich_label
from kratomtrack.ui.wording import escape, fill

SETTINGS_LINK = "kratomtrack:settings"
# The strip above the pages shows at least this many lines of the banner.
MIN_BANNER_LINES = 6
# The start's messages are said once more as coming into view this long after they
# are first shown (_show_again_to_screen_readers): Orca needs the window up by then.
SHOWN_AGAIN_AFTER_MS = 1500


def system_help_country() -> str:
    """The help-line country of the system locale (used until the person picks one)."""
    return country_for_locale(QLocale.system().name())


def bullets(lines) -> str:
    return "<ul style='margin-left: -20px'>" + "".join(
        f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


class DismissedIndicator(QWidget):
    """One small line: "Dependence warning dismissed until …" and "Show"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("warning_dismissed")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        row.addWidget(self.title)
        self.show_again_button = QToolButton()
        self.show_again_button.setText(self.tr("Show it again"))
        self.show_again_button.setAccessibleName(self.tr("Show the dismissed dependence warning again"))
        row.addWidget(self.show_again_button)


class WarningBanner(QWidget):
    """Alerts, the dependence warning and the interaction caution, in that order.

    Call ``update_from(db, today)`` whenever the log changes; the banner
    hides itself when there is nothing to show. ``dismissed`` is emitted
    after the person dismisses the warning. A message is announced to screen
    readers (its title) when it appears, not again while it stays.
    """

    dismissed = Signal()
    settings_requested = Signal()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # A theme change: each box takes the colours of the new theme. The boxes
            # themselves are not told (their style sheet fixes their own palette).
            for box in self.findChildren(MessageBox):
                box.apply_colours()

    def __init__(self, db: LogDatabase, parent: QWidget | None = None,
                 *, default_country: str | None = None):
        super().__init__(parent)
        self.db = db
        self.default_country = default_country or system_help_country()
        self.status: SafetyStatus | None = None
        self._today: dt.date | None = None
        self._titles_shown: set[tuple[str, str]] = set()  # (kind, title) of the messages on show
        self._shown_to_screen_readers_once = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 1, 6, 1)
        layout.setSpacing(2)

        self.alerts_area = QVBoxLayout()
        self.alerts_area.setSpacing(2)
        layout.addLayout(self.alerts_area)
        self.alert_boxes: list[MessageBox] = []

        self.warning_box = MessageBox("warning", self, compact=True)
        self.why_button = toggle_button(self.tr("Why?"))
        self.why_button.setAccessibleName(self.tr("Why am I seeing this?"))
        self.what_button = toggle_button(self.tr("What can I do?"))
        self.dismiss_button = QToolButton()  # the days are added when shown
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the dependence warning"))
        self.dismiss_button.setObjectName("dismiss_warning")
        self.dismiss_button.clicked.connect(self.dismiss)
        for button in (self.why_button, self.what_button, self.dismiss_button):
            self.warning_box.header.addWidget(button)
        self.why_text = self._detail("why_text")
        self.what_text = self._detail("what_text")
        self.what_text.setContentsMargins(0, 8, 0, 0)
        self.why_button.toggled.connect(self.why_text.setVisible)
        self.why_button.toggled.connect(self.warning_box.text.setVisible)
        self.what_button.toggled.connect(self.what_text.setVisible)
        layout.addWidget(self.warning_box)

        # Dismissed means gone: a small indicator (the window puts it in its
        # status bar) says until when, and brings the warning back.
        self.dismissed_box = DismissedIndicator(self)
        self.show_again_button = self.dismissed_box.show_again_button
        self.show_again_button.clicked.connect(self.show_again)
        self.dismissed_box.setVisible(False)

        self.caution_box = MessageBox("caution", self, compact=True)
        layout.addWidget(self.caution_box)
        layout.addStretch(1)
        self.setVisible(False)

    def _detail(self, name: str) -> QLabel:
        label = rich_label(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.linkActivated.connect(self._link_activated)
        label.setVisible(False)
        self.warning_box.body.addWidget(label)
        self.warning_box.apply_colours()
        return label

    # --- state -----------------------------------------------------------------------

    def update_from(self, db: LogDatabase | None = None, today: dt.date | None = None) -> SafetyStatus:
        """Re-read the log and show what applies on ``today`` (default: the real today)."""
        if db is not None:
            self.db = db
        self._today = today
        status = safety_status(self.db, today or dt.date.today(), default_country=self.default_country)
        self.status = status
        self._show_alerts(status)
        self._show_warning(status)
        self._show_caution(status)
        self.setVisible(status.anything_shown)
        self._announce_new_messages()
        return status

    def _announce_new_messages(self) -> None:
        shown = [(box.kind, box.title.text()) for box in self.shown_messages()]
        new = [title for kind, title in shown if (kind, title) not in self._titles_shown]
        self._titles_shown = set(shown)
        if new:
            announce(self, " ".join(new), ASSERTIVE)
            if not self._shown_to_screen_readers_once:
                self._shown_to_screen_readers_once = True
                QTimer.singleShot(SHOWN_AGAIN_AFTER_MS, self._show_again_to_screen_readers)

    def _show_again_to_screen_readers(self) -> None:
        """The messages on show at the start, said once more as coming into view: Orca
        before 45 ignores announcement events, and reads a notification only when it
        appears after the window is up (the banner is filled right after the first paint)."""
        for box in self.shown_messages():
            QAccessible.updateAccessibility(QAccessibleEvent(box, QAccessible.Event.ObjectShow))

    def shown_messages(self) -> list[MessageBox]:
        """The message boxes on show, top to bottom (none while the banner is hidden)."""
        status = self.status
        if status is None or not status.anything_shown:
            return []
        return [*self.alert_boxes, *([self.warning_box] if status.warning_shown else []),
                *([self.caution_box] if status.caution else [])]

    def first_message(self) -> QWidget | None:
        """Where "Go to the warning" takes focus: the top message, or "Show it again"
        when the only thing left is a dismissed warning."""
        shown = self.shown_messages()
        if shown:
            return shown[0]
        return self.show_again_button if self.status and self.status.warning_hidden else None

    def on_log_changed(self, changes: LogChanges) -> bool:
        """Judge again after a change to what the banner reads: doses, check-ins (logged
        days, withdrawal-type symptoms), "no kratom" marks, check-ups (SDS, red flags)
        or settings. A plan or the list of side effects changes none of it. Returns
        whether it judged again."""
        if not (changes.day_records or changes.checkups or changes.settings):
            return False
        self.update_from(today=self._today)
        return True

    def expand(self, why: bool = True, what: bool = True) -> None:
        self.why_button.setChecked(why)
        self.what_button.setChecked(what)

    def dismiss(self) -> None:
        dismiss_warning(self.db, self._today or dt.date.today())
        self.update_from(today=self._today)
        self.dismissed.emit()

    def dismiss_concentrate(self) -> None:
        dismiss_concentrate_alert(self.db, self._today or dt.date.today())
        self.update_from(today=self._today)

    def show_again(self) -> None:
        preferences.save_warning_dismissal(self.db, None)
        self.update_from(today=self._today)

    # --- the parts ---------------------------------------------------------------------

    def _show_alerts(self, status: SafetyStatus) -> None:
        for box in self.alert_boxes:
            self.alerts_area.removeWidget(box)
            box.deleteLater()
        self.alert_boxes = []
        for alert in status.alerts:
            # Red flags stay prominent; the concentrate alert is one line.
            box = MessageBox(alert.kind, self, name=f"alert_{alert.kind}",
                             compact=alert.kind == "concentrate")
            prefix = {"emergency": self.tr("Emergency:"), "liver": self.tr("See a doctor soon:"),
                      "concentrate": self.tr("Alert:")}[alert.kind]
            if alert.kind == "concentrate":
                # Not urgent: the first line shows, the FDA's concern is one click away.
                box.set_message(f"{prefix} {alert.title}", escape(alert.lines[0]),
                                bullets(alert.lines[1:]))
                dismiss = QToolButton()
                dismiss.setText(self.tr("Dismiss"))
                dismiss.setObjectName("dismiss_concentrate")
                dismiss.setAccessibleName(self.tr("Dismiss the alert until the next extract or 7-OH dose"))
                dismiss.setToolTip(dismiss.accessibleName())
                dismiss.clicked.connect(self.dismiss_concentrate)
                box.header.addWidget(dismiss)
            else:
                lines = [*alert.lines, fill(self.tr("Help lines (%1): %2"),
                                            status.help.country_name, "; ".join(status.help.lines))]
                box.set_message(f"{prefix} {alert.title}", bullets(lines))
            self.alerts_area.addWidget(box)
            self.alert_boxes.append(box)

    def _show_warning(self, status: SafetyStatus) -> None:
        warning = status.warning
        self.warning_box.setVisible(status.warning_shown)
        self.dismissed_box.setVisible(status.warning_hidden)
        if status.warning_hidden:
            self.dismissed_box.title.setText(
                fill(self.tr("Dependence warning dismissed until %1"), _day_text(status.dismissed_until)))
            self.dismissed_box.setToolTip(self.tr("It returns sooner if your figures get worse."))
        if not status.warning_shown:
            return
        settings = warning.settings
        # The headline and explanation are core.safety's, as ``kratomtrack warning`` prints them.
        headline = QCoreApplication.translate("safety", WARNING_HEADLINE)
        self.warning_box.set_message(
            fill(self.tr("Warning: %1"), headline[:1].lower() + headline[1:]),
            escape(QCoreApplication.translate("safety", WARNING_EXPLANATION)))
        self.dismiss_button.setText(fill(self.tr("Dismiss for %1 days"), settings.dismiss_days))
        self.dismiss_button.setAccessibleName(
            fill(self.tr("Dismiss the dependence warning for %1 days"), settings.dismiss_days))
        why = [
            paragraph(self.tr("Why am I seeing this?"), bold=True),
            paragraph(fill(self.tr("What your log shows, as of %1:"), _day_text(status.today))),
            bullets(_capitalised(warning.reasons)),
        ]
        if warning.not_judged:  # the conditions that could not be judged, and why
            why += [paragraph(self.tr("Not judged (too few logged days):")),
                    bullets(_capitalised(warning.not_judged))]
        why.append(f"<p>{escape(self._rule_text(settings))}</p>")
        if warning.supporting:
            why += [paragraph(self.tr("Also in your log:")),
                    bullets(_capitalised(line.sentence for line in warning.supporting))]
        change_them = self._with_settings_link(self.tr("You can change them in %1."))
        why += [f"<p>{escape(QCoreApplication.translate('warning', THRESHOLDS_ARE_CONVENTIONS))} "
                f"{change_them}</p>",
                paragraph(QCoreApplication.translate("safety", NEUTRAL_RISK_SENTENCE))]
        self.why_text.setText("".join(why))
        self.what_text.setText(self._what_to_do(status))

    def _rule_text(self, s) -> str:
        return fill(self.tr(
            "The warning shows when use is frequent (on %1 or more of the last %2 days) and rising: "
            "average grams a day up by at least %3% and %4 g/day compared with the weeks "
            "before, or the number of doses per day of use up by at least %5. Days with nothing "
            "logged are left out of every average, and a comparison is made only with enough "
            "logged days (at least %6 of the last %2 days, and at least %7 days of the weeks before)."
        ), s.frequent_days, s.recent_days, f"{s.rise_percent:g}", f"{s.rise_grams:g}", f"{s.doses_rise:g}",
            s.recent_min_logged, s.short_min_history)

    def _what_to_do(self, status: SafetyStatus) -> str:
        help_title = fill(self.tr("Help lines for %1 (numbers last checked %2):"),
                          status.help.country_name, status.help.checked.isoformat())
        return "".join([
            paragraph(self.tr("What can I do?"), bold=True, style="margin-top: 10px"),
            bullets([QCoreApplication.translate("safety", line) for line in WHAT_TO_DO]),
            f"<p>{escape(help_title)}</p>",
            bullets(status.help.lines),
            "<p>" + self._with_settings_link(self.tr("You can choose the country in %1.")) + "</p>",
        ])

    def _with_settings_link(self, sentence: str) -> str:
        """The sentence with %1 as a link that opens Settings (``settings_requested``)."""
        settings = escape(self.tr("Settings"))
        link = f"<a href='{SETTINGS_LINK}'>{settings}</a>"
        return fill(escape(sentence), link)

    def _link_activated(self, target: str) -> None:
        if target == SETTINGS_LINK:
            self.settings_requested.emit()

    def _show_caution(self, status: SafetyStatus) -> None:
        self.caution_box.setVisible(bool(status.caution))
        if status.caution:
            # Shown on every page while ticked, so kept short; the rest is one click away.
            self.caution_box.set_message(self.tr("Caution: kratom with other medicines or alcohol"),
                                         escape(status.caution[1]),
                                         bullets([status.caution[0], *status.caution[2:]]))

    # --- for tests and the window ----------------------------------------------------------

    def visible_kinds(self) -> list[str]:
        """What the banner shows, top to bottom (for example ["emergency", "warning"])."""
        kinds = [box.kind for box in self.alert_boxes]
        if self.status and self.status.warning_shown:
            kinds.append("warning")
        if self.status and self.status.warning_hidden:
            kinds.append("dismissed")
        if self.status and self.status.caution:
            kinds.append("caution")
        return kinds


class BannerStrip(QScrollArea):
    """Holds the banner above the pages: as tall as the banner, but never more than
    ``max_share`` of the window (an expanded explanation then scrolls), so the
    page below keeps room even in a small window. Hidden while the banner is.
    """

    def __init__(self, banner: WarningBanner, parent: QWidget | None = None, *, max_share: float = 0.45):
        super().__init__(parent)
        self.banner = banner
        self.max_share = max_share
        self.setObjectName("banner_strip")
        self.setAccessibleName(self.tr("Warnings and alerts"))  # it scrolls, so it takes focus
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Maximum: as tall as sizeHint when there is room; the window's minimum size
        # does not depend on the banner (minimumSizeHint is 0).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # Before setWidget: QScrollArea filters the banner's events from then on.
        self._watched_window: QWidget | None = None
        self.setWidget(banner)
        banner.installEventFilter(self)
        self.setVisible(not banner.isHidden())

    def _content_height(self) -> int:
        # The banner fills the viewport (widgetResizable), so its width is the
        # viewport's. Not self.viewport(): PySide6 resolves that QWidget's
        # Python type by initialising dozens of widget classes, on the path to
        # the window's first paint.
        width = self.banner.width() or self.banner.sizeHint().width()
        return (self.banner.heightForWidth(width) if self.banner.hasHeightForWidth()
                else self.banner.sizeHint().height())

    def sizeHint(self) -> QSize:
        content = self._content_height()
        window = self.window()
        cap = int(window.height() * self.max_share) if window is not self else content
        return QSize(self.banner.sizeHint().width(), max(self.minimumSizeHint().height(), min(content, cap)))

    def minimumSizeHint(self) -> QSize:
        # Never squeezed out of sight: at least the first lines of the top message
        # (a fixed figure, so the window's minimum size does not grow with the banner).
        lines = self.fontMetrics().lineSpacing() * MIN_BANNER_LINES
        return QSize(0, min(self._content_height(), lines))

    def showEvent(self, event) -> None:
        window = self.window()
        if window is not self and window is not self._watched_window:
            window.installEventFilter(self)
            self._watched_window = window
        super().showEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # wrapped text needs another height

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.banner:
            if kind in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
                self.setVisible(kind == QEvent.Type.ShowToParent)
            if kind in (QEvent.Type.LayoutRequest, QEvent.Type.ShowToParent):
                self.updateGeometry()
        elif watched is self._watched_window and kind == QEvent.Type.Resize:
            self.updateGeometry()
        return False


def _capitalised(lines) -> list[str]:
    return [line[:1].upper() + line[1:] for line in lines]


def _day_text(day: dt.date | None) -> str:
    return QLocale().toString(day, QLocale.FormatType.LongFormat) if day else ""
