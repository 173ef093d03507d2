"""The dependence warning (docs/health-content.md, "Dependence warning"), as a pure
function of the log and "today".

The rule, with its defaults (every number is a field of WarningSettings):

- Frequent: doses logged on at least 5 of the last 7 days.
- Escalating, any one of
  - short term: mean leaf g/day over the last 7 days at least 25% above, and
    at least 1 g/day above, the mean over days 8-28;
  - long term: mean leaf g/day over the last 28 days at least 25% above, and
    at least 1 g/day above, the mean over days 29-84;
  - doses per use day: the mean over the last 7 days at least 1 higher than
    over days 8-28 or over days 29-84.
- The warning is on when use is frequent AND escalating.

Day 1 is "today". Everything is per local calendar day. A day is *logged*
when it holds a dose, a check-in or a "no kratom" mark; a day with nothing
logged is *unknown* and left out of every mean and count (clinical.md, "Days
with nothing logged"), so today counts only once something is logged for it.
"Daily grams" of a window is its total leaf grams (powder, capsules, tea)
divided by its logged days; days before the first record do not count toward
a window. A window is judged only with enough logged days (the last 7 days:
4; days 8-28: 14; the last 28 days: 14; days 29-84: 28); a comparison whose
windows are not both judged does not hold, and says why in words ("not
judged: in days 8-28, 12 of these 21 days have nothing logged ..."). Use
days and doses count every form; frequency counts days with a dose among the
last 7 calendar days. Comparisons are exact (whole milligrams and
fractions), so a figure exactly on a threshold counts as "at least".

Supporting lines (by default: single dose of 5 g or more, 22 or more doses,
regular use for more than 6 months (use on 5 of 7 logged days of the last
183, at least 92 of them logged), withdrawal-type symptoms, SDS of 4 or
more; every number is a WarningSettings field) are
reported with the warning and never turn it on by themselves.

The thresholds are conventions, not validated cut-offs; the app says so.

The package's modules, each imported on its own (this file imports none, so
that what needs only the settings or the words loads only those):

- settings: WarningSettings, the settings page's fields and their validation;
- results: what the rule reports (conditions, supporting lines, figures);
- rule: evaluate_warning and warning_history;
- dismissal: "Dismiss for 7 days" and when a dismissed warning returns;
- words: the sentence every place shows about the thresholds, and the words
  for spans of days.
"""
