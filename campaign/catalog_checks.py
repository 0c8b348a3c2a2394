"""Checks on translation catalogs: each a small function that yields problems.

Babel checks much less than a print run needs: it parses PO files leniently
(an unterminated string or a duplicate entry passes without a word), lets a
translation drop a placeholder or change its format, has no checker for markup
and none for text that changes what is printed without being "wrong" PO (a
right-to-left override, a zero-width space, a phone number of the translator's
own). So po_syntax reads the PO text itself, strictly and with line numbers, and
the checks below compare each translation with its English.

Only messages that are used at run time are checked: fuzzy and untranslated
ones never reach a leaflet (the English source is printed instead), and
`campaign catalog stats` and the build report them.

Severity: an "error" can break a leaflet (wrong text, broken formatting,
injected markup, an altered or added phone number) and stops the build of that
edition; a "warning" is cosmetic and left to the translator and the layout check.

`check_catalog` is what `campaign catalog check`, the stats, the review sheet
and every build (through catalogs.compiled_translations) run; `check_catalogs`
is `campaign catalog check` as a library call (every catalog and its reviews
file, one CheckReport).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from babel.core import get_global, parse_locale

from campaign.catalog_problems import ERROR, WARNING, CatalogProblem, make_problem, shorten
from campaign.errors import InputError, display_path
from campaign.placeholders import DIRECTIVE_RE, placeholders, without_placeholders
from campaign.plural_rules import accepts, parse_plural_forms, preferred_rule
from campaign.locales import normalize
from campaign.po_files import existing_chain, is_source_locale, list_catalogs, po_path, read_catalog
from campaign.po_syntax import PoScan
from campaign.project import Project
from campaign.reviews import read_reviews
from campaign.templating import ALLOWED_MESSAGE_TAGS

__all__ = ["CHECK_NAMES", "CatalogCheck", "CatalogProblem", "CheckReport", "check_catalog", "check_catalogs",
           "is_translated", "make_problem", "project_terms", "run_checks", "service_names"]


# --------------------------------------------------------------------------
# Content checks on a parsed catalog
# --------------------------------------------------------------------------


@dataclass
class CheckInput:
    """What every check gets: the parsed catalog, its scan and the protected terms."""

    file: str
    locale: str  # catalog name, e.g. "de_CH"
    catalog: object  # campaign.po_files.LeafletCatalog
    scan: PoScan
    protected_terms: tuple[str, ...] = ()
    has_fallback: bool = False  # a regional catalog: untranslated entries fall back

    def problem(self, check, severity, line, text, msgid="") -> CatalogProblem:
        return make_problem(check, severity, self.file, line, self.locale, text, msgid)

    def header_line(self, name: str) -> int:
        return self.scan.header_lines.get(name.lower(), self.scan.header_line or 1)

    def used_messages(self):
        """Translated, non-fuzzy messages: the ones a leaflet actually prints."""
        for message in self.catalog:
            if message.id and not message.fuzzy and is_translated(message):
                yield message

    def translations(self) -> Iterator[tuple[object, int, str, str]]:
        """(message, form index, English, translation) of every printed form."""
        for message in self.used_messages():
            for index, source, translation in _pairs(message):
                yield message, index, source, translation


def is_translated(message) -> bool:
    """True when every form has text (an empty plural form would print nothing)."""
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def _pairs(message) -> Iterator[tuple[int, str, str]]:
    """(form index, source, translation) for each translated form of a message."""
    if isinstance(message.id, (tuple, list)):
        for index, text in enumerate(message.string):
            yield index, message.id[0 if index == 0 else 1], text
    else:
        yield 0, message.id, message.string


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


# -- header ------------------------------------------------------------------


def check_header(data: CheckInput) -> Iterator[CatalogProblem]:
    headers = data.catalog.raw_headers
    language = headers.get("language", "").replace("-", "_")
    if not language:
        yield data.problem("header", ERROR, data.header_line("Language"),
                           f"the header has no Language field (expected {data.locale})")
    elif language != data.locale:
        yield data.problem("header", ERROR, data.header_line("Language"),
                           f"Language is {language} but the catalog folder is {data.locale}")
    charset = re.search(r"charset=([\w-]+)", headers.get("content-type", ""))
    if not charset or charset.group(1).lower() not in ("utf-8", "utf8"):
        yield data.problem("header", ERROR, data.header_line("Content-Type"),
                           "Content-Type must say charset=UTF-8")
    if data.catalog.fuzzy:
        yield data.problem("header", WARNING, data.scan.header_line or 1,
                           "the header is marked fuzzy; remove '#, fuzzy' above msgid \"\" "
                           "(pybabel would skip this catalog)")
    for name in [n for n in headers if n.startswith("x-review")]:
        yield data.problem("header", WARNING, data.header_line(name),
                           f"{name} is no longer read: reviews are recorded per message in "
                           "reviews.json by `campaign catalog review`; remove the field")


def check_plural_forms(data: CheckInput) -> Iterator[CatalogProblem]:
    """Plural-Forms must be a rule GNU gettext or CLDR gives for the language
    (any equivalent expression; see plural_rules), and plural entries must
    have that many forms."""
    line = data.header_line("Plural-Forms")
    preferred = preferred_rule(data.locale)
    advice = f"; use: {preferred.header}" if preferred else ""
    value = data.catalog.raw_headers.get("plural-forms")
    if value is None:
        yield data.problem("plural-forms", ERROR, line, f"the header has no Plural-Forms{advice}")
        return
    try:
        rule = parse_plural_forms(value)
    except ValueError as error:
        yield data.problem("plural-forms", ERROR, line, f"Plural-Forms: {error}{advice}")
        return
    if preferred and not accepts(data.locale, rule):
        yield data.problem("plural-forms", ERROR, line,
                           f"Plural-Forms {value!r} is not the rule of {data.locale} "
                           f"(GNU gettext / CLDR){advice}")
    for entry in data.scan.entries:
        if entry.msgid_plural is not None and not entry.obsolete and len(entry.msgstr) != rule.count:
            yield data.problem("plural-forms", ERROR, entry.line,
                               f"{len(entry.msgstr)} plural forms, but Plural-Forms says {rule.count}",
                               entry.msgid or "")


# -- placeholders --------------------------------------------------------------


def _single_number_forms(plural_expr: str, num_plurals: int) -> set[int]:
    """Plural forms used for exactly one number (like English "one"), which may
    leave the count out, as the English singular does."""
    import gettext

    try:
        rule = gettext.c2py(plural_expr)
    except (ValueError, SyntaxError):
        return set()
    used = Counter(rule(n) for n in range(1000))
    return {index for index in range(num_plurals) if used[index] == 1}


def check_placeholders(data: CheckInput) -> Iterator[CatalogProblem]:
    """Placeholders exactly as in the English, conversion and format included:
    `%(date).0s` prints nothing, `%(date)r` quotes, `%(date)-60s` pads,
    `%(date)d` and `%(date)*s` fail, `%(date)2000000s` takes minutes."""
    single = _single_number_forms(data.catalog.plural_expr, data.catalog.num_plurals)
    for message, index, source, translation in data.translations():
        wanted = placeholders(source)
        allowed = set(wanted)
        plural = isinstance(message.id, (tuple, list))
        if plural:
            # A form for exactly one number may leave the count out, as the
            # English singular does; every other form shows all placeholders.
            allowed = set(placeholders(message.id[0])) | set(placeholders(message.id[1]))
            wanted = placeholders(message.id[0]) if index in single else Counter(allowed)
        present = placeholders(translation)
        form = f"form {index}: " if plural else ""
        for name in sorted(set(wanted) - set(present)):
            if wanted[name]:
                yield data.problem("placeholders", ERROR, message.lineno,
                                   f"{form}placeholder {name} is missing from the translation", _msgid(message))
        for name in sorted(set(present) - allowed):
            yield data.problem("placeholders", ERROR, message.lineno,
                               f"{form}placeholder {name} is not in the English; write the English's "
                               f"{_english_spelling(name, wanted) or 'placeholders'} exactly as they are",
                               _msgid(message))
        for name in sorted(set(present) & allowed):
            if not plural and present[name] != wanted[name]:
                yield data.problem("placeholders", ERROR, message.lineno,
                                   f"{name} appears {present[name]}× in the translation, "
                                   f"{wanted[name]}× in the English", _msgid(message))


def _english_spelling(name: str, wanted: Counter) -> str:
    """The English directive with the same mapping key, e.g. %(date)s for %(date)r."""
    key = DIRECTIVE_RE.match(name).group("name")
    same = [w for w in wanted if DIRECTIVE_RE.match(w).group("name") == key]
    return ", ".join(same)


def check_percent_sign(data: CheckInput) -> Iterator[CatalogProblem]:
    """Every message goes through `%` formatting (newstyle gettext), so a lone %
    breaks the leaflet or swallows the next letter; a literal % is written %%."""
    for message, _, _, translation in data.translations():
        position = translation.find("%")
        while position != -1:
            match = DIRECTIVE_RE.match(translation, position)
            if not match or (match.group("name") is None and match.group("conversion") != "%"):
                snippet = translation[max(0, position - 5): position + 6]
                yield data.problem("percent-sign", ERROR, message.lineno,
                                   f"lone % in {snippet!r}: write %% for a percent sign, "
                                   "%(name)s for a placeholder", _msgid(message))
                break
            position = translation.find("%", match.end())


# -- markup --------------------------------------------------------------------

_TAG_LIKE_RE = re.compile(r"<\s*[/!?A-Za-z][^<>]*>?")
_ALLOWED_TAG_RE = re.compile(r"<(/?)(" + "|".join(ALLOWED_MESSAGE_TAGS) + r")>")
_CHAR_REF_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _tags(text: str) -> tuple[Counter, list[str], str | None]:
    """(allowed tag counts, other markup found, first nesting error or None)."""
    counts, others, stack, error = Counter(), [], [], None
    for match in _TAG_LIKE_RE.finditer(text):
        allowed = _ALLOWED_TAG_RE.fullmatch(match.group(0))
        if not allowed:
            others.append(match.group(0))
            continue
        closing, name = allowed.groups()
        counts[match.group(0)] += 1
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        elif error is None:
            error = f"</{name}> closes nothing"
    if stack and error is None:
        error = f"<{stack[-1]}> is not closed"
    return counts, others, error


def check_markup(data: CheckInput) -> Iterator[CatalogProblem]:
    allowed = ", ".join(f"<{tag}>" for tag in ALLOWED_MESSAGE_TAGS)
    for message in data.used_messages():
        for _, source, translation in _pairs(message):
            source_tags, _, _ = _tags(source)
            tags, others, nesting = _tags(translation)
            for markup in others:
                yield data.problem("markup", ERROR, message.lineno,
                                   f"markup {markup!r} is not allowed (only {allowed})", _msgid(message))
            if nesting:
                yield data.problem("markup", ERROR, message.lineno, f"unbalanced tags: {nesting}", _msgid(message))
            if tags != source_tags:
                yield data.problem("markup", ERROR, message.lineno,
                                   f"tags differ from the source: source has {_count(source_tags)}, "
                                   f"translation has {_count(tags)}", _msgid(message))
            for reference in set(_CHAR_REF_RE.findall(translation)) - set(_CHAR_REF_RE.findall(source)):
                yield data.problem("markup", ERROR, message.lineno,
                                   f"{reference} would print as typed; type the character itself",
                                   _msgid(message))


def _count(tags: Counter) -> str:
    return ", ".join(f"{n}× {tag}" for tag, n in sorted(tags.items())) or "none"


# -- invisible characters ----------------------------------------------------

# Embeddings, overrides and isolates reorder what follows them: a U+202E
# prints the check date mirrored. The build sets the direction of every
# element itself, so a translation never needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Marks (LRM, RLM, ALM) only attach a direction to neutral characters such as
# the full stop after a Latin name in Arabic or Hebrew text.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
RIGHT_TO_LEFT_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})
ZWSP, ZWNJ, ZWJ = "\u200b", "\u200c", "\u200d"
SOFT_HYPHEN = "\u00ad"
# Zero-width characters a script needs (Unicode Standard ch. 23.2, "Layout
# Controls", and the script chapters):
# - ZWSP marks word boundaries in scripts written without spaces, where it is
#   the only place a line may break (Khmer, Lao, Myanmar; Thai too, although
#   Pango breaks Thai by dictionary).
# - ZWNJ and ZWJ choose between joined and separate letter forms: Persian,
#   Urdu and other Arabic-script languages need ZWNJ inside words (می‌خواهم),
#   and the Brahmic scripts use both to pick half forms and conjuncts.
_ZWSP_SCRIPTS = {"Khmr": ZWSP, "Laoo": ZWSP, "Mymr": ZWSP, "Thai": ZWSP}
_JOINER_SCRIPTS = ("Arab", "Syrc", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda",
                   "Mlym", "Sinh")
ZERO_WIDTH_BY_SCRIPT = {**_ZWSP_SCRIPTS, **{script: ZWNJ + ZWJ for script in _JOINER_SCRIPTS}}


def catalog_script(catalog: str) -> str:
    """The script a catalog is written in: its own (sr_Latn) or its language's likely one."""
    language, territory, script, _ = parse_locale(catalog)
    if script:
        return script
    likely = get_global("likely_subtags")
    found = likely.get(f"{language}_{territory}") if territory else None
    found = found or likely.get(language)
    return parse_locale(found)[2] if found else ""


