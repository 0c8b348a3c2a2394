"""Serbian in Latin script from the Cyrillic catalog, by transliteration.

Serbian is written in both scripts with the same words, so the Latin catalog
(`sr_Latn`, used by sr_Latn_ME, sr_Latn_XK…) is not translated a second time:
`campaign catalog transliterate sr sr_Latn` derives it from the Cyrillic one
(`sr`), message by message, with the standard one-to-one Serbian mapping
(Љ→Lj, Њ→Nj, Џ→Dž, Ђ→Đ, Ћ→Ć, Ч→Č, Ш→Š, Ж→Ž…).

- Placeholders (`%(country)s`, `{name}`, `%%`) and tags (`<strong>`) are copied
  as they are, and so is any text already in Latin script (service names, "QR").
- A digraph takes the case of its word: Љубав → Ljubav, ЉУБАВ → LJUBAV.
- The target keeps the source's messages, comments, flags (a fuzzy message
  stays fuzzy) and obsolete messages, with `Language: sr_Latn` and
  `X-Transliterated-From: sr` in its header, so a reviewer sees where the file
  comes from. Reviews carry over too: a message reviewed in the source is
  reviewed in the target (its reviews.json is written from the source's). Fix wording in the Cyrillic catalog
  and transliterate again; the target is never edited by hand.
- A target that exists but was not made by this command is never overwritten.
- Everything in the target comes from the source (dates included), so the same
  source always gives the same bytes and `--check` can compare exactly.
"""

from __future__ import annotations

import re

from babel import Locale
from babel.core import parse_locale
from babel.messages.catalog import Message

from campaign import reviews
from campaign.catalog_workflow import FileReport, parse_catalog_locale
from campaign.errors import CampaignError, display_path
from campaign.locales import normalize as normalize_locale
from campaign.placeholders import transform_text
from campaign.po_files import (
    DOMAIN,
    LeafletCatalog,
    location_style,
    message_key,
    po_bytes,
    po_path,
    read_catalog,
    write_catalog,
)
from campaign.project import Project

TRANSLITERATED_FROM_HEADER = "X-Transliterated-From"

# Serbian Cyrillic → Latin (Gaj's alphabet), one letter to one letter or digraph.
_LOWER = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}
CYRILLIC_TO_LATIN: dict[str, str] = dict(_LOWER)
CYRILLIC_TO_LATIN.update({cyr.upper(): lat.capitalize() for cyr, lat in _LOWER.items()})
_DIGRAPHS = {cyr.upper() for cyr, lat in _LOWER.items() if len(lat) > 1}  # Љ Њ Џ

def transliterate(text: str) -> str:
    """Serbian Cyrillic text in Latin script; placeholders, tags and Latin text unchanged."""
    return transform_text(text, _transliterate_plain)


