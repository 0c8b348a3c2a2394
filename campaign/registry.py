"""The country registry: where to report abuse and get help, per country.

The registry is hand-edited TOML (see registry/README.md): one file per country
in registry/countries/XX.toml, plus registry/shared-services.toml for services
defined once and attached to many countries (Take It Down, CyberTipline).

This module is the model (services, countries, what a leaflet prints);
registry_loader.py reads and validates the files.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from campaign.errors import CampaignError
from campaign.locales import language_of, territory_name

# Print order on the leaflet.
KINDS = ("hotline", "child_helpline", "parent_line", "emergency", "police_tip_line", "removal")
AUDIENCES = ("children", "young_people", "parents", "anyone")
PAPER_SIZES = ("A4", "Letter")
# Kinds through which abuse can be reported (a gap if a country has none).
REPORTING_KINDS = ("hotline", "police_tip_line")
STALE_AFTER_MONTHS = 12

COUNTRIES_DIR = "countries"
SHARED_FILE = "shared-services.toml"


@dataclass(frozen=True)
class Service:
    id: str
    kind: str
    name: str
    phone: str | None
    web: str | None
    hours: str | None
    serves: tuple[str, ...]
    languages: tuple[str, ...]
    source: str
    checked: datetime.date
    verified: bool
    note: str | None
    # True when `name` is only a description ("Police", "Child hotline") because
    # the source gives no proper name: print the kind's label and number instead.
    name_is_description: bool = False
    shared: bool = False  # defined in shared-services.toml

    @property
    def display_web(self) -> str | None:
        """The address as printed: "https://stopline.at/" -> "stopline.at"."""
        if not self.web:
            return None
        return re.sub(r"^https?://", "", self.web).rstrip("/")

    @property
    def printable(self) -> bool:
        """Only verified entries with something to call or visit reach a leaflet."""
        return self.verified and bool(self.phone or self.web)

    def answers_in(self, language: str) -> bool:
        """Whether this service belongs on the edition in `language` ("fr", "sr_Latn")."""
        return not self.languages or any(
            language_matches(wanted, language) for wanted in self.languages
        )


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # English, for coordinators; leaflets use display_name()
    locales: tuple[str, ...]
    paper: str
    services: tuple[Service, ...]

    def printable_services(self, language: str | None = None) -> tuple[Service, ...]:
        """Verified services, for one edition's language if given, in KINDS order.

        `language` may be a locale ("fr_BE") or a language ("fr", "sr_Latn").
        """
        chosen = [s for s in self.services if s.printable]
        if language is not None:
            edition_language = language_of(language)
            chosen = [s for s in chosen if s.answers_in(edition_language)]
        return tuple(sorted(chosen, key=lambda s: KINDS.index(s.kind)))

    def display_name(self, locale: str) -> str:
        """The country's name in `locale`, from CLDR: BE in fr_BE -> "Belgique"."""
        return territory_name(self.code, locale) or self.name

    def data_checked(self) -> datetime.date:
        """The oldest check date among what a leaflet prints (printed on it)."""
        services = self.printable_services() or self.services
        if not services:
            raise CampaignError(f"country {self.code} has no services")
        return min(s.checked for s in services)

    def gaps(self) -> tuple[str, ...]:
        """What is missing for a complete "where to get help" panel, in plain words."""
        gaps = []
        own = [s for s in self.services if not s.shared]
        fallback = [s.name for s in self.services
                    if s.shared and s.printable and s.kind in REPORTING_KINDS]
        for gap in _kind_gaps(own, REPORTING_KINDS, "national hotline"):
            gaps.append(f"{gap}; reports go to {', '.join(fallback)}" if fallback else gap)
        if not any(s.printable and s.kind in REPORTING_KINDS for s in self.services):
            gaps.append("no verified reporting route at all")
        gaps += _kind_gaps(self.services, ("child_helpline",), "child helpline")
        gaps += _kind_gaps(self.services, ("emergency",), "emergency number")
        gaps += _kind_gaps(self.services, ("removal",), "image-removal service")
        gaps += self._edition_gaps()
        return tuple(gaps)

    def _edition_gaps(self) -> list[str]:
        """Kinds the country has, but not in one of its editions' languages."""
        gaps = []
        country_kinds = {s.kind for s in self.printable_services()}
        for locale in self.locales:
            edition_kinds = {s.kind for s in self.printable_services(locale)}
            for kind in KINDS:
                if kind in country_kinds and kind not in edition_kinds:
                    gaps.append(f"no {kind.replace('_', ' ')} in the {locale} edition")
        return gaps


def _kind_gaps(services, kinds, label: str) -> list[str]:
    if any(s.printable and s.kind in kinds for s in services):
        return []
    pending = [s for s in services if s.kind in kinds]
    if not pending:
        return [f"no {label}"]
    # Name what is waiting for verification, unless the name is only a description.
    names = [s.phone if s.name_is_description else s.name for s in pending]
    names = [name for name in names if name]
    return [f"{label} not verified" + (f" ({', '.join(names)})" if names else "")]


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last_day in (day.day, 30, 29, 28):  # 31 March minus one month = 28/29 Feb
        try:
            return datetime.date(year, month, last_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Registry:
    countries: dict[str, Country]  # sorted by code

    def country(self, code: str) -> Country:
        try:
            return self.countries[code.upper()]
        except KeyError:
            raise CampaignError(
                f"unknown country {code!r}; the registry has: {', '.join(self.countries)}"
            ) from None

    def all_locales(self) -> list[str]:
        return sorted({locale for c in self.countries.values() for locale in c.locales})

    def entries(self) -> list[tuple[str, Service]]:
        """Every service once, with its owner: a country code, or "shared"."""
        own = [(c.code, s) for c in self.countries.values() for s in c.services if not s.shared]
        shared = {s.id: s for c in self.countries.values() for s in c.services if s.shared}
        return own + [("shared", s) for s in shared.values()]


def language_matches(service_language: str, edition_language: str) -> bool:
    """"sr" matches the sr_Latn and sr_Cyrl editions; "sr_Latn" only sr_Latn."""
    return service_language in (edition_language, edition_language.split("_")[0])


def load_registry(registry_dir: Path, today: datetime.date | None = None) -> Registry:
    """Read and validate the registry; raise InputError listing every problem."""
    from campaign.registry_loader import RegistryLoader

    return RegistryLoader(Path(registry_dir), today or datetime.date.today()).load_valid()
