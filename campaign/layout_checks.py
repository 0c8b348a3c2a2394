"""Checks on the laid-out leaflet: every panel's content must fit its panel.

A translation that is longer than the English text must never spill over a
fold or onto an extra page unnoticed, so after layout we measure every box
inside every panel against the panel's content area.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPECTED_PAGES = 2  # outside and inside sheet of the tri-fold
TOLERANCE = 0.75  # CSS px (WeasyPrint's unit); rounding noise, not overflow

PANEL_NAMES = {
    "slot-cover": "front cover",
    "slot-flap": "inside flap",
    "slot-back": "back (help panel)",
    "slot-inside-1": "inside left",
    "slot-inside-2": "inside middle",
    "slot-inside-3": "inside right",
}


@dataclass(frozen=True)
class LayoutProblem:
    panel: str
    message: str
    # What copyfitting (copyfit.py) can learn from it: "bottom", the content
    # ends lower than the panel by a measured amount; "cut", content was cut
    # off or moved to another page, so the panel's fill says nothing; "side",
    # a line is wider than its panel, which only a smaller type scale cures.
    kind: str = "bottom"

    def __str__(self) -> str:
        return f"{self.panel}: {self.message}"


def _panel_slot(box) -> str | None:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) != "section":
        return None
    for css_class in (element.get("class") or "").split():
        if css_class in PANEL_NAMES:
            return css_class
    return None


def _panels(page_box):
    for box in page_box.descendants():
        slot = _panel_slot(box)
        if slot:
            yield slot, box


# Invisible controls the build adds (scripts.py, pseudo.py, imprint.py): not worth showing.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2068\u2069"))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.translate(_INVISIBLE).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_text(box, limit: int = 60) -> str:
    """The laid-out text inside `box` (a line or part of one)."""
    pieces = [getattr(box, "text", "")]
    pieces += [getattr(child, "text", "") for child in box.descendants()]
    return _shorten("".join(pieces), limit)


@dataclass
class _Worst:
    amount: float = 0.0
    box: object = None  # the box that sticks out furthest
    first_line: object = None  # bottom only: the first line that does not fit

    def update(self, amount: float, box) -> None:
        if amount > self.amount:
            self.amount, self.box = amount, box


def _page_bottom(page_box) -> float:
    """Where WeasyPrint cuts boxes: the page's bottom edge, plus its bleed
    (print): the cover's background runs into the bleed, and its padding
    grows by as much, so its content stays where it is on screen."""
    bleed = page_box.style["bleed_bottom"]
    bleed = getattr(bleed, "value", bleed) if not isinstance(bleed, str) else 0
    return page_box.content_box_y() + page_box.height + (bleed or 0)


def _overflow(panel, page_box) -> tuple[_Worst, _Worst]:
    """How far (bottom, side) any descendant sticks out of the content area,
    and the box that sticks out furthest.

    The bottom limit comes from the page, not from the panel box: WeasyPrint
    cuts an absolutely positioned box that is too tall at the page edge, makes
    the box taller to match and silently drops what did not fit.
    """
    page_bottom = _page_bottom(page_box)
    # The cut box also loses its bottom padding, so take it from the style.
    padding = panel.style["padding_bottom"]
    padding = getattr(padding, "value", padding)
    bottom = min(panel.content_box_y() + panel.height, page_bottom - padding)
    left = panel.content_box_x()
    right = left + panel.width
    worst_bottom, worst_side = _Worst(), _Worst()
    first_line_below = None
    for box in panel.descendants():
        # The panel's own box appears again inside its absolute placeholder.
        if box.element is panel.element and box.element_tag == "section":
            continue
        if not hasattr(box, "position_y"):
            continue
        below = box.position_y + box.margin_height() - bottom
        worst_bottom.update(below, box)
        if below > TOLERANCE and first_line_below is None and type(box).__name__ == "LineBox":
            first_line_below = box
        if box.margin_width() > 0:
            worst_side.update(box.position_x + box.margin_width() - right, box)
            worst_side.update(left - box.position_x, box)
    worst_bottom.first_line = first_line_below
    return worst_bottom, worst_side


def _mm(css_px: float) -> str:
    return f"{css_px * 25.4 / 96:.1f} mm"


def _dropped(panel) -> list:
    """Elements of the panel that have no box: WeasyPrint drops the blocks of
    an absolutely placed box that no longer fit above the page's bottom, and
    the box itself ends short of the edge, so nothing sticks out."""
    laid_out = {id(box.element) for box in panel.descendants(placeholders=True)
                if getattr(box, "element", None) is not None}
    return [element for element in panel.element.iter()
            if isinstance(element.tag, str) and id(element) not in laid_out]


def _panel_problems(name: str, panel, page_box) -> list[LayoutProblem]:
    bottom, side = _overflow(panel, page_box)
    problems = []
    dropped = _dropped(panel)
    if dropped:
        text = _shorten("".join(dropped[0].itertext()), 60) or f"<{dropped[0].tag}>"
        problems.append(LayoutProblem(
            name, f"content overflows the bottom and was cut off at the page edge, from “{text}”", "cut"))
    if bottom.amount > TOLERANCE:
        page_bottom = _page_bottom(page_box)
        cut = bottom.box.position_y + bottom.box.margin_height() >= page_bottom - TOLERANCE
        by = f"at least {_mm(bottom.amount)}, cut off at the page edge" if cut else _mm(bottom.amount)
        problems.append(LayoutProblem(
            # The first line that does not fit, not the last box pushed down.
            name, f"content overflows the bottom by {by}, from the line "
            f"“{line_text(bottom.first_line or bottom.box)}”",
            "cut" if cut else "bottom",
        ))
    if side.amount > TOLERANCE:
        problems.append(LayoutProblem(
            name,
            f"a line overflows the side by {_mm(side.amount)}: “{line_text(side.box)}”",
            kind="side",
        ))
    return problems


# Boxes placed at the foot of a panel, over its content area: the content
# must end above them.
FOOT_CLASSES = ("cover-foot",)
FOOT_GAP = 3 * 96 / 25.4  # 3 mm, in CSS px


def _has_class(box, css_class: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and css_class in (element.get("class") or "").split()


def _foot_problems(name: str, panel) -> list[LayoutProblem]:
    """The panel's text running into a box placed at its foot (the cover's logos)."""
    feet = [box for box in panel.descendants()
            if any(_has_class(box, css_class) for css_class in FOOT_CLASSES)
            and hasattr(box, "position_y")]
    if not feet:
        return []
    foot = feet[0]
    inside_foot = {id(box) for box in foot.descendants()}
    lowest, lowest_box = None, None
    for box in panel.descendants():
        if id(box) in inside_foot or box is foot or type(box).__name__ != "LineBox":
            continue
        bottom = box.position_y + box.margin_height()
        if lowest is None or bottom > lowest:
            lowest, lowest_box = bottom, box
    if lowest is None or lowest <= foot.position_y - FOOT_GAP + TOLERANCE:
        return []
    return [LayoutProblem(name, f"the text runs into the logos at the foot by "
                          f"{_mm(lowest - foot.position_y + FOOT_GAP)}, from the line "
                          f"“{line_text(lowest_box)}”")]


def check_layout(document) -> list[LayoutProblem]:
    """All overflow problems of a laid-out leaflet (empty when it fits)."""
    problems = []
    if len(document.pages) != EXPECTED_PAGES:
        extra = [
            PANEL_NAMES[slot]
            for page in document.pages[EXPECTED_PAGES:]
            for slot, _ in _panels(page._page_box)
        ]
        problems.append(
            LayoutProblem(
                ", ".join(dict.fromkeys(extra)) or "leaflet",
                f"has {len(document.pages)} pages instead of {EXPECTED_PAGES}: "
                "content spilled onto an extra page",
                "cut",
            )
        )
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            problems += _panel_problems(PANEL_NAMES[slot], panel, page._page_box)
            problems += _foot_problems(PANEL_NAMES[slot], panel)
    return problems


def find_text(document, character: str) -> list[tuple[str, str]]:
    """(panel, text) for every piece of laid-out text containing `character`."""
    found = []
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            for box in panel.descendants():
                if character in getattr(box, "text", ""):
                    # Spaces as a reader sees them: the build joins last words and numbers
                    # with no-break spaces (scripts.py), which would print as "\xa0".
                    found.append((PANEL_NAMES[slot], " ".join(box.text.translate(_INVISIBLE).split())))
    return list(dict.fromkeys(found))
