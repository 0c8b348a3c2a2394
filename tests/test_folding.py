"""Roll fold: the panel that folds in is 3 mm narrower, mirrored right to left."""

import pytest

from campaign.build import EditionBuilder
from campaign.layout_checks import _panels
from campaign.registry import load_registry
from helpers import laid_out

MM_PER_PX = 25.4 / 96


@pytest.fixture(scope="module")
def builder(project):
    return EditionBuilder(project, load_registry(project.registry_dir))


def panel_geometry(builder, country, locale):
    """slot → (left edge, width) in mm, per sheet."""
    document = laid_out(builder, country, locale, "teens")
    return {slot: (round(panel.position_x * MM_PER_PX, 2), round(panel.margin_width() * MM_PER_PX, 2))
            for page in document.pages for slot, panel in _panels(page._page_box)}


def widths_left_to_right(geometry, slots):
    return [geometry[slot][1] for slot in sorted(slots, key=lambda slot: geometry[slot][0])]


def test_a4_roll_fold_widths(builder):
    geometry = panel_geometry(builder, "GB", "en_GB")
    # Outside, as printed: flap (folds in), back, cover; inside: 1, 2, 3 (behind the flap).
    assert widths_left_to_right(geometry, ["slot-flap", "slot-back", "slot-cover"]) == [97, 100, 100]
    assert widths_left_to_right(geometry, ["slot-inside-1", "slot-inside-2", "slot-inside-3"]) == [100, 100, 97]
    # The panels tile the sheet: each starts where the one before it ends.
    for sheet in (["slot-flap", "slot-back", "slot-cover"], ["slot-inside-1", "slot-inside-2", "slot-inside-3"]):
        edges = sorted(geometry[slot] for slot in sheet)
        assert edges[0][0] == 0
        for (left, width), (next_left, _) in zip(edges, edges[1:]):
            assert left + width == pytest.approx(next_left, abs=0.01)


def test_right_to_left_mirrors_the_fold(builder):
    geometry = panel_geometry(builder, "IL", "he_IL")
    assert widths_left_to_right(geometry, ["slot-flap", "slot-back", "slot-cover"]) == [100, 100, 97]
    assert widths_left_to_right(geometry, ["slot-inside-1", "slot-inside-2", "slot-inside-3"]) == [97, 100, 100]
    assert geometry["slot-cover"][0] == 0 and geometry["slot-inside-3"][0] == 0


def test_letter_roll_fold_widths(builder):
    geometry = panel_geometry(builder, "US", "en_US")
    wide, narrow = (279.4 + 3) / 3, (279.4 + 3) / 3 - 3
    assert widths_left_to_right(geometry, ["slot-flap", "slot-back", "slot-cover"]) == \
        pytest.approx([narrow, wide, wide], abs=0.01)
    assert widths_left_to_right(geometry, ["slot-inside-1", "slot-inside-2", "slot-inside-3"]) == \
        pytest.approx([wide, wide, narrow], abs=0.01)
