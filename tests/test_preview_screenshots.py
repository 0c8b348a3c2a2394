"""`campaign catalog screenshots`: a highlighted picture of every message in
its panel, the mapping file, and the review sheet showing the pictures."""

import json

import pytest
from PIL import Image

from campaign.po_files import po_path, read_catalog
from campaign.commands.catalog import command as catalog_command
from campaign.preview.screenshot_map import FORMAT, pictures_by_message
from campaign.preview.screenshots import HIGHLIGHT_LINE
from campaign.review_sheet import render_review_sheet
from tests.helpers import invoke

CATALOG = "lt"  # one country (Lithuania): quick to lay out


@pytest.fixture(scope="module")
def screenshots(module_project_copy):
    result = invoke(catalog_command, module_project_copy, "screenshots", CATALOG)
    assert result.exit_code == 0, result.output
    folder = module_project_copy.output_dir / "screenshots" / CATALOG
    return module_project_copy, folder, json.loads((folder / "screenshots.json").read_text(encoding="utf-8"))


def test_every_printed_message_gets_a_picture(screenshots):
    project, folder, mapping = screenshots
    assert mapping["format"] == FORMAT and mapping["catalog"] == CATALOG
    assert mapping["po_file"] == f"locales/{CATALOG}/LC_MESSAGES/leaflets.po"
    lines = po_path(project, CATALOG).read_text(encoding="utf-8").splitlines()
    for entry in mapping["screenshots"]:
        assert (folder / entry["file"]).is_file()
        # The line is the message's msgid line in the PO file.
        assert lines[entry["line"] - 1].startswith(("msgid", "msgctxt"))
    pictured = {(entry["source"], entry["context"]) for entry in mapping["screenshots"]}
    assert ("People online", None) in pictured and ("Where to get help", None) in pictured
    without = {(entry["source"], entry["context"]) for entry in mapping["without_picture"]}
    assert ("QR code that opens %(address)s", None) in without  # alternative text: never laid out
    # Every message of the catalog once: with a picture or without.
    assert not pictured & without
    assert len(pictured) + len(without) == len(mapping["screenshots"]) + len(mapping["without_picture"])
    entries = [entry for entry in read_catalog(po_path(project, CATALOG), CATALOG)[0] if entry.id]
    assert len(pictured | without) == len(entries)
    assert sorted(path.name for path in folder.glob("*.png")) == sorted(e["file"] for e in mapping["screenshots"])


def test_a_picture_is_its_panel_with_the_message_framed(screenshots):
    _, folder, mapping = screenshots
    entry = next(e for e in mapping["screenshots"] if e["source"] == "People online")
    assert entry["panel"] == "inside left" and entry["page"] == 2
    image = Image.open(folder / entry["file"]).convert("RGB")
    width, height = image.size
    assert 1.9 < height / width < 2.3  # a tri-fold panel: a third of an A4 sheet, upright
    # The frame is drawn where the heading is: near the top of the panel.
    frame = HIGHLIGHT_LINE[:3]
    rows = [y for y in range(height) if any(image.getpixel((x, y)) == frame for x in range(0, width, 2))]
    assert rows and max(rows) < height * 0.2
    assert entry["focus"] == pytest.approx(100 * (min(rows) + max(rows)) / 2 / height, abs=2)


def test_the_review_sheet_shows_each_picture_beside_its_message(screenshots):
    project, folder, mapping = screenshots
    pictures = pictures_by_message(project, CATALOG)
    assert len(pictures) == len(mapping["screenshots"])
    html, _ = render_review_sheet(project, CATALOG)
    entry = next(e for e in mapping["screenshots"] if e["source"] == "People online")
    assert html.count('<img class="picture"') == len(mapping["screenshots"])
    assert (folder / entry["file"]).as_uri() in html


def test_an_unknown_catalog_is_one_clear_error(module_project_copy):
    result = invoke(catalog_command, module_project_copy, "screenshots", "xx")
    assert result.exit_code == 1
    assert "no catalog for xx at locales/xx/LC_MESSAGES/leaflets.po" in result.output
