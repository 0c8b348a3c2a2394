"""Translation catalogs at run time: checking, compiling and loading for the build.

The build never reads committed .mo files: `load_catalog` compiles each PO file
into project.cache_dir/catalogs/<name>-<hash>.mo, keyed by the PO file's bytes,
the protected terms and the checking code, so a compiled catalog can never be
staler than its PO file, and a catalog with check errors is never compiled:
every build runs the same checks as `campaign catalog check`.

Beside each .mo the cache keeps which messages the PO file translates and
their review hashes, so a warm build does not parse the PO file again.
Files: campaign.po_files; checks: campaign.catalog_checks; reviews: campaign.reviews.
"""

from __future__ import annotations

import dataclasses
import gettext
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import babel
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from campaign import catalog_checks, placeholders, plural_rules, po_files, po_syntax, reviews
from campaign.atomic import write_atomically
from campaign.catalog_checks import check_catalog, is_translated
from campaign.errors import InputError
from campaign.po_files import DOMAIN, existing_chain, is_source_locale, message_key, po_path
from campaign.project import Project
from campaign.locales import normalize as normalize_locale


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
    """The checks, readers and compiler are part of the cache key: a change in
    any recompiles (and rechecks) every catalog."""
    digest = hashlib.sha256(babel.__version__.encode())
    for module in (catalog_checks, placeholders, plural_rules, po_files, po_syntax, reviews):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class CompiledCatalog:
    translations: Translations
    # (msgctxt, msgid) -> review hash of every message this PO file prints translated
    printed: dict[tuple, str]
    untranslated: frozenset  # its other messages (fuzzy or empty)


