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
import os
import re
import types
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
from weasyprint import CSS, HTML
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from campaign import font_config
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


# WeasyPrint logs what it could not do and carries on without it. These
# messages mean something is missing from the page: an image or SVG (or an
# image inside an SVG) that failed, a font, a stylesheet or one of its rules
# or declarations that failed to parse, a link target, an unknown option.
# The edition fails on them; every other message becomes a note.
MISSING_CONTENT = re.compile(
    r"^(Failed to (load|render|apply)|Error\b|Unknown|Invalid|Parse error|Ignored|"
    r"Unsupported|Empty @page|No source|@import rule|@layer rule|In counter style|"
    r"Font-face|Unable to|Please install HarfBuzz|Relative URI|Malformed|Missing href|"
    r"Anchor defined twice|Content discarded|This row has more columns|Only strings are allowed|"
    r'"(string|element)\()'
)
# Valid CSS that WeasyPrint cannot apply yet (e.g. `unicode-bidi: isolate`):
# nothing is missing that it could have drawn, so it is a note, not a failure.
NOT_SUPPORTED = re.compile(r"^Ignored .*, property not supported yet\.$")
_NOTDEF_RE = re.compile(r"\.notdef glyph rendered .*\(U\+([0-9A-F]{4,6})\)")


@dataclass
class RenderLog:
    """WeasyPrint's messages for one render, none of them dropped."""

    missing_glyphs: list[str] = field(default_factory=list)  # the characters
    missing_content: list[str] = field(default_factory=list)  # the edition fails on these
    notes: list[str] = field(default_factory=list)  # reported with the edition
    # WeasyPrint catches even SystemExit while drawing an SVG; kept to re-raise.
    swallowed_exit: BaseException | None = None


class _CollectingHandler(logging.Handler):
    def __init__(self, log: RenderLog):
        super().__init__(logging.DEBUG)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            self._add_cause(record)
            return
        message = record.getMessage()
        match = _NOTDEF_RE.search(message)
        if match:
            self.log.missing_glyphs.append(chr(int(match.group(1), 16)))
        elif MISSING_CONTENT.match(message) and not NOT_SUPPORTED.match(message):
            self.log.missing_content.append(message)
        else:
            self.log.notes.append(f"WeasyPrint: {message}")

    def _add_cause(self, record: logging.LogRecord) -> None:
        """WeasyPrint logs why an image or SVG failed as a debug record after the error."""
        if not record.exc_info or not record.exc_info[1]:
            return
        error = record.exc_info[1]
        if not isinstance(error, (Exception, FatalURLFetchingError)):
            self.log.swallowed_exit = error  # SystemExit, KeyboardInterrupt
        cause = str(error) or str(error.__cause__ or "")
        if self.log.missing_content and cause:
            self.log.missing_content[-1] += f" ({cause})"


@contextmanager
def collect_weasyprint_log():
    """Collect what WeasyPrint logs (it raises for almost nothing) while rendering."""
    log = RenderLog()
    handler = _CollectingHandler(log)
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.DEBUG)  # the causes of failures come as debug records
    logger.addHandler(handler)
    try:
        yield log
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class MissingContent(CampaignError):
    """Something the leaflet uses was left out of the PDF."""

    def __init__(self, source: str, messages: list[str]):
        listed = "; ".join(dict.fromkeys(messages))
        super().__init__(f"{source}: content left out of the PDF: {listed}")


# pydyf, which writes WeasyPrint's PDFs, compresses every stream at zlib's
# level 9. A leaflet's streams are about 1 MB before compression (mostly font
# subsets): level 9 spends 18 ms of a leaflet's 200 on them, zlib's default
# level 6 10 ms, for files 0.5 % larger (measured on 23 editions in 7 scripts).
# Level 2 takes a leaflet 8 ms less CPU than level 6 (167 ms instead of 175,
# three interleaved runs over every fifth of the 225 editions), for files 8 %
# larger (51 KB on average instead of 47 KB): a leaflet is downloaded or printed once,
# and built at every change. pydyf uses only these two functions of zlib
# (tests/test_render.py checks).
COMPRESSION_LEVEL = 2
pydyf.zlib = types.SimpleNamespace(
    compress=zlib.compress,
    compressobj=lambda level=COMPRESSION_LEVEL, *args, **kwargs: zlib.compressobj(
        COMPRESSION_LEVEL, *args, **kwargs),
)

_fonts_started_in: int | None = None  # the process id that started Pango's fonts, if any


