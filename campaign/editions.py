"""The build matrix: one edition per country × locale × audience."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from campaign.errors import CampaignError

AUDIENCES = ("children", "teens", "parents")


@dataclass(frozen=True, order=True)
class Edition:
    country: str  # ISO 3166 code, e.g. "BE"
    locale: str  # Babel identifier, e.g. "fr_BE"
    audience: str  # one of AUDIENCES

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
        for audience in AUDIENCES
    ]


def _check_known(kind: str, asked: Iterable[str], known: Iterable[str]) -> None:
    unknown = sorted(set(asked) - set(known))
    if unknown:
        raise CampaignError(
            f"unknown {kind} {', '.join(unknown)}; known: {', '.join(sorted(set(known)))}"
        )


def select_editions(
    registry,
    countries: Iterable[str] = (),
    locales: Iterable[str] = (),
    audiences: Iterable[str] = (),
    extra_locales: Iterable[str] = (),
) -> list[Edition]:
    """Editions matching every given filter (an empty filter matches all).

    `extra_locales` are locales built for every selected country although no
    country lists them (pseudo-locales for layout testing).
    """
    countries = [c.upper() for c in countries]
    matrix = all_editions(registry)
    _check_known("country", countries, registry.countries)
    _check_known(
        "locale", locales, [e.locale for e in matrix] + list(extra_locales)
    )
    _check_known("audience", audiences, AUDIENCES)
    selected = [
        edition
        for edition in matrix
        if (not countries or edition.country in countries)
        and (not locales or edition.locale in locales)
        and (not audiences or edition.audience in audiences)
    ]
    for locale in extra_locales:
        if locale in locales:
            selected += _pseudo_editions(registry, locale, countries, audiences)
    return sorted(selected)


def _pseudo_editions(registry, locale, countries, audiences) -> list[Edition]:
    codes = countries or list(registry.countries)
    return [
        Edition(code, locale, audience)
        for code in codes
        for audience in (audiences or AUDIENCES)
    ]
