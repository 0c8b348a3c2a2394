"""`campaign proof`: one contact sheet of every built leaflet, for review at a glance."""

from __future__ import annotations

import click


@click.command("proof")
@click.pass_obj
def command(locator):
    """Make output/proof.pdf: a labelled thumbnail of every page of every built edition."""
    from campaign.proof import make_proof

    project = locator.project
    path = make_proof(project.output_dir, project.output_dir / "proof.pdf")
    click.echo(f"Contact sheet written to {path}")
