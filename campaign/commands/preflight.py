"""`campaign preflight`: read built PDFs back and check what each target promises."""

from __future__ import annotations

import json
from pathlib import Path

import click

from campaign.commands.filters import edition_filters, selection_of
from campaign.errors import CampaignError, display_path
from campaign.targets import TARGET_NAMES


def _files_for(project, registry, selection, targets) -> list[Path]:
    """The built files of the selected editions and targets (missing ones are not built yet)."""
    from campaign.locales import PSEUDO_LOCALES
    from campaign.proof import find_leaflets
    from campaign.targets import target

    # An unknown country, locale or audience is an error, as in `campaign build`.
    selection.editions(registry, extra_locales=PSEUDO_LOCALES)
    return [leaflet.path for name in targets
            for leaflet in find_leaflets(project.output_dir, selection, target(name).suffix)]


def _files_under(paths: tuple[Path, ...]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.pdf") if p.name != "proof.pdf")
        elif path.is_file():
            files.append(path)
        else:
            raise CampaignError(f"{path}: no such file or folder")
    return files


@click.command("preflight")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@edition_filters
@click.option("--target", "targets", multiple=True,
              type=click.Choice(TARGET_NAMES),
              help="Only this target's files; repeat for several (default: all three).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]),
              default="table", show_default=True)
@click.pass_obj
def command(locator, paths, countries, locales, audiences, targets, output_format):
    """Check built leaflets (PDF) against what their target promises.

    Reads each file back with pikepdf, poppler and a QR decoder (never with
    the renderer): tags, language, title, alternative text and links
    (PDF/UA-1), the text layer against the edition's source text, a Unicode
    value for every glyph (PDF/A-3u), output intent, boxes, inks and fonts
    (PDF/X-4), QR codes against the registry, and reproducible dates and
    identifiers. PATHS are PDF files or folders; without them, the files in
    output/ of the editions the filters select. Exits 1 if any check fails.
    """
    from campaign.build import EditionBuilder
    from campaign.preflight import preflight, target_of
    from campaign.registry import load_registry

    project = locator.project
    registry = load_registry(project.registry_dir, cache_dir=project.cache_dir)
    targets = targets or TARGET_NAMES
    if paths:
        files = [path for path in _files_under(paths) if target_of(path) in targets]
    else:
        files = _files_for(project, registry, selection_of(countries, locales, audiences),
                           targets)
    if not files:
        raise CampaignError("no built leaflet to check: run `campaign build` first")
    reports = preflight(files, EditionBuilder(project, registry))
    if output_format == "json":
        click.echo(json.dumps([r.as_json(project.root) for r in reports], indent=2,
                              ensure_ascii=False))
    else:
        _print_table(reports, project)
    if not all(report.ok for report in reports):
        raise SystemExit(1)


def _print_table(reports, project) -> None:
    width = max(len(display_path(r.path, project.root)) for r in reports)
    for report in reports:
        where = display_path(report.path, project.root).ljust(width)
        if report.ok:
            click.echo(f"ok    {where}  {report.target:<7}  {len(report.checks)} checks")
        else:
            failed = "; ".join(f"{c.name}: {c.detail}" if c.detail else c.name
                               for c in report.failures())
            click.secho(f"FAIL  {where}  {report.target:<7}  {failed}", fg="red")
    failed = sum(not r.ok for r in reports)
    click.echo(f"Checked {len(reports)} file{'s' if len(reports) != 1 else ''}: "
               f"{len(reports) - failed} passed, {failed} failed.")
