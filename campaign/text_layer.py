"""The PDF's text layer: every word reads back as it was written.

WeasyPrint 70 maps each glyph to text once, from the first cluster it draws
it in (Kozea/WeasyPrint#2841), and writes right-to-left runs in visual order
and line-break hyphens as U+2010. A screen reader, a search or a copy then
gets wrong text in Khmer, Thai, Hebrew and Arabic, and "Erpres‐ sung" in
German. This module puts it right where it goes wrong:

- while a line of text is drawn, it reads the drawn glyphs back through the
  font's glyph-to-text map; where they do not spell the line's text (in
  logical order, with a soft hyphen U+00AD at a hyphenation break), the line
  is wrapped in marked content with `/ActualText` (ISO 32000-1, 14.9.4),
  which extractors and assistive technology read instead of the glyphs;
  a right-to-left line whose glyphs map right but stand in visual order gets
  it on its structure element instead (the finisher), because poppler
  reorders such glyphs itself and would reverse a logical ActualText again;
- glyphs that only draw part of a shaped cluster (the cluster's text sits on
  its first glyph) get U+200B ZERO WIDTH SPACE instead of an empty mapping,
  so every glyph has a Unicode value (PDF/A-3u) and the text stays the same;
- generated decoration (list bullets and step numbers from ::before/::marker)
  and white space become artifacts, and structure elements left without
  content are removed (the finisher), so the tags hold no empty elements;
- font subset names are derived from the glyph set (the finisher), so two
  different subsets never share a name in one print job.

The drawing hook replaces `weasyprint.draw.draw_text`, the one function that
draws a line of text (WeasyPrint is pinned to one version, and the tests
of the Thai, Khmer, Hebrew and German text layers fail if the hook stops
being called).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

import pydyf
import weasyprint.draw

from campaign.pdf_objects import as_bytes, resolve

_ORIGINAL_DRAW_TEXT = weasyprint.draw.draw_text

BREAK_HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character; never in the leaflets' text
SOFT_HYPHEN = "\u00ad"
CLUSTER_CONTINUATION = "\u200b"
_DECORATION = ("::before", "::after", "::marker")


@dataclass
class _PageRecord:
    """What the finisher must change in one page's structure."""

    artifact_mcids: set[int] = field(default_factory=set)
    element_texts: dict[int, str] = field(default_factory=dict)  # MCID → logical text
    element_langs: dict[int, str] = field(default_factory=dict)  # MCID → its element's `lang`


# Keyed by the id of a page's tags dictionary, which WeasyPrint shares
# between the page's stream and the streams of its groups and patterns
# (Stream.clone). Emptied before each PDF is written (install).
_PAGE_RECORDS: dict[int, _PageRecord] = {}
# id of a font of the PDF being written → how many of its glyphs were looked at.
_GLYPHS_SEEN: dict[int, int] = {}


def install() -> None:
    """Route WeasyPrint's text drawing through `draw_text` (idempotent); call before each write."""
    weasyprint.draw.draw_text = draw_text
    _PAGE_RECORDS.clear()
    _GLYPHS_SEEN.clear()


def _record(stream) -> _PageRecord:
    return _PAGE_RECORDS.setdefault(id(stream._tags), _PageRecord())


