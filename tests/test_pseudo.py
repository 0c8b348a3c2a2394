"""Pseudo-locales en_XA (expanded, accented) and ar_XB (mirrored) build clean."""

import re

import pytest
from click.testing import CliRunner

from campaign.cli import main
from campaign.pseudo import (
    PDF,
    RLO,
    PseudoTranslations,
    accented_expanded,
    expansion,
    mirrored,
)
from helpers import pdf_text

LETTERS = re.compile(r"[A-Za-z]")


def test_en_xa_brackets_accents_and_expands():
    message = "Talk to someone who can help"  # 28 characters: +80%
    pseudo = accented_expanded(message)
    assert pseudo.startswith("[") and pseudo.endswith("]")
    accented, padding = pseudo[1:-1].split(" one", 1)
    assert not LETTERS.search(accented)  # every letter accented
    assert len(pseudo) - 2 >= len(message) * (1 + expansion(len(message)))


@pytest.mark.parametrize("length, extra", [(5, 1.0), (15, 1.0), (25, 0.8), (40, 0.6), (60, 0.4), (200, 0.3)])
def test_en_xa_follows_the_expansion_table(length, extra):
    assert expansion(length) == extra


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
