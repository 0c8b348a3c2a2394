"""`campaign catalog …`: the translator workflow on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from campaign.commands import CampaignGroup
from campaign.errors import display_path
from campaign.locales import normalize
from campaign.tables import format_table


@click.group("catalog", cls=CampaignGroup)
def command() -> None:
    """Extract messages, start, update and check translation catalogs."""


@command.command()
@click.option("--check", is_flag=True, help="Only exit 1 if locales/leaflets.pot is out of date.")
@click.pass_context
def extract(ctx: click.Context, check: bool) -> None:
    """Write locales/leaflets.pot from the templates."""
    from campaign.catalog_workflow import extract as run

    project = ctx.obj.project
    outcome = run(project, check=check)
    path = display_path(outcome.path, project.root)
    if check:
        click.echo(f"{path} is {'OUT OF DATE' if outcome.changed else 'up to date'} ({outcome.note})")
        sys.exit(1 if outcome.changed else 0)
    click.echo(f"{'Wrote' if outcome.changed else 'Unchanged:'} {path} ({outcome.note})")


@command.command()
@click.argument("locale")
@click.option("--translator", help='Last-Translator header, e.g. "Ana Silva <ana@example.org>".')
@click.pass_context
def init(ctx: click.Context, locale: str, translator: str | None) -> None:
    """Start the catalog for LOCALE (e.g. de, de_CH, sr_Latn)."""
    from campaign.catalog_workflow import init as run

    project = ctx.obj.project
    outcome = run(project, locale, translator)
    note = f" ({outcome.note})" if outcome.note else ""
    click.echo(f"Wrote {display_path(outcome.path, project.root)}{note}")


@command.command()
@click.argument("locales", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any catalog is out of date (for CI).")
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...], check: bool) -> None:
    """Merge locales/leaflets.pot into every catalog (or the LOCALES given)."""
    from campaign.catalog_workflow import update as run

    project = ctx.obj.project
    outcomes = run(project, list(locales) or None, check=check)
    if not outcomes:
        click.echo("No catalogs yet; start one with `campaign catalog init LOCALE`.")
    for outcome in outcomes:
        state = ("OUT OF DATE" if check else "updated") if outcome.changed else "up to date"
        note = f" ({outcome.note})" if outcome.note else ""
        click.echo(f"{display_path(outcome.path, project.root)}: {state}{note}")
    if check and any(outcome.changed for outcome in outcomes):
        sys.exit(1)


@command.command()
@click.argument("locales", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def stats(ctx: click.Context, locales: tuple[str, ...], output_format: str) -> None:
    """How far each catalog is (fuzzy counts as not translated) and how much of it is reviewed."""
    from campaign.audiences import AUDIENCE_NAMES
    from campaign.catalog_stats import all_stats

    project = ctx.obj.project
    rows = all_stats(project, [normalize(locale) for locale in locales] or None, _protected_terms(project))
    if output_format == "json":
        click.echo(json.dumps({"catalogs": [row.as_dict() for row in rows]}, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No catalogs yet.")
        return
    header = ["catalog", "translated", "fuzzy", "untransl.", "obsolete", *AUDIENCE_NAMES, "reviewed", "errors", "ready"]
    table = [header]
    for row in rows:
        review = f"{row.reviewed_share:.0f}%"
        ready = "yes" if row.ready_to_print else ("OUT OF DATE" if row.out_of_date else "no")
        table.append([
            row.catalog + (f" (→{','.join(row.fallbacks)})" if row.fallbacks else ""),
            _translated_cell(row), str(row.fuzzy), str(row.untranslated), str(row.obsolete),
            *(f"{row.leaflets.get(leaflet, 0):.0f}%" for leaflet in AUDIENCE_NAMES),
            review, str(row.errors) if row.messages or not row.errors else "malformed", ready,
        ])
    for line in format_table(table):
        click.echo(line)


@command.command()
@click.argument("locales", nargs=-1)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.pass_context
def check(ctx: click.Context, locales: tuple[str, ...], strict: bool) -> None:
    """Check every catalog (or the LOCALES given); exit 1 on errors."""
    from campaign.catalog_checks import check_catalog
    from campaign.po_files import list_catalogs, po_path

    project = ctx.obj.project
    names = [normalize(n) for n in locales] or list_catalogs(project)
    if not names:
        click.echo("No catalogs yet; nothing to check.")
        return
    terms = _protected_terms(project)
    errors = warnings = 0
    for name in names:
        if not po_path(project, name).is_file():
            click.secho(f"{name}: error: no catalog at {display_path(po_path(project, name), project.root)}",
                        fg="red", err=True)
            errors += 1
            continue
        _, problems = check_catalog(project, name, terms)
        problems += _review_file_problems(project, name)
        for problem in problems:
            click.secho(str(problem), fg="red" if problem.severity == "error" else "yellow")
        errors += sum(1 for p in problems if p.severity == "error")
        warnings += sum(1 for p in problems if p.severity != "error")
    click.echo(f"{len(names)} catalog(s) checked: {errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        sys.exit(1)


@command.command("review-sheet")
@click.argument("locale")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: output/review-sheets/LOCALE.pdf).")
@click.pass_context
def review_sheet(ctx: click.Context, locale: str, output: Path | None) -> None:
    """Write a bilingual PDF of LOCALE's catalog for reviewers without a PO editor."""
    from campaign.review_sheet import write_review_sheet

    project = ctx.obj.project
    name = normalize(locale)
    output = output or project.output_dir / "review-sheets" / f"{name}.pdf"
    count = write_review_sheet(project, name, output)
    click.echo(f"Wrote {display_path(output, project.root)} ({count} messages)")


