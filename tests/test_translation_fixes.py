"""The meaning defects found by reading every catalog (issue 19) stay fixed.

Each case names the issue item, the catalog, the English message (by its
start), the wording that changed the meaning and the wording that replaced it.
Items 5 and 6 also list the other languages where the same mistake was found;
docs/translation-review-2026-12.md records every language checked.
"""

from __future__ import annotations

from functools import cache

import pytest

from campaign.po_files import po_path, read_catalog
from campaign.review_sheet import render_review_sheet, reviewer_note

CASES = [
    # 1: groomers are people the child knows, not "young acquaintances"
    ("1", "vi", "Groomers can be strangers or people the child knows", "người trẻ quen biết", "người mà trẻ quen biết"),
    # 2: reassurance, not "you must not"
    ("2", "ka", "You don't have to deal with it alone", "არ უნდა", "არ არის აუცილებელი"),
    ("2", "ka", "Report it and get support.", "არ უნდა", "არ არის აუცილებელი"),
    # 3: "to make you feel special", not "to feel something special"
    ("3", "el", "says lots of nice things to make you feel special", "κάτι ξεχωριστό", "να σε κάνει να νιώσεις"),
    # 4: a parent asks for removal; blackmail is not a "bluff"
    ("4", "ko", "<strong>Get images removed</strong>", "사진을 삭제하세요", "사진 삭제를 요청하세요"),
    ("4", "ko", "<strong>Sexual extortion</strong>, often called", "공갈", "협박·갈취"),
    ("4", "ko", "<strong>Sexual extortion</strong> (\"sextortion\") is blackmail", "공갈", "갈취"),
    # 5: "get it taken down" means asking a removal service, not deleting it yourself
    ("5", "bg", "<strong>Get it taken down</strong>", "Махни снимката", "Поискай"),
    ("5", "bg", "Get a nude or sexual image of you removed", "Как да премахнеш", "Поискай премахване"),
    ("5", "bg", "<strong>Get images removed</strong>", "<strong>Премахнете снимките", "Поискайте премахване"),
    ("5", "lt", "Get a nude or sexual image of you removed", "Pašalink", "Paprašyk pašalinti"),
    ("5", "hy", "Get a nude or sexual image of you removed", "Հեռացրու", "Խնդրիր հեռացնել"),
    ("5", "hy", "<strong>Get images removed</strong>", "<strong>Հեռացրեք", "Խնդրեք հեռացնել"),
    ("5", "uk", "Get a nude or sexual image of you removed", "Як видалити", "домогтися видалення"),
    ("5", "uk", "Get pictures of you taken down", "Як видалити", "домогтися"),
    ("5", "uk", "<strong>Get images removed</strong>", "<strong>Видаліть", "Домагайтеся видалення"),
    ("5", "pl", "Get pictures of you taken down", "Jak usunąć", "Pomoc w usunięciu"),
    ("5", "vi", "Get a nude or sexual image of you removed", "Gỡ bỏ", "Nhờ gỡ bỏ"),
    ("5", "vi", "Get sexual images of a child removed", "Gỡ bỏ", "Yêu cầu gỡ bỏ"),
    # 6: "Also report the account" stays an instruction
    ("6", "ro", "Also report the account", "poate fi raportat", "trebuie raportat"),
    ("6", "mt", "Also report the account", "jista’ jiġi rrappurtat", "għandu jiġi rrappurtat"),
    ("6", "yo", "Also report the account", "A tún lè", "Ó yẹ kí"),
    # es is the Spanish of Spain ("denunciar" in apps); es_419 keeps the Latin American "reportar"
    ("6", "es", "Also report the account", "se puede", "hay que denunciar"),
    ("6", "es_419", "Also report the account", "se puede reportar", "hay que reportar"),
    ("6", "cs", "Also report the account", "je dobré", "je potřeba"),
    ("6", "sk", "Also report the account", "je dobré", "treba"),
    ("6", "hu", "Also report the account", "érdemes", "be kell jelenteni"),
    ("6", "lt", "Also report the account", "verta", "reikia"),
    ("6", "uk", "Also report the account", "варто", "потрібно"),
    # 7: grooming defined as abuse, not a shared "immorality"
    ("7", "yo", "Grooming is when someone builds a relationship of trust", "ìṣekúṣe", "nílòkulò ní ọ̀nà ìbálòpọ̀"),
    ("7", "yo", "Grooming is when someone builds trust with a young person", "ìṣekúṣe", "nílòkulò ní ọ̀nà ìbálòpọ̀"),
    # 8: carers are not dropped, and are not only foster parents
    ("8", "he", "Help for your parents or carers", "להורים שלכם", "ולמבוגרים שמטפלים בכם"),
    ("8", "he", "Advice for your parents or carers", "להורים שלכם", "ולמבוגרים שמטפלים בכם"),
    ("8", "cs", "It could be a parent or carer", "pěstoun", "pečující"),
    ("8", "sk", "It could be a parent or carer", "pestún", "opatrovník"),
    # 9: the smaller ones
    ("9", "da", "Don't delete the messages", "Slet ikke", "Lad være med at slette"),
    ("9", "ro", "\"Has anyone online ever made you feel uncomfortable?\"", "situație neplăcută", "să te simți"),
    ("9", "hu", "If a friend tells you", "vele is", "nyomást gyakorol rá"),
    ("9", "sv", "<strong>Don't pay</strong> and don't send", "Att betala får sällan", "Det slutar sällan om du betalar"),
    ("9", "lv", "If a friend tells you", "viņi", "viņš vai viņa"),
    ("9", "lt", "If a friend tells you", "jiems", "jis ar ji pasitiki"),
    ("9", "mi", "Stay calm and thank them", "rātou", "mihia ia"),
    ("9", "mi", "<strong>Support them</strong>", "rātou", "Tautokohia ia"),
    ("9", "mi", "Don't take their phone away", "rātou", "ka kore ia"),
    ("9", "ga", "Stay calm and thank them", "buíochas leo", "buíochas le do pháiste"),
    ("9", "ga", "<strong>Support them</strong>", "Tacaigh leo", "Tacaigh le do pháiste"),
    ("9", "ga", "Some offenders fake an image", "mura sheol", "murar sheol"),
    ("9", "sq", "<strong>Sexual extortion</strong>, often called", "foto seksuale tënden", "foto tënden seksuale"),
    ("9", "it", "Get a nude or sexual image of you removed", "un’immagine sessuale", "una tua foto intima o sessuale"),
    ("9", "pl", "If someone asks, you have not done anything wrong", "twoja wina", "nie robisz nic złego"),
    ("9", "pl", "Grooming is when someone builds trust with a young person", "skrzywdzić", "wyzyskać"),
    ("9", "pl", "Some offenders fake an image", "wysyłasz", "nie dostał"),
    ("9", "fr", "If someone is in danger right now", "tout de suite", "en danger immédiat"),
    ("9", "fi", "Good secrets and worried secrets", "pahat", "huolestuttavat"),
    ("9", "da", "Good secrets and worried secrets", "dårlige", "bekymrende"),
]

