"""Output targets: what kind of PDF a build writes.

- screen (default): tagged, accessible PDF/UA-1 for publishing online;
- print: PDF/X-4 for print shops: CMYK colours, FOGRA39 output intent,
  3 mm bleed, crop marks only on request;
- archive: PDF/A-3u for long-term keeping (tagged as well).

Every target is reproducible: the same sources give the same bytes. WeasyPrint
would otherwise stamp the current time into the PDF and, for PDF/X, a random
XMP document ID, so we give it the sources' date and a stable identifier
(docs/output-targets.md explains both choices).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pydyf

from campaign.errors import CampaignError

TARGETS = ("screen", "print", "archive")

PDF_VARIANTS = {
    "screen": "pdf/ua-1",
    "print": "pdf/x-4",
    "archive": "pdf/a-3u",
}

# Where each target's PDF goes, next to the edition's HTML: screen keeps the
# plain <audience>.pdf that the website links to.
FILE_SUFFIXES = {
    "screen": ".pdf",
    "print": ".print.pdf",
    "archive": ".archive.pdf",
}

# The print profile (templates/assets/icc/) and the characterised printing
# condition it was made for, as registered with the ICC. Print shops read the
# output intent's identifier, not the profile's name.
PRINT_CONDITION = {
    "OutputConditionIdentifier": "FOGRA39",
    "OutputCondition": "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 "
    "(coated art), 115 g/m2, screen ruling 60/cm",
    "RegistryName": "http://www.color.org",
    "Info": "ISO Coated v2 300% (basICColor)",
}

_SOURCE_DIRS = ("templates", "registry", "locales")


def file_suffix(target: str) -> str:
    return FILE_SUFFIXES[target]


def stylesheets(target: str, marks: bool = False) -> tuple[str, ...]:
    """The target's stylesheets (relative to templates/), in cascade order:
    print.css comes after leaflet.css so that its CMYK colours win."""
    sheets = ["assets/leaflet.css", "assets/bookmarks.css"]
    if target == "print":
        sheets.append("assets/print.css")
        if marks:
            # Most print shops impose and add their own marks; only on request.
            sheets.append("assets/marks.css")
    return tuple(sheets)


def pdf_options(target: str, edition_key: str = "") -> dict:
    """Keyword options for WeasyPrint's write_pdf for this target."""
    identifier = document_identifier(edition_key, target)
    options = {
        "pdf_variant": PDF_VARIANTS[target],
        # First half of the PDF /ID: the same for every build of this edition
        # and target; pydyf writes the file's MD5 as the second half.
        "pdf_identifier": identifier.encode("ascii"),
        "finisher": _finisher(target, identifier),
    }
    if target == "archive":
        # PDF/A-3u does not require tags; keep the archived copy accessible too.
        options["pdf_tags"] = True
    return options


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


# --- Finishing the PDF (runs after WeasyPrint built it, before it is written)


def _finisher(target: str, identifier: str):
    def finish(document, pdf) -> None:
        if target == "print":
            _describe_print_condition(pdf)
            _crop_marks_in_registration(pdf)
        else:
            _describe_links(pdf)
        _stable_xmp_document_id(pdf, identifier)

    return finish


def _describe_print_condition(pdf) -> None:
    """Name the output intent's printing condition (WeasyPrint uses the profile's name)."""
    intents = pdf.catalog.get("OutputIntents")
    if not intents:
        raise CampaignError("the print PDF has no output intent: is the @color-profile missing?")
    for intent in intents:
        for key, value in PRINT_CONDITION.items():
            intent[key] = pydyf.String(value)


def _describe_links(pdf) -> None:
    """PDF/UA-1 (ISO 14289-1, 7.18.5) wants a /Contents text on every link annotation.

    WeasyPrint writes none; the address itself is what the link says (the
    leaflet prints it as the link text too).
    """
    for pdf_object in pdf.objects:
        if not isinstance(pdf_object, dict) or pdf_object.get("Subtype") != "/Link":
            continue
        action = pdf_object.get("A") or {}
        uri = action.get("URI") if isinstance(action, dict) else None
        if uri is not None and "Contents" not in pdf_object:
            pdf_object["Contents"] = pydyf.String(getattr(uri, "string", str(uri)))


