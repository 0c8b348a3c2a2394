"""`campaign catalog …`: the translator workflow on the command line.

Each subcommand is one function: it parses its options, calls one library
function (catalog_workflow, catalog_stats, catalog_checks, review_sheet,
transliteration, catalog_review) and prints the report it returns, with the
exit code the report implies. A new subcommand is one more such function; the
helpers at the end are shared formatting and inputs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from campaign.commands import CampaignGroup
from campaign.errors import display_path
from campaign.tables import format_table


@click.group("catalog", cls=CampaignGroup)
def command() -> None:
    """Extract messages, start, update and check translation catalogs."""


@command.command()
@click.option("--check", is_flag=True, help="Only exit 1 if locales/leaflets.pot is out of date.")
@click.pass_obj
def extract(locator, check: bool) -> None:
    """Write locales/leaflets.pot from the templates."""
    from campaign.catalog_workflow import extract_messages

    report = extract_messages(locator.project, check_only=check)
    _echo_file_report(report, locator.project)


@command.command()
@click.argument("locale")
@click.option("--translator", help='Last-Translator header, e.g. "Ana Silva <ana@example.org>".')
@click.pass_obj
def init(locator, locale: str, translator: str | None) -> None:
    """Start the catalog for LOCALE (e.g. de, de_CH, sr_Latn)."""
    from campaign.catalog_workflow import init_catalog

    report = init_catalog(locator.project, locale, translator)
    click.echo(f"Wrote {display_path(report.path, locator.project.root)}{_note(report.note)}")


@command.command()
@click.argument("locales", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any catalog is out of date (for CI).")
@click.pass_obj
def update(locator, locales: tuple[str, ...], check: bool) -> None:
    """Merge locales/leaflets.pot into every catalog (or the LOCALES given)."""
    from campaign.catalog_workflow import update_catalogs

    project = locator.project
    report = update_catalogs(project, list(locales) or None, check_only=check)
    if not report.files:
        click.echo("No catalogs yet; start one with `campaign catalog init LOCALE`.")
    for file in report.files:
        state = "OUT OF DATE" if file.out_of_date else "updated" if file.changed else "up to date"
        click.echo(f"{display_path(file.path, project.root)}: {state}{_note(file.note)}")
    if report.out_of_date:
        sys.exit(1)


@command.command()
@click.argument("locales", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def stats(locator, locales: tuple[str, ...], output_format: str) -> None:
    """How far each catalog is (fuzzy counts as not translated) and how much of it is reviewed."""
    from campaign.catalog_stats import measure_catalogs

    project = locator.project
    report = measure_catalogs(project, list(locales), _protected_terms(project))
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif not report.catalogs:
        click.echo("No catalogs yet.")
    else:
        for line in format_table(_stats_table(report.catalogs)):
            click.echo(line)


@command.command()
@click.argument("locales", nargs=-1)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.pass_obj
def check(locator, locales: tuple[str, ...], strict: bool) -> None:
    """Check every catalog (or the LOCALES given); exit 1 on errors."""
    from campaign.catalog_checks import check_catalogs

    project = locator.project
    if not locales and not _has_catalogs(project):
        click.echo("No catalogs yet; nothing to check.")
        return
    report = check_catalogs(project, locales, _protected_terms(project))
    for catalog in report.catalogs:
        if catalog.missing:
            click.secho(f"{catalog.name}: error: no catalog at {display_path(catalog.path, project.root)}",
                        fg="red", err=True)
        for problem in catalog.problems:
            click.secho(str(problem), fg="red" if problem.severity == "error" else "yellow")
    click.echo(f"{len(report.catalogs)} catalog(s) checked: {report.errors} error(s), {report.warnings} warning(s)")
    if not report.passed(strict):
        sys.exit(1)


@command.command("review-sheet")
@click.argument("locale")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: output/review-sheets/LOCALE.pdf).")
@click.pass_obj
def review_sheet(locator, locale: str, output: Path | None) -> None:
    """Write a bilingual PDF of LOCALE's catalog for reviewers without a PO editor."""
    from campaign.review_sheet import write_review_sheet

    report = write_review_sheet(locator.project, locale, output)
    click.echo(f"Wrote {display_path(report.path, locator.project.root)} ({report.messages} messages)")


