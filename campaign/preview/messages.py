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
    """Checked catalogs, cached by the bytes of their PO file (and the protected terms)."""

    def __init__(self, project: Project):
        self.project = project
        self.terms: tuple[str, ...] = ()  # the build's protected terms (EditionBuilder.terms)
        self._cache: dict[str, tuple[str, CheckedCatalog]] = {}

    def checked(self, name: str) -> CheckedCatalog | None:
        return self._cached(name, po_path(self.project, name), self._check)

    def template(self) -> CheckedCatalog | None:
        """The POT file, for English editions: its comments and lines (it has no checks)."""
        return self._cached("", pot_path(self.project), self._read_template)

    def _cached(self, name: str, path: Path, read) -> CheckedCatalog | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        digest = hashlib.sha256("\n".join(self.terms).encode() + b"\0" + data).hexdigest()
        cached = self._cache.get(name)
        if cached is None or cached[0] != digest:
            cached = self._cache[name] = (digest, read(name, path, data))
        return cached[1]

    def _check(self, name: str, path: Path, data: bytes) -> CheckedCatalog:
        catalog, problems = check_catalog(self.project, name, self.terms, data)
        return CheckedCatalog(name, display_path(path, self.project.root), catalog, tuple(problems))

    def _read_template(self, name: str, path: Path, data: bytes) -> CheckedCatalog:
        try:
            catalog, _ = read_catalog(path, None, self.project, data)
        except InputError as error:
            return CheckedCatalog(name, display_path(path, self.project.root), None, tuple(error.problems), True)
        return CheckedCatalog(name, display_path(path, self.project.root), catalog, (), True)

    def chain(self, locale: str) -> list[CheckedCatalog]:
        """The catalogs an edition's text comes from, most specific first (English: the POT)."""
        if is_source_locale(locale):
            return [template] if (template := self.template()) else []
        return [checked for name in catalog_chain(locale) if (checked := self.checked(name))]


def _comments(message) -> list[str]:
    return [*message.auto_comments, *message.user_comments]


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


def catalog_errors(chain: list[CheckedCatalog]) -> list[str]:
    """The error-level problems that stop the build, in plain words (the build
    never reads the POT file, so its problems stop nothing)."""
    return [str(problem) for checked in chain if not checked.is_template
            for problem in checked.problems if problem.severity == "error"]
