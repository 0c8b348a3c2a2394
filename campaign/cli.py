"""The `campaign` command line.

Each command group lives in its own module under campaign/commands/, imported
only when that command runs (or `campaign --help` lists them all); heavy
libraries (WeasyPrint takes a quarter of a second to import) are imported
inside the commands that need them, so neither `campaign --help` nor a build
with nothing to do imports them (tests/test_startup.py).
"""

from __future__ import annotations

from pathlib import Path

import click

from campaign import __version__
from campaign.commands import CampaignGroup
from campaign.project import find_project


COMMANDS = {name: f"campaign.commands.{name}"
            for name in ("build", "catalog", "countries", "preflight", "preview", "proof")}


@click.group(cls=CampaignGroup, lazy=COMMANDS)
@click.version_option(__version__, prog_name="campaign")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (default: the one containing the current directory).",
)
@click.pass_context
def main(ctx: click.Context, project: Path | None) -> None:
    """Build localized online-safety leaflets for children, teens and parents."""
    ctx.obj = ProjectLocator(project)


class ProjectLocator:
    """Finds the project lazily, so `--help` works anywhere."""

    def __init__(self, path: Path | None):
        self._path = path
        self._project = None

    @property
    def project(self):
        if self._project is None:
            self._project = find_project(self._path)
        return self._project
