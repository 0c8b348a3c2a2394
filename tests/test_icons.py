"""Panel icons follow the audience's palette."""

import base64
import re
from pathlib import Path

import pytest

from campaign import icons
from campaign.audiences import AUDIENCES
from campaign.build import EditionBuilder
from campaign.editions import Edition
from campaign.registry import load_registry

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ICONS = sorted((TEMPLATES / "assets" / "icons").glob("*.svg"))
PANEL_ICONS = [path for path in ICONS if not path.name.startswith("cover-")]
PALETTE = icons._palette(TEMPLATES / "assets" / "leaflet.css")
SHARED = {PALETTE["--ink"], PALETTE["--paper"], PALETTE["--sun"]}


def colours(svg: str) -> set[str]:
    return {colour.lower() for colour in re.findall(r"#[0-9a-fA-F]{6}", svg)}


def test_panel_icons_are_drawn_in_the_parents_roles_and_shared_colours():
    drawn = {PALETTE[name] for name in AUDIENCES[icons.DRAWN_FOR].palette}
    for path in PANEL_ICONS:
        assert colours(path.read_text(encoding="utf-8")) <= drawn | SHARED, path.name


@pytest.mark.parametrize("audience", ["children", "teens", "parents"])
def test_each_audience_gets_its_own_colours(audience):
    own = {PALETTE[name] for name in AUDIENCES[audience].palette}
    others = {PALETTE[name] for other in AUDIENCES.values() for name in other.palette} - own
    for path in PANEL_ICONS:
        url = icons.icon_url(TEMPLATES, path.stem, audience)
        svg = base64.b64decode(url.split(",", 1)[1]).decode("utf-8")
        assert not colours(svg) & others, (path.name, audience)
        assert colours(svg) & own, (path.name, audience)


def test_the_children_leaflet_shows_no_violet(project):
    builder = EditionBuilder(project, load_registry(project.registry_dir))
    html = builder.render_html(Edition("GB", "en_GB", "children"), builder.catalog("en_GB"))
    urls = re.findall(r"url\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", html)
    assert len(urls) == 5  # one per panel heading: flap, help panel, inside 1 to 3
    for data in urls:
        svg = base64.b64decode(data).decode("utf-8")
        assert PALETTE["--violet"] not in colours(svg) and PALETTE["--violet-light"] not in colours(svg)


def test_the_what_to_do_icon_is_a_checklist_not_a_chart():
    svg = (TEMPLATES / "assets" / "icons" / "steps.svg").read_text(encoding="utf-8")
    assert "checklist" in svg
    # Three rows, each a box and a line; the first two boxes ticked.
    assert svg.count('width="5" height="5"') == 3
    assert svg.count("l1.4 1.4 2.6-3") == 2


def test_icon_names_cannot_leave_the_icons_folder():
    with pytest.raises(ValueError):
        icons.icon_url(TEMPLATES, "../leaflet", "children")
