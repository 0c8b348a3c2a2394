"""Pseudo-locales: test the layout before any translation exists.

`en_XA` (expanded, accented) and `ar_XB` (mirrored, right to left) follow
Android's pseudo-locales (docs/sources.md, "Pseudo-locales and text expansion"). Their "translations" are made
on the fly from the English message each template asks for, so they always
cover every message in the templates, without a POT file or a catalog.

en_XA: "[Šţåýîñĝ šåƒé öñļîñé one two three]"
- Every letter is accented, so a glyph the fonts lack or text that is not
  translatable (a hard-coded English word) stands out.
- Brackets enclose each message, so truncated or concatenated text shows.
- Filler words lengthen each message by IBM's expansion table for English
  source text (short strings grow most), using the top of each range, so the
  build's layout check proves the leaflet has room for real translations:
  30-60% longer paragraphs, up to double for short labels and headings.
  (Android's rule, +100% for every string over three words, is harsher than
  any real language on whole paragraphs, so it is not used.)

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
import math
import re

from campaign.locales import PSEUDO_LOCALES
from campaign.placeholders import split_text

__all__ = ["PSEUDO_LOCALES", "PseudoTranslations", "accented_expanded", "mirrored"]


_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)

_FILLER = "one two three four five six seven eight nine ten".split()

# IBM's expansion table for English source text: (up to this many
# characters, extra length as a fraction), top of each range.
EXPANSION = ((10, 1.0), (20, 1.0), (30, 0.8), (50, 0.6), (70, 0.4), (math.inf, 0.3))

RLM, RLO, PDF = "\u200f", "\u202e", "\u202c"


def _split(message: str) -> list[str]:
    """Text at even indexes, placeholders and tags at odd ones."""
    return split_text(message)


def expansion(length: int) -> float:
    return next(extra for limit, extra in EXPANSION if length <= limit)


def _filler(length: int) -> str:
    """Filler words adding at least `length` characters (each with its space)."""
    words, added = [], 0
    while added < length:
        word = _FILLER[len(words) % len(_FILLER)]
        words.append(word)
        added += len(word) + 1
    return " ".join(words)


@functools.lru_cache(maxsize=None)
def accented_expanded(message: str) -> str:
    """The en_XA form of an English message."""
    if not message:
        return message
    parts = _split(message)
    visible = sum(len(part) for part in parts[::2])
    parts[::2] = [part.translate(_ACCENTED) for part in parts[::2]]
    padding = _filler(math.ceil(visible * expansion(visible)))
    return "[" + "".join(parts) + " " + padding + "]"


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
