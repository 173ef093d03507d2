"""No string in the app gives dosing advice or repeats a claim clinical.md lists as false."""

import ast
import re
from pathlib import Path

import kratomtrack

PACKAGE = Path(kratomtrack.__file__).parent

# clinical.md, "Sentences the app must never say or imply".
FORBIDDEN = {
    "tolerance as a benefit": r"enhanc\w* (the )?pain relief|tolerance[^.]{0,60}\b(enhanc|improv|boost|increas)\w* (the )?(pain )?relief",
    "lower addiction risk than opioids": r"lower risk of addiction|less addictive|lower addiction risk",
    "without opioid side effects": r"without the side effects|without (the )?opioid side effects",
    "a recommended dose": r"recommended (dose|dosage|amount)|\bstart (at|with) \d|\bgo up to \d"
                          r"|\b\d+(\.\d+)?\s*(-|–|to)\s*\d+(\.\d+)?\s*(g|grams)\b"
                          r"|\b(take|use) (no more than|up to|at most|between|about) \d",
    # Issue 27: Grundmann's 5 g read as a safe limit; a log shows taking more, not needing more.
    "a safe limit below the large dose": r"side effects are reported mainly at",
    "needing more read into a log": r"needing more over time",
}


def literal_strings(source: str) -> list[str]:
    """Every string literal in a module, f-strings' literal parts included."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
    return out


def claims_in(text: str) -> list[str]:
    return [name for name, pattern in FORBIDDEN.items() if re.search(pattern, text, re.IGNORECASE)]


def test_the_search_finds_each_claim_when_it_is_there():
    planted = '''
msg = "Consistent use builds tolerance that enhances pain relief"
other = f"Kratom has a lower risk of addiction than opioids, {x}"
third = "Pain relief without the side effects of opioids"
fourth = "Start at 1-3 g and go up to 5-7 g"
fifth = "(side effects are reported mainly at 5 g or more per dose)"
sixth = "Using on most days and needing more over time can be a sign of dependence."
'''
    found = {claim for s in literal_strings(planted) for claim in claims_in(s)}
    assert found == set(FORBIDDEN)


def test_no_user_visible_string_in_the_package_makes_a_forbidden_claim():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    offending = []
    for path in files:
        for text in literal_strings(path.read_text(encoding="utf-8")):
            for claim in claims_in(text):
                offending.append(f"{path.relative_to(PACKAGE)}: {claim}: {text[:80]!r}")
    assert offending == []