def is_invisible(char: str) -> bool:
    """A character that prints nothing: format controls (zero-width spaces and
    joiners, bidi controls, soft hyphen, BOM) and the like."""
    return unicodedata.category(char) == "Cf" or char in "\u034f\u115f\u1160\u3164\uffa0"


def allowed_invisible(catalog: str) -> frozenset[str]:
    """The invisible characters a catalog may contain (beyond the soft hyphen,
    a hyphenation hint that prints only at a line break)."""
    script = catalog_script(catalog)
    allowed = set(ZERO_WIDTH_BY_SCRIPT.get(script, "")) | {SOFT_HYPHEN}
    if script in RIGHT_TO_LEFT_SCRIPTS:
        allowed |= BIDI_MARKS
    return frozenset(allowed)


def check_invisible_characters(data: CheckInput) -> Iterator[CatalogProblem]:
    allowed = allowed_invisible(data.locale)
    for message, _, source, translation in data.translations():
        found = dict.fromkeys(c for c in translation if is_invisible(c) and c not in source)
        for char in found:
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            where = f"U+{ord(char):04X} {name}"
            if char in BIDI_CONTROLS:
                yield data.problem("bidi-control", ERROR, message.lineno,
                                   f"{where} reorders the text after it (a date or number would print "
                                   "mirrored); remove it: the leaflet sets the direction itself",
                                   _msgid(message))
            elif char not in allowed:
                script = catalog_script(data.locale) or "this"
                yield data.problem("invisible-character", ERROR, message.lineno,
                                   f"{where} is invisible and the {script} script does not need it; "
                                   "remove it (see locales/README.md for where such characters belong)",
                                   _msgid(message))


