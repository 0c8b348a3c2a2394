"""Stand-ins for EditionBuilder for tests/test_build_paths.py, imported by name
("path_builders:RecordsWhoBuilt") in this process and in fresh workers."""

import multiprocessing
import os

from campaign.build import EditionResult
from campaign.errors import CampaignError


def _in_worker() -> bool:
    return multiprocessing.parent_process() is not None


class RecordsWhoBuilt:
    """Builds nothing; leaves a file per edition in output/built-by/ naming the process."""

    def __init__(self, project, registry):
        self.folder = project.output_dir / "built-by"
        self.folder.mkdir(parents=True, exist_ok=True)

    def build(self, edition, options, known_fit=None):
        who = f"{'worker' if _in_worker() else 'build'}-{os.getpid()}"
        (self.folder / f"{who} {edition.key.replace('/', ' ')}").touch()
        return EditionResult(edition, ok=True)


class StartsOnlyInTheBuildProcess(RecordsWhoBuilt):
    """Every worker fails to start (as one missing a library would)."""

    def __init__(self, project, registry):
        if _in_worker():
            raise CampaignError("this worker cannot start")
        super().__init__(project, registry)
