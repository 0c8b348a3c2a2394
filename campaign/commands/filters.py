"""The edition filters shared by commands that work on a set of editions."""

from __future__ import annotations

import click

from campaign.audiences import AUDIENCE_NAMES, AUDIENCES
from campaign.editions import Selection


def edition_filters(command):
    """Add --country, --locale and --audience (each repeatable) to `command`."""
    audiences = ", ".join(audience.describe() for audience in AUDIENCES.values())
    options = [
        click.option("--country", "countries", multiple=True, metavar="CODE",
                     help="Only this country (ISO code); repeat for several."),
        click.option("--locale", "locales", multiple=True, metavar="LOCALE",
                     help="Only this locale, e.g. fr_BE (or fr-BE), km_KH or en_XA; "
                          "repeat for several."),
        click.option("--audience", "audiences", multiple=True, type=click.Choice(AUDIENCE_NAMES),
                     help=f"Only this audience: {audiences}; repeat for several."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def selection_of(countries, locales, audiences) -> Selection:
    """The filters' values as a library Selection (which normalises them)."""
    return Selection(countries, locales, audiences)
