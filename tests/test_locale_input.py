"""Locales typed as BCP 47 tags (fr-BE) or in any case work wherever a command takes one."""

import pytest
from click.testing import CliRunner
from weasyprint import HTML

from campaign.cli import main
from campaign.locales import normalize


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), *args])


@pytest.mark.parametrize("typed, expected", [
    ("fr_BE", "fr_BE"), ("fr-BE", "fr_BE"), ("fr-be", "fr_BE"), (" fr_BE ", "fr_BE"),
    ("sr-latn-me", "sr_Latn_ME"), ("sr_Latn", "sr_Latn"), ("de", "de"), ("en-XA", "en_XA"),
])
def test_one_normaliser(typed, expected):
    assert normalize(typed) == expected


@pytest.mark.parametrize("typed", ["fr_BE", "fr-BE", "fr-be"])
def test_build_knows_the_locale_in_every_spelling(project, typed):
    # Belgian French is a known locale, just not one of Austria's.
    result = run(project, "build", "--country", "AT", "--locale", typed)
    assert result.exit_code == 2, result.output
    assert "no edition matches these filters" in result.output
    unknown = run(project, "build", "--locale", typed.replace("fr", "xx"))
    assert unknown.exit_code == 1 and "unknown locale xx_BE" in unknown.output


def test_proof_finds_leaflets_by_either_spelling(project_copy):
    leaflet = project_copy.output_dir / "BE/fr_BE/teens.pdf"
    leaflet.parent.mkdir(parents=True)
    leaflet.write_bytes(HTML(string="<p>outside</p><p style='break-before: page'>inside</p>")
                        .write_pdf())
    for typed in ("fr_BE", "fr-BE"):
        result = run(project_copy, "proof", "--locale", typed)
        assert result.exit_code == 0, result.output
        assert "Contact sheet of 1 leaflet" in result.output


@pytest.mark.parametrize("typed", ["sr_Latn", "sr-Latn", "sr-latn"])
def test_catalog_commands_take_either_spelling(project, typed):
    stats = run(project, "catalog", "stats", typed, "--format", "json")
    assert stats.exit_code == 0, stats.output
    assert '"catalog": "sr_Latn"' in stats.output
    check = run(project, "catalog", "check", typed)
    assert check.exit_code == 0, check.output
    assert "1 catalog(s) checked: 0 error(s)" in check.output


@pytest.mark.parametrize("typed", ["fr_BE", "fr-BE"])
def test_countries_show_takes_either_spelling(project, typed):
    result = run(project, "countries", "show", "BE", "--locale", typed)
    assert result.exit_code == 0, result.output
    assert "in fr_BE:            printed" in result.output
