"""Output targets: what kind of PDF a build writes, each declared once as a `Target`.

- screen (default): tagged, accessible PDF/UA-1 for publishing online;
- print: PDF/X-4 for print shops: CMYK colours, FOGRA39 output intent,
  3 mm bleed, crop and fold marks (outside the bleed) only on request;
- archive: PDF/A-3u for long-term keeping (tagged as well).

Everything that depends on the target reads its record: the builder
(build.py), output paths (options.py), the command-line choices of
`campaign build` and `campaign proof`, and the docs test that keeps the
README's target table true. A new target is one new record in TARGETS plus
its stylesheet.

Every target is reproducible: the same sources give the same bytes. WeasyPrint
would otherwise stamp the current time into the PDF and, for PDF/X, a random
XMP document ID, so we give it the sources' date and a stable identifier
(docs/output-targets.md explains both choices).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

from campaign import pdf_finishing
from campaign.cmyk import cmyk_palette, svg_recolourer
from campaign.errors import CampaignError

BASE_STYLESHEETS = ("assets/leaflet.css", "assets/bookmarks.css")

_SOURCE_DIRS = ("templates", "registry", "locales")


def _no_renderer_options(templates_dir: Path) -> dict:
    return {}


def _cmyk_artwork(templates_dir: Path) -> dict:
    """Recolour SVG artwork to the palette's CMYK values while it is loaded."""
    return {"svg_filter": svg_recolourer(cmyk_palette(templates_dir / "assets"))}


@dataclass(frozen=True)
class Target:
    name: str
    summary: str  # one line for --help
    suffix: str  # the output file's name after the audience: "parents.print.pdf"
    stylesheets: tuple[str, ...]  # relative to templates/, in cascade order
    # Keyword options for WeasyPrint's write_pdf (the PDF variant, tags).
    pdf_options: Mapping[str, object]
    # Steps run on the finished PDF object before it is written (pdf_finishing.py).
    finishers: tuple[Callable, ...] = ()
    # Keyword options for render.Renderer, given the templates folder.
    renderer_options: Callable[[Path], dict] = _no_renderer_options
    # Whether --marks means anything: crop and fold marks outside the bleed
    # (print_marks.py). Most print shops impose and add their own; only on request.
    marks_apply: bool = False

    def write_options(self, edition_key: str = "", marks: bool = False) -> dict:
        """Keyword options for WeasyPrint's write_pdf for one edition in this target."""
        # Imported here, not at the top: text_layer imports WeasyPrint (a quarter
        # of a second), and the command line reads these records without rendering.
        from campaign import print_marks, text_layer

        identifier = document_identifier(edition_key, self.name)
        text_layer.install()

        def finish(document, pdf) -> None:
            for step in self.finishers:
                step(pdf)
            if marks and self.marks_apply:
                print_marks.add_marks(document, pdf)
            text_layer.finish(pdf)
            pdf_finishing.stable_xmp_document_id(pdf, identifier)

        return {
            **self.pdf_options,
            # First half of the PDF /ID: the same for every build of this
            # edition and target; pydyf writes the file's MD5 as the second half.
            "pdf_identifier": identifier.encode("ascii"),
            "finisher": finish,
        }


def _options(**options) -> Mapping[str, object]:
    return MappingProxyType(options)


TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target(
            name="screen",
            summary="accessible PDF/UA-1 for publishing online",
            suffix=".pdf",  # the plain <audience>.pdf that the website links to
            stylesheets=BASE_STYLESHEETS,
            pdf_options=_options(pdf_variant="pdf/ua-1"),
            finishers=(pdf_finishing.describe_links,),
        ),
        Target(
            name="print",
            summary="PDF/X-4 in CMYK with 3 mm bleed for print shops",
            suffix=".print.pdf",
            # print.css comes after leaflet.css so that its CMYK colours win.
            stylesheets=BASE_STYLESHEETS + ("assets/print.css",),
            pdf_options=_options(pdf_variant="pdf/x-4"),
            finishers=(pdf_finishing.describe_print_condition,),
            renderer_options=_cmyk_artwork,
            marks_apply=True,
        ),
        Target(
            name="archive",
            summary="PDF/A-3u for long-term keeping",
            suffix=".archive.pdf",
            stylesheets=BASE_STYLESHEETS,
            # PDF/A-3u does not require tags; keep the archived copy accessible too.
            pdf_options=_options(pdf_variant="pdf/a-3u", pdf_tags=True),
            finishers=(pdf_finishing.describe_links,),
        ),
    )
}

TARGET_NAMES: tuple[str, ...] = tuple(TARGETS)
DEFAULT_TARGET = "screen"


def target(name: str) -> Target:
    try:
        return TARGETS[name]
    except KeyError:
        raise CampaignError(
            f"unknown target {name!r}; known: {', '.join(TARGET_NAMES)}"
        ) from None


def stamp_dates(document, source_date: datetime) -> None:
    """Use the sources' date for CreationDate/ModDate and XMP instead of 'now'."""
    stamp = source_date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = stamp
    document.metadata.modified = stamp


def document_identifier(edition_key: str, target: str) -> str:
    """32 hex digits naming this edition in this target, stable across builds."""
    return hashlib.sha256(f"campaign leaflet {edition_key} {target}".encode()).hexdigest()[:32]


def source_date(project) -> datetime:
    """When the leaflets' sources last changed, for the PDFs' dates.

    SOURCE_DATE_EPOCH wins (reproducible-builds.org convention). Otherwise the
    time of the last commit that touched templates/, registry/ or locales/,
    which is the same in every clone; file times are used only outside git
    (e.g. an unpacked archive), where they are all we have.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
        except ValueError:
            raise CampaignError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}")
    return _commit_date(project.root) or _newest_mtime(project.root)


def _commit_date(root: Path) -> datetime | None:
    try:
        completed = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *_SOURCE_DIRS],
            cwd=root, capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    seconds = completed.stdout.strip()
    if completed.returncode != 0 or not seconds.isdigit():
        return None
    return datetime.fromtimestamp(int(seconds), timezone.utc)


def _newest_mtime(root: Path) -> datetime:
    newest = 0.0
    for name in _SOURCE_DIRS:
        for path in (root / name).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".mo":
                newest = max(newest, path.stat().st_mtime)
    return datetime.fromtimestamp(int(newest), timezone.utc)