def fonts_started_here() -> bool:
    """Whether this process has started Pango's font machinery (threads and
    native state that a forked child must not inherit: workers.py)."""
    return _fonts_started_in == os.getpid()


class Renderer:
    """Long-lived: keeps fonts, parsed stylesheets and images for many leaflets."""

    def __init__(self, templates_dir: Path, svg_filter=None, fontconfig_file: Path | None = None):
        """`fontconfig_file`: the fonts it may use (font_config.py; default: the system's)."""
        global _fonts_started_in
        self.templates_dir = templates_dir.resolve()
        self.fetcher = ConfinedURLFetcher(self.templates_dir, svg_filter)
        _fonts_started_in = os.getpid()
        with font_config.loading(fontconfig_file):
            self.font_config = FontConfiguration()
        self.image_cache: dict = {}
        # paths → (parsed sheets, colour profiles, [(path, what WeasyPrint left out)])
        self._stylesheets: dict[tuple[str, ...], tuple[list[CSS], dict, list]] = {}
        self._profile_bytes: dict[str, bytes] = {}

    def layout(self, html: str, stylesheets: tuple[str, ...] = (),
               source: str = "the leaflet's HTML"):
        """Lay out `html`; returns the WeasyPrint document (pages and boxes).

        `stylesheets` are paths under templates/, applied in order as if the
        HTML linked them. They are parsed once per renderer instead of once
        per leaflet (parsing leaflet.css costs more than a tenth of a
        leaflet's layout), so the HTML given here should not link them too.
        Raises MissingContent if WeasyPrint left anything out; `source` names
        what the HTML was made from, for that message.
        """
        sheets, color_profiles = self._parsed_stylesheets(tuple(stylesheets))
        document_html = HTML(
            string=html,
            base_url=self.templates_dir.as_uri() + "/",
            url_fetcher=self.fetcher,
        )
        with self._failing_on_missing_content(source):
            return document_html.render(
                font_config=self.font_config,
                color_profiles=self._fresh_color_profiles(color_profiles),
                stylesheets=sheets,
                cache=self.image_cache,
            )

    def write_pdf(self, document, **options) -> bytes:
        with self._failing_on_missing_content("the leaflet"):
            return document.write_pdf(**options)

    @contextmanager
    def _failing_on_missing_content(self, source: str):
        try:
            with collect_weasyprint_log() as log:
                yield
        except RefusedResource as refused:
            raise CampaignError(self._readable(str(refused))) from None
        finally:
            # WeasyPrint remembers an image that failed as "no image" and
            # would leave it out of the next leaflet without a word.
            for url in [url for url, image in self.image_cache.items() if image is None]:
                del self.image_cache[url]
        if log.swallowed_exit is not None:
            raise log.swallowed_exit
        if log.missing_content:
            raise MissingContent(source, [self._readable(m) for m in log.missing_content])

    def _readable(self, message: str) -> str:
        """File URLs and paths in WeasyPrint's messages as the user knows the files."""
        for prefix in (self.templates_dir.as_uri() + "/", f"{self.templates_dir}/"):
            message = message.replace(prefix, "templates/")
        return message

    def _parsed_stylesheets(self, paths: tuple[str, ...]) -> tuple[list[CSS], dict]:
        """The stylesheets and the colour profiles they define (print.css's CMYK).

        WeasyPrint treats stylesheets given to render() as user stylesheets,
        not author ones. Among themselves they keep their order, and the only
        author styles left are style attributes, which win either way, so the
        cascade is the same as with <link> elements. A stylesheet with a rule
        WeasyPrint could not use fails every leaflet that uses it (it is
        parsed once, so its problems are kept with it).
        """
        if paths not in self._stylesheets:
            color_profiles: dict = {}
            sheets, problems = [], []
            for path in paths:
                try:
                    with collect_weasyprint_log() as log:
                        sheets.append(CSS(
                            url=(self.templates_dir / path).as_uri(),
                            url_fetcher=self.fetcher,
                            font_config=self.font_config,
                            color_profiles=color_profiles,
                        ))
                except RefusedResource as refused:
                    raise CampaignError(self._readable(str(refused))) from None
                if log.missing_content:
                    problems.append((f"templates/{path}", log.missing_content))
            self._stylesheets[paths] = (sheets, color_profiles, problems)
        sheets, color_profiles, problems = self._stylesheets[paths]
        for path, messages in problems:
            raise MissingContent(path, messages)
        return sheets, color_profiles

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
