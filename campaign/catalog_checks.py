"""Checks on translation catalogs: each a small function that yields problems.

Babel checks much less than a print run needs (docs/sources.md, "Babel checks less than a print run needs"): it
parses PO files leniently (an unterminated string or a duplicate entry passes
without a word), lets a translation drop a placeholder, has no checker for
{brace} placeholders and none for markup. So `scan_po` reads the PO text itself,
strictly and with line numbers, and the checks below compare each translation
with its source.

The PO syntax itself (check names `po-syntax` and `duplicate`) is read by
campaign.po_syntax. Only messages that are used at run time are checked: fuzzy and untranslated
ones never reach a leaflet (the English source is printed instead), and
`campaign catalog stats` reports them.

Severity: an "error" can break a leaflet (wrong text, broken formatting,
injected markup, an altered phone number) and stops the build of that edition;
a "warning" is cosmetic and left to the translator and the layout check.
"""

from __future__ import annotations

import datetime
import gettext
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from babel.messages.plurals import get_plural

from campaign.errors import Problem

if TYPE_CHECKING:  # only for annotations: po_syntax imports this module's helpers
    from campaign.po_syntax import PoScan
from campaign.templating import ALLOWED_MESSAGE_TAGS

ERROR = "error"
WARNING = "warning"

# Review status header fields (documented in locales/README.md).
REVIEW_STATUS_HEADER = "X-Review-Status"
REVIEWED_BY_HEADER = "X-Reviewed-By"
REVIEW_DATE_HEADER = "X-Review-Date"
REVIEW_STATUSES = ("draft", "reviewed")


@dataclass(frozen=True, eq=True)
class CatalogProblem(Problem):
    """A Problem in a PO file that also names the check, locale, line and msgid."""

    check: str = ""
    locale: str = ""
    line: int = 0
    msgid: str = ""

    def _key(self):
        return (self.file, self.line, self.check, self.msgid, self.message)

    def __lt__(self, other):
        # Problem orders by its `place` text ("line 12" < "line 9"); order by number.
        if isinstance(other, CatalogProblem):
            return self._key() < other._key()
        return (self.file, self.place, self.message) < (other.file, other.place, other.message)


def make_problem(check, severity, file, line, locale, text, msgid="") -> CatalogProblem:
    about = f' in "{shorten(msgid)}"' if msgid else ""
    return CatalogProblem(
        file=file,
        place=f"line {line}" if line else "",
        message=f"[{check}] {locale}: {text}{about}",
        severity=severity,
        check=check,
        locale=locale,
        line=line,
        msgid=msgid,
    )


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------
# Content checks on a parsed catalog
# --------------------------------------------------------------------------


@dataclass
class CheckInput:
    """What every check gets: the parsed catalog, its scan and the project's terms."""

    file: str
    locale: str  # catalog name, e.g. "de_CH"
    catalog: object  # campaign.catalogs.LeafletCatalog
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


def _normalize_plural(value: str) -> str:
    return re.sub(r"\s+", "", value).rstrip(";")


def check_plural_forms(data: CheckInput) -> Iterator[CatalogProblem]:
    line = data.header_line("Plural-Forms")
    expected = get_plural(data.locale)
    value = data.catalog.raw_headers.get("plural-forms")
    if value is None:
        yield data.problem("plural-forms", ERROR, line,
                           f"the header has no Plural-Forms; add: {expected.plural_forms}")
        return
    if _normalize_plural(value) != _normalize_plural(expected.plural_forms):
        yield data.problem("plural-forms", ERROR, line,
                           f"Plural-Forms is {value!r}; {data.locale} needs {expected.plural_forms}")
        return
    for entry in data.scan.entries:
        if entry.msgid_plural is not None and not entry.obsolete and len(entry.msgstr) != expected.num_plurals:
            yield data.problem("plural-forms", ERROR, entry.line,
                               f"{len(entry.msgstr)} plural forms, but {data.locale} has {expected.num_plurals}",
                               entry.msgid or "")


# -- review status -------------------------------------------------------------


def check_review_status(data: CheckInput) -> Iterator[CatalogProblem]:
    headers = data.catalog.raw_headers
    status = headers.get(REVIEW_STATUS_HEADER.lower(), "draft").strip()
    line = data.header_line(REVIEW_STATUS_HEADER)
    if status not in REVIEW_STATUSES:
        yield data.problem("review-status", ERROR, line,
                           f"{REVIEW_STATUS_HEADER} is {status!r}; use draft or reviewed")
        return
    if status != "reviewed":
        return
    if not headers.get(REVIEWED_BY_HEADER.lower(), "").strip():
        yield data.problem("review-status", ERROR, line,
                           f"a reviewed catalog needs {REVIEWED_BY_HEADER}: Name <email>")
    date = headers.get(REVIEW_DATE_HEADER.lower(), "").strip()
    try:
        datetime.date.fromisoformat(date)
        valid_date = len(date) == 10
    except ValueError:
        valid_date = False
    if not valid_date:
        yield data.problem("review-status", ERROR, data.scan.header_lines.get(REVIEW_DATE_HEADER.lower(), line),
                           f"a reviewed catalog needs {REVIEW_DATE_HEADER}: YYYY-MM-DD (found {date!r})")
    fuzzy = sum(1 for m in data.catalog if m.id and m.fuzzy)
    missing = sum(1 for m in data.catalog if m.id and not m.fuzzy and not is_translated(m))
    if fuzzy or (missing and not data.has_fallback):
        yield data.problem("review-status", ERROR, line,
                           f"marked reviewed but has {fuzzy} fuzzy and {missing} untranslated "
                           "messages; finish them and review again, or set it back to draft")


# -- placeholders --------------------------------------------------------------

