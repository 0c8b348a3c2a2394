"""Preflight: read built PDFs back and check what the docs promise for each target.

Print shops run a preflight (Acrobat Preflight, callas pdfToolbox) before a
job goes to press; this one also knows what the leaflets promise. Every file
is read with pikepdf (qpdf), poppler's pdftoppm and zxing-cpp, never with the
renderer that wrote it. docs/output-targets.md lists each check and what
stays unverified without veraPDF.
"""

from __future__ import annotations

import re
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
from campaign.pdf_text import TextLayer, read_text_layer, structure_elements
from campaign.targets import TARGETS, document_identifier
from campaign.text_layer import comparable

# Type below this size must print on one ink: four plates never register
# exactly, and small letters on four inks blur (docs/output-targets.md).
SMALL_TEXT_PT = 14.0
BLEED_PT = 3 / 25.4 * 72  # 3 mm
QR_RESOLUTION_DPI = 150


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


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
    """output/<country>/<locale>/<audience><suffix> → the edition, checked against the registry."""
    suffix = TARGETS[target_of(path)].suffix
    parts = path.resolve().parts
    if len(parts) < 3:
        raise CampaignError(f"{path}: not in <country>/<locale>/<audience>.pdf form")
    country, locale, audience = parts[-3], parts[-2], path.name[: -len(suffix)]
    if country not in registry.countries or locale not in registry.country(country).locales \
            or audience not in AUDIENCE_NAMES:
        raise CampaignError(
            f"{path}: not a leaflet of the registry (expected output/<country>/<locale>/<audience>.pdf)"
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
                check_tags(pdf, expected),
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


def check_fonts(pdf: pikepdf.Pdf) -> Check:
    problems = []
    for name, font in _fonts(pdf):
        descriptor = _descriptor(font)
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                                    "/FontFile3")):
            if font.get("/Subtype") != "/Type3":
                problems.append(f"{name} not embedded")
        elif not re.match(r"/[A-Z]{6}\+", name):
            problems.append(f"{name} not subset")
    return Check("fonts embedded and subset", not problems, "; ".join(sorted(set(problems))))


def _fonts(pdf: pikepdf.Pdf):
    """(BaseFont, font dictionary) of every font the pages use, once each."""
    seen = set()
    for page in pdf.pages:
        for resources in _all_resources(page.obj.get("/Resources")):
            for font in resources.get("/Font", {}).values():
                if font.objgen not in seen:
                    seen.add(font.objgen)
                    yield str(font.get("/BaseFont", "")), font


def _all_resources(resources, depth=0):
    if resources is None or depth > 8:
        return
    yield resources
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _all_resources(xobject.Resources, depth + 1)


def _descriptor(font):
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    return font.get("/FontDescriptor")


def check_unicode(layer: TextLayer) -> Check:
    """Every glyph code the pages use has a non-empty ToUnicode value (PDF/A-*u, PDF/UA)."""
    problems = []
    for font in layer.fonts:
        if font.to_unicode is None:
            problems.append(f"{font.name} has no ToUnicode map")
        elif missing := font.unmapped():
            problems.append(f"{font.name}: {len(missing)} of {len(font.used)} glyph codes "
                            f"without Unicode value")
    return Check("unicode value for every glyph", not problems, "; ".join(problems))


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
            raise CampaignError(f"pdftoppm could not read {path}: {completed.stderr.decode()[:200]}")
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


def check_tags(pdf: pikepdf.Pdf, expected: Expected | None) -> Check:
    problems = []
    root = pdf.Root
    if "/StructTreeRoot" not in root:
        problems.append("no StructTreeRoot")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("MarkInfo /Marked is not true")
    language = str(root.get("/Lang", ""))
    if not language:
        problems.append("no /Lang")
    elif expected is not None and language != expected.language:
        problems.append(f"/Lang {language}, the edition is {expected.language}")
    if not str(pdf.docinfo.get("/Title", "")).strip():
        problems.append("no /Title")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append("DisplayDocTitle is not true")
    return Check("tags, language, title", not problems, "; ".join(problems))


def check_alt_text(pdf: pikepdf.Pdf) -> Check:
    figures = [e for e in structure_elements(pdf) if e.get("/S") == "/Figure"]
    missing = [e for e in figures if not str(e.get("/Alt", e.get("/ActualText", ""))).strip()]
    return Check("alternative text on figures", not missing,
                 f"{len(missing)} of {len(figures)} figures without /Alt" if missing else
                 f"{len(figures)} figures")


