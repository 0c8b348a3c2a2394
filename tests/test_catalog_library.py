"""The library calls under `campaign catalog …`, asserted on their reports.

tests/test_catalog_cli.py checks how the command line prints these reports
and which exit codes it gives.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from campaign.catalog_checks import check_catalogs
from campaign.catalog_review import Selection, review_messages
from campaign.catalog_stats import measure_catalogs
from campaign.catalog_workflow import extract_messages, extract_template, init_catalog, update_catalogs
from campaign.errors import CampaignError
from campaign.po_files import po_path, pot_path, read_catalog, write_catalog
from campaign.project import Project
from campaign.review_sheet import render_review_sheet, write_review_sheet
from campaign.reviews import read_reviews
from helpers import catalog_project, set_translations

REPOSITORY = Path(__file__).resolve().parents[1]
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return catalog_project(tmp_path)


def test_no_catalogs_means_nothing_to_check(project):
    report = check_catalogs(project)
    assert report.catalogs == [] and report.passed(strict=True)


def test_extract_init_update_reports(project):
    report = extract_messages(project)
    assert (report.path, report.changed, report.note) == (pot_path(project), True, "9 messages")
    again = extract_messages(project, check_only=True)
    assert not again.changed and not again.out_of_date and pot_path(project).is_file()

    started = init_catalog(project, "de-CH")
    assert started.path == po_path(project, "de_CH") and started.changed and started.note == ""
    assert update_catalogs(project, check_only=True).out_of_date == []

    (project.templates_dir / "teens.html").write_text("{% trans %}Brand new{% endtrans %}\n")
    stale = extract_messages(project, check_only=True)
    assert stale.out_of_date and "Brand new" not in pot_path(project).read_text()
    extract_messages(project)
    checked = update_catalogs(project, ["de_CH"], check_only=True)
    assert [file.path for file in checked.out_of_date] == [po_path(project, "de_CH")]
    assert "Brand new" not in po_path(project, "de_CH").read_text()  # check_only writes nothing
    updated = update_catalogs(project)
    assert [(file.changed, file.out_of_date) for file in updated.files] == [(True, False)]
    assert update_catalogs(project, check_only=True).out_of_date == []


def test_init_rejects_unknown_locale(project):
    extract_messages(project)
    with pytest.raises(CampaignError, match="not a locale"):
        init_catalog(project, "xx_YY")


def test_check_counts_errors_and_warnings_per_catalog(project):
    extract_messages(project)
    init_catalog(project, "de")
    set_translations(project, "de", {"Help in %(country)s": "Hilfe in Deutschland",
                                     "Staying safe online": "Sicher  im Netz"})
    report = check_catalogs(project, ["de"], ("Childline",))
    [catalog] = report.catalogs
    assert (catalog.name, catalog.missing) == ("de", False)
    assert sorted(problem.check for problem in catalog.problems) == ["placeholders", "whitespace"]
    assert (report.errors, report.warnings) == (1, 1)
    assert not report.passed()


def test_warnings_fail_only_a_strict_check(project):
    extract_messages(project)
    init_catalog(project, "de")
    set_translations(project, "de", {"Staying safe online": "Sicher im Netz "})
    report = check_catalogs(project)
    assert (report.errors, report.warnings) == (0, 1)
    assert report.passed() and not report.passed(strict=True)


def test_a_locale_without_catalog_is_an_error(project):
    extract_messages(project)
    init_catalog(project, "de")
    report = check_catalogs(project, ["fr-BE", "de"])
    assert [(c.name, c.missing, c.errors) for c in report.catalogs] == [("fr_BE", True, 1), ("de", False, 0)]
    assert report.catalogs[0].path == po_path(project, "fr_BE")
    assert not report.passed()


def test_malformed_catalog_and_reviews_file_are_reported_and_others_still_checked(project):
    extract_messages(project)
    for name in ("de", "fr", "it"):
        init_catalog(project, name)
    path = po_path(project, "fr")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    (project.locales_dir / "it" / "reviews.json").write_text("{", encoding="utf-8")
    report = check_catalogs(project)
    assert [(c.name, c.errors) for c in report.catalogs] == [("de", 0), ("fr", 1), ("it", 1)]
    assert [p.check for p in report.catalogs[1].problems] == ["po-syntax"]
    assert [p.check for p in report.catalogs[2].problems] == ["reviews"]
    stats = measure_catalogs(project).catalogs
    assert [(row.catalog, row.errors, row.messages) for row in stats] == [("de", 0, 9), ("fr", 1, 0), ("it", 0, 9)]


def test_stats_report(project):
    extract_messages(project)
    init_catalog(project, "de")
    path = set_translations(project, "de", {"Staying safe online": "Sicher im Netz",
                                            "Help in %(country)s": "Hilfe in %(country)s"})
    catalog, _ = read_catalog(path, "de")
    catalog.get("Help in %(country)s").flags.add("fuzzy")
    write_catalog(path, catalog)
    report = measure_catalogs(project, ["DE"])
    [row] = report.catalogs
    assert (row.catalog, row.translated, row.fuzzy, row.untranslated) == ("de", 1, 1, 7)
    assert row.review_status == "draft" and row.ready_to_print is False and row.reviewed == 0
    assert set(row.leaflets) == {"children", "teens", "parents"}
    assert report.as_dict() == {"catalogs": [row.as_dict()]}


def test_review_sheet_report_and_default_path(project):
    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    extract_messages(project)
    init_catalog(project, "he")
    set_translations(project, "he", {"Staying safe online": "שומרים על עצמנו ברשת"})
    report = write_review_sheet(project, "he")
    assert report.path == project.output_dir / "review-sheets" / "he.pdf" and report.messages == 9
    assert report.path.read_bytes().startswith(b"%PDF")


def test_review_sheet_html_sets_lang_and_dir(project):
    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    extract_messages(project)
    init_catalog(project, "he")
    html, count = render_review_sheet(project, "he")
    assert count == 9
    assert 'class="translation" lang="he" dir="rtl"' in html
    assert "title of the leaflet for children." in html  # translator comment
    assert "children leaflet (children.html)" in html


def test_extract_works_on_the_real_templates(tmp_path):
    """The project's own templates parse and give messages (the POT itself is not written here)."""
    shutil.copytree(REPOSITORY / "templates", tmp_path / "templates")
    (tmp_path / "locales").mkdir()
    template = extract_template(Project(tmp_path))
    assert len(template) > 20
    assert all(not location.startswith("review-sheet/")
               for message in template for location, _ in message.locations)


