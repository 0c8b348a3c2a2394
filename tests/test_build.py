"""End to end: build_editions turns registry + templates + catalogs into PDFs.

The tests call the library (pipeline.build_editions) and read its BuildReport;
one test checks how `campaign build` prints that report.
"""

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from campaign.cli import main
from campaign.editions import NothingSelected, Selection
from campaign.errors import CampaignError
from campaign.options import BuildOptions
from campaign.pipeline import build_editions
from helpers import pdf_text

AT_US = Selection(countries=("AT", "US"), audiences=("children", "parents"))
AT_US_KEYS = [
    "AT/de_AT/children", "AT/de_AT/parents",
    "US/en_US/children", "US/en_US/parents",
    "US/es_US/children", "US/es_US/parents",
]

# An entry the registry keeps but must never print (verified = false).
UNVERIFIED_SERVICE = """
[[services]]
id = "unconfirmed-line"
kind = "child_helpline"
name = "Unconfirmed Line"
phone = "0800 555 0199"
web = "https://unconfirmed-line.example.org"
serves = ["anyone"]
source = "a test fixture"
checked = 2026-11-22
verified = false
note = "Added by tests/test_build.py: not confirmed, so never printed."
"""


def build(project, selection, **options):
    run = {key: options.pop(key) for key in ("force", "jobs") if key in options}
    return build_editions(project, selection, BuildOptions(**options), **run)


def keys(results) -> list[str]:
    return sorted(result.edition.key for result in results)


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout


def pdf_catalog_lang(path) -> str:
    """The document language (/Lang), read from an uncompressed copy."""
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
                         capture_output=True, check=True).stdout
    return re.search(rb"/Lang \(([^)]*)\)", qdf).group(1).decode()


