"""Targets and audiences are declared once, as records; everything else reads them."""

import subprocess

import click
import pytest

from campaign.audiences import AUDIENCE_NAMES, AUDIENCES, Audience, audiences_of_template
from campaign.commands import build as build_command
from campaign.commands import proof as proof_command
from campaign.targets import TARGET_NAMES, TARGETS, Target


def choices(command, name: str) -> tuple[str, ...]:
    [option] = [p for p in command.command.params if p.name == name]
    assert isinstance(option.type, click.Choice)
    return tuple(option.type.choices)


def test_command_line_choices_come_from_the_records():
    assert choices(build_command, "target") == TARGET_NAMES == ("screen", "print", "archive")
    assert choices(proof_command, "target") == TARGET_NAMES
    assert choices(build_command, "audiences") == AUDIENCE_NAMES == ("children", "teens", "parents")
    assert choices(proof_command, "audiences") == AUDIENCE_NAMES


def test_every_record_names_files_that_exist(project):
    for target in TARGETS.values():
        for sheet in target.stylesheets:
            assert (project.templates_dir / sheet).is_file(), (target.name, sheet)
    for audience in AUDIENCES.values():
        assert (project.templates_dir / audience.template).is_file(), audience
        assert (project.templates_dir / audience.icon).is_file(), audience


def test_a_message_belongs_to_the_audiences_of_its_template():
    assert audiences_of_template("children.html") == ("children",)
    assert audiences_of_template("base.html") == AUDIENCE_NAMES
    assert audiences_of_template("partials/help_panel.html") == AUDIENCE_NAMES


def test_help_panel_shows_the_services_its_audience_record_names(project):
    from campaign.content import service_views
    from campaign.registry import load_registry

    country = load_registry(project.registry_dir).country("AT")
    for audience in AUDIENCES.values():
        shown = {view.web_url or view.phones[0] for view in service_views(country, "de_AT", audience.name)}
        expected = {s.web or s.phone for s in country.printable_services("de_AT")
                    if audience.serves & set(s.serves)}
        assert shown == expected and shown, audience.name


def test_a_new_target_is_one_record(project_copy, monkeypatch):
    """A record is all the builder needs: its suffix, stylesheets and PDF options."""
    from campaign.build import EditionBuilder
    from campaign.editions import Edition
    from campaign.options import BuildOptions
    from campaign.registry import load_registry

    proof = Target(name="proof", summary="plain PDF for proofreading", suffix=".proof.pdf",
                   stylesheets=TARGETS["screen"].stylesheets, pdf_options={})
    monkeypatch.setitem(TARGETS, "proof", proof)
    builder = EditionBuilder(project_copy, load_registry(project_copy.registry_dir))
    result = builder.build(Edition("LU", "fr_LU", "teens"), BuildOptions(target="proof"))
    assert result.ok, result.error
    assert result.path == project_copy.output_dir / "LU/fr_LU/teens.proof.pdf"
    info = subprocess.run(["pdfinfo", str(result.path)], capture_output=True, text=True,
                          check=True).stdout
    assert "Pages:           2" in info


def test_records_are_frozen():
    with pytest.raises(AttributeError):
        AUDIENCES["teens"].age_band = "13–17"
    with pytest.raises(AttributeError):
        TARGETS["print"].suffix = ".pdf"
    assert isinstance(AUDIENCES["teens"], Audience)
