"""The build as a library call: `build_editions(project, selection, options)`.

This is what `campaign build` runs (commands/build.py only parses options and
prints the report), and what tests and scripts call directly. It owns the
whole build: choosing the editions, skipping those whose inputs did not
change (manifest.py), building the rest in this process and, when they pay
for their start-up, in worker processes beside it (scheduler.py), and
recording each success in the manifest as it arrives, so an interrupted
build (Ctrl-C) keeps the leaflets it finished.

Cheap to import (no WeasyPrint), so a build with nothing to do stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from campaign.editions import Edition, Selection
from campaign.options import BuildOptions, output_path
from campaign.project import Project


class Progress(Protocol):
    """Told how many editions will be built, then about each one as it finishes."""

    def planned(self, total: int) -> None: ...

    def finished(self, result) -> None: ...


@dataclass
class BuildReport:
    selected: list[Edition]
    up_to_date: list[Edition]  # selected, but their inputs had not changed
    results: list = field(default_factory=list)  # EditionResult per edition built, as they finished

    @property
    def built(self) -> list:
        return [result for result in self.results if result.ok]

    @property
    def failed(self) -> list:
        return sorted((result for result in self.results if not result.ok),
                      key=lambda result: result.edition)

    @property
    def notes(self) -> list[str]:
        """Notes of built editions (e.g. a language without a catalog), each once."""
        return sorted({note for result in self.built for note in result.notes})

    @property
    def ok(self) -> bool:
        return not self.failed


def options_key(options: BuildOptions) -> str:
    """The options that change a PDF's bytes (--html and --release do not)."""
    return f"target={options.target} marks={options.marks}"


def build_editions(project: Project, selection: Selection, options: BuildOptions, *,
                   force: bool = False, jobs: int | None = None, timeout: float | None = None,
                   progress: Progress | None = None) -> BuildReport:
    """Build the selected editions whose inputs changed (all of them with `force`).

    Bad input (an unknown country, an invalid registry) raises CampaignError
    before anything is built; a selection that matches nothing raises
    editions.NothingSelected. A failed edition is reported in the result, not
    raised: the others still build. KeyboardInterrupt (or Interrupted, for
    SIGTERM) passes through after any workers are stopped; every edition
    finished so far is already recorded. An EnvironmentFault (a folder not
    writable, a full disk) stops the build the same way.
    """
    from campaign.fonts import check_native_parts
    from campaign.imprint import load_imprint
    from campaign.locales import PSEUDO_LOCALES
    from campaign.manifest import Fingerprints, Manifest
    from campaign.registry import load_registry

    check_native_parts()
    registry = load_registry(project.registry_dir, cache_dir=project.cache_dir)
    load_imprint(project.root)  # a bad campaign.toml or logo stops here, before any worker starts
    editions = selection.editions(registry, extra_locales=PSEUDO_LOCALES)
    fingerprints = Fingerprints(project, options_key(options))
    manifest = Manifest(project.output_dir)
    planned = {edition: fingerprints.edition(edition) for edition in editions}
    # A release build checks every edition's review status, so it skips none.
    rebuild_all = force or options.release
    todo = [edition for edition in editions
            if rebuild_all or not _is_current(edition, project, options, manifest, planned[edition])]
    skipped = set(editions) - set(todo)
    report = BuildReport(selected=editions, up_to_date=[e for e in editions if e in skipped])
    if progress is not None:
        progress.planned(len(todo))
    if not todo:
        return report

    def on_result(result) -> None:
        report.results.append(result)
        if result.ok:
            # Recorded at once (a killed build keeps its work), and only if
            # the leaflet was made from the inputs that were fingerprinted.
            if fingerprints.unchanged(result.edition):
                manifest.record(result.path, planned[result.edition], result.digest, result.fit)
            else:
                result.notes.append(INPUTS_CHANGED)
        if progress is not None:
            progress.finished(result)

    from campaign.manifest import INPUTS_CHANGED
    from campaign.native_libraries import import_weasyprint
    from campaign.scheduler import run_build
    from campaign.workers import DEFAULT_TIMEOUT

    # The fits found for these very inputs: a rebuild (--force) confirms
    # each with one layout instead of searching again.
    known_fits = {edition: manifest.known_fit(output_path(edition, project, options), planned[edition])
                  for edition in todo}
    import_weasyprint()  # first, so that it runs no compiler (native_libraries.py)
    run_build(project, registry, options, todo, on_result, jobs=jobs,
              timeout=timeout or DEFAULT_TIMEOUT, environment=fingerprints.worker_environment(),
              known_fits=known_fits)
    return report


def _is_current(edition, project, options, manifest, fingerprint) -> bool:
    path = output_path(edition, project, options)
    if options.write_html and not path.with_suffix(".html").is_file():
        return False
    return manifest.is_current(path, fingerprint)
