import shutil
from pathlib import Path

import pytest

from campaign.project import Project

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project() -> Project:
    """The real project in this repository (registry, templates, locales)."""
    return Project(REPO_ROOT)


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A private copy of the project whose output/ and locales/ tests may change."""
    for name in ("registry", "templates", "locales"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    return Project(tmp_path)
