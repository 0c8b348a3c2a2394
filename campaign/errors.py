"""Errors that name the file and the place, so a user can fix bad input.

Every problem with user-edited input (registry, catalogs, templates) becomes a
`Problem`; loaders collect all of them and raise one `InputError`, so the user
sees every mistake at once instead of fixing them one run at a time.
"""

from __future__ import annotations

import errno
import signal
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


class EnvironmentFault(CampaignError):
    """The machine, not the input, is at fault: a folder that cannot be
    written, a file where a folder should be, a full disk. A build stops at
    the first one (every later leaflet would fail the same way)."""

    @classmethod
    def from_os_error(cls, error: OSError, path: Path) -> EnvironmentFault:
        return cls(f"cannot write {path}: {_cause(error, path)}")


def _cause(error: OSError, path: Path) -> str:
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocking = _file_in_the_way(path)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    known = {
        errno.ENOSPC: "the disk is full (no space left on device)",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied (the folder is not writable)",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the file system is read-only",
    }
    return known.get(error.errno, error.strerror or str(error))


def _file_in_the_way(path: Path) -> Path | None:
    """The first of `path`'s folders that exists as something other than a folder."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return folder
    return None


class Interrupted(BaseException):
    """SIGINT (Ctrl-C) or SIGTERM (timeout, CI cancellation) stopped the command.

    A BaseException like KeyboardInterrupt, so no `except Exception` swallows it.
    """

    def __init__(self, signum: int):
        self.signum = signum
        name = signal.Signals(signum).name
        super().__init__(f"Ctrl-C ({name})" if signum == signal.SIGINT else name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


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
