"""`campaign build`: build the selected editions into output/.

Parses options, calls the library (pipeline.build_editions) and prints its
report; the build itself lives in campaign/pipeline.py.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack, contextmanager

import click

from campaign.commands.filters import edition_filters, selection_of
from campaign.errors import CampaignError, display_path
from campaign.targets import DEFAULT_TARGET, TARGET_NAMES, TARGETS


def _target_help() -> str:
    described = (f"{t.name}: {t.summary} (<audience>{t.suffix})" for t in TARGETS.values())
    return "; ".join(described) + "."


def _marks_help() -> str:
    takes_marks = " or ".join(t.name for t in TARGETS.values() if t.marks_apply)
    return (f"Draw crop and fold marks outside the bleed (--target {takes_marks} only; "
            "most print shops add their own).")


class ProgressBar:
    """Shows a build's progress with Click's progress bar (pipeline.Progress)."""

    def __init__(self, stack: ExitStack):
        self.stack = stack
        self.bar = None

    def planned(self, total: int) -> None:
        if total:
            self.bar = self.stack.enter_context(click.progressbar(
                length=total, label="Building leaflets",
                item_show_func=lambda edition: str(edition) if edition else ""))

    def finished(self, result) -> None:
        self.bar.update(1, result.edition)


def print_report(report, project) -> None:
    for result in report.failed:
        click.secho(f"FAILED {result.edition}: {result.error}", fg="red", err=True)
    for note in report.notes:
        click.echo(f"note: {note}")
    where = display_path(project.output_dir, project.root)
    click.echo(
        f"Built {len(report.built)}, failed {len(report.failed)}, "
        f"up to date {len(report.up_to_date)}. Leaflets are in {where}/"
    )


@contextmanager
def _no_collections_during_start_up():
    """No automatic garbage collection until the first leaflet.

    Start-up (WeasyPrint's import, the registry, fonts, templates) makes
    objects that live as long as the process and almost no garbage, yet
    Python's collector would walk them dozens of times: about 30 ms of a
    one-edition build. The builder turns collection back on after each
    leaflet, collecting once (build.py); this puts back what was there before
    when the build ends, whoever built.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@click.command("build")
@edition_filters
@click.option("--html", "write_html", is_flag=True,
              help="Also write each edition's HTML beside its PDF, for inspection.")
@click.option("--release", is_flag=True,
              help="Refuse editions whose catalog is a draft (not reviewed).")
@click.option("--force", is_flag=True,
              help="Rebuild every selected edition, even if nothing changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that build at once, this one included (default and most: one "
                   "per core, and no more than the work can use; small builds need no other).")
@click.option("--target", type=click.Choice(TARGET_NAMES), default=DEFAULT_TARGET,
              show_default=True, help=_target_help())
@click.option("--marks", is_flag=True, help=_marks_help())
@click.option("--timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds one edition may take before it is stopped (default 120).")
@click.pass_obj
def command(locator, countries, locales, audiences, write_html, release, force, jobs, timeout,
            target, marks):
    """Build leaflets (country × locale × audience) as PDF into output/.

    Only editions whose inputs changed since the last build are rebuilt
    (see output/.manifest.json); --force rebuilds them all.
    """
    from campaign.editions import NothingSelected
    from campaign.options import BuildOptions
    from campaign.pipeline import build_editions

    try:
        options = BuildOptions(write_html=write_html, release=release, target=target, marks=marks)
    except CampaignError as error:
        raise click.UsageError(str(error)) from None
    project = locator.project
    with ExitStack() as stack:
        stack.enter_context(_no_collections_during_start_up())
        try:
            report = build_editions(project, selection_of(countries, locales, audiences), options,
                                    force=force, jobs=jobs, timeout=timeout,
                                    progress=ProgressBar(stack))
        except NothingSelected as error:
            raise click.UsageError(str(error)) from None
    print_report(report, project)
    if not report.ok:
        raise SystemExit(1)
