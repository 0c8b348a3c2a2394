"""Build options and where they put each edition's files.

Kept apart from build.py (which imports WeasyPrint, over a second of start-up)
so that a build with nothing to do can decide that quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from campaign.errors import CampaignError


@dataclass(frozen=True)
class BuildOptions:
    write_html: bool = False
    release: bool = False
    target: str = "screen"  # a name in targets.TARGETS (a name, so options pickle cheaply)
    marks: bool = False  # crop and fold marks, for targets whose record says they apply

    def __post_init__(self):
        from campaign.targets import TARGETS, target

        if self.marks and not target(self.target).marks_apply:
            takes_marks = " or ".join(t.name for t in TARGETS.values() if t.marks_apply)
            raise CampaignError(f"--marks needs --target {takes_marks}")


def output_path(edition, project, options: BuildOptions) -> Path:
    """Where `edition` is written for these options (print and archive get their own suffix)."""
    from campaign.targets import target

    return edition.output_path(project.output_dir, target(options.target).suffix)
