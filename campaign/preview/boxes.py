"""Where each marked message sits on the laid-out pages.

Walks WeasyPrint's layout tree for the `<span data-message>` boxes that
marking.py put around every message. A message broken over several lines (or
used twice) has several boxes. Rectangles are given as fractions of the
rasterised page (its PDF MediaBox, which includes any bleed), so the browser
can place them over an image of any size.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure.boxes import InlineBox

from campaign.layout_checks import PANEL_NAMES
from campaign.preview.marking import MESSAGE_ATTRIBUTE


@dataclass(frozen=True)
class MessageBox:
    message: int  # index into MarkingTranslations.keys
    page: int  # 0-based
    panel: str | None  # slot class, e.g. "slot-inside-1"
    x: float  # fractions of the page image, from its top-left corner
    y: float
    width: float
    height: float

    def as_dict(self) -> dict:
        return {"message": self.message, "page": self.page, "panel": self.panel,
                "x": round(self.x, 5), "y": round(self.y, 5),
                "width": round(self.width, 5), "height": round(self.height, 5)}


@dataclass(frozen=True)
class PanelBox:
    slot: str
    page: int
    x: float
    y: float
    width: float
    height: float


def _slot(box) -> str | None:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) != "section":
        return None
    return next((name for name in (element.get("class") or "").split() if name in PANEL_NAMES), None)


class _PageGeometry:
    """CSS px on the page → fractions of the image (the MediaBox adds the bleed)."""

    def __init__(self, page):
        self.left, self.top = page.bleed["left"], page.bleed["top"]
        self.width = page.width + page.bleed["left"] + page.bleed["right"]
        self.height = page.height + page.bleed["top"] + page.bleed["bottom"]

    def rectangle(self, box) -> tuple[float, float, float, float]:
        return ((box.position_x + self.left) / self.width, (box.position_y + self.top) / self.height,
                box.margin_width() / self.width, box.margin_height() / self.height)


def _walk(box, panel=None):
    """(box, panel slot) for `box` and everything inside it, through the
    placeholders of absolutely positioned boxes (the panels)."""
    panel = _slot(box) or panel
    yield box, panel
    for child in getattr(box, "children", ()):
        yield from _walk(child, panel)


def message_boxes(document) -> list[MessageBox]:
    """Every box of every marked message, page by page, in document order."""
    found: dict[tuple, MessageBox] = {}
    for number, page in enumerate(document.pages):
        geometry = _PageGeometry(page)
        for box, panel in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or not hasattr(box, "position_x"):
                continue
            # The span's text boxes share its element: only its inline boxes count.
            if not isinstance(box, InlineBox):
                continue
            message = element.get(MESSAGE_ATTRIBUTE)
            if message is None or box.margin_width() <= 0:
                continue
            rectangle = geometry.rectangle(box)
            # A placeholder and the box it holds are the same box: keep one.
            found.setdefault((int(message), number, rectangle), MessageBox(int(message), number, panel, *rectangle))
    return list(found.values())


def panel_boxes(document) -> list[PanelBox]:
    """The six panels (slot, page and rectangle), for cropping screenshots."""
    found: dict[tuple, PanelBox] = {}
    for number, page in enumerate(document.pages):
        geometry = _PageGeometry(page)
        for box, _ in _walk(page._page_box):
            slot = _slot(box)
            if slot and hasattr(box, "position_x"):
                found.setdefault((slot, number), PanelBox(slot, number, *geometry.rectangle(box)))
    return list(found.values())