def check_links(pdf: pikepdf.Pdf) -> Check:
    """Every link annotation is described and sits in a Link element through an OBJR."""
    in_structure = set()
    for element in structure_elements(pdf):
        if element.get("/S") != "/Link":
            continue
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                in_structure.add(kid.Obj.objgen)
    problems, count = [], 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            count += 1
            uri = str(annotation.get("/A", {}).get("/URI", "?"))
            if annotation.objgen not in in_structure:
                problems.append(f"{uri} not in a Link element")
            if not str(annotation.get("/Contents", "")).strip():
                problems.append(f"{uri} has no /Contents")
            if "/StructParent" not in annotation:
                problems.append(f"{uri} has no /StructParent")
    return Check("link structure", not problems,
                 "; ".join(problems) if problems else f"{count} links")


def check_empty_elements(pdf: pikepdf.Pdf, layer: TextLayer) -> Check:
    """No structure element without content: decoration belongs in artifacts."""
    page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
    empty = []
    for element in structure_elements(pdf):
        if element.get("/S") == "/Figure" or "/Alt" in element or "/ActualText" in element:
            continue
        if not _has_content(element, None, page_index, layer, 0):
            empty.append(str(element.get("/S")))
    detail = ""
    if empty:
        counts = {kind: empty.count(kind) for kind in sorted(set(empty))}
        detail = ", ".join(f"{count} {kind[1:]}" for kind, count in counts.items())
    return Check("no empty structure elements", not empty, detail)


def _has_content(element, page, page_index, layer, depth) -> bool:
    if depth > 64:
        return True
    if "/Pg" in element:
        page = page_index.get(element.Pg.objgen, page)
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, int):
            marked = layer.marked.get((page, int(kid)))
            if marked and marked.text.strip():
                return True
        elif isinstance(kid, pikepdf.Dictionary):
            kind = kid.get("/Type")
            if kind == "/OBJR":
                return True
            if kind == "/MCR":
                marked = layer.marked.get((page_index.get(kid.Pg.objgen, page) if "/Pg" in kid
                                           else page, int(kid.MCID)))
                if marked and marked.text.strip():
                    return True
            elif "/S" in kid and (kid.get("/S") == "/Figure"
                                  or _has_content(kid, page, page_index, layer, depth + 1)):
                return True
    return False


_XMP_VALUE = r"{prefix}:{key}(?:>|=\")\s*{value}\s*(?:<|\")"


def check_xmp(pdf: pikepdf.Pdf, prefix: str, values: dict[str, str], claim: str) -> Check:
    metadata = pdf.Root.get("/Metadata")
    xmp = metadata.read_bytes().decode("utf-8", errors="replace") if metadata is not None else ""
    missing = [f"{prefix}:{key}={value}" for key, value in values.items()
               if not re.search(_XMP_VALUE.format(prefix=prefix, key=key, value=value), xmp)]
    return Check(f"{claim} identification in XMP", not missing,
                 "missing " + ", ".join(missing) if missing else "")


def check_output_intent(pdf: pikepdf.Pdf) -> Check:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        return Check("PDF/X output intent", False, "no GTS_PDFX output intent")
    intent = intents[0]
    problems = []
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        problems.append("no embedded profile")
    elif int(profile.get("/N", 0)) != 4:
        problems.append(f"profile has {profile.get('/N')} components, not CMYK")
    if not str(intent.get("/OutputConditionIdentifier", "")).strip():
        problems.append("no OutputConditionIdentifier")
    return Check("PDF/X output intent", not problems,
                 "; ".join(problems) or str(intent.OutputConditionIdentifier))


def check_boxes(pdf: pikepdf.Pdf) -> Check:
    """TrimBox and BleedBox on every page, 3 mm bleed, the MediaBox holding both."""
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        if "/TrimBox" not in obj or "/BleedBox" not in obj:
            problems.append(f"page {number}: TrimBox or BleedBox missing")
            continue
        trim, bleed, media = (_box(obj[key]) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
        if any(m < BLEED_PT - 0.5 for m in margins):
            problems.append(f"page {number}: bleed {min(margins):.1f} pt, less than 3 mm")
        if not _contains(media, bleed):
            problems.append(f"page {number}: MediaBox does not hold the BleedBox")
    return Check("boxes and bleed", not problems, "; ".join(problems))


def _box(array) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in array)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _contains(outer, inner) -> bool:
    return (outer[0] <= inner[0] + 0.01 and outer[1] <= inner[1] + 0.01
            and outer[2] >= inner[2] - 0.01 and outer[3] >= inner[3] - 0.01)


