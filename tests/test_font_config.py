"""Renderers see only the leaflets' own fonts (font_config.py): the PDFs are
the same as with every font visible, a character only another font has is a
missing glyph, and the rest of the process keeps the system's fonts."""

import os
import re

import pytest

from campaign import font_config, fonts
from campaign.build import EditionBuilder
from campaign.editions import Edition
from campaign.options import BuildOptions
from campaign.registry import load_registry
from campaign.render import Renderer, collect_weasyprint_log

# WHITE SMILING FACE: in DejaVu Sans (which fontconfig's Debian package
# depends on), in none of the leaflets' fonts.
ONLY_IN_OTHER_FONTS = "\u263a"


@pytest.fixture(scope="module")
def builder(module_project_copy):
    return EditionBuilder(module_project_copy, load_registry(module_project_copy.registry_dir))


def test_the_configuration_accepts_exactly_the_leaflet_fonts(tmp_path):
    files = font_config.leaflet_font_files()
    assert sorted(path.name for path in files) == sorted(fonts.REQUIRED_FONT_FILES)
    text = font_config.write_configuration(tmp_path).read_text(encoding="utf-8")
    accepted = re.search(r"<acceptfont>(.*?)</acceptfont>", text).group(1)
    assert re.findall(r"<glob>(.*?)</glob>", accepted) == [str(path) for path in files]
    assert "<glob>*.ttf</glob>" in re.search(r"<rejectfont>(.*?)</rejectfont>", text).group(1)


def _missing_glyphs(renderer) -> list[str]:
    with collect_weasyprint_log() as log:
        document = renderer.layout(f'<p style="font-family: \'Noto Sans\', sans-serif">Hallo {ONLY_IN_OTHER_FONTS}</p>')
        renderer.write_pdf(document)  # glyphs are looked up as they are drawn
    return log.missing_glyphs


def test_a_character_only_another_installed_font_has_is_a_missing_glyph(builder):
    assert _missing_glyphs(builder.renderer) == [ONLY_IN_OTHER_FONTS]
    # With every installed font visible, fontconfig finds it elsewhere.
    assert _missing_glyphs(Renderer(builder.project.templates_dir)) == []


def test_the_configuration_is_set_only_while_fonts_are_loaded(builder):
    before = os.environ.get("FONTCONFIG_FILE")
    with font_config.loading(builder.fontconfig_file):
        assert os.environ["FONTCONFIG_FILE"] == str(builder.fontconfig_file)
    assert os.environ.get("FONTCONFIG_FILE") == before


@pytest.mark.parametrize("country, locale, audience", [
    ("JP", "ja_JP", "teens"), ("IL", "ar_IL", "parents"), ("TH", "th_TH", "children"), ("GB", "en_GB", "teens"),
])
def test_the_pdf_is_the_same_as_with_every_font_visible(builder, country, locale, audience):
    edition = Edition(country, locale, audience)
    limited = builder.build(edition, BuildOptions())
    assert limited.ok, limited.error
    limited_bytes = limited.path.read_bytes()
    own_renderer = builder.renderer
    builder.renderer = Renderer(builder.project.templates_dir)  # the system's fonts
    try:
        every_font = builder.build(edition, BuildOptions(), known_fit=limited.fit)
    finally:
        builder.renderer = own_renderer
    assert every_font.ok, every_font.error
    assert every_font.path.read_bytes() == limited_bytes
