"""Line breaking: numbers, dates and ages stay together, headings are not
hyphenated, bad hyphenation is fixed, Japanese breaks between phrases, and no
message ends in a lone short word. Checked on the text and on the layout."""

import pytest

from campaign.build import EditionBuilder
from campaign.layout_checks import _panels
from campaign.registry import load_registry
from helpers import laid_out
from campaign.scripts import (
    NO_BREAK_SPACE as NBSP, SOFT_HYPHEN, WORD_JOINER as WJ, ZWSP, preparer,
)

HYPHEN = "\u2010"  # what WeasyPrint draws at a hyphenation break


@pytest.fixture(scope="module")
def builder(project):
    return EditionBuilder(project, load_registry(project.registry_dir))


def lines(builder, country, locale, audience, fit=None):
    """(panel, tag of the line's block, text) of every laid-out line."""
    document = laid_out(builder, country, locale, audience, fit)

    def text(box):
        return getattr(box, "text", "") + "".join(text(child) for child in getattr(box, "children", []))

    found = []
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            for box in panel.descendants(placeholders=True):  # the cover's foot too
                if type(box).__name__ == "LineBox":
                    found.append((slot, box.element_tag, text(box).replace(WJ, "")))
    return found


# -- The text preparation ------------------------------------------------------

def test_ages_and_numbers_are_joined():
    assert preparer("en_GB")("For children aged 8 to 11") == f"For children aged{NBSP}8{NBSP}to{NBSP}11"
    assert preparer("de_DE")("Für Jugendliche von 12 bis 17 Jahren") == \
        f"Für Jugendliche von{NBSP}12{NBSP}bis{NBSP}17{NBSP}Jahren"
    assert NBSP in preparer("fr_FR")("Appelez le 116 111")


def test_a_number_range_never_breaks_at_its_dash():
    assert preparer("hy_AM")("14–17 տարեկան տղաները").startswith(f"14–{WJ}17{NBSP}")
    assert preparer("et_EE")("8–11-aastastele").startswith(f"8–{WJ}11")


def test_the_armenian_age_range_stays_on_one_line(builder):
    """Line breaking allows a break after an en dash: the Armenian parents'
    leaflet printed "14–" at the end of a line and "17" on the next."""
    from campaign.copyfit import Fit

    laid_out = [text.replace(WJ, "") for _, _, text in lines(builder, "AM", "hy_AM", "parents", Fit(1.0))]
    assert any("14–17" in text for text in laid_out), laid_out
    assert not any(text.rstrip().endswith("14–") for text in laid_out)


def test_short_compounds_never_break_at_the_hyphen():
    assert preparer("en_GB")("Tell a grown-up you trust") == f"Tell a grown-{WJ}up you{NBSP}trust"
    # Long parts keep their ordinary hyphen, a break point.
    assert f"-{WJ}" not in preparer("de_DE")("Online-Dienste melden")


def test_hyphenation_exceptions_mark_the_good_break_or_none():
    assert f"Bezugs{SOFT_HYPHEN}personen" in preparer("de_DE")("Sprich mit deinen Bezugspersonen darüber.")
    assert WJ.join("Grooming") in preparer("en_GB")("Grooming is when someone builds trust")


def test_a_short_last_word_is_joined_to_the_one_before():
    assert preparer("pt_PT")("Não é culpa tua, em.").endswith(f"tua,{NBSP}em.")
    # Placeholders and tags count as words and stay untouched.
    assert preparer("en_GB")("Checked on %(date)s.") == f"Checked on{NBSP}%(date)s."
    assert preparer("en_GB")("It is <strong>not your fault</strong>") == f"It is <strong>not your{NBSP}fault</strong>"
    # Two words, or a long last word, or two that would not fit a narrow heading: unchanged.
    assert preparer("en_GB")("Where now") == "Where now"
    assert preparer("en_GB")("Talk to somebody trustworthy") == "Talk to somebody trustworthy"
    assert preparer("fil_PH")("Ang mga pinagkakatiwalaan ko") == "Ang mga pinagkakatiwalaan ko"


def test_japanese_phrases_are_kept_whole_and_a_short_ending_joins_the_last_phrase():
    prepared = preparer("ja_JP")("安心して話せる大人に話せるようにしましょう。")
    assert f"話{WJ}せ{WJ}る" in prepared
    assert prepared.endswith(f"し{WJ}ょ{WJ}う{WJ}。")
    # Break opportunities remain between phrases.
    assert any(a != WJ and b != WJ for a, b in zip(prepared, prepared[1:]))


def test_thai_and_khmer_keep_the_last_word_with_the_one_before():
    assert preparer("th_TH")("บอกผู้ใหญ่ที่หนูไว้ใจได้ของหนู").endswith(f"ของ{WJ}หนู")
    khmer = preparer("km_KH")("ប្រាប់មនុស្សពេញវ័យដែលអ្នកទុកចិត្ត")
    assert ZWSP in khmer and WJ in khmer
    assert khmer.rindex(WJ) > khmer.rindex(ZWSP)


