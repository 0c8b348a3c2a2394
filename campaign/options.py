"""Build options and where they put each edition's files.

Kept apart from build.py (which imports WeasyPrint, over a second of start-up)
so that a build with nothing to do can decide that quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    write_html: bool = False
    release: bool = False
    target: str = "screen"  # one of targets.TARGETS
    marks: bool = False  # crop marks (print target only)


def output_path(edition, project, options: BuildOptions) -> Path:
    """Where `edition` is written for these options (print and archive get their own suffix)."""
    from campaign.targets import file_suffix

    return edition.output_path(project.output_dir, file_suffix(options.target))
