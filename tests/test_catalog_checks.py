"""Each catalog check catches its problem and names it, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.catalog_checks import CHECK_NAMES, check_catalog, project_terms
from campaign.placeholders import placeholders
from campaign.po_files import po_path
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


def test_old_review_header_fields_are_a_warning(project):
    path = write_po(project, entry("Stop", "Stopp"), extra='"X-Review-Status: reviewed\\n"\n')
    problem = assert_one(project, "header", path, line_of(path, "X-Review-Status"), "warning")
    assert "reviews.json" in problem.message


# -- placeholders ------------------------------------------------------------------


def test_missing_named_placeholder(project):
    path = write_po(project, entry("Help in %(country)s", "Hilfe in Deutschland"))
    problem = assert_one(project, "placeholders", path, line_of(path, 'msgid "Help in'))
    assert "%(country)s is missing" in problem.message


def test_new_placeholder(project):
    path = write_po(project, entry("Help in %(country)s", "Hilfe in %(country)s %(land)s"))
    found = problems_of(project, "placeholders")
    assert {p.line for p in found} == {line_of(path, 'msgid "Help in')}
    assert any("%(land)s" in p.message for p in found)


# Each of these printed something else than the English means, or broke the
# build (issue 12): the check date removed, quoted, padded; a traceback; a hang.
@pytest.mark.parametrize("directive", [
    "%(date).0s", "%(date)r", "%(date)-60s", "%(date)d", "%(date)*s", "%(date)2000000s", "%(date)a",
    "%(date) s", "%(date)5.2s",
])
def test_placeholder_must_match_the_english_exactly(project, directive):
    path = write_po(project, entry("Checked on %(date)s.", f"Geprüft am {directive}."))
    found = problems_of(project, "placeholders")
    assert {p.line for p in found} == {line_of(path, 'msgid "Checked on')}
    messages = " ".join(p.message for p in found)
    assert "%(date)s is missing" in messages and f"{directive} is not in the English" in messages
    assert str(found[0]).startswith(f"{found[0].file}: line {found[0].line}")


def test_placeholder_twice_is_an_error(project):
    path = write_po(project, entry("Checked on %(date)s.", "Geprüft am %(date)s (%(date)s)."))
    problem = assert_one(project, "placeholders", path, line_of(path, 'msgid "Checked on'))
    assert "2× in the translation" in problem.message


def test_braces_are_text_not_placeholders(project):
    """Only % formatting is applied to messages: {name} prints as typed, so it is text."""
    write_po(project, entry("Help in {country}", "Hilfe in {country}"))
    assert problems_of(project, "placeholders") == []


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


def test_placeholder_parser_keeps_conversion_and_format():
    assert placeholders("%(a)s {b} %% {{c}} %(d)d %(a)s %(e)-5.2r") == {"%(a)s": 2, "%(d)d": 1, "%(e)-5.2r": 1}


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
    _, problems = check_catalog(project, "de", project_terms(project))
    assert [p.line for p in problems if p.check == "protected-terms"] == [line_of(path, 'msgid "Call')]


@pytest.mark.parametrize("translation", [
    "Hilfe gibt es unter https://example.com/help.",
    "Schreib an hilfe@example.org.",
    "Ruf 0800 123 456 an.",
    "Siehe ../../secret.svg",
])
def test_translations_cannot_add_addresses(project, translation):
    path = write_po(project, entry("Get help.", translation))
    assert_one(project, "added-fact", path, line_of(path, 'msgid "Get help."'))


# Hostile input from issue 12: each changes what is printed. The English has
# no number, address or name, so the translation may not have one either.
@pytest.mark.parametrize("translation", [
    "Ruf 06.12.34.56.78 an.",  # dots between the digits
    "Ruf 06\u200b12\u200b34\u200b56\u200b78 an.",  # zero-width spaces between the digits
    "Ruf 06 12 34 56 78 an.",
    "Ruf (06) 12-34/56 an.",
    "Ruf die 17 an.",  # a short number
    "Ruf ٠٦١٢٣٤٥٦٧٨ an.",  # Arabic-Indic digits
    "Ruf ０６１２ an.",  # fullwidth digits
    "Siehe aide-enfants.fr.",  # a bare domain with a country TLD
    "Siehe hilfe.example.",  # any TLD
    "Siehe aide\u200b-enfants.fr.",  # a zero-width space inside the domain
    "Schreib an hilfe@example.org.",
    "Siehe https://example.com/help.",
])
def test_translations_cannot_add_numbers_or_addresses(project, translation):
    path = write_po(project, entry("Get help from an adult you trust.", translation))
    problem = assert_one(project, "added-fact", path, line_of(path, 'msgid "Get help'))
    assert "not in the English" in problem.message


@pytest.mark.parametrize("source, translation", [
    ("For children aged 8 to 11", "Für Kinder von 8 bis 11 Jahren"),
    ("For children aged 8 to 11", "Für Kinder von 8–11 Jahren"),
    ("For children aged 8 to 11", "Pour les enfants de 8-11 ans"),  # a range of the English's numbers
    ("For children aged 8 to 11", "للأطفال من ٨ إلى ١١ عامًا"),
    ("Call 116 111.", "Ruf 116 111 an."),
    ("Visit www.childline.org.uk.", "Besuche WWW.Childline.org.uk."),
    ("Say no.", "Sag z.B. nein, d.h. lehne ab."),  # abbreviations are not domains
    ("Say no.", "Thuaj jo, p.sh. me zë."),
])
def test_numbers_and_addresses_of_the_english_may_be_used(project, source, translation):
    write_po(project, entry(source, translation))
    assert problems_of(project, "added-fact") == []


@pytest.mark.parametrize("translation", ["Für Kinder von 8-17 Jahren", "Für Kinder von 8-11-17 Jahren",
                                         "Für Kinder von 0811 Jahren"])
def test_a_range_must_join_two_numbers_of_the_english(project, translation):
    path = write_po(project, entry("For children aged 8 to 11", translation))
    assert_one(project, "added-fact", path, line_of(path, 'msgid "For children'))


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u202b", "\u202d", "\u2066", "\u2067", "\u2068"])
def test_bidi_controls_are_refused(project, control):
    path = write_po(project, entry("Checked on %(date)s.", f"Geprüft am {control}%(date)s\u202c."))
    assert_one(project, "bidi-control", path, line_of(path, 'msgid "Checked on'))
    messages = [p.message for p in problems_of(project, "bidi-control")]
    assert any(f"U+{ord(control):04X}" in m for m in messages) and any("U+202C" in m for m in messages)


@pytest.mark.parametrize("name, language_plurals, text, allowed", [
    ("de", GERMAN_PLURALS, "Si\u200bcher", False),  # zero-width space inside a German word
    ("de", GERMAN_PLURALS, "Si\u200dcher", False),
    ("de", GERMAN_PLURALS, "Sicher\ufeff", False),
    ("de", GERMAN_PLURALS, "Sicher\u200e", False),  # a direction mark has no use in German
    ("de", GERMAN_PLURALS, "Sicher\u00adheit", True),  # soft hyphen: a hyphenation hint
    ("km", "nplurals=1; plural=0;", "សុវត្ថិភាព\u200bលើអ៊ីនធឺណិត", True),  # Khmer word boundary
    ("th", "nplurals=1; plural=0;", "ปลอดภัย\u200bออนไลน์", True),
    ("km", "nplurals=1; plural=0;", "សុវត្ថិភាព\u200cលើ", False),
    ("fa", "nplurals=2; plural=(n > 1);", "می\u200cخواهم", True),  # Persian ZWNJ
    ("ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
     "اتصل بـ Childline\u200f.", True),  # a right-to-left mark after a Latin name
    ("he", "nplurals=2; plural=(n != 1);", "שלום\u200bעולם", False),
])
def test_invisible_characters_only_where_the_script_needs_them(project, name, language_plurals, text, allowed):
    path = write_po(project, entry("Safe online", text), language=name, plural_forms=language_plurals, name=name)
    found = problems_of(project, "invisible-character", name)
    if allowed:
        assert found == []
    else:
        assert [p.line for p in found] == [line_of(path, 'msgid "Safe online"')]


@pytest.mark.parametrize("translation", ["\u200b", " ", "\u00a0\u200d", "\u200b<strong>\u2060</strong>"])
def test_a_translation_that_prints_nothing_is_an_error(project, translation):
    path = write_po(project, entry("Draft translation, not yet reviewed.", translation))
    problem = assert_one(project, "prints-nothing", path, line_of(path, 'msgid "Draft'))
    assert "prints nothing" in problem.message


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
