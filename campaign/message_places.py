"""Where each message is printed: leaflet(s), panel and role, read from the templates.

Translators need to know that "asks you to keep a secret" is a list item that
completes "Tell a trusted grown-up if someone online:", on the children's
leaflet only. Writing that by hand above 127 messages goes stale with every
template edit, so `campaign catalog extract` derives it from the template
structure and adds it as a translator comment ("Where: …"):

- the leaflet: the template's own (children.html → children), or for the
  shared templates (base.html, partials/) the audiences of the enclosing
  `{% if audience == … %}` branches;
- the panel: the `{% block %}` it is in (flap, inside_1…) or the section of
  base.html (cover, back), with the panel's heading;
- the role: panel heading, subheading, list item or numbered step (and the
  lead-in sentence it completes when that ends with a colon), a note in a box,
  a label above help services, alternative text, the title…

The same places tell `catalog stats` and the review sheet which leaflets a
message is on (a help-panel message for children is not on the parents' leaflet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from campaign.audiences import AUDIENCE_NAMES as LEAFLETS
LEAFLET_NAMES = {"children": "children's", "teens": "young people's", "parents": "parents'"}

PANELS = {
    "flap": "inside flap (outside sheet, left)",
    "inside_1": "inside panel 1",
    "inside_2": "inside panel 2",
    "inside_3": "inside panel 3",
    "slot-cover": "cover",
    "slot-back": "back panel",
}
# Messages set as variables and printed by base.html.
VARIABLE_ROLES = {
    "leaflet_title": ("cover", "title of the leaflet, also the PDF's title"),
    "leaflet_subtitle": ("cover", "subtitle, below the title"),
    "cover_alt": ("cover", "description of the cover picture, read aloud by screen readers"),
}
MACRO_ROLES = {"service_label": "label above the help services of one kind (names and numbers follow)"}
# Lines known by their class.
CLASS_ROLES = {
    "draft-note": "line in small print, printed until the translation is reviewed",
    "unconfirmed-note": "line in small print, printed until the contact details are confirmed with the services",
    "service-sms": "how to reach a help service by text message",
    "service-chat": "label before the address of a help service's online chat",
    "help-intro": "introduction below the country's name",
    "service-hours": "opening hours of a help service",
    "help-platform": "line below the help services",
    "checked-date": "line below the help services, in small print",
    "imprint": "imprint at the foot of the panel, in small print",
}

_TOKEN_RE = re.compile(
    r"\{%-?\s*(?P<statement>.*?)\s*-?%\}"
    r"|\{#.*?#\}"
    r"|<(?P<close>/)?(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?P<attributes>[^<>]*?)/?>"
    r"|\b(?P<function>_|gettext|pgettext|ngettext|npgettext)\("
    r"(?P<arguments>(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|[^()\"'])*)",
    re.DOTALL,
)
_VOID_TAGS = {"img", "meta", "link", "br", "base", "hr", "input"}
_AUDIENCE_RE = re.compile(r"""audience\s*==\s*["'](\w+)["']""")
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')
_VARIABLE_RE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class Place:
    leaflets: tuple[str, ...]
    panel: str
    role: str

    def describe(self) -> str:
        names = [LEAFLET_NAMES[leaflet] for leaflet in self.leaflets]
        if len(names) == len(LEAFLETS):
            who = "every leaflet"
        else:
            who = (" and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1])
            who += " leaflet" + ("s" if len(names) > 1 else "")
        where = f"{who}, {self.panel}" if self.panel else who
        return f"Where: {where}: {self.role}."


def _normalized(text: str) -> str:
    return " ".join(_VARIABLE_RE.sub(r"%(\1)s", text).split())


@dataclass
class _Element:
    tag: str
    classes: tuple[str, ...]
    lead_in: str | None = None


class _Scanner:
    """Walks one template's tokens, keeping the state that decides a place."""

    def __init__(self, template: str, source: str):
        self.template = template
        self.source = source
        own = template.rsplit("/", 1)[-1].removesuffix(".html")
        self.own_leaflets = (own,) if own in LEAFLETS and "/" not in template else LEAFLETS
        self.blocks: list[str] = []
        self.audiences: list[tuple[tuple[str, ...] | None, set[str]]] = []  # (branch, covered so far)
        self.elements: list[_Element] = []
        self.calls: list[str] = []
        self.macros: list[str] = []
        self.panel_headings: dict[str, str] = {}
        self.last_message = ""
        self.places: dict[int, list[tuple[str, Place]]] = {}

    def run(self) -> dict[int, list[tuple[str, Place]]]:
        position = 0
        while match := _TOKEN_RE.search(self.source, position):
            position = match.end()
            line = self.source.count("\n", 0, match.start()) + 1
            if match.group("statement") is not None:
                position = self._statement(match.group("statement"), line, match.end())
            elif match.group("tag"):
                self._tag(match)
            elif match.group("function"):
                self._call(match, line)
        return self.places

    # -- Jinja statements ----------------------------------------------------

    def _statement(self, statement: str, line: int, end: int) -> int:
        keyword, _, rest = statement.partition(" ")
        if keyword == "block":
            self.blocks.append(rest.split()[0])
        elif keyword == "endblock" and self.blocks:
            self.blocks.pop()
        elif keyword == "if":
            found = tuple(a for a in LEAFLETS if a in _AUDIENCE_RE.findall(rest))
            self.audiences.append((found or None, set(found)))
        elif keyword == "elif" and self.audiences:
            found = tuple(a for a in LEAFLETS if a in _AUDIENCE_RE.findall(rest))
            _, covered = self.audiences[-1]
            self.audiences[-1] = (found or None, covered | set(found))
        elif keyword == "else" and self.audiences:
            branch, covered = self.audiences[-1]
            rest_of = tuple(a for a in LEAFLETS if a not in covered) if covered else None
            self.audiences[-1] = (rest_of, covered)
        elif keyword == "endif" and self.audiences:
            self.audiences.pop()
        elif keyword == "call":
            self.calls.append(rest.split("(")[0].strip())
        elif keyword == "endcall" and self.calls:
            self.calls.pop()
        elif keyword == "macro":
            self.macros.append(rest.split("(")[0].strip())
        elif keyword == "endmacro" and self.macros:
            self.macros.pop()
        elif keyword == "set":
            for call in _TOKEN_RE.finditer(rest):
                if call.group("function"):
                    self._call(call, line, variable=rest.split("=")[0].strip())
        elif keyword == "trans":
            closing = re.compile(r"\{%-?\s*(?:endtrans|pluralize)\b")
            body_end = closing.search(self.source, end)
            text = _normalized(self.source[end:body_end.start() if body_end else len(self.source)])
            self._message(text, line)
        return end

    # -- HTML --------------------------------------------------------------------

    def _tag(self, match: re.Match) -> None:
        tag = match.group("tag").lower()
        if match.group("close"):
            while self.elements:
                if self.elements.pop().tag == tag:
                    break
            return
        attributes = match.group("attributes")
        if "_(" in attributes or "gettext(" in attributes:
            # a message inside an attribute (alt text): scanned as a call below
            self._attribute_call(match)
        if tag in _VOID_TAGS:
            return
        classes = re.search(r'class="([^"]*)"', attributes)
        lead_in = self.last_message if tag in ("ul", "ol") and self.last_message.endswith(":") else None
        self.elements.append(_Element(tag, tuple(classes.group(1).split()) if classes else (), lead_in))

    def _attribute_call(self, match: re.Match) -> None:
        start = match.start("attributes")
        for call in _TOKEN_RE.finditer(self.source, start, match.end("attributes")):
            if call.group("function"):
                line = self.source.count("\n", 0, call.start()) + 1
                self._call(call, line, role="alternative text, read aloud by screen readers")

    # -- messages -------------------------------------------------------------------

    def _call(self, match: re.Match, line: int, role: str | None = None, variable: str = "") -> None:
        strings = [a or b for a, b in _STRING_RE.findall(match.group("arguments"))]
        if not strings:
            return
        text = strings[1] if match.group("function") in ("pgettext", "npgettext") and len(strings) > 1 \
            else strings[0]
        if variable in VARIABLE_ROLES:
            panel, role = VARIABLE_ROLES[variable]
            self._record(text, line, Place(self.own_leaflets, panel, role))
            return
        self._message(_normalized(text), line, role)

    def _message(self, text: str, line: int, role: str | None = None) -> None:
        panel = self._panel()
        role = role or self._role()
        if role == "panel heading" and self.blocks:
            self.panel_headings.setdefault(self.blocks[-1], text)
        self._record(text, line, Place(self._leaflets(), panel, role))
        self.last_message = text

    def _record(self, text: str, line: int, place: Place) -> None:
        self.places.setdefault(line, []).append((text, place))

    def _leaflets(self) -> tuple[str, ...]:
        leaflets = set(self.own_leaflets)
        for branch, _ in self.audiences:
            if branch is not None:
                leaflets &= set(branch)
        return tuple(a for a in LEAFLETS if a in leaflets)

    def _panel(self) -> str:
        if self.blocks:
            block = self.blocks[-1]
            panel = PANELS.get(block, block)
            heading = self.panel_headings.get(block)
            return f"{panel} (“{heading}”)" if heading else panel
        for element in reversed(self.elements):
            for name in element.classes:
                if name in PANELS:
                    return PANELS[name]
        if self.template.startswith(("partials/help_panel", "partials/imprint")):
            return "back panel (help services of the country, from the registry)"
        return ""

    def _role(self) -> str:
        if "panel_heading" in self.calls:
            return "panel heading"
        if self.macros and self.macros[-1] in MACRO_ROLES:
            return MACRO_ROLES[self.macros[-1]]
        tags = [e.tag for e in self.elements]
        classes = {c for e in self.elements for c in e.classes}
        in_box = "callout" in classes
        role = "paragraph"
        if "h1" in tags:
            role = "title"
        elif "h2" in tags:
            role = "heading"
        elif "h3" in tags:
            role = "subheading"
        elif "li" in tags:
            lists = [e for e in self.elements if e.tag in ("ul", "ol")]
            numbered = lists and lists[-1].tag == "ol"
            role = "numbered step" if numbered else "list item"
            if lists and lists[-1].lead_in:
                role += f", completing the sentence “{lists[-1].lead_in}”"
        elif "quote" in classes:
            role = "words to say, in quotation marks"
        elif "strong" in tags:
            role = "paragraph in bold"
        elif classes & set(CLASS_ROLES):
            role = CLASS_ROLES[next(c for e in reversed(self.elements) for c in e.classes if c in CLASS_ROLES)]
        return f"{role}, in a highlighted box" if in_box else role


def template_places(templates_dir: Path, template: str) -> dict[int, list[tuple[str, Place]]]:
    """Line → [(normalized message text, place)] of one template."""
    source = (templates_dir / template).read_text(encoding="utf-8")
    return _Scanner(template, source).run()


def place_of(places: dict[int, list[tuple[str, Place]]], line: int, msgid: str) -> Place | None:
    """The place of the message `msgid` extracted at `line`."""
    candidates = places.get(line, [])
    wanted = _normalized(msgid)
    for text, place in candidates:
        if text == wanted:
            return place
    return candidates[0][1] if len(candidates) == 1 else None