@command.command()
@click.argument("source")
@click.argument("target")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if TARGET is out of date with SOURCE.")
@click.pass_obj
def transliterate(locator, source: str, target: str, check: bool) -> None:
    """Write catalog TARGET (e.g. sr_Latn) from SOURCE (e.g. sr): Serbian Cyrillic → Latin."""
    from campaign.transliteration import transliterate_files

    report = transliterate_files(locator.project, source, target, check_only=check)
    _echo_file_report(report, locator.project)


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
@click.pass_obj
def review(locator, locale: str, reviewer: str, review_date, codes, rows, msgids,
           everything: bool, interactive: bool) -> None:
    """Record that REVIEWER approved messages of LOCALE's catalog (locales/LOCALE/reviews.json)."""
    from campaign.catalog_review import Selection, review_messages

    project = locator.project
    selection = Selection(codes=codes or "", rows=rows or "", msgids=msgids, everything=everything,
                          ask=_ask if interactive else None)
    report = review_messages(project, locale, reviewer, selection,
                             review_date.date() if review_date else None)
    click.echo(f"Recorded {len(report.recorded)} review(s) by {report.reviewer} on {report.date} in "
               f"{display_path(report.path, project.root)}; {report.unreviewed} message(s) still unreviewed")


# -- inputs and formatting shared by the commands ---------------------------------


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
            names = service_names(load_registry(project.registry_dir, cache_dir=project.cache_dir))
        except CampaignError:
            click.secho("warning: the registry has errors (see `campaign countries check`); "
                        "service names are not checked", fg="yellow", err=True)
    return project_terms(project, names)


def _note(note: str) -> str:
    return f" ({note})" if note else ""


def _echo_file_report(report, project) -> None:
    """One file written or checked (catalog_workflow.FileReport); exit 1 if --check found it out of date."""
    path = display_path(report.path, project.root)
    if report.check_only:
        click.echo(f"{path} is {'OUT OF DATE' if report.changed else 'up to date'} ({report.note})")
        sys.exit(1 if report.changed else 0)
    click.echo(f"{'Wrote' if report.changed else 'Unchanged:'} {path} ({report.note})")


def _has_catalogs(project) -> bool:
    from campaign.po_files import list_catalogs

    return bool(list_catalogs(project))


def _stats_table(rows) -> list[list[str]]:
    from campaign.audiences import AUDIENCE_NAMES

    header = ["catalog", "translated", "fuzzy", "untransl.", "obsolete", *AUDIENCE_NAMES, "reviewed", "errors", "ready"]
    table = [header]
    for row in rows:
        ready = "yes" if row.ready_to_print else ("OUT OF DATE" if row.out_of_date else "no")
        table.append([
            row.catalog + (f" (→{','.join(row.fallbacks)})" if row.fallbacks else ""),
            _translated_cell(row), str(row.fuzzy), str(row.untranslated), str(row.obsolete),
            *(f"{row.leaflets.get(leaflet, 0):.0f}%" for leaflet in AUDIENCE_NAMES),
            f"{row.reviewed_share:.0f}%", str(row.errors) if row.messages or not row.errors else "malformed", ready,
        ])
    return table


def _translated_cell(row) -> str:
    """"127/127"; a regional catalog: "127/127 (3 own)", the rest from its fallback."""
    cell = f"{row.translated + row.inherited}/{row.messages}"
    return f"{cell} ({row.translated} own)" if row.inherited else cell


__all__ = ["command"]


def _register_screenshots() -> None:
    """`campaign catalog screenshots` lives with the preview (campaign/preview/)."""
    from campaign.commands.preview import screenshots

    command.add_command(screenshots)


_register_screenshots()

