"""How far each catalog is: counts, per-leaflet completeness, review status.

Unlike `pybabel compile --statistics`, a fuzzy message counts as NOT
translated: it is never used, so the leaflet prints the English source there.
Completeness follows the fallback chain (de_CH is complete where de is), and is
measured against locales/leaflets.pot when it exists, so a catalog that has not
been updated yet does not look complete.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from campaign.audiences import AUDIENCE_NAMES, audiences_of_template
from campaign.catalog_checks import is_translated
from campaign.catalogs import (
    catalog_chain,
    check_catalog,
    list_catalogs,
    po_path,
    pot_path,
    protected_terms,
    read_catalog,
    review_info,
)
from campaign.errors import InputError, display_path
from campaign.project import Project

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
    review_status: str = "draft"
    reviewed_by: str | None = None
    review_date: str | None = None
    errors: int = 0
    warnings: int = 0
    out_of_date: bool = False
    ready_to_print: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _key(message):
    return (message.id, message.context)


def _usable_keys(catalog) -> set:
    return {_key(m) for m in catalog if m.id and not m.fuzzy and is_translated(m)}


def catalog_stats(project: Project, name: str, terms=None, template=None) -> CatalogStats:
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
    stats.review_status, stats.reviewed_by, stats.review_date = review_info(catalog)

    usable = _usable_keys(catalog)
    chain_reviewed = stats.review_status == "reviewed"
    for fallback in catalog_chain(name)[1:]:
        if po_path(project, fallback).is_file():
            stats.fallbacks.append(fallback)
            try:
                fallback_catalog = read_catalog(po_path(project, fallback), fallback, project)[0]
            except InputError:
                chain_reviewed = False  # reported in the fallback's own row
                continue
            usable |= _usable_keys(fallback_catalog)
            chain_reviewed &= review_info(fallback_catalog)[0] == "reviewed"
    # A regional catalog leaves most messages to its language's catalog: those
    # print translated, so they are inherited, not untranslated.
    own = {_key(m) for m in messages if not m.fuzzy and is_translated(m)}
    stats.inherited = sum(1 for m in messages
                          if _key(m) in usable - own and not m.fuzzy)
    stats.untranslated -= stats.inherited
    reference = [m for m in (template or catalog) if m.id]
    if template is not None:
        stats.out_of_date = {_key(m) for m in reference} != {_key(m) for m in messages}
    for leaflet in AUDIENCE_NAMES:
        mine = [m for m in reference if any(leaflet in audiences_of_template(loc) for loc, _ in m.locations)]
        done = sum(1 for m in mine if _key(m) in usable)
        stats.leaflets[leaflet] = round(100.0 * done / len(mine), 1) if mine else 100.0
    stats.ready_to_print = (
        stats.errors == 0 and not stats.out_of_date and chain_reviewed
        and all(value == 100.0 for value in stats.leaflets.values())
    )
    return stats


def all_stats(project: Project, names: list[str] | None = None) -> list[CatalogStats]:
    template = None
    if pot_path(project).is_file():
        template = read_catalog(pot_path(project), None, project)[0]
    terms = protected_terms(project)
    return [catalog_stats(project, name, terms, template) for name in (names or list_catalogs(project))]
