"""The edition filters shared by commands that work on a set of editions."""

from __future__ import annotations

import click

from campaign.editions import AUDIENCES


def edition_filters(command):
    """Add --country, --locale and --audience (each repeatable) to `command`."""
    options = [
        click.option("--country", "countries", multiple=True, metavar="CODE",
                     help="Only this country (ISO code); repeat for several."),
        click.option("--locale", "locales", multiple=True, metavar="LOCALE",
                     help="Only this locale, e.g. fr_BE, km_KH or en_XA; repeat for several."),
        click.option("--audience", "audiences", multiple=True, type=click.Choice(AUDIENCES),
                     help="Only this audience; repeat for several."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
