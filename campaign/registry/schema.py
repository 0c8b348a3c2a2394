"""The registry's fields, declared once.

Each row of COUNTRY_FIELDS and SERVICE_FIELDS says what a TOML key holds: its
type, whether it is required, whether its text is printed on a leaflet, the
check of its value, and what it means. Everything else reads these tables:
the loader validates with them, model.py builds its records from them,
`campaign countries show` prints and `--format json` writes them in this
order, and registry/README.md documents them (a test keeps it in step).

A check takes the value (already of the right type) and a Context, and yields
problems as (where, message): `where` is "" for the value itself, or an index
("[2]") or key (".fr") inside it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from campaign.errors import CampaignError
from campaign.hours import parse_hours
from campaign.locales import is_known_country, language_of, parse_locale

# Categories, in the order leaflets print them.
KINDS = (
    "hotline", "child_helpline", "crisis_line", "parent_line", "missing_children",
    "emergency", "police_tip_line", "removal",
)
# Whom a service is for ("serves"); leaflets choose by these (see content.py).
SERVES = ("children", "young_people", "parents", "anyone")
PAPER_SIZES = ("A4", "Letter")

Problems = Iterator[tuple[str, str]]


@dataclass(frozen=True)
class Context:
    """What checks need beyond the value: today, and the country's locales
    (None for shared-services.toml, whose services go to many countries)."""

    today: datetime.date
    locales: tuple[str, ...] | None = None
    file_stem: str = ""


@dataclass(frozen=True)
class ValueType:
    label: str  # as in "must be a list of strings"
    accepts: Callable[[object], bool]
    to_model: Callable[[object], object] = lambda value: value


TEXT = ValueType("a string", lambda v: isinstance(v, str))
FLAG = ValueType("true or false", lambda v: isinstance(v, bool))
# TOML also has date-times; these are plain dates.
DAY = ValueType("a date like 2026-11-22", lambda v: type(v) is datetime.date)
TEXT_LIST = ValueType("a list of strings, e.g. [\"a\", \"b\"]",
                      lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
                      tuple)
# Per-language values: { fr = "Cyberaide.ca" }; kept as sorted (language, value) pairs.
TEXT_TABLE = ValueType("a table of strings per language, e.g. { fr = \"…\" }",
                       lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
                       lambda v: tuple(sorted(v.items())))
TABLE_LIST = ValueType("a list of tables ([[services]])",
                       lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v))


@dataclass(frozen=True)
class Field:
    name: str
    type: ValueType
    required: bool
    printed: bool  # its text appears on leaflets (so printed_text_problems apply)
    check: Callable[[object, Context], Problems] | None
    doc: str

    @property
    def default(self):
        return () if self.type in (TEXT_LIST, TEXT_TABLE, TABLE_LIST) else (
            False if self.type is FLAG else None)


# -- value checks -------------------------------------------------------------

# Bidirectional controls reorder what is printed (U+202E prints text mirrored).
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Joiners some scripts need inside words; every other invisible format character is refused.
JOINERS = {"\u200c", "\u200d"}
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def plain_text_problems(text: str) -> Problems:
    """Any text: not empty, no control characters."""
    if not text.strip():
        yield "", "must not be empty"
    for char in text:
        if unicodedata.category(char) == "Cc":
            yield "", f"contains the control character U+{ord(char):04X}; remove it"
            return


def printed_text_problems(text: str) -> Problems:
    """Text a leaflet prints: plain, and nothing that could act as markup or
    change how the line is laid out."""
    yield from plain_text_problems(text)
    for char in dict.fromkeys(text):
        code = f"U+{ord(char):04X}"
        if char in BIDI_CONTROLS:
            yield "", f"contains the bidirectional control character {code}, which reorders the printed text; remove it"
        elif unicodedata.category(char) == "Cf" and char not in JOINERS:
            yield "", f"contains the invisible format character {code}; remove it"
    if "<" in text or ">" in text:
        yield "", "must not contain angle brackets (< >): the registry holds plain text, not markup"
    if ENTITY.search(text):
        yield "", f"must not contain HTML entities ({ENTITY.search(text).group()}); write the character itself"
    if '"' in text:
        yield "", "must not contain straight double quotes (\"); use the language's own quotation marks („…“, «…», ״)"


def check_text(value: str, context: Context) -> Problems:
    yield from plain_text_problems(value)


def check_printed_text(value: str, context: Context) -> Problems:
    yield from printed_text_problems(value)


def check_names_by_language(names: dict, context: Context) -> Problems:
    for language, name in names.items():
        for where, message in _language_problems(language, context):
            yield f".{language}", message
        for where, message in printed_text_problems(name):
            yield f".{language}", message


def check_webs_by_language(webs: dict, context: Context) -> Problems:
    for language, web in webs.items():
        for where, message in _language_problems(language, context):
            yield f".{language}", message
        for where, message in check_web(web, context):
            yield f".{language}", message


def check_country_code(code: str, context: Context) -> Problems:
    if not re.fullmatch(r"[A-Z]{2}", code) or not is_known_country(code):
        yield "", f"{code!r} is not an ISO 3166 country code CLDR knows (Kosovo is XK)"
    elif context.file_stem and context.file_stem != code:
        yield "", (f"file name {context.file_stem}.toml does not match country code {code}; "
                   f"rename it to {code}.toml")


def check_locales(locales: list, context: Context) -> Problems:
    if not locales:
        yield "", "needs at least one locale (each locale is one leaflet edition)"
    country = context.file_stem
    seen: set[str] = set()
    for index, locale in enumerate(locales):
        try:
            parsed = parse_locale(locale)
        except (ValueError, CampaignError) as error:
            yield f"[{index}]", str(error)
            continue
        if "-" in locale:
            yield f"[{index}]", f"write {locale!r} with underscores: {locale.replace('-', '_')!r}"
        elif country and parsed.territory != country:
            yield f"[{index}]", f"locale {locale!r} is not for country {country}"
        elif locale in seen:
            yield f"[{index}]", f"duplicate locale {locale!r}"
        seen.add(locale)


def choice(choices: tuple[str, ...]):
    def check(value: str, context: Context) -> Problems:
        if value not in choices:
            yield "", f"unknown value {value!r}; use one of {', '.join(choices)}"
    return check


def check_service_id(value: str, context: Context) -> Problems:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        yield "", f"{value!r} must be lowercase letters, digits and hyphens, e.g. 'child-focus'"


def check_serves(serves: list, context: Context) -> Problems:
    if not serves:
        yield "", f"needs at least one of {', '.join(SERVES)}"
    for index, audience in enumerate(serves):
        if audience not in SERVES:
            yield f"[{index}]", f"unknown value {audience!r}; use one of {', '.join(SERVES)}"


LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?")


def language_matches(service_language: str, edition_language: str) -> bool:
    """"sr" matches the sr_Latn and sr_Cyrl editions; "sr_Latn" only sr_Latn."""
    return service_language in (edition_language, edition_language.split("_")[0])


def _language_problems(language: str, context: Context) -> Problems:
    try:
        known = bool(LANGUAGE.fullmatch(language)) and bool(parse_locale(language))
    except (ValueError, CampaignError):
        known = False
    if not known:
        yield "", f"{language!r} is not a language code Babel knows (e.g. 'nl', 'sv', 'sr_Latn')"
    elif context.locales and not any(language_matches(language, language_of(locale))
                                     for locale in context.locales):
        yield "", (f"{language!r} is not the language of any of this country's locales "
                   f"({', '.join(context.locales)}), so it would never print")


def check_name_language(language: str, context: Context) -> Problems:
    """Any language Babel knows: a name may be in a language none of the
    country's editions is in (an English name on a Japanese leaflet)."""
    yield from _language_problems(language, Context(context.today))


