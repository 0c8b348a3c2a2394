"""PO and POT files: where they are, reading them, and writing them as GNU gettext does.

Layout (domain `leaflets`): locales/leaflets.pot and
locales/<catalog>/LC_MESSAGES/leaflets.po, one catalog per language (`de`,
`sr` = Serbian Cyrillic, `sr_Latn`), regional ones only where wording differs
(`de_CH`). An edition locale looks its messages up along `catalog_chain`.

Reading: po_syntax reads the text strictly first (Babel's parser is lenient),
then Babel parses it, with two repairs:
- Catalog.mime_headers drops header fields it does not know (Poedit's
  X-Generator, X-Transliterated-From…): LeafletCatalog keeps them.
- read_po reads "#| msgid" (previous text of a fuzzy message) as a user comment
  and writes it back as "# | msgid": LeafletPoParser reads it properly.

Writing: the same bytes GNU gettext (msgcat, msgmerge) and Poedit write, so a
translator's round trip through any of them changes nothing. Babel writes the
entries unwrapped (which also keeps a multi-line previous msgid valid: Babel's
wrapped form `#| msgid "" "…` is not PO), then GNU msgcat wraps them at 79
columns. The header fields are in the order msginit writes them, and fields
still holding the template's placeholder (FULL NAME <EMAIL@ADDRESS>) are left
out rather than printed.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path
from textwrap import TextWrapper

import babel
from babel.core import get_global, parse_locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, denormalize, escape

from campaign.atomic import write_atomically
from campaign.catalog_problems import ERROR, make_problem
from campaign.errors import CampaignError, InputError, display_path
from campaign.locales import normalize as normalize_locale
from campaign.po_syntax import PoScan, scan_po
from campaign.project import Project

DOMAIN = "leaflets"
# GNU gettext's page width (msgcat, msgmerge, xgettext and Poedit all use 79).
PAGE_WIDTH = 79
# How `#:` location comments are written. "file" (the default) names the
# template without a line number, so editing a template does not change every
# catalog; "full" adds line numbers (xgettext's default); "never" leaves them out.
LOCATION_STYLES = ("file", "full", "never")
DEFAULT_LOCATION_STYLE = "file"
SETTINGS_FILE = "catalogs.toml"  # in locales/: `locations = "file"`

# Header fields in the order GNU msginit writes them; others follow in their own order.
GNU_HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)
_KNOWN_HEADERS = {name.lower() for name in GNU_HEADER_ORDER} | {"generated-by"}
# Babel's defaults for fields nobody filled in: written by no one, so left out.
_PLACEHOLDER_VALUES = {"FULL NAME <EMAIL@ADDRESS>", "EMAIL@ADDRESS", "LANGUAGE <LL@li.org>"}


class LeafletCatalog(Catalog):
    """A Babel Catalog that keeps every header field it reads.

    `raw_headers` holds the header as written (lower-case names), so checks can
    tell a missing Plural-Forms from Babel's silent default; `extra_headers`
    holds the fields Babel does not know, written after the standard ones.
    """

    def __init__(self, *args, **kwargs):
        self.raw_headers: dict[str, str] = {}
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _get_leaflet_headers(self):
        babel_headers = dict(Catalog._get_mime_headers(self))
        if self.locale is None:  # a template: Babel writes no Language field for it
            babel_headers.pop("Language", None)
        headers = [(name, babel_headers[name]) for name in GNU_HEADER_ORDER
                   if name in babel_headers and babel_headers[name] not in _PLACEHOLDER_VALUES]
        headers += list(self.extra_headers.items())
        # Babel joins the fields with newlines; the last one needs its own.
        name, value = headers[-1]
        return headers[:-1] + [(name, value.rstrip("\n") + "\n")]

    def _set_leaflet_headers(self, headers):
        headers = list(headers)
        Catalog._set_mime_headers(self, headers)
        for name, value in headers:
            self.raw_headers[name.lower()] = value
            if name.lower() not in _KNOWN_HEADERS:
                self.extra_headers[name] = value

    mime_headers = property(_get_leaflet_headers, _set_leaflet_headers)

    def set_header(self, name: str, value: str | None) -> None:
        """Set (or with None, remove) a custom header field such as X-Transliterated-From."""
        for existing in [k for k in self.extra_headers if k.lower() == name.lower()]:
            del self.extra_headers[existing]
        self.raw_headers.pop(name.lower(), None)
        if value is not None:
            self.extra_headers[name] = value
            self.raw_headers[name.lower()] = value


class LeafletPoParser(PoFileParser):
    """Babel's parser, plus "#| msgid" previous-text comments (GNU and Babel write them)."""

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous: list[tuple[str, list[str]]] = []

    def _process_comment(self, line) -> None:
        if not line.startswith("#|"):
            return super()._process_comment(line)
        self._finish_current_message()
        text = line[2:].strip()
        if text.startswith('"') and self.previous:
            self.previous[-1][1].append(text)
        else:
            keyword, _, value = text.partition(" ")
            self.previous.append((keyword, [value.strip()]))

    def _add_message(self) -> None:
        previous = [denormalize("\n".join(parts)) for keyword, parts in self.previous
                    if keyword in ("msgid", "msgid_plural")]
        msgid = self.messages[0].denormalize()
        context = self.context.denormalize() if self.context else None
        obsolete = self.obsolete
        super()._add_message()
        if previous and not obsolete:
            self.catalog.get(msgid, context).previous_id = previous


