"""HTML and PDF rendering, confined to the project's own files.

The URL fetcher is the security boundary (docs/sources.md, "WeasyPrint's URL
fetcher is the security boundary"): a leaflet may
read only files under the project's templates folder and inline `data:` URLs
(QR codes). Anything else (another file, http, ftp, a missing asset) stops
the render with FatalURLFetchingError instead of being logged and skipped.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from campaign.errors import CampaignError


class RefusedResource(FatalURLFetchingError):
    """A leaflet asked for something outside the project's templates and assets."""


class ConfinedURLFetcher(URLFetcher):
    """Serves files under `root` and data: URLs; refuses everything else."""

    def __init__(self, root: Path, svg_filter=None):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = root.resolve()
        # The print target rewrites SVG artwork's colours to CMYK (targets.py).
        self.svg_filter = svg_filter

    def fetch(self, url, headers=None):
        response = self._fetch(url, headers)
        if self.svg_filter is None or response.content_type != "image/svg+xml":
            return response
        try:
            body = self.svg_filter(response.read())
        except CampaignError as error:
            raise RefusedResource(f"{url[:80]}: {error}") from None
        finally:
            response.close()
        return URLFetcherResponse(response.url, body=body, headers={"Content-Type": "image/svg+xml"})

    def _fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(
                f"refused {url}: leaflets may only use the project's own templates and assets"
            )
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self.root):
            raise RefusedResource(
                f"refused {path}: it is outside the project's templates folder {self.root}"
            )
        if not path.is_file():
            raise RefusedResource(f"missing asset {path}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


@dataclass
class RenderLog:
    """WeasyPrint's warnings for one render, split into the ones we act on."""

    missing_glyphs: list[str] = field(default_factory=list)  # the characters
    warnings: list[str] = field(default_factory=list)


_NOTDEF_RE = re.compile(r"\.notdef glyph rendered .*\(U\+([0-9A-F]{4,6})\)")


class _CollectingHandler(logging.Handler):
    def __init__(self, log: RenderLog):
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = _NOTDEF_RE.search(message)
        if match:
            self.log.missing_glyphs.append(chr(int(match.group(1), 16)))
        else:
            self.log.warnings.append(message)


@contextmanager
def collect_weasyprint_log():
    """WeasyPrint only logs missing glyphs and CSS problems; collect them."""
    log = RenderLog()
    handler = _CollectingHandler(log)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield log
    finally:
        logger.removeHandler(handler)


class Renderer:
    """Long-lived: keeps fonts, parsed stylesheets and images for many leaflets."""

    def __init__(self, templates_dir: Path, svg_filter=None):
        self.templates_dir = templates_dir.resolve()
        self.fetcher = ConfinedURLFetcher(self.templates_dir, svg_filter)
        self.font_config = FontConfiguration()
        self.image_cache: dict = {}
        self._stylesheets: dict[tuple[str, ...], tuple[list[CSS], dict]] = {}
        self._profile_bytes: dict[str, bytes] = {}

    def layout(self, html: str, stylesheets: tuple[str, ...] = ()):
        """Lay out `html`; returns the WeasyPrint document (pages and boxes).

        `stylesheets` are paths under templates/, applied in order as if the
        HTML linked them. They are parsed once per renderer instead of once
        per leaflet (parsing leaflet.css costs more than a tenth of a
        leaflet's layout), so the HTML given here should not link them too.
        """
        sheets, color_profiles = self._parsed_stylesheets(tuple(stylesheets))
        document_html = HTML(
            string=html,
            base_url=self.templates_dir.as_uri() + "/",
            url_fetcher=self.fetcher,
        )
        try:
            return document_html.render(
                font_config=self.font_config,
                color_profiles=self._fresh_color_profiles(color_profiles),
                stylesheets=sheets,
                cache=self.image_cache,
            )
        except RefusedResource as refused:
            raise CampaignError(str(refused)) from None

    def _parsed_stylesheets(self, paths: tuple[str, ...]) -> tuple[list[CSS], dict]:
        """The stylesheets and the colour profiles they define (print.css's CMYK).

        WeasyPrint treats stylesheets given to render() as user stylesheets,
        not author ones. Among themselves they keep their order, and the only
        author styles left are style attributes, which win either way, so the
        cascade is the same as with <link> elements.
        """
        if paths not in self._stylesheets:
            color_profiles: dict = {}
            try:
                sheets = [
                    CSS(
                        url=(self.templates_dir / path).as_uri(),
                        url_fetcher=self.fetcher,
                        font_config=self.font_config,
                        color_profiles=color_profiles,
                    )
                    for path in paths
                ]
            except RefusedResource as refused:
                raise CampaignError(str(refused)) from None
            self._stylesheets[paths] = (sheets, color_profiles)
        return self._stylesheets[paths]

    def _fresh_color_profiles(self, parsed: dict) -> dict:
        """New colour profile objects, from the same bytes, for one document.

        Sharing one between documents changes the PDFs: once WeasyPrint has
        read a profile's name, lcms re-encodes the tags it read when the
        profile is embedded, so every print leaflet after a worker's first
        would embed an altered profile. (A new dict also keeps the profiles
        of a stylesheet the HTML links itself out of the cached ones.)
        """
        fresh = {}
        for name, profile in parsed.items():
            if profile.src not in self._profile_bytes:
                response = self.fetcher.fetch(profile.src)
                self._profile_bytes[profile.src] = response.read()
                response.close()
            fresh[name] = ColorProfile(
                io.BytesIO(self._profile_bytes[profile.src]),
                profile.src, profile.rendering_intent, profile.components,
            )
        return fresh

    @staticmethod
    def write_pdf(document, **options) -> bytes:
        try:
            return document.write_pdf(**options)
        except RefusedResource as refused:
            raise CampaignError(str(refused)) from None
