"""Plural-Forms agree with GNU gettext and CLDR (issue 16, item 2)."""

from __future__ import annotations

import gettext
import shutil
import subprocess

import pytest

from campaign.catalog_checks import check_catalog
from campaign.plural_rules import PluralRule, accepts, parse_plural_forms, preferred_rule, standard_rules
from campaign.po_files import list_catalogs, po_path, read_catalog
from campaign.project import Project
from conftest import REPO_ROOT
from test_catalog_checks import entry, write_po

MSGINIT = shutil.which("msginit")
CATALOGS = list_catalogs(Project(REPO_ROOT))


def form(catalog: str, n: int) -> int:
    return gettext.c2py(preferred_rule(catalog).expression)(n)


# Sample numbers and the CLDR category each must get (CLDR plural rules,
# https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html).
@pytest.mark.parametrize("catalog, samples", [
    ("hu", {1: 0, 2: 1, 5: 1}),  # Babel 2.18 gives Hungarian one form
    ("tr", {1: 0, 2: 1}),
    ("hy", {0: 0, 1: 0, 2: 1}),
    ("ar", {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 101: 5, 102: 5, 103: 3, 111: 4}),
    ("mt", {1: 0, 0: 1, 2: 1, 10: 1, 11: 2, 19: 2, 20: 3, 101: 3, 102: 1, 201: 3}),
    ("fil", {1: 0, 2: 0, 3: 0, 4: 1, 5: 0, 6: 1, 9: 1, 10: 0, 14: 1}),
    ("mi", {0: 0, 1: 0, 2: 1}),
    ("yo", {1: 0, 2: 0}),
    ("pl", {1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 22: 1, 25: 2}),
    ("sl", {1: 0, 101: 0, 2: 1, 3: 2, 4: 2, 5: 3}),
    ("ga", {1: 0, 2: 1, 3: 2, 7: 3, 11: 4}),
    ("lt", {1: 0, 21: 0, 11: 2, 2: 1, 9: 1, 10: 2}),
])
def test_preferred_rule_gives_the_cldr_form_for_sample_numbers(catalog, samples):
    assert {n: form(catalog, n) for n in samples} == samples


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_catalog_header_uses_a_standard_rule(catalog):
    real = Project(REPO_ROOT)
    parsed, _ = read_catalog(po_path(real, catalog), catalog, real)
    rule = parse_plural_forms(parsed.raw_headers["plural-forms"])
    assert accepts(catalog, rule), rule.header


@pytest.mark.skipif(MSGINIT is None, reason="GNU gettext (msginit) is not installed")
@pytest.mark.parametrize("catalog", CATALOGS)
def test_the_check_never_rejects_gnu_msginits_rule(catalog, tmp_path):
    template = tmp_path / "t.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    language = catalog.split("_")[0]
    result = subprocess.run([MSGINIT, "--no-translator", "-l", language, "-i", str(template),
                             "-o", str(tmp_path / "x.po")], capture_output=True, text=True)
    text = (tmp_path / "x.po").read_text() if result.returncode == 0 else ""
    header = "".join(line.strip('"') for line in text.splitlines() if line.startswith('"'))
    if "Plural-Forms: " not in header:
        pytest.skip(f"msginit has no rule for {language}")
    value = header.split("Plural-Forms: ")[1].split("\\n")[0]
    assert accepts(catalog, parse_plural_forms(value)), value


def test_any_equivalent_expression_is_accepted_and_a_wrong_one_is_not():
    assert accepts("de", parse_plural_forms("nplurals=2; plural=n!=1"))
    assert accepts("de", parse_plural_forms("nplurals=2; plural=(n == 1 ? 0 : 1);"))
    assert accepts("he", PluralRule(2, "n != 1"))  # GNU's Hebrew rule
    assert accepts("he", PluralRule(3, "n==1 ? 0 : n==2 ? 2 : 1"))  # and Weblate's variant
    assert accepts("pt", PluralRule(2, "n != 1")) and accepts("pt", PluralRule(2, "n > 1"))  # GNU and CLDR
    assert not accepts("hu", PluralRule(1, "0"))  # Babel 2.18's Hungarian
    assert not accepts("ar", PluralRule(6, "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                                           "n%100>=0 && n%100<=2 ? 4 : 5"))  # Babel's, 4 and 5 swapped
    assert standard_rules("de_CH")[0].count == 2  # a regional catalog: its language's rules


@pytest.mark.parametrize("value, message", [
    ("nplurals=2", "is not of the form"),
    ("nplurals=2; plural=n >;", "not a valid expression"),
    ("nplurals=2; plural=n;", "outside 0…1"),
])
def test_malformed_plural_forms_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        parse_plural_forms(value)


@pytest.fixture
def project(tmp_path) -> Project:
    for folder in ("templates", "locales", "registry"):
        (tmp_path / folder).mkdir()
    return Project(tmp_path)


def test_the_check_reports_a_wrong_rule_with_the_standard_one(project):
    path = write_po(project, entry("Stop", "Dur"), language="tr", plural_forms="nplurals=1; plural=0;", name="tr")
    _, problems = check_catalog(project, "tr")
    [problem] = [p for p in problems if p.check == "plural-forms"]
    assert problem.line == next(i for i, line in enumerate(path.read_text().splitlines(), 1) if "Plural-Forms" in line)
    assert "use: nplurals=2; plural=(n != 1);" in problem.message
    write_po(project, entry("Stop", "Dur"), language="tr", plural_forms="nplurals=2; plural=(n != 1);", name="tr")
    assert [p for p in check_catalog(project, "tr")[1] if p.check == "plural-forms"] == []
