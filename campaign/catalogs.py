"""Translation catalogs at run time: reading, writing, compiling and loading.

Layout (domain `leaflets`): locales/leaflets.pot and
locales/<catalog>/LC_MESSAGES/leaflets.po, one catalog per language (`de`,
`sr` = Serbian Cyrillic, `sr_Latn`), regional ones only where wording differs
(`de_CH`). An edition locale looks its messages up along `catalog_chain`.

The build never reads committed .mo files: `load_catalog` compiles each PO file
into project.cache_dir/catalogs/<hash>.mo, keyed by the PO file's bytes (and the
check code), so a compiled catalog can never be staler than its PO file.

Babel is used for parsing, merging and compiling, with two repairs (both needed
for a byte-identical read → write round trip):
- Catalog.mime_headers drops header fields it does not know, such as our
  X-Review-* fields or Poedit's X-Generator: LeafletCatalog keeps them.
- read_po reads "#| msgid" (previous text of a fuzzy message) as a user
  comment and writes it back as "# | msgid": LeafletPoParser reads it properly.
"""

from __future__ import annotations

import functools

import gettext
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import babel
from babel.core import get_global, parse_locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, denormalize, write_po
from babel.support import Translations

from campaign import catalog_checks
from campaign.atomic import write_atomically
from campaign.catalog_checks import (
    REVIEW_DATE_HEADER,
    REVIEW_STATUS_HEADER,
    REVIEWED_BY_HEADER,
    CatalogProblem,
    CheckInput,
    is_translated,
    make_problem,
)
from campaign.errors import CampaignError, InputError, display_path
from campaign.locales import normalize as normalize_locale  # the one locale normaliser
from campaign.po_syntax import PoScan, scan_po
from campaign.project import Project

DOMAIN = "leaflets"
# How every PO/POT file is written, so read_po → write_po gives the same bytes:
# Babel's default width, source order (the order of the templates), previous
# msgids kept for fuzzy messages, obsolete messages kept.
WRITE_OPTIONS = dict(width=76, sort_output=False, sort_by_file=False,
                     ignore_obsolete=False, include_previous=True)

_KNOWN_HEADERS = {
    "project-id-version", "report-msgid-bugs-to", "pot-creation-date", "po-revision-date",
    "last-translator", "language", "language-team", "plural-forms", "mime-version",
    "content-type", "content-transfer-encoding", "generated-by",
}


class LeafletCatalog(Catalog):
    """A Babel Catalog that keeps every header field it reads.

    `raw_headers` holds the header as written (lower-case names), so checks can
    tell a missing Plural-Forms from Babel's silent default; `extra_headers`
    holds the fields Babel does not know, written back before Generated-By.
    """

    def __init__(self, *args, **kwargs):
        self.raw_headers: dict[str, str] = {}
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _get_leaflet_headers(self):
        headers = Catalog._get_mime_headers(self)
        extras = list(self.extra_headers.items())
        # Generated-By ends with "\n"; anything after it would leave the header.
        return headers[:-1] + extras + headers[-1:]

    def _set_leaflet_headers(self, headers):
        headers = list(headers)
        Catalog._set_mime_headers(self, headers)
        for name, value in headers:
            self.raw_headers[name.lower()] = value
            if name.lower() not in _KNOWN_HEADERS:
                self.extra_headers[name] = value

    mime_headers = property(_get_leaflet_headers, _set_leaflet_headers)

    def set_header(self, name: str, value: str | None) -> None:
        """Set (or with None, remove) a custom header field such as X-Review-Status."""
        for existing in [k for k in self.extra_headers if k.lower() == name.lower()]:
            del self.extra_headers[existing]
        self.raw_headers.pop(name.lower(), None)
        if value is not None:
            self.extra_headers[name] = value
            self.raw_headers[name.lower()] = value


