"""`campaign catalog …` end to end, through Click."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from campaign.commands.catalog import command
from campaign.po_files import po_path, pot_path, read_catalog, write_catalog
from campaign.project import Project
from helpers import CATALOG_FIXTURES, Locator, catalog_project, invoke

FIXTURES = CATALOG_FIXTURES
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return catalog_project(tmp_path)


def run(project: Project, *args: str):
    return invoke(command, project, *args)


def test_check_passes_when_there_are_no_catalogs(project):
    result = run(project, "check")
    assert result.exit_code == 0 and "No catalogs yet" in result.output


def test_workflow_and_check_exit_codes(project):
    assert run(project, "extract").exit_code == 0
    assert pot_path(project).is_file()
    assert run(project, "extract", "--check").exit_code == 0
    result = run(project, "init", "de")
    assert result.exit_code == 0 and "locales/de/LC_MESSAGES/leaflets.po" in result.output
    assert run(project, "update", "--check").exit_code == 0
    assert run(project, "check").exit_code == 0

    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Help in %(country)s").string = "Hilfe in Deutschland"
    catalog.get("Staying safe online").string = "Sicher  im Netz"
    write_catalog(path, catalog)
    result = run(project, "check", "de")
    assert result.exit_code == 1
    assert "locales/de/LC_MESSAGES/leaflets.po: line" in result.output
    assert "error: [placeholders] de:" in result.output and "warning: [whitespace] de:" in result.output
    assert "1 error(s), 1 warning(s)" in result.output

    (project.templates_dir / "teens.html").write_text("{% trans %}Brand new{% endtrans %}\n")
    assert run(project, "extract", "--check").exit_code == 1
    run(project, "extract")
    result = run(project, "update", "--check")
    assert result.exit_code == 1 and "OUT OF DATE" in result.output
    assert run(project, "update").exit_code == 0
    assert run(project, "update", "--check").exit_code == 0


def test_strict_fails_on_warnings(project):
    run(project, "extract")
    run(project, "init", "de")
    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Staying safe online").string = "Sicher im Netz "
    write_catalog(path, catalog)
    assert run(project, "check").exit_code == 0
    assert run(project, "check", "--strict").exit_code == 1


def test_malformed_catalog_is_reported_and_others_still_checked(project):
    run(project, "extract")
    run(project, "init", "de")
    run(project, "init", "fr")
    path = po_path(project, "fr")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "locales/fr/LC_MESSAGES/leaflets.po: line" in result.output and "[po-syntax] fr" in result.output
    assert "2 catalog(s) checked: 1 error(s)" in result.output
    stats = json.loads(run(project, "stats", "--format", "json").output)["catalogs"]
    assert [(row["catalog"], row["errors"]) for row in stats] == [("de", 0), ("fr", 1)]


def test_stats_table_and_json(project):
    run(project, "extract")
    run(project, "init", "de")
    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Staying safe online").string = "Sicher im Netz"
    catalog.get("Help in %(country)s").string = "Hilfe in %(country)s"
    catalog.get("Help in %(country)s").flags.add("fuzzy")
    write_catalog(path, catalog)
    table = run(project, "stats")
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split()[:4] == ["catalog", "translated", "fuzzy", "untransl."]
    assert table.output.splitlines()[1].split()[:4] == ["de", "1/9", "1", "7"]
    [row] = json.loads(run(project, "stats", "--format", "json").output)["catalogs"]
    assert (row["translated"], row["fuzzy"], row["untranslated"]) == (1, 1, 7)
    assert row["review_status"] == "draft" and row["ready_to_print"] is False and row["reviewed"] == 0
    assert set(row["leaflets"]) == {"children", "teens", "parents"}


def test_init_rejects_unknown_locale(project):
    run(project, "extract")
    result = run(project, "init", "xx_YY")
    assert result.exit_code == 1 and "not a locale" in result.output


def test_review_sheet_writes_a_pdf(project):
    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    run(project, "extract")
    run(project, "init", "he")
    path = po_path(project, "he")
    catalog, _ = read_catalog(path, "he")
    catalog.get("Staying safe online").string = "שומרים על עצמנו ברשת"
    write_catalog(path, catalog)
    output = project.root / "sheet.pdf"
    result = run(project, "review-sheet", "he", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")


def test_review_sheet_html_sets_lang_and_dir(project):
    from campaign.review_sheet import render_review_sheet

    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    run(project, "extract")
    run(project, "init", "he")
    html, count = render_review_sheet(project, "he")
    assert count == 9
    assert 'class="translation" lang="he" dir="rtl"' in html
    assert "title of the leaflet for children." in html  # translator comment
    assert "children leaflet (children.html)" in html


def test_extract_works_on_the_real_templates(tmp_path):
    """The project's own templates parse and give messages (the POT itself is not written here)."""
    from campaign.catalog_workflow import extract_template

    shutil.copytree(REPOSITORY / "templates", tmp_path / "templates")
    (tmp_path / "locales").mkdir()
    template = extract_template(Project(tmp_path))
    assert len(template) > 20
    assert all(not location.startswith("review-sheet/")
               for message in template for location, _ in message.locations)


