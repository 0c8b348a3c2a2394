"""The translator workflow: extract the template, start and update catalogs.

Modelled on `pybabel extract/init/update`, through Babel's Python API, with
the Jinja settings of campaign.templating (so extraction and rendering agree on
`trimmed` and newstyle gettext) and without Babel's silent failures: a template
that does not parse is an error with file and line.

Files are only rewritten when their messages change (the creation and revision
dates alone are no change), so running the commands again leaves git clean.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from jinja2 import TemplateSyntaxError

import campaign
from campaign import templating
from campaign.catalog_checks import REVIEW_STATUS_HEADER, make_problem
from campaign.catalogs import (
    DOMAIN,
    LeafletCatalog,
    catalog_chain,
    is_source_locale,
    list_catalogs,
    normalize_locale,
    po_bytes,
    po_path,
    pot_path,
    read_catalog,
    write_catalog,
)
from campaign.errors import CampaignError, InputError, display_path
from campaign.project import Project

PROJECT_NAME = "campaign-leaflets"
# Template folders that are tooling, not leaflet text.
NOT_EXTRACTED = ("review-sheet",)
# Python sources of the tool whose strings can reach a leaflet.
PYTHON_SOURCES = Path(campaign.__file__).parent


def _template_files(templates_dir: Path) -> list[Path]:
    files = [
        path for path in templates_dir.rglob("*")
        if path.suffix in templating.TEMPLATE_SUFFIXES and path.is_file()
        and path.relative_to(templates_dir).parts[0] not in NOT_EXTRACTED
    ]
    return sorted(files, key=lambda p: p.relative_to(templates_dir).as_posix())


def _python_files() -> list[Path]:
    return sorted(PYTHON_SOURCES.rglob("*.py"), key=lambda p: p.as_posix())


def extract_template(project: Project) -> LeafletCatalog:
    """Every message of the templates (and of the tool's Python code), in file order.

    Raises InputError naming file and line for each template that does not parse.
    """
    template = LeafletCatalog(project=PROJECT_NAME, version=campaign.__version__,
                              domain=DOMAIN, fuzzy=False)
    problems = []
    sources = [(path, project.templates_dir, "jinja2", templating.EXTRACTION_OPTIONS["**.html"])
               for path in _template_files(project.templates_dir)]
    sources += [(path, PYTHON_SOURCES.parent, "python", {}) for path in _python_files()]
    for path, root, method, options in sources:
        location = path.relative_to(root).as_posix()
        try:
            found = list(extract_from_file(
                method, str(path), keywords=DEFAULT_KEYWORDS,
                comment_tags=[templating.TRANSLATOR_COMMENT_TAG], options=options,
                strip_comment_tags=True,
            ))
        except TemplateSyntaxError as error:
            problems.append(make_problem("template-syntax", "error", display_path(path, project.root),
                                         error.lineno, "template", error.message or str(error)))
            continue
        for lineno, message, comments, context in found:
            template.add(message, None, [(location, lineno)], auto_comments=comments, context=context)
    if problems:
        raise InputError("Templates that do not parse (no messages extracted):", problems)
    return template


def _same_messages(old: bytes, new: bytes) -> bool:
    """Equal apart from header dates (which change on every run)."""
    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines()
                if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))]
    return strip(old) == strip(new)


@dataclass
class Outcome:
    path: Path
    changed: bool
    note: str = ""


def extract(project: Project, check: bool = False) -> Outcome:
    """Write locales/leaflets.pot (or with check=True, only tell if it is out of date)."""
    template = extract_template(project)
    path = pot_path(project)
    new = po_bytes(template)
    changed = not (path.is_file() and _same_messages(path.read_bytes(), new))
    if changed and not check:
        write_catalog(path, template)
    return Outcome(path, changed, f"{len(template)} messages")


def _read_template(project: Project) -> LeafletCatalog:
    path = pot_path(project)
    if not path.is_file():
        raise CampaignError(f"{display_path(path, project.root)} does not exist; run `campaign catalog extract` first")
    template, _ = read_catalog(path, None, project)
    return template


def parse_catalog_locale(locale: str) -> tuple[str, Locale]:
    name = normalize_locale(locale)
    try:
        parsed = Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        raise CampaignError(f"{locale!r} is not a locale Babel knows (use e.g. de, de_CH, sr_Latn, pt_BR)")
    if is_source_locale(name):
        raise CampaignError("English editions use the source text and need no catalog")
    return str(parsed), parsed


def init(project: Project, locale: str, translator: str | None = None) -> Outcome:
    """Start a catalog: Babel's Plural-Forms for the language, the language's
    name in the header, review status draft."""
    name, parsed = parse_catalog_locale(locale)
    path = po_path(project, name)
    if path.exists():
        raise CampaignError(f"{display_path(path, project.root)} already exists; use `campaign catalog update`")
    template = _read_template(project)
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    catalog = LeafletCatalog(
        locale=name, domain=DOMAIN, project=PROJECT_NAME, version=campaign.__version__,
        creation_date=template.creation_date, revision_date=now, fuzzy=False,
        language_team=f"{parsed.english_name} ({parsed.get_display_name(parsed)})",
        header_comment=(
            f"# {parsed.english_name} ({parsed.get_display_name(parsed)}) translation of the "
            "online-safety leaflets.\n"
            "# Translator's guide, review status and checks: locales/README.md\n#"
        ),
    )
    if translator:
        catalog.last_translator = translator
    catalog.set_header(REVIEW_STATUS_HEADER, "draft")
    for message in template:
        if message.id:
            empty = ("",) * catalog.num_plurals if message.pluralizable else ""
            catalog.add(message.id, empty, message.locations, message.flags,
                        message.auto_comments, message.user_comments, context=message.context)
    write_catalog(path, catalog)
    fallbacks = [n for n in catalog_chain(name)[1:] if po_path(project, n).is_file()]
    note = f"falls back to {', '.join(fallbacks)}" if fallbacks else ""
    return Outcome(path, True, note)


def _merge(catalog: LeafletCatalog, template: LeafletCatalog) -> None:
    """Catalog.update, keeping the previous text of messages that stay fuzzy
    (Babel forgets it on the second update; GNU msgmerge keeps it)."""
    previous = {(m.id, m.context): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, update_header_comment=False, keep_user_comments=True)
    for message in catalog:
        key = (message.id, message.context)
        if message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]


def update(project: Project, locales: list[str] | None = None, check: bool = False) -> list[Outcome]:
    """Merge the template into catalogs: new messages added, changed ones fuzzy
    with their previous text, removed ones obsolete. With check=True nothing is
    written; each outcome says whether the catalog is out of date.

    A reviewed catalog whose messages change goes back to draft: the new and
    fuzzy messages have not been reviewed.
    """
    template = _read_template(project)
    names = [normalize_locale(n) for n in locales] if locales else list_catalogs(project)
    outcomes, problems = [], []
    for name in names:
        path = po_path(project, name)
        if not path.is_file():
            raise CampaignError(f"no catalog for {name}; start one with `campaign catalog init {name}`")
        try:
            catalog, _ = read_catalog(path, name, project)
        except InputError as error:
            problems += error.problems
            continue
        before = po_bytes(catalog)
        _merge(catalog, template)
        changed = not _same_messages(before, po_bytes(catalog))
        note = ""
        if changed and catalog.raw_headers.get(REVIEW_STATUS_HEADER.lower()) == "reviewed":
            catalog.set_header(REVIEW_STATUS_HEADER, "draft")
            note = "was reviewed, now draft: its messages changed"
        if changed and not check:
            write_catalog(path, catalog)
        outcomes.append(Outcome(path, changed, note))
    if problems:
        raise InputError("Catalogs that could not be updated (fix them first):", problems)
    return outcomes