def check_print_colour(pdf: pikepdf.Pdf) -> Check:
    """No RGB anywhere, and text below SMALL_TEXT_PT on at most one ink."""
    scanner = _ColourScanner()
    for page in pdf.pages:
        scanner.scan(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()))
    problems = []
    if scanner.rgb:
        problems.append(f"{scanner.rgb} RGB colour settings")
    if scanner.rgb_images:
        problems.append(f"{scanner.rgb_images} RGB images")
    if scanner.small_text_inks:
        worst = ", ".join(f"{size:.1f} pt in {inks}" for size, inks in
                          sorted(scanner.small_text_inks)[:3])
        problems.append(f"{len(scanner.small_text_inks)} runs of small text on several inks "
                        f"(e.g. {worst})")
    return Check("CMYK, small text on one ink", not problems, "; ".join(problems))


_INK_NAMES = "CMYK"


class _ColourScanner:
    """Follows the graphics state through content streams: colour, CTM, font size."""

    def __init__(self):
        self.rgb = 0
        self.rgb_images = 0
        self.small_text_inks: set[tuple[float, str]] = set()

    def scan(self, owner, resources, ctm=(1, 0, 0, 1, 0, 0), depth=0):
        if depth > 8:
            return
        stack = []
        state = {"ctm": ctm, "fill": (), "space": "/DeviceGray"}
        font_size = 0.0
        text_matrix = (1, 0, 0, 1, 0, 0)
        for operands, operator in pikepdf.parse_content_stream(owner):
            op = str(operator)
            if op == "q":
                stack.append(dict(state))
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state["ctm"] = _multiply(tuple(float(v) for v in operands), state["ctm"])
            elif op in ("rg", "RG") or (op in ("cs", "CS") and self._is_rgb(operands[0], resources)):
                self.rgb += 1
            elif op == "cs":
                state["space"] = str(operands[0])
            elif op in ("k",):
                state["space"], state["fill"] = "/DeviceCMYK", tuple(float(v) for v in operands)
            elif op in ("g",):
                state["space"], state["fill"] = "/DeviceGray", (float(operands[0]),)
            elif op in ("sc", "scn"):
                state["fill"] = tuple(float(v) for v in operands if isinstance(v, (int, float))
                                      or hasattr(v, "__float__"))
            elif op == "Tf":
                font_size = float(operands[1])
            elif op == "Tm":
                text_matrix = tuple(float(v) for v in operands)
            elif op in _TEXT_OPS:
                self._text(font_size, text_matrix, state)
            elif op == "Do":
                self._xobject(resources, operands[0], state, depth)

    def _text(self, font_size, text_matrix, state):
        matrix = _multiply(text_matrix, state["ctm"])
        size = font_size * (abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5)
        if size >= SMALL_TEXT_PT:
            return
        inks = _inks(state["space"], state["fill"])
        if inks is not None and len(inks) > 1:
            self.small_text_inks.add((round(size, 1), inks))

    def _xobject(self, resources, name, state, depth):
        xobject = resources.get("/XObject", {}).get(str(name))
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Image":
            space = xobject.get("/ColorSpace")
            if space == "/DeviceRGB" or (isinstance(space, pikepdf.Array) and space[0] == "/ICCBased"
                                         and int(space[1].get("/N", 0)) == 3):
                self.rgb_images += 1
        elif xobject.get("/Subtype") == "/Form":
            matrix = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            self.scan(xobject, xobject.get("/Resources", resources),
                      _multiply(matrix, state["ctm"]), depth + 1)

    @staticmethod
    def _is_rgb(name, resources) -> bool:
        if str(name) == "/DeviceRGB":
            return True
        space = resources.get("/ColorSpace", {}).get(str(name))
        return (isinstance(space, pikepdf.Array) and str(space[0]) == "/ICCBased"
                and int(space[1].get("/N", 0)) == 3)


_TEXT_OPS = {"Tj", "TJ", "'", '"'}


