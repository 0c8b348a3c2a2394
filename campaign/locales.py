"""Small, pure helpers for locale identifiers.

Babel wants underscores ("sr_Latn_ME"); HTML `lang` wants BCP 47 hyphens
("sr-Latn-ME"). The registry and the command line use Babel's form; `bcp47`
converts at the edge. Names shown to people (languages, countries) always come
from Babel's CLDR data, never from hand-written tables.
"""

from __future__ import annotations

import babel
from babel.core import UnknownLocaleError
from babel.core import parse_locale as split_identifier

# Pseudo-locales for layout testing: accented/expanded English and mirrored
# (right-to-left) text. CLDR has no data for them, so Babel uses the base.
PSEUDO_LOCALES = {"en_XA": "en", "ar_XB": "ar"}

# Two-letter CLDR region codes that are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


def normalize(identifier: str) -> str:
    """The Babel form of a locale identifier as people type it.

    The one place where typed locales are normalised (build, proof, the
    catalog commands and `countries show` all use it): BCP 47 hyphens and any
    letter case are accepted, so "fr-BE", "fr_be" and "fr_BE" all give
    "fr_BE", and "sr-latn-me" gives "sr_Latn_ME". Something that is not an
    identifier at all comes back only stripped of hyphens, for the caller to
    report as unknown.
    """
    name = identifier.strip().replace("-", "_")
    try:
        language, territory, script, variant = split_identifier(name)
    except ValueError:
        return name
    return "_".join(part for part in (language, script, territory, variant) if part)


def parse_locale(identifier: str) -> babel.Locale:
    """The Babel locale for `identifier`; ValueError with a clear message if unknown."""
    name = normalize(identifier)
    name = PSEUDO_LOCALES.get(name, name)
    try:
        return babel.Locale.parse(name)
    except (ValueError, UnknownLocaleError) as error:
        raise ValueError(
            f"unknown locale {identifier!r}: Babel has no locale data for it "
            "(use a CLDR identifier with underscores, e.g. fr_BE or sr_Latn_ME)"
        ) from error


def is_pseudo(identifier: str) -> bool:
    return normalize(identifier) in PSEUDO_LOCALES


def bcp47(identifier: str) -> str:
    """"sr_Latn_ME" -> "sr-Latn-ME", for HTML `lang`."""
    return normalize(identifier).replace("_", "-")


def language_of(identifier: str) -> str:
    """The language plus the script written in the identifier, if any.

    "fr_BE" -> "fr", "sr_Latn_ME" -> "sr_Latn", "sr_Cyrl_RS" -> "sr_Cyrl".
    A script is kept only when the identifier names it, so Serbian editions in
    Latin and Cyrillic can differ while "nl" covers nl_BE and nl_NL alike.
    """
    language, _territory, script, _variant = split_identifier(normalize(identifier))
    return f"{language}_{script}" if script else language


def text_direction(identifier: str) -> str:
    """"ltr" or "rtl" (he_IL, ar_IL and the ar_XB pseudo-locale are rtl)."""
    return parse_locale(identifier).text_direction


def language_display_name(identifier: str, in_locale: str) -> str:
    """The name of `identifier` in `in_locale`: ("fr_BE", "fr_BE") -> "français (Belgique)"."""
    name = parse_locale(identifier).get_display_name(parse_locale(in_locale))
    if is_pseudo(identifier):
        name += f" [pseudo-locale {normalize(identifier)}]"
    return name


def territory_name(code: str, in_locale: str) -> str | None:
    """The name of a country in `in_locale`: ("BE", "fr_BE") -> "Belgique"; None if unknown."""
    return parse_locale(in_locale).territories.get(code)


def is_known_country(code: str) -> bool:
    """True for two-letter codes CLDR names as a country or territory (XK included)."""
    return (
        len(code) == 2
        and code.isupper()
        and code not in NOT_COUNTRIES
        and code in babel.Locale("en").territories
    )