@command.command()
@click.argument("source")
@click.argument("target")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if TARGET is out of date with SOURCE.")
@click.pass_context
def transliterate(ctx: click.Context, source: str, target: str, check: bool) -> None:
    """Write catalog TARGET (e.g. sr_Latn) from SOURCE (e.g. sr): Serbian Cyrillic → Latin."""
    from campaign.transliteration import transliterate_files as run

    project = ctx.obj.project
    outcome = run(project, source, target, check=check)
    path = display_path(outcome.path, project.root)
    if check:
        click.echo(f"{path} is {'OUT OF DATE' if outcome.changed else 'up to date'} ({outcome.note})")
        sys.exit(1 if outcome.changed else 0)
    click.echo(f"{'Wrote' if outcome.changed else 'Unchanged:'} {path} ({outcome.note})")


@command.command()
@click.argument("locale")
@click.option("--reviewer", required=True, help='Who reviewed, e.g. "Ana Silva <ana@example.org>".')
@click.option("--date", "review_date", type=click.DateTime(["%Y-%m-%d"]),
              help="Date of the review (default: today).")
@click.option("--codes", help="Codes of the approved rows of a review sheet, separated by commas or spaces.")
@click.option("--rows", help="Row numbers of the current review sheet, e.g. 1-40,45.")
@click.option("--msgid", "msgids", multiple=True, help="English text of an approved message (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Every translated message (a reviewer read them all).")
@click.option("--interactive", is_flag=True, help="Show each unreviewed message and ask.")
@click.pass_context
def review(ctx: click.Context, locale: str, reviewer: str, review_date, codes, rows, msgids,
           everything: bool, interactive: bool) -> None:
    """Record that REVIEWER approved messages of LOCALE's catalog (locales/LOCALE/reviews.json)."""
    import datetime

    from campaign.catalog_review import Selection, review_messages

    project = ctx.obj.project
    date = (review_date.date() if review_date else datetime.date.today()).isoformat()
    selection = Selection(codes=codes or "", rows=rows or "", msgids=msgids, everything=everything,
                          ask=_ask if interactive else None)
    outcome = review_messages(project, locale, reviewer, date, selection)
    click.echo(f"Recorded {len(outcome.recorded)} review(s) by {reviewer} on {date} in "
               f"{display_path(outcome.path, project.root)}; {outcome.unreviewed} message(s) still unreviewed")


def _ask(number: int, total: int, english: str, translation: str) -> str:
    """y (approve), n (skip) or q (stop), for --interactive."""
    click.echo(f"\n[{number}/{total}] {english}\n   → {translation}")
    return click.prompt("approve? [y]es / [n]o / [q]uit", type=click.Choice(["y", "n", "q"]), default="n",
                        show_choices=False)


def _protected_terms(project) -> tuple[str, ...]:
    """The terms file and the registry's service names. A registry with errors
    is reported by `campaign countries check`; here it only means its names
    cannot be checked, which is said, not hidden."""
    from campaign.catalog_checks import project_terms, service_names
    from campaign.errors import CampaignError
    from campaign.registry import load_registry

    names: list[str] = []
    if project.registry_dir.is_dir() and any(project.registry_dir.rglob("*.toml")):
        try:
            names = service_names(load_registry(project.registry_dir))
        except CampaignError:
            click.secho("warning: the registry has errors (see `campaign countries check`); "
                        "service names are not checked", fg="yellow", err=True)
    return project_terms(project, names)


def _review_file_problems(project, name: str) -> list:
    from campaign.errors import InputError
    from campaign.reviews import read_reviews

    try:
        read_reviews(project, name)
    except InputError as error:
        return list(error.problems)
    return []


def _register_screenshots() -> None:
    """`campaign catalog screenshots` lives with the preview (campaign/preview/)."""
    from campaign.commands.preview import screenshots

    command.add_command(screenshots)


_register_screenshots()

__all__ = ["command"]


def _translated_cell(row) -> str:
    """"127/127"; a regional catalog: "127/127 (3 own)", the rest from its fallback."""
    cell = f"{row.translated + row.inherited}/{row.messages}"
    return f"{cell} ({row.translated} own)" if row.inherited else cell
