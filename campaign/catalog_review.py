"""`campaign catalog review` as a library call: which messages a reviewer approved.

A reviewer approves messages as they stand (English and translation): from a
review sheet's checklist (the codes printed beside each row, which stand for
the text on the sheet, or the row numbers), by English text, all at once, or
one by one. campaign.reviews records them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from campaign import reviews
from campaign.catalog_checks import is_translated
from campaign.catalog_workflow import parse_catalog_locale
from campaign.errors import CampaignError, display_path
from campaign.po_files import message_key, po_path, read_catalog
from campaign.project import Project
from campaign.review_sheet import review_code, sheet_messages
from campaign.transliteration import transliterated_from


@dataclass
class Selection:
    codes: str = ""  # "3f2a91c0, 77b0e1d2"
    rows: str = ""  # "1-40,45"
    msgids: tuple[str, ...] = ()
    everything: bool = False
    # Called with (number, total, English, translation) for each unreviewed
    # message; returns "y", "n" or "q".
    ask: Callable[[int, int, str, str], str] | None = None

    def is_empty(self) -> bool:
        return not (self.codes.strip() or self.rows.strip() or self.msgids or self.everything or self.ask)


@dataclass
class ReviewReport:
    path: Path  # the reviews file
    reviewer: str
    date: str  # YYYY-MM-DD
    recorded: list[tuple] = field(default_factory=list)  # (msgctxt, msgid) of the reviews recorded now
    unreviewed: int = 0  # translated messages still without a valid review


def review_messages(project: Project, locale: str, reviewer: str, selection: Selection,
                    date: datetime.date | None = None) -> ReviewReport:
    """Record that `reviewer` approved the selected messages on `date` (default: today)."""
    name, _ = parse_catalog_locale(locale)
    path = po_path(project, name)
    if not path.is_file():
        raise CampaignError(f"no catalog for {name} at {display_path(path, project.root)}")
    if not reviewer.strip():
        raise CampaignError("--reviewer must name the reviewer, e.g. \"Ana Silva <ana@example.org>\"")
    if selection.is_empty():
        raise CampaignError("say which messages were approved: --codes, --rows, --msgid, --all or --interactive")
    catalog, _ = read_catalog(path, name, project)
    origin = transliterated_from(catalog)
    if origin:
        raise CampaignError(f"{name} is transliterated from {origin}: review {origin}, then transliterate "
                            "again (its reviews carry over)")
    messages = sheet_messages(catalog)
    reviewable = {message_key(m): m for m in messages if not m.fuzzy and is_translated(m)}
    valid = reviews.valid_reviews(catalog, reviews.read_reviews(project, name))
    keys = _selected(selection, messages, reviewable, valid)
    day = (date or datetime.date.today()).isoformat()
    recorded = reviews.record_reviews(project, name, catalog, keys, reviewer.strip(), day) if keys else []
    unreviewed = len(set(reviewable) - set(valid) - set(recorded))
    return ReviewReport(reviews.reviews_path(project, name), reviewer, day, recorded, unreviewed)


def _selected(selection: Selection, messages: list, reviewable: dict, valid: dict) -> list[tuple]:
    keys: list[tuple] = []
    if selection.everything:
        keys += list(reviewable)
    by_code = {review_code(m): key for key, m in reviewable.items()}
    unknown = [code for code in re.split(r"[\s,]+", selection.codes.strip()) if code and code not in by_code]
    if unknown:
        raise CampaignError(f"no translated message has the code(s) {', '.join(unknown)}: the text changed "
                            "since the review sheet was made (make a new sheet) or the code is mistyped")
    keys += [by_code[code] for code in re.split(r"[\s,]+", selection.codes.strip()) if code]
    for number in _row_numbers(selection.rows, len(messages)):
        key = message_key(messages[number - 1])
        if key not in reviewable:
            raise CampaignError(f"row {number} is not translated (or fuzzy): nothing to approve")
        keys.append(key)
    for msgid in selection.msgids:
        found = [key for key in reviewable if key[1] == msgid]
        if not found:
            raise CampaignError(f"no translated message has the English {msgid!r}")
        keys += found
    if selection.ask:
        keys += _asked(selection.ask, [(k, m) for k, m in reviewable.items() if k not in valid and k not in keys])
    return list(dict.fromkeys(keys))


def _asked(ask, pending: list) -> list[tuple]:
    approved = []
    for number, (key, message) in enumerate(pending, start=1):
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        answer = ask(number, len(pending), key[1], " | ".join(strings))
        if answer == "q":
            break
        if answer == "y":
            approved.append(key)
    return approved


def _row_numbers(text: str, count: int) -> list[int]:
    numbers = []
    for part in [p for p in re.split(r"[\s,]+", text.strip()) if p]:
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not match:
            raise CampaignError(f"--rows: {part!r} is not a row number or range such as 3 or 1-40")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 1 <= first <= last <= count:
            raise CampaignError(f"--rows: {part} is outside the sheet's rows 1-{count}")
        numbers += range(first, last + 1)
    return numbers
