"""Amounts as people type them: the one reader of a typed amount, for Today, the
tray's "Log a dose…" window and ``kratomtrack dose``.

Files are read strictly (core/validation.parse_grams); a person types
"2,5", "2.5 g", "2.5g" or "15 mg". The rules:

- The decimal mark is the system's (a comma in German, French, …), and a
  point is read as a decimal mark everywhere: "2.5" is 2.5 g in any locale.
- A comma where the system writes a point is read as a decimal mark too when
  that is its only reading ("2,5", "2,25"): it cannot be a thousands
  separator. What was read is said ("read “2,5” as 2.5 g").
- A mark that is not the system's, followed by exactly three digits
  ("1,500" in English, "1.500" in German), could be a thousands separator:
  it is refused in words, never guessed. So is a number with both marks.
- A trailing unit is allowed: "g" (gram, grams) for every form typed in
  grams, "mg" (milligram, milligrams) for a 7-OH product, typed in mg.
- The other unit is refused in words, with the figure converted, rather than
  converted silently: milligrams for a leaf or extract form most often mean
  the form was left on powder for a 7-OH product, and grams for a 7-OH
  product are usually the weight of a tablet, not its 7-OH. Either would
  store a wrong record that reads as a right one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.records import Form
from kratomtrack.core.validation import MAX_GRAMS, FieldError, check_grams

_GRAM_UNITS = frozenset({"", "g", "gr", "gram", "grams"})
_MILLIGRAM_UNITS = frozenset({"", "mg", "milligram", "milligrams"})
_TYPED = re.compile(r"(?P<sign>[-+]?)\s*(?P<number>[0-9.,]+)\s*(?P<unit>[^\W\d_]*)")
_LONGEST = 12  # digits and marks: more is no amount of kratom, and is not read

# Languages whose numbers are written with a decimal comma (CLDR), and the
# regions of those languages that write a point. The window asks Qt's locale
# (the same CLDR data); the command line, which loads no Qt, asks this table.
_COMMA_LANGUAGES = frozenset(
    "af az be bg bs ca cs da de el es et eu fi fo fr gl hr hu hy id is it ka kk ky lt lv mk nb nl "
    "nn no pl pt ro ru sk sl sq sr sv tr uk uz vi".split())
_POINT_REGIONS = frozenset({"de_CH", "de_LI", "it_CH", "es_MX", "es_US", "es_PR", "es_DO", "es_GT",
                            "es_HN", "es_NI", "es_PA", "es_SV", "es_PE"})


def decimal_mark_for_locale(name: str) -> str:
    """The decimal mark of a locale name such as "de_DE.UTF-8" (a comma) or "en_US" (a point)."""
    base = name.split(".")[0].split("@")[0].replace("-", "_")
    language = base.split("_")[0].casefold()
    if language in _COMMA_LANGUAGES and base not in _POINT_REGIONS:
        return ","
    return "."


def decimal_mark_from_environment(environ) -> str:
    """The decimal mark the environment's locale writes numbers with (LC_ALL, LC_NUMERIC, LANG)."""
    for variable in ("LC_ALL", "LC_NUMERIC", "LANG"):
        if environ.get(variable):
            return decimal_mark_for_locale(environ[variable])
    return "."


@dataclass(frozen=True)
class TypedAmount:
    """An amount read from what was typed: whole milligrams, and what was read
    when that needs saying (a comma read as the decimal mark), else ''."""

    milligrams: int
    read_as: str = ""

    @property
    def grams(self) -> float:
        return self.milligrams / 1000


