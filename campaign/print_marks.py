"""Crop and fold marks for the print target (`campaign build --target print --marks`).

WeasyPrint draws crop marks inside the bleed, half the bleed long, so a
guillotine cut through the bleed would leave them on the sheet. Print shops
expect them outside the bleed, in the registration colour (a Separation
named All prints on every plate, ISO 32000-1, 8.6.6.4), about 5 mm long and
set off from the bleed; this module draws them that way after WeasyPrint
built the page, and enlarges the MediaBox to hold them. The TrimBox and
BleedBox stay as they were.

Fold marks are short dashed lines above and below the sheet at each fold,
taken from where the layout put the panels (`.panel` boxes), so they follow
any change of panel widths.
"""

from __future__ import annotations

import pydyf

from campaign.pdf_objects import resolve

MM = 72 / 25.4
CSS_PX = 0.75  # points per CSS pixel
MARK_OFFSET = 6 * MM  # from the trim: the 3 mm bleed, then 3 mm clear of it
MARK_LENGTH = 5 * MM
SLUG = MARK_OFFSET + MARK_LENGTH + 1 * MM  # paper kept around the trim for the marks
LINE_WIDTH = 0.25  # pt, a common hairline for marks
REGISTRATION = "CampaignRegistration"


def panel_folds(page) -> list[float]:
    """Fold positions (pt from the trim's left edge): the left edges of all panels but the first."""
    lefts = sorted(
        box.border_box_x() * CSS_PX
        for box in page._page_box.descendants()
        if box.element is not None and box.element_tag == "section"
        and "panel" in (box.element.get("class") or "").split()
    )
    return lefts[1:]


def add_marks(document, pdf) -> None:
    """Draw crop and fold marks on every page, outside the bleed."""
    colour_space = _registration_colour_space(pdf)
    for page, reference in zip(document.pages, pdf.page_references):
        page_dict = resolve(pdf, reference)
        trim = [float(v) for v in page_dict["TrimBox"]]
        page_dict["MediaBox"] = pydyf.Array(
            [trim[0] - SLUG, trim[1] - SLUG, trim[2] + SLUG, trim[3] + SLUG])
        resources = resolve(pdf, page_dict["Resources"])
        spaces = resources.setdefault("ColorSpace", pydyf.Dictionary())
        if isinstance(spaces, bytes):  # a reference
            spaces = resolve(pdf, spaces)
        spaces[REGISTRATION] = colour_space
        stream = resolve(pdf, page_dict["Contents"])
        # WeasyPrint's page stream starts with its own transformation: keep
        # it inside q/Q so the marks are drawn in plain page coordinates.
        stream.stream.insert(0, b"q")
        stream.stream.append(b"Q")
        stream.stream.extend(mark_operators(trim, [trim[0] + x for x in panel_folds(page)]))


def mark_operators(trim: list[float], folds: list[float]) -> list[bytes]:
    x0, y0, x1, y1 = trim
    ops = [b"q", f"/{REGISTRATION} CS 1 SCN {LINE_WIDTH} w 0 J".encode()]
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        ops.append(_line(x + sx * near, y, x + sx * far, y))  # along the horizontal edge
        ops.append(_line(x, y + sy * near, x, y + sy * far))  # along the vertical edge
    if folds:
        ops.append(b"[2 1] 0 d")  # dashed: a fold, not a cut
        for x in folds:
            ops.append(_line(x, y1 + near, x, y1 + far))
            ops.append(_line(x, y0 - near, x, y0 - far))
    ops.append(b"Q")
    return ops


def _line(xa, ya, xb, yb) -> bytes:
    return f"{xa:.3f} {ya:.3f} m {xb:.3f} {yb:.3f} l S".encode()


def _registration_colour_space(pdf):
    """[/Separation /All /DeviceCMYK f], f mapping tint t to t of every ink."""
    function = pydyf.Dictionary({
        "FunctionType": 2,
        "Domain": pydyf.Array([0, 1]),
        "C0": pydyf.Array([0, 0, 0, 0]),
        "C1": pydyf.Array([1, 1, 1, 1]),
        "N": 1,
    })
    pdf.add_object(function)
    return pydyf.Array(["/Separation", "/All", "/DeviceCMYK", function.reference])
