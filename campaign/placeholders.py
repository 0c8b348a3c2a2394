"""The one grammar of what, inside a message, is not text to translate.

Every message goes through Python `%` formatting (newstyle gettext), so a
placeholder is a complete %-directive (`%(date)s`) and a literal percent sign
is `%%`. The only markup a message may hold is the tags of
templating.ALLOWED_MESSAGE_TAGS. The catalog checks, the Serbian
transliteration, the pseudo-locales and the script preparation all split
messages with the patterns below, so they agree on what a placeholder is.
"""

from __future__ import annotations

import re
from collections import Counter

# A complete Python %-directive, as `str % mapping` reads it: mapping key,
# flags, width, precision, length modifier, conversion. A translation may use
# only the exact directives of its English (checked by catalog_checks), so a
# `%(date).0s` (which prints nothing) or `%(date)2000000s` never reaches `%`.
DIRECTIVE_RE = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?(?P<flags>[#0 +-]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?"
    r"[hlL]?(?P<conversion>[diouxXeEfFgGcrsab%])"
)
# Tag-like text; which tags are allowed is the checks' business.
TAG_RE = re.compile(r"<[^<>]*>")
# Parts of a message that are not words: directives (and %%), then tags.
NOT_TEXT_RE = re.compile(f"(?:{DIRECTIVE_RE.pattern}|{TAG_RE.pattern})")


def placeholders(text: str) -> Counter:
    """The directives of `text` that take a value, as written: {'%(date)s': 1}."""
    return Counter(match.group(0) for match in DIRECTIVE_RE.finditer(text)
                   if match.group("conversion") != "%")


def _split(pattern: re.Pattern, text: str) -> list[str]:
    """Like pattern.split with one group: text at even indexes, matches at odd ones."""
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [text[position:match.start()], match.group(0)]
        position = match.end()
    parts.append(text[position:])
    return parts


def split_text(text: str) -> list[str]:
    """`text` cut into words and non-words: text at even indexes, placeholders,
    `%%` and tags at odd ones."""
    return _split(NOT_TEXT_RE, text)


def split_placeholders(text: str) -> list[str]:
    """Text at even indexes, placeholders and `%%` at odd ones (tags stay in the text)."""
    return _split(DIRECTIVE_RE, text)


def split_tags(text: str) -> list[str]:
    """Text at even indexes, tags at odd ones (placeholders stay in the text)."""
    return _split(TAG_RE, text)


def transform_text(text: str, transform) -> str:
    """`text` with `transform` applied to its words only."""
    return "".join(part if index % 2 else transform(part) for index, part in enumerate(split_text(text)))


def without_placeholders(text: str) -> str:
    """`text` with every placeholder and tag removed (what a translator typed)."""
    return "".join(split_text(text)[0::2])
