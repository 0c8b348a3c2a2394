"""Every message says where it is printed (issue 16, item 5): leaflet(s), panel
and role, derived from the templates; msgctxt where the same English is
printed for two audiences; the review sheet and stats use the same places."""

from __future__ import annotations

import pytest

from campaign import catalog_workflow as workflow
from campaign.catalog_stats import measure_catalogs
from campaign.message_places import Place, template_places
from campaign.po_files import po_path, pot_path, read_catalog, write_catalog
from campaign.project import Project
from campaign.review_sheet import sheet_rows
from conftest import REPO_ROOT
from helpers import catalog_project

REAL = Project(REPO_ROOT)


@pytest.fixture(scope="module")
def template():
    return read_catalog(pot_path(REAL), None, REAL)[0]


def test_every_message_of_the_template_says_where_it_is_printed(template):
    for message in template:
        if message.id:
            assert any(c.startswith("Where: ") for c in message.auto_comments), message.id


def test_list_items_name_the_sentence_they_complete(template):
    places = template_places(REAL.templates_dir, "children.html")
    described = [place.describe() for items in places.values() for text, place in items
                 if text == "asks you to keep a secret"]
    assert described == ["Where: children's leaflet, inside panel 1 (“People online”): list item, completing "
                         "the sentence “Tell a trusted grown-up if someone online:”."]


def test_help_panel_messages_are_on_their_own_leaflets(template):
    places = {text: place for items in template_places(REAL.templates_dir, "partials/help_panel.html").values()
              for text, place in items}
    assert places["Talk to someone who can help"].leaflets == ("children",)
    assert places["Where to get help"].leaflets == ("children", "teens", "parents")
    assert places["Where to get help"].role == "panel heading"
    assert places["Also report the account in the app, game or site where it happened."].leaflets in (
        ("teens",), ("parents",))


def test_the_same_english_for_two_audiences_has_a_context(template):
    contexts = {m.context for m in template if m.id == "Report to the police"}
    assert contexts == {"teens", "parents"}
    contexts = {m.context for m in template if m.id == "Also report the account in the app, game or site where it happened."}
    assert contexts == {"teens", "parents"}


def test_review_sheet_names_the_right_leaflet():
    catalog, _ = read_catalog(po_path(REAL, "fr"), "fr", REAL)
    rows = {row["source"][0]["text"]: row for row in sheet_rows(REAL, "fr", catalog, [])}
    assert rows["Talk to someone who can help"]["where"].startswith("children leaflet")
    assert rows["Where to get help"]["where"].startswith("all leaflets")
    assert any("Where: children's leaflet, back panel" in c for c in rows["Talk to someone who can help"]["comments"])


def test_a_new_context_keeps_the_translation_and_stats_count_each_leaflet(tmp_path):
    project = catalog_project(tmp_path)
    help_panel = project.templates_dir / "partials" / "help.html"
    help_panel.write_text(help_panel.read_text() + '{% if audience == "children" %}'
                          "{% trans %}Ask a grown-up{% endtrans %}{% endif %}\n")
    workflow.extract_messages(project)
    workflow.init_catalog(project, "de")
    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Call Childline on 116 111 or visit www.childline.org.uk.").string = \
        "Ruf Childline unter 116 111 an oder besuche www.childline.org.uk."
    write_catalog(path, catalog)
    help_panel.write_text(help_panel.read_text().replace(
        "{% trans %}Call Childline on 116 111 or visit www.childline.org.uk.{% endtrans %}",
        '{{ pgettext("parents", "Call Childline on 116 111 or visit www.childline.org.uk.") }}'))
    workflow.extract_messages(project)
    workflow.update_catalogs(project)
    catalog, _ = read_catalog(path, "de")
    moved = catalog.get("Call Childline on 116 111 or visit www.childline.org.uk.", "parents")
    assert moved.string.startswith("Ruf Childline") and not moved.fuzzy
    [stats] = measure_catalogs(project).catalogs
    # "Ask a grown-up" is on the children's leaflet only: the others stay complete where translated.
    placed = workflow.message_leaflets(project)
    assert placed[(None, "Ask a grown-up")] == {"children"}
    assert stats.leaflets["children"] < 100.0


def test_a_place_describes_one_two_or_every_leaflet():
    assert Place(("teens", "parents"), "back panel", "line").describe() == \
        "Where: young people's and parents' leaflets, back panel: line."
    assert Place(("children", "teens", "parents"), "", "heading").describe() == "Where: every leaflet: heading."
