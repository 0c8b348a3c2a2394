"""Each catalog check catches its problem and names it, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.catalog_checks import CHECK_NAMES, placeholders
from campaign.catalogs import check_catalog, po_path
from campaign.project import Project

HEADER = r'''# German translation of the leaflets.
msgid ""
msgstr ""
"Project-Id-Version: campaign-leaflets 0.1.0\n"
"Language: {language}\n"
"Plural-Forms: {plural_forms}\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"
{extra}'''

GERMAN_PLURALS = "nplurals=2; plural=(n != 1);"


def entry(msgid: str, msgstr: str, *, context: str | None = None, fuzzy: bool = False) -> str:
    lines = ["#: children.html:1"]
    if fuzzy:
        lines.append("#, fuzzy")
    if context is not None:
        lines.append(f'msgctxt "{context}"')
    lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"']
    return "\n".join(lines) + "\n"


def write_po(project: Project, body: str, *, extra: str = "", language: str = "de",
             plural_forms: str = GERMAN_PLURALS, name: str = "de") -> Path:
    path = po_path(project, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER.format(language=language, plural_forms=plural_forms, extra=extra) + "\n" + body
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("templates", "locales", "registry"):
        (tmp_path / folder).mkdir()
    return Project(tmp_path)


def problems_of(project: Project, check: str, name: str = "de"):
    _, problems = check_catalog(project, name, terms=("Childline",))
    return [p for p in problems if p.check == check]


def assert_one(project, check, path, line, severity="error", name="de"):
    found = problems_of(project, check, name)
    assert found, f"no {check} problem found"
    problem = found[0]
    assert problem.file.endswith(f"locales/{name}/LC_MESSAGES/leaflets.po")
    assert problem.line == line
    assert problem.severity == severity
    assert problem.locale == name
    assert f"line {line}" in str(problem) and f"[{check}]" in str(problem)
    return problem


def test_a_good_catalog_has_no_problems(project):
    write_po(project, entry("Help in %(country)s", "Hilfe in %(country)s")
             + entry("Tell a <strong>trusted grown-up</strong>.", "Sag es einer <strong>Vertrauensperson</strong>.")
             + entry("Call Childline on 116 111.", "Ruf Childline unter 116 111 an.")
             + entry("Draft translation, not yet reviewed.", "", fuzzy=False))
    assert check_catalog(project, "de", terms=("Childline",))[1] == []


# -- syntax ---------------------------------------------------------------------


def test_unterminated_string_is_a_syntax_error_with_line(project):
    path = write_po(project, entry("Stop", "Stopp") + 'msgid "Broken\nmsgstr "Kaputt"\n')
    assert_one(project, "po-syntax", path, line_of(path, 'msgid "Broken'))


def test_msgstr_without_msgid_and_unknown_keyword(project):
    path = write_po(project, entry("Stop", "Stopp") + 'msgstr "alone"\n\nmsgid "A"\nmsgtsr "B"\n')
    found = problems_of(project, "po-syntax")
    assert {p.line for p in found} >= {line_of(path, 'msgstr "alone"'), line_of(path, 'msgtsr')}


def test_duplicate_entry_names_both_lines(project):
    path = write_po(project, entry("Stop", "Stopp") + "\n" + entry("Stop", "Halt"))
    second = [n for n, l in enumerate(path.read_text().splitlines(), 1) if l == 'msgid "Stop"'][1]
    problem = assert_one(project, "duplicate", path, second)
    first = line_of(path, 'msgid "Stop"')
    assert f"first at line {first}" in problem.message


def test_same_msgid_with_different_context_is_not_a_duplicate(project):
    write_po(project, entry("Report", "Melden", context="verb") + entry("Report", "Meldung", context="noun"))
    assert problems_of(project, "duplicate") == []


# -- header ------------------------------------------------------------------------


def test_missing_plural_forms(project):
    path = write_po(project, entry("Stop", "Stopp"))
    path.write_text(path.read_text().replace(f'"Plural-Forms: {GERMAN_PLURALS}\\n"\n', ""))
    problem = assert_one(project, "plural-forms", path, line_of(path, 'msgid ""'))
    assert "no Plural-Forms" in problem.message


def test_wrong_plural_forms(project):
    path = write_po(project, entry("Stop", "Stopp"), plural_forms="nplurals=1; plural=0;")
    assert_one(project, "plural-forms", path, line_of(path, "Plural-Forms"))


def test_plural_entry_with_too_few_forms(project):
    body = '#: parents.html:3\nmsgid "One photo"\nmsgid_plural "%(count)s photos"\nmsgstr[0] "Ein Foto"\n'
    path = write_po(project, body)
    assert_one(project, "plural-forms", path, line_of(path, 'msgid "One photo"'))


def test_language_header_must_match_the_folder(project):
    path = write_po(project, entry("Stop", "Stopp"), language="fr")
    assert_one(project, "header", path, line_of(path, "Language:"))


def test_review_status_reviewed_needs_reviewer_and_date(project):
    path = write_po(project, entry("Stop", "Stopp"), extra='"X-Review-Status: reviewed\\n"\n')
    found = problems_of(project, "review-status")
    assert {p.line for p in found} == {line_of(path, "X-Review-Status")}
    assert any("X-Reviewed-By" in p.message for p in found)
    assert any("X-Review-Date" in p.message for p in found)


def test_unknown_review_status(project):
    path = write_po(project, entry("Stop", "Stopp"), extra='"X-Review-Status: done\\n"\n')
    assert_one(project, "review-status", path, line_of(path, "X-Review-Status"))


def test_reviewed_catalog_with_fuzzy_messages(project):
    extra = ('"X-Review-Status: reviewed\\n"\n"X-Reviewed-By: Ana <ana@example.org>\\n"\n'
             '"X-Review-Date: 2026-11-20\\n"\n')
    path = write_po(project, entry("Stop", "Stopp", fuzzy=True), extra=extra)
    problem = assert_one(project, "review-status", path, line_of(path, "X-Review-Status"))
    assert "1 fuzzy" in problem.message


# -- placeholders ------------------------------------------------------------------


def test_missing_named_placeholder(project):
    path = write_po(project, entry("Help in %(country)s", "Hilfe in Deutschland"))
    problem = assert_one(project, "placeholders", path, line_of(path, 'msgid "Help in'))
    assert "%(country)s is missing" in problem.message


def test_new_placeholder_in_either_style(project):
    path = write_po(project, entry("Help in %(country)s", "Hilfe in %(country)s {land} %(land)s"))
    found = problems_of(project, "placeholders")
    assert {p.line for p in found} == {line_of(path, 'msgid "Help in')}
    assert any("{land}" in p.message for p in found) and any("%(land)s" in p.message for p in found)


def test_missing_brace_placeholder(project):
    path = write_po(project, entry("Help in {country}", "Hilfe im Land"))
    problem = assert_one(project, "placeholders", path, line_of(path, 'msgid "Help in'))
    assert "{country}" in problem.message


def test_plural_form_for_exactly_one_may_drop_the_count(project):
    body = ('#: parents.html:3\nmsgid "One photo"\nmsgid_plural "%(count)s photos"\n'
            'msgstr[0] "Ein Foto"\nmsgstr[1] "%(count)s Fotos"\n')
    write_po(project, body)
    assert problems_of(project, "placeholders") == []


def test_plural_form_for_many_numbers_keeps_the_count(project):
    # Serbian form 0 is used for 1, 21, 31…: it must show the number.
    body = ('#: parents.html:3\nmsgid "One photo"\nmsgid_plural "%(count)s photos"\n'
            'msgstr[0] "Jedna fotografija"\nmsgstr[1] "%(count)s fotografije"\nmsgstr[2] "%(count)s fotografija"\n')
    plural = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
              "(n%100<10 || n%100>=20) ? 1 : 2);")
    path = write_po(project, body, language="sr_Latn", plural_forms=plural, name="sr_Latn")
    problem = assert_one(project, "placeholders", path, line_of(path, 'msgid "One photo"'), name="sr_Latn")
    assert "form 0" in problem.message


def test_fuzzy_messages_are_not_checked(project):
    write_po(project, entry("Help in %(country)s", "Hilfe", fuzzy=True))
    assert problems_of(project, "placeholders") == []


def test_lone_percent_sign(project):
    path = write_po(project, entry("Almost all", "Fast 100 % aller Fälle"))
    assert_one(project, "percent-sign", path, line_of(path, 'msgid "Almost all"'))
    write_po(project, entry("Almost all", "Fast 100 %% aller Fälle"))
    assert problems_of(project, "percent-sign") == []


def test_placeholder_parser_knows_both_styles():
    assert set(placeholders("%(a)s {b} %% {{c}} %(d)d")) == {"%(a)", "{b}", "%(d)"}


# -- markup ---------------------------------------------------------------------------


@pytest.mark.parametrize("translation, expected", [
    ('Sag es <em>jemandem</em>.', "not allowed"),
    ('Sag es <strong>jemandem.', "not closed"),
    ('Sag es jemandem.', "tags differ"),
    ('Sag es <strong style=\\"color:red\\">jemandem</strong>.', "not allowed"),
    ('Sag es <strong>jemandem</strong> <img src=\\"x.svg\\">.', "not allowed"),
    ('Sag es <strong>jemandem</strong>&nbsp;.', "&nbsp;"),
])
def test_markup(project, translation, expected):
    path = write_po(project, entry("Tell <strong>someone</strong>.", translation))
    found = problems_of(project, "markup")
    assert found and all(p.line == line_of(path, 'msgid "Tell') for p in found)
    assert any(expected in p.message for p in found), [p.message for p in found]


def test_markup_may_move_within_the_sentence(project):
    write_po(project, entry("Tell <strong>someone</strong> now.", "<strong>Jemandem</strong> sofort sagen."))
    assert problems_of(project, "markup") == []


# -- protected terms and addresses ------------------------------------------------------


@pytest.mark.parametrize("translation, term", [
    ("Ruf Childline unter 116111 an oder besuche www.childline.org.uk.", "116 111"),
    ("Ruf Childline unter 116 111 an oder besuche www.childline.de.", "www.childline.org.uk"),
    ("Ruf Kinderlinie unter 116 111 an oder besuche www.childline.org.uk.", "Childline"),
    ("Ruf Childline unter 116 111 an oder besuche childline.org.de.", "www.childline.org.uk"),
])
def test_protected_terms_are_not_altered(project, translation, term):
    path = write_po(project, entry("Call Childline on 116 111 or visit www.childline.org.uk.", translation))
    found = problems_of(project, "protected-terms")
    assert [p.line for p in found] == [line_of(path, 'msgid "Call')]
    assert term in found[0].message


def test_bare_domains_are_protected(project):
    path = write_po(project, entry("See childline.org.uk", "Siehe childline.org.de"))
    found = problems_of(project, "protected-terms")
    assert [p.line for p in found] == [line_of(path, 'msgid "See')] and "childline.org.uk" in found[0].message


def test_unknown_language_header(project):
    path = write_po(project, entry("Stop", "Stopp"), language="xx_QQ")
    assert_one(project, "header", path, line_of(path, "Language:"))


def test_protected_terms_come_from_the_terms_file(project):
    (project.locales_dir / "protected-terms.txt").write_text("# names\nKids Helpline\n")
    path = write_po(project, entry("Call Kids Helpline.", "Ruf die Kinder-Hotline an."))
    _, problems = check_catalog(project, "de")
    assert [p.line for p in problems if p.check == "protected-terms"] == [line_of(path, 'msgid "Call')]


@pytest.mark.parametrize("translation", [
    "Hilfe gibt es unter https://example.com/help.",
    "Schreib an hilfe@example.org.",
    "Ruf 0800 123 456 an.",
    "Siehe ../../secret.svg",
])
def test_translations_cannot_add_addresses(project, translation):
    path = write_po(project, entry("Get help.", translation))
    assert_one(project, "added-address", path, line_of(path, 'msgid "Get help."'))


# -- consistency, whitespace, length -------------------------------------------------------


def test_same_source_translated_two_ways(project):
    path = write_po(project, entry("Report", "Melden") + entry("Report.", "Anzeigen."))
    problem = assert_one(project, "consistency", path, line_of(path, 'msgid "Report."'), "warning")
    assert "Melden" in problem.message


def test_different_contexts_may_differ(project):
    write_po(project, entry("Report", "Melden", context="verb") + entry("Report", "Meldung", context="noun"))
    assert problems_of(project, "consistency") == []


@pytest.mark.parametrize("translation, expected", [
    (" Stopp", "starts with a space"),
    ("Stopp ", "ends with a space"),
    ("Hör  auf", "doubled space"),
    ("Hör\\nauf", "line break"),
])
def test_whitespace(project, translation, expected):
    path = write_po(project, entry("Stop", translation))
    problem = assert_one(project, "whitespace", path, line_of(path, 'msgid "Stop"'), "warning")
    assert expected in problem.message


def test_space_before_punctuation(project):
    path = write_po(project, entry("Watch out!", "Attention !"), language="fr", name="fr",
                    plural_forms="nplurals=2; plural=(n > 1);")
    assert_one(project, "punctuation-spacing", path, line_of(path, 'msgid "Watch out!"'), "warning", name="fr")
    write_po(project, entry("Watch out!", "Attention\u00a0!"), language="fr", name="fr",
             plural_forms="nplurals=2; plural=(n > 1);")
    assert problems_of(project, "punctuation-spacing", "fr") == []


@pytest.mark.parametrize(
    "language, translation, warned",
    [
        ("fr", "Dis « non » et parle", True),
        ("fr", "Dis «\u00a0non\u00a0» et parle", False),
        # Danish and Slovenian open with », so a space before it is right.
        ("da", "Sig »nej« og fortæl det", False),
        ("sl", "Reci »ne« in povej", False),
        ("da", "Sig » nej « og fortæl det", True),
    ],
)
def test_guillemet_spacing_follows_the_languages_quotes(project, language, translation, warned):
    write_po(project, entry("Say no and tell someone", translation), language=language, name=language)
    assert bool(problems_of(project, "punctuation-spacing", language)) == warned


def test_much_longer_translation_is_a_warning(project):
    path = write_po(project, entry("What to do", "Was du in einer solchen Situation jetzt am besten tun kannst"))
    assert_one(project, "length", path, line_of(path, 'msgid "What to do"'), "warning")


def test_cjk_width_counts_double(project):
    write_po(project, entry("What to do", "どうすればいいか"), language="ja", name="ja",
             plural_forms="nplurals=1; plural=0;")
    assert problems_of(project, "length", "ja") == []


def test_every_check_name_is_documented():
    readme = (Path(__file__).parents[1] / "locales" / "README.md").read_text(encoding="utf-8")
    for name in CHECK_NAMES:
        assert f"`{name}`" in readme, name


def test_fuzzy_header_is_a_warning(project):
    path = write_po(project, entry("Stop", "Stopp"))
    path.write_text(path.read_text().replace('msgid ""', '#, fuzzy\nmsgid ""', 1))
    problem = assert_one(project, "header", path, line_of(path, 'msgid ""'), "warning")
    assert "fuzzy" in problem.message
