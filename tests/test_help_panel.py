"""The help panel as printed: categories, text and chat routes, names in the
reader's language, and the confirmation line, read back from built PDFs."""

import datetime
import re
import subprocess

import pytest
from babel.dates import format_date
from click.testing import CliRunner

from campaign.cli import main
from campaign.content import group_by_kind, service_views
from campaign.po_files import po_path, read_catalog
from campaign.registry import load_registry
from conftest import confirm_contacts, copy_project

# Every test here reads facts of the live registry (names, numbers, categories).
pytestmark = pytest.mark.registry_data

UNCONFIRMED = "Contact details not yet confirmed with the services."


def run_build(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), "build", *args])


def pdf_text(path) -> str:
    """The PDF's text with lines joined, as a reader reads it."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.fixture(scope="module")
def unconfirmed(tmp_path_factory):
    """The real registry (nothing confirmed yet), a few editions built once."""
    project = copy_project(tmp_path_factory.mktemp("unconfirmed"))
    result = run_build(project, "--country", "CA", "--country", "AU", "--country", "GB",
                       "--country", "NL", "--country", "DE", "--country", "FR",
                       "--audience", "teens", "--audience", "parents")
    assert result.exit_code == 0, result.output
    return project


def text_of(project, edition: str) -> str:
    return pdf_text(project.output_dir / f"{edition}.pdf")


def test_french_canada_prints_the_french_names_and_addresses(unconfirmed):
    french = text_of(unconfirmed, "CA/fr_CA/teens")
    for name in ("Cyberaide.ca", "Jeunesse, J'écoute", "AidezMoiSVP.ca",
                 "9-8-8 : Ligne d'aide en cas de crise de suicide"):
        assert name in french, name
    assert "Kids Help Phone" not in french and "Cybertip.ca" not in french
    english = text_of(unconfirmed, "CA/en_CA/teens")
    assert "Kids Help Phone" in english and "Cybertip.ca" in english
    assert "Jeunesse, J'écoute" not in english


def test_australia_prints_its_national_routes_not_the_us_fallback(unconfirmed):
    text = text_of(unconfirmed, "AU/en_AU/parents")
    assert "esafety.gov.au/report" in text and "accce.gov.au/report" in text
    assert "cybertip.org" not in text


def test_a_crisis_line_and_text_routes_print_for_teens_and_parents(unconfirmed):
    teens = text_of(unconfirmed, "GB/en_GB/teens")
    assert "Feeling like you can't cope?" in teens
    assert "Shout" in teens and "By text message: SHOUT to 85258" in teens
    parents = text_of(unconfirmed, "GB/en_GB/parents")
    assert "Crisis line" in parents
    assert "Samaritans" in parents and "116 123" in parents
    canada = text_of(unconfirmed, "CA/en_CA/teens")
    assert "By text message: CONNECT to 686868" in canada and "By text message: 988" in canada
    netherlands = text_of(unconfirmed, "NL/nl_NL/parents")
    assert "113 Zelfmoordpreventie" in netherlands and "113.nl" in netherlands


def test_a_name_that_is_its_address_prints_once(unconfirmed):
    text = text_of(unconfirmed, "DE/de_DE/parents")
    assert text.count("jugendschutz.net") == 1


def test_a_name_that_is_its_phone_number_prints_once(unconfirmed):
    """France's suicide prevention line is called 3114 and answers on 3114;
    a name that is not a number stays (NL's "113 Zelfmoordpreventie")."""
    text = text_of(unconfirmed, "FR/fr_FR/parents")
    assert text.count("3114") == 1
    assert "113 Zelfmoordpreventie" in text_of(unconfirmed, "NL/nl_NL/parents")


def test_unconfirmed_contacts_print_the_note_and_release_refuses_them(unconfirmed):
    text = text_of(unconfirmed, "GB/en_GB/teens")
    assert UNCONFIRMED in text and "Contact details confirmed:" not in text
    result = run_build(unconfirmed, "--country", "GB", "--audience", "teens", "--release")
    assert result.exit_code != 0
    assert "not confirmed for release" in result.output
    assert "childline (Childline): not yet confirmed with the service" in result.output


@pytest.fixture(scope="module")
def confirmed(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("confirmed"))
    confirm_contacts(project, ["LV", "GE", "GB"], datetime.date(2026, 11, 22))
    return project


@pytest.mark.parametrize("edition, locale", [("LV/lv_LV/parents", "lv_LV"),
                                             ("GE/ka_GE/parents", "ka_GE")])
def test_the_confirmation_date_stands_alone_in_latvian_and_georgian(confirmed, edition, locale):
    """Issue 19 item 10: the date is outside the sentence, in the form it has on its own."""
    result = run_build(confirmed, "--country", edition[:2], "--locale", locale,
                       "--audience", "parents")
    assert result.exit_code == 0, result.output
    text = pdf_text(confirmed.output_dir / f"{edition}.pdf")
    date = format_date(datetime.date(2026, 11, 22), "long", locale=locale)
    assert confirmation_line(confirmed, locale) % {"date": date} in text, text[-300:]
    assert UNCONFIRMED not in text


def confirmation_line(project, locale: str) -> str:
    """The confirmation line in the edition's language (English while untranslated)."""
    catalog, _ = read_catalog(po_path(project, locale.split("_")[0]), locale)
    message = catalog.get("Contact details confirmed: %(date)s")
    return message.string if message and message.string and not message.fuzzy else message.id


def test_release_accepts_recent_confirmations_and_refuses_old_ones(tmp_path):
    project = copy_project(tmp_path)
    recent = datetime.date.today() - datetime.timedelta(days=30)
    confirm_contacts(project, ["GB"], recent)
    result = run_build(project, "--country", "GB", "--audience", "teens", "--release")
    assert result.exit_code == 0, result.output
    text = pdf_text(project.output_dir / "GB/en_GB/teens.pdf")
    date = format_date(recent, "long", locale="en_GB")
    assert f"Contact details confirmed: {date}" in text and UNCONFIRMED not in text
    # A confirmation older than 12 months no longer counts for release.
    old = datetime.date.today() - datetime.timedelta(days=400)
    gb = project.registry_dir / "countries" / "GB.toml"
    gb.write_text(gb.read_text(encoding="utf-8").replace(
        f"confirmed = {recent.isoformat()}", f"confirmed = {old.isoformat()}", 1), encoding="utf-8")
    result = run_build(project, "--country", "GB", "--audience", "teens", "--release")
    assert result.exit_code != 0
    assert f"confirmed on {old.isoformat()}, over 12 months ago" in result.output


# -- the view the template gets (no PDF needed) ----------------------------------


@pytest.fixture(scope="module")
def registry(project):
    return load_registry(project.registry_dir)


def test_every_registry_crisis_line_reaches_the_teens_and_parents_leaflets(registry):
    editions_with_one = 0
    for country in registry.countries.values():
        for locale in country.locales:
            crisis = {s.name_in(locale.split("_")[0]) for s in country.printable_services(locale)
                      if s.kind == "crisis_line"}
            if not crisis:
                continue
            editions_with_one += 1
            # A line named by its number (France's 3114) prints the number only.
            shown = {audience: {v.name or " / ".join(v.phones)
                                for v in service_views(country, locale, audience)
                                if v.kind == "crisis_line"} for audience in ("teens", "parents")}
            assert shown["teens"] and shown["parents"], (country.code, locale)
            assert shown["teens"] | shown["parents"] == crisis, (country.code, locale)
    assert editions_with_one >= 40


def test_missing_children_lines_have_their_own_category(registry):
    for code in ("BE", "GR", "AL"):
        kinds = {s.kind for s in registry.country(code).services if s.phone == "116 000"}
        assert kinds == {"missing_children"}, code
    views = service_views(registry.country("GR"), "el_GR", "teens")
    talk = next(group for kind, group in group_by_kind(views) if kind == "child_helpline")
    assert "116 000" not in {phone for view in talk for phone in view.phones}


def test_one_services_numbers_share_one_entry(registry):
    views = service_views(registry.country("GR"), "el_GR", "parents")
    [(kind, [smile])] = [(k, g) for k, g in group_by_kind(views) if k == "child_helpline"]
    assert smile.name == "Το Χαμόγελο του Παιδιού" and smile.phones == ("1056", "116 111")
