"""Amounts as text: the one place an amount of kratom becomes words or digits.

Every view (Today, History, Trends' hover, the summary, the plan line, the
warning's sentences, exports) turns amounts into text here, so the same dose
reads the same everywhere. Amounts travel as whole milligrams
(``Dose.milligrams``, ``DayTotals.*_mg``); they become text only at the page.

- Leaf (powder, capsules, tea), extract and "other" are shown in grams with
  the precision the person can type (0.01 g): 2500 mg -> "2.5 g", 2250 mg ->
  "2.25 g", 2000 mg -> "2 g".
- A 7-OH product is typed and shown in milligrams: 15 mg -> "15 mg", never
  "0.0 g" (docs/health-content.md: a potent product must not read as zero).
- A mean (grams per logged day) is shown to one decimal: "7.6 g".
- Data files hold exact grams without a unit ("0.015" for 15 mg).
"""

from __future__ import annotations

from fractions import Fraction

from kratomtrack.core.records import Form

GRAMS = "g"
MILLIGRAMS = "mg"


def unit_of(form: Form | None) -> str:
    """The unit an amount of ``form`` is typed and shown in."""
    return MILLIGRAMS if form is Form.SEVEN_OH else GRAMS


def grams_digits(mg: int) -> str:
    """Grams to 0.01 g, no trailing zeros and no unit: 2500 -> "2.5", 2000 -> "2", 2250 -> "2.25"."""
    text = f"{mg / 1000:.2f}".rstrip("0")
    return text.rstrip(".")


def amount_digits(mg: int, form: Form | None = None) -> str:
    """The number alone, in ``form``'s unit: "2.5" (g) or "15" (mg, 7-OH)."""
    return str(mg) if form is Form.SEVEN_OH else grams_digits(mg)


def amount_text(mg: int, form: Form | None = None) -> str:
    """An amount with its unit: "2.5 g", "2.25 g", or "15 mg" for a 7-OH product.

    ``form`` None means leaf (or any gram-typed form)."""
    return f"{amount_digits(mg, form)} {unit_of(form)}"


def mean_grams_digits(grams: float | Fraction) -> str:
    """A mean in grams to one decimal, no unit: 7.625 -> "7.6"."""
    return f"{float(grams):.1f}"


def mean_grams_text(grams: float | Fraction | None, unknown: str = "not known") -> str:
    """A mean (grams per logged day) to one decimal with its unit: "7.6 g";
    ``unknown`` when there is none (no logged day: not 0)."""
    return unknown if grams is None else f"{mean_grams_digits(grams)} {GRAMS}"


def exact_grams(mg: int) -> str:
    """Exact grams for a data file (CSV): 2250 -> "2.25", 15 -> "0.015", 2000 -> "2.0"."""
    whole, rest = divmod(mg, 1000)
    return f"{whole}.{f'{rest:03d}'.rstrip('0') or '0'}"
