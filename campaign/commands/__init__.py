"""Command groups of the `campaign` command line, one module each."""

from __future__ import annotations

import sys

import click

from campaign.errors import CampaignError


class CampaignGroup(click.Group):
    """Turns CampaignError into one clear message and exit code 1.

    Used by the top-level group, and by the catalog group so that it reports
    errors the same way when invoked on its own (as its tests do).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CampaignError as error:
            click.secho(f"Error: {error}", fg="red", err=True)
            sys.exit(1)