def compiled_translations(project: Project, catalog_name: str, terms: tuple[str, ...]) -> CompiledCatalog:
    """Translations for one PO file, from the cache when its bytes are unchanged.

    A cache entry is only written after the error-level checks pass, so a hit
    means the same bytes passed before.
    """
    path = po_path(project, catalog_name)
    data = path.read_bytes()
    key = hashlib.sha256(_code_digest().encode() + b"\0" + "\n".join(terms).encode()
                         + b"\0" + catalog_name.encode() + b"\0" + data).hexdigest()
    cached = project.cache_dir / "catalogs" / f"{catalog_name}-{key[:32]}.mo"
    index = cached.with_suffix(".json")
    try:
        known = json.loads(index.read_text(encoding="utf-8"))
        printed = {(context, msgid): digest for context, msgid, digest in known["printed"]}
        untranslated = frozenset((context, msgid) for context, msgid in known["untranslated"])
        with cached.open("rb") as file:
            return CompiledCatalog(Translations(file, domain=DOMAIN), printed, untranslated)
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        pass  # not compiled yet (or being replaced by another process)
    catalog, problems = check_catalog(project, catalog_name, terms, data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(
            f"The {catalog_name} catalog has {len(errors)} error(s); "
            f"run `campaign catalog check {catalog_name}` for details", errors)
    mo = compile_mo(catalog)
    printed = {message_key(m): reviews.message_digest(m) for m in catalog
               if m.id and not m.fuzzy and is_translated(m)}
    untranslated = frozenset(message_key(m) for m in catalog if m.id) - set(printed)
    cached.parent.mkdir(parents=True, exist_ok=True)
    for stale in cached.parent.glob(f"{catalog_name}-*"):  # older versions of this PO file
        if stale.stem != cached.stem:
            stale.unlink(missing_ok=True)
    write_atomically(cached, mo)
    known = {"printed": [[*k, d] for k, d in printed.items()], "untranslated": [list(k) for k in untranslated]}
    write_atomically(index, json.dumps(known, ensure_ascii=False).encode("utf-8"))
    return CompiledCatalog(Translations(io.BytesIO(mo), domain=DOMAIN), printed, untranslated)


@dataclass(frozen=True)
class LoadedCatalog:
    """The translations of an edition locale, and what is known about each message.

    `status` is "source" (English), "missing" (no catalog: English text),
    "draft" or "reviewed". For a whole catalog, "reviewed" means every message
    it translates has a valid review; `for_messages` narrows it to the messages
    one edition prints.
    """

    locale: str  # edition locale, e.g. "fr_BE"
    translations: gettext.NullTranslations  # Translations chain, or NullTranslations
    catalog_files: tuple[Path, ...]  # PO files used, most specific first
    status: str  # "source", "draft", "reviewed" or "missing"
    reviewed_by: str | None = None
    review_date: str | None = None
    # Messages printed translated, and those of them with a valid review;
    # None: every message (the English source, pseudo-locales, test samples).
    translated: frozenset | None = None
    reviewed: frozenset | None = None
    reviewers: tuple[tuple[tuple, str, str], ...] = ()  # (key, reviewer, date) of each valid review
    # A regional English catalog (en_US): the messages it leaves out print the
    # source text, which needs no translation and no review.
    source_fallback: bool = False

    def is_release_ready(self) -> bool:
        return self.status in ("source", "reviewed")

    def prints_english(self, used: Iterable[tuple]) -> list[tuple]:
        """The messages among `used` that print in English (fuzzy or untranslated)."""
        if self.status == "source" or self.translated is None or self.source_fallback:
            return []
        return [key for key in used if key not in self.translated]

    def for_messages(self, used: Iterable[tuple]) -> LoadedCatalog:
        """This catalog as one edition sees it: reviewed only when every message
        the edition prints is translated and reviewed."""
        if self.status in ("source", "missing") or self.reviewed is None:
            return self
        used = set(used)
        if self.source_fallback:
            used &= self.translated
        reviewed = not self.prints_english(used) and all(key in self.reviewed for key in used)
        mine = [(reviewer, date) for key, reviewer, date in self.reviewers if key in used]
        return dataclasses.replace(
            self, status="reviewed" if reviewed else "draft",
            reviewed_by="; ".join(sorted({r for r, _ in mine})) or None if reviewed else None,
            review_date=min((d for _, d in mine), default=None) if reviewed else None)


def load_catalog(project: Project, locale: str, terms: tuple[str, ...] = ()) -> LoadedCatalog:
    """The translations for an edition locale, checked and compiled.

    `terms` are the protected terms (catalog_checks.project_terms): the caller
    passes them, with the registry's service names. Raises InputError naming
    file, line and locale if a catalog in the chain is malformed or has
    errors. No catalog at all gives status "missing" and the English text, so
    the caller decides whether that is acceptable. An English edition prints
    the source text, through its regional catalog where there is one (en_US).
    """
    names = existing_chain(project, locale)
    english = is_source_locale(locale)
    if english and not names:
        return LoadedCatalog(locale, gettext.NullTranslations(), (), "source")
    if not names:
        return LoadedCatalog(locale, gettext.NullTranslations(), (), "missing", translated=frozenset(),
                             reviewed=frozenset())
    chain: list[Translations] = []
    provider: dict[tuple, tuple[str, str]] = {}  # message -> (catalog that prints it, its hash)
    known: set[tuple] = set()
    for name in names:
        compiled = compiled_translations(project, name, terms)
        chain.append(compiled.translations)
        for key, digest in compiled.printed.items():
            provider.setdefault(key, (name, digest))
        if not english:  # untranslated English messages print the source text
            known |= compiled.untranslated
    for fallback in chain[1:]:
        chain[0].add_fallback(fallback)
    recorded = {name: reviews.read_reviews(project, name) for name in names}
    valid = []
    for key, (name, digest) in provider.items():
        review = recorded[name].get(key)
        if review and review.sha256 == digest:
            valid.append((key, review.reviewer, review.date))
    reviewed = frozenset(key for key, _, _ in valid)
    status = "reviewed" if reviewed == frozenset(provider) and known <= reviewed else "draft"
    files = tuple(po_path(project, name) for name in names)
    loaded = LoadedCatalog(locale, chain[0], files, "draft", translated=frozenset(provider),
                           reviewed=reviewed, reviewers=tuple(valid), source_fallback=english)
    return loaded.for_messages(provider) if status == "reviewed" else loaded


def catalog_fingerprint(project: Project, locale: str) -> str:
    """Hash of the PO and reviews files in the chain (names and bytes), for incremental builds."""
    digest = hashlib.sha256(normalize_locale(locale).encode())
    for name in existing_chain(project, locale):
        for path in (po_path(project, name), reviews.reviews_path(project, name)):
            if path.is_file():
                digest.update(b"\0" + name.encode() + b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