# WeasyPrint draws crop marks as an SVG stroked in RGB "black" with a
# "transparent" fill. Everything else in a print PDF is CMYK (print.css, the
# recoloured artwork), so these are the only RGB operators left: stroke the
# marks in registration colour, so they print on every plate, and make the
# invisible fill CMYK.
_RGB_BLACK = {
    b"0 0 0 RG": b"1 1 1 1 K",
    b"0 0 0 rg": b"0 0 0 1 k",
}


def _crop_marks_in_registration(pdf) -> None:
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, pydyf.Stream):
            pdf_object.stream = [_RGB_BLACK.get(_as_bytes(op), op) for op in pdf_object.stream]


_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def _stable_xmp_document_id(pdf, identifier: str) -> None:
    """WeasyPrint writes a random uuid4 as PDF/X's xmpMM:DocumentID; use ours."""
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    stream = pdf.objects[int(_as_bytes(reference).split()[0])]
    stable = f"xmp.did:{uuid.UUID(hex=identifier)}".encode()
    stream.stream = [_XMP_DOCUMENT_ID.sub(stable, _as_bytes(part)) for part in stream.stream]


def _as_bytes(part) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()


# --- CMYK artwork for print


_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_PALETTE_HEX = re.compile(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;")
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_PALETTE_CMYK = re.compile(r"(--[\w-]+)\s*:\s*(device-cmyk\([^)]*\))\s*;")


def cmyk_palette(assets_dir: Path) -> dict[str, str]:
    """Screen hex colour → print device-cmyk(), joined by custom property name.

    leaflet.css defines the palette in sRGB hex, print.css redefines the same
    properties in CMYK; artwork uses palette colours only.
    """
    screen = _PALETTE_HEX.findall((assets_dir / "leaflet.css").read_text(encoding="utf-8"))
    cmyk = dict(_PALETTE_CMYK.findall((assets_dir / "print.css").read_text(encoding="utf-8")))
    palette = {}
    for name, colour in screen:
        if name not in cmyk:
            raise CampaignError(f"print.css gives no CMYK value for the palette colour {name}")
        palette[_normalise_hex(colour)] = cmyk[name]
    palette.setdefault("#ffffff", "device-cmyk(0 0 0 0)")
    return palette


def _normalise_hex(colour: str) -> str:
    colour = colour.lower()
    if len(colour) == 4:
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    return colour


def svg_recolourer(palette: dict[str, str]):
    """A function that rewrites an SVG's hex colours to the palette's CMYK ones.

    WeasyPrint's SVG renderer accepts device-cmyk() in fill and stroke, so
    the print PDF's artwork is CMYK like its text. A colour outside the palette
    stops the build: it would otherwise reach the printer as RGB.
    """

    def recolour(svg: bytes) -> bytes:
        def replace(match):
            colour = _normalise_hex(match.group(0))
            if colour not in palette:
                raise CampaignError(
                    f"artwork colour {match.group(0)} is not in the palette of "
                    "templates/assets/leaflet.css, so it has no CMYK value for print"
                )
            return palette[colour]

        text = _HEX_COLOUR.sub(replace, svg.decode("utf-8"))
        # Shapes without a fill are black by default, and WeasyPrint sets that
        # black (in RGB) even on groups that paint nothing: make it CMYK black.
        root = _SVG_ROOT.search(text)
        if root and "fill=" not in root.group(0):
            text = text[: root.start()] + '<svg fill="device-cmyk(0 0 0 1)"' + text[root.start() + 4 :]
        return text.encode("utf-8")

    return recolour


def renderer_options(target: str, templates_dir: Path) -> dict:
    """Keyword options for render.Renderer for this target."""
    if target != "print":
        return {}
    return {"svg_filter": svg_recolourer(cmyk_palette(templates_dir / "assets"))}
