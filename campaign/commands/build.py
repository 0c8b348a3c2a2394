"""`campaign build`: build the selected editions into output/."""

from __future__ import annotations

import click

from campaign.commands.filters import edition_filters
from campaign.errors import display_path


def _print_summary(results, skipped: int, project) -> None:
    built = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    for result in sorted(failed, key=lambda r: r.edition):
        click.secho(f"FAILED {result.edition}: {result.error}", fg="red", err=True)
    for note in sorted({note for r in built for note in r.notes}):
        click.echo(f"note: {note}")
    where = display_path(project.output_dir, project.root)
    click.echo(
        f"Built {len(built)}, failed {len(failed)}, up to date {skipped}. "
        f"Leaflets are in {where}/"
    )


def _options_key(options) -> str:
    """The options that change a PDF's bytes (--html and --release do not)."""
    return f"target={options.target} marks={options.marks}"


def _is_current(edition, project, options, manifest, fingerprint) -> bool:
    from campaign.options import output_path

    path = output_path(edition, project, options)
    if options.write_html and not path.with_suffix(".html").is_file():
        return False
    return manifest.is_current(path, fingerprint)


@click.command("build")
@edition_filters
@click.option("--html", "write_html", is_flag=True,
              help="Also write each edition's HTML beside its PDF, for inspection.")
@click.option("--release", is_flag=True,
              help="Refuse editions whose catalog is a draft (not reviewed).")
@click.option("--force", is_flag=True,
              help="Rebuild every selected edition, even if nothing changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--target", type=click.Choice(["screen", "print", "archive"]), default="screen",
              show_default=True,
              help="screen: accessible PDF/UA-1 for publishing online (<audience>.pdf); "
                   "print: PDF/X-4 in CMYK with 3 mm bleed for print shops (<audience>.print.pdf); "
                   "archive: PDF/A-3u (<audience>.archive.pdf).")
@click.option("--marks", is_flag=True,
              help="Draw crop marks in the bleed (--target print only; most print shops add their own).")
@click.option("--timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds one edition may take before it is stopped (default 120).")
@click.pass_obj
def command(locator, countries, locales, audiences, write_html, release, force, jobs, timeout,
            target, marks):
    """Build leaflets (country × locale × audience) as PDF into output/.

    Only editions whose inputs changed since the last build are rebuilt
    (see output/.manifest.json); --force rebuilds them all.
    """
    from campaign.options import BuildOptions
    from campaign.editions import select_editions
    from campaign.fonts import check_native_parts
    from campaign.locales import PSEUDO_LOCALES
    from campaign.manifest import Fingerprints, Manifest
    from campaign.registry import load_registry

    check_native_parts()
    project = locator.project
    registry = load_registry(project.registry_dir)
    editions = select_editions(registry, countries, locales, audiences,
                               extra_locales=PSEUDO_LOCALES)
    if not editions:
        raise click.UsageError("no edition matches these filters")
    if marks and target != "print":
        raise click.UsageError("--marks needs --target print")
    options = BuildOptions(write_html=write_html, release=release, target=target, marks=marks)
    fingerprints = Fingerprints(project, _options_key(options))
    manifest = Manifest(project.output_dir)
    planned = {e: fingerprints.edition(e) for e in editions}
    # A release build checks every edition's review status, so it skips none.
    rebuild_all = force or release
    todo = [e for e in editions
            if rebuild_all or not _is_current(e, project, options, manifest, planned[e])]
    results = _build_all(project, options, todo, jobs, timeout, manifest, planned)
    _print_summary(results, len(editions) - len(todo), project)
    if not all(result.ok for result in results):
        raise SystemExit(1)


def _build_all(project, options, todo, jobs, timeout, manifest, planned):
    """Build `todo` in worker processes, recording each success in the manifest."""
    if not todo:
        return []
    from campaign.workers import DEFAULT_TIMEOUT, WorkerPool, default_jobs

    results = []
    pool = WorkerPool(project, options, jobs or default_jobs(), timeout or DEFAULT_TIMEOUT)
    with click.progressbar(length=len(todo), label="Building leaflets",
                           item_show_func=lambda e: str(e) if e else "") as progress:
        def on_result(result):
            results.append(result)
            if result.ok:
                manifest.record(result.path, planned[result.edition])
            progress.update(1, result.edition)

        try:
            pool.run(todo, on_result)
        finally:
            manifest.save()  # keep what was built, even after Ctrl-C
    return results
