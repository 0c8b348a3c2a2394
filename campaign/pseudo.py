"""Pseudo-locales: test the layout before any translation exists.

`en_XA` (expanded, accented) and `ar_XB` (mirrored, right to left) follow
Android's pseudo-locales (docs/sources.md, "Pseudo-locales and text expansion"). Their "translations" are made
on the fly from the English message each template asks for, so they always
cover every message in the templates, without a POT file or a catalog.

en_XA: "[Šţåýîñĝ šåƒé öñļîñé one two three]"
- Every letter is accented, so a glyph the fonts lack or text that is not
  translatable (a hard-coded English word) stands out.
- Brackets enclose each message, so truncated or concatenated text shows.
- Filler words make each message 1.25 times as wide and at least 8
  characters wider (brackets included), so the whole leaflet is 1.26 times
  the English: as long as the longest real catalogs (German and French 1.26,
  Irish 1.28, Māori 1.29). The build's layout check then proves, at the
  minimum type sizes, that the leaflet has room for a translation that long.
  It is not IBM's per-message table, which the catalog check warns by (1.43
  times the English over the whole leaflet: no language comes near, and
  the leaflet could hold it only below the minimum sizes);
  docs/scripts-and-layout.md, "Pseudo-locales", has the figures.

ar_XB: every word is wrapped in RIGHT-TO-LEFT OVERRIDE ... POP DIRECTIONAL
FORMATTING (with RIGHT-TO-LEFT MARKs around), as Android does: English letters
then behave like an RTL script, so the whole leaflet reads right to left
while staying readable to an English-speaking reviewer. Words with digits are
left alone, so numbers stay left to right as they do in Arabic and Hebrew.

Placeholders (%(name)s) and tags (<strong>) are kept exactly.
"""

from __future__ import annotations

import functools
import gettext
import re

from campaign.catalog_checks import visible_width
from campaign.locales import PSEUDO_LOCALES
from campaign.placeholders import split_text

__all__ = ["PSEUDO_LOCALES", "PseudoTranslations", "accented_expanded", "mirrored"]


_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)

_FILLER = "one two three four five six seven eight nine ten".split()

# How much longer en_XA makes each message (docs/scripts-and-layout.md, "Pseudo-locales").
GROWTH = 1.25
AT_LEAST = 8  # characters, as catalog_checks.check_length allows short messages

RLM, RLO, PDF = "\u200f", "\u202e", "\u202c"


def _split(message: str) -> list[str]:
    """Text at even indexes, placeholders and tags at odd ones."""
    return split_text(message)


def pseudo_width(width: int) -> int:
    """How wide en_XA makes a message `width` wide (catalog_checks.visible_width)."""
    return int(max(width * GROWTH, width + AT_LEAST))


def _filler(width: int) -> str:
    """Filler words exactly `width` characters wide, a space first."""
    words = " " + " ".join(_FILLER * (width // 40 + 1))  # the ten words are 48 wide
    filler = words[:max(0, width)]
    return filler[:-1] + "·" if filler.endswith(" ") else filler


@functools.lru_cache(maxsize=None)
def accented_expanded(message: str) -> str:
    """The en_XA form of an English message, pseudo_width() wide."""
    if not message:
        return message
    parts = _split(message)
    parts[::2] = [part.translate(_ACCENTED) for part in parts[::2]]
    bracketed = "[" + "".join(parts) + "]"
    extra = pseudo_width(visible_width(message)) - visible_width(bracketed)
    return bracketed[:-1] + _filler(extra) + "]"


_WORD_RE = re.compile(r"\S+")


def _mirror_text(text: str) -> str:
    def wrap(match: re.Match) -> str:
        word = match.group()
        if any(character.isdigit() for character in word):
            return word
        return RLM + RLO + word + PDF + RLM

    return _WORD_RE.sub(wrap, text)


@functools.lru_cache(maxsize=None)
def mirrored(message: str) -> str:
    """The ar_XB form of an English message."""
    parts = _split(message)
    parts[::2] = [_mirror_text(part) for part in parts[::2]]
    return "".join(parts)


_TRANSFORMS = {"en_XA": accented_expanded, "ar_XB": mirrored}


class PseudoTranslations(gettext.NullTranslations):
    """A gettext translations object whose every message is pseudo-localised."""

    def __init__(self, locale: str):
        super().__init__()
        self.locale = locale
        self._transform = _TRANSFORMS[locale]

    def gettext(self, message):
        return self._transform(message)

    def ngettext(self, singular, plural, n):
        return self._transform(singular if n == 1 else plural)

    def pgettext(self, context, message):
        return self._transform(message)

    def npgettext(self, context, singular, plural, n):
        return self._transform(singular if n == 1 else plural)
