"""A bilingual PDF of one catalog, for reviewers who do not use PO editors.

One row per message, in leaflet order: the English source, the translation
(with lang/dir set, so Hebrew and Arabic read right to left and CJK gets the
right glyphs), the translator comment, where it appears and any check problem.
A note for the reviewer in the catalog's header comment (a paragraph starting
"For the reviewer") is printed above the table, so it is read first.
Messages are escaped like on a leaflet (only <strong> survives), so the sheet
shows what will print.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale
from markupsafe import Markup

from campaign import reviews
from campaign.catalog_checks import check_catalog, is_translated
from campaign.catalog_stats import leaflets_of_message, placed_messages
from campaign.message_places import LEAFLETS
from campaign.errors import CampaignError, InputError, display_path
from campaign.locales import normalize as normalize_locale
from campaign.po_files import existing_chain, message_key, po_path, read_catalog
from campaign.preview.screenshot_map import pictures_by_message
from campaign.project import Project
from campaign.templating import safe_message

TEMPLATE_DIR = "review-sheet"
REVIEWER_NOTE_START = "For the reviewer"
# The standard last line of a catalog's header comment (see campaign catalog init).
GUIDE_LINE_START = "Translator's guide"


def _forms(strings, labels) -> list[dict]:
    return [{"label": label, "text": Markup(safe_message(text))} for label, text in zip(labels, strings)]


def _where(message, placed: dict) -> str:
    leaflets = leaflets_of_message(message, placed)
    files = ", ".join(dict.fromkeys(f"{location}:{line}" if line else location
                                    for location, line in message.locations))
    if len(leaflets) == len(LEAFLETS):
        return f"all leaflets ({files})"
    return f"{', '.join(leaflets)} leaflet ({files})"


def _fallback_catalogs(project: Project, name: str) -> list:
    found = []
    for fallback in existing_chain(project, name)[1:]:
        try:
            found.append((fallback, read_catalog(po_path(project, fallback), fallback, project)[0]))
        except InputError:
            pass
    return found


def reviewer_note(catalog) -> list[str]:
    """The header comment's note for the reviewer, as paragraphs ("- " starts a
    list item); empty if there is none. It runs from the "For the reviewer" line
    to the first empty comment line or the translator's-guide line."""
    lines = [line.lstrip("#").strip() for line in (catalog.header_comment or "").splitlines()]
    start = next((i for i, line in enumerate(lines) if line.startswith(REVIEWER_NOTE_START)), None)
    if start is None:
        return []
    paragraphs: list[str] = []
    for line in lines[start:]:
        if not line or line.startswith(GUIDE_LINE_START):
            break
        if paragraphs and not line.startswith("- "):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def sheet_messages(catalog) -> list:
    """The messages of a review sheet, in row order (row n is element n - 1):
    `campaign catalog review --rows` numbers them the same way."""
    return [message for message in catalog if message.id]


def sheet_rows(project: Project, name: str, catalog, problems, valid_reviews=None) -> list[dict]:
    by_line = defaultdict(list)
    for problem in problems:
        by_line[problem.line].append({"severity": problem.severity,
                                      "text": problem.message.split(": ", 1)[-1]})
    fallbacks = _fallback_catalogs(project, name)
    valid_reviews = valid_reviews or {}
    placed = placed_messages(project)
    # Pictures of each message in its panel, if `campaign catalog screenshots` made them.
    pictures = pictures_by_message(project, name)
    rows = []
    for message in sheet_messages(catalog):
        plural = isinstance(message.id, (tuple, list))
        source_labels = ["singular", "plural"] if plural else [""]
        sources = list(message.id) if plural else [message.id]
        strings = list(message.string) if plural else [message.string]
        labels = [f"form {i}" for i in range(len(strings))] if plural else [""]
        state, state_label = "translated", ""
        if message.fuzzy:
            state, state_label = "fuzzy", "check: the English changed since this was translated (not printed yet)"
        elif not is_translated(message):
            state = "untranslated"
            state_label = "missing: prints in English"
            for fallback, other in fallbacks:
                found = other.get(message.id, message.context)
                if found and not found.fuzzy and is_translated(found):
                    strings = list(found.string) if plural else [found.string]
                    state_label = f"not in this catalog: prints the {fallback} text above"
                    break
        rows.append({
            "source": _forms(sources, source_labels),
            "translation": _forms(strings, labels),
            "state": state,
            "state_label": state_label,
            "context": message.context,
            "comments": comment_paragraphs([*message.auto_comments, *message.user_comments]),
            "problems": by_line.get(message.lineno, []),
            "where": _where(message, placed),
            "line": message.lineno,
            "review": _review_label(valid_reviews.get(message_key(message)), state),
            "reviewed": message_key(message) in valid_reviews,
            "code": review_code(message),
            "picture": pictures.get((sources[0], message.context)),
        })
    return rows