def read_amount(value: object, form: Form | None = None, decimal_mark: str = ".") -> TypedAmount:
    """What the person typed as an amount of ``form``, with the system's ``decimal_mark``.

    Raises FieldError("grams", words) for anything that is not clearly one amount.
    """
    in_mg = form is Form.SEVEN_OH
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise FieldError("grams", "is empty; enter how many milligrams, such as 15" if in_mg
                         else "is empty; enter how many grams, such as 2.5")
    shown = _shorten(text)
    match = _TYPED.fullmatch(text)
    if match is None or len(match["number"]) > _LONGEST:
        raise FieldError("grams", f"'{shown}' is not a number of "
                         + ("milligrams; write it like 15 or 15 mg" if in_mg else "grams; write it like 2.5 or 2.5 g"))
    unit = match["unit"].casefold()
    if unit not in _GRAM_UNITS | _MILLIGRAM_UNITS:
        raise FieldError("grams", f"'{shown}': {match['unit']} is not a unit kratomtrack logs; "
                         + ("use mg, such as 15 mg" if in_mg else "use g, such as 2.5 g"))
    number, comma_read = _number(match["number"], decimal_mark, shown)
    if match["sign"] == "-" or number <= 0:
        raise FieldError("grams", "must be more than 0")
    if in_mg:
        milligrams = _milligrams(number, unit, shown, match["number"])
    else:
        milligrams = _leaf_milligrams(number, unit, form, shown, match["number"])
    read_as = f"read \u201c{match['number']}\u201d as {amount_text(milligrams, form)}" if comma_read else ""
    return TypedAmount(milligrams, read_as)


def _number(digits: str, decimal_mark: str, shown: str) -> tuple[Decimal, bool]:
    """The number in ``digits`` (digits and at most one mark) and whether a comma was its decimal mark."""
    marks = [ch for ch in digits if ch in ".,"]
    if len(set(marks)) > 1:
        raise FieldError("grams", f"'{shown}' has both a point and a comma; write the amount with "
                         "one decimal mark, such as 2.5")
    if len(marks) > 1:
        raise FieldError("grams", f"'{shown}' is not an amount: it has more than one '{marks[0]}'")
    mark = marks[0] if marks else ""
    whole, _, fraction = digits.partition(mark) if mark else (digits, "", "")
    if not whole + fraction:
        raise FieldError("grams", f"'{shown}' is not a number")
    if mark and mark != decimal_mark and len(fraction) == 3 and whole:
        # "1,500" in English, "1.500" in German: a thousands separator, or a decimal mark?
        in_words = "a point" if decimal_mark == "." else "a comma"
        decimal = f"{whole}{decimal_mark}{fraction.rstrip('0') or '0'}"
        raise FieldError("grams", f"'{shown}' could be {decimal} or {whole}{fraction}; type the "
                         f"amount without a thousands separator, with {in_words} for decimals")
    try:
        return Decimal(f"{whole or '0'}.{fraction or '0'}"), mark == ","
    except InvalidOperation:  # not reached: only digits remain
        raise FieldError("grams", f"'{shown}' is not a number") from None


def _milligrams(number: Decimal, unit: str, shown: str, typed: str) -> int:
    """A 7-OH amount: whole milligrams (mg or no unit); grams are refused, with the milligrams they make."""
    if unit not in _MILLIGRAM_UNITS:
        in_mg = f"{number * 1000:f}".rstrip("0").rstrip(".")
        raise FieldError("grams", f"'{shown}': a 7-OH product is logged in milligrams ({typed} g is "
                         f"{in_mg} mg); type the milligrams, such as {in_mg}")
    if number != number.to_integral_value():
        raise FieldError("grams", "must be a whole number of milligrams, such as 15")
    if number > Decimal(MAX_GRAMS) * 1000:
        raise FieldError("grams", f"must be at most {MAX_GRAMS * 1000:g} mg")
    return int(number)


def _leaf_milligrams(number: Decimal, unit: str, form: Form | None, shown: str, typed: str) -> int:
    """An amount typed in grams (g or no unit); milligrams are refused, with the grams they make."""
    if unit not in _GRAM_UNITS:
        name = (form or Form.POWDER).label
        in_grams = number / 1000
        grams = f"{in_grams:f}".rstrip("0").rstrip(".") if in_grams < 1000 else "more than 100"
        raise FieldError("grams", f"'{shown}': the form {name} is logged in grams ({typed} mg is {grams} g); "
                         f"type {grams} g, or choose the form \u201c7-OH product\u201d, logged in milligrams")
    grams = float(number)
    check_grams(grams, form)
    return round(number * 1000)


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
