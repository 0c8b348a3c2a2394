"""One edition laid out for the preview: page images, message boxes, details.

`EditionPreviewer` drives a warm EditionBuilder (fonts, parsed stylesheets,
templates stay loaded between renders) through its public methods, with the
preview-only marking hook, then rasterises the PDF with pypdfium2. Anything
that goes wrong becomes a `PreviewError` in plain words: a bad catalog names
its file and line, a layout problem its panel and line of text.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import time
from dataclasses import dataclass, field

import jinja2
import pypdfium2

from campaign import targets
# The build's own wording for a missing glyph, so the preview says what the build says.
from campaign.build import EditionBuilder, _missing_glyph_message
from campaign.catalog_checks import project_terms, service_names
from campaign.catalogs import load_catalog
from campaign.editions import Edition
from campaign.errors import CampaignError, InputError
from campaign.layout_checks import check_layout
from campaign.preview.boxes import message_boxes, panel_boxes
from campaign.preview.marking import MarkingTranslations, markers_to_spans
from campaign.preview.messages import CatalogReader, MessageKey, message_details
from campaign.po_files import is_source_locale
from campaign.project import Project
from campaign.render import collect_weasyprint_log
from campaign.pseudo import PSEUDO_LOCALES
from campaign.registry import load_registry

log = logging.getLogger(__name__)

# Page images at 108 dpi: a tri-fold A4 sheet is about 1260 px wide, sharp
# enough to read 8 pt text, quick to rasterise and encode.
IMAGE_SCALE = 1.5  # pdfium scale: 1 = 72 dpi


class PreviewProject(Project):
    """The project, with derived files (compiled catalogs) in the preview's own cache."""

    @property
    def cache_dir(self):
        return self.root / ".cache" / "preview"


class PreviewError(Exception):
    """Why an edition could not be shown, as lines of plain words."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class Snapshot:
    edition: Edition
    target: str
    pages: list[bytes]  # JPEG images, one per page
    boxes: list  # MessageBox
    messages: list[dict]  # MessageDetails.as_dict() by message index
    panels: list = field(default_factory=list)  # PanelBox
    layout_seconds: float = 0.0
    pdf: bytes = b""  # for pictures at another resolution (screenshots)
    keys: list[MessageKey] = field(default_factory=list)  # the messages, by index
    translations: object = None  # what the edition printed them with
    checked: bool = False  # whether `messages` include the catalog checks' problems


def _plain_template_error(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"templates/{error.name or error.filename}: line {error.lineno}: {error.message}"
    return f"a template failed: {error}"


class EditionPreviewer:
    """Lays editions out with one warm EditionBuilder."""

    def __init__(self, project: Project):
        self.project = project if isinstance(project, PreviewProject) else PreviewProject(project.root)
        self.catalogs = CatalogReader(self.project)
        self._builder: EditionBuilder | None = None
        self._registry_stale = False

    @property
    def builder(self) -> EditionBuilder:
        if self._builder is None:
            self._builder = EditionBuilder(self.project, load_registry(self.project.registry_dir))
        return self._builder

    def forget_registry(self) -> None:
        """The registry changed: read it again (fonts and stylesheets stay warm)."""
        self._registry_stale = True

    def forget_assets(self) -> None:
        """A stylesheet, font or picture changed: start a new builder (templates
        themselves are reloaded by Jinja when their file changes)."""
        self._builder = None

    def render(self, edition: Edition, target: str = "screen") -> Snapshot:
        try:
            return self._render(edition, target)
        except PreviewError:
            raise
        except InputError as error:
            raise PreviewError([error.summary, *map(str, error.problems)]) from None
        except CampaignError as error:
            raise PreviewError(str(error).splitlines()) from None
        except jinja2.TemplateError as error:
            raise PreviewError([_plain_template_error(error)]) from None
        except Exception as error:  # shown in the page; the console keeps the traceback
            log.exception("preview of %s failed", edition)
            raise PreviewError([f"the layout failed unexpectedly: {type(error).__name__}: {error}"]) from None

    def _catalog(self, locale: str):
        if locale in PSEUDO_LOCALES:
            return self.builder.catalog(locale)
        return load_catalog(self.project, locale, self.builder.terms)

    def _render(self, edition: Edition, target: str) -> Snapshot:
        started = time.perf_counter()
        builder = self.builder
        if self._registry_stale:
            builder.registry = load_registry(self.project.registry_dir)
            # The registry's service names are protected terms of every catalog.
            builder.terms = project_terms(self.project, service_names(builder.registry))
            self._registry_stale = False
        self.catalogs.terms = builder.terms
        builder.registry.country(edition.country)  # an unknown country fails here, in words
        # As the build sees it: a draft line unless every message this edition prints is reviewed.
        catalog, _ = builder.edition_catalog(edition, self._catalog(edition.locale))
        marking = MarkingTranslations(catalog.translations)
        marked_catalog = dataclasses.replace(catalog, translations=marking)
        html = markers_to_spans(builder.render_html(edition, marked_catalog, target, linked=False))
        renderer = builder.renderer_for(target)
        with collect_weasyprint_log() as log:
            document = renderer.layout(html, targets.target(target).stylesheets)
            problems = check_layout(document)
            if problems:
                raise PreviewError(["The text does not fit the leaflet:", *map(str, problems)])
            pdf = renderer.write_pdf(document)
        if log.missing_glyphs:  # the build refuses these: the PDF would show empty boxes
            raise PreviewError([_missing_glyph_message(log.missing_glyphs, document)])
        snapshot = Snapshot(edition, target, rasterise(pdf), message_boxes(document), [],
                            panel_boxes(document), 0.0, pdf, marking.keys, catalog.translations)
        snapshot.messages = self._details(snapshot, checked=False)
        snapshot.layout_seconds = time.perf_counter() - started
        return snapshot

    def with_problems(self, snapshot: Snapshot) -> Snapshot:
        """`snapshot` with the catalog checks' problems in its messages' details.

        Kept out of `render`: the checks take about as long as writing the
        PDF, and the pages should be on screen first.
        """
        try:
            return dataclasses.replace(snapshot, messages=self._details(snapshot, checked=True), checked=True)
        except Exception:  # the pages stand; the console keeps the traceback
            log.exception("checking the catalogs of %s failed", snapshot.edition)
            return snapshot

    def _details(self, snapshot: Snapshot, checked: bool) -> list[dict]:
        locale = snapshot.edition.locale
        pseudo = locale in PSEUDO_LOCALES
        chain = [] if pseudo else self.catalogs.chain(locale, checked)
        state = "pseudo" if pseudo else ("source" if is_source_locale(locale) else "untranslated")
        return [message_details(key, snapshot.translations, chain, state).as_dict() for key in snapshot.keys]


def page_images(pdf: bytes, scale: float = IMAGE_SCALE):
    """The PDF's pages as Pillow images."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=scale).to_pil() for page in document]
    finally:
        document.close()


def rasterise(pdf: bytes, scale: float = IMAGE_SCALE) -> list[bytes]:
    """JPEG images of the PDF's pages: encoding a page as JPEG takes a third
    of the time PNG takes even at its fastest level, which matters within the
    one-second goal; at this size and quality text stays crisp."""
    images = []
    for image in page_images(pdf, scale):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        images.append(buffer.getvalue())
    return images
