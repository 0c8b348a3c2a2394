"""Preflight: read built PDFs back and check what the docs promise for each target.

Print shops run a preflight (Acrobat Preflight, callas pdfToolbox) before a
job goes to press; this one also knows what the leaflets promise. Every file
is read with pikepdf (qpdf), poppler's pdftoppm and zxing-cpp, never with the
renderer that wrote it. docs/output-targets.md lists each check and what
stays unverified without veraPDF. The checks of the file alone are in
pdf_checks.py; those here compare it with the edition's sources.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pikepdf

from campaign.audiences import AUDIENCE_NAMES
from campaign.editions import Edition
from campaign.errors import CampaignError, display_path
from campaign.locales import PSEUDO_LOCALES
from campaign.pdf_checks import (
    Check, check_alt_text, check_boxes, check_empty_elements, check_fonts, check_links,
    check_marks, check_output_intent, check_print_colour, check_subset_names, check_tags,
    check_unicode, check_xmp, glyph_sets,
)
from campaign.pdf_text import TextLayer, read_text_layer
from campaign.targets import TARGETS, document_identifier
from campaign.text_layer import comparable

QR_RESOLUTION_DPI = 150


@dataclass
class Expected:
    """What the edition's PDF should say, derived from its sources (not from the PDF)."""

    edition: Edition
    text: str  # the edition's text as rendered into HTML, in document order
    strings: list[str]  # the same, one entry per text node
    qr_addresses: list[str]  # one per QR code: two services may share an address
    source_date: datetime | None
    language: str  # BCP 47


@dataclass
class Report:
    path: Path
    target: str
    edition: Edition | None
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def as_json(self, root: Path) -> dict:
        return {
            "path": display_path(self.path, root),
            "edition": self.edition.key if self.edition else None,
            "target": self.target,
            "ok": self.ok,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
        }


# --- Which edition and target a file is


def target_of(path: Path) -> str:
    """The target whose file suffix `path` has (the longest match: .print.pdf before .pdf)."""
    for target in sorted(TARGETS.values(), key=lambda target: -len(target.suffix)):
        if path.name.endswith(target.suffix):
            return target.name
    raise CampaignError(f"{path}: not a PDF")


def edition_of(path: Path, registry) -> Edition:
    """output/<country>/<locale>/<audience><suffix> → the edition, checked with the registry."""
    suffix = TARGETS[target_of(path)].suffix
    parts = path.resolve().parts
    if len(parts) < 3:
        raise CampaignError(f"{path}: not in <country>/<locale>/<audience>.pdf form")
    country, locale, audience = parts[-3], parts[-2], path.name[: -len(suffix)]
    known_locales = registry.country(country).locales + tuple(PSEUDO_LOCALES) \
        if country in registry.countries else ()
    if locale not in known_locales or audience not in AUDIENCE_NAMES:
        raise CampaignError(
            f"{path}: not a leaflet of the registry "
            "(expected output/<country>/<locale>/<audience>.pdf)"
        )
    return Edition(country, locale, audience)


# --- The reference: what the sources say the edition contains