# A complete Python %-directive (what newstyle gettext applies to every message).
_PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
_BRACE_RE = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:[!:][^{}]*)?\}(?!\})")


def placeholders(text: str) -> Counter:
    """Named placeholders in both styles, e.g. {'%(country)s': 1, '{name}': 1}."""
    found = Counter()
    for match in _PERCENT_RE.finditer(text):
        if match.group("type") != "%":
            found[match.group(0) if match.group("name") is None else f"%({match.group('name')})"] += 1
    for match in _BRACE_RE.finditer(text):
        found["{" + match.group(1) + "}"] += 1
    return found


def _single_number_forms(plural_expr: str, num_plurals: int) -> set[int]:
    """Plural forms used for exactly one number (like English "one"), which may
    leave the count out, as the English singular does."""
    try:
        rule = gettext.c2py(plural_expr)
    except (ValueError, SyntaxError):
        return set()
    used = Counter(rule(n) for n in range(1000))
    return {index for index in range(num_plurals) if used[index] == 1}


def check_placeholders(data: CheckInput) -> Iterator[CatalogProblem]:
    single = _single_number_forms(data.catalog.plural_expr, data.catalog.num_plurals)
    for message in data.used_messages():
        plural = isinstance(message.id, (tuple, list))
        for index, source, translation in _pairs(message):
            wanted = set(placeholders(source))
            if plural:
                allowed = set(placeholders(message.id[0])) | set(placeholders(message.id[1]))
                wanted = set(placeholders(message.id[0])) if index in single else allowed
            else:
                allowed = wanted
            present = set(placeholders(translation))
            form = f"form {index}: " if plural else ""
            for name in sorted(wanted - present):
                yield data.problem("placeholders", ERROR, message.lineno,
                                   f"{form}placeholder {_display(name)} is missing from the translation",
                                   _msgid(message))
            for name in sorted(present - allowed):
                yield data.problem("placeholders", ERROR, message.lineno,
                                   f"{form}placeholder {_display(name)} is not in the source "
                                   "(it would print as code or fail)", _msgid(message))


def _display(name: str) -> str:
    return name + "s" if name.startswith("%(") else name


def check_percent_sign(data: CheckInput) -> Iterator[CatalogProblem]:
    """Every message goes through `%` formatting (newstyle gettext), so a lone %
    breaks the leaflet or swallows the next letter; a literal % is written %%."""
    for message in data.used_messages():
        for _, _, translation in _pairs(message):
            position = translation.find("%")
            while position != -1:
                match = _PERCENT_RE.match(translation, position)
                if not match or (match.group("name") is None and match.group("type") != "%"):
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


# -- protected terms and addresses ----------------------------------------------

_URL_RE = re.compile(
    r"(?:\b(?:https?|ftp|file|data|javascript|mailto):[^\s<>\"']+"
    r"|\bwww\.[^\s<>\"']+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|info|eu|int|gov|edu|[a-z]{2})/[^\s<>\"']*"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|info|eu|int|gov|edu)(?:\.[a-z]{2})?\b)",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Three or more digits, possibly split by spaces, no-break spaces or hyphens.
_PHONE_RE = re.compile(r"(?<![\w%])\+?\d(?:[ \u00a0\u202f-]?\d){2,}(?![\w])")
_FILE_REF_RE = re.compile(r"(?:\.\./|\b[\w-]+\.(?:svg|png|jpe?g|gif|css|js|html?|pdf|ttf|otf|woff2?)\b)", re.IGNORECASE)
ALWAYS_PROTECTED = ("116 111",)


def addresses(text: str) -> list[str]:
    """Web addresses, e-mail addresses, phone-like numbers and file names in text."""
    found = [m.group(0).rstrip(".,;:!?)") for m in _URL_RE.finditer(text)]
    found += _EMAIL_RE.findall(text)
    found += [m.group(0) for m in _PHONE_RE.finditer(text)]
    found += _FILE_REF_RE.findall(text)
    return found


def check_protected_terms(data: CheckInput) -> Iterator[CatalogProblem]:
    terms = tuple(dict.fromkeys((*ALWAYS_PROTECTED, *data.protected_terms)))
    for message in data.used_messages():
        for _, source, translation in _pairs(message):
            protected = [t for t in terms if t in source] + addresses(source)
            for term in dict.fromkeys(protected):
                if translation.count(term) < source.count(term):
                    yield data.problem("protected-terms", ERROR, message.lineno,
                                       f"{term!r} must appear unchanged in the translation", _msgid(message))


def check_added_addresses(data: CheckInput) -> Iterator[CatalogProblem]:
    """A translation may not bring in an address, number or file of its own:
    every fact on a leaflet comes from the verified registry."""
    for message in data.used_messages():
        for _, source, translation in _pairs(message):
            for found in dict.fromkeys(addresses(translation)):
                if found not in source and not any(found in term for term in addresses(source)):
                    yield data.problem("added-address", ERROR, message.lineno,
                                       f"{found!r} is not in the source; translations may not add "
                                       "web addresses, e-mail addresses, phone numbers or files",
                                       _msgid(message))


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
    check_review_status,
    check_placeholders,
    check_percent_sign,
    check_markup,
    check_protected_terms,
    check_added_addresses,
    check_consistency,
    check_whitespace,
    check_length,
)

# name -> severity, for documentation and tests.
CHECK_NAMES = {
    "po-syntax": ERROR,
    "duplicate": ERROR,
    "header": ERROR,  # a fuzzy header is only a warning
    "plural-forms": ERROR,
    "review-status": ERROR,
    "placeholders": ERROR,
    "percent-sign": ERROR,
    "markup": ERROR,
    "protected-terms": ERROR,
    "added-address": ERROR,
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