def comment_paragraphs(lines: list[str]) -> list[str]:
    """Comment lines joined into paragraphs: a PO file keeps a long comment as
    several lines; a paragraph ends with a full stop (or a colon), and
    "Where:" always starts one."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not line.startswith("Where:") and not paragraphs[-1].endswith((".", ":", "!", "?")):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def review_code(message) -> str:
    """A short code for a message's current English and translation: a reviewer's
    tick recorded by code (`catalog review --codes`) only counts for the text they saw."""
    return reviews.message_digest(message)[:8]


def _review_label(review, state: str) -> str:
    if review:
        return f"reviewed by {review.reviewer} on {review.date}"
    return "not reviewed" if state == "translated" else ""


def render_review_sheet(project: Project, name: str) -> tuple[str, int]:
    """The sheet's HTML and its number of rows."""
    path = po_path(project, name)
    if not path.is_file():
        raise CampaignError(f"no catalog for {name} at {display_path(path, project.root)}")
    catalog, problems = check_catalog(project, name)
    if catalog is None:
        raise InputError(f"{display_path(path, project.root)} cannot be read", problems)
    locale = Locale.parse(name)
    valid = reviews.valid_reviews(catalog, reviews.read_reviews(project, name))
    rows = sheet_rows(project, name, catalog, problems, valid)
    counts = {state: sum(1 for row in rows if row["state"] == state)
              for state in ("translated", "fuzzy", "untranslated")}
    counts["reviewed"] = len(valid)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates_dir / TEMPLATE_DIR)),
        autoescape=True, undefined=jinja2.StrictUndefined,
    )
    html = environment.get_template("review-sheet.html").render(
        catalog=name, language=locale.english_name, native_name=locale.get_display_name(locale),
        lang=name.replace("_", "-"), dir=locale.text_direction, file=display_path(path, project.root),
        generated=datetime.date.today().isoformat(), counts=counts, rows=rows,
        reviewer_note=reviewer_note(catalog),
        fallbacks=", ".join(existing_chain(project, name)[1:]),
    )
    return html, len(rows)


@dataclass
class ReviewSheetReport:
    path: Path  # the PDF written
    messages: int  # its rows


def default_sheet_path(project: Project, name: str) -> Path:
    return project.output_dir / "review-sheets" / f"{name}.pdf"


def write_review_sheet(project: Project, locale: str, output: Path | None = None) -> ReviewSheetReport:
    """Write the review sheet of `locale`'s catalog (in any spelling: fr-BE, fr_BE)
    to `output` (default: output/review-sheets/<catalog>.pdf)."""
    from weasyprint import HTML  # slow to import: only when a sheet is made

    name = normalize_locale(locale)
    output = output or default_sheet_path(project, name)
    html, count = render_review_sheet(project, name)
    base_url = str(project.templates_dir / TEMPLATE_DIR) + "/"
    output.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(output)
    return ReviewSheetReport(output, count)
