"""The country registry: validation of every kind of bad entry, and the real data."""

import datetime
import json
import re
from pathlib import Path

import pytest

from campaign.errors import CampaignError, InputError
from campaign.registry import KINDS, display_address, load_registry, months_before

REPO_REGISTRY = Path(__file__).resolve().parent.parent / "registry"
TODAY = datetime.date(2026, 11, 23)

SHARED = """\
[[services]]
id = "take-it-down"
kind = "removal"
name = "Take It Down"
name_language = "en"
web = "https://takeitdown.ncmec.org"
serves = ["children", "young_people"]
source = "takeitdown.ncmec.org/faq/"
checked = 2026-11-22
verified = true

[[services]]
id = "cybertipline"
kind = "hotline"
name = "NCMEC CyberTipline"
name_language = "en"
web = "https://report.cybertip.org"
serves = ["anyone"]
source = "report.cybertip.org/faqs"
checked = 2026-11-22
verified = true
"""

BE = """\
code = "BE"
name = "Belgium"
locales = ["nl_BE", "fr_BE", "de_BE"]
paper = "A4"
shared_services = ["take-it-down"]

[[services]]
id = "child-focus"
kind = "hotline"
name = "Child Focus"
web = "https://stopchildporno.be"
serves = ["anyone"]
source = "childfocus.be (report page)"
checked = 2026-11-22
verified = true

[[services]]
id = "awel"
kind = "child_helpline"
name = "Awel"
phone = "102"
serves = ["children", "young_people"]
languages = ["nl"]
source = "hln.be (Feb 2020)"
checked = 2026-11-20
verified = true

[[services]]
id = "emergency"
kind = "emergency"
name = "Emergency number"
name_is_description = true
phone = "112"
serves = ["anyone"]
source = "https://112.hu/en/112_in_the_EU"
checked = 2026-11-22
verified = true
"""


def make_registry(tmp_path: Path, countries: dict[str, str] | None = None, shared: str = SHARED) -> Path:
    """A small registry in tmp_path: {file stem: TOML text} plus shared services."""
    registry = tmp_path / "registry"
    (registry / "countries").mkdir(parents=True)
    (registry / "shared-services.toml").write_text(shared, encoding="utf-8")
    for stem, text in (countries if countries is not None else {"BE": BE}).items():
        (registry / "countries" / f"{stem}.toml").write_text(text, encoding="utf-8")
    return registry


def problems(registry: Path) -> list[str]:
    """Every problem load_registry reports, as the user reads them."""
    with pytest.raises(InputError) as error:
        load_registry(registry, today=TODAY)
    return [str(problem) for problem in error.value.problems]


def assert_problem(found: list[str], *parts: str) -> None:
    assert any(all(part in line for part in parts) for line in found), "\n".join(found)


# -- a valid registry ---------------------------------------------------------


def test_valid_fixture_loads(tmp_path):
    registry = load_registry(make_registry(tmp_path), today=TODAY)
    belgium = registry.country("be")
    assert belgium.locales == ("nl_BE", "fr_BE", "de_BE")
    assert [s.id for s in belgium.services] == ["child-focus", "awel", "emergency", "take-it-down"]
    assert belgium.services[-1].shared


def test_printable_services_filter_by_edition_language_in_kind_order(tmp_path):
    belgium = load_registry(make_registry(tmp_path), today=TODAY).country("BE")
    assert [s.id for s in belgium.printable_services("nl_BE")] == [
        "child-focus", "awel", "emergency", "take-it-down"]
    assert [s.id for s in belgium.printable_services("fr_BE")] == [
        "child-focus", "emergency", "take-it-down"]
    assert [s.id for s in belgium.printable_services("fr")] == [
        "child-focus", "emergency", "take-it-down"]
    kinds = [s.kind for s in belgium.printable_services()]
    assert kinds == sorted(kinds, key=KINDS.index)