def _display(path: Path, project: Project | None) -> str:
    return display_path(path, project.root if project else None)


def read_catalog(path: Path, locale: str | None = None, project: Project | None = None,
                 data: bytes | None = None) -> tuple[LeafletCatalog, PoScan]:
    """Parse a PO/POT file; raise InputError (file and line) if it is malformed."""
    file = _display(path, project)
    name = locale or "template"
    if data is None:
        data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{file} is not valid UTF-8", [
            make_problem("po-syntax", ERROR, file, line, name, "not valid UTF-8; save the file as UTF-8")])
    scan = scan_po(text, file, name)
    if scan.problems:
        raise InputError(f"{file} is not a valid PO file", scan.problems)
    try:
        catalog = LeafletCatalog(locale=locale, domain=DOMAIN)
    except (ValueError, babel.UnknownLocaleError):
        raise InputError(f"{file}: unknown locale", [make_problem(
            "header", ERROR, file, 0, name, f"{locale!r} is not a locale Babel knows")])
    try:
        LeafletPoParser(catalog, abort_invalid=True).parse(_babel_lines(text))
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", -1) + 1
        raise InputError(f"{file} is not a valid PO file", [
            make_problem("po-syntax", ERROR, file, line, name, str(error))])
    return catalog, scan


def _babel_lines(text: str) -> list[str]:
    """Lines for Babel's parser, without GNU's "#~|" (previous text of an obsolete
    message), which it cannot read; blanked rather than dropped, to keep line numbers."""
    return ["" if line.lstrip().startswith("#~|") else line for line in text.splitlines()]


def po_bytes(catalog: Catalog, locations: str = DEFAULT_LOCATION_STYLE) -> bytes:
    """The file as GNU gettext writes it: source order, previous msgids of fuzzy
    messages (`#|`) and obsolete messages kept, strings wrapped at 79 columns."""
    if locations not in LOCATION_STYLES:
        raise CampaignError(f"location style {locations!r} is not one of {', '.join(LOCATION_STYLES)}")
    return gnu_format(unwrapped_po(catalog, locations).encode("utf-8"))


def unwrapped_po(catalog: Catalog, locations: str) -> str:
    """The PO text with every string on one line (GNU msgcat wraps it).

    Written here rather than by Babel's write_po, which wraps comment lines at
    76 columns even when asked not to wrap, and so cuts a long previous msgid
    (`#| msgid "…"`) into lines no PO reader understands.
    """
    out = [catalog.header_comment.rstrip("\n") + "\n"] if catalog.header_comment else []
    for message in catalog:
        out.append(_entry(message, catalog.num_plurals, locations))
    for message in catalog.obsolete.values():
        out.append(_entry(message, catalog.num_plurals, locations, obsolete=True))
    return "\n".join(out)


# Comments wrapped as Babel and xgettext wrap them (PO readers keep each line).
_COMMENT_WRAPPER = TextWrapper(width=76, break_long_words=False)


def _comment_lines(prefix: str, comments) -> list[str]:
    return [f"{prefix} {line.strip()}" for comment in comments for line in _COMMENT_WRAPPER.wrap(comment)]


def _entry(message, num_plurals: int, locations: str, obsolete: bool = False) -> str:
    lines = _comment_lines("#", message.user_comments)
    if obsolete:  # an obsolete message keeps only its translator comments (as Babel writes it)
        return "\n".join(lines + _message_lines(message, num_plurals, "#~ ")) + "\n"
    lines += _comment_lines("#.", message.auto_comments)
    if message.locations and locations != "never":
        places = [f"{file}:{line}" if line and locations == "full" else file for file, line in message.locations]
        lines.append("#: " + " ".join(dict.fromkeys(places)))
    if message.flags:
        lines.append("#, " + ", ".join(sorted(message.flags)))
    previous = list(message.previous_id or ()) if message.fuzzy else []
    for keyword, text in zip(("msgid", "msgid_plural"), previous):
        lines.append(f"#| {keyword} {_quoted(text)}")
    return "\n".join(lines + _message_lines(message, num_plurals, "")) + "\n"