def draw_text(stream, textbox, *args, **kwargs):
    tagged = getattr(stream, "_tags", None) is not None
    # List markers are drawn outside any marked content (and an untagged
    # file has none): wrap decoration in an artifact of its own.
    own_artifact = (tagged and textbox not in stream._tags) or (
        not tagged and _is_decoration(textbox))
    if own_artifact:
        stream.stream.extend(["/Artifact", b"BMC"])
    elif tagged and _is_decoration(textbox):
        _mark_as_artifact(stream, textbox)
    if stream.stream and stream.stream[-1] == b"ET":
        # WeasyPrint continues the previous text object when a line follows
        # one directly (Stream.begin_text); that would put this line's
        # marked content across a text object's end. Same operator, written
        # differently, so the next line starts its own text object.
        stream.stream[-1] = b"ET "
    if tagged and textbox in stream._tags and textbox.style["lang"]:
        # WeasyPrint writes `lang` only as the document's /Lang: keep each
        # line's, for its element (a name in another language, see finish).
        _record(stream).element_langs[stream._tags[textbox]["mcid"]] = textbox.style["lang"]
    start = len(stream.stream)
    result = _ORIGINAL_DRAW_TEXT(stream, textbox, *args, **kwargs)
    _fonts = {font.hash: font for font in stream._fonts.values()}
    for font in _fonts.values():
        _map_cluster_continuations(font)
    drawn = _read_back(stream.stream[start:], _fonts)
    wanted = logical_text(textbox)
    # Most lines read back exactly as written (nine in ten); only the others are compared letter by letter.
    if drawn != wanted and (drawn is None or comparable(drawn) != comparable(wanted)):
        if _in_visual_order_only(drawn, wanted) and _has_own_element(stream, textbox):
            # Right-to-left glyphs that map right but stand in visual order:
            # the structure element carries the logical text (see finish),
            # and extractors that reorder by themselves (poppler) still see
            # the glyphs, which they would otherwise reverse a second time.
            _record(stream).element_texts[stream._tags[textbox]["mcid"]] = wanted
        else:
            properties = pydyf.Dictionary({"ActualText": pydyf.String(wanted)})
            stream.stream[start:start] = ["/Span", properties, b"BDC"]
            stream.stream.append(b"EMC")
    if own_artifact:
        stream.stream.append(b"EMC")
    return result


def _map_cluster_continuations(font) -> None:
    """Glyphs that continue a cluster map to "" in WeasyPrint; a ToUnicode
    entry needs a character, and an invisible one reads back as nothing.
    WeasyPrint only ever adds glyphs to a font's map, so only the glyphs
    added since the last look are seen (looking at all of them after each
    line cost 3 % of a build)."""
    seen = _GLYPHS_SEEN.get(id(font), 0)
    if len(font.to_unicode) == seen:
        return
    for glyph, text in itertools.islice(font.to_unicode.items(), seen, None):
        if text == "":
            font.to_unicode[glyph] = CLUSTER_CONTINUATION
    _GLYPHS_SEEN[id(font)] = len(font.to_unicode)


def logical_text(textbox) -> str:
    """The line's text as it should read: a break hyphen becomes a soft hyphen."""
    text = textbox.text
    hyphen = textbox.style["hyphenate_character"]
    if textbox.style["hyphens"] != "none" and hyphen == BREAK_HYPHEN and text.endswith(hyphen):
        text = text[: -len(hyphen)] + SOFT_HYPHEN
    return text


def _in_visual_order_only(drawn: str | None, wanted: str) -> bool:
    return drawn is not None and sorted(comparable(drawn)) == sorted(comparable(wanted))


def _has_own_element(stream, textbox) -> bool:
    """Tagged, and drawn as a Span element of its own (a link's text is part of its Link)."""
    tags = getattr(stream, "_tags", None)
    return tags is not None and textbox in tags and tags[textbox]["tag"] == "Span" \
        and textbox.element_tag != "a" and not _is_decoration(textbox)


def comparable(text: str) -> str:
    """Text without white space and invisible format characters (ZWSP, soft hyphen, bidi marks).

    Line breaks move spaces and a PDF has none between lines, so the
    letters, in order, are what must read back.
    """
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _is_decoration(textbox) -> bool:
    tag = textbox.element_tag or ""
    return tag.endswith(_DECORATION) or not textbox.text.strip()


def _mark_as_artifact(stream, textbox) -> None:
    """Turn the marked content just opened for `textbox` into an artifact."""
    entry = stream._tags[textbox]
    ops = stream.stream
    if len(ops) >= 3 and ops[-1] == b"BDC" and isinstance(ops[-2], dict) \
            and ops[-2].get("MCID") == entry["mcid"]:
        ops[-3:] = ["/Artifact", b"BMC"]
        _record(stream).artifact_mcids.add(entry["mcid"])