class LeafletPoParser(PoFileParser):
    """Babel's parser, plus "#| msgid" previous-text comments (GNU and Babel write them)."""

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous: list[tuple[str, list[str]]] = []

    def _process_comment(self, line) -> None:
        if not line.startswith("#|"):
            return super()._process_comment(line)
        self._finish_current_message()
        text = line[2:].strip()
        if text.startswith('"') and self.previous:
            self.previous[-1][1].append(text)
        else:
            keyword, _, value = text.partition(" ")
            self.previous.append((keyword, [value.strip()]))

    def _add_message(self) -> None:
        previous = [denormalize("\n".join(parts)) for keyword, parts in self.previous
                    if keyword in ("msgid", "msgid_plural")]
        msgid = self.messages[0].denormalize()
        context = self.context.denormalize() if self.context else None
        obsolete = self.obsolete
        super()._add_message()
        if previous and not obsolete:
            self.catalog.get(msgid, context).previous_id = previous


def _display(path: Path, project: Project | None) -> str:
    return display_path(path, project.root if project else None)


def read_catalog(path: Path, locale: str | None = None, project: Project | None = None,
                 data: bytes | None = None) -> tuple[LeafletCatalog, PoScan]:
    """Parse a PO/POT file; raise InputError (file and line) if it is malformed."""
    file = _display(path, project)
    name = locale or "template"
    if data is None:
        data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{file} is not valid UTF-8", [
            make_problem("po-syntax", "error", file, line, name, "not valid UTF-8; save the file as UTF-8")])
    scan = scan_po(text, file, name)
    if scan.problems:
        raise InputError(f"{file} is not a valid PO file", scan.problems)
    try:
        catalog = LeafletCatalog(locale=locale, domain=DOMAIN)
    except (ValueError, babel.UnknownLocaleError):
        raise InputError(f"{file}: unknown locale", [make_problem(
            "header", "error", file, 0, name, f"{locale!r} is not a locale Babel knows")])
    try:
        LeafletPoParser(catalog, abort_invalid=True).parse(_babel_lines(text))
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", -1) + 1
        raise InputError(f"{file} is not a valid PO file", [
            make_problem("po-syntax", "error", file, line, name, str(error))])
    return catalog, scan