def _inks(space: str, fill: tuple) -> str | None:
    """The process inks a fill colour uses ("K", "CMYK"), None if it is not a process colour."""
    if space == "/DeviceGray" and len(fill) == 1:
        return "K" if fill[0] < 1 else ""
    if space == "/DeviceCMYK" and len(fill) == 4:
        return "".join(name for name, value in zip(_INK_NAMES, fill) if value > 0.001)
    return None


def _multiply(m1, m2):
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def check_marks(pdf: pikepdf.Pdf) -> Check:
    """Crop and fold marks (if any): registration colour, outside the bleed, on the medium.

    Marks are lines stroked in a Separation named All; anything else stroked
    in four inks at 100 % (the old way to fake registration) fails.
    """
    problems, count = [], 0
    for number, page in enumerate(pdf.pages, start=1):
        bleed, media = _box(page.obj.get("/BleedBox", page.obj.MediaBox)), _box(page.obj.MediaBox)
        for (xa, ya), (xb, yb), registration in _stroked_lines(page):
            if not registration:
                problems.append(f"page {number}: a mark in four inks instead of registration")
                continue
            count += 1
            inside_bleed = (max(xa, xb) > bleed[0] + 0.01 and min(xa, xb) < bleed[2] - 0.01
                            and max(ya, yb) > bleed[1] + 0.01 and min(ya, yb) < bleed[3] - 0.01)
            if inside_bleed:
                problems.append(f"page {number}: a mark inside the bleed at ({xa:.0f}, {ya:.0f})")
            if not (_contains(media, (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)))):
                problems.append(f"page {number}: a mark outside the MediaBox")
    return Check("marks outside the bleed, in registration colour", not problems,
                 "; ".join(sorted(set(problems))[:3]) if problems else
                 f"{count} marks" if count else "no marks")


def _stroked_lines(page):
    """(start, end, in registration colour) of straight lines stroked in marks' colours."""
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    spaces = resources.get("/ColorSpace", {})
    registration_names = {name for name, space in spaces.items()
                          if isinstance(space, pikepdf.Array) and str(space[0]) == "/Separation"
                          and str(space[1]) == "/All"}
    ctm, stack, stroke_space, stroke, path = (1, 0, 0, 1, 0, 0), [], "", (), []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append((ctm, stroke_space, stroke))
        elif op == "Q" and stack:
            ctm, stroke_space, stroke = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "CS":
            stroke_space = str(operands[0])
        elif op in ("SCN", "SC", "K"):
            stroke = tuple(float(v) for v in operands)
            if op == "K":
                stroke_space = "/DeviceCMYK"
        elif op in ("m", "l"):
            x, y = float(operands[0]), float(operands[1])
            path.append((x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]))
        elif op in ("S", "s", "B", "f", "n", "re", "W", "h", "c", "v", "y"):
            if op == "S" and len(path) == 2:
                if stroke_space in registration_names:
                    yield path[0], path[1], True
                elif stroke_space == "/DeviceCMYK" and stroke == (1, 1, 1, 1):
                    yield path[0], path[1], False
            if op not in ("W",):
                path = []


def check_subset_names(reports_fonts: dict[Path, dict[str, str]]) -> dict[Path, Check]:
    """A subset name (ABCDEF+Font) names one glyph set across every file checked together.

    Imposition software merges fonts by name when it puts several leaflets on
    one sheet; two different subsets with one name print wrong glyphs.
    """
    by_name: dict[str, set[str]] = {}
    for fonts in reports_fonts.values():
        for name, glyph_set in fonts.items():
            by_name.setdefault(name, set()).add(glyph_set)
    clashing = {name for name, sets in by_name.items() if len(sets) > 1}
    checks = {}
    for path, fonts in reports_fonts.items():
        clashes = sorted(clashing.intersection(fonts))
        checks[path] = Check("font subset names unique per glyph set", not clashes,
                             f"{len(clashes)} names shared with other glyph sets, e.g. {clashes[0]}"
                             if clashes else "")
    return checks


def glyph_sets(path: Path) -> dict[str, str]:
    """BaseFont → a digest of the embedded font program, for check_subset_names."""
    import hashlib

    result = {}
    with pikepdf.open(path) as pdf:
        for name, font in _fonts(pdf):
            descriptor = _descriptor(font)
            program = next((descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile")
                            if descriptor is not None and k in descriptor), None)
            if program is not None:
                result[name] = hashlib.sha256(program.read_bytes()).hexdigest()
    return result


# --- Many files


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