def _read_back(ops, fonts) -> str | None:
    """The text the drawn glyphs map to, in drawing order; None if it cannot be read."""
    font = None
    text = []
    for op in ops:
        if not isinstance(op, (bytes, str)):
            continue
        op = op.encode() if isinstance(op, str) else op
        if op.endswith(b" Tf"):
            font = fonts.get(op.split()[0][1:].decode())
        elif op.endswith(b" TJ"):
            if font is None:
                return None
            width = 2 if font.bitmap else 4
            for group in re.findall(rb"<([0-9a-fA-F]*)>", op):
                for i in range(0, len(group), width):
                    text.append(font.to_unicode.get(int(group[i:i + width], 16), ""))
    return "".join(text)


# --- Finishing (after WeasyPrint built the PDF objects, before they are written)


def finish(pdf) -> None:
    """Structure: artifacts out, empty elements pruned, right-to-left lines' logical
    text on their elements; font subsets named by glyph set."""
    if "StructTreeRoot" in pdf.catalog:
        _prune_structure(pdf)
    _name_subsets_by_glyph_set(pdf)


def _prune_structure(pdf) -> None:
    """Remove the artifacts' MCIDs and the structure elements left without content;
    give right-to-left lines' elements their logical text, and elements in another
    language than the document's their /Lang (PDF/UA-1, ISO 14289-1, 7.2)."""
    records = {}
    for page_reference in pdf.page_references:
        stream = resolve(pdf, resolve(pdf, page_reference)["Contents"])
        records[bytes(page_reference)] = _PAGE_RECORDS.pop(id(stream._tags), _PageRecord())
    artifacts = {page: record.artifact_mcids for page, record in records.items()}
    document_language = _string(pdf.catalog.get("Lang"))
    root = resolve(pdf, pdf.catalog["StructTreeRoot"])
    for kid in list(root["K"]):
        _prune(pdf, resolve(pdf, kid), artifacts)
    # The parent tree maps each page's MCIDs to their elements, in MCID order.
    nums = resolve(pdf, root["ParentTree"])["Nums"]
    for index in range(0, len(nums), 2):
        if not isinstance(nums[index + 1], list):
            continue  # an annotation's entry
        page = bytes(pdf.page_references[nums[index]])
        elements = nums[index + 1]
        for mcid, text in records[page].element_texts.items():
            resolve(pdf, elements[mcid])["ActualText"] = pydyf.String(text)
        for mcid, language in records[page].element_langs.items():
            if language != document_language and mcid not in records[page].artifact_mcids:
                resolve(pdf, elements[mcid])["Lang"] = pydyf.String(language)
        for mcid in records[page].artifact_mcids:
            elements[mcid] = "null"


def _string(value) -> str | None:
    return None if value is None else getattr(value, "string", str(value))


def _prune(pdf, element, artifacts) -> bool:
    """Keep only kids with content; True if `element` has any."""
    page = bytes(element["Pg"]) if "Pg" in element else None
    kept = pydyf.Array()
    for kid in element["K"]:
        if isinstance(kid, int):
            if kid not in artifacts.get(page, ()):
                kept.append(kid)
            continue
        child = resolve(pdf, kid)
        if child.get("Type") == "/OBJR" or _prune(pdf, child, artifacts):
            kept.append(kid)
    element["K"] = kept
    return bool(kept) or element.get("S") in ("/Figure", "/Document")


def _name_subsets_by_glyph_set(pdf) -> None:
    """ABCDEF+Name with ABCDEF from a digest of the subset's glyphs (ISO 32000-1, 9.6.4)."""
    renames = {}
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, dict) and pdf_object.get("Subtype") == "/Type0" \
                and "ToUnicode" in pdf_object:
            name = pdf_object["BaseFont"]
            glyphs = b"".join(as_bytes(part) for part in
                              resolve(pdf, pdf_object["ToUnicode"]).stream)
            renames[name] = _subset_name(name, glyphs)
    if not renames:
        return
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, dict):
            for key in ("BaseFont", "FontName"):
                if key in pdf_object and pdf_object[key] in renames:
                    pdf_object[key] = renames[pdf_object[key]]


def _subset_name(name, glyphs: bytes) -> bytes:
    name = as_bytes(name)
    digest = hashlib.sha256(name + b"\0" + glyphs).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6]).encode()
    family = name.split(b"+", 1)[-1].lstrip(b"/")
    return b"/" + tag + b"+" + family
