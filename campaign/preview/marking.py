"""Marks where each translated message lands in the leaflet's HTML (preview only).

The leaflet templates get their messages through the gettext callables that
templating.install_translations wraps (escaping, script preparation). For the
preview we hand them a translations object that brackets each looked-up
message with private-use characters carrying the message's number. Escaping
leaves those characters alone, so after rendering they are turned into
`<span data-message="N">…</span>` in text, and dropped where a message ends up
inside a tag's attribute (alt text) or in <title>, where markup cannot go.

The normal build never sees any of this: it uses the catalog's own
translations object, so its HTML and PDFs are unchanged.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass

START = "\ue000"  # followed by one character encoding the message number
END = "\ue001"
_NUMBER_BASE = 0xF0000  # Supplementary Private Use Area-A: never in a message
_MARKER_RE = re.compile(f"{START}(.)|{END}", re.DOTALL)
_ANY_MARKER_RE = re.compile(f"{START}.|{END}", re.DOTALL)
_TAG_RE = re.compile(r"(<[^>]*>)")
_RAW_TEXT_ELEMENTS = ("title", "style", "script")
MESSAGE_ATTRIBUTE = "data-message"


@dataclass(frozen=True)
class MessageKey:
    """A message as the templates ask for it: English text (and plural), context."""

    msgid: str
    msgid_plural: str | None = None
    context: str | None = None


class MarkingTranslations(gettext.NullTranslations):
    """Delegates every lookup to `inner` and brackets the result with markers.

    `keys` lists the messages looked up, in order of first use; a message's
    marker carries its index there.
    """

    def __init__(self, inner: gettext.NullTranslations):
        super().__init__()
        self.inner = inner
        self.keys: list[MessageKey] = []
        self._numbers: dict[MessageKey, int] = {}

    def _mark(self, key: MessageKey, text: str) -> str:
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self.keys)
            self.keys.append(key)
        return f"{START}{chr(_NUMBER_BASE + number)}{text}{END}"

    def gettext(self, message):
        return self._mark(MessageKey(message), self.inner.gettext(message))

    def ngettext(self, singular, plural, n):
        return self._mark(MessageKey(singular, plural), self.inner.ngettext(singular, plural, n))

    def pgettext(self, context, message):
        return self._mark(MessageKey(message, None, context), self.inner.pgettext(context, message))

    def npgettext(self, context, singular, plural, n):
        return self._mark(MessageKey(singular, plural, context),
                          self.inner.npgettext(context, singular, plural, n))


def strip_markers(text: str) -> str:
    return _ANY_MARKER_RE.sub("", text)


def _to_spans(text: str) -> str:
    def replace(match: re.Match) -> str:
        if match.group(1) is None:
            return "</span>"
        return f'<span {MESSAGE_ATTRIBUTE}="{ord(match.group(1)) - _NUMBER_BASE}">'

    return _MARKER_RE.sub(replace, text)


def markers_to_spans(html: str) -> str:
    """Turn the markers in rendered HTML into spans where markup may go.

    The HTML comes from autoescaping templates, so every "<" in it starts a
    tag: splitting on tags separates text from attributes reliably.
    """
    pieces = _TAG_RE.split(html)
    raw_text = None  # the raw-text element (title, style) we are inside, if any
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            name = piece[1:].split(None, 1)[0].rstrip(">").lower() if len(piece) > 2 else ""
            if name in _RAW_TEXT_ELEMENTS:
                raw_text = name
            elif name == f"/{raw_text}":
                raw_text = None
            pieces[index] = strip_markers(piece)
        else:
            pieces[index] = strip_markers(piece) if raw_text else _to_spans(piece)
    return "".join(pieces)
