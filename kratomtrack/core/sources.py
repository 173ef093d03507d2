"""The published sources behind what the app shows about health.

Each entry is taken from the sources docs/health-content.md names, and
names what the app uses it for. Help → About lists them. Add an entry when
a feature starts to rest on another source.
"""

from __future__ import annotations

from dataclasses import dataclass

from kratomtrack.core.translatable import translatable


@dataclass(frozen=True)
class Source:
    citation: str
    used_for: str


SOURCES: list[Source] = [
    Source("Farrar et al. 2001, Pain 94:149-58",
           translatable("sources", "the 0-10 pain scale (0 no pain, 10 worst pain imaginable)")),
    Source("Smith et al. 2022, J Addict Med (PMC9402806); Hill et al. 2024, J Addict Med; "
           "Singh, Müller & Vicknasingam 2014, Drug Alcohol Depend 139:132-7",
           translatable("sources", "the statement that kratom can cause dependence")),
    Source('FDA, "FDA and Kratom" and 2025 7-OH statements',
           translatable("sources", "keeping extract and 7-OH products apart from leaf grams")),
]
