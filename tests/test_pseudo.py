"""Pseudo-locales en_XA (expanded, accented) and ar_XB (mirrored) build clean."""

import re

import pytest
from click.testing import CliRunner

from campaign.cli import main
from campaign.catalog_checks import visible_width
from campaign.pseudo import (
    PDF,
    RLO,
    PseudoTranslations,
    accented_expanded,
    mirrored,
    pseudo_width,
)
from helpers import pdf_text

LETTERS = re.compile(r"[A-Za-z]")


def test_en_xa_brackets_accents_and_expands():
    message = "Talk to someone who can help" * 2  # 56 characters: 1.25 times
    pseudo = accented_expanded(message)
    assert pseudo.startswith("[") and pseudo.endswith("]")
    accented, padding = pseudo[1:-1].split(" one", 1)
    assert not LETTERS.search(accented)  # every letter accented
    assert len(pseudo) == 70


@pytest.mark.parametrize("message, width", [
    ("Hello", 13),  # short: at least 8 characters more
    ("Where to get help", 25),
    ("Report it and get support. You don't need to be sure before you ask.", 85),  # 68: 1.25 times
    ("<strong>Report</strong> to the police in %(country)s, 100%% free.", 60),  # tags do not count
    ("x" * 100, 125),
])
def test_en_xa_is_a_quarter_longer_and_at_least_8_characters(message, width):
    assert visible_width(accented_expanded(message)) == width == pseudo_width(visible_width(message))


def test_en_xa_makes_the_whole_leaflet_as_long_as_the_longest_real_catalogs(project):
    """About 1.26 times the English, as German and French (docs/scripts-and-layout.md)."""
    from babel.messages.pofile import read_po

    with (project.locales_dir / "leaflets.pot").open("rb") as pot:
        widths = [visible_width(m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(pot) if m.id]
    assert sum(map(pseudo_width, widths)) / sum(widths) == pytest.approx(1.26, abs=0.02)


def test_en_xa_keeps_placeholders_and_tags():
    message = "<strong>Report</strong> to the police in %(country)s, 100%% free."
    pseudo = accented_expanded(message)
    assert pseudo.count("<strong>") == 1 and pseudo.count("</strong>") == 1
    assert "%(country)s" in pseudo and "%%" in pseudo
    assert pseudo % {"country": "Italy"}


def test_ar_xb_makes_words_right_to_left_but_not_numbers():
    pseudo = mirrored("Boys aged 14 to 17 in %(country)s")
    assert f"{RLO}Boys{PDF}" in pseudo
    assert " 14 " in pseudo and " 17 " in pseudo  # digits stay left to right
    assert "%(country)s" in pseudo and RLO + "%(" not in pseudo


def test_pseudo_translations_answer_every_gettext_call():
    translations = PseudoTranslations("en_XA")
    assert translations.gettext("Hello").startswith("[Ĥéļļö")
    assert translations.ngettext("one day", "%(n)s days", 2).startswith("[%(n)s")
    assert translations.pgettext("menu", "Open").startswith("[Öþéñ")


def _build(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), "build", *args])


@pytest.fixture(scope="module")
def pseudo_build(module_project_copy):
    """IT has the fullest help panel; CA is printed on Letter paper."""
    project = module_project_copy
    result = _build(project, "--locale", "en_XA", "--locale", "ar_XB",
                    "--country", "IT", "--country", "CA", "--html")
    return project, result


def test_both_pseudo_locales_pass_the_layout_check(pseudo_build):
    project, result = pseudo_build
    assert result.exit_code == 0, result.output
    assert "Built 12, failed 0" in result.output
    built = sorted(p.relative_to(project.output_dir).as_posix()
                   for p in project.output_dir.rglob("*.pdf"))
    assert "IT/en_XA/parents.pdf" in built and "CA/ar_XB/children.pdf" in built


def test_en_xa_leaflet_shows_pseudo_text(pseudo_build):
    project, _ = pseudo_build
    text = " ".join(pdf_text(project.output_dir / "IT/en_XA/children.pdf").split())
    assert "[Šţåýîñĝ šåƒé öñļîñé" in text
    assert "Italy" in text  # country names come from CLDR (English), not from the pseudo text


def test_ar_xb_leaflet_is_right_to_left(pseudo_build):
    project, _ = pseudo_build
    html = (project.output_dir / "IT/ar_XB/teens.html").read_text()
    assert '<html lang="ar-XB" dir="rtl"' in html
    assert "script-arab" in html


def test_release_builds_refuse_pseudo_locales(module_project_copy):
    result = _build(module_project_copy, "--locale", "en_XA", "--country", "IT",
                    "--audience", "children", "--release")
    assert result.exit_code == 1
    assert "not reviewed" in result.output