# -- reviews -----------------------------------------------------------------------

REVIEWER = "Ana <ana@example.org>"


def german_with_three_translations(project: Project) -> Path:
    shutil.copytree(REPOSITORY / "templates" / "review-sheet", project.templates_dir / "review-sheet")
    extract_messages(project)
    init_catalog(project, "de")
    return set_translations(project, "de", {"Draft translation, not yet reviewed.": "Entwurf, noch nicht geprüft.",
                                            "Staying safe online": "Sicher im Netz",
                                            "Help in %(country)s": "Hilfe in %(country)s"})


def review(project: Project, **selection) -> object:
    return review_messages(project, "de", REVIEWER, Selection(**selection), DAY)


def reviewed_msgids(project: Project) -> set[str]:
    return {msgid for _, msgid in read_reviews(project, "de")}


def test_review_from_the_sheets_codes(project):
    german_with_three_translations(project)
    html, _ = render_review_sheet(project, "de")
    codes = re.findall(r'<span class="box">☐</span> <code>([0-9a-f]{8})</code>', html)
    assert len(codes) == 3  # one box per translated, unreviewed message
    report = review(project, codes=",".join(codes[1:]))
    assert sorted(msgid for _, msgid in report.recorded) == ["Help in %(country)s", "Staying safe online"]
    assert (report.reviewer, report.date, report.unreviewed) == (REVIEWER, "2026-11-20", 1)
    assert report.path == project.locales_dir / "de" / "reviews.json"
    assert reviewed_msgids(project) == {"Staying safe online", "Help in %(country)s"}
    html, _ = render_review_sheet(project, "de")
    assert "3 translated (2 reviewed)" in html and "reviewed by Ana &lt;ana@example.org&gt; on 2026-11-20" in html
    [row] = measure_catalogs(project).catalogs
    assert row.reviewed == 2 and row.reviewed_share == round(200 / 3, 1)


def test_a_code_for_text_that_changed_since_the_sheet_is_refused(project):
    german_with_three_translations(project)
    html, _ = render_review_sheet(project, "de")
    set_translations(project, "de", {"Staying safe online": "Sicher online"})
    codes = re.findall(r"<code>([0-9a-f]{8})</code>", html)
    with pytest.raises(CampaignError, match="the text changed since the review sheet was made"):
        review(project, codes=" ".join(codes))
    assert reviewed_msgids(project) == set()  # nothing recorded


def test_review_by_rows_msgid_all_and_refusals(project):
    german_with_three_translations(project)
    assert review(project, rows="2").unreviewed == 2
    assert reviewed_msgids(project) == {"Staying safe online"}
    for selection, refusal in [({"rows": "1-3"}, "row 3 is not translated"),
                               ({"rows": "10"}, "outside the sheet's rows 1-9"),
                               ({"msgids": ("Nope",)}, "no translated message has the English"),
                               ({}, "say which messages")]:
        with pytest.raises(CampaignError, match=re.escape(refusal)):
            review(project, **selection)
    assert len(review(project, msgids=("Help in %(country)s",)).recorded) == 1
    report = review(project, everything=True)
    assert report.unreviewed == 0 and reviewed_msgids(project) == {
        "Draft translation, not yet reviewed.", "Staying safe online", "Help in %(country)s"}


def test_interactive_review_asks_for_each_unreviewed_message(project):
    german_with_three_translations(project)
    asked, answers = [], iter("ynq")

    def ask(number, total, english, translation):
        asked.append((number, total, english))
        return next(answers)

    report = review(project, ask=ask)
    assert asked[0] == (1, 3, "Draft translation, not yet reviewed.") and len(asked) == 3
    assert [msgid for _, msgid in report.recorded] == ["Draft translation, not yet reviewed."]
    assert reviewed_msgids(project) == {"Draft translation, not yet reviewed."}


def test_review_date_defaults_to_today(project):
    german_with_three_translations(project)
    before = datetime.date.today().isoformat()
    report = review_messages(project, "de", REVIEWER, Selection(rows="2"))
    assert before <= report.date <= datetime.date.today().isoformat()
