"""Build orchestration: editions → HTML → checked layout → PDF in output/.

`EditionBuilder` holds everything that is expensive to set up (fonts,
templates, compiled catalogs) and builds one edition at a time; the command
line drives it over the selected editions. Every file is written atomically,
so a failed or interrupted build leaves earlier leaflets untouched.
"""

from __future__ import annotations

import datetime
import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from campaign import copyfit, font_config, hyphenation, icons, scripts, targets
from campaign.atomic import write_atomically
from campaign.audiences import audience
from campaign.catalog_checks import project_terms, service_names
from campaign.catalog_problems import shorten
from campaign.catalogs import LoadedCatalog, load_catalog
from campaign.content import edition_context, release_problems
from campaign.editions import Edition
from campaign.errors import CampaignError, EnvironmentFault
from campaign.imprint import load_imprint
from campaign.layout_checks import find_text
from campaign.locales import bcp47
from campaign.manifest import file_digest
from campaign.options import BuildOptions, output_path
from campaign.project import Project
from campaign.pseudo import PSEUDO_LOCALES, PseudoTranslations
from campaign.render import Renderer, collect_weasyprint_log
from campaign.templating import compiled_template_cache, install_translations, make_environment


@dataclass
class EditionResult:
    edition: Edition
    ok: bool
    path: Path | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    digest: dict | None = None  # size and sha256 of the PDF written (manifest.file_digest)
    fit: dict | None = None  # the type scale and gaps it was set with (copyfit.Fit.as_record)


def _missing_glyph_message(characters: list[str], document) -> str:
    """Names each character and the panel and text it is in, so a translator
    can find it (the PDF would show an empty box there)."""
    details = []
    for character in dict.fromkeys(characters):
        places = find_text(document, character) or [("leaflet", "")]
        where = "; ".join(f"{panel}: “{text}”" for panel, text in places[:3])
        details.append(f"U+{ord(character):04X} {character!r} in {where}")
    return "no font has a glyph for " + ", and ".join(details)


_frozen_in_process: int | None = None  # the process id that froze its start-up objects


@contextmanager
def _garbage_collected_once():
    """Collect cyclic garbage once per leaflet instead of during it.

    A layout makes hundreds of thousands of short-lived objects, so Python's
    collector would run hundreds of times, each time walking the warm fonts,
    templates and catalogs too. After each leaflet the survivors (those warm
    caches) are frozen out of later collections; before a process's first
    leaflet, so are its imported modules, so that the first collection too
    walks only the leaflet's own objects (5 ms instead of 28 in the build
    process, which has imported the most). Only then: a long-lived process
    (campaign preview) would otherwise freeze whatever garbage it made
    between leaflets, never to be collected.

    Whether this process has frozen is kept in a flag (with the process id,
    since a forked worker starts with its parent's flag):
    gc.get_freeze_count() walks every frozen object, 7 ms per leaflet.
    """
    global _frozen_in_process
    gc.disable()
    if _frozen_in_process != os.getpid():
        gc.freeze()
        _frozen_in_process = os.getpid()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()
        gc.freeze()


def _require_confirmed(country, edition: Edition) -> None:
    """--release prints only contact details confirmed with the services within a year."""
    problems = release_problems(country, edition, datetime.date.today())
    if problems:
        raise CampaignError(
            f"{len(problems)} contact detail(s) not confirmed for release "
            f"(record confirmed and confirmed_by in registry/countries/{country.code}.toml "
            "or shared-services.toml): " + "; ".join(problems)
        )


