"""Safety alerts shown whatever the pattern of use, the interaction caution and help lines.

Every sentence here comes from docs/health-content.md ("Dependence warning",
"Red flags", "Help lines", "Interactions"); add nothing it does not say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from kratomtrack.core.checkups import EMERGENCY, LIVER, RED_FLAGS, RED_FLAGS_BY_KEY
from kratomtrack.core.dates import date_text
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.translatable import translatable
from kratomtrack.core.warning.dismissal import Dismissal
from kratomtrack.core.warning.results import WarningResult
from kratomtrack.core.warning.words import THRESHOLDS_ARE_CONVENTIONS

# --- alerts -----------------------------------------------------------------------

# docs/health-content.md, "Dependence warning": an alert for an extract or 7-OH
# product logged (here, in the last 14 days).
CONCENTRATE_ALERT_DAYS = 14
# How long a ticked red flag keeps its alert up. Not a clinical figure: long
# enough that a sign logged last week is still in view when the person next
# opens the app; unticking it removes the alert at once.
RED_FLAG_ALERT_DAYS = 14

NEUTRAL_RISK_SENTENCE = translatable(
    "safety",
    "Kratom can cause dependence. How its risk compares with prescription opioids "
    "is not established.",
)


@dataclass(frozen=True)
class Alert:
    """A separate alert: ``kind`` is "emergency", "liver" or "concentrate".

    ``order`` sorts alerts for display: red flags above everything else.
    """

    kind: str
    title: str
    lines: tuple[str, ...]
    items: tuple[str, ...] = ()  # the flags or forms logged, for the figures
    last_day: dt.date | None = None

    @property
    def order(self) -> int:
        return {EMERGENCY: 0, LIVER: 1}.get(self.kind, 2)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "lines": list(self.lines),
                "items": list(self.items),
                "last_date": self.last_day.isoformat() if self.last_day else None}


def safety_alerts(
    doses: Iterable[Dose],
    red_flags: Mapping[dt.date, Collection[str]],
    today: dt.date,
    *,
    concentrate_days: int = CONCENTRATE_ALERT_DAYS,
    red_flag_days: int = RED_FLAG_ALERT_DAYS,
    concentrate_dismissed_through: dt.datetime | None = None,
) -> list[Alert]:
    """The alerts to show on ``today``, red flags first (emergency, then liver).

    The concentrate alert, once dismissed through a dose's time, returns with
    the next extract or 7-OH dose after it. Red-flag alerts cannot be dismissed.
    """
    doses = list(doses)
    alerts: list[Alert] = []
    flag_start = today - dt.timedelta(days=red_flag_days - 1)
    logged: dict[str, dt.date] = {}
    for day, keys in red_flags.items():
        if flag_start <= day <= today:
            for key in keys:
                if key in RED_FLAGS_BY_KEY and logged.get(key, dt.date.min) < day:
                    logged[key] = day
    for kind in (EMERGENCY, LIVER):
        keys = tuple(f.key for f in RED_FLAGS if f.kind == kind and f.key in logged)
        if keys:
            alerts.append(_red_flag_alert(kind, keys, max(logged[k] for k in keys)))
    start = today - dt.timedelta(days=concentrate_days - 1)
    forms: dict[Form, dt.date] = {}
    for dose in doses:
        if dose.form.is_concentrate and start <= dose.day <= today:
            forms[dose.form] = max(forms.get(dose.form, dose.day), dose.day)
    if forms and (concentrate_dismissed_through is None
                  or latest_concentrate(doses, start, today) > concentrate_dismissed_through):
        alerts.append(_concentrate_alert(forms, concentrate_days))
    return sorted(alerts, key=lambda a: a.order)


def latest_concentrate(doses: Iterable[Dose], start: dt.date, end: dt.date) -> dt.datetime | None:
    """The time of the latest extract or 7-OH dose from ``start`` to ``end``, if any."""
    return max((d.taken_at for d in doses if d.form.is_concentrate and start <= d.day <= end), default=None)


def _red_flag_alert(kind: str, keys: tuple[str, ...], last: dt.date) -> Alert:
    listed = ", ".join(keys)
    if kind == EMERGENCY:
        return Alert(
            EMERGENCY,
            "You logged an emergency sign",
            (
                f"You logged: {listed} (last on {date_text(last)}).",
                "Seizure, slow or difficult breathing or cannot be woken, chest pain or a "
                "racing, irregular heartbeat, confusion or hallucinations are emergency "
                "signs: call the local emergency number.",
            ),
            keys, last,
        )
    return Alert(
        LIVER,
        "You logged a possible sign of liver injury",
        (
            f"You logged: {listed} (last on {date_text(last)}).",
            "Yellow skin or eyes, dark urine, pale stools, severe itching or pain in the "
            "upper right abdomen can be signs of liver injury: see a doctor soon.",
        ),
        keys, last,
    )


def _concentrate_alert(forms: dict[Form, dt.date], days: int) -> Alert:
    names = [f.label for f in (Form.EXTRACT, Form.SEVEN_OH) if f in forms]
    return Alert(
        "concentrate",
        "You logged a concentrated product",
        (
            f"You logged {' and '.join(names)} use in the last {days} days "
            f"(last on {date_text(max(forms.values()))}).",
            "The FDA has approved no kratom product. In 2025 it recommended scheduling "
            "concentrated 7-OH products, which it calls potentially more potent than "
            "morphine.",
            "Extract and 7-OH grams are not comparable with leaf grams, so kratomtrack "
            "counts them apart.",
        ),
        tuple(f.value for f in (Form.EXTRACT, Form.SEVEN_OH) if f in forms),
        max(forms.values()),
    )


# --- "I also take" ------------------------------------------------------------------

ALSO_TAKE = {
    "opioids": translatable("safety", "opioid pain medicine"),
    "benzodiazepines": translatable("safety", "benzodiazepines or sleeping pills"),
    # Any alcohol: the background asks how many drinks a week (core.background).
    "alcohol": translatable("safety", "alcohol"),
    "sedatives": translatable("safety", "other sedatives"),
}


def interaction_caution(also_take: Collection[str]) -> tuple[str, ...]:
    """The interaction caution (docs/health-content.md, "Interactions") for what the person ticked; () if nothing."""
    ticked = [ALSO_TAKE[k] for k in ALSO_TAKE if k in also_take]
    if not ticked:
        return ()
    return (
        f"You said you also take: {', '.join(ticked)}.",
        "Combining kratom with opioids, benzodiazepines, alcohol or other sedatives is "
        "the main danger: most kratom-related deaths involved other substances.",
        "Kratom also slows an enzyme (CYP3A) that breaks down many medicines, which can "
        "raise their levels. Tell your doctor and pharmacist everything you take.",
    )


# --- help lines ---------------------------------------------------------------------

# The date these numbers were last checked against the sources
# (docs/health-content.md, "Help lines").
# MUST be rechecked (and this date updated) before every release.
HELP_LINES_CHECKED = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class HelpLine:
    name: str
    number: str
    note: str = ""

    def __str__(self) -> str:
        text = f"{self.name}: {self.number}" if self.name else self.number
        return f"{text} ({self.note})" if self.note else text


OTHER_COUNTRY = "other"
HELP_COUNTRIES = {  # key: ISO 3166 code, or "other"
    "US": translatable("safety", "United States"),
    "GB": translatable("safety", "United Kingdom"),
    "AU": translatable("safety", "Australia"),
    "CA": translatable("safety", "Canada"),
    OTHER_COUNTRY: translatable("safety", "Elsewhere"),
}
HELP_LINES: dict[str, tuple[HelpLine, ...]] = {
    "US": (
        HelpLine("SAMHSA National Helpline", "1-800-662-4357", "free, confidential, 24/7"),
        HelpLine("Suicide & Crisis Lifeline", "988"),
        HelpLine("Poison Help", "1-800-222-1222"),
        HelpLine("Emergency", "911"),
    ),
    "GB": (HelpLine("FRANK", "0300 123 6600"),),
    "AU": (
        HelpLine("National Alcohol and Other Drug Hotline", "1800 250 015"),
        HelpLine("Emergency", "000"),
    ),
    "CA": (HelpLine("", "9-8-8"),),
    OTHER_COUNTRY: (),
}
ELSEWHERE_LINE = "Your local emergency number, and your doctor or pharmacist."


@dataclass(frozen=True)
class HelpLines:
    country: str
    country_name: str
    lines: tuple[str, ...]
    checked: dt.date = field(default=HELP_LINES_CHECKED)


def help_lines(country: str | None) -> HelpLines:
    """The help lines for a country key (unknown keys get the "elsewhere" advice)."""
    key = country if country in HELP_COUNTRIES else OTHER_COUNTRY
    lines = tuple(str(h) for h in HELP_LINES[key])
    if key == OTHER_COUNTRY:
        lines = (ELSEWHERE_LINE,)
    return HelpLines(key, HELP_COUNTRIES[key], lines)


def country_for_locale(name: str) -> str:
    """The help-line country for a locale name such as "en_US" or "en-GB"."""
    parts = name.replace("-", "_").split(".")[0].split("_")
    code = parts[1].upper() if len(parts) > 1 else ""
    if code == "UK":
        code = "GB"
    return code if code in HELP_COUNTRIES else OTHER_COUNTRY


# --- everything the banner area shows, together --------------------------------------

WARNING_HEADLINE = "Your use has been frequent and rising"
WARNING_EXPLANATION = (
    "Using on most days and taking more over time can be a sign of dependence. "
    "It is worth talking about with a doctor."
)
WHAT_TO_DO = (
    "Talk to your doctor about your use.",
    "Bring the printed summary from kratomtrack to the appointment.",
)


@dataclass(frozen=True)
class SafetyStatus:
    """Everything the banner area shows, and ``kratomtrack warning`` prints."""

    today: dt.date
    warning: WarningResult
    dismissal: Dismissal | None  # the stored dismissal, if any
    warning_hidden: bool  # on, but dismissed and not worse since
    alerts: tuple[Alert, ...]  # red flags first
    caution: tuple[str, ...]  # the interaction caution, if "I also take" has anything
    help: HelpLines

    @property
    def warning_shown(self) -> bool:
        return self.warning.is_on and not self.warning_hidden

    @property
    def anything_shown(self) -> bool:
        return self.warning_shown or bool(self.alerts) or bool(self.caution)

    @property
    def dismissed_until(self) -> dt.date | None:
        return self.dismissal.until(self.warning.settings) if self.warning_hidden else None

    def as_dict(self) -> dict:
        data = self.warning.as_dict()
        data.update({
            "shown": self.warning_shown,
            "dismissed_until": self.dismissed_until.isoformat() if self.dismissed_until else None,
            "alerts": [a.as_dict() for a in self.alerts],
            "interaction_caution": list(self.caution),
            "help_lines": {"country": self.help.country, "lines": list(self.help.lines),
                           "last_checked": self.help.checked.isoformat()},
        })
        return data




def status_in_words(status: SafetyStatus) -> list[str]:
    """The status as plain lines of text (what ``kratomtrack warning`` prints)."""
    out: list[str] = []
    for alert in status.alerts:
        out += [f"ALERT: {alert.title}", *(f"  {line}" for line in alert.lines), ""]
    warning = status.warning
    if warning.is_on:
        out += [f"Dependence warning: ON. {WARNING_HEADLINE}.", WARNING_EXPLANATION, ""]
        if status.warning_hidden:
            out += [f"(Dismissed in the window until {date_text(status.dismissed_until)}; it "
                    "returns sooner if the figures get worse.)", ""]
        out.append("Why you are seeing this:")
        out += [f"  - {reason}" for reason in warning.reasons]
        if warning.not_judged:
            out.append("Not judged (too few logged days):")
            out += [f"  - {line}" for line in warning.not_judged]
        if warning.supporting:
            out.append("Also in your log:")
            out += [f"  - {line.sentence}" for line in warning.supporting]
    else:
        out.append("Dependence warning: off (the warning shows when use is frequent AND rising).")
        for condition in warning.conditions:
            if condition.judged:
                out.append(f"  - {condition.name}: {'yes' if condition.held else 'no'} — {condition.sentence}")
            else:  # the sentence says "not judged: " and why
                out.append(f"  - {condition.name}: {condition.sentence}")
    out += [THRESHOLDS_ARE_CONVENTIONS, NEUTRAL_RISK_SENTENCE]
    if status.caution:
        out += ["", "Caution:", *(f"  {line}" for line in status.caution)]
    if warning.is_on or status.alerts:
        out += ["", "What you can do:", *(f"  - {line}" for line in WHAT_TO_DO)]
        out.append(f"  - Help lines ({status.help.country_name}; numbers last checked "
                   f"{date_text(status.help.checked)}):")
        out += [f"      {line}" for line in status.help.lines]
    return out