def test_unverified_services_are_kept_but_never_printed(tmp_path):
    text = BE.replace('phone = "102"\n', 'phone = "102"\nnote = "number from a 2004 article"\n').replace(
        'checked = 2026-11-20\nverified = true', 'checked = 2026-11-20\nverified = false')
    belgium = load_registry(make_registry(tmp_path, {"BE": text}), today=TODAY).country("BE")
    awel = next(s for s in belgium.services if s.id == "awel")
    assert not awel.verified and awel.note == "number from a 2004 article"
    assert awel not in belgium.printable_services("nl_BE")


def test_display_name_comes_from_babel_in_the_readers_language(tmp_path):
    belgium = load_registry(make_registry(tmp_path), today=TODAY).country("BE")
    assert belgium.display_name("fr_BE") == "Belgique"
    assert belgium.display_name("nl_BE") == "België"
    assert belgium.display_name("de_BE") == "Belgien"


def test_display_web_drops_scheme_and_trailing_slash(tmp_path):
    text = BE.replace("https://stopchildporno.be", "https://redbarnet.dk/reportit/report/")
    belgium = load_registry(make_registry(tmp_path, {"BE": text}), today=TODAY).country("BE")
    assert belgium.services[0].display_web == "redbarnet.dk/reportit/report"
    assert belgium.services[1].display_web is None


def test_sources_read_is_the_oldest_printed_check(tmp_path):
    belgium = load_registry(make_registry(tmp_path), today=TODAY).country("BE")
    assert belgium.sources_read() == datetime.date(2026, 11, 20)


def test_unknown_country_names_the_valid_codes(tmp_path):
    registry = load_registry(make_registry(tmp_path), today=TODAY)
    with pytest.raises(CampaignError, match="unknown country 'ZZ'.*BE"):
        registry.country("ZZ")


def test_gaps_name_a_missing_hotline_and_the_fallback(tmp_path):
    no_hotline = BE.replace('kind = "hotline"', 'kind = "hotline"', 1)
    no_hotline = no_hotline.replace(
        'verified = true\n\n[[services]]\nid = "awel"',
        'verified = false\nnote = "address unverified"\n\n[[services]]\nid = "awel"')
    belgium = load_registry(make_registry(tmp_path, {"BE": no_hotline}), today=TODAY).country("BE")
    assert "national hotline not verified (Child Focus)" in belgium.gaps()
    assert "no verified reporting route at all" in belgium.gaps()

    with_fallback = no_hotline.replace('["take-it-down"]', '["take-it-down", "cybertipline"]')
    registry = make_registry(tmp_path / "second", {"BE": with_fallback})
    belgium = load_registry(registry, today=TODAY).country("BE")
    assert belgium.gaps()[0] == (
        "national hotline not verified (Child Focus); reports go to NCMEC CyberTipline")
    assert "no verified reporting route at all" not in belgium.gaps()


def test_gaps_name_an_edition_without_a_child_helpline(tmp_path):
    belgium = load_registry(make_registry(tmp_path), today=TODAY).country("BE")
    assert "no child helpline in the fr_BE edition" in belgium.gaps()
    assert "no child helpline in the nl_BE edition" not in belgium.gaps()


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 11, 23), datetime.date(2025, 11, 23)),
        (datetime.date(2028, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 1, 31), datetime.date(2026, 1, 31)),
    ],
)
def test_months_before(day, expected):
    assert months_before(day, 12) == expected


# -- every kind of bad entry gets its own clear error -------------------------


def test_toml_syntax_error_names_file_and_line(tmp_path):
    found = problems(make_registry(tmp_path, {"BE": BE.replace('paper = "A4"', "paper = A4")}))
    assert_problem(found, "registry/countries/BE.toml: line 4", "TOML syntax error")


def test_unknown_keys(tmp_path):
    text = BE.replace('paper = "A4"', 'paper = "A4"\npaper_size = "A4"').replace(
        'phone = "102"', 'phon = "102"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "registry/countries/BE.toml: country BE, paper_size", "unknown key 'paper_size'")
    assert_problem(found, "country BE, services[1].phon", "unknown key 'phon'")


def test_missing_required_fields(tmp_path):
    text = BE.replace('name = "Belgium"\n', "").replace('source = "hln.be (Feb 2020)"\n', "")
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "registry/countries/BE.toml: country BE, name", "missing required field")
    assert_problem(found, "country BE, services[1].source", "missing required field")


