"""`campaign catalog …` through Click: one test per command, for what it prints
and its exit codes. What the commands do is tested on the library calls under
them (tests/test_catalog_library.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from campaign.commands.catalog import command
from campaign.project import Project
from helpers import Locator, catalog_project, invoke, set_translations

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return catalog_project(tmp_path)


def run(project: Project, *args: str):
    return invoke(command, project, *args)


def test_extract(project):
    assert run(project, "extract", "--check").output == "locales/leaflets.pot is OUT OF DATE (9 messages)\n"
    assert run(project, "extract", "--check").exit_code == 1
    result = run(project, "extract")
    assert (result.exit_code, result.output) == (0, "Wrote locales/leaflets.pot (9 messages)\n")
    assert run(project, "extract").output == "Unchanged: locales/leaflets.pot (9 messages)\n"
    result = run(project, "extract", "--check")
    assert (result.exit_code, result.output) == (0, "locales/leaflets.pot is up to date (9 messages)\n")


def test_init(project):
    run(project, "extract")
    result = run(project, "init", "de")
    assert (result.exit_code, result.output) == (0, "Wrote locales/de/LC_MESSAGES/leaflets.po\n")
    result = run(project, "init", "de-CH")
    assert result.output == "Wrote locales/de_CH/LC_MESSAGES/leaflets.po (falls back to de)\n"
    result = run(project, "init", "xx_YY")
    assert result.exit_code == 1 and result.output.startswith("Error: 'xx_YY' is not a locale")


def test_update(project):
    run(project, "extract")
    assert run(project, "update").output == "No catalogs yet; start one with `campaign catalog init LOCALE`.\n"
    run(project, "init", "de")
    result = run(project, "update", "--check")
    assert (result.exit_code, result.output) == (0, "locales/de/LC_MESSAGES/leaflets.po: up to date\n")
    (project.templates_dir / "teens.html").write_text("{% trans %}Brand new{% endtrans %}\n")
    run(project, "extract")
    result = run(project, "update", "--check")
    assert (result.exit_code, result.output) == (1, "locales/de/LC_MESSAGES/leaflets.po: OUT OF DATE\n")
    result = run(project, "update", "de")
    assert (result.exit_code, result.output) == (0, "locales/de/LC_MESSAGES/leaflets.po: updated\n")


def test_stats_table_and_json(project):
    run(project, "extract")
    assert run(project, "stats").output == "No catalogs yet.\n"
    run(project, "init", "de")
    run(project, "init", "de_CH")
    set_translations(project, "de", {"Staying safe online": "Sicher im Netz"})
    table = run(project, "stats")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["catalog", "translated", "fuzzy", "untransl.", "obsolete",
                                "children", "teens", "parents", "reviewed", "errors", "ready"]
    assert lines[1].split()[:2] == ["de", "1/9"]
    assert lines[2].split()[:4] == ["de_CH", "(→de)", "1/9", "(0"]  # "1/9 (0 own)": inherited from de
    assert lines[1].split()[-3:] == ["0%", "0", "no"]
    rows = json.loads(run(project, "stats", "de", "--format", "json").output)["catalogs"]
    assert [(row["catalog"], row["translated"]) for row in rows] == [("de", 1)]


def test_check(project):
    assert run(project, "check").output == "No catalogs yet; nothing to check.\n"
    run(project, "extract")
    run(project, "init", "de")
    assert run(project, "check").output == "1 catalog(s) checked: 0 error(s), 0 warning(s)\n"
    set_translations(project, "de", {"Help in %(country)s": "Hilfe in Deutschland",
                                     "Staying safe online": "Sicher im Netz "})
    result = run(project, "check", "de", "fr")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert all(line.startswith("locales/de/LC_MESSAGES/leaflets.po: line") for line in lines[:2])
    assert any("error: [placeholders] de:" in line for line in lines[:2])
    assert any("warning: [whitespace] de:" in line for line in lines[:2])
    assert lines[2] == "fr: error: no catalog at locales/fr/LC_MESSAGES/leaflets.po"
    assert lines[3] == "2 catalog(s) checked: 2 error(s), 1 warning(s)"
    set_translations(project, "de", {"Help in %(country)s": "Hilfe in %(country)s"})
    assert run(project, "check").exit_code == 0
    assert run(project, "check", "--strict").exit_code == 1


def test_review_sheet(project):
    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    run(project, "extract")
    run(project, "init", "he")
    result = run(project, "review-sheet", "he", "-o", str(project.root / "sheet.pdf"))
    assert (result.exit_code, result.output) == (0, "Wrote sheet.pdf (9 messages)\n")
    assert (project.root / "sheet.pdf").read_bytes().startswith(b"%PDF")
    result = run(project, "review-sheet", "fr")
    assert (result.exit_code, result.output) == (1, "Error: no catalog for fr at locales/fr/LC_MESSAGES/leaflets.po\n")


def test_transliterate(project):
    run(project, "extract")
    run(project, "init", "sr")
    result = run(project, "transliterate", "sr", "sr_Latn", "--check")
    assert (result.exit_code, result.output) == (
        1, "locales/sr_Latn/LC_MESSAGES/leaflets.po is OUT OF DATE "
           "(9 messages from locales/sr/LC_MESSAGES/leaflets.po)\n")
    result = run(project, "transliterate", "sr", "sr_Latn")
    assert (result.exit_code, result.output) == (
        0, "Wrote locales/sr_Latn/LC_MESSAGES/leaflets.po (9 messages from locales/sr/LC_MESSAGES/leaflets.po)\n")
    assert run(project, "transliterate", "sr", "sr_Latn").output.startswith("Unchanged: locales/sr_Latn/")
    assert run(project, "transliterate", "sr", "sr_Latn", "--check").exit_code == 0
    result = run(project, "transliterate", "sr_Latn", "sr")
    assert result.exit_code == 1 and "is not a Serbian Cyrillic catalog" in result.output


def test_review(project):
    run(project, "extract")
    run(project, "init", "de")
    set_translations(project, "de", {"Staying safe online": "Sicher im Netz",
                                     "Help in %(country)s": "Hilfe in %(country)s"})

    def review(*args: str, input: str | None = None):
        return CliRunner().invoke(command, ["review", "de", "--reviewer", "Ana <ana@example.org>",
                                            "--date", "2026-11-20", *args], obj=Locator(project), input=input)

    result = review("--interactive", input="y\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1/2] Staying safe online\n   → Sicher im Netz\napprove? [y]es / [n]o / [q]uit [n]: y" in result.output
    assert result.output.endswith("Recorded 1 review(s) by Ana <ana@example.org> on 2026-11-20 in "
                                  "locales/de/reviews.json; 1 message(s) still unreviewed\n")
    result = review()
    assert result.exit_code == 1 and "Error: say which messages were approved" in result.output
