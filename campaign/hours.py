"""Opening hours: parsed from the registry, written out in the edition's language.

The registry writes hours in a small, language-neutral subset of
OpenStreetMap's opening_hours syntax; this module holds its one grammar:

    hours = "24/7" | rule ("; " rule)*
    rule  = [days " "] span ("," span)*          Mo-Fr 09:00-19:00
    days  = day ["-" day] ("," day ["-" day])*   Mo-Fr,Su
    span  = HH:MM "-" HH:MM                      00:00 to 24:00; 19:00-07:00 runs past midnight

The loader parses every value at load (so a bad value is a registry problem,
never a build crash), and leaflets print the parsed form. Day names and time
formats come from CLDR through Babel, so a French leaflet says
"lun.–ven. 09:00–19:00" and an American one "Mon–Fri 9:00 AM–7:00 PM", with
no message for translators to keep in step.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from babel.dates import format_time, get_day_names

DAY_INDEX = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}
ALL_HOURS = "24/7"
EN_DASH = "\u2013"
_RULE = re.compile(r"(?:(?P<days>\S+) )?(?P<spans>\S+)")
_TIME = re.compile(r"(\d\d):(\d\d)")
EXAMPLES = "write e.g. '24/7', 'Mo-Fr 09:00-19:00' or 'Mo-Fr 12:00-20:00; Sa 09:30-14:00'"


@dataclass(frozen=True)
class Rule:
    days: tuple[tuple[int, int | None], ...]  # (first, last or None); empty: every day
    spans: tuple[tuple[datetime.time, datetime.time], ...]


def parse_hours(hours: str) -> tuple[Rule, ...]:
    """The rules of `hours` (empty for 24/7); ValueError saying what is wrong."""
    if hours == ALL_HOURS:
        return ()
    rules = []
    for text in hours.split("; "):
        match = _RULE.fullmatch(text)
        if not match:
            raise ValueError(f"hours {hours!r}: rule {text!r} not understood; {EXAMPLES}")
        days = _parse_days(match["days"], hours) if match["days"] else ()
        spans = tuple(_parse_span(span, hours) for span in match["spans"].split(","))
        rules.append(Rule(days, spans))
    return tuple(rules)


def _parse_days(text: str, hours: str) -> tuple[tuple[int, int | None], ...]:
    days = []
    for span in text.split(","):
        first, dash, last = span.partition("-")
        if first not in DAY_INDEX or (dash and last not in DAY_INDEX):
            raise ValueError(f"hours {hours!r}: days {span!r} not understood; use Mo Tu We Th Fr "
                             f"Sa Su, alone or as a range (Mo-Fr); {EXAMPLES}")
        days.append((DAY_INDEX[first], DAY_INDEX[last] if dash else None))
    return tuple(days)


def _parse_span(span: str, hours: str) -> tuple[datetime.time, datetime.time]:
    start, dash, end = span.partition("-")
    if not dash:
        raise ValueError(f"hours {hours!r}: {span!r} is not a time span like 09:00-17:00; {EXAMPLES}")
    times = (_parse_time(start, hours, allow_24=False), _parse_time(end, hours, allow_24=True))
    if times[0] == times[1]:
        raise ValueError(f"hours {hours!r}: span {span!r} starts and ends at the same time "
                         "(all day is 00:00-24:00)")
    return times


def _parse_time(text: str, hours: str, allow_24: bool) -> datetime.time:
    match = _TIME.fullmatch(text)
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if allow_24 and (hour, minute) == (24, 0):
        return datetime.time(0, 0)  # midnight at the end of the day
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"hours {hours!r}: {text!r} is not a time of day (00:00 to 23:59, "
                         f"or 24:00 at the end of a span); {EXAMPLES}")
    return datetime.time(hour, minute)


def format_hours(hours: str, locale) -> str:
    """`hours` from the registry (not "24/7") written out for `locale`."""
    day_names = get_day_names("abbreviated", locale=locale)
    rules = []
    for rule in parse_hours(hours):
        text = ", ".join(
            format_time(start, "short", locale=locale) + EN_DASH + format_time(end, "short", locale=locale)
            for start, end in rule.spans
        )
        if rule.days:
            days = ", ".join(
                day_names[first] + (EN_DASH + day_names[last] if last is not None else "")
                for first, last in rule.days
            )
            text = days + " " + text
        rules.append(text)
    return "; ".join(rules)