def test_wrong_types(tmp_path):
    text = BE.replace('locales = ["nl_BE", "fr_BE", "de_BE"]', 'locales = "nl_BE"').replace(
        "checked = 2026-11-20\nverified = true", 'checked = 2026-11-20\nverified = "yes"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, locales", "must be a list")
    assert_problem(found, "country BE, services[1].verified", "must be true or false")


def test_check_date_must_be_a_date_not_a_date_time(tmp_path):
    text = BE.replace("checked = 2026-11-20", "checked = 2026-11-20T10:00:00")
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, services[1].checked", "must be a date like 2026-11-22")


def test_unknown_kind_and_audience(tmp_path):
    text = BE.replace('kind = "child_helpline"', 'kind = "helpline"').replace(
        'serves = ["children", "young_people"]', 'serves = ["children", "teenagers"]')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, services[1].kind", "unknown value 'helpline'", "child_helpline")
    assert_problem(found, "country BE, services[1].serves[1]", "unknown value 'teenagers'")


def test_locale_babel_does_not_know(tmp_path):
    text = BE.replace('"de_BE"', '"xx_BE"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "registry/countries/BE.toml: country BE, locales[2]", "unknown locale 'xx_BE'")


def test_locale_of_another_country_or_with_hyphens(tmp_path):
    text = BE.replace('"nl_BE", "fr_BE", "de_BE"', '"nl_BE", "fr_FR", "de-BE"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, locales[1]", "'fr_FR' is not for country BE")
    assert_problem(found, "country BE, locales[2]", "with underscores: 'de_BE'")


@pytest.mark.parametrize("phone", ["12a4", "1-800-THE-LOST", "12", "+", "0800--0432", "102 ", "(02) 123 45", "116/111"])
def test_malformed_phone_numbers(tmp_path, phone):
    found = problems(make_registry(tmp_path, {"BE": BE.replace('phone = "102"', f'phone = "{phone}"')}))
    assert_problem(found, "registry/countries/BE.toml: country BE, services[1].phone",
                   f"malformed phone number {phone!r}")


@pytest.mark.parametrize("phone", ["116 111", "0800-0432", "1-800-843-5678", "+32 2 475 44 11", "1 96 96", "017"])
def test_phone_numbers_as_printed_are_accepted(tmp_path, phone):
    text = BE.replace('phone = "102"', f'phone = "{phone}"')
    belgium = load_registry(make_registry(tmp_path, {"BE": text}), today=TODAY).country("BE")
    assert belgium.services[1].phone == phone


@pytest.mark.parametrize(
    "web, why",
    [
        ("stopchildporno.be", "must start with https://"),
        ("http://stopchildporno.be", "must start with https://"),
        ("https://", "no valid host name"),
        ("https://stop child.be", "must not contain spaces, quotes, angle brackets"),
        ("https://stopchildporno.be/report?lang=fr", "without ? or #"),
        ("https://stopchildporno", "no valid host name"),
    ],
)
def test_malformed_web_addresses(tmp_path, web, why):
    found = problems(make_registry(tmp_path, {"BE": BE.replace("https://stopchildporno.be", web)}))
    assert_problem(found, "country BE, services[0].web", f"malformed web address {web!r}", why)


def test_check_date_in_the_future(tmp_path):
    found = problems(make_registry(tmp_path, {"BE": BE.replace("checked = 2026-11-20", "checked = 2026-12-01")}))
    assert_problem(found, "country BE, services[1].checked", "2026-12-01 is in the future")


def test_future_date_in_a_shared_service(tmp_path):
    shared = SHARED.replace("checked = 2026-11-22", "checked = 2027-01-01", 1)
    found = problems(make_registry(tmp_path, shared=shared))
    assert_problem(found, "registry/shared-services.toml: services[0].checked", "in the future")


def test_duplicate_country_in_two_files(tmp_path):
    found = problems(make_registry(tmp_path, {"BE": BE, "Belgium": BE}))
    assert_problem(found, "registry/countries/Belgium.toml: country BE, code",
                   "duplicate country BE: also defined in registry/countries/BE.toml")


def test_file_name_must_match_the_code(tmp_path):
    found = problems(make_registry(tmp_path, {"FR": BE}))
    assert_problem(found, "registry/countries/FR.toml: country BE, code",
                   "file name FR.toml does not match country code BE")


def test_country_code_must_be_a_country(tmp_path):
    found = problems(make_registry(tmp_path, {"ZZ": BE.replace('code = "BE"', 'code = "ZZ"')}))
    assert_problem(found, "country ZZ, code", "not an ISO 3166 country code")


def test_duplicate_service_ids(tmp_path):
    text = BE.replace('id = "awel"', 'id = "child-focus"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, services", "duplicate service id 'child-focus'")


def test_service_id_clashing_with_a_shared_service(tmp_path):
    text = BE.replace('id = "awel"', 'id = "take-it-down"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, services", "duplicate service id 'take-it-down'")


def test_duplicate_shared_service(tmp_path):
    found = problems(make_registry(tmp_path, shared=SHARED + "\n" + SHARED.split("\n\n")[0] + "\n"))
    assert_problem(found, "registry/shared-services.toml: services[2].id", "duplicate service id 'take-it-down'")


def test_unknown_shared_service(tmp_path):
    text = BE.replace('["take-it-down"]', '["take-it-down", "take-it-up"]')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, shared_services[1]", "unknown shared service 'take-it-up'",
                   "cybertipline, take-it-down")


def test_paper_must_be_a4_or_letter(tmp_path):
    found = problems(make_registry(tmp_path, {"BE": BE.replace('paper = "A4"', 'paper = "A5"')}))
    assert_problem(found, "country BE, paper", "unknown value 'A5'", "A4, Letter")


def test_service_language_must_be_one_of_the_countrys_editions(tmp_path):
    found = problems(make_registry(tmp_path, {"BE": BE.replace('languages = ["nl"]', 'languages = ["sv"]')}))
    assert_problem(found, "country BE, services[1].languages[0]", "'sv' is not the language of any")
    found = problems(make_registry(tmp_path / "2", {"BE": BE.replace('languages = ["nl"]', 'languages = ["nl_BE"]')}))
    assert_problem(found, "country BE, services[1].languages[0]", "not a language code")


def test_name_language_must_be_a_language_babel_knows(tmp_path):
    bad = BE.replace('name = "Awel"\n', 'name = "Awel"\nname_language = "english"\n')
    found = problems(make_registry(tmp_path, {"BE": bad}))
    assert_problem(found, "registry/countries/BE.toml", "country BE, services[1].name_language",
                   "'english' is not a language code Babel knows")


def test_shared_service_needs_its_name_language(tmp_path):
    found = problems(make_registry(tmp_path, shared=SHARED.replace('name_language = "en"\n', "", 1)))
    assert_problem(found, "shared-services.toml", "services[0].name_language",
                   "a shared service needs the language of its name")


def test_name_language_defaults_to_the_countrys_first_language(tmp_path):
    registry = load_registry(make_registry(tmp_path, {"BE": BE.replace(
        'name = "Child Focus"\n', 'name = "Child Focus"\nname_language = "en"\n')}), today=TODAY)
    child_focus, awel, _emergency, take_it_down = registry.country("BE").services
    assert registry.country("BE").language == "nl"
    assert awel.name_language_in("fr", "nl") == "nl"  # the default
    assert child_focus.name_language_in("nl", "nl") == "en"
    assert take_it_down.name_language_in("nl", "nl") == "en"


def test_verified_service_needs_something_to_print(tmp_path):
    found = problems(make_registry(tmp_path, {"BE": BE.replace('phone = "102"\n', "")}))
    assert_problem(found, "country BE, services[1].verified", "needs one of phone, sms, web, chat")


def test_unverified_service_needs_a_note(tmp_path):
    text = BE.replace("checked = 2026-11-20\nverified = true", "checked = 2026-11-20\nverified = false")
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, services[1].note", "needs a note saying why")


@pytest.mark.parametrize("hours", ["24h", "Mon-Fri 9-19", "Mo-Fr 9:00-19:00", "daily"])
def test_hours_format(tmp_path, hours):
    text = BE.replace('phone = "102"', f'phone = "102"\nhours = "{hours}"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, "country BE, services[1].hours", f"hours {hours!r}", "write e.g. '24/7'")


def test_every_problem_is_reported_at_once(tmp_path):
    broken_be = (BE.replace('paper = "A4"', 'paper = "B5"')
                 .replace('phone = "102"', 'phone = "10x"')
                 .replace("checked = 2026-11-20", "checked = 2030-01-01"))
    broken_fi = 'code = "FI"\nname = "Finland"\nlocales = ["fi_FI"]\npaper = "A4"\ncolour = "blue"\n'
    with pytest.raises(InputError) as error:
        load_registry(make_registry(tmp_path, {"BE": broken_be, "FI": broken_fi}), today=TODAY)
    text = str(error.value)
    assert "has 4 problems; nothing can be built from it" in text
    for expected in ("country BE, paper", "services[1].phone", "services[1].checked", "country FI, colour"):
        assert expected in text


def test_missing_shared_file_and_empty_countries(tmp_path):
    registry = tmp_path / "registry"
    (registry / "countries").mkdir(parents=True)
    found = problems(registry)
    assert_problem(found, "registry/shared-services.toml", "file not found")
    assert_problem(found, "registry/countries", "no country files")


# -- hostile input: everything the build cannot print correctly is refused ------

FILE_BE = "registry/countries/BE.toml: country BE"


@pytest.mark.parametrize(
    "hours, why",
    [
        ("Mo-Fr 25:99-26:00", "'25:99' is not a time of day"),
        ("Mo-Fr 09:00-24:30", "'24:30' is not a time of day"),
        ("Mo-Xx 09:00-17:00", "days 'Mo-Xx' not understood"),
        ("Mo-Fr 09:00", "is not a time span"),
        ("Mo-Fr 09:00-09:00", "starts and ends at the same time"),
    ],
)
def test_hours_are_parsed_against_the_grammar_at_load(tmp_path, hours, why):
    text = BE.replace('phone = "102"', f'phone = "102"\nhours = "{hours}"')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, f"{FILE_BE}, services[1].hours: error: hours {hours!r}", why)


@pytest.mark.parametrize(
    "key, value, why",
    [
        ("shared_services", '[["take-it-down"]]', "must be a list of strings"),
        ("locales", '"nl_BE"', "must be a list of strings"),
        ("locales", "[]", "needs at least one locale"),
        ("paper", "4", "must be a string"),
    ],
)
def test_wrongly_shaped_country_fields_give_a_message(tmp_path, key, value, why):
    text = re.sub(rf"(?m)^{key} = .*$", lambda _: f"{key} = {value}", BE)
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, f"{FILE_BE}, {key}: error:", why)


@pytest.mark.parametrize(
    "line, field, why",
    [
        ('hours = ["24/7"]', "hours", "must be a string"),
        ("name_by_language = [\"Awel\"]", "name_by_language", "must be a table of strings per language"),
        ('name_by_language = { nl = 3 }', "name_by_language", "must be a table of strings per language"),
        ('name_by_language = { xx = "Awel" }', "name_by_language.xx", "not a language code Babel knows"),
        ('name_by_language = { sv = "Awel" }', "name_by_language.sv", "not the language of any of this country's locales"),
        ("[services.extra]\nx = 1", "extra", "unknown key 'extra'"),
        ('sms_keyword = "TALK"', "sms_keyword", "needs the number to text (sms)"),
        ('sms = "686868"\nsms_keyword = "TALK TO"', "sms_keyword", "must be one word"),
        ("confirmed = 2026-11-20", "confirmed_by", "needs both the date (confirmed) and who confirmed it"),
        ('confirmed = 2026-12-20\nconfirmed_by = "A. Peeters"', "confirmed", "is in the future"),
        ('source_date = "last year"', "source_date", "write the date printed in the source"),
    ],
)
def test_wrongly_shaped_or_incomplete_service_fields(tmp_path, line, field, why):
    text = BE.replace('phone = "102"', f'phone = "102"\n{line}', 1)
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, f"{FILE_BE}, services[1].{field}: error:", why)


HOSTILE_TEXT = [
    ("Awel<script>", "angle brackets"),
    ("<b>Awel</b>", "angle brackets"),
    ('Awel" onclick="x', "straight double quotes"),
    ("Awel &amp; co", "HTML entities"),
    ("Aw\u202eel", "bidirectional control character U+202E"),
    ("Aw\u200bel", "invisible format character U+200B"),
    ("Aw\u0007el", "control character U+0007"),
    ("   ", "must not be empty"),
]


@pytest.mark.parametrize("name, why", HOSTILE_TEXT)
def test_printed_names_refuse_markup_quotes_and_invisible_controls(tmp_path, name, why):
    toml_name = json.dumps(name)  # JSON escapes are TOML escapes: "\u202e", "\""
    text = BE.replace('name = "Awel"', f"name = {toml_name}")
    found = problems(make_registry(tmp_path / "name", {"BE": text}))
    assert_problem(found, f"{FILE_BE}, services[1].name: error:", why)
    text = BE.replace('name = "Awel"', f'name = "Awel"\nname_by_language = {{ nl = {toml_name} }}')
    found = problems(make_registry(tmp_path / "local", {"BE": text}))
    assert_problem(found, f"{FILE_BE}, services[1].name_by_language.nl: error:", why)


def test_names_in_their_own_scripts_and_typography_are_accepted(tmp_path):
    names = ["Jeunesse, J'écoute", "Το Χαμόγελο του Παιδιού", "ער״ן", "9-8-8 : Ligne d'aide",
             "Conseils + aide 147", "988 Suicide & Crisis Lifeline", "«Κλίμακα»", "می\u200cخواهم"]
    table = ", ".join(f"nl = {json.dumps(name)}" if i == 0 else "" for i, name in enumerate(names[:1]))
    text = BE.replace('name = "Awel"', f'name = {json.dumps(names[1])}\nname_by_language = {{ {table} }}')
    awel = load_registry(make_registry(tmp_path, {"BE": text}), today=TODAY).country("BE").services[1]
    assert awel.name_in("nl") == names[0] and awel.name_in("fr") == names[1]
    from campaign.registry.schema import printed_text_problems
    assert [name for name in names if list(printed_text_problems(name))] == []


@pytest.mark.parametrize(
    "web, why",
    [
        ('https://stopchildporno.be/\\"onmouseover=x', "must not contain spaces, quotes"),
        ("https://stopchildporno.be/<script>", "must not contain spaces, quotes, angle brackets"),
        ("https://stopchildporno.be/a'b", "must not contain spaces, quotes"),
        ("https://stopchildporno.be/a\u202eb", "must not contain spaces, quotes, angle brackets or invisible"),
        ("https://user@stopchildporno.be", "no valid host name"),
        ("https://stopchildporno.be:8443", "no valid host name"),
        ("https://stopchildporno.be/%zz", "%XX escapes"),
        ("https://stopchildporno.be/a(b)", "%XX escapes"),
        ("javascript:alert(1)", "must start with https://"),
    ],
)
def test_web_addresses_are_parsed_strictly(tmp_path, web, why):
    found = problems(make_registry(tmp_path, {"BE": BE.replace("https://stopchildporno.be", web, 1)}))
    assert_problem(found, f"{FILE_BE}, services[0].web: error: malformed web address", why)


def test_chat_and_per_language_addresses_are_checked_like_web(tmp_path):
    text = BE.replace('web = "https://stopchildporno.be"',
                      'web = "https://stopchildporno.be"\nchat = "http://chat.be"\n'
                      'web_by_language = { fr = "https://a b.be" }')
    found = problems(make_registry(tmp_path, {"BE": text}))
    assert_problem(found, f"{FILE_BE}, services[0].chat: error:", "must start with https://")
    assert_problem(found, f"{FILE_BE}, services[0].web_by_language.fr: error:", "must not contain spaces")


# -- the schema drives the model, JSON, display and docs ------------------------


def test_the_model_has_exactly_the_schema_fields():
    from dataclasses import fields

    from campaign.registry import COUNTRY_FIELDS, SERVICE_FIELDS, Country, Service

    assert [f.name for f in fields(Service)] == [f.name for f in SERVICE_FIELDS] + ["shared"]
    assert [f.name for f in fields(Country)] == [f.name for f in COUNTRY_FIELDS]


def test_the_readme_documents_every_field_of_the_schema():
    from campaign.registry import COUNTRY_FIELDS, SERVICE_FIELDS

    readme = (REPO_REGISTRY / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"(?m)^\| `([a-z_]+)` \|", readme)) - set(KINDS)
    assert documented == {f.name for f in COUNTRY_FIELDS + SERVICE_FIELDS}
    for kind in KINDS:
        assert f"| `{kind}` |" in readme, kind


def test_registry_modules_import_one_way():
    """loader -> model -> schema: no module imports one that imports it back."""
    import ast

    package = REPO_REGISTRY.parent / "campaign" / "registry"
    imports = {}
    for module in ("schema", "model", "loader"):
        tree = ast.parse((package / f"{module}.py").read_text(encoding="utf-8"))
        imports[module] = {node.module.rsplit(".", 1)[-1] for node in ast.walk(tree)
                           if isinstance(node, ast.ImportFrom) and node.module
                           and node.module.startswith("campaign.registry")}
    assert imports == {"schema": set(), "model": {"schema"}, "loader": {"model", "schema"}}


# -- the real registry --------------------------------------------------------

ALLIANCE = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB "
    "AL AM AU BA KH CA CR GE GH IL JP XK KR MX MD ME NZ NG NO PH RS CH TH TR UA US VN"
).split()


