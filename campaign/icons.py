"""Panel icons in the colours of each audience's palette.

The icons in templates/assets/icons/ are drawn in the parents' colours:
accent (teal), its light tint (the icon's disc) and a highlight (coral), plus
the ink, paper and sun colours every audience shares. For the other
audiences those three colours are swapped for their own (Audience.palette
names them; their values are read from the custom properties of leaflet.css), so the children's coral leaflet never shows
the teens' violet. The icon reaches the renderer as a data: URL (which the
print target recolours to CMYK like any artwork).
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from campaign.audiences import audience as audience_record

# The audience whose palette the icon files are drawn in.
DRAWN_FOR = "parents"

_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")


@functools.lru_cache(maxsize=4)
def _palette(stylesheet: Path) -> dict[str, str]:
    return {name: colour.lower() for name, colour in _PROPERTY.findall(stylesheet.read_text(encoding="utf-8"))}


def audience_colours(stylesheet: Path, audience: str) -> dict[str, str]:
    """Colour in the drawn icons → colour for `audience`."""
    palette = _palette(stylesheet)
    drawn = [palette[name] for name in audience_record(DRAWN_FOR).palette]
    wanted = [palette[name] for name in audience_record(audience).palette]
    return dict(zip(drawn, wanted))


def recolour(svg: str, colours: dict[str, str]) -> str:
    pattern = re.compile("|".join(map(re.escape, colours)), re.I)
    return pattern.sub(lambda match: colours[match.group(0).lower()], svg)


@functools.lru_cache(maxsize=64)
def icon_url(templates_dir: Path, name: str, audience: str) -> str:
    """A data: URL of icon `name` in `audience`'s colours."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise ValueError(f"not an icon name: {name!r}")
    svg = (templates_dir / "assets" / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    svg = recolour(svg, audience_colours(templates_dir / "assets" / "leaflet.css", audience))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
