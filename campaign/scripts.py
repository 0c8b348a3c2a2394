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

Japanese: Pango already keeps closing punctuation, small kana and the
long-vowel mark off the start of a line and opening brackets off its end
(kinsoku; measured in tests/test_scripts.py), but it breaks between any two
characters, even inside a word ("話せ/る大人"). BudouX (Google's phrase
segmenter, a small machine-learned model) finds the phrases; we put a WORD
JOINER between the characters of each phrase, so lines break between phrases.

Every language, after that (`keep_together`):
- numbers stay with the word after them and short words with the number
  after them ("8 to 11", "22 November", "bis 17"), joined with NO-BREAK SPACE;
- short hyphenated compounds ("grown-ups", "l-internet") never break at
  the hyphen: a WORD JOINER follows it (not U+2011 NON-BREAKING HYPHEN, which
  would stop a search of the PDF for "grown-up" from finding it);
- words that a hyphenation dictionary splits badly are given their good
  break points as soft hyphens, or none (HYPHENATION_EXCEPTIONS);
- a message never ends in a lone short word on its own line: in languages
  written with spaces the last two words are joined with a NO-BREAK SPACE;
  in Japanese a short last phrase is joined to the one before, and in Khmer
  and Thai the last word to the one before.

Placeholders (%(name)s) and the allowed tags (<strong>) are left untouched:
the preparation runs before the placeholders are filled in.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

from campaign.placeholders import NOT_TEXT_RE, split_placeholders, split_tags, split_text

ZWSP = "\u200b"
WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
# Private-use characters around a run that must stay on one line; the
# templating turns them into <span class="nowrap"> and </span> after escaping.
NOWRAP_START, NOWRAP_END = "\ue010", "\ue011"  # not the preview's (preview/marking.py)
SOFT_HYPHEN = "\u00ad"

# The longest last word, in letters, that is joined to the word before it;
# longer last words make a full enough last line on their own.
SHORT_WORD = 7
# ... unless the two together are longer than this: they might not fit a
# narrow heading ("pinagkakatiwalaan ko", "რომლებსაც ვენდობი").
LAST_TWO_WORDS = 14
# The longest Japanese phrase kept whole: a longer one ("オンライン・グルーミングと")
# may be wider than a heading's line, so it keeps Pango's breaks.
LONG_PHRASE = 8
PHRASE_ENDING = 4

# Words a hyphenation dictionary (pyphen) splits in a bad place, with their
# good break points marked "-" (none: never hyphenated). WeasyPrint breaks a
# word that contains soft hyphens only at those.
HYPHENATION_EXCEPTIONS = {
    "de": ("Bezugs-personen", "Vertrauens-personen"),
    "en": ("grooming", "groomers"),
    "sq": ("pa-shqyr-tuar",),
}



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


@functools.lru_cache(maxsize=2)
def _budoux_parser(language: str):
    import budoux  # lazily: only Japanese and Thai editions need it

    return {"ja": budoux.load_default_japanese_parser,
            "th": budoux.load_default_thai_parser}[language]()


@functools.lru_cache(maxsize=4096)
def phrases(text: str, language: str) -> tuple[str, ...]:
    """BudouX's phrases of `text` (cached per process)."""
    return tuple(_budoux_parser(language).parse(text)) if text else ()


def _letters(text: str) -> int:
    """Letters and digits, not marks (Khmer and Thai vowel signs) or punctuation."""
    return sum(1 for character in text if unicodedata.category(character)[0] in "LN")


def keep_japanese_phrases(text: str) -> str:
    """A WORD JOINER between the characters of each BudouX phrase; a short
    last phrase (kana ending, "う。") is joined to the phrase before it."""
    parts = list(phrases(text, "ja"))
    if len(parts) > 1 and _letters(parts[-1]) <= 3:
        parts[-2:] = [parts[-2] + parts[-1]]
    return "".join(WORD_JOINER.join(part) if len(part) <= LONG_PHRASE
                   # A long phrase keeps at least its ending ("しょう。") whole.
                   else part[:-PHRASE_ENDING] + WORD_JOINER.join(part[-PHRASE_ENDING:])
                   for part in parts)


_JOINED_RUN_RE = re.compile(r"\S+(?:\u00a0\S+)+")


def keep_joined_runs_whole(text: str) -> str:
    """Each run joined by NO-BREAK SPACEs ("8 ถึง 11 ปี") kept on one line by
    markup: Pango's Thai line breaking (libthai) breaks at a no-break space
    and at a word joiner as at any word boundary, so the cover printed
    "อายุ 8 / ถึง 11 ปี". Thai has no spaces between words, so the text
    before the first no-break space and after the last may be a whole
    clause ("17 ปีมักตกเป็นเป้าหมาย..."): only the phrase next to it is kept
    in the run, or the run may be wider than the panel."""
    def mark(match: re.Match) -> str:
        first, *middle, last = match.group(0).split(NO_BREAK_SPACE)
        *before, first = phrases(first, "th") or ("",)
        last, *after = phrases(last, "th") or ("",)
        run = NO_BREAK_SPACE.join([first, *middle, last])
        return "".join(before) + NOWRAP_START + run + NOWRAP_END + "".join(after)

    return _JOINED_RUN_RE.sub(mark, text)


def keep_thai_last_words(text: str) -> str:
    """A WORD JOINER between the last two words (libthai breaks the rest)."""
    parts = phrases(text, "th")
    if len(parts) < 2 or _letters(parts[-1]) > SHORT_WORD or parts[-2][-1:].isspace():
        return text
    return "".join(parts[:-1]) + WORD_JOINER + parts[-1]