@pytest.fixture(scope="module")
def real():
    return load_registry(REPO_REGISTRY)


@pytest.mark.registry_data
def test_the_real_registry_has_all_55_alliance_countries(real):
    assert len(ALLIANCE) == 55
    assert sorted(real.countries) == sorted(ALLIANCE)
    assert list(real.countries) == sorted(real.countries)


@pytest.mark.registry_data
def test_paper_is_letter_only_for_the_americas_and_philippines(real):
    letter = {code for code, country in real.countries.items() if country.paper == "Letter"}
    assert letter == {"US", "CA", "MX", "CR", "PH"}


@pytest.mark.registry_data
@pytest.mark.parametrize(
    "code, locales",
    [
        ("BE", ("nl_BE", "fr_BE", "de_BE")),
        ("CH", ("de_CH", "fr_CH", "it_CH")),
        ("FI", ("fi_FI", "sv_FI")),
        ("RS", ("sr_Cyrl_RS",)),
        ("ME", ("sr_Latn_ME",)),
        ("IL", ("he_IL", "ar_IL")),
        ("US", ("en_US", "es_US")),
        ("XK", ("sq_XK", "sr_Latn_XK")),
    ],
)
def test_locales_of_multilingual_and_serbian_countries(real, code, locales):
    assert real.country(code).locales == locales


