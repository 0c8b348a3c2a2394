"""`campaign build`: build the selected editions into output/."""

from __future__ import annotations

import click

from campaign.errors import display_path


def _print_summary(results, project) -> None:
    built = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.secho(f"FAILED {result.edition}: {result.error}", fg="red", err=True)
    notes = sorted({note for r in built for note in r.notes})
    for note in notes:
        click.echo(f"note: {note}")
    where = display_path(project.output_dir, project.root)
    click.echo(f"Built {len(built)}, failed {len(failed)}. Leaflets are in {where}/")


@click.command("build")
@click.option("--country", "countries", multiple=True, metavar="CODE",
              help="Only this country (ISO code); repeat for several.")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Only this locale, e.g. fr_BE; repeat for several.")
@click.option("--audience", "audiences", multiple=True,
              type=click.Choice(["children", "teens", "parents"]),
              help="Only this audience; repeat for several.")
@click.option("--html", "write_html", is_flag=True,
              help="Also write each edition's HTML beside its PDF, for inspection.")
@click.option("--release", is_flag=True,
              help="Refuse editions whose catalog is a draft (not reviewed).")
@click.pass_obj
def command(locator, countries, locales, audiences, write_html, release):
    """Build leaflets (country × locale × audience) as PDF into output/."""
    from campaign.build import BuildOptions, EditionBuilder
    from campaign.editions import select_editions
    from campaign.fonts import check_native_parts
    from campaign.registry import load_registry

    check_native_parts()
    project = locator.project
    registry = load_registry(project.registry_dir)
    editions = select_editions(registry, countries, locales, audiences)
    if not editions:
        raise click.UsageError("no edition matches these filters")
    builder = EditionBuilder(project, registry)
    options = BuildOptions(write_html=write_html, release=release)
    results = []
    with click.progressbar(editions, label="Building leaflets",
                           item_show_func=lambda e: str(e) if e else "") as progress:
        for edition in progress:
            results.append(builder.build(edition, options))
    _print_summary(results, project)
    if not all(result.ok for result in results):
        raise SystemExit(1)
