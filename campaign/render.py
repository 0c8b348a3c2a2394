"""HTML and PDF rendering, confined to the project's own files.

The URL fetcher is the security boundary (technical-notes §1.6): a leaflet may
read only files under the project's templates folder and inline `data:` URLs
(QR codes). Anything else (another file, http, ftp, a missing asset) stops
the render with FatalURLFetchingError instead of being logged and skipped.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
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
    """Long-lived: keeps one font configuration and image cache for many leaflets."""

    def __init__(self, templates_dir: Path, svg_filter=None):
        self.templates_dir = templates_dir.resolve()
        self.fetcher = ConfinedURLFetcher(self.templates_dir, svg_filter)
        self.font_config = FontConfiguration()
        self.image_cache: dict = {}

    def layout(self, html: str, stylesheets: list[str] = ()):
        """Lay out `html`; returns the WeasyPrint document (pages and boxes)."""
        document_html = HTML(
            string=html,
            base_url=self.templates_dir.as_uri() + "/",
            url_fetcher=self.fetcher,
        )
        extra = [
            CSS(string=css, font_config=self.font_config, url_fetcher=self.fetcher)
            for css in stylesheets
        ]
        try:
            return document_html.render(
                font_config=self.font_config,
                stylesheets=extra,
                cache=self.image_cache,
            )
        except RefusedResource as refused:
            raise CampaignError(str(refused)) from None

    @staticmethod
    def write_pdf(document, **options) -> bytes:
        try:
            return document.write_pdf(**options)
        except RefusedResource as refused:
            raise CampaignError(str(refused)) from None
