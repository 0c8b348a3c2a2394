"""The build matrix: one edition per country × locale × audience."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from campaign.audiences import AUDIENCE_NAMES
from campaign.errors import CampaignError
from campaign.locales import normalize


@dataclass(frozen=True, order=True)
class Edition:
    country: str  # ISO 3166 code, e.g. "BE"
    locale: str  # Babel identifier, e.g. "fr_BE"
    audience: str  # one of audiences.AUDIENCES

    @property
    def key(self) -> str:
        return f"{self.country}/{self.locale}/{self.audience}"

    def output_path(self, output_dir: Path, suffix: str = ".pdf") -> Path:
        return output_dir / self.country / self.locale / f"{self.audience}{suffix}"

    def __str__(self) -> str:
        return self.key


def all_editions(registry) -> list[Edition]:
    return [
        Edition(country.code, locale, audience)
        for country in registry.countries.values()
        for locale in country.locales
        for audience in AUDIENCE_NAMES
    ]


def _check_known(kind: str, asked: Iterable[str], known: Iterable[str]) -> None:
    unknown = sorted(set(asked) - set(known))
    if unknown:
        raise CampaignError(
            f"unknown {kind} {', '.join(unknown)}; known: {', '.join(sorted(set(known)))}"
        )


class NothingSelected(CampaignError):
    """Every filter is valid, but together they match no edition."""


@dataclass(frozen=True)
class Selection:
    """Which editions to work on: each filter is a list of wanted values (empty: all).

    Locales may be written with hyphens ("fr-BE") or underscores ("fr_BE").
    """

    countries: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "countries", tuple(code.upper() for code in self.countries))
        object.__setattr__(self, "locales", tuple(normalize(locale) for locale in self.locales))
        object.__setattr__(self, "audiences", tuple(self.audiences))

    def matches(self, edition: Edition) -> bool:
        return all(not wanted or value in wanted for value, wanted in (
            (edition.country, self.countries), (edition.locale, self.locales),
            (edition.audience, self.audiences)))

    def editions(self, registry, extra_locales: Iterable[str] = ()) -> list[Edition]:
        """The matching editions, sorted; CampaignError for an unknown country,
        locale or audience, NothingSelected if the filters match nothing.

        `extra_locales` are locales built for every selected country although
        no country lists them (pseudo-locales for layout testing); they are
        built only when asked for by name.
        """
        matrix = all_editions(registry)
        _check_known("country", self.countries, registry.countries)
        _check_known("locale", self.locales, [e.locale for e in matrix] + list(extra_locales))
        _check_known("audience", self.audiences, AUDIENCE_NAMES)
        matrix += [
            Edition(code, locale, audience)
            for locale in extra_locales if locale in self.locales
            for code in registry.countries
            for audience in AUDIENCE_NAMES
        ]
        selected = sorted(edition for edition in matrix if self.matches(edition))
        if not selected:
            raise NothingSelected("no edition matches these filters")
        return selected
