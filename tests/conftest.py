import datetime
import re
import shutil
from pathlib import Path

import pytest

from campaign.project import Project

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project() -> Project:
    """The real project in this repository (registry, templates, locales)."""
    return Project(REPO_ROOT)


def copy_project(destination: Path) -> Project:
    for name in ("registry", "templates", "locales"):
        shutil.copytree(REPO_ROOT / name, destination / name, ignore=shutil.ignore_patterns("*.mo"))
    return Project(destination)


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A private copy of the project whose output/ and locales/ tests may change."""
    return copy_project(tmp_path)


@pytest.fixture(scope="module")
def module_project_copy(tmp_path_factory) -> Project:
    """Like project_copy, shared by the tests of one module (builds are slow)."""
    return copy_project(tmp_path_factory.mktemp("project"))


def confirm_contacts(project: Project, codes, day: datetime.date | None = None) -> None:
    """Record a confirmation (default: a week ago) on every verified service of the
    countries `codes` and on every shared one, as a coordinator would before release."""
    day = day or datetime.date.today() - datetime.timedelta(days=7)
    files = [project.registry_dir / "countries" / f"{code}.toml" for code in codes]
    for path in files + [project.registry_dir / "shared-services.toml"]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(
            r"(?m)^verified = true$",
            f'verified = true\nconfirmed = {day.isoformat()}\nconfirmed_by = "Test coordinator, phone call"',
            text,
        ), encoding="utf-8")