@pytest.mark.registry_data
def test_kosovo(real):
    kosovo = real.country("XK")
    assert kosovo.display_name("sq_XK") == "Kosovë"
    assert kosovo.display_name("en") == "Kosovo"
    assert "no national hotline; reports go to NCMEC CyberTipline" in kosovo.gaps()
    assert "no child helpline" in kosovo.gaps()


@pytest.mark.registry_data
def test_every_edition_has_a_reporting_route_and_take_it_down(real):
    for country in real.countries.values():
        for locale in country.locales:
            kinds = {s.kind for s in country.printable_services(locale)}
            assert kinds & {"hotline", "police_tip_line"}, (country.code, locale)
            assert "take-it-down" in {s.id for s in country.printable_services(locale)}


@pytest.mark.registry_data
def test_every_country_prints_an_emergency_number_and_bosnia_never_112(real):
    without = {c.code for c in real.countries.values()
               if not any(s.kind == "emergency" for s in c.printable_services())}
    assert without == set()
    emergency = {c.code: s.phone for c in real.countries.values()
                 for s in c.printable_services() if s.kind == "emergency"}
    assert emergency["GB"] == "999" and emergency["US"] == "911" and emergency["BE"] == "112"
    # 112 is not in service in Bosnia and Herzegovina; the police is 122.
    assert emergency["BA"] == "122" and emergency["KR"] == "112" and emergency["KH"] == "1288"
    assert "112" not in {s.phone for s in real.country("BA").services}