# -- reviews -----------------------------------------------------------------------


def german_with_three_translations(project: Project) -> Path:
    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    run(project, "extract")
    run(project, "init", "de")
    path = po_path(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Draft translation, not yet reviewed.").string = "Entwurf, noch nicht geprüft."
    catalog.get("Staying safe online").string = "Sicher im Netz"
    catalog.get("Help in %(country)s").string = "Hilfe in %(country)s"
    write_catalog(path, catalog)
    return path


def review(project: Project, *args: str, input: str | None = None):
    return CliRunner().invoke(command, ["review", "de", "--reviewer", "Ana <ana@example.org>",
                                        "--date", "2026-11-20", *args], obj=Locator(project), input=input)


def reviewed_msgids(project: Project) -> set[str]:
    from campaign.reviews import read_reviews

    return {msgid for _, msgid in read_reviews(project, "de")}


def test_review_from_the_sheets_codes(project):
    from campaign.review_sheet import render_review_sheet

    german_with_three_translations(project)
    html, _ = render_review_sheet(project, "de")
    codes = re.findall(r'<span class="box">☐</span> <code>([0-9a-f]{8})</code>', html)
    assert len(codes) == 3  # one box per translated, unreviewed message
    result = review(project, "--codes", ",".join(codes[1:]))
    assert result.exit_code == 0, result.output
    assert "Recorded 2 review(s)" in result.output and "1 message(s) still unreviewed" in result.output
    assert reviewed_msgids(project) == {"Staying safe online", "Help in %(country)s"}
    html, _ = render_review_sheet(project, "de")
    assert "3 translated (2 reviewed)" in html and "reviewed by Ana &lt;ana@example.org&gt; on 2026-11-20" in html
    [row] = json.loads(run(project, "stats", "--format", "json").output)["catalogs"]
    assert row["reviewed"] == 2 and row["reviewed_share"] == round(200 / 3, 1)
    assert "67%" in run(project, "stats").output


def test_a_code_for_text_that_changed_since_the_sheet_is_refused(project):
    from campaign.review_sheet import render_review_sheet

    path = german_with_three_translations(project)
    html, _ = render_review_sheet(project, "de")
    catalog, _ = read_catalog(path, "de")
    catalog.get("Staying safe online").string = "Sicher online"
    write_catalog(path, catalog)
    codes = re.findall(r"<code>([0-9a-f]{8})</code>", html)
    result = review(project, "--codes", " ".join(codes))
    assert result.exit_code == 1 and "the text changed since the review sheet was made" in result.output
    assert reviewed_msgids(project) == set()  # nothing recorded


def test_review_by_rows_msgid_all_and_refusals(project):
    german_with_three_translations(project)
    assert review(project, "--rows", "2").exit_code == 0
    assert reviewed_msgids(project) == {"Staying safe online"}
    assert "row 3 is not translated" in review(project, "--rows", "1-3").output
    assert "outside the sheet's rows 1-9" in review(project, "--rows", "10").output
    assert review(project, "--msgid", "Help in %(country)s").exit_code == 0
    assert "no translated message has the English" in review(project, "--msgid", "Nope").output
    assert "say which messages" in review(project).output
    result = review(project, "--all")
    assert result.exit_code == 0 and "0 message(s) still unreviewed" in result.output


def test_interactive_review_asks_for_each_unreviewed_message(project):
    german_with_three_translations(project)
    result = review(project, "--interactive", input="y\nn\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1/3] Draft translation, not yet reviewed." in result.output
    assert reviewed_msgids(project) == {"Draft translation, not yet reviewed."}
