"""Who publishes the leaflets: the project file `campaign.toml`.

    [publisher]
    name = "Example Child Safety Foundation"
    website = "https://example.org"
    logo = "templates/assets/logos/publisher.svg"

    [partners.GB]                       # optional, per country (ISO code)
    name = "Example Helpline Trust"     # the logo's text for screen readers
    line = "With the support of …"
    logo = "templates/assets/logos/partner-gb.svg"

The cover carries the publisher's logo (and the country partner's, if any);
the back panel an imprint: the publisher, the edition code and date, and
"free, not for sale" in the edition's language. Without the file, or without
a [publisher] table, the leaflets name no organisation: they print a neutral
"published by the national campaign partner" line and no logo.

Logos are SVG files under templates/assets/ (the only folder the renderer
reads), checked by svg_safety when the file is loaded: a missing or unsafe
logo is one error naming campaign.toml, the entry and the logo file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from campaign.errors import InputError, Problem
from campaign.scripts import unbreakable
from campaign.svg_safety import UnsafeSVG, check_svg

FILE_NAME = "campaign.toml"
LOGO_FOLDER = Path("templates") / "assets"
_PUBLISHER_KEYS = {"name", "website", "logo"}
_PARTNER_KEYS = {"name", "line", "logo"}


@dataclass(frozen=True)
class Publisher:
    name: str
    website: str | None = None
    logo: str | None = None  # path relative to templates/, as the HTML refers to it


@dataclass(frozen=True)
class Partner:
    name: str
    line: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class Imprint:
    publisher: Publisher | None = None  # None: the neutral default
    partners: dict[str, Partner] = field(default_factory=dict)

    def context(self, edition, made: datetime) -> dict:
        """Template variables for `edition`, made (built from sources of) `made`."""
        from babel.dates import format_date

        from campaign.locales import parse_locale

        return {
            "publisher": self.publisher,
            "partner": self.partners.get(edition.country),
            # Isolated (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE), so that in
            # right-to-left text the date's day does not join the code's Latin run.
            "edition_code": f"\u2068{edition.country}-{edition.locale}-{edition.audience}\u2069",
            "edition_date": unbreakable(
                format_date(made.date(), "long", locale=parse_locale(edition.locale))
            ),
        }


def _text(table: dict, key: str, place: str, problems: list[Problem], file: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(file, f"{place}.{key}", "must be a non-empty string"))
        return None
    return value.strip()


def _logo(root: Path, value: str | None, place: str, problems: list[Problem], file: str) -> str | None:
    """The logo's path relative to templates/, after checking the file."""
    if value is None:
        return None
    assets = (root / LOGO_FOLDER).resolve()
    path = (root / value).resolve()
    if not path.is_relative_to(assets) or path.suffix.lower() != ".svg":
        problems.append(Problem(file, f"{place}.logo", f"{value!r} must be an .svg file under {LOGO_FOLDER.as_posix()}/"))
        return None
    if not path.is_file():
        problems.append(Problem(file, f"{place}.logo", f"the logo file {value} does not exist"))
        return None
    try:
        check_svg(path.read_bytes())
    except UnsafeSVG as reason:
        problems.append(Problem(file, f"{place}.logo", f"the logo {value} is refused: {reason}"))
        return None
    return path.relative_to((root / "templates").resolve()).as_posix()


def _unknown_keys(table: dict, allowed: set[str], place: str, problems: list[Problem], file: str) -> None:
    for key in sorted(set(table) - allowed):
        problems.append(Problem(file, f"{place}.{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})"))


def load_imprint(root: Path) -> Imprint:
    """The project's imprint; the neutral default when campaign.toml is absent."""
    path = root / FILE_NAME
    if not path.is_file():
        return Imprint()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{FILE_NAME} is not valid TOML", [Problem(FILE_NAME, "", str(error))]) from None
    problems: list[Problem] = []
    _unknown_keys(data, {"publisher", "partners"}, "", problems, FILE_NAME)
    publisher = None
    table = data.get("publisher")
    if isinstance(table, dict):
        _unknown_keys(table, _PUBLISHER_KEYS, "publisher", problems, FILE_NAME)
        name = _text(table, "name", "publisher", problems, FILE_NAME)
        if name is None and "name" not in table:
            problems.append(Problem(FILE_NAME, "publisher.name", "a publisher needs a name"))
        website = _text(table, "website", "publisher", problems, FILE_NAME)
        if website and not website.startswith("https://"):
            problems.append(Problem(FILE_NAME, "publisher.website", "must start with https://"))
        logo = _logo(root, _text(table, "logo", "publisher", problems, FILE_NAME), "publisher", problems, FILE_NAME)
        if name:
            publisher = Publisher(name, website, logo)
    elif table is not None:
        problems.append(Problem(FILE_NAME, "publisher", "must be a table ([publisher])"))
    partners = {}
    for country, table in (data.get("partners") or {}).items():
        place = f"partners.{country}"
        if not (isinstance(table, dict) and len(country) == 2 and country.isupper()):
            problems.append(Problem(FILE_NAME, place, "must be a table named by a country's ISO code ([partners.GB])"))
            continue
        _unknown_keys(table, _PARTNER_KEYS, place, problems, FILE_NAME)
        name = _text(table, "name", place, problems, FILE_NAME)
        if "name" not in table:
            problems.append(Problem(FILE_NAME, f"{place}.name", "a partner needs a name"))
        line = _text(table, "line", place, problems, FILE_NAME)
        logo = _logo(root, _text(table, "logo", place, problems, FILE_NAME), place, problems, FILE_NAME)
        if name:
            partners[country] = Partner(name, line, logo)
    if problems:
        raise InputError(f"{FILE_NAME} has {len(problems)} problem(s)", problems)
    return Imprint(publisher, partners)
