"""Reviews per message, in a file no translation tool rewrites.

A review used to be three header fields of the PO file (X-Review-Status…),
which `pybabel update` and other tools drop without a word, and which turned a
whole catalog back to draft when one English message changed. Reviews now live
in locales/<catalog>/reviews.json, one record per message:

    {"msgctxt": null, "msgid": "Talk to an adult you trust.",
     "reviewer": "Ana Silva <ana@example.org>", "date": "2026-12-02",
     "sha256": "…"}

The hash covers the message's context, English and translation, so a review
stays valid exactly as long as the text it approved: editing one message (or
its English) needs a new review of that message only. `campaign catalog
review` records reviews; the build prints the draft line on a leaflet while
any message on it is unreviewed, and `--release` refuses such editions.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from campaign.atomic import write_atomically
from campaign.catalog_problems import ERROR, make_problem
from campaign.errors import InputError, display_path
from campaign.po_files import message_key
from campaign.project import Project

REVIEWS_FILE = "reviews.json"
_FIELDS = ("msgctxt", "msgid", "reviewer", "date", "sha256")


@dataclass(frozen=True)
class Review:
    msgctxt: str | None
    msgid: str
    reviewer: str
    date: str  # YYYY-MM-DD
    sha256: str

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid)


def reviews_path(project: Project, catalog: str) -> Path:
    return project.locales_dir / catalog / REVIEWS_FILE


def message_digest(message) -> str:
    """SHA-256 of what a reviewer approves: context, English and translation (every form)."""
    ids = list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]
    strings = list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]
    text = json.dumps([message.context, ids, strings], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_reviews(project: Project, catalog: str) -> dict[tuple, Review]:
    """The recorded reviews of a catalog by (msgctxt, msgid); none if the file does not exist.
    A malformed file is an InputError naming the file and the record."""
    path = reviews_path(project, catalog)
    if not path.is_file():
        return {}
    file = display_path(path, project.root)

    def problem(text: str, line: int = 0):
        return InputError(f"{file} cannot be read", [make_problem("reviews", ERROR, file, line, catalog, text)])

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise problem(f"not valid JSON: {getattr(error, 'msg', error)}", getattr(error, "lineno", 0))
    if not isinstance(data, dict) or not isinstance(data.get("reviews"), list):
        raise problem('expected {"reviews": [ … ]}')
    reviews = {}
    for number, record in enumerate(data["reviews"], start=1):
        if not isinstance(record, dict) or set(record) != set(_FIELDS):
            raise problem(f"review {number} must have exactly the fields {', '.join(_FIELDS)}")
        if not all(isinstance(record[f], str) and record[f] for f in _FIELDS if f != "msgctxt"):
            raise problem(f"review {number}: msgid, reviewer, date and sha256 must be non-empty text")
        if record["msgctxt"] is not None and not isinstance(record["msgctxt"], str):
            raise problem(f"review {number}: msgctxt must be text or null")
        if not _is_date(record["date"]):
            raise problem(f"review {number}: date {record['date']!r} is not YYYY-MM-DD")
        review = Review(**record)
        reviews[review.key] = review
    return reviews


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def write_reviews(project: Project, catalog: str, reviews: Iterable[Review]) -> None:
    """Sorted by English, one record per line group, so a new review is a small diff."""
    records = sorted((asdict(r) for r in reviews), key=lambda r: (r["msgid"], r["msgctxt"] or ""))
    text = json.dumps({"reviews": records}, ensure_ascii=False, indent=1) + "\n"
    write_atomically(reviews_path(project, catalog), text.encode("utf-8"))


def valid_reviews(catalog, reviews: dict[tuple, Review]) -> dict[tuple, Review]:
    """The reviews that still match their message's current English and translation."""
    valid = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            review = reviews.get(message_key(message))
            if review and review.sha256 == message_digest(message):
                valid[review.key] = review
    return valid


def record_reviews(project: Project, catalog_name: str, catalog, keys: Iterable[tuple], reviewer: str,
                   date: str) -> list[tuple]:
    """Record `reviewer`'s review of the messages `keys` (translated, not fuzzy)
    and drop records whose message left the catalog. Returns the keys recorded."""
    reviews = read_reviews(project, catalog_name)
    messages = {message_key(m): m for m in catalog if m.id}
    recorded = []
    for key in dict.fromkeys(keys):
        message = messages[key]
        reviews[key] = Review(key[0], key[1], reviewer, date, message_digest(message))
        recorded.append(key)
    write_reviews(project, catalog_name, [r for k, r in reviews.items() if k in messages])
    return recorded


# The header fields reviews were kept in before reviews.json (see the module docstring).
OLD_HEADER_FIELDS = ("X-Review-Status", "X-Reviewed-By", "X-Review-Date")


@dataclass(frozen=True)
class HeaderReview:
    keys: tuple[tuple, ...]  # every translated message, if the header said reviewed
    reviewer: str
    date: str

    def __bool__(self) -> bool:
        return bool(self.keys)


def header_reviews(catalog) -> HeaderReview | None:
    """Take the old X-Review-* fields out of `catalog`'s header. None if it had
    none; else the review they recorded for the whole catalog (no keys if it
    was a draft, or incomplete: a review of what was there is all it can mean)."""
    fields = {name: catalog.raw_headers.get(name.lower(), "").strip() for name in OLD_HEADER_FIELDS}
    if not any(name.lower() in catalog.raw_headers for name in OLD_HEADER_FIELDS):
        return None
    for name in OLD_HEADER_FIELDS:
        catalog.set_header(name, None)
    status, reviewer, date = fields.values()
    if status != "reviewed" or not reviewer or not _is_date(date):
        return HeaderReview((), reviewer, date)
    keys = tuple(message_key(m) for m in catalog if m.id and not m.fuzzy and _all_forms(m))
    return HeaderReview(keys, reviewer, date)


def _all_forms(message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return all(strings)
