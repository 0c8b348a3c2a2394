"""`campaign proof`: one contact sheet of every built leaflet, for review at a glance."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.commands.filters import edition_filters, selection_of
from campaign.errors import display_path
from campaign.targets import DEFAULT_TARGET, TARGET_NAMES


@click.command("proof")
@edition_filters
@click.option("--target", type=click.Choice(TARGET_NAMES), default=DEFAULT_TARGET,
              show_default=True, help="Which build's PDFs to proof.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Where to write the sheet (default: output/proof.pdf).")
@click.pass_obj
def command(locator, countries, locales, audiences, target, output):
    """Make a contact sheet (PDF) of the leaflets in output/.

    Every page of every built edition appears as a thumbnail labelled with
    its edition key (country/locale/audience), so a reviewer can check two
    hundred leaflets at a glance. Build first: the sheet shows what is in
    output/, not what the sources would give now.
    """
    from campaign.proof import find_leaflets, make_proof
    from campaign.targets import target as target_record

    project = locator.project
    leaflets = find_leaflets(project.output_dir, selection_of(countries, locales, audiences),
                             suffix=target_record(target).suffix)
    output = output or project.output_dir / "proof.pdf"
    count = f"{len(leaflets)} leaflet{'' if len(leaflets) == 1 else 's'}"
    if leaflets:
        click.echo(f"Proofing {count}…")
    make_proof(leaflets, output, project.templates_dir)
    click.echo(f"Contact sheet of {count}: {display_path(output, project.root)}")