def _transliterate_plain(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        latin = CYRILLIC_TO_LATIN.get(char)
        if latin is None:
            out.append(char)
        elif char in _DIGRAPHS and _in_capitals(text, index):
            out.append(latin.upper())  # ЉУБАВ → LJUBAV, not LjUBAV
        else:
            out.append(latin)
    return "".join(out)


def _in_capitals(text: str, index: int) -> bool:
    """Whether the capital at `index` is part of a word written in capitals:
    the next letter is a capital, or (at the end of a word) the previous one is."""
    after = text[index + 1:index + 2]
    if after.isalpha():
        return after.isupper()
    before = text[index - 1:index] if index else ""
    return before.isalpha() and before.isupper()


def transliterate_catalog(source: LeafletCatalog, target_locale: str, source_name: str) -> LeafletCatalog:
    """A new catalog for target_locale with every string of source transliterated."""
    parsed = Locale.parse(target_locale)
    name = f"{parsed.english_name} ({parsed.get_display_name(parsed)})"
    target = LeafletCatalog(
        locale=target_locale, domain=DOMAIN, project=source.project, version=source.version,
        copyright_holder=source.copyright_holder, msgid_bugs_address=source.msgid_bugs_address,
        creation_date=source.creation_date, revision_date=source.revision_date,
        last_translator=source.last_translator, language_team=name, fuzzy=source.fuzzy,
        header_comment=(
            f"# {parsed.english_name} translation of the online-safety leaflets,\n"
            f"# transliterated from locales/{source_name}/LC_MESSAGES/{DOMAIN}.po by\n"
            f"# `campaign catalog transliterate {source_name} {target_locale}`. Do not edit this\n"
            f"# file: correct the {source_name} catalog and run the command again.\n"
            "# Translator's guide, review status and checks: locales/README.md\n#"
        ),
    )
    for header, value in source.extra_headers.items():
        if header.lower() != TRANSLITERATED_FROM_HEADER.lower():
            target.set_header(header, value)  # editor fields
    target.set_header(TRANSLITERATED_FROM_HEADER, source_name)
    for message in source:
        if message.id:
            target[message.id] = _transliterated(message)
    for key, message in source.obsolete.items():
        target.obsolete[key] = _transliterated(message)
    return target


def _transliterated(message: Message) -> Message:
    if isinstance(message.string, (list, tuple)):
        string = tuple(transliterate(form) for form in message.string)
    else:
        string = transliterate(message.string or "")
    return Message(
        message.id, string, list(message.locations), set(message.flags),
        list(message.auto_comments), list(message.user_comments),
        previous_id=list(message.previous_id), lineno=message.lineno, context=message.context,
    )


def transliterated_from(catalog: LeafletCatalog) -> str:
    """The catalog a transliteration was made from ("" if it is not one): the
    X-Transliterated-From field, or, as tools such as `pybabel update` drop
    custom header fields, the command named in the header comment."""
    origin = catalog.raw_headers.get(TRANSLITERATED_FROM_HEADER.lower(), "").strip()
    if not origin:
        found = re.search(r"`campaign catalog transliterate (\S+) \S+`", catalog.header_comment or "")
        origin = found.group(1) if found else ""
    return origin


def _check_locales(source: str, target: str) -> None:
    source_language, _, source_script, _ = parse_locale(source)
    target_language, _, target_script, _ = parse_locale(target)
    if source_language != "sr" or source_script not in (None, "Cyrl"):
        raise CampaignError(f"{source!r} is not a Serbian Cyrillic catalog (use e.g. sr or sr_Cyrl)")
    if target_language != "sr" or target_script != "Latn":
        raise CampaignError(f"{target!r} is not a Serbian Latin catalog (use e.g. sr_Latn or sr_Latn_ME)")


def transliterate_files(project: Project, source: str, target: str, check_only: bool = False) -> FileReport:
    """Create or refresh catalog `target` from catalog `source`. With check_only
    nothing is written; the report says whether the target is out of date."""
    source, _ = parse_catalog_locale(source)
    target, _ = parse_catalog_locale(target)
    _check_locales(normalize_locale(source), normalize_locale(target))
    source_path, target_path = po_path(project, source), po_path(project, target)
    if not source_path.is_file():
        raise CampaignError(f"no catalog for {source} at {display_path(source_path, project.root)}")
    catalog, _ = read_catalog(source_path, source, project)
    transliterated = transliterate_catalog(catalog, target, source)
    style = location_style(project)
    new = po_bytes(transliterated, style)
    new_reviews = _carried_reviews(project, source, catalog, transliterated)
    if target_path.is_file():
        existing, _ = read_catalog(target_path, target, project)
        origin = transliterated_from(existing)
        if origin != source:
            made = f"transliterated from {origin}" if origin else "not made by `campaign catalog transliterate`"
            raise CampaignError(
                f"{display_path(target_path, project.root)} is {made}; not overwriting it "
                f"(move it away first if it should be replaced by a transliteration of {source})")
        changed = (target_path.read_bytes() != new
                   or set(reviews.read_reviews(project, target).values()) != set(new_reviews))
    else:
        changed = True
    if changed and not check_only:
        write_catalog(target_path, transliterated, style)
        if new_reviews or reviews.reviews_path(project, target).is_file():
            reviews.write_reviews(project, target, new_reviews)
    count = sum(1 for message in catalog if message.id)
    return FileReport(target_path, changed, f"{count} messages from {display_path(source_path, project.root)}",
                      check_only)


def _carried_reviews(project: Project, source_name: str, source: LeafletCatalog,
                     target: LeafletCatalog) -> list[reviews.Review]:
    """The source's valid reviews, for the transliterated messages."""
    valid = reviews.valid_reviews(source, reviews.read_reviews(project, source_name))
    carried = []
    for message in target:
        review = valid.get(message_key(message)) if message.id else None
        if review:
            carried.append(reviews.Review(review.msgctxt, review.msgid, review.reviewer, review.date,
                                          reviews.message_digest(message)))
    return carried