def _message_lines(message, num_plurals: int, prefix: str) -> list[str]:
    lines = []
    if message.context is not None:
        lines.append(f"{prefix}msgctxt {_quoted(message.context)}")
    if isinstance(message.id, (tuple, list)):
        lines.append(f"{prefix}msgid {_quoted(message.id[0])}")
        lines.append(f"{prefix}msgid_plural {_quoted(message.id[1])}")
        strings = list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]
        for index in range(num_plurals):
            lines.append(f"{prefix}msgstr[{index}] {_quoted(strings[index] if index < len(strings) else '')}")
    else:
        lines.append(f"{prefix}msgid {_quoted(message.id)}")
        lines.append(f"{prefix}msgstr {_quoted(message.string or '')}")
    return lines


def _quoted(text: str) -> str:
    return '"' + escape(text)[1:-1] + '"'


def gnu_format(data: bytes) -> bytes:
    """`data` (a valid PO file) as GNU msgcat writes it."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise CampaignError("GNU gettext's msgcat is needed to write catalogs as translators' tools do; "
                            "install the gettext package (./run setup does)")
    result = subprocess.run([msgcat, f"--width={PAGE_WIDTH}", "--to-code=UTF-8", "-"],
                            input=data, capture_output=True, env={"LC_ALL": "C.UTF-8", "PATH": ""})
    if result.returncode != 0:
        raise CampaignError("GNU msgcat could not write a catalog: " + result.stderr.decode(errors="replace"))
    return result.stdout


def location_style(project: Project) -> str:
    """The `locations` setting of locales/catalogs.toml (default "file")."""
    path = project.locales_dir / SETTINGS_FILE
    if not path.is_file():
        return DEFAULT_LOCATION_STYLE
    file = display_path(path, project.root)
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CampaignError(f"{file}: {error}")
    style = settings.get("locations", DEFAULT_LOCATION_STYLE)
    unknown = set(settings) - {"locations"}
    if unknown:
        raise CampaignError(f"{file}: unknown setting(s) {', '.join(sorted(unknown))} (known: locations)")
    if style not in LOCATION_STYLES:
        raise CampaignError(f"{file}: locations = {style!r}; use one of {', '.join(LOCATION_STYLES)}")
    return style


def write_catalog(path: Path, catalog: Catalog, locations: str = DEFAULT_LOCATION_STYLE) -> None:
    """Write atomically, so a crash never leaves a half-written PO file."""
    write_atomically(path, po_bytes(catalog, locations))


# --------------------------------------------------------------------------
# Where catalogs are
# --------------------------------------------------------------------------


def pot_path(project: Project) -> Path:
    return project.locales_dir / f"{DOMAIN}.pot"


def po_path(project: Project, catalog: str) -> Path:
    return project.locales_dir / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


def list_catalogs(project: Project) -> list[str]:
    """Names of the catalogs present, e.g. ["de", "de_CH", "sr_Latn"]."""
    if not project.locales_dir.is_dir():
        return []
    return sorted(p.name for p in project.locales_dir.iterdir() if po_path(project, p.name).is_file())


def is_source_locale(locale: str) -> bool:
    """English editions print the source text; they need no catalog, but a
    regional English catalog (en_US: US spelling) may replace some messages."""
    return normalize_locale(locale).split("_")[0].lower() == "en"


def catalog_chain(locale: str) -> list[str]:
    """Catalog names to look messages up in, most specific first.

    de_CH → [de_CH, de]; sr_Latn_ME → [sr_Latn_ME, sr_Latn] (not sr, which is
    Cyrillic); sr_Cyrl_RS → [sr_Cyrl_RS, sr_Cyrl, sr]; sr_ME → [sr_ME, sr_Latn]
    (CLDR: Serbian in Montenegro is written in Latin). The language alone is
    used only when the locale's script is the language's default script.
    es_MX → [es_MX, es_419, es]: CLDR's regional parent (Latin American
    Spanish) comes between the country and the language.
    """
    locale = normalize_locale(locale)
    language, territory, script, _variant = parse_locale(locale)
    likely = get_global("likely_subtags")
    default_script = _script_of(likely.get(language))
    if script is None and territory:
        script = _script_of(likely.get(f"{language}_{territory}")) or default_script
    chain = [locale]
    region = _regional_parent(locale)
    if region:
        chain.append(region)
    if script and (script != default_script or f"_{script}" in locale):
        chain.append(f"{language}_{script}")
    if not script or script == default_script:
        chain.append(language)
    return list(dict.fromkeys(chain))


def existing_chain(project: Project, locale: str) -> list[str]:
    """The catalogs of `catalog_chain` that exist in the project."""
    return [name for name in catalog_chain(locale) if po_path(project, name).is_file()]


def _regional_parent(locale: str) -> str | None:
    """CLDR's parent for a locale whose parent is a world region, such as
    es_MX → es_419 or en_AU → en_001 (a UN M.49 number, not a country)."""
    parent = get_global("parent_exceptions").get(locale)
    if parent and parent.split("_")[-1].isdigit():
        return parent
    return None


def _script_of(likely: str | None) -> str | None:
    return parse_locale(likely)[2] if likely else None


def message_key(message) -> tuple:
    """(msgctxt, msgid) of a Babel message: what identifies it in every catalog."""
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return (message.context, msgid)
