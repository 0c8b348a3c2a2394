"""Where a campaign project's files live.

A project is a folder with `registry/`, `templates/` and `locales/`, like a
MkDocs project is a folder with `mkdocs.yml`. Commands find it by walking up
from the current directory, the way git finds its repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from campaign.errors import CampaignError

MARKERS = ("registry", "templates", "locales")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def registry_dir(self) -> Path:
        return self.root / "registry"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def cache_dir(self) -> Path:
        """Derived, disposable state (compiled catalogs); ignored by git."""
        return self.root / ".cache"


def is_project(path: Path) -> bool:
    return all((path / marker).is_dir() for marker in MARKERS)


def find_project(start: Path | None = None) -> Project:
    """The project containing `start` (default: $CAMPAIGN_PROJECT or the cwd)."""
    if start is None:
        start = Path(os.environ.get("CAMPAIGN_PROJECT") or Path.cwd())
    start = start.resolve()
    for candidate in (start, *start.parents):
        if is_project(candidate):
            return Project(candidate)
    raise CampaignError(
        f"{start} is not inside a campaign project "
        f"(a folder with {', '.join(m + '/' for m in MARKERS)}); "
        "run the command from the project folder or pass --project"
    )
