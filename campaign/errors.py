"""Errors that name the file and the place, so a user can fix bad input.

Every problem with user-edited input (registry, catalogs, templates) becomes a
`Problem`; loaders collect all of them and raise one `InputError`, so the user
sees every mistake at once instead of fixing them one run at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file: where it is and what is wrong."""

    file: str
    place: str  # e.g. "line 12", "country BE, services[2].phone"
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}: {self.place}" if self.place else self.file
        return f"{where}: {self.severity}: {self.message}"


class CampaignError(Exception):
    """A failure the command line reports as one clear message and exit code 1."""


class InputError(CampaignError):
    """User-edited input is invalid; carries every problem found."""

    def __init__(self, summary: str, problems: list[Problem]):
        self.summary = summary
        self.problems = sorted(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [self.summary]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user should read it: relative to the project when possible."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
