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


def _overflow(panel, page_box) -> tuple[float, float]:
    """How far (bottom, side) any descendant sticks out of the content area.

    The bottom limit comes from the page, not from the panel box: WeasyPrint
    cuts an absolutely positioned box that is too tall at the page edge, makes
    the box taller to match and silently drops what did not fit.
    """
    page_bottom = page_box.content_box_y() + page_box.height
    # The cut box also loses its bottom padding, so take it from the style.
    padding = panel.style["padding_bottom"]
    padding = getattr(padding, "value", padding)
    bottom = min(panel.content_box_y() + panel.height, page_bottom - padding)
    left = panel.content_box_x()
    right = left + panel.width
    worst_bottom = worst_side = 0.0
    for box in panel.descendants():
        # The panel's own box appears again inside its absolute placeholder.
        if box.element is panel.element and box.element_tag == "section":
            continue
        if not hasattr(box, "position_y"):
            continue
        box_bottom = box.position_y + box.margin_height()
        worst_bottom = max(worst_bottom, box_bottom - bottom)
        if box.margin_width() > 0:
            worst_side = max(
                worst_side,
                box.position_x + box.margin_width() - right,
                left - box.position_x,
            )
    return worst_bottom, worst_side


def check_layout(document) -> list[LayoutProblem]:
    """All overflow problems of a laid-out leaflet (empty when it fits)."""
    problems = []
    if len(document.pages) != EXPECTED_PAGES:
        problems.append(
            LayoutProblem(
                "leaflet",
                f"has {len(document.pages)} pages instead of {EXPECTED_PAGES}: "
                "a panel's content spilled onto an extra page",
            )
        )
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            bottom, side = _overflow(panel, page._page_box)
            name = PANEL_NAMES[slot]
            if bottom > TOLERANCE:
                problems.append(
                    LayoutProblem(name, f"content overflows the bottom by {bottom * 0.2646:.1f} mm")
                )
            if side > TOLERANCE:
                problems.append(
                    LayoutProblem(name, f"a line overflows the side by {side * 0.2646:.1f} mm")
                )
    return problems