@pytest.mark.registry_data
def test_gap_countries_get_the_cybertipline_but_no_unverified_portal(real):
    for code in ("AM", "CR", "GE", "MD", "ME", "XK"):
        country = real.country(code)
        printed = {s.id for s in country.printable_services()}
        assert "cybertipline" in printed and "iwf-icmec-portal" not in printed
        assert "iwf-icmec-portal" in {s.id for s in country.services}
        assert any(gap.startswith("no national hotline") for gap in country.gaps())


@pytest.mark.registry_data
def test_what_the_reference_marks_unverified_or_weak_is_kept_but_never_printed(real):
    for code, service_id in [
        ("NO", "kors-pa-halsen"), ("NZ", "whats-up"), ("FI", "nettivihje"),
        ("RS", "helpline-116111"), ("GH", "iwf-portal-ghana"), ("NG", "acsai"), ("ES", "incibe-hotline"),
    ]:
        country = real.country(code)
        service = next(s for s in country.services if s.id == service_id)
        assert not service.verified and service.note, (code, service_id)
        assert service not in country.printable_services()


@pytest.mark.registry_data
def test_reference_notes_are_respected(real):
    # 116 111 not operational in France and Italy (note 7).
    for code in ("FR", "IT"):
        assert "116 111" not in {s.phone for s in real.country(code).services}
    assert "119" in {s.phone for s in real.country("FR").printable_services()}
    # Slovenia: 116 111, not "111 116" (note 8).
    assert {s.phone for s in real.country("SI").services} >= {"116 111"}
    assert "111 116" not in {s.phone for s in real.country("SI").services}
    # Childhelp is counselling, not a reporting line (note 9).
    childhelp = next(s for s in real.country("US").services if s.id == "childhelp")
    assert childhelp.kind == "child_helpline" and childhelp.phone == "1-800-422-4453"
    # Language-specific lines print only in their language's edition.
    assert "swedish-child-line" in {s.id for s in real.country("FI").printable_services("sv_FI")}
    assert "swedish-child-line" not in {s.id for s in real.country("FI").printable_services("fi_FI")}


