"""Checks of a built PDF on its own: structure, fonts, colour, boxes, marks.

The checks `campaign preflight` (preflight.py) runs that need nothing but
the file: read with pikepdf (qpdf), never with the renderer that wrote it.
The checks that compare the file with the edition's sources (text, QR codes,
dates) are in preflight.py.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from campaign.pdf_text import TextLayer, structure_elements

# Type below this size must print on one ink: four plates never register
# exactly, and small letters on four inks blur (docs/output-targets.md).
SMALL_TEXT_PT = 14.0
BLEED_PT = 3 / 25.4 * 72  # 3 mm


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


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


def check_tags(pdf: pikepdf.Pdf, wanted_language: str | None = None) -> Check:
    """Tagged (PDF/UA): structure tree, marked, document language and title shown."""
    problems = []
    root = pdf.Root
    if "/StructTreeRoot" not in root:
        problems.append("no StructTreeRoot")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("MarkInfo /Marked is not true")
    language = str(root.get("/Lang", ""))
    if not language:
        problems.append("no /Lang")
    elif wanted_language and language != wanted_language:
        problems.append(f"/Lang {language}, the edition is {wanted_language}")
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
            elif op in ("rg", "RG") or (op in ("cs", "CS")
                                        and self._is_rgb(operands[0], resources)):
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
            if space == "/DeviceRGB" or (isinstance(space, pikepdf.Array)
                                         and space[0] == "/ICCBased"
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
