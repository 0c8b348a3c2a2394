"""Type sizes, read back from WeasyPrint's layout, and the per-script factors."""

from pathlib import Path

import pytest

from campaign import script_sizes
from campaign.build import EditionBuilder
from campaign.layout_checks import _panels
from campaign.registry import load_registry
from helpers import laid_out

STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "assets" / "leaflet.css"
PT_PER_PX = 0.75
BODY_MINIMUM = {"children": 14, "teens": 12, "parents": 12}
DETAIL_CLASSES = {"service-label", "service-name", "service-phone", "service-web", "service-hours",
                  "service-sms", "service-chat", "checked-date", "partner-line"}
SMALL_PRINT = {"imprint"}  # at least 8 pt


@pytest.fixture(scope="module")
def builder(project):
    return EditionBuilder(project, load_registry(project.registry_dir))


def layout(builder, country, locale, audience):
    return laid_out(builder, country, locale, audience)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def text_sizes(document):
    """(panel slot, classes of the text's ancestors, tag, size in pt) of every piece of text."""
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            yield from _walk(panel, slot, set(), "")


def _walk(box, slot, classes, tag):
    classes = classes | _classes(box)
    tag = getattr(box, "element_tag", tag) or tag
    if type(box).__name__ == "TextBox" and box.text.strip():
        yield slot, classes, tag, box.style["font_size"] * PT_PER_PX
    for child in getattr(box, "children", ()):
        yield from _walk(child, slot, classes, tag)


@pytest.mark.parametrize("country, locale, audience", [
    ("GB", "en_GB", "children"), ("GB", "en_GB", "teens"), ("AT", "de_AT", "teens"),
    ("TH", "th_TH", "children"), ("IL", "ar_IL", "teens"), ("GR", "el_GR", "parents"),
])
def test_minimum_type_sizes(builder, country, locale, audience):
    sizes = list(text_sizes(layout(builder, country, locale, audience)))
    assert sizes
    body = [size for slot, classes, tag, size in sizes
            if tag in ("p", "li") and not classes & (DETAIL_CLASSES | SMALL_PRINT)
            and not classes & {"draft-note", "unconfirmed-note"}]
    details = [size for slot, classes, tag, size in sizes if classes & DETAIL_CLASSES]
    assert body and details
    assert min(body) >= BODY_MINIMUM[audience] - 0.01, sorted(set(body))
    assert min(details) >= 10 - 0.01
    small_print = [size for slot, classes, tag, size in sizes if classes & SMALL_PRINT]
    assert small_print and min(small_print) >= 8 - 0.01
    assert min(size for *_, size in sizes) >= 8 - 0.01


def test_script_factor_scales_every_size(builder):
    latin = {tag: size for _, classes, tag, size in text_sizes(layout(builder, "IL", "he_IL", "parents"))
             if tag == "p" and not classes & DETAIL_CLASSES}
    arabic = {tag: size for _, classes, tag, size in text_sizes(layout(builder, "IL", "ar_IL", "parents"))
              if tag == "p" and not classes & DETAIL_CLASSES}
    factors = script_sizes.factors_in_stylesheet(STYLESHEET.read_text(encoding="utf-8"))
    assert arabic["p"] / latin["p"] == pytest.approx(factors["arab"] / factors["hebr"], rel=0.01)


def test_script_factors_in_the_stylesheet_are_measured_from_the_installed_fonts():
    in_stylesheet = script_sizes.factors_in_stylesheet(STYLESHEET.read_text(encoding="utf-8"))
    assert in_stylesheet == script_sizes.measured_factors()
    assert set(in_stylesheet) == {font.script_class for font in script_sizes.SCRIPT_FONTS}


def test_arabic_is_set_larger_than_latin_and_no_script_smaller():
    factors = script_sizes.measured_factors()
    assert factors["arab"] > 1.1  # its x-height is about 0.7 of Latin's
    assert all(1.0 <= value <= script_sizes.MAX_FACTOR for value in factors.values())


def test_the_arabic_x_height_is_its_loop_height_and_measures_1_43():
    """The declared x-height of Noto Sans Arabic is the top of its loops (ص, م),
    which dual-script design matches to the Latin x-height."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    arabic = next(font for font in script_sizes.SCRIPT_FONTS if font.script_class == "arab")
    font = TTFont(script_sizes.font_path(arabic.font_file))
    glyphs, cmap, units = font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm
    for letter in "صم":
        pen = BoundsPen(glyphs)
        glyphs[cmap[ord(letter)]].draw(pen)
        assert pen.bounds[3] / units == pytest.approx(font["OS/2"].sxHeight / units, abs=0.01)
    measured = script_sizes.measure(script_sizes.LATIN).x_height / script_sizes.measure(arabic).x_height
    assert measured == pytest.approx(1.43, abs=0.01)


def _arabic_at(builder, factor, audience="parents"):
    from campaign.editions import Edition
    from campaign.layout_checks import check_layout
    from campaign.targets import target

    html = builder.render_html(Edition("IL", "ar_IL", audience), builder.catalog("ar_IL"), linked=False)
    html = html.replace('style="--scale: 1.0"', f'style="--scale: 1.0; --script-scale: {factor}"', 1)
    assert f"--script-scale: {factor}" in html
    return check_layout(builder.renderer.layout(html, target("screen").stylesheets))


def test_the_arabic_factor_is_the_largest_at_which_every_arabic_edition_fits(builder):
    """If this fails after the Arabic text or the layout changed, measure the
    largest factor again (campaign/script_sizes.py) rather than loosen the test."""
    for audience in ("children", "teens", "parents"):
        assert _arabic_at(builder, script_sizes.MAX_FACTOR, audience) == [], audience
    larger = _arabic_at(builder, round(script_sizes.MAX_FACTOR + 0.01, 2))
    assert larger and larger[0].panel == "inside flap", larger


def test_factor_uses_the_larger_of_x_height_and_mean_letter_height():
    latin = script_sizes.Measure(x_height=0.5, mean_letter_height=0.6)
    assert script_sizes.factor(script_sizes.Measure(0.55, 0.55), latin) == 1.09
    assert script_sizes.factor(script_sizes.Measure(0.45, 0.6), latin) == 1.11
    assert script_sizes.factor(script_sizes.Measure(0.6, 0.7), latin) == 1.0
    assert script_sizes.factor(script_sizes.Measure(0.3, 0.6), latin) == script_sizes.MAX_FACTOR


def test_writing_the_block_round_trips(tmp_path):
    sheet = tmp_path / "leaflet.css"
    sheet.write_text("a {}\n" + script_sizes.css_block({"arab": 9.0}) + "\nb {}\n", encoding="utf-8")
    script_sizes.write_into(sheet)
    text = sheet.read_text(encoding="utf-8")
    assert text.startswith("a {}\n") and text.endswith("\nb {}\n")
    assert script_sizes.factors_in_stylesheet(text) == script_sizes.measured_factors()