def test_thai_runs_joined_by_no_break_spaces_are_kept_whole_by_markup():
    """libthai breaks at a no-break space; a span with white-space: nowrap holds."""
    from campaign.scripts import NOWRAP_END, NOWRAP_START
    from campaign.templating import plain_text, safe_message

    prepared = preparer("th_TH")("แผ่นพับสำหรับเด็กอายุ 8 ถึง 11 ปี")
    assert prepared.endswith(f"{NOWRAP_START}8{NBSP}ถึง{NBSP}11{NBSP}ปี{NOWRAP_END}")
    html = safe_message(prepared)
    assert html.endswith('<span class="nowrap">8\u00a0ถึง\u00a011\u00a0ปี</span>')
    assert plain_text(html) == "แผ่นพับสำหรับเด็กอายุ 8 ถึง 11 ปี"
    # Other languages' line breakers keep the no-break space: no markup there.
    assert NOWRAP_START not in preparer("en_GB")("For children aged 8 to 11")
    # A message's own markup is still escaped around the marks.
    assert safe_message(preparer("th_TH")("<b>อายุ 8 ถึง 11 ปี</b>")).startswith("&lt;b&gt;")


def test_a_thai_run_holds_only_the_phrases_next_to_its_no_break_spaces():
    """Thai has no spaces between words: what follows "17" up to the next
    space is a whole clause, which, held on one line, came out wider than the
    panel at larger type (TH parents, from scale 1.11)."""
    from campaign.scripts import NOWRAP_END, NOWRAP_START

    prepared = preparer("th_TH")("เด็กผู้ชายอายุ 14 ถึง 17 ปีมักตกเป็นเป้าหมายเพื่อเงิน")
    run = prepared[prepared.index(NOWRAP_START) + 1:prepared.index(NOWRAP_END)]
    assert run.startswith(f"14{NBSP}ถึง{NBSP}17{NBSP}ปี")
    assert "เป้าหมาย" not in run and "เป้าหมาย" in prepared[prepared.index(NOWRAP_END):]
    assert prepared.replace(NOWRAP_START, "").replace(NOWRAP_END, "").replace("\u2060", "") == \
        "เด็กผู้ชายอายุ 14\u00a0ถึง\u00a017\u00a0ปีมักตกเป็นเป้าหมายเพื่อเงิน"


# -- On the laid-out leaflets -----------------------------------------------------

@pytest.mark.parametrize("country, locale", [("GB", "en_GB"), ("GR", "el_GR"), ("HU", "hu_HU")])
def test_the_imprint_date_is_on_one_line_and_not_hyphenated(builder, country, locale):
    from babel.dates import format_date

    date = format_date(builder.source_date.date(), "long", locale=locale)
    laid_out = [text.replace(NBSP, " ") for _, _, text in lines(builder, country, locale, "parents")]
    assert any(date in text for text in laid_out), (date, laid_out)


@pytest.mark.parametrize("country, locale, audience", [
    ("DE", "de_DE", "children"), ("GR", "el_GR", "teens"), ("GB", "en_GB", "parents"),
    ("FR", "fr_FR", "children"), ("AL", "sq_AL", "teens"),
])
def test_headings_are_never_hyphenated_and_ages_never_split(builder, country, locale, audience):
    laid_out = lines(builder, country, locale, audience)
    for _, tag, text in laid_out:
        if tag in ("h1", "h2", "h3"):
            assert not text.rstrip().endswith(HYPHEN), text
    assert not any("Bezugsper" + HYPHEN in text for _, _, text in laid_out)
    assert not any(text.rstrip().endswith("groom" + HYPHEN) for _, _, text in laid_out)


def test_no_line_of_the_japanese_leaflet_starts_inside_a_short_phrase(builder):
    laid_out = [text.replace(WJ, "") for _, _, text in lines(builder, "JP", "ja_JP", "children")]
    # (A phrase longer than scripts.LONG_PHRASE may still break inside.)
    assert not any(text.startswith(("る大人", "う。")) for text in laid_out), laid_out


@pytest.mark.parametrize("country, locale, audience, age", [
    ("GB", "en_GB", "children", "8 to 11"), ("GB", "en_GB", "teens", "12 to 17"),
    ("TH", "th_TH", "children", "8 ถึง 11 ปี"),  # libthai broke after the 8 at some scales
])
def test_the_age_range_is_on_one_line_at_every_type_scale(builder, country, locale, audience, age):
    from campaign.copyfit import Fit

    for scale in (1.0, 1.04, 1.08, 1.12, 1.16, 1.2, 1.25):
        laid_out = [text.replace(NBSP, " ")
                    for _, _, text in lines(builder, country, locale, audience, Fit(scale))]
        assert any(age in text for text in laid_out), (scale, laid_out)