class _BodyText(HTMLParser):
    """Text nodes of <body> in document order (what a reader should hear)."""

    _SKIPPED = {"head", "title", "script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self._skipping: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._in_body = True
        elif tag in self._SKIPPED or ("aria-hidden", "true") in attrs:
            self._skipping.append(tag)

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if self._in_body and not self._skipping and data.strip():
            self.strings.append(data.strip())


def text_of_html(html: str) -> list[str]:
    parser = _BodyText()
    parser.feed(html)
    return parser.strings


def expected_for(edition: Edition, target: str, builder) -> Expected:
    """Render the edition's HTML with the build's own templating (no layout, no PDF)."""
    from campaign.content import service_views
    from campaign.locales import bcp47

    # The catalog as the build saw it (reviewed or not decides the draft line).
    catalog, _ = builder.edition_catalog(edition, builder.catalog(edition.locale))
    html = builder.render_html(edition, catalog, target, linked=False)
    strings = text_of_html(html)
    country = builder.registry.country(edition.country)
    addresses = sorted(view.web_url for view in
                       service_views(country, edition.locale, edition.audience) if view.qr)
    return Expected(edition=edition, text="".join(strings), strings=strings, qr_addresses=addresses,
                    source_date=builder.source_date, language=bcp47(edition.locale))


# --- Checks


def preflight_file(path: Path, expected: Expected | None) -> Report:
    """Check one file; without `expected`, only what needs no sources (structure, colour, boxes)."""
    target = target_of(path)
    report = Report(path, target, expected.edition if expected else None)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        report.checks.append(Check("readable", False, str(error)))
        return report
    with pdf:
        problems = pdf.check_pdf_syntax()
        report.checks.append(Check("readable", not problems, "; ".join(map(str, problems[:3]))))
        layer = read_text_layer(pdf)
        report.checks += [
            check_fonts(pdf),
            check_unicode(layer),
        ]
        if expected is not None:
            report.checks.append(check_text(layer, expected))
            report.checks.append(check_qr_codes(path, expected))
            report.checks.append(check_reproducible(pdf, expected, target))
        if target in ("screen", "archive"):
            report.checks += [
                check_tags(pdf, expected.language if expected else None),
                check_alt_text(pdf),
                check_links(pdf),
                check_empty_elements(pdf, layer),
            ]
        if target == "screen":
            report.checks.append(check_xmp(pdf, "pdfuaid", {"part": "1"}, "PDF/UA-1"))
        if target == "archive":
            report.checks.append(check_xmp(pdf, "pdfaid", {"part": "3", "conformance": "U"},
                                           "PDF/A-3u"))
        if target == "print":
            report.checks += [
                check_output_intent(pdf),
                check_boxes(pdf),
                check_print_colour(pdf),
                check_marks(pdf),
            ]
    return report


def check_text(layer: TextLayer, expected: Expected) -> Check:
    """The text read back (structure order if tagged) equals the edition's text."""
    actual = comparable(layer.reading_text())
    wanted = comparable(expected.text)
    right = sum(1 for s in expected.strings if comparable(s) in actual)
    if actual == wanted:
        return Check("text layer = source text", True)
    if not layer.tagged and right == len(expected.strings) and sorted(actual) == sorted(wanted):
        # Untagged files (PDF/X) have no reading order: the panels are drawn
        # in stacking order. Every string must still read back whole, and
        # nothing may be added or lost.
        return Check("text layer = source text", True, "content order (untagged)")
    at = next((i for i, (a, b) in enumerate(zip(actual, wanted)) if a != b),
              min(len(actual), len(wanted)))
    detail = (f"{right} of {len(expected.strings)} strings read back right; first difference "
              f"at character {at}: expected “{wanted[max(0, at - 12):at + 12]}”, "
              f"read “{actual[max(0, at - 12):at + 12]}”")
    return Check("text layer = source text", False, detail)


def check_qr_codes(path: Path, expected: Expected) -> Check:
    """Every QR code on the pages decodes, and they decode to the registry's addresses."""
    import zxingcpp
    from PIL import Image

    found = []
    for page_image in _page_images(path):
        with Image.open(BytesIO(page_image)) as image:
            found += [r.text for r in zxingcpp.read_barcodes(image)
                      if r.format == zxingcpp.BarcodeFormat.QRCode]
    wanted = sorted(expected.qr_addresses)
    if sorted(found) == wanted:
        return Check("QR codes decode to the registry's addresses", True, f"{len(found)} QR codes")
    return Check("QR codes decode to the registry's addresses", False,
                 f"decoded {sorted(found)}, registry {wanted}")


def _page_images(path: Path) -> list[bytes]:
    """Grey pages at QR_RESOLUTION_DPI, rasterised by poppler (not by the renderer)."""
    pages = []
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    for number in range(1, count + 1):
        completed = subprocess.run(
            ["pdftoppm", "-r", str(QR_RESOLUTION_DPI), "-gray", "-f", str(number),
             "-l", str(number), str(path)],
            capture_output=True, check=False, timeout=120,
        )
        if completed.returncode != 0:
            raise CampaignError(
                f"pdftoppm could not read {path}: {completed.stderr.decode()[:200]}")
        pages.append(completed.stdout)
    return pages


def check_reproducible(pdf: pikepdf.Pdf, expected: Expected, target: str) -> Check:
    """Dates are the sources' date and the /ID's first half names the edition."""
    problems = []
    if expected.source_date is not None:
        stamp = "D:" + expected.source_date.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
        for key in ("/CreationDate", "/ModDate"):
            value = str(pdf.docinfo.get(key, ""))
            if not value.startswith(stamp):
                problems.append(f"{key} {value or 'missing'}, sources' date {stamp} "
                                "(built from other sources?)")
    identifiers = pdf.trailer.get("/ID")
    wanted = document_identifier(expected.edition.key, target)
    if identifiers is None or bytes(identifiers[0]).decode("latin-1") != wanted:
        problems.append(f"/ID does not start with the edition's identifier {wanted}")
    return Check("reproducible (dates, /ID)", not problems, "; ".join(problems))


def preflight(paths: list[Path], builder) -> list[Report]:
    """Check every file; `builder` (build.EditionBuilder) gives each edition's expected text."""
    reports = []
    for path in paths:
        edition = edition_of(path, builder.registry)
        expected = expected_for(edition, target_of(path), builder)
        reports.append(preflight_file(path, expected))
    names = {report.path: glyph_sets(report.path) for report in reports
             if report.target == "print"}
    for path, check in check_subset_names(names).items():
        next(r for r in reports if r.path == path).checks.append(check)
    return reports
