"""The `campaign` command line.

Each command group lives in its own module under campaign/commands/ and is
imported here; heavy libraries (WeasyPrint takes over a second to import) are
imported inside the commands that need them, so `campaign --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from campaign import __version__
from campaign.commands import CampaignGroup
from campaign.project import find_project


@click.group(cls=CampaignGroup)
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


def _register_commands() -> None:
    from campaign.commands import build, catalog, countries, preflight, preview, proof

    for module in (build, catalog, countries, preflight, preview, proof):
        main.add_command(module.command)


_register_commands()