def check_languages(languages: list, context: Context) -> Problems:
    for index, language in enumerate(languages):
        for where, message in _language_problems(language, context):
            yield f"[{index}]", message


# As printed: digits in groups separated by one space or hyphen, optional leading +.
PHONE = re.compile(r"\+?[0-9]+([ -][0-9]+)*")


def check_phone(phone: str, context: Context) -> Problems:
    if not PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < 3:
        yield "", (f"malformed phone number {phone!r}: write it as printed, with digits, single "
                   "spaces or hyphens and an optional leading + (no letters: keep a mnemonic "
                   "like 1-800-THE-LOST in note)")


def check_sms_keyword(keyword: str, context: Context) -> Problems:
    if not re.fullmatch(r"[A-Za-z0-9]{1,20}", keyword):
        yield "", f"text keyword {keyword!r} must be one word of letters or digits, as the service spells it (e.g. CONNECT)"


HOST = re.compile(r"([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
# RFC 3986 unreserved characters and percent escapes: nothing a printer,
# a link or a QR code could read differently.
PATH = re.compile(r"(/([A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*)*")
UNSAFE_IN_WEB = set(" \"'<>`\\{}|^")


def check_web(web: str, context: Context) -> Problems:
    if not web.startswith("https://"):
        problem = "must start with https://"
    elif any(ch in UNSAFE_IN_WEB or ch.isspace() or not ch.isprintable() for ch in web):
        problem = "must not contain spaces, quotes, angle brackets or invisible characters"
    elif "?" in web or "#" in web:
        problem = "must be a plain address without ? or #"
    else:
        host, slash, path = web[len("https://"):].partition("/")
        if not HOST.fullmatch(host):
            problem = "has no valid host name (lowercase letters, digits, hyphens and dots; no port or user)"
        elif not PATH.fullmatch(slash + path):
            problem = "has characters in its path that are not letters, digits, . _ ~ - / or %XX escapes"
        else:
            return
    yield "", f"malformed web address {web!r}: {problem}"


def check_hours(hours: str, context: Context) -> Problems:
    try:
        parse_hours(hours)
    except ValueError as error:
        yield "", str(error)


def check_not_in_future(day: datetime.date, context: Context) -> Problems:
    if day > context.today:
        yield "", f"date {day.isoformat()} is in the future (today is {context.today.isoformat()})"


SOURCE_DATE = re.compile(r"(undated|~?\d{4}(-\d{2}){0,2})(; (undated|~?\d{4}(-\d{2}){0,2}))*")


def check_source_date(value: str, context: Context) -> Problems:
    if not SOURCE_DATE.fullmatch(value):
        yield "", (f"{value!r}: write the date printed in the source as 2025-10-15, 2025-10 or "
                   "2025 (~2017 if approximate; several separated by '; '), or 'undated'")


# -- the tables ---------------------------------------------------------------

COUNTRY_FIELDS = (
    Field("code", TEXT, True, False, check_country_code,
          "ISO 3166-1 alpha-2 code, upper case, the same as the file name; Kosovo is XK."),
    Field("name", TEXT, True, False, check_text,
          "English name, for coordinators; leaflets print the name in the reader's language from CLDR."),
    Field("locales", TEXT_LIST, True, False, check_locales,
          "Babel locales with underscores (fr_BE, sr_Latn_ME), at least one: one leaflet edition each."),
    Field("paper", TEXT, True, False, choice(PAPER_SIZES), "A4, or Letter (US, CA, MX, CR, PH)."),
    Field("shared_services", TEXT_LIST, False, False, None,
          "ids of services in shared-services.toml that apply here."),
    Field("services", TABLE_LIST, False, False, None, "the country's own services ([[services]])."),
)

SERVICE_FIELDS = (
    Field("id", TEXT, True, False, check_service_id,
          "short name, lowercase with hyphens, unique in the country (shared ids count too)."),
    Field("kind", TEXT, True, False, choice(KINDS), "the category (see Categories)."),
    Field("name", TEXT, True, True, check_printed_text,
          "the service's own name as printed, in its own language (\"Rat auf Draht\")."),
    Field("name_by_language", TEXT_TABLE, False, True, check_names_by_language,
          "its official name in other languages, with a source: { fr = \"Jeunesse, J'écoute\" }."),
    Field("name_language", TEXT, False, False, check_name_language,
          "the language `name` is in (en, sr_Latn), where it is not the language of the country's "
          "first locale (in shared-services.toml: always), so screen readers read it with the "
          "right voice. Names in name_by_language are in their key's language."),
    Field("name_is_description", FLAG, False, False, None,
          "true when `name` only describes the service (\"Police\"): leaflets print the category's "
          "translated label and the number instead."),
    Field("phone", TEXT, False, True, check_phone,
          "as printed: digits, single spaces or hyphens, optional leading + (\"116 111\")."),
    Field("sms", TEXT, False, True, check_phone, "number to send a text message to (\"686868\")."),
    Field("sms_keyword", TEXT, False, True, check_sms_keyword,
          "the word to text, if the service asks for one (\"CONNECT\")."),
    Field("web", TEXT, False, True, check_web,
          "full https:// address, exactly the host and path the source gives."),
    Field("web_by_language", TEXT_TABLE, False, True, check_webs_by_language,
          "its address in other languages, where it differs: { fr = \"https://cyberaide.ca\" }."),
    Field("chat", TEXT, False, True, check_web, "https:// address of its online chat."),
    Field("hours", TEXT, False, True, check_hours,
          "opening hours: 24/7, Mo-Fr 09:00-19:00, Mo-Fr 12:00-20:00; Sa 09:30-14:00."),
    Field("serves", TEXT_LIST, True, False, check_serves,
          "children, young_people, parents and/or anyone: which leaflets show it."),
    Field("languages", TEXT_LIST, False, False, check_languages,
          "languages of the editions it belongs on (nl, sr_Latn); leave out for all."),
    Field("source", TEXT, True, False, check_text, "where the facts come from (URL and title)."),
    Field("source_date", TEXT, False, False, check_source_date,
          "the date printed in the source (2025-10-15, 2025-10, ~2017), or undated."),
    Field("checked", DAY, True, False, check_not_in_future,
          "the day the source was read (not a confirmation with the service)."),
    Field("verified", FLAG, True, False, None,
          "true only if the source shows the number or address; unverified services never print."),
    Field("confirmed", DAY, False, False, check_not_in_future,
          "the day the service itself confirmed its contact details (with confirmed_by)."),
    Field("confirmed_by", TEXT, False, False, check_text,
          "who confirmed them with the service, and how (\"A. Peeters, e-mail from Awel\")."),
    Field("note", TEXT, False, False, check_text,
          "why it is unverified; caveats; other numbers of the same service."),
)

SHARED_FIELDS = (
    Field("services", TABLE_LIST, True, False, None, "services attached to many countries."),
)

# Contact routes: a verified service needs at least one of them.
CONTACT_FIELDS = ("phone", "sms", "web", "chat")


def service_problems(values: dict) -> Problems:
    """Checks across fields of one service (values of the right type only)."""
    if values.get("verified") and not any(values.get(key) for key in CONTACT_FIELDS):
        yield "verified", f"a verified service needs one of {', '.join(CONTACT_FIELDS)}"
    if values.get("verified") is False and not values.get("note"):
        yield "note", "an unverified service needs a note saying why"
    if "sms_keyword" in values and not values.get("sms"):
        yield "sms_keyword", "a text keyword needs the number to text (sms)"
    if "web_by_language" in values and not values.get("web"):
        yield "web_by_language", "needs a web address (web) for the other languages"
    if "name_language" in values and values.get("name_is_description"):
        yield "name_language", "a name that is only a description is not printed; leave name_language out"
    if ("confirmed" in values) != ("confirmed_by" in values):
        missing = "confirmed_by" if "confirmed" in values else "confirmed"
        yield missing, "a confirmation needs both the date (confirmed) and who confirmed it (confirmed_by)"
    if values.get("confirmed") and values.get("verified") is False:
        yield "confirmed", "an unverified service cannot be confirmed; verify it first"


def to_json(record, fields) -> dict:
    """A record's schema fields as JSON values (dates as ISO strings)."""
    data = {}
    for spec in fields:
        value = getattr(record, spec.name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif spec.type is TEXT_TABLE:
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        data[spec.name] = value
    return data
