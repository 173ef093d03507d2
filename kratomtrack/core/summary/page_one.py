"""Page 1's figures put together: the key points, the coverage line and the warning
on paper, from what core.summary.build has already computed (plain Python)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kratomtrack.core.coverage import DayKind
from kratomtrack.core.daily import DayRecord
from kratomtrack.core.records import Dose
from kratomtrack.core.summary import key_points as kp
from kratomtrack.core.summary.glance import Glance
from kratomtrack.core.summary.warning_facts import supporting_facts, warning_on_paper
from kratomtrack.core.warning.settings import WarningSettings


@dataclass(frozen=True)
class PageOneInput:
    doses: Sequence[Dose]  # the range's (and its lookback's)
    year_before_doses: Sequence[Dose]
    days: Sequence[DayRecord]  # the counted days
    kinds: Mapping[dt.date, DayKind]
    glance: Glance
    history: kp.UseHistory
    sds: Sequence[tuple[dt.date, int]]  # the range's, oldest first
    now: object  # core.summary.now.NowFigures or None
    flags: object  # core.summary.now.Flags
    withdrawal: object  # core.summary.now.Withdrawal or None
    co_use_lines: Sequence[str]
    settings: WarningSettings
    start: dt.date
    end: dt.date


def page_one(i: PageOneInput) -> dict:
    """The Summary's page-1 fields: key_points, coverage, warning, how_long, year_trend."""
    g = i.glance
    logged = g.counts.logged
    withdrawal_text = kp.withdrawal_words(i.withdrawal, kp.withdrawal_rated_days(i.days), logged)
    how_long = kp.how_long(i.history, i.end, i.settings)
    trend = kp.year_trend(i.days, i.kinds, i.end, (i.end - i.start).days + 1,
                          [*i.year_before_doses, *i.doses], i.history)
    facts = supporting_facts(i.settings, kp.regular_words(how_long), i.sds, g.large_leaf_doses,
                             g.largest_leaf_dose, withdrawal_text)
    points = []
    if i.now is not None:
        points.append(kp.use_now_point(i.now.recent, kp.doses_in(i.doses, i.now.recent.start, i.now.recent.end)))
    points += [kp.how_long_point(how_long, i.end), kp.trend_point(trend), kp.co_use_point(i.co_use_lines),
               kp.red_flag_point(i.flags),
               kp.dependence_point(i.sds, i.settings.sds_threshold, withdrawal_text)]
    return dict(
        key_points=points[:kp.KEY_POINTS_MAX],
        coverage=kp.Coverage(g.counts.days, logged),
        warning=warning_on_paper(g.warning_evaluated, g.warning_spans, i.kinds, i.end, facts),
        how_long=how_long,
        year_trend=trend,
    )
