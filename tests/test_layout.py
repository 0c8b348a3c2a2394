"""Layout: right-to-left leaflets are mirrored, and the overflow check bites."""

import subprocess

import pytest

from campaign.editions import Edition
from campaign.layout_checks import _panels, check_layout
from campaign.options import BuildOptions
from campaign.registry import load_registry
from script_samples import SAMPLES, SAY_NO, TRUSTED
from test_scripts import SampleBuilder


@pytest.fixture(scope="module")
def builder(module_project_copy):
    return SampleBuilder(module_project_copy, load_registry(module_project_copy.registry_dir))


def layout(builder, country, locale, audience="children"):
    edition = Edition(country, locale, audience)
    return builder.renderer.layout(builder.render_html(edition, builder.catalog(locale)))


def panel_x(document) -> dict[str, float]:
    return {
        slot: panel.position_x
        for page in document.pages
        for slot, panel in _panels(page._page_box)
    }


def boxes(document, css_class):
    for page in document.pages:
        for _, panel in _panels(page._page_box):
            for box in panel.descendants(placeholders=True):
                element = getattr(box, "element", None)
                if element is not None and css_class in (element.get("class") or "").split():
                    yield box


# -- Right to left -------------------------------------------------------------

def test_left_to_right_panel_order(builder):
    x = panel_x(layout(builder, "GB", "en_GB"))
    assert x["slot-flap"] < x["slot-back"] < x["slot-cover"]
    assert x["slot-inside-1"] < x["slot-inside-2"] < x["slot-inside-3"]


@pytest.mark.parametrize("country, locale", [("IL", "he_IL"), ("IL", "ar_IL"), ("GB", "ar_XB")])
def test_right_to_left_panel_order_is_mirrored(builder, country, locale):
    x = panel_x(layout(builder, country, locale))
    # The cover is on the left of the outside sheet; the inside reads from the right.
    assert x["slot-cover"] < x["slot-back"] < x["slot-flap"]
    assert x["slot-inside-3"] < x["slot-inside-2"] < x["slot-inside-1"]


def test_right_to_left_cover_title_is_on_the_left_of_the_pdf(builder):
    result = builder.build(Edition("IL", "he_IL", "children"), BuildOptions())
    assert result.ok, result.error
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(result.path), "-"],
                          capture_output=True, text=True, check=True).stdout
    page_width = float(bbox.split('<page width="')[1].split('"')[0])
    title_word = next(line for line in bbox.splitlines()
                      if "<word" in line and ("םיחוטב" in line or "בטוחים" in line))
    x_max = float(title_word.split('xMax="')[1].split('"')[0])
    assert x_max < page_width / 3


def test_right_to_left_bullets_and_step_numbers_sit_on_the_right(builder):
    document = layout(builder, "IL", "he_IL")
    markers = 0
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            for box in panel.descendants(placeholders=True):
                if box.element_tag == "li::before" and type(box).__name__ == "BlockBox":
                    markers += 1
                    assert box.position_x > panel.content_box_x() + panel.width / 2, slot
    assert markers == 11  # 7 bullets and 4 numbered steps in the children's leaflet


def test_right_to_left_pointing_icons_are_flipped(builder):
    rtl = [box.style["transform"] for box in boxes(layout(builder, "IL", "he_IL"), "icon-directional")]
    ltr = [box.style["transform"] for box in boxes(layout(builder, "GB", "en_GB"), "icon-directional")]
    assert rtl and all(transform for transform in rtl)
    assert ltr and not any(transform for transform in ltr)


def test_phone_numbers_and_addresses_stay_left_to_right_in_rtl(builder):
    result = builder.build(Edition("GB", "ar_XB", "teens"), BuildOptions())
    assert result.ok, result.error
    text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "0800 1111" in text  # Childline, not "1111 0800"
    assert "iwf.org.uk/report" in text


# -- Overflow --------------------------------------------------------------------

def test_an_over_long_translation_fails_naming_the_edition_and_panel(builder):
    messages = dict(SAMPLES["el_GR"][2])
    messages[SAY_NO] = " ".join([messages[SAY_NO]] * 20)  # inside middle panel
    builder.samples = {**builder.samples, "el_CY": messages}
    try:
        result = builder.build(Edition("CY", "el_CY", "children"), BuildOptions())
    finally:
        del builder.samples
    assert not result.ok
    assert str(result.edition) == "CY/el_CY/children"
    assert "layout check failed: inside middle: content overflows the bottom" in result.error
    first_line = result.error.split("from the line “")[1].rstrip("”")
    assert first_line in messages[SAY_NO]  # names the text that does not fit
    assert not (builder.project.output_dir / "CY/el_CY/children.pdf").exists()


def test_an_unbreakable_line_fails_naming_the_panel(builder):
    # Georgian has no hyphenation dictionary: a 78-letter word cannot break.
    messages = dict(SAMPLES["ka_GE"][2])
    messages[TRUSTED] = "ბავშვებისთვის" * 6
    builder.samples = {**builder.samples, "ka_GE": messages}
    try:
        problems = check_layout(layout(builder, "GE", "ka_GE"))
    finally:
        del builder.samples
    assert [problem.panel for problem in problems] == ["inside flap"]
    assert "a line overflows the side" in problems[0].message
    assert problems[0].kind == "side"  # copyfitting then lowers the scale (copyfit._blame)


def test_content_cut_at_the_page_edge_is_reported(builder):
    messages = dict(SAMPLES["el_GR"][2])
    messages[TRUSTED] = " ".join([messages[TRUSTED]] * 40)
    builder.samples = {**builder.samples, "el_CY": messages}
    try:
        problems = check_layout(layout(builder, "CY", "el_CY"))
    finally:
        del builder.samples
    assert any(problem.panel == "inside flap" and "cut off at the page edge" in problem.message
               for problem in problems)
    # Its fill then measures nothing (copyfit.py).
    assert {problem.kind for problem in problems if problem.panel == "inside flap"} == {"cut"}