def _babel_lines(text: str) -> list[str]:
    """Lines for Babel's parser, without GNU's "#~|" (previous text of an obsolete
    message), which it cannot read; blanked rather than dropped, to keep line numbers."""
    return ["" if line.lstrip().startswith("#~|") else line for line in text.splitlines()]


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, **WRITE_OPTIONS)
    return buffer.getvalue()


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write atomically, so a crash never leaves a half-written PO file."""
    write_atomically(path, po_bytes(catalog))


# --------------------------------------------------------------------------
# Where catalogs are
# --------------------------------------------------------------------------


def pot_path(project: Project) -> Path:
    return project.locales_dir / f"{DOMAIN}.pot"


def po_path(project: Project, catalog: str) -> Path:
    return project.locales_dir / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


def list_catalogs(project: Project) -> list[str]:
    """Names of the catalogs present, e.g. ["de", "de_CH", "sr_Latn"]."""
    if not project.locales_dir.is_dir():
        return []
    return sorted(p.name for p in project.locales_dir.iterdir() if po_path(project, p.name).is_file())


def is_source_locale(locale: str) -> bool:
    """English editions print the source text and need no catalog."""
    return normalize_locale(locale).split("_")[0].lower() == "en"


def catalog_chain(locale: str) -> list[str]:
    """Catalog names to look messages up in, most specific first.

    de_CH → [de_CH, de]; sr_Latn_ME → [sr_Latn_ME, sr_Latn] (not sr, which is
    Cyrillic); sr_Cyrl_RS → [sr_Cyrl_RS, sr_Cyrl, sr]; sr_ME → [sr_ME, sr_Latn]
    (CLDR: Serbian in Montenegro is written in Latin). The language alone is
    used only when the locale's script is the language's default script.
    """
    locale = normalize_locale(locale)
    language, territory, script, _variant = parse_locale(locale)
    likely = get_global("likely_subtags")
    default_script = _script_of(likely.get(language))
    if script is None and territory:
        script = _script_of(likely.get(f"{language}_{territory}")) or default_script
    chain = [locale]
    if script and (script != default_script or f"_{script}" in locale):
        chain.append(f"{language}_{script}")
    if not script or script == default_script:
        chain.append(language)
    return list(dict.fromkeys(chain))


def _script_of(likely: str | None) -> str | None:
    return parse_locale(likely)[2] if likely else None


# --------------------------------------------------------------------------
# Review status
# --------------------------------------------------------------------------


def review_info(catalog: LeafletCatalog) -> tuple[str, str | None, str | None]:
    """(status, reviewed by, review date) from the header; missing status = draft."""
    headers = catalog.raw_headers
    status = headers.get(REVIEW_STATUS_HEADER.lower(), "draft").strip() or "draft"
    by = headers.get(REVIEWED_BY_HEADER.lower(), "").strip() or None
    date = headers.get(REVIEW_DATE_HEADER.lower(), "").strip() or None
    return status, by, date


# --------------------------------------------------------------------------
# Protected terms
# --------------------------------------------------------------------------


def protected_terms(project: Project) -> tuple[str, ...]:
    """Terms a translation must keep as they are: locales/protected-terms.txt
    (one per line, # comments) plus service names from the registry."""
    terms: list[str] = []
    path = project.locales_dir / "protected-terms.txt"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                terms.append(line)
    terms += _registry_service_names(project)
    return tuple(dict.fromkeys(terms))


def _registry_service_names(project: Project) -> list[str]:
    if not project.registry_dir.is_dir():
        return []
    files = sorted(project.registry_dir.rglob("*.toml"))
    # Every catalog load asks for these; read the registry again only when a
    # file in it changed (a build loads some seventy catalogs per process).
    signature = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return list(_service_names_from(project.registry_dir, signature))


@functools.lru_cache(maxsize=4)
def _service_names_from(registry_dir: Path, signature: tuple) -> tuple[str, ...]:
    from campaign.registry import load_registry

    try:
        registry = load_registry(registry_dir)
    except CampaignError:
        return ()  # `campaign countries check` reports registry problems
    names = []
    for country in registry.countries.values():
        for service in country.services:
            # A descriptive name ("Police emergency number") is not a name to protect.
            if service.name and not service.name_is_description:
                names.append(service.name)
    return tuple(names)


# --------------------------------------------------------------------------
# Checking, compiling and loading
# --------------------------------------------------------------------------


def check_catalog(project: Project, catalog_name: str, terms: tuple[str, ...] | None = None,
                  data: bytes | None = None) -> tuple[LeafletCatalog | None, list[CatalogProblem]]:
    """Every problem in one catalog (errors and warnings); the catalog if it parses."""
    path = po_path(project, catalog_name)
    try:
        catalog, scan = read_catalog(path, catalog_name, project, data)
    except InputError as error:
        return None, list(error.problems)
    if terms is None:
        terms = protected_terms(project)
    has_fallback = any(po_path(project, name).is_file() for name in catalog_chain(catalog_name)[1:])
    check_input = CheckInput(_display(path, project), catalog_name, catalog, scan, terms, has_fallback)
    return catalog, catalog_checks.run_checks(check_input)


def compile_mo(catalog: Catalog) -> bytes:
    """The .mo bytes: fuzzy messages and messages with an empty form left out
    (Babel's write_mo would keep a plural message with one empty form)."""
    clean = Catalog(locale=catalog.locale, domain=catalog.domain, fuzzy=False)
    clean.mime_headers = catalog.mime_headers
    for message in catalog:
        if message.id and not message.fuzzy and is_translated(message):
            clean[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, clean, use_fuzzy=False)
    return buffer.getvalue()


def _code_digest() -> str:
    """The checks and the compiler are part of the cache key: a change in either
    recompiles (and rechecks) every catalog."""
    digest = hashlib.sha256(babel.__version__.encode())
    for module in (catalog_checks.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def compiled_translations(project: Project, catalog_name: str, terms: tuple[str, ...]) -> tuple[Translations, LeafletCatalog | None]:
    """Translations for one PO file, from the cache when its bytes are unchanged.

    A cache entry is only written after the error-level checks pass, so a hit
    means the same bytes passed before. Returns the parsed catalog when it had
    to be compiled (None on a cache hit).
    """
    path = po_path(project, catalog_name)
    data = path.read_bytes()
    key = hashlib.sha256(_code_digest().encode() + b"\0" + "\n".join(terms).encode()
                         + b"\0" + catalog_name.encode() + b"\0" + data).hexdigest()
    cached = project.cache_dir / "catalogs" / f"{catalog_name}-{key[:32]}.mo"
    try:
        with cached.open("rb") as file:
            return Translations(file, domain=DOMAIN), None
    except FileNotFoundError:
        pass  # not compiled yet (or being replaced by another process)
    catalog, problems = check_catalog(project, catalog_name, terms, data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(
            f"The {catalog_name} catalog has {len(errors)} error(s); "
            f"run `campaign catalog check {catalog_name}` for details", errors)
    mo = compile_mo(catalog)
    cached.parent.mkdir(parents=True, exist_ok=True)
    for stale in cached.parent.glob(f"{catalog_name}-*.mo"):  # older versions of this PO file
        if stale.name != cached.name:
            stale.unlink(missing_ok=True)
    write_atomically(cached, mo)
    return Translations(io.BytesIO(mo), domain=DOMAIN), catalog


@dataclass(frozen=True)
class LoadedCatalog:
    locale: str  # edition locale, e.g. "fr_BE"
    translations: gettext.NullTranslations  # Translations chain, or NullTranslations
    catalog_files: tuple[Path, ...]  # PO files used, most specific first
    status: str  # "source", "draft", "reviewed" or "missing"
    reviewed_by: str | None = None
    review_date: str | None = None

    def is_release_ready(self) -> bool:
        return self.status in ("source", "reviewed")


def load_catalog(project: Project, locale: str) -> LoadedCatalog:
    """The translations for an edition locale, checked and compiled.

    Raises InputError naming file, line and locale if a catalog in the chain is
    malformed or has errors. No catalog at all gives status "missing" and the
    English text, so the caller decides whether that is acceptable.
    """
    if is_source_locale(locale):
        return LoadedCatalog(locale, gettext.NullTranslations(), (), "source")
    names = [n for n in catalog_chain(locale) if po_path(project, n).is_file()]
    if not names:
        return LoadedCatalog(locale, gettext.NullTranslations(), (), "missing")
    terms = protected_terms(project)
    chain: list[Translations] = []
    reviews = []
    for name in names:
        translations, catalog = compiled_translations(project, name, terms)
        chain.append(translations)
        if catalog is None:  # cache hit: the header is all we need
            catalog = _read_header(po_path(project, name))
        reviews.append(review_info(catalog))
    for fallback in chain[1:]:
        chain[0].add_fallback(fallback)
    status, reviewed_by, review_date = _combined_review(reviews)
    files = tuple(po_path(project, name) for name in names)
    return LoadedCatalog(locale, chain[0], files, status, reviewed_by, review_date)


def _read_header(path: Path) -> LeafletCatalog:
    """Only the header entry (fast path for cache hits)."""
    lines = []
    with path.open(encoding="utf-8") as file:
        for line in file:
            if not line.strip() and any(l.startswith("msgstr") for l in lines):
                break
            lines.append(line)
    catalog = LeafletCatalog(domain=DOMAIN)
    LeafletPoParser(catalog).parse(lines)
    return catalog


def _combined_review(reviews) -> tuple[str, str | None, str | None]:
    """A chain is reviewed only if every catalog in it is; its reviewers are all
    of theirs and its date the oldest (what the whole text was reviewed by)."""
    if any(status != "reviewed" for status, _, _ in reviews):
        return "draft", None, None
    names = list(dict.fromkeys(by for _, by, _ in reviews if by))
    dates = [date for _, _, date in reviews if date]
    return "reviewed", "; ".join(names) or None, min(dates) if dates else None


def catalog_fingerprint(project: Project, locale: str) -> str:
    """Hash of the PO files in the chain (names and bytes), for incremental builds."""
    digest = hashlib.sha256(normalize_locale(locale).encode())
    if not is_source_locale(locale):
        for name in catalog_chain(locale):
            path = po_path(project, name)
            if path.is_file():
                digest.update(b"\0" + name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
