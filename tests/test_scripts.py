"""Every script of the alliance prints: fonts, glyphs, line breaking.

The build tests use sample translations (tests/script_samples.py), one edition
per script family, and look at the PDF with poppler's tools.
"""

import gettext
import subprocess
import unicodedata

import pytest
from weasyprint import HTML

from campaign import scripts
from campaign.build import EditionBuilder
from campaign.catalogs import LoadedCatalog
from campaign.editions import Edition
from campaign.layout_checks import _panels
from campaign.options import BuildOptions
from campaign.registry import load_registry
from campaign.scripts import WORD_JOINER, ZWSP, insert_khmer_breaks, preparer
from helpers import pdf_text
from script_samples import SAMPLES, TALK, TITLE, TRUSTED, WHO


class SampleTranslations(gettext.NullTranslations):
    def __init__(self, messages):
        super().__init__()
        self.messages = messages

    def gettext(self, message):
        return self.messages.get(message, message)


class SampleBuilder(EditionBuilder):
    """Builds with the sample translations instead of the (future) catalogs."""

    samples = {locale: messages for locale, (_, _, messages) in SAMPLES.items()}

    def catalog(self, locale):
        if locale in self.samples:
            return LoadedCatalog(locale, SampleTranslations(self.samples[locale]), (), "reviewed")
        return super().catalog(locale)


@pytest.fixture(scope="module")
def builder(module_project_copy):
    return SampleBuilder(module_project_copy, load_registry(module_project_copy.registry_dir))


def pdf_fonts(path) -> str:
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return output.stdout.replace("-", "").lower()  # WeasyPrint writes "Noto-Sans-CJK-JP"


def squeeze(text: str) -> str:
    """Compare text regardless of line breaks and dehyphenation."""
    text = "".join(text.split()).replace("-", "").replace("\u2010", "")  # hyphenation
    return unicodedata.normalize("NFC", text)


def panel_boxes(document):
    """Every box inside the panels (they are absolutely positioned)."""
    for page in document.pages:
        for _, panel in _panels(page._page_box):
            yield from panel.descendants()


def laid_out_text(document) -> str:
    text = "".join(getattr(box, "text", "") for box in panel_boxes(document))
    return text.replace(ZWSP, "").replace(WORD_JOINER, "")


# -- Khmer: break opportunities from ICU's dictionary ------------------------

def test_khmer_segmenter_puts_zwsp_between_words():
    text = "កុមារគ្រប់រូបមានសិទ្ធិទទួលបានសុវត្ថិភាព"
    assert insert_khmer_breaks(text).split(ZWSP) == [
        "កុមារ", "គ្រប់រូប", "មាន", "សិទ្ធិ", "ទទួល", "បាន", "សុវត្ថិភាព",
    ]


def test_khmer_preparation_keeps_placeholders_and_tags():
    prepare = preparer("km_KH")
    message = "ជំនួយនៅ%(country)s សុវត្ថិភាព<strong>របស់អ្នក</strong>។"
    prepared = prepare(message)
    assert prepared.replace(ZWSP, "") == message
    assert "%(country)s" in prepared and "<strong>" in prepared and "</strong>" in prepared
    assert prepared % {"country": "កម្ពុជា"}  # still a valid format string
    assert ZWSP + "%(country)s" in prepared  # the filled-in name is a word of its own


def test_khmer_preparation_respects_translators_zwsp_and_spaces():
    prepare = preparer("km")
    once = prepare("កុមារគ្រប់រូប មានសិទ្ធិ")
    assert prepare(once) == once
    assert ZWSP + " " not in once and " " + ZWSP not in once


def test_preparation_only_adds_invisible_break_controls_and_keeps_markup():
    # Line-breaking rules of every language are in test_line_breaking.py.
    controls = dict.fromkeys(map(ord, "\u00a0\u2060\u200b\u00ad"))
    message = "Aide <strong>24h/24</strong> pour %(country)s et les parents concernés"
    for locale in ("fr_BE", "th_TH", "ja_JP", "ar_IL", "en_XA", "km_KH", "ko_KR"):
        prepared = preparer(locale)(message)
        assert "<strong>" in prepared and "</strong>" in prepared and "%(country)s" in prepared
        plain = prepared.translate(controls)
        assert plain.replace(" ", "") == message.replace(" ", "")


def test_korean_words_are_kept_whole():
    prepared = preparer("ko_KR")("믿을 수 있는 %(who)s 어른")
    assert prepared.replace(WORD_JOINER, "").replace("\u00a0", " ") == "믿을 수 있는 %(who)s 어른"
    assert prepared.split(" ")[0] == "믿" + WORD_JOINER + "을"
    assert "%(who)s" in prepared


# -- CJK: no stray punctuation at the start of a line -------------------------

JAPANESE = "あなたの体はあなたのもの。好きな人に言われても、「いやだ」と言っていいのです。ちょっと待って！"
CLOSING = set("、。」』）！？ぁぃぅぇぉっゃゅょァィゥェォッャュョー")
OPENING = set("「『（")


