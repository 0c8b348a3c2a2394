"""Reading a built PDF's text layer back, as a screen reader or a search would.

Reads the file with pikepdf (qpdf), never with the renderer: glyph codes go
through each font's ToUnicode map, `/ActualText` on marked content replaces
the glyphs it covers (ISO 32000-1, 14.9.4), artifacts are set apart, and the
text is collected in the order of the structure tree (tagged files) or of the
content streams (untagged ones, such as PDF/X).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf

_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@dataclass
class FontReading:
    """One font's ToUnicode map and the glyph codes the pages use."""

    name: str
    code_width: int  # bytes per glyph code: 2 for Type0 (Identity-H), else 1
    to_unicode: dict[int, str] | None  # None: the font has no ToUnicode map
    used: set[int] = field(default_factory=set)

    def text(self, data: bytes) -> str:
        codes = [int.from_bytes(data[i:i + self.code_width], "big")
                 for i in range(0, len(data), self.code_width)]
        self.used.update(codes)
        mapping = self.to_unicode or {}
        return "".join(mapping.get(code, "") for code in codes)

    def unmapped(self) -> list[int]:
        """Used codes without a Unicode value (missing or empty ToUnicode entry)."""
        mapping = self.to_unicode or {}
        return sorted(code for code in self.used if not mapping.get(code))


@dataclass
class MarkedText:
    """Text of one marked-content sequence with an MCID (or of untagged content)."""

    text: str = ""


@dataclass
class TextLayer:
    # (page index, MCID) → its text; untagged text is under MCID None
    marked: dict[tuple[int, int | None], MarkedText]
    artifact_text: str
    fonts: list[FontReading]
    # in structure order: (structure type, text) for every piece of content
    structure: list[tuple[str, str]]
    tagged: bool

    def reading_text(self) -> str:
        """The text in reading order: structure order if tagged, else content order."""
        if self.tagged:
            return "".join(text for _, text in self.structure)
        return "".join(m.text for m in self.marked.values())


def read_text_layer(pdf: pikepdf.Pdf) -> TextLayer:
    reader = _ContentReader()
    for index, page in enumerate(pdf.pages):
        reader.read_page(index, page)
    tagged = "/StructTreeRoot" in pdf.Root
    structure = list(_structure_text(pdf, reader.marked)) if tagged else []
    return TextLayer(
        marked=reader.marked, artifact_text=reader.artifact_text,
        fonts=list(reader.fonts.values()), structure=structure, tagged=tagged,
    )


# --- Content streams