COINED_TERMS = ["mi", "yo", "ka", "hy", "km", "mt", "ga"]


@cache
def _catalog(project, lang):
    return read_catalog(po_path(project, lang), lang, project)[0]


def _translations(project, lang, english_start):
    """Every translation of the message (one per msgctxt: the help panel's
    young people's and parents' lines have one each)."""
    found = [m for m in _catalog(project, lang) if isinstance(m.id, str) and m.id.startswith(english_start)]
    assert found, f"{lang}: no message starts with {english_start!r}"
    assert len({m.id for m in found}) == 1, f"{lang}: several messages start with {english_start!r}"
    assert not any(m.fuzzy for m in found), f"{lang}: {english_start!r} is fuzzy"
    return [m.string for m in found]


@pytest.mark.parametrize("item, lang, english, wrong, fixed", CASES,
                         ids=[f"item{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_meaning_defect_stays_fixed(project, item, lang, english, wrong, fixed):
    for text in _translations(project, lang, english):
        assert wrong not in text, f"issue 19 item {item}: {lang} again says {wrong!r}: {text}"
        assert fixed in text, f"issue 19 item {item}: {lang} lost the fix {fixed!r}: {text}"


@pytest.mark.parametrize("lang", COINED_TERMS)
def test_coined_terms_are_flagged_for_the_reviewer(project, lang):
    note = " ".join(reviewer_note(_catalog(project, lang)))
    assert "decide the terminology first" in note and "coinages" in note
    assert f"locales/glossary/{lang}.csv" in note


def test_review_sheet_shows_the_header_note_first(project):
    html, _ = render_review_sheet(project, "ga")
    note = html.index('class="reviewer-note"')
    assert note < html.index("<table>")
    assert "decide the terminology first" in html[note:html.index("<table>")]
    assert "cóiriú" in html[note:html.index("<table>")]


def test_review_sheet_has_no_note_box_without_a_note(project):
    assert reviewer_note(_catalog(project, "de")) == []
    html, _ = render_review_sheet(project, "de")
    assert 'class="reviewer-note"' not in html


def test_reviewer_note_keeps_list_items_and_stops_at_the_guide_line():
    class Header:
        header_comment = ("# Serbian translation.\n#\n# For the reviewer, forms the drafter was unsure of:\n"
                          "# - превод: kept with пре-; Montenegrin\n#   usage prefers пријевод.\n"
                          "# - повређује: kept.\n"
                          "# Translator's guide, review status and checks: locales/README.md")

    assert reviewer_note(Header()) == [
        "For the reviewer, forms the drafter was unsure of:",
        "- превод: kept with пре-; Montenegrin usage prefers пријевод.",
        "- повређује: kept.",
    ]