def _lines(document):
    def text(box):
        return getattr(box, "text", "") + "".join(text(c) for c in getattr(box, "children", []))

    return [text(box) for box in document.pages[0]._page_box.descendants()
            if type(box).__name__ == "LineBox"]


@pytest.mark.parametrize("width", range(40, 200, 9))
def test_japanese_lines_never_start_with_closing_punctuation(width):
    # Pango's UAX #14 line breaker applies kinsoku; scripts.py relies on it.
    document = HTML(string=(
        f'<html lang="ja"><p style="font-family: Noto Sans CJK JP; font-size: 12px; '
        f'width: {width}px; margin: 0">{JAPANESE}</p></html>'
    )).render()
    lines = _lines(document)
    assert len(lines) > 1
    for line, following in zip(lines, lines[1:]):
        assert following[0] not in CLOSING, (line, following)
        assert line.rstrip()[-1] not in OPENING, (line, following)


# -- One edition per script family builds clean -------------------------------

# pdftotext does not reassemble Thai and Khmer clusters or Arabic marks in
# logical order, so for those the test reads the laid-out text instead.
PDFTOTEXT_UNRELIABLE = {"th_TH", "km_KH", "ar_IL"}


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_every_script_builds_without_missing_glyphs_or_overflow(builder, locale):
    country, font, messages = SAMPLES[locale]
    edition = Edition(country, locale, "children")
    result = builder.build(edition, BuildOptions())
    assert result.ok, result.error  # a missing glyph or an overflow fails the build
    assert font.replace("-", "").lower() in pdf_fonts(result.path)
    if locale not in PDFTOTEXT_UNRELIABLE:
        assert squeeze(messages[TITLE]) in squeeze(pdf_text(result.path))


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_every_sample_translation_is_laid_out(builder, locale):
    country, _, messages = SAMPLES[locale]
    edition = Edition(country, locale, "children")
    document = builder.renderer.layout(builder.render_html(edition, builder.catalog(locale)))
    text = squeeze(laid_out_text(document))
    for message, translation in messages.items():
        # Placeholders are filled in; TALK labels a service not every country has.
        if "%(" not in message and message != TALK:
            assert squeeze(translation) in text, translation


def test_japanese_and_korean_han_come_from_their_own_faces(builder):
    for locale, own, other in (("ja_JP", "NotoSansCJKjp", "NotoSansCJKkr"),
                               ("ko_KR", "NotoSansCJKkr", "NotoSansCJKjp")):
        country = SAMPLES[locale][0]
        result = builder.build(Edition(country, locale, "children"), BuildOptions())
        fonts = pdf_fonts(result.path)
        assert own.lower() in fonts and other.lower() not in fonts


# -- Khmer wraps only with the segmenter ---------------------------------------

def _paragraph_lines(document, text):
    for box in panel_boxes(document):
        element_text = "".join(box.element.itertext()).replace(ZWSP, "").replace(WORD_JOINER, "")
        if box.element_tag == "p" and text in element_text:
            return [child for child in box.children if type(child).__name__ == "LineBox"]
    raise AssertionError(f"paragraph not found: {text}")


def test_khmer_paragraph_wraps_inside_its_panel(builder):
    edition = Edition("KH", "km_KH", "children")
    document = builder.renderer.layout(builder.render_html(edition, builder.catalog("km_KH")))
    lines = _paragraph_lines(document, SAMPLES["km_KH"][2][WHO])
    assert len(lines) >= 2
    for slot, panel in _panels(document.pages[0]._page_box):
        if slot == "slot-flap":
            right = panel.content_box_x() + panel.width
            assert all(line.position_x + line.width <= right + 0.75 for line in lines)


def test_without_the_segmenter_khmer_overflows_and_the_build_says_where(builder, monkeypatch):
    monkeypatch.setattr(scripts, "preparer", lambda locale: (lambda text: text))
    result = builder.build(Edition("KH", "km_KH", "children"), BuildOptions())
    assert not result.ok
    assert "inside flap: a line overflows the side" in result.error


# -- Missing glyphs -------------------------------------------------------------

def test_a_missing_glyph_fails_the_build_naming_panel_text_and_character(builder):
    edition = Edition("CY", "el_CY", "children")  # built by no other test here
    messages = dict(SAMPLES["el_GR"][2])
    messages[TRUSTED] = "Ένας μεγάλος που εμπιστεύεσαι \U0001F9E8 σε ακούει."
    builder.samples = {**builder.samples, "el_CY": messages}
    try:
        result = builder.build(edition, BuildOptions())
    finally:
        del builder.samples
    assert not result.ok
    assert result.edition.key == "CY/el_CY/children"  # printed as "FAILED CY/el_CY/children: …"
    assert "U+1F9E8" in result.error
    assert "inside flap" in result.error
    assert "εμπιστεύεσαι" in result.error
    assert not (builder.project.output_dir / "CY/el_CY/children.pdf").exists()
