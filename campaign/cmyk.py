"""CMYK artwork for the print target: the palette's screen colours mapped to print's.

leaflet.css defines the palette in sRGB hex, print.css redefines the same
custom properties in device-cmyk(); artwork uses palette colours only, so
each SVG can be recoloured while it is loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from campaign.errors import CampaignError

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_PALETTE_HEX = re.compile(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;")
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_PALETTE_CMYK = re.compile(r"(--[\w-]+)\s*:\s*(device-cmyk\([^)]*\))\s*;")


def cmyk_palette(assets_dir: Path) -> dict[str, str]:
    """Screen hex colour → print device-cmyk(), joined by custom property name.

    leaflet.css defines the palette in sRGB hex, print.css redefines the same
    properties in CMYK; artwork uses palette colours only.
    """
    screen = _PALETTE_HEX.findall((assets_dir / "leaflet.css").read_text(encoding="utf-8"))
    cmyk = dict(_PALETTE_CMYK.findall((assets_dir / "print.css").read_text(encoding="utf-8")))
    palette = {}
    for name, colour in screen:
        if name not in cmyk:
            raise CampaignError(f"print.css gives no CMYK value for the palette colour {name}")
        palette[_normalise_hex(colour)] = cmyk[name]
    palette.setdefault("#ffffff", "device-cmyk(0 0 0 0)")
    return palette


def _normalise_hex(colour: str) -> str:
    colour = colour.lower()
    if len(colour) == 4:
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    return colour


def svg_recolourer(palette: dict[str, str]):
    """A function that rewrites an SVG's hex colours to the palette's CMYK ones.

    WeasyPrint's SVG renderer accepts device-cmyk() in fill and stroke, so
    the print PDF's artwork is CMYK like its text. A colour outside the palette
    stops the build: it would otherwise reach the printer as RGB.
    """

    def recolour(svg: bytes) -> bytes:
        def replace(match):
            colour = _normalise_hex(match.group(0))
            if colour not in palette:
                raise CampaignError(
                    f"artwork colour {match.group(0)} is not in the palette of "
                    "templates/assets/leaflet.css, so it has no CMYK value for print"
                )
            return palette[colour]

        text = _HEX_COLOUR.sub(replace, svg.decode("utf-8"))
        # Shapes without a fill are black by default, and WeasyPrint sets that
        # black (in RGB) even on groups that paint nothing: make it CMYK black.
        root = _SVG_ROOT.search(text)
        if root and "fill=" not in root.group(0):
            text = text[: root.start()] + '<svg fill="device-cmyk(0 0 0 1)"' + text[root.start() + 4 :]
        return text.encode("utf-8")

    return recolour
