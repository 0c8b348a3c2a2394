"""Shared test helpers (a plain module, not fixtures)."""

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from campaign.project import Project

CATALOG_FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"


class Locator:
    """Stands in for the CLI's project locator when a command group is invoked directly."""

    def __init__(self, project: Project):
        self.project = project


def catalog_project(root: Path) -> Project:
    """A tiny project: the fixture templates, with empty locales/ and registry/."""
    shutil.copytree(CATALOG_FIXTURES / "templates", root / "templates")
    (root / "locales").mkdir()
    (root / "registry").mkdir()
    return Project(root)


def invoke(command, project: Project, *args: str):
    return CliRunner().invoke(command, list(args), obj=Locator(project), catch_exceptions=False)


def set_translations(project: Project, name: str, translations: dict[str, str]) -> Path:
    """Write translations (by English text) into catalog `name`; returns its path."""
    from campaign.po_files import po_path, read_catalog, write_catalog

    path = po_path(project, name)
    catalog, _ = read_catalog(path, name)
    for english, text in translations.items():
        catalog.get(english).string = text
    write_catalog(path, catalog)
    return path


def pdf_text(path, raw: bool = False) -> str:
    """The text of a built PDF, as pdftotext reads it; `raw`: in the order the
    page draws it (the document's order, panel by panel), not pdftotext's
    reading order, which can interleave lines of two panels that share
    baselines."""
    return subprocess.run(["pdftotext", *(["-raw"] if raw else []), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def laid_out(builder, country: str, locale: str, audience: str, fit=None):
    """The WeasyPrint document of an edition, laid out as a screen build does."""
    from campaign.editions import Edition
    from campaign.targets import target

    edition = Edition(country, locale, audience)
    html = builder.render_html(edition, builder.catalog(locale), linked=False, fit=fit)
    return builder.renderer.layout(html, target("screen").stylesheets)
