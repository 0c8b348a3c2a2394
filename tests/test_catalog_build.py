"""What the build does with catalogs: refuses hostile ones, reports messages
printed in English, prints the draft line and refuses --release per leaflet."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from campaign import reviews
from campaign.catalog_checks import is_translated
from campaign.cli import main
from campaign.po_files import message_key, po_path, read_catalog, write_catalog
from conftest import confirm_contacts, copy_project

DRAFT_LINE = "Traduction provisoire, pas encore relue."
DATED = "Contact details confirmed: %(date)s"  # a message with a placeholder


def run_build(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), "build", "--country", "FR", *args])


def french(project):
    return read_catalog(po_path(project, "fr"), "fr", project)[0]


def only_on(catalog, leaflet: str):
    """A translated message that appears on one leaflet only (its template)."""
    return next(m for m in catalog if m.id and is_translated(m) and not m.fuzzy
                and [location for location, _ in m.locations] == [f"{leaflet}.html"])


def review_everything(project) -> None:
    catalog = french(project)
    keys = [message_key(m) for m in catalog if m.id and is_translated(m) and not m.fuzzy]
    reviews.record_reviews(project, "fr", catalog, keys, "Anne Martin <anne@example.org>", "2026-12-01")


def html(project, audience: str) -> str:
    # Without the no-break spaces the build puts between a message's last words.
    text = (project.output_dir / "FR" / "fr_FR" / f"{audience}.html").read_text(encoding="utf-8")
    return text.replace("\xa0", " ")


@pytest.fixture
def project(tmp_path):
    """A copy of the project whose French catalog translates every message and
    whose French contact details are confirmed: the starting point of a release,
    so each test below changes one thing. (Messages new in the templates stay
    untranslated until their translation pass; here they keep their English.)"""
    project = copy_project(tmp_path)
    catalog = french(project)
    for message in catalog:
        if message.id and not is_translated(message):
            message.string = message.id
            message.flags.discard("fuzzy")
    write_catalog(po_path(project, "fr"), catalog)
    confirm_contacts(project, ["FR"])
    return project


@pytest.mark.parametrize("hostile, check", [
    ("Vérifié le %(date)d.", "placeholders"),  # was a traceback in the build
    ("Vérifié le %(date)2000000s.", "placeholders"),  # was a hang
    ("Vérifié le \u202e%(date)s.", "bidi-control"),  # printed the date mirrored
    ("Vérifié le %(date)s. Appelez le 06.12.34.56.78.", "added-fact"),
    ("\u200b", "prints-nothing"),
])
def test_the_build_refuses_a_hostile_catalog_naming_file_and_line(project, hostile, check):
    catalog = french(project)
    message = catalog.get(DATED)
    message.string = hostile
    write_catalog(po_path(project, "fr"), catalog)
    line = next(number for number, text in enumerate(po_path(project, "fr").read_text().splitlines(), 1)
                if text.startswith(f'msgid "{DATED}'))
    result = run_build(project, "--audience", "parents")
    assert result.exit_code == 1
    assert "Built 0, failed 1" in result.output
    assert f"locales/fr/LC_MESSAGES/leaflets.po: line {line}: error: [{check}] fr" in result.output
    assert not (project.output_dir / "FR" / "fr_FR" / "parents.pdf").exists()


def test_messages_printed_in_english_are_reported_per_edition(project):
    catalog = french(project)
    untranslated, fuzzy = only_on(catalog, "parents"), only_on(catalog, "children")
    untranslated.string = ""
    fuzzy.flags.add("fuzzy")
    write_catalog(po_path(project, "fr"), catalog)
    result = run_build(project, "--audience", "parents", "--audience", "children")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "print in English" in line]
    assert len(notes) == 2
    parents = next(n for n in notes if "FR/fr_FR/parents" in n)
    children = next(n for n in notes if "FR/fr_FR/children" in n)
    assert "1 message(s)" in parents and untranslated.id[:30] in parents
    assert "1 message(s)" in children and fuzzy.id[:30] in children


def test_draft_line_and_release_follow_the_reviews_of_each_leaflet(project):
    result = run_build(project, "--audience", "parents", "--release")
    assert result.exit_code == 1 and "not reviewed" in result.output

    review_everything(project)
    result = run_build(project, "--audience", "parents", "--audience", "children", "--release", "--html")
    assert result.exit_code == 0, result.output
    assert DRAFT_LINE not in html(project, "parents") and DRAFT_LINE not in html(project, "children")

    # One children's message edited after the review: only the children's leaflet is a draft again.
    catalog = french(project)
    only_on(catalog, "children").string += " !"
    write_catalog(po_path(project, "fr"), catalog)
    result = run_build(project, "--audience", "parents", "--audience", "children", "--html")
    assert result.exit_code == 0, result.output
    assert DRAFT_LINE in html(project, "children") and DRAFT_LINE not in html(project, "parents")
    result = run_build(project, "--audience", "children", "--release")
    assert result.exit_code == 1 and "FAILED FR/fr_FR/children" in result.output
    result = run_build(project, "--audience", "parents", "--release", "--force")
    assert result.exit_code == 0, result.output
