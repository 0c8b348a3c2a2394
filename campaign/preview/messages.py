"""What the pointer shows for a message on the page.

For each message a leaflet used: the English source, the text that prints,
the translator comments, the PO file and line that text comes from (a
regional catalog falls back to its language's), its state, and any problem
`campaign catalog check` finds for it. Catalogs are read and checked once per
version of their bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from campaign.catalog_checks import check_catalog, is_translated
from campaign.po_files import catalog_chain, is_source_locale, po_path, pot_path, read_catalog
from campaign.errors import InputError, display_path
from campaign.preview.marking import MessageKey
from campaign.project import Project
from campaign.review_sheet import comment_paragraphs


@dataclass(frozen=True)
class CheckedCatalog:
    name: str
    file: str  # as shown to people, relative to the project
    catalog: object | None  # LeafletCatalog, None when it cannot be read
    problems: tuple  # CatalogProblem, errors and warnings
    is_template: bool = False  # locales/leaflets.pot: what English editions print


@dataclass
class MessageDetails:
    english: str
    english_plural: str | None
    context: str | None
    translation: str  # what the leaflet prints (for a plural: the form used)
    state: str  # "translated", "fuzzy", "untranslated", "source", "pseudo"
    comments: list[str] = field(default_factory=list)
    file: str | None = None
    line: int | None = None
    problems: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class CatalogReader:
    """The catalogs an edition's text comes from, read (for comments and lines)
    or read and checked (for problems), cached by their bytes and the terms."""

    def __init__(self, project: Project):
        self.project = project
        self.terms: tuple[str, ...] = ()  # the build's protected terms (EditionBuilder.terms)
        self._cache: dict[tuple[str, bool], tuple[str, CheckedCatalog]] = {}

    def chain(self, locale: str, checked: bool = False) -> list[CheckedCatalog]:
        """Most specific first (English editions: the POT). `checked` also runs
        the catalog checks, which cost more than reading: the worker asks for
        them after the pages are on screen."""
        if is_source_locale(locale):
            return [template] if (template := self._cached("", pot_path(self.project), False)) else []
        return [catalog for name in catalog_chain(locale)
                if (catalog := self._cached(name, po_path(self.project, name), checked))]

    def _cached(self, name: str, path: Path, checked: bool) -> CheckedCatalog | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        digest = hashlib.sha256("\n".join(self.terms).encode() + b"\0" + data).hexdigest()
        cached = self._cache.get((name, checked))
        if cached is None or cached[0] != digest:
            cached = self._cache[(name, checked)] = (digest, self._read(name, path, data, checked))
        return cached[1]

    def _read(self, name: str, path: Path, data: bytes, checked: bool) -> CheckedCatalog:
        file = display_path(path, self.project.root)
        if checked:
            catalog, problems = check_catalog(self.project, name, self.terms, data)
            return CheckedCatalog(name, file, catalog, tuple(problems))
        try:
            catalog, _ = read_catalog(path, name or None, self.project, data)
        except InputError as error:  # the build reports it; here it only means no details
            return CheckedCatalog(name, file, None, tuple(error.problems), not name)
        return CheckedCatalog(name, file, catalog, (), not name)


def _comments(message) -> list[str]:
    """As the review sheet shows them: a long comment's lines joined into paragraphs."""
    return comment_paragraphs([*message.auto_comments, *message.user_comments])


def _problems_for(checked: CheckedCatalog, message) -> list[dict]:
    return [{"severity": problem.severity, "text": problem.message, "file": checked.file, "line": problem.line}
            for problem in checked.problems if problem.line == message.lineno]


def _state(message) -> str:
    if message.fuzzy:
        return "fuzzy"
    return "translated" if is_translated(message) else "untranslated"


def _printed_text(translations, key: MessageKey) -> str:
    """The text the leaflet prints: the singular (n=1) form for a plural."""
    if key.msgid_plural is not None:
        if key.context is not None:
            return translations.npgettext(key.context, key.msgid, key.msgid_plural, 1)
        return translations.ngettext(key.msgid, key.msgid_plural, 1)
    if key.context is not None:
        return translations.pgettext(key.context, key.msgid)
    return translations.gettext(key.msgid)


def message_details(key: MessageKey, translations, chain: list[CheckedCatalog],
                    state: str = "untranslated") -> MessageDetails:
    """Details of one message; `chain` = the edition's checked catalogs, most
    specific first; `state` is the message's state when no catalog has it
    ("source" for English editions, "pseudo" for pseudo-locales)."""
    details = MessageDetails(
        english=key.msgid, english_plural=key.msgid_plural, context=key.context,
        translation=_printed_text(translations, key), state=state,
    )
    lookup = key.msgid if key.msgid_plural is None else (key.msgid, key.msgid_plural)
    first = None  # the most specific catalog's entry, shown when none translates it
    for checked in chain:
        message = checked.catalog.get(lookup, key.context) if checked.catalog is not None else None
        if message is None:
            continue
        first = first or (checked, message)
        if _state(message) == "translated":
            break
    else:
        if first is None:
            return details
        checked, message = first
    details.state = "source" if checked.is_template else _state(message)
    details.comments = _comments(message)
    details.file, details.line = checked.file, message.lineno
    details.problems = _problems_for(checked, message)
    return details