@pytest.mark.registry_data
def test_printed_web_addresses_have_no_scheme(real):
    for country in real.countries.values():
        for service in country.printable_services():
            if service.web:
                assert service.web.startswith("https://")
                assert "://" not in service.display_web
                assert not service.display_web.endswith("/")


# The research the registry was compiled from, where a checkout has it beside
# the repository: the first compilation and the update of 2026-12-02.
REFERENCE_DIR = REPO_REGISTRY.parent.parent / "shared" / "reference"
REFERENCES = [REFERENCE_DIR / "alliance-countries.md", REFERENCE_DIR / "services-2026-12.md"]


@pytest.mark.registry_data
@pytest.mark.skipif(not all(path.exists() for path in REFERENCES),
                    reason="shared reference not beside the repository")
def test_every_number_address_and_local_name_appears_verbatim_in_the_reference(real):
    """Guards against typos and invented facts: nothing is typed from memory."""
    reference = "\n".join(path.read_text(encoding="utf-8") for path in REFERENCES)
    # Host names are case-insensitive (the research writes AidezMoiSVP.ca); Hebrew
    # abbreviations are written with gershayim in the registry, '"' in the research.
    folded = reference.casefold()
    for owner, service in real.entries():
        where = (owner, service.id)
        for number in filter(None, (service.phone, service.sms)):
            assert number in reference, (*where, number)
        for address in filter(None, [service.web, service.chat, *dict(service.web_by_language).values()]):
            assert display_address(address).casefold() in folded, (*where, address)
        for name in dict(service.name_by_language).values():
            assert name.replace("\u05f4", '"') in reference, (*where, name)
        if service.sms_keyword:
            assert f"text {service.sms_keyword} to {service.sms}".casefold() in folded, where
