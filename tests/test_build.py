"""End to end: `campaign build` turns registry + templates + catalogs into PDFs."""

import re
import subprocess

import pytest
from click.testing import CliRunner

from campaign.cli import main


def run_build(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), "build", *args])


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout


def pdf_catalog_lang(path) -> str:
    """The document language (/Lang), read from an uncompressed copy."""
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
                         capture_output=True, check=True).stdout
    return re.search(rb"/Lang \(([^)]*)\)", qdf).group(1).decode()


@pytest.fixture(scope="module")
def built(module_project_copy):
    """A project copy with a few real editions built once for the tests below."""
    project = module_project_copy
    result = run_build(project, "--country", "AT", "--country", "US",
                       "--audience", "children", "--audience", "parents")
    assert result.exit_code == 0, result.output
    return project, result


def test_builds_every_selected_edition(built):
    project, result = built
    paths = sorted(p.relative_to(project.output_dir).as_posix()
                   for p in project.output_dir.rglob("*.pdf"))
    assert paths == [
        "AT/de_AT/children.pdf", "AT/de_AT/parents.pdf",
        "US/en_US/children.pdf", "US/en_US/parents.pdf",
        "US/es_US/children.pdf", "US/es_US/parents.pdf",
    ]
    assert "Built 6, failed 0" in result.output


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
    # Childhelp (US) is verified and printed; the registry's unverified entries never are.
    from campaign.registry import load_registry

    registry = load_registry(project.registry_dir)
    unverified = [s for s in registry.country("US").services if not s.verified]
    text = pdf_text(project.output_dir / "US/en_US/parents.pdf")
    for service in unverified:
        assert service.phone is None or service.phone not in text


def test_no_change_rebuild_builds_nothing(built):
    project, _ = built
    before = (project.output_dir / "AT/de_AT/children.pdf").stat().st_mtime_ns
    result = run_build(project, "--country", "AT", "--country", "US",
                       "--audience", "children", "--audience", "parents")
    assert result.exit_code == 0, result.output
    assert "Built 0, failed 0, up to date 6" in result.output
    assert (project.output_dir / "AT/de_AT/children.pdf").stat().st_mtime_ns == before


def test_registry_change_rebuilds_only_that_country(built):
    project, _ = built
    at_file = project.registry_dir / "countries" / "AT.toml"
    at_file.write_text(at_file.read_text() + "\n# touched by a test\n")
    result = run_build(project, "--country", "AT", "--country", "US",
                       "--audience", "children", "--audience", "parents")
    assert "Built 2, failed 0, up to date 4" in result.output, result.output


def test_html_option_writes_html(project_copy):
    result = run_build(project_copy, "--country", "AT", "--audience", "teens", "--html")
    assert result.exit_code == 0, result.output
    html = (project_copy.output_dir / "AT/de_AT/teens.html").read_text()
    assert '<html lang="de-AT" dir="ltr"' in html
    # A build does not need the links (it parses the stylesheets once), a browser does.
    assert '<link rel="stylesheet" href="assets/leaflet.css">' in html


def test_language_without_catalog_uses_english_and_says_so(project_copy):
    result = run_build(project_copy, "--locale", "lb_LU", "--audience", "parents")
    assert result.exit_code == 0, result.output
    if not (project_copy.locales_dir / "lb").exists():
        assert "no catalog for lb_LU: English text used" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "ZZ"], "unknown country ZZ"),
        (["--locale", "xx_YY"], "unknown locale xx_YY"),
        (["--country", "AT", "--locale", "fr_BE"], "no edition matches"),
        (["--audience", "adults"], "Invalid value for '--audience'"),
    ],
)
def test_filter_errors(project_copy, args, message):
    result = run_build(project_copy, *args)
    assert result.exit_code != 0
    assert message in result.output


def test_failed_edition_keeps_earlier_leaflet_and_others_build(project_copy):
    assert run_build(project_copy, "--country", "AT", "--audience", "teens").exit_code == 0
    earlier = (project_copy.output_dir / "AT/de_AT/teens.pdf").read_bytes()
    # A template change that makes the teens leaflet overflow its panel.
    teens = project_copy.templates_dir / "teens.html"
    teens.write_text(teens.read_text().replace(
        "{% block inside_1 %}", "{% block inside_1 %}" + "<p>overflow</p>" * 80, 1))
    result = run_build(project_copy, "--country", "AT", "--audience", "teens",
                       "--audience", "parents")
    assert result.exit_code == 1
    assert "FAILED AT/de_AT/teens: layout check failed: inside left" in result.output
    assert "Built 1, failed 1" in result.output
    assert (project_copy.output_dir / "AT/de_AT/teens.pdf").read_bytes() == earlier
    assert not list(project_copy.output_dir.rglob("*.tmp"))


def test_a_moved_project_keeps_its_built_leaflets(tmp_path):
    """The manifest hashes file names relative to the project, so moving or
    renaming the project folder does not rebuild everything."""
    from campaign.project import Project
    from conftest import copy_project

    edition = ("--country", "LU", "--locale", "fr_LU", "--audience", "teens")
    assert "Built 1," in run_build(copy_project(tmp_path / "here"), *edition).output
    moved = (tmp_path / "here").rename(tmp_path / "there")
    result = run_build(Project(moved), *edition)
    assert "Built 0, failed 0, up to date 1" in result.output, result.output
