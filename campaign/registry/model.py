"""The registry model: countries, their services, what a leaflet prints.

The records' fields come from schema.py (declared once there); this module
adds what they mean: which services print on which edition, in which
language, which are confirmed, and what a country is missing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, make_dataclass

from campaign.errors import CampaignError
from campaign.locales import language_of, territory_name
from campaign.registry.schema import COUNTRY_FIELDS, KINDS, SERVICE_FIELDS, language_matches

# Kinds through which abuse can be reported (a gap if a country has none).
REPORTING_KINDS = ("hotline", "police_tip_line")
# A confirmation with a service is good for this long (--release refuses older ones).
CONFIRMATION_VALID_MONTHS = 12
STALE_AFTER_MONTHS = 12


def _record_base(name: str, fields, extra=()):
    """A frozen dataclass with one attribute per schema field (plus `extra`)."""
    attributes = [(spec.name, object, field(default=spec.default)) for spec in fields]
    return make_dataclass(name, attributes + list(extra), frozen=True, kw_only=True)


class Service(_record_base("ServiceFields", SERVICE_FIELDS,
                           [("shared", bool, field(default=False))])):  # from shared-services.toml
    """One help service; attributes as in schema.SERVICE_FIELDS."""

    @property
    def display_web(self) -> str | None:
        return display_address(self.web)

    @property
    def printable(self) -> bool:
        """Only verified entries with a way to reach them reach a leaflet."""
        return self.verified and bool(self.phone or self.web or self.sms or self.chat)

    def answers_in(self, language: str) -> bool:
        """Whether this service belongs on the edition in `language` ("fr", "sr_Latn")."""
        return not self.languages or any(
            language_matches(wanted, language) for wanted in self.languages
        )

    def name_in(self, language: str) -> str:
        """Its official name in `language` if the registry has one, else its own name."""
        return _for_language(self.name_by_language, language) or self.name

    def name_language_in(self, language: str, country_language: str) -> str:
        """The language of name_in(language): the key it has in name_by_language,
        else name_language, else `country_language` (its country's first locale's)."""
        key = _key_for_language(self.name_by_language, language)
        return key or self.name_language or country_language

    def web_in(self, language: str) -> str | None:
        return _for_language(self.web_by_language, language) or self.web

    def confirmation_problem(self, today: datetime.date) -> str | None:
        """Why this service's contact details are not confirmed for printing, if they are not."""
        if self.confirmed is None:
            return "not yet confirmed with the service"
        oldest = months_before(today, CONFIRMATION_VALID_MONTHS)
        if self.confirmed < oldest:
            return (f"confirmed on {self.confirmed.isoformat()}, over "
                    f"{CONFIRMATION_VALID_MONTHS} months ago")
        return None


def _for_language(pairs, language: str):
    key = _key_for_language(pairs, language)
    return dict(pairs)[key] if key else None


def _key_for_language(pairs, language: str) -> str | None:
    for wanted, _value in pairs:
        if language_matches(wanted, language):
            return wanted
    return None


def display_address(web: str | None) -> str | None:
    """An address as printed: "https://stopline.at/" -> "stopline.at"."""
    if not web:
        return None
    return re.sub(r"^https?://", "", web).rstrip("/")


class Country(_record_base("CountryFields", COUNTRY_FIELDS)):
    """One country; attributes as in schema.COUNTRY_FIELDS, with `services`
    holding its own and its shared services (shared_services names them)."""

    def printable_services(self, language: str | None = None) -> tuple[Service, ...]:
        """Verified services, for one edition's language if given, in KINDS order.

        `language` may be a locale ("fr_BE") or a language ("fr", "sr_Latn").
        """
        chosen = [s for s in self.services if s.printable]
        if language is not None:
            edition_language = language_of(language)
            chosen = [s for s in chosen if s.answers_in(edition_language)]
        return tuple(sorted(chosen, key=lambda s: KINDS.index(s.kind)))

    @property
    def language(self) -> str:
        """The language of its first locale ("nl" for BE): what its services'
        names are taken to be in when they have no name_language."""
        return language_of(self.locales[0])

    def display_name(self, locale: str) -> str:
        """The country's name in `locale`, from CLDR: BE in fr_BE -> "Belgique"."""
        return territory_name(self.code, locale) or self.name

    def sources_read(self) -> datetime.date:
        """The oldest day a source of what leaflets print was read."""
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
        gaps += _kind_gaps(self.services, ("crisis_line",), "crisis line")
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


def confirmed_on(services) -> datetime.date | None:
    """The oldest confirmation among `services`, or None if any is unconfirmed."""
    dates = [s.confirmed for s in services]
    if not dates or None in dates:
        return None
    return min(dates)


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
