"""How far each catalog is: counts, per-leaflet completeness, reviewed share.

Unlike `pybabel compile --statistics`, a fuzzy message counts as NOT
translated: it is never used, so the leaflet prints the English source there.
Completeness follows the fallback chain (de_CH is complete where de is), and is
measured against locales/leaflets.pot when it exists, so a catalog that has not
been updated yet does not look complete.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from campaign import reviews
from campaign.catalog_checks import check_catalog, is_translated
from campaign.catalog_workflow import message_leaflets
from campaign.audiences import AUDIENCE_NAMES as LEAFLETS
from campaign.audiences import audiences_of_template
from campaign.errors import InputError, display_path
from campaign.locales import normalize as normalize_locale
from campaign.po_files import (existing_chain, is_source_locale, list_catalogs, message_key, po_path, pot_path,
                               read_catalog)
from campaign.project import Project

def leaflets_of_message(message, placed: dict[tuple, set[str]]) -> tuple[str, ...]:
    """The leaflets a message is printed on: from the templates (help-panel
    messages are often on one leaflet only), else from its location."""
    found = placed.get(message_key(message)) or {leaflet for location, _ in message.locations
                                                  for leaflet in audiences_of_template(location)}
    return tuple(leaflet for leaflet in LEAFLETS if leaflet in found)


def placed_messages(project: Project) -> dict[tuple, set[str]]:
    """message_leaflets of the current templates; empty if they do not parse
    (`catalog extract` reports that)."""
    try:
        return message_leaflets(project)
    except InputError:
        return {}


@dataclass
class CatalogStats:
    catalog: str
    file: str
    language: str = ""
    messages: int = 0
    translated: int = 0  # translated in this file
    inherited: int = 0  # not in this file, but translated in a fallback (regional catalogs)
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    fallbacks: list[str] = field(default_factory=list)
    leaflets: dict[str, float] = field(default_factory=dict)  # percent complete via the chain
    reviewed: int = 0  # messages printed translated (via the chain) that have a valid review
    reviewed_share: float = 0.0  # percent of the messages printed translated
    review_status: str = "draft"  # "reviewed" when every message prints translated and reviewed
    errors: int = 0
    warnings: int = 0
    out_of_date: bool = False
    ready_to_print: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


_key = message_key


def _usable_keys(catalog) -> set:
    return {_key(m) for m in catalog if m.id and not m.fuzzy and is_translated(m)}


def catalog_stats(project: Project, name: str, terms=(), template=None, placed=None) -> CatalogStats:
    path = po_path(project, name)
    stats = CatalogStats(name, display_path(path, project.root))
    catalog, problems = check_catalog(project, name, terms)
    stats.errors = sum(1 for p in problems if p.severity == "error")
    stats.warnings = len(problems) - stats.errors
    if catalog is None:  # malformed: the counts are unknown
        return stats
    stats.language = catalog.locale.english_name if catalog.locale else ""
    messages = [m for m in catalog if m.id]
    stats.messages = len(messages)
    stats.fuzzy = sum(1 for m in messages if m.fuzzy)
    stats.translated = sum(1 for m in messages if not m.fuzzy and is_translated(m))
    stats.untranslated = stats.messages - stats.fuzzy - stats.translated
    stats.obsolete = len(catalog.obsolete)

    usable = _usable_keys(catalog)
    reviewed = _reviewed_keys(project, name, catalog, set())
    for fallback in existing_chain(project, name)[1:]:
        stats.fallbacks.append(fallback)
        try:
            fallback_catalog = read_catalog(po_path(project, fallback), fallback, project)[0]
        except InputError:
            continue  # reported in the fallback's own row
        reviewed |= _reviewed_keys(project, fallback, fallback_catalog, usable)
        usable |= _usable_keys(fallback_catalog)
    if is_source_locale(name):  # a regional English catalog: the rest prints the source text
        usable |= {_key(m) for m in messages}
        reviewed |= {_key(m) for m in messages if not is_translated(m)}
    # A regional catalog leaves most messages to its language's catalog: those
    # print translated, so they are inherited, not untranslated.
    own = {_key(m) for m in messages if not m.fuzzy and is_translated(m)}
    stats.inherited = sum(1 for m in messages
                          if _key(m) in usable - own and not m.fuzzy)
    stats.untranslated -= stats.inherited
    reference = [m for m in (template or catalog) if m.id]
    if template is not None:
        stats.out_of_date = {_key(m) for m in reference} != {_key(m) for m in messages}
    for leaflet in LEAFLETS:
        mine = [m for m in reference if leaflet in leaflets_of_message(m, placed or {})]
        done = sum(1 for m in mine if _key(m) in usable)
        stats.leaflets[leaflet] = round(100.0 * done / len(mine), 1) if mine else 100.0
    printed = {_key(m) for m in reference} & usable
    stats.reviewed = len(printed & reviewed)
    stats.reviewed_share = round(100.0 * stats.reviewed / len(printed), 1) if printed else 0.0
    complete = all(value == 100.0 for value in stats.leaflets.values())
    stats.review_status = "reviewed" if complete and printed and printed <= reviewed else "draft"
    stats.ready_to_print = stats.errors == 0 and not stats.out_of_date and stats.review_status == "reviewed"
    return stats


def _reviewed_keys(project: Project, name: str, catalog, shadowed: set) -> set:
    """Messages whose printed text comes from `catalog` (not from a more specific
    catalog: `shadowed`) and has a valid review; a malformed reviews file counts as none."""
    try:
        recorded = reviews.read_reviews(project, name)
    except InputError:
        return set()  # `catalog check` reports it
    return set(reviews.valid_reviews(catalog, recorded)) - shadowed


@dataclass
class StatsReport:
    """`measure_catalogs`: one row per catalog, in the order given (or found)."""

    catalogs: list[CatalogStats]

    def as_dict(self) -> dict:
        return {"catalogs": [row.as_dict() for row in self.catalogs]}


def measure_catalogs(project: Project, locales: list[str] | None = None,
                     terms: tuple[str, ...] = ()) -> StatsReport:
    """The stats of every catalog (or of `locales`, in any spelling: fr-BE, fr_BE).
    `terms` are the protected terms the error counts are checked with."""
    template = None
    if pot_path(project).is_file():
        template = read_catalog(pot_path(project), None, project)[0]
    placed = placed_messages(project)
    names = [normalize_locale(locale) for locale in locales] if locales else list_catalogs(project)
    return StatsReport([catalog_stats(project, name, terms, template, placed) for name in names])