def keep_khmer_last_words(message: str) -> str:
    """No break before a short last Khmer word (undoes its ZWSP)."""
    head, zwsp, last = message.rpartition(ZWSP)
    if zwsp and _letters(last) <= SHORT_WORD and not NOT_TEXT_RE.search(last):
        return head + WORD_JOINER + last
    return message


_NUMBER_THEN_WORD_RE = re.compile(r"(?<=\d) (?=\S)")
_NUMBER_RANGE_DASH_RE = re.compile(r"(?<=\d)([\u2013\u2014-])(?=\d)")
_SHORT_WORD_THEN_NUMBER_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,4}) (?=\d)")
_SHORT_COMPOUND_RE = re.compile(
    r"(?<![^\W\d_])([^\W\d_]{1,4})-(?=[^\W\d_])|(?<=[^\W\d_])-([^\W\d_]{1,4})(?![^\W\d_])"
)


def unbreakable(text: str) -> str:
    """`text` (a date, a number) never broken across lines or hyphenated:
    NO-BREAK SPACEs between its words, WORD JOINERs between its letters.
    (Not a span with `white-space: nowrap`: WeasyPrint 70 then breaks the
    text before the span after every word.)"""
    return NO_BREAK_SPACE.join(WORD_JOINER.join(word) for word in text.split())


def keep_numbers_together(text: str) -> str:
    """NO-BREAK SPACEs in "8 to 11", "22 November", "bis 17", "116 111";
    a WORD JOINER after the dash of a range ("14–17": line breaking allows
    a break after an en dash, and Armenian parents printed "14– / 17")."""
    text = _NUMBER_RANGE_DASH_RE.sub("\\1" + WORD_JOINER, text)
    text = _NUMBER_THEN_WORD_RE.sub(NO_BREAK_SPACE, text)
    return _SHORT_WORD_THEN_NUMBER_RE.sub(r"\1" + NO_BREAK_SPACE, text)


def keep_short_compounds(text: str) -> str:
    """No break at the hyphen of a compound with a short part ("grown-ups")."""
    return _SHORT_COMPOUND_RE.sub(
        lambda match: (match.group(1) or "") + "-" + WORD_JOINER + (match.group(2) or ""), text
    )


@functools.lru_cache(maxsize=64)
def _exceptions_re(language: str) -> tuple[re.Pattern, dict[str, str]] | None:
    words = HYPHENATION_EXCEPTIONS.get(language)
    if not words:
        return None
    replacements = {}
    for word in words:
        plain = word.replace("-", "")
        # One break point at most per soft hyphen; a word without any is
        # kept whole with WORD JOINERs between its letters.
        marked = word.replace("-", SOFT_HYPHEN) if "-" in word else WORD_JOINER.join(word)
        replacements[plain.lower()] = marked
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, replacements)) + r")\b", re.I)
    return pattern, replacements


def fix_hyphenation(text: str, language: str) -> str:
    found = _exceptions_re(language)
    if not found:
        return text
    pattern, replacements = found

    def replace(match: re.Match) -> str:
        marked = replacements[match.group(0).lower()]
        # Keep the case the translator wrote.
        letters = iter(match.group(0))
        return "".join(next(letters) if c not in (SOFT_HYPHEN, WORD_JOINER) else c for c in marked)

    return pattern.sub(replace, text)


def keep_last_words(message: str) -> str:
    """The last space of a message of three or more words becomes a
    NO-BREAK SPACE when the last word is short."""
    plain = NOT_TEXT_RE.sub("x", message)  # a placeholder or tag counts as a word
    words = [word for word in plain.split(" ") if word.strip()]
    if (len(words) < 3 or _letters(words[-1]) > SHORT_WORD
            or _letters(words[-2]) + _letters(words[-1]) > LAST_TWO_WORDS):
        return message
    parts = split_text(message)  # text at even indexes, markup at odd ones
    for index in reversed(range(0, len(parts), 2)):
        head, space, tail = parts[index].rpartition(" ")
        if space:
            parts[index] = head + NO_BREAK_SPACE + tail
            break
    return "".join(parts)


def _compose(*steps: Callable[[str], str]) -> Callable[[str], str]:
    def prepare(message: str) -> str:
        for step in steps:
            message = step(message)
        return message

    return prepare


# Languages written without spaces between words.
_UNSPACED = {"ja": keep_japanese_phrases, "th": keep_thai_last_words}


@functools.lru_cache(maxsize=None)
def preparer(locale: str) -> Callable[[str], str]:
    """The function that prepares each translated message of `locale`.

    Every step is a function of the message alone, so what it prepared is
    kept: an edition looks each message up twice (edition_catalog, then the
    layout) and the three leaflets of a locale share most messages."""
    language = locale.replace("-", "_").split("_")[0].lower()
    steps = [_text_parts_only(keep_numbers_together),
             _text_parts_only(keep_short_compounds),
             _text_parts_only(lambda text: fix_hyphenation(text, language))]
    if language == "km":
        steps += [_khmer_message, keep_khmer_last_words]
    elif language in _UNSPACED:
        steps.append(_text_parts_only(_UNSPACED[language]))
        if language == "th":
            steps.append(_text_parts_only(keep_joined_runs_whole))
    else:
        if language == "ko":
            steps.append(_text_parts_only(keep_korean_words))
        steps.append(keep_last_words)
    return _remembering(_compose(*steps))


def _remembering(prepare: Callable[[str], str]) -> Callable[[str], str]:
    """`prepare`, with its results kept for plain strings (a Markup string is
    equal to the plain one but escapes differently, so it is not kept)."""
    remembered = functools.lru_cache(maxsize=4096)(prepare)

    def prepare_message(message: str) -> str:
        return remembered(message) if type(message) is str else prepare(message)

    return prepare_message
