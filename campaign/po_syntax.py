"""Strict reading of PO text, the way GNU msgfmt reads it, with line numbers.

Babel's parser is lenient: an unterminated string, a msgstr without msgid or a
duplicate entry pass without a word (the later duplicate silently wins). So
`scan_po` reads the text first and reports every syntax error with its line;
Babel parses the file only when it is valid. It also records which line each
header field is on, so header problems can point at that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from campaign.catalog_problems import ERROR, CatalogProblem, make_problem, shorten as _shorten

_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_ESCAPE_RE = re.compile(r"\\(.)")
# Babel's reader understands only these escapes; others would be read wrongly.
_KNOWN_ESCAPES = set('nrt"\\')
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
_HEADER_FIELD_RE = re.compile(r'^"([A-Za-z][A-Za-z0-9-]*):')


@dataclass
class PoEntry:
    """One entry as written in the file, with the line of its first keyword."""

    line: int
    obsolete: bool = False
    context: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    plural_indexes: list[int] = field(default_factory=list)
    msgstr_line: int = 0


@dataclass
class PoScan:
    entries: list[PoEntry]
    header_lines: dict[str, int]  # header field name (lower case) -> line
    header_line: int  # line of the header's msgid ""
    problems: list[CatalogProblem]


def _unescape(token: str) -> str:
    return _ESCAPE_RE.sub(
        lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)),
        token[1:-1],
    )


def scan_po(text: str, file: str, locale: str) -> PoScan:
    """Read PO text strictly, the way GNU msgfmt does, reporting every syntax error.

    A state machine over lines: an entry is [msgctxt] msgid (msgstr |
    msgid_plural msgstr[0..n]), each keyword followed by quoted strings.
    """
    problems: list[CatalogProblem] = []
    entries: list[PoEntry] = []
    header_lines: dict[str, int] = {}
    current: PoEntry | None = None
    part: str | None = None  # the keyword whose string continues on the next line

    def error(line, msg):
        problems.append(make_problem("po-syntax", ERROR, file, line, locale, msg))

    def finish():
        nonlocal current, part
        if current is not None:
            if current.msgid is None:
                error(current.line, "msgctxt without msgid")
            elif not current.msgstr:
                error(current.line, "msgid without msgstr")
            else:
                entries.append(current)
        current, part = None, None

    if text.startswith("\ufeff"):
        error(1, "the file starts with a byte order mark; save it as UTF-8 without BOM")
        text = text[1:]

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # previous msgid of an obsolete entry (GNU)
                continue
        elif line.startswith("#") or not line:
            if line.startswith("#") and current is not None and current.msgid is not None:
                if current.msgstr:
                    finish()
                else:
                    error(number, "comment inside an entry, before its msgstr")
            continue

        match = _KEYWORD_RE.match(line)
        if match:
            keyword, index, rest = match.group(1), match.group(2), match.group(3)
            if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
                finish()
                current = PoEntry(line=number, obsolete=obsolete)
            if current is None:
                error(number, f"{keyword} without msgid")
                current = PoEntry(line=number, obsolete=obsolete)
            _place_keyword(current, keyword, index, number, error)
            part = keyword if index is None else f"msgstr[{index}]"
            line = rest
        elif not line.startswith('"'):
            error(number, f"unknown keyword or text outside quotes: {_shorten(line, 30)!r}")
            continue
        elif current is None or part is None:
            error(number, "string outside any entry")
            continue

        value = _read_strings(line, number, error)
        if value is None:
            continue
        _append(current, part, value)
        if current.msgid == "" and part.startswith("msgstr") and not current.obsolete:
            field_match = _HEADER_FIELD_RE.match(line)
            if field_match:
                header_lines.setdefault(field_match.group(1).lower(), number)
    finish()

    header_line = 0
    for entry in entries:
        if entry.msgid == "" and not entry.obsolete and entry.context is None:
            header_line = entry.line
    problems += _duplicates(entries, file, locale)
    return PoScan(entries, header_lines, header_line, problems)


def _place_keyword(entry: PoEntry, keyword: str, index, number: int, error) -> None:
    if keyword == "msgctxt":
        if entry.msgid is not None:
            error(number, "msgctxt after msgid")
        entry.context = ""
    elif keyword == "msgid":
        if entry.msgid is not None:
            error(number, "second msgid in one entry (missing msgstr?)")
        entry.msgid = ""
    elif keyword == "msgid_plural":
        if entry.msgid is None or entry.msgstr:
            error(number, "msgid_plural must follow msgid")
        entry.msgid_plural = ""
    else:
        if entry.msgid is None:
            error(number, "msgstr without msgid")
        position = int(index) if index is not None else None
        if entry.msgid_plural is not None and position is None:
            error(number, "plural entry needs msgstr[0], msgstr[1]…, not msgstr")
        elif entry.msgid_plural is None and position is not None:
            error(number, f"msgstr[{position}] in an entry without msgid_plural")
        elif position is not None and position != len(entry.plural_indexes):
            error(number, f"msgstr[{position}] out of order (expected msgstr[{len(entry.plural_indexes)}])")
        if (position or 0) in entry.msgstr:
            error(number, "a second msgstr for one msgid (is a msgid line missing?)")
        if position is not None:
            entry.plural_indexes.append(position)
        entry.msgstr.setdefault(position or 0, "")
        entry.msgstr_line = entry.msgstr_line or number


def _read_strings(line: str, number: int, error) -> str | None:
    """The concatenated value of the quoted strings on a line, or None if malformed."""
    value, position = [], 0
    line = line.strip()
    while position < len(line):
        if line[position].isspace():
            position += 1
            continue
        match = _STRING_RE.match(line, position)
        if not match:
            if line[position] == '"':
                error(number, "unterminated string (missing closing quote)")
            else:
                error(number, f"text outside quotes: {_shorten(line[position:], 30)!r}")
            return None
        for escape in _ESCAPE_RE.finditer(match.group(0)):
            if escape.group(1) not in _KNOWN_ESCAPES:
                error(number, f"unsupported escape \\{escape.group(1)} (use \\n, \\t, \\\" or \\\\)")
                return None
        value.append(_unescape(match.group(0)))
        position = match.end()
    if not value:
        error(number, "keyword without a quoted string")
        return None
    return "".join(value)


def _append(entry: PoEntry, part: str, value: str) -> None:
    if part == "msgctxt":
        entry.context = (entry.context or "") + value
    elif part == "msgid":
        entry.msgid = (entry.msgid or "") + value
    elif part == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    else:
        index = int(part[7:-1]) if part.startswith("msgstr[") else 0
        entry.msgstr[index] = entry.msgstr.get(index, "") + value


def _duplicates(entries: list[PoEntry], file: str, locale: str) -> Iterator[CatalogProblem]:
    first_line: dict[tuple, int] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.context, entry.msgid)
        if key in first_line:
            yield make_problem(
                "duplicate", ERROR, file, entry.line, locale,
                f"duplicate entry (first at line {first_line[key]}); keep one", entry.msgid or "",
            )
        else:
            first_line[key] = entry.line