class EditionBuilder:
    """Builds editions one at a time, keeping fonts, templates and catalogs warm."""

    def __init__(self, project: Project, registry):
        self.project = project
        self.registry = registry
        # Only the leaflets' fonts: faster, and the same leaflets on any machine (font_config.py).
        self.fontconfig_file = font_config.write_configuration(project.cache_dir)
        self.renderer = Renderer(project.templates_dir, fontconfig_file=self.fontconfig_file)
        self._renderers: dict[str, Renderer] = {}
        self.source_date = targets.source_date(project)
        self.environment = make_environment(project.templates_dir)
        self.environment.bytecode_cache = compiled_template_cache(project.cache_dir)
        self.imprint = load_imprint(project.root)
        self._icon_audience = "parents"
        self.environment.globals["icon_url"] = lambda name: icons.icon_url(
            self.renderer.templates_dir, name, audience=self._icon_audience)
        self._catalogs: dict[str, object] = {}
        # Terms every catalog must keep: the terms file and the registry's service names.
        self.terms = project_terms(project, service_names(registry))

    def catalog(self, locale: str):
        if locale not in self._catalogs:
            hyphenation.preload(self.project.cache_dir, bcp47(locale))
            if locale in PSEUDO_LOCALES:
                # Made from the English messages on the fly; a draft, so the
                # cover's draft note is laid out too and --release refuses it.
                self._catalogs[locale] = LoadedCatalog(
                    locale, PseudoTranslations(locale), (), "draft"
                )
            else:
                self._catalogs[locale] = load_catalog(self.project, locale, self.terms)
        return self._catalogs[locale]

    def renderer_for(self, target: str) -> Renderer:
        """Print recolours artwork while loading it, so it has its own renderer and image cache."""
        if target not in self._renderers:
            options = targets.target(target).renderer_options(self.project.templates_dir)
            self._renderers[target] = (
                Renderer(self.project.templates_dir, fontconfig_file=self.fontconfig_file, **options)
                if options else self.renderer
            )
        return self._renderers[target]

    def render_html(self, edition: Edition, catalog, target: str = "screen",
                    linked: bool = True, record=None, fit: copyfit.Fit | None = None) -> str:
        """The edition's HTML; `linked` adds the <link>s to the target's
        stylesheets, which a browser or the weasyprint command needs but a
        build does not (it gives the renderer the parsed stylesheets).
        `record` is called with the key of every message looked up; `fit`
        is the type scale and panel gaps (copyfit.py; default: the minimum)."""
        country = self.registry.country(edition.country)
        install_translations(
            self.environment, catalog.translations, prepare=scripts.preparer(edition.locale), record=record
        )
        # Like the translations, the icons' colours are the edition's. The global is set
        # once and reads the audience at call time: Jinja caches an imported macro's
        # module with the globals of its first render (panel_heading.html).
        self._icon_audience = edition.audience
        template = self.environment.get_template(audience(edition.audience).template)
        context = edition_context(edition, country, catalog)
        context.update(self.imprint.context(edition, self.source_date))
        context["fit"] = fit or copyfit.Fit()
        # Lets the HTML written for inspection (--html) find its stylesheet.
        context["base_href"] = self.renderer.templates_dir.as_uri() + "/"
        if linked:
            context["stylesheets"] = targets.target(target).stylesheets
        return template.render(context)

    def edition_catalog(self, edition: Edition, catalog: LoadedCatalog) -> tuple[LoadedCatalog, list]:
        """The catalog as this edition sees it (reviewed only if every message it
        prints is reviewed: the draft line depends on it) and the messages it
        prints in English. A first render, without the draft line, finds them."""
        used: list[tuple] = []
        self.render_html(edition, catalog.for_messages(()), linked=False, record=used.append)
        used = list(dict.fromkeys(used))
        return catalog.for_messages(used), catalog.prints_english(used)

    def build(self, edition: Edition, options: BuildOptions,
              known_fit: dict | None = None) -> EditionResult:
        """`known_fit` is the fit recorded for exactly this edition's inputs
        (the manifest's, copyfit.Fit.as_record): one layout confirms it."""
        try:
            with _garbage_collected_once():
                return self._build(edition, options, copyfit.Fit.from_record(known_fit))
        except EnvironmentFault:
            raise  # the machine, not this edition: the whole build stops
        except CampaignError as error:
            return EditionResult(edition, ok=False, error=str(error))

    def _build(self, edition: Edition, options: BuildOptions, known_fit: copyfit.Fit | None) -> EditionResult:
        catalog, english = self.edition_catalog(edition, self.catalog(edition.locale))
        notes = []
        if catalog.status == "missing":
            notes.append(f"no catalog for {edition.locale}: English text used")
        elif english:
            notes.append(f"{edition}: {len(english)} message(s) print in English (fuzzy or untranslated): "
                         + "; ".join(f"“{shorten(msgid, 40)}”" for _, msgid in english))
        if options.release and not catalog.is_release_ready():
            raise CampaignError(
                f"the {edition.locale} catalog is a {catalog.status} translation: "
                + ("no catalog" if catalog.status == "missing" else
                   f"{len(english)} message(s) untranslated or fuzzy, or messages not reviewed "
                   f"(`campaign catalog stats`)") + "; --release builds only fully reviewed editions"
            )
        if options.release:
            _require_confirmed(self.registry.country(edition.country), edition)
        path = output_path(edition, self.project, options)
        target = targets.target(options.target)
        renderer = self.renderer_for(target.name)
        fit = None

        def layout(fit: copyfit.Fit):
            html = self.render_html(edition, catalog, target.name, linked=False, fit=fit)
            return renderer.layout(html, target.stylesheets)

        with collect_weasyprint_log() as log:
            try:
                fitted = copyfit.fit_edition(layout, known_fit)
                fit = fitted.fit
            finally:
                if options.write_html:
                    # Written even if fitting fails: that is when it helps most.
                    html = self.render_html(edition, catalog, target.name, fit=fit)
                    write_atomically(path.with_suffix(".html"), html.encode("utf-8"))
            document = fitted.document
            targets.stamp_dates(document, self.source_date)
            pdf = renderer.write_pdf(document, **target.write_options(edition.key, options.marks))
        if log.missing_glyphs:
            raise CampaignError(_missing_glyph_message(log.missing_glyphs, document))
        notes += dict.fromkeys(log.notes)  # once, though copyfitting lays out more than once
        write_atomically(path, pdf)
        copyfit.save_fit(path, fitted)
        return EditionResult(edition, ok=True, path=path, notes=notes, digest=file_digest(pdf),
                             fit=fitted.fit.as_record())
