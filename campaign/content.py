"""What one edition's templates are given: names, direction, help services.

Everything shown to people that is not a message comes from here: country
names and dates from Babel in the edition's language, and help services from
the registry (verified entries only, filtered for the edition's language and
audience).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import segno
from babel.dates import format_date

from campaign import __version__
from campaign.audiences import audience as audience_record
from campaign.fonts import script_class
from campaign.hours import format_hours
from campaign.locales import bcp47, parse_locale, text_direction

@dataclass(frozen=True)
class ServiceView:
    kind: str
    name: str | None  # None when the registry has only a description, not a name
    phone: str | None
    web: str | None  # as printed, without scheme
    web_url: str | None
    qr: str | None  # data: URL of an SVG QR code for web_url
    open_all_hours: bool
    hours: str | None  # other opening hours, written out for the edition


@functools.lru_cache(maxsize=512)
def qr_data_url(url: str) -> str:
    """An SVG QR code; medium error correction survives a folded, handled leaflet."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(dark="#1e2a32", light=None, border=2)


def service_views(country, locale: str, audience: str) -> list[ServiceView]:
    babel_locale = parse_locale(locale)
    wanted = audience_record(audience).serves  # registry "serves" values this leaflet shows
    views = []
    for service in country.printable_services(locale):
        if not wanted.intersection(service.serves):
            continue
        views.append(
            ServiceView(
                kind=service.kind,
                # A descriptive "name" is English; the kind's label says it
                # in the edition's language instead.
                name=None if service.name_is_description else service.name,
                phone=service.phone,
                web=service.display_web,
                web_url=service.web,
                qr=qr_data_url(service.web) if service.web else None,
                open_all_hours=service.hours == "24/7",
                hours=format_hours(service.hours, babel_locale)
                if service.hours and service.hours != "24/7" else None,
            )
        )
    return views


def group_by_kind(views: list[ServiceView]) -> list[tuple[str, list[ServiceView]]]:
    """Consecutive services of one kind share one label on the leaflet."""
    groups: list[tuple[str, list[ServiceView]]] = []
    for view in views:
        if groups and groups[-1][0] == view.kind:
            groups[-1][1].append(view)
        else:
            groups.append((view.kind, [view]))
    return groups


def edition_context(edition, country, catalog) -> dict:
    """The template variables for `edition` of `country` with `catalog` loaded."""
    locale = edition.locale
    babel_locale = parse_locale(locale)
    return {
        "audience": edition.audience,
        "cover_icon": audience_record(edition.audience).icon,
        "lang": bcp47(locale),
        "dir": text_direction(locale),
        "script_class": script_class(locale),
        "paper": country.paper,
        "country_name": country.display_name(locale),
        "service_groups": group_by_kind(service_views(country, locale, edition.audience)),
        "data_checked": format_date(country.data_checked(), "long", locale=babel_locale),
        "is_draft": catalog.status == "draft",
        "tool_version": __version__,
        "stylesheets": (),  # linked only in HTML written for people (--html)
        "base_href": "",
    }
