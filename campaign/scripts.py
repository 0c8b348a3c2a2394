"""Text preparation per locale, applied to every translated message.

Line breaking is Pango's (UAX #14 plus libthai for Thai), and it is good for
almost every script of the alliance. Two scripts need help, given here as
invisible break controls added at build time, so translators never type them:

- Khmer is written without spaces between words and Pango has no Khmer word
  breaker, so an unspaced sentence never wraps (docs/sources.md, "Khmer needs
  word boundaries"). ICU's
  dictionary-based line breaker finds the word boundaries; we put a ZERO WIDTH
  SPACE (U+200B) at each one.
- Korean is written with spaces between words, but UAX #14 lets a line break
  between any two Hangul syllables, splitting words. Korean print keeps words
  whole (CSS `word-break: keep-all`, which WeasyPrint lacks), so we put a
  WORD JOINER (U+2060) between the syllables of a word.

Japanese needs nothing: Pango already keeps closing punctuation, small kana and
the long-vowel mark off the start of a line and opening brackets off its end
(kinsoku; measured in tests/test_scripts.py).

Placeholders (%(name)s) and the allowed tags (<strong>) are left untouched:
the preparation runs before the placeholders are filled in.
"""

from __future__ import annotations

import functools
from typing import Callable

from campaign.placeholders import split_placeholders, split_tags, split_text

ZWSP = "\u200b"
WORD_JOINER = "\u2060"



def _unchanged(text: str) -> str:
    return text


def _text_parts_only(transform: Callable[[str], str]) -> Callable[[str], str]:
    """Apply `transform` to the text between placeholders and tags."""

    def prepare(message: str) -> str:
        parts = split_text(message)
        # split() with one group: text at even indexes, markup at odd ones.
        return "".join(
            part if index % 2 else transform(part) for index, part in enumerate(parts)
        )

    return prepare


@functools.lru_cache(maxsize=1)
def _khmer_locale():
    # Imported lazily: only Khmer editions need ICU.
    from icu4py.locale import Locale

    return Locale("km")


@functools.lru_cache(maxsize=4096)
def khmer_segments(text: str) -> tuple[str, ...]:
    """Line-break segments of `text` from ICU's Khmer dictionary (cached per process)."""
    from icu4py.breakers import LineBreaker

    return tuple(LineBreaker(text, _khmer_locale()))


def _is_khmer(character: str) -> bool:
    return "\u1780" <= character <= "\u17ff"


def _word_boundaries(text: str) -> set[int]:
    """Offsets inside `text` where ICU allows a break and no space or ZWSP is."""
    boundaries, offset = set(), 0
    for segment in khmer_segments(text)[:-1]:
        offset += len(segment)
        if not (segment[-1].isspace() or segment[-1] == ZWSP):
            boundaries.add(offset)
    return boundaries


def insert_khmer_breaks(text: str) -> str:
    """`text` (which may contain tags) with a ZWSP at every Khmer word boundary.

    Tags are transparent to the segmenter, so "បាន<strong>សុវត្ថិភាព" still
    gets its break before the tag.
    """
    if not any(_is_khmer(character) for character in text):
        return text
    parts = split_tags(text)  # text at even indexes, tags at odd ones
    boundaries = _word_boundaries("".join(parts[::2]))
    pieces, offset = [], 0
    for index, part in enumerate(parts):
        if index % 2:
            pieces.append(part)
            continue
        for character in part:
            if offset in boundaries and pieces and pieces[-1] != ZWSP:
                pieces.append(ZWSP)
            pieces.append(character)
            offset += 1
    return "".join(pieces)


def _khmer_message(message: str) -> str:
    """Khmer breaks in the text, and at placeholders next to Khmer letters
    (a filled-in country name or date is another word)."""
    parts = split_placeholders(message)  # placeholders at odd indexes
    for index in range(0, len(parts), 2):
        parts[index] = insert_khmer_breaks(parts[index])
    for index in range(1, len(parts), 2):
        before, after = parts[index - 1], parts[index + 1]
        if before and _is_khmer(before[-1]):
            parts[index - 1] = before + ZWSP
        if after and _is_khmer(after[0]):
            parts[index + 1] = ZWSP + after
    return "".join(parts)


def _is_hangul(character: str) -> bool:
    code = ord(character)
    return (
        0xAC00 <= code <= 0xD7A3  # syllables
        or 0x1100 <= code <= 0x11FF  # jamo
        or 0x3130 <= code <= 0x318F  # compatibility jamo
    )


def keep_korean_words(text: str) -> str:
    """`text` with a WORD JOINER inside every word that contains Hangul."""
    pieces = []
    for previous, character in zip(" " + text, text):
        if (
            previous.isalnum()
            and character.isalnum()
            and (_is_hangul(previous) or _is_hangul(character))
        ):
            pieces.append(WORD_JOINER)
        pieces.append(character)
    return "".join(pieces)


_PREPARERS: dict[str, Callable[[str], str]] = {
    "km": _khmer_message,
    "ko": _text_parts_only(keep_korean_words),
}


def preparer(locale: str) -> Callable[[str], str]:
    """The function that prepares each translated message of `locale`."""
    language = locale.replace("-", "_").split("_")[0].lower()
    return _PREPARERS.get(language, _unchanged)