def visible_text(text: str) -> str:
    """What prints of `text` apart from placeholders: tags, invisible characters and spaces removed."""
    words = without_placeholders(text)
    return "".join(c for c in words if not (is_invisible(c) or c.isspace()))


def check_prints_nothing(data: CheckInput) -> Iterator[CatalogProblem]:
    """A translation of only spaces or invisible characters prints an empty box."""
    for message, index, source, translation in data.translations():
        if visible_text(source) and not visible_text(translation) and not placeholders(translation):
            form = f"form {index} " if isinstance(message.id, (tuple, list)) else ""
            yield data.problem("prints-nothing", ERROR, message.lineno,
                               f"the translation {form}prints nothing (only spaces or invisible "
                               f"characters: {translation!r}); translate it, or leave it empty to print "
                               "the English", _msgid(message))


# -- facts: numbers, addresses, names -------------------------------------------

_URL_RE = re.compile(r"\b(?:https?|ftp|file|data|javascript|mailto|tel|sms):[^\s<>\"']+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A host name: labels of letters, digits and hyphens joined by dots, ending in
# a top-level domain of two or more letters (any TLD: .fr, .com, .рф…).
_DOMAIN_RE = re.compile(r"(?<![\w.@-])(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])")
# What may stand between the digits of one phone number: spaces of every
# width, hyphens, dots, slashes and brackets. (Invisible characters are removed
# before numbers are read.)
_NUMBER_SEPARATORS = " \u00a0\u2007\u2009\u202f-\u2010\u2011./()"


def _digit(char: str) -> int | None:
    """The digit value in any script (Arabic-Indic ٣, Devanagari ३, Thai ๓, fullwidth ３…)."""
    return unicodedata.digit(char, None)


def numbers(text: str) -> list[tuple[str, str]]:
    """Each number in `text` (a phone number with its separators, an age, "17"):
    (as written, its digits in ASCII). Placeholders and tags are skipped."""
    text = "".join(c for c in without_placeholders(text) if not is_invisible(c))
    found, start, position = [], None, 0
    while position <= len(text):
        char = text[position] if position < len(text) else ""
        if char and _digit(char) is not None:
            start = position if start is None else start
        elif start is not None and not (char and char in _NUMBER_SEPARATORS and position + 1 < len(text)
                                        and _continues_number(text, position)):
            written = text[start:position].rstrip(_NUMBER_SEPARATORS)
            found.append((written, "".join(str(_digit(c)) for c in written if _digit(c) is not None)))
            start = None
        position += 1
    return found


def _continues_number(text: str, position: int) -> bool:
    """Whether the separators from `position` on are followed by another digit."""
    while position < len(text) and text[position] in _NUMBER_SEPARATORS:
        position += 1
    return position < len(text) and _digit(text[position]) is not None


# An abbreviation such as "z.B.", "p.sh." or "d.h.": short letter-only parts,
# each followed by a full stop. It looks like a host name but ends in a dot.
_ABBREVIATION_RE = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")


_RANGE_RE = re.compile(r"^(\w+)\s?[-‐‑]\s?(\w+)$")


def _is_range_of(written: str, known: set[str]) -> bool:
    """"8-11" where the English says "8 to 11": two of its numbers joined by a hyphen."""
    match = _RANGE_RE.match(written)
    if not match:
        return False
    parts = ["".join(str(_digit(c)) for c in part) for part in match.groups()]
    return all(part in known for part in parts)


def addresses(text: str) -> list[str]:
    """Web addresses, e-mail addresses and host names in `text`, as written."""
    plain = "".join(c for c in without_placeholders(text) if not is_invisible(c))
    found = [m.group(0).rstrip(".,;:!?)") for m in _URL_RE.finditer(plain)]
    found += _EMAIL_RE.findall(plain)
    found += [m.group(0) for m in _DOMAIN_RE.finditer(plain)
              if not (_ABBREVIATION_RE.fullmatch(m.group(0)) and plain[m.end():m.end() + 1] == ".")]
    return found


def phone_like(text: str) -> list[str]:
    """Numbers of three or more digits as written (phone numbers, "116 111")."""
    return [written for written, digits in numbers(text) if len(digits) >= 3]


def check_protected_terms(data: CheckInput) -> Iterator[CatalogProblem]:
    """Service names, "116 111" and every address or phone number of the
    English must appear unchanged."""
    terms = tuple(dict.fromkeys((*ALWAYS_PROTECTED, *data.protected_terms)))
    for message, _, source, translation in data.translations():
        protected = [t for t in terms if t in source] + addresses(source) + phone_like(source)
        for term in dict.fromkeys(protected):
            if translation.count(term) < source.count(term):
                yield data.problem("protected-terms", ERROR, message.lineno,
                                   f"{term!r} must appear unchanged in the translation", _msgid(message))


def check_added_facts(data: CheckInput) -> Iterator[CatalogProblem]:
    """A translation may not bring in a number, address or name of its own:
    every fact on a leaflet comes from the verified registry. Any number
    (phone-like or short, like "17", in any digit set, whatever separates its
    digits) and any web or e-mail address or host name must be in the English."""
    for message, _, source, translation in data.translations():
        source_numbers = {digits for _, digits in numbers(source)}
        source_addresses = {a.casefold() for a in addresses(source)}
        plain_source = source.casefold()
        for written, digits in dict.fromkeys(numbers(translation)):
            if digits not in source_numbers and not _is_range_of(written, source_numbers):
                yield data.problem("added-fact", ERROR, message.lineno,
                                   f"the number {written!r} is not in the English; translations may not "
                                   "add phone numbers or other numbers (write it as the English does)",
                                   _msgid(message))
        for found in dict.fromkeys(addresses(translation)):
            key = found.casefold()
            if key not in source_addresses and key not in plain_source:
                yield data.problem("added-fact", ERROR, message.lineno,
                                   f"{found!r} is not in the English; translations may not add web "
                                   "addresses, e-mail addresses or file names", _msgid(message))


# -- consistency -----------------------------------------------------------------


def _comparable(text: str) -> str:
    text = _TAG_LIKE_RE.sub("", text)
    return " ".join(text.split()).rstrip(".:!?。！？：").casefold()


def check_consistency(data: CheckInput) -> Iterator[CatalogProblem]:
    """The same source text translated two ways. A msgctxt says "these differ on
    purpose", so two messages with different contexts are not compared."""
    groups: dict[str, list] = defaultdict(list)
    for message in data.used_messages():
        if not isinstance(message.id, (tuple, list)):
            groups[_comparable(message.id)].append(message)
    for messages in groups.values():
        first = messages[0]
        for other in messages[1:]:
            if first.context and other.context and first.context != other.context:
                continue
            if _comparable(other.string) != _comparable(first.string):
                yield data.problem("consistency", WARNING, other.lineno,
                                   f"translated differently at line {first.lineno}: "
                                   f"{shorten(first.string, 40)!r} vs {shorten(other.string, 40)!r}",
                                   other.id)


# -- whitespace and print damage -----------------------------------------------

# A plain space before these lets a line start with the mark (French spacing).
_SPACE_BEFORE_MARK_RE = re.compile(r" (?=[:;!?]|%%)")
# Guillemets open with « in French and with » in Danish, German or Slovenian,
# so only a space inside a quoted pair is French spacing, wherever it points.
_GUILLEMET_PAIR_RE = re.compile(r"([«»])([^«»]*)[«»]|([‹›])([^‹›]*)[‹›]")


def _has_breakable_mark_spacing(text: str) -> bool:
    if _SPACE_BEFORE_MARK_RE.search(text):
        return True
    for pair in _GUILLEMET_PAIR_RE.finditer(text):
        quoted = pair.group(2) if pair.group(1) else pair.group(4)
        if quoted.startswith(" ") or quoted.endswith(" "):
            return True
    return False


def check_whitespace(data: CheckInput) -> Iterator[CatalogProblem]:
    for message in data.used_messages():
        for _, source, translation in _pairs(message):
            def warn(text):
                return data.problem("whitespace", WARNING, message.lineno, text, _msgid(message))

            if translation[:1].isspace() and not source[:1].isspace():
                yield warn("the translation starts with a space; the source does not")
            if translation[-1:].isspace() and not source[-1:].isspace():
                yield warn("the translation ends with a space; the source does not")
            if "  " in translation and "  " not in source:
                yield warn("doubled space")
            for control, name in (("\n", "line break"), ("\t", "tab")):
                if control in translation and control not in source:
                    yield warn(f"{name} in the translation; the source has none")
            if _has_breakable_mark_spacing(translation) and not _has_breakable_mark_spacing(source):
                yield data.problem("punctuation-spacing", WARNING, message.lineno,
                                   "a plain space next to : ; ! ? « » or % lets the line break there; "
                                   "use a no-break space (U+00A0) or narrow no-break space (U+202F)",
                                   _msgid(message))


# Expected growth of a translation over English source text, by source length
# (the IBM/Progress table; docs/sources.md, "Pseudo-locales and text expansion"). Longer than this is "much longer".
_EXPANSION = ((10, 3.0), (20, 2.0), (30, 1.8), (50, 1.6), (70, 1.4))
_EXPANSION_LONG = 1.3


def visible_width(text: str) -> int:
    """Printed width in Latin-letter units: tags dropped, CJK full-width counts 2."""
    text = _TAG_LIKE_RE.sub("", text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def check_length(data: CheckInput) -> Iterator[CatalogProblem]:
    for message in data.used_messages():
        for _, source, translation in _pairs(message):
            source_width = visible_width(source)
            ratio = next((r for limit, r in _EXPANSION if source_width <= limit), _EXPANSION_LONG)
            if visible_width(translation) > max(source_width * ratio, source_width + 8):
                yield data.problem("length", WARNING, message.lineno,
                                   f"the translation is {visible_width(translation)} characters wide, the "
                                   f"source {source_width}; check the layout (proofs have the final word)",
                                   _msgid(message))


# Every content check, in report order. Syntax and duplicates come from po_syntax.scan_po.
CHECKS: tuple[Callable[[CheckInput], Iterable[CatalogProblem]], ...] = (
    check_header,
    check_plural_forms,
    check_placeholders,
    check_percent_sign,
    check_markup,
    check_invisible_characters,
    check_prints_nothing,
    check_protected_terms,
    check_added_facts,
    check_consistency,
    check_whitespace,
    check_length,
)

# name -> severity, for documentation and tests.
CHECK_NAMES = {
    "po-syntax": ERROR,
    "duplicate": ERROR,
    "header": ERROR,  # a fuzzy header and old review fields are only warnings
    "plural-forms": ERROR,
    "placeholders": ERROR,
    "percent-sign": ERROR,
    "markup": ERROR,
    "bidi-control": ERROR,
    "invisible-character": ERROR,
    "prints-nothing": ERROR,
    "reviews": ERROR,  # reviews.json malformed (campaign.reviews)
    "protected-terms": ERROR,
    "added-fact": ERROR,
    "consistency": WARNING,
    "whitespace": WARNING,
    "punctuation-spacing": WARNING,
    "length": WARNING,
}


def run_checks(data: CheckInput) -> list[CatalogProblem]:
    problems = list(data.scan.problems)
    for check in CHECKS:
        problems.extend(check(data))
    return sorted(problems)


# --------------------------------------------------------------------------
# One catalog, and the terms it must keep
# --------------------------------------------------------------------------

ALWAYS_PROTECTED = ("116 111",)


def project_terms(project: Project, names: Iterable[str] = ()) -> tuple[str, ...]:
    """Terms a translation must keep as they are: locales/protected-terms.txt
    (one per line, # comments) plus `names` (the caller passes the registry's
    service names, see `service_names`)."""
    terms: list[str] = []
    path = project.locales_dir / "protected-terms.txt"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                terms.append(line)
    return tuple(dict.fromkeys([*terms, *names]))


def service_names(registry) -> list[str]:
    """The names of a loaded registry's services that are names (not
    descriptions such as "Police emergency number")."""
    return [service.name for country in registry.countries.values() for service in country.services
            if service.name and not service.name_is_description]


def check_catalog(project: Project, catalog_name: str, terms: tuple[str, ...] = (),
                  data: bytes | None = None):
    """Every problem in one catalog (errors and warnings), and the catalog if it parses."""
    path = po_path(project, catalog_name)
    try:
        catalog, scan = read_catalog(path, catalog_name, project, data)
    except InputError as error:
        return None, list(error.problems)
    # A regional English catalog (en_US) falls back to the source text.
    has_fallback = is_source_locale(catalog_name) or len(existing_chain(project, catalog_name)) > 1
    check_input = CheckInput(display_path(path, project.root), catalog_name, catalog, scan, terms, has_fallback)
    return catalog, run_checks(check_input)


# --------------------------------------------------------------------------
# `campaign catalog check` as a library call
# --------------------------------------------------------------------------


@dataclass
class CatalogCheck:
    """One catalog's problems (its PO file and its reviews file), or that it is missing."""

    name: str
    path: Path
    problems: list[CatalogProblem]
    missing: bool = False  # no PO file: counts as one error

    @property
    def errors(self) -> int:
        return int(self.missing) + sum(1 for problem in self.problems if problem.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for problem in self.problems if problem.severity != ERROR)


@dataclass
class CheckReport:
    catalogs: list[CatalogCheck]

    @property
    def errors(self) -> int:
        return sum(catalog.errors for catalog in self.catalogs)

    @property
    def warnings(self) -> int:
        return sum(catalog.warnings for catalog in self.catalogs)

    def passed(self, strict: bool = False) -> bool:
        """No errors (and with strict, no warnings either)."""
        return not self.errors and not (strict and self.warnings)


def check_catalogs(project: Project, locales: Iterable[str] | None = None,
                   terms: tuple[str, ...] = ()) -> CheckReport:
    """Check every catalog (or those of `locales`, in any spelling) and its
    reviews file; a locale given without a catalog is an error, not a skip."""
    names = [normalize(locale) for locale in locales or ()] or list_catalogs(project)
    report = CheckReport([])
    for name in names:
        path = po_path(project, name)
        if not path.is_file():
            report.catalogs.append(CatalogCheck(name, path, [], missing=True))
            continue
        _, problems = check_catalog(project, name, terms)
        try:
            read_reviews(project, name)
        except InputError as error:
            problems += error.problems
        report.catalogs.append(CatalogCheck(name, path, problems))
    return report
