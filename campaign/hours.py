"""Opening hours as printed on a leaflet, in the edition's language.

The registry writes hours in a small, language-neutral subset of
OpenStreetMap's opening_hours syntax ("Mo-Fr 09:00-19:00; Sa 09:30-14:00",
see registry.HOURS). Day names and time formats come from CLDR through Babel,
so a French leaflet says "lun.–ven. 09:00–19:00" and an American one
"Mon–Fri 9:00 AM–7:00 PM", with no message for translators to keep in step.
"""

from __future__ import annotations

import datetime
import re

from babel.dates import format_time, get_day_names

DAY_INDEX = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}
_RULE_RE = re.compile(r"^(?:(?P<days>[A-Za-z,-]+) )?(?P<times>[0-9:,-]+)$")
EN_DASH = "\u2013"


def _format_days(days: str, locale) -> str:
    names = get_day_names("abbreviated", locale=locale)
    parts = []
    for span in days.split(","):
        first, _, last = span.partition("-")
        text = names[DAY_INDEX[first]]
        if last:
            text += EN_DASH + names[DAY_INDEX[last]]
        parts.append(text)
    return ", ".join(parts)


def _format_times(times: str, locale) -> str:
    spans = []
    for span in times.split(","):
        start, end = (datetime.time(*map(int, t.split(":"))) for t in span.split("-"))
        spans.append(
            format_time(start, "short", locale=locale) + EN_DASH
            + format_time(end, "short", locale=locale)
        )
    return ", ".join(spans)


def format_hours(hours: str, locale) -> str:
    """`hours` from the registry (not "24/7") written out for `locale`."""
    rules = []
    for rule in hours.split("; "):
        match = _RULE_RE.match(rule)
        if not match:
            raise ValueError(f"unsupported opening hours {hours!r}")
        text = _format_times(match["times"], locale)
        if match["days"]:
            text = _format_days(match["days"], locale) + " " + text
        rules.append(text)
    return "; ".join(rules)
