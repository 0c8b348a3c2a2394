"""What one edition's templates are given: names, direction, help services.

Everything shown to people that is not a message comes from here: country
names and dates from Babel in the edition's language, and help services from
the registry (verified entries only, filtered for the edition's language and
audience).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import functools
import io
import re
from dataclasses import dataclass

import segno
from babel.dates import format_date
from PIL import Image

from campaign import __version__
from campaign.audiences import audience as audience_record
from campaign.fonts import script_class
from campaign.hours import ALL_HOURS, format_hours
from campaign.locales import bcp47, language_of, parse_locale, text_direction
from campaign.registry import confirmed_on, display_address
from campaign.registry.schema import language_matches
from campaign.scripts import unbreakable

@dataclass(frozen=True)
class ServiceView:
    kind: str
    name: str | None  # None when the registry has only a description, or the name is the address
    name_lang: str | None  # BCP 47 language of the name where it is not the edition's, else None
    phones: tuple[str, ...]  # more than one when one service's lines are merged (see group_by_kind)
    sms: str | None  # number to text
    sms_keyword: str | None  # word to text to it, if any
    web: str | None  # as printed, without scheme (the name's spelling if it is the address)
    web_url: str | None
    chat: str | None  # as printed
    chat_url: str | None
    qr: str | None  # data: URL of an SVG QR code for web_url
    open_all_hours: bool
    hours: str | None  # other opening hours, written out for the edition


QR_MODULE_PIXELS = 4  # pixels per module of a QR code's image (drawn without smoothing)


@functools.lru_cache(maxsize=512)
def qr_data_url(url: str) -> str:
    """A QR code as a PNG data: URL; medium error correction survives a
    folded, handled leaflet.

    Black on white in 8-bit grey: the print target's files must hold no RGB
    (WeasyPrint writes a 1-bit or palette PNG as RGB, a grey one as
    DeviceGray), and black on white scans best. An image, not SVG: a QR
    code's path has some 300 segments, which WeasyPrint parsed and drew again
    in every leaflet (3 ms each; a drawn image is one reference to it), and
    its data: URL was a tenth of the leaflet's HTML. The stylesheet draws it
    without smoothing (image-rendering), so the modules stay sharp.
    """
    code = segno.make(url, error="m", micro=False)
    rows = [bytes(0 if dark else 255 for dark in row)
            for row in code.matrix_iter(scale=QR_MODULE_PIXELS, border=2)]
    image = Image.frombytes("L", (len(rows[0]), len(rows)), b"".join(rows))
    png = io.BytesIO()
    image.save(png, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


def edition_services(country, locale: str, audience: str) -> list:
    """The registry services one edition prints, in print order."""
    wanted = audience_record(audience).serves  # registry "serves" values this leaflet shows
    return [service for service in country.printable_services(locale)
            if wanted.intersection(service.serves)]


def service_views(country, locale: str, audience: str) -> list[ServiceView]:
    babel_locale = parse_locale(locale)
    language = language_of(locale)
    return [_view(service, language, babel_locale, country.language)
            for service in edition_services(country, locale, audience)]


def _same_number(name: str, phone: str) -> bool:
    """Whether a service's name is its phone number ("3114"; "116 111" and "116111")."""
    return bool(re.fullmatch(r"[\d\s\-+]+", name)) and \
        re.sub(r"[\s\-]", "", name) == re.sub(r"[\s\-]", "", phone)


def _view(service, language: str, babel_locale, country_language: str) -> ServiceView:
    web_url = service.web_in(language)
    web = display_address(web_url)
    # A descriptive "name" is English; the kind's label says it in the
    # edition's language instead.
    name = None if service.name_is_description else service.name_in(language)
    if name and web and name.casefold() == web.casefold():
        web, name = name, None  # "Cybertip.ca": printed once, as the link
    if name and service.phone and _same_number(name, service.phone):
        name = None  # "3114", France's suicide prevention line: printed once, as the number
    # A name in another language than the page's is marked, so screen readers
    # switch voice (PDF/UA: /Lang on its structure element).
    name_language = service.name_language_in(language, country_language)
    return ServiceView(
        kind=service.kind,
        name=name,
        name_lang=None if not name or language_matches(name_language, language)
        else bcp47(name_language),
        phones=(service.phone,) if service.phone else (),
        sms=service.sms,
        sms_keyword=service.sms_keyword,
        web=web,
        web_url=web_url,
        chat=display_address(service.chat),
        chat_url=service.chat,
        qr=qr_data_url(web_url) if web_url else None,
        open_all_hours=service.hours == ALL_HOURS,
        hours=format_hours(service.hours, babel_locale)
        if service.hours and service.hours != ALL_HOURS else None,
    )


def release_problems(country, edition, today: datetime.date) -> list[str]:
    """Why --release refuses `edition`: its services' contact details are
    not confirmed with the services, or were confirmed too long ago."""
    problems = []
    for service in edition_services(country, edition.locale, edition.audience):
        problem = service.confirmation_problem(today)
        if problem:
            problems.append(f"{service.id} ({service.name}): {problem}")
    return problems


def group_by_kind(views: list[ServiceView]) -> list[tuple[str, list[ServiceView]]]:
    """Consecutive services of one kind share one label on the leaflet, and
    one service's several numbers (The Smile of the Child: 1056 and 116 111)
    share one entry, so the panel does not repeat a name and its hours."""
    groups: list[tuple[str, list[ServiceView]]] = []
    for view in views:
        if groups and groups[-1][0] == view.kind:
            last = groups[-1][1][-1]
            if _same_phone_line(last, view):
                groups[-1][1][-1] = dataclasses.replace(last, phones=last.phones + view.phones)
            else:
                groups[-1][1].append(view)
        else:
            groups.append((view.kind, [view]))
    return groups


def _same_phone_line(first: ServiceView, second: ServiceView) -> bool:
    """Two phone-only entries of one named service with the same hours."""
    return (first.name is not None and first.name == second.name
            and bool(first.phones) and bool(second.phones)
            and (first.open_all_hours, first.hours) == (second.open_all_hours, second.hours)
            and not any((first.sms, first.web, first.chat, second.sms, second.web, second.chat)))


def _confirmation_date(country, edition, babel_locale) -> str | None:
    """The oldest confirmation of what the edition prints, written out; None
    while any of it is unconfirmed (the leaflet then says so)."""
    day = confirmed_on(edition_services(country, edition.locale, edition.audience))
    # A date is never split across lines (nor hyphenated: "Νοεμ-βρίου").
    return unbreakable(format_date(day, "long", locale=babel_locale)) if day else None


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
        "contacts_confirmed": _confirmation_date(country, edition, babel_locale),
        "is_draft": catalog.status == "draft",
        "tool_version": __version__,
        "stylesheets": (),  # linked only in HTML written for people (--html)
        "base_href": "",
    }