class _ContentReader:
    def __init__(self):
        self.fonts: dict[tuple, FontReading] = {}
        self.marked: dict[tuple[int, int | None], MarkedText] = {}
        self.artifact_text = ""

    def read_page(self, index: int, page: pikepdf.Page) -> None:
        self._page = index
        # Marked content: one entry per open BDC/BMC: (tag, MCID, ActualText)
        self._stack: list[tuple[str, int | None, str | None]] = []
        self._read_stream(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()))

    def _read_stream(self, stream_owner, resources) -> None:
        font = None
        for operands, operator in pikepdf.parse_content_stream(stream_owner):
            op = str(operator)
            if op == "Tf":
                font = self._font(resources, operands[0])
            elif op in ("BDC", "BMC"):
                self._begin(op, operands, resources)
            elif op == "EMC":
                if self._stack:
                    self._stack.pop()
            elif op in _TEXT_SHOWING and font is not None:
                self._show(font, operands)
            elif op == "Do":
                xobject = resources.get("/XObject", {}).get(str(operands[0]))
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    self._read_stream(xobject, xobject.get("/Resources", resources))

    def _begin(self, op, operands, resources) -> None:
        tag = str(operands[0])
        mcid = actual = None
        if op == "BDC":
            properties = operands[1]
            if isinstance(properties, pikepdf.Name):
                properties = resources.get("/Properties", {}).get(str(properties), {})
            if isinstance(properties, pikepdf.Dictionary):
                if "/MCID" in properties:
                    mcid = int(properties["/MCID"])
                if "/ActualText" in properties:
                    actual = str(properties["/ActualText"])
        self._stack.append((tag, mcid, actual))
        if actual is not None and not self._inside_actual_text(skip_last=True):
            self._append(actual)

    def _inside_actual_text(self, skip_last=False) -> bool:
        stack = self._stack[:-1] if skip_last else self._stack
        return any(actual is not None for _, _, actual in stack)

    def _show(self, font: FontReading, operands) -> None:
        strings = operands[-1]
        if not isinstance(strings, pikepdf.Array):
            strings = [strings]
        text = "".join(font.text(bytes(s)) for s in strings if isinstance(s, pikepdf.String))
        if not self._inside_actual_text():
            self._append(text)

    def _append(self, text: str) -> None:
        if any(tag == "/Artifact" for tag, _, _ in self._stack):
            self.artifact_text += text
            return
        mcid = next((m for _, m, _ in reversed(self._stack) if m is not None), None)
        self.marked.setdefault((self._page, mcid), MarkedText()).text += text

    def _font(self, resources, name) -> FontReading | None:
        font = resources.get("/Font", {}).get(str(name))
        if font is None:
            return None
        key = font.objgen if font.is_indirect else (id(font),)
        if key not in self.fonts:
            self.fonts[key] = FontReading(
                name=str(font.get("/BaseFont", name)),
                code_width=2 if font.get("/Subtype") == "/Type0" else 1,
                to_unicode=parse_to_unicode(font["/ToUnicode"].read_bytes())
                if "/ToUnicode" in font else None,
            )
        return self.fonts[key]


_HEX = rb"<([0-9A-Fa-f\s]*)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(" + _HEX + rb"|\[[^\]]*\])")


def _hex(value: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", value).decode())


def _utf16(value: bytes) -> str:
    return _hex(value).decode("utf-16-be", errors="replace")


def parse_to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: glyph code → text."""
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        for source, target in _PAIR.findall(block):
            mapping[int.from_bytes(_hex(source), "big")] = _utf16(target)
    for block in _BFRANGE.findall(cmap):
        for low, high, target, _ in _RANGE.findall(block):
            low, high = int.from_bytes(_hex(low), "big"), int.from_bytes(_hex(high), "big")
            if target.startswith(b"["):
                for offset, item in enumerate(re.findall(_HEX, target)):
                    mapping[low + offset] = _utf16(item)
            else:
                first = _utf16(target)
                for offset in range(high - low + 1):
                    # the last character counts up along the range
                    mapping[low + offset] = (first[:-1] + chr(ord(first[-1]) + offset)
                                             if first else "")
    return mapping


# --- Structure tree


def _structure_text(pdf: pikepdf.Pdf, marked: dict):
    """(structure type, text) in the order of the structure tree."""
    page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot
    yield from _walk(root.get("/K"), None, page_index, marked, "/StructTreeRoot")


def _walk(kids, page, page_index, marked, parent_type):
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, int):
            if page is not None:
                yield parent_type, marked.get((page, int(kid)), MarkedText()).text
        elif isinstance(kid, pikepdf.Dictionary):
            kind = kid.get("/Type")
            kid_page = page_index.get(kid.Pg.objgen, page) if "/Pg" in kid else page
            if kind == "/OBJR":
                continue
            if kind == "/MCR":
                yield parent_type, marked.get((kid_page, int(kid.MCID)), MarkedText()).text
                continue
            struct_type = str(kid.get("/S", ""))
            if "/ActualText" in kid:
                yield struct_type, str(kid.ActualText)
            else:
                yield from _walk(kid.get("/K"), kid_page, page_index, marked, struct_type)


def structure_elements(pdf: pikepdf.Pdf):
    """Every structure element, depth first."""
    if "/StructTreeRoot" not in pdf.Root:
        return
    stack = _struct_kids(pdf.Root.StructTreeRoot)[::-1]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(_struct_kids(element)[::-1])


def _struct_kids(element) -> list:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