@pytest.fixture(scope="module", autouse=True)
def fixed_source_date():
    """The copies are not git checkouts, so their PDFs would be dated by the
    newest file: a test's edit would change every leaflet's date and so
    rebuild them all. A fixed date, as a release build sets, keeps the
    incremental tests about the input they change."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        yield


@pytest.fixture(scope="module")
def built(module_project_copy):
    """A project copy (with one unverified AT service added) and a few real
    editions built once for the tests below."""
    project = module_project_copy
    at_file = project.registry_dir / "countries" / "AT.toml"
    at_file.write_text(at_file.read_text() + UNVERIFIED_SERVICE)
    report = build(project, AT_US)
    assert report.ok, [result.error for result in report.failed]
    return project, report


def test_builds_every_selected_edition(built):
    project, report = built
    assert keys(report.built) == AT_US_KEYS
    assert report.failed == [] and report.up_to_date == []
    paths = sorted(p.relative_to(project.output_dir).as_posix()
                   for p in project.output_dir.rglob("*.pdf"))
    assert paths == [f"{key}.pdf" for key in AT_US_KEYS]
    assert all(result.path == project.output_dir / f"{result.edition.key}.pdf"
               for result in report.built)


@pytest.mark.registry_data
def test_help_panel_prints_the_registry_numbers(built):
    project, _ = built
    text = pdf_text(project.output_dir / "AT/de_AT/children.pdf")
    assert "147" in text  # Rat auf Draht, the Austrian child helpline
    assert "112" in text  # emergency number
    assert "takeitdown.ncmec.org" in text
    us_text = pdf_text(project.output_dir / "US/en_US/parents.pdf")
    assert "1-800-843-5678" in us_text  # NCMEC CyberTipline
    assert "911" in us_text


def test_title_page_size_and_language(built):
    project, _ = built
    at = project.output_dir / "AT/de_AT/children.pdf"
    info = pdf_info(at)
    assert "Pages:           2" in info
    assert "841.89 x 595.276 pts (A4)" in info
    assert pdf_catalog_lang(at) == "de-AT"
    us = project.output_dir / "US/en_US/parents.pdf"
    assert "792 x 612 pts (letter)" in pdf_info(us)
    assert pdf_catalog_lang(us) == "en-US"
    title = re.search(r"Title:\s+(.*)", pdf_info(us)).group(1)
    assert title in pdf_text(us).replace("\n", " ")


def test_unverified_entries_are_not_printed(built):
    project, _ = built
    from campaign.registry import load_registry

    services = {s.id: s for s in load_registry(project.registry_dir).country("AT").services}
    assert not services["unconfirmed-line"].verified
    for audience in ("children", "parents"):
        text = pdf_text(project.output_dir / f"AT/de_AT/{audience}.pdf")
        assert "147" in text  # a verified service of the same kind is printed
        assert "0800 555 0199" not in text and "Unconfirmed" not in text
        assert "unconfirmed-line.example.org" not in text


def test_no_change_rebuild_builds_nothing(built):
    project, _ = built
    before = (project.output_dir / "AT/de_AT/children.pdf").stat().st_mtime_ns
    report = build(project, AT_US)
    assert report.results == []
    assert [edition.key for edition in report.up_to_date] == AT_US_KEYS
    assert (project.output_dir / "AT/de_AT/children.pdf").stat().st_mtime_ns == before


def test_the_command_line_prints_the_report(built):
    project, _ = built
    result = CliRunner().invoke(main, [
        "--project", str(project.root), "build", "--country", "AT", "--country", "US",
        "--audience", "children", "--audience", "parents"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Built 0, failed 0, up to date 6. Leaflets are in output/\n")


def test_registry_change_rebuilds_only_that_country(built):
    project, _ = built
    at_file = project.registry_dir / "countries" / "AT.toml"
    at_file.write_text(at_file.read_text() + "\n# touched by a test\n")
    report = build(project, AT_US)
    assert report.ok
    assert keys(report.built) == ["AT/de_AT/children", "AT/de_AT/parents"]
    assert len(report.up_to_date) == 4


def test_html_option_writes_html(project_copy):
    report = build(project_copy, Selection(countries=("AT",), audiences=("teens",)),
                   write_html=True)
    assert keys(report.built) == ["AT/de_AT/teens"]
    html = (project_copy.output_dir / "AT/de_AT/teens.html").read_text()
    assert '<html lang="de-AT" dir="ltr"' in html
    # A build does not need the links (it parses the stylesheets once), a browser does.
    assert '<link rel="stylesheet" href="assets/leaflet.css">' in html


def test_language_without_catalog_uses_english_and_says_so(project_copy):
    shutil.rmtree(project_copy.locales_dir / "lb")  # Luxembourgish: now truly no catalog
    report = build(project_copy, Selection(locales=("lb_LU",), audiences=("parents",)))
    assert keys(report.built) == ["LU/lb_LU/parents"]
    assert report.notes == ["no catalog for lb_LU: English text used"]
    # (a heading may wrap: compare words, not lines)
    assert "Talk early, talk often" in " ".join(pdf_text(project_copy.output_dir / "LU/lb_LU/parents.pdf").split())


@pytest.mark.parametrize(
    "selection, message",
    [
        (Selection(countries=("ZZ",)), "unknown country ZZ"),
        (Selection(locales=("xx_YY",)), "unknown locale xx_YY"),
        (Selection(audiences=("adults",)), "unknown audience adults"),
    ],
)
def test_selection_errors(project, selection, message):
    with pytest.raises(CampaignError, match=message):
        build(project, selection)


def test_a_selection_that_matches_nothing(project):
    with pytest.raises(NothingSelected, match="no edition matches"):
        build(project, Selection(countries=("AT",), locales=("fr_BE",)))


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--country", "ZZ"], 1, "unknown country ZZ"),
        (["--country", "AT", "--locale", "fr_BE"], 2, "no edition matches"),
        (["--audience", "adults"], 2, "Invalid value for '--audience'"),
    ],
)
def test_command_line_filter_errors(project, args, code, message):
    result = CliRunner().invoke(main, ["--project", str(project.root), "build", *args])
    assert result.exit_code == code
    assert message in result.output


def test_failed_edition_keeps_earlier_leaflet_and_others_build(project_copy):
    teens_only = Selection(countries=("AT",), audiences=("teens",))
    assert build(project_copy, teens_only).ok
    earlier = (project_copy.output_dir / "AT/de_AT/teens.pdf").read_bytes()
    # A template change that makes the teens leaflet overflow its panel.
    teens = project_copy.templates_dir / "teens.html"
    teens.write_text(teens.read_text().replace(
        "{% block inside_1 %}", "{% block inside_1 %}" + "<p>overflow</p>" * 80, 1))
    report = build(project_copy, Selection(countries=("AT",), audiences=("teens", "parents")))
    assert not report.ok
    assert keys(report.built) == ["AT/de_AT/parents"]
    [failed] = report.failed
    assert failed.edition.key == "AT/de_AT/teens"
    assert failed.error.startswith("layout check failed: inside left")
    assert (project_copy.output_dir / "AT/de_AT/teens.pdf").read_bytes() == earlier
    assert not list(project_copy.output_dir.rglob("*.tmp"))
    # The command line names the failure and exits 1.
    result = CliRunner().invoke(main, ["--project", str(project_copy.root), "build",
                                       "--country", "AT", "--audience", "teens", "--jobs", "1"])
    assert result.exit_code == 1
    assert "FAILED AT/de_AT/teens: layout check failed: inside left" in result.output
    assert "Built 0, failed 1, up to date 0." in result.output


def test_a_moved_project_keeps_its_built_leaflets(tmp_path):
    """The manifest hashes file names relative to the project, so moving or
    renaming the project folder does not rebuild everything."""
    from campaign.project import Project
    from conftest import copy_project

    edition = Selection(countries=("LU",), locales=("fr_LU",), audiences=("teens",))
    assert keys(build(copy_project(tmp_path / "here"), edition).built) == ["LU/fr_LU/teens"]
    moved = (tmp_path / "here").rename(tmp_path / "there")
    report = build(Project(moved), edition)
    assert report.results == [] and len(report.up_to_date) == 1
