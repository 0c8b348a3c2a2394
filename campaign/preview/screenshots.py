"""`campaign catalog screenshots LANG`: a picture of each message in place.

For every message of a catalog, a PNG of the leaflet panel it is printed on,
with the message highlighted, and a mapping file (message → picture) for
Weblate's screenshot feature and for the review sheet. The pictures come from
editions that use the catalog: for each audience the registry's editions are
tried in order until one adds no new picture (help-panel labels depend on
each country's services).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageDraw

from campaign.atomic import write_atomically
from campaign.po_files import catalog_chain, po_path, read_catalog
from campaign.audiences import AUDIENCE_NAMES
from campaign.editions import Edition, all_editions
from campaign.errors import CampaignError, display_path
from campaign.layout_checks import PANEL_NAMES
from campaign.preview.screenshot_map import FORMAT, MAPPING_NAME, read_mapping
from campaign.preview.snapshot import EditionPreviewer, PreviewError, page_images
from campaign.project import Project
from campaign.registry import load_registry

SCALE = 2.0  # 144 dpi: small print stays legible in Weblate's zoomed view
HIGHLIGHT_FILL = (255, 200, 0, 70)
HIGHLIGHT_LINE = (214, 120, 0, 255)
PADDING = 3  # px around the highlighted boxes


@dataclass
class Picture:
    file: str
    source: str
    context: str | None
    line: int
    edition: Edition
    panel: str
    page: int
    focus: int  # where the message is in the picture, 0 (top) to 100 (bottom)

    def as_dict(self) -> dict:
        return {"name": f"{self.edition.audience} leaflet, {PANEL_NAMES[self.panel]}: {self.source[:60]}",
                "file": self.file, "source": self.source, "context": self.context, "line": self.line,
                "edition": self.edition.key, "panel": PANEL_NAMES[self.panel], "page": self.page + 1,
                "focus": self.focus}


def file_name(source: str, context: str | None) -> str:
    """Readable and stable: the English words, and a hash that tells similar messages apart."""
    words = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:40].rstrip("-") or "message"
    digest = hashlib.sha1(f"{context or ''}\0{source}".encode()).hexdigest()[:8]
    return f"{words}-{digest}.png"


def editions_using(project: Project, registry, catalog: str) -> dict[str, list[Edition]]:
    """Per audience, the editions whose text comes first from `catalog` (the
    most specific catalog of their locale that exists)."""
    found: dict[str, list[Edition]] = {audience: [] for audience in AUDIENCE_NAMES}
    for edition in sorted(all_editions(registry)):
        existing = [name for name in catalog_chain(edition.locale) if po_path(project, name).is_file()]
        if existing[:1] == [catalog]:
            found[edition.audience].append(edition)
    return found


def _crop(image, panel, boxes):
    """The panel's part of the page image with the message's lines framed, and
    where the message is in it (0 = top, 100 = bottom)."""
    width, height = image.size
    left, top = round(panel.x * width), round(panel.y * height)
    right, bottom = round((panel.x + panel.width) * width), round((panel.y + panel.height) * height)
    picture = image.crop((left, top, right, bottom)).convert("RGB")
    # One frame around all its lines (they are consecutive): reads as one message.
    x0 = min(box.x for box in boxes) * width - left - PADDING
    y0 = min(box.y for box in boxes) * height - top - PADDING
    x1 = max(box.x + box.width for box in boxes) * width - left + PADDING
    y1 = max(box.y + box.height for box in boxes) * height - top + PADDING
    # Drawing in RGBA mode on an RGB picture blends the fill over the text.
    ImageDraw.Draw(picture, "RGBA").rectangle((x0, y0, x1, y1), fill=HIGHLIGHT_FILL,
                                              outline=HIGHLIGHT_LINE, width=3)
    middle = (y0 + y1) / 2 / picture.height
    return picture, max(0, min(100, round(100 * middle)))


class ScreenshotMaker:
    def __init__(self, project: Project, catalog_name: str):
        self.project = project
        self.catalog_name = catalog_name
        self.previewer = EditionPreviewer(project)
        path = po_path(project, catalog_name)
        if not path.is_file():
            raise CampaignError(f"no catalog for {catalog_name} at {display_path(path, project.root)}")
        self.po_file = display_path(path, project.root)
        catalog, _ = read_catalog(path, catalog_name, project)
        # (msgid, msgctxt) → line, for every message of the catalog
        self.lines = {(_singular(message.id), message.context): message.lineno
                      for message in catalog if message.id}
        self.pictures: dict[tuple[str, str | None], Picture] = {}

    def make(self, output: Path) -> dict:
        """Write a picture per message into `output`, then the mapping; return the mapping."""
        registry = load_registry(self.project.registry_dir)
        editions = editions_using(self.project, registry, self.catalog_name)
        if not any(editions.values()):
            raise CampaignError(f"no edition in the registry prints the {self.catalog_name} catalog")
        images: dict[tuple[str, str | None], bytes] = {}
        for audience_editions in editions.values():
            for edition in audience_editions:
                if not self._add(edition, images):
                    break  # this country showed nothing new: the next would not either
        return self._write(output, images)

    def _add(self, edition: Edition, images: dict) -> bool:
        try:
            snapshot = self.previewer.render(edition)
        except PreviewError as error:
            raise CampaignError(f"{edition} cannot be laid out:\n  " + "\n  ".join(error.lines)) from None
        pages = page_images(snapshot.pdf, SCALE)
        panels = {(panel.slot, panel.page): panel for panel in snapshot.panels}
        added = False
        for number, details in enumerate(snapshot.messages):
            key = (details["english"], details["context"])
            boxes = [box for box in snapshot.boxes if box.message == number]
            if key in self.pictures or key not in self.lines or not boxes or boxes[0].panel is None:
                continue
            first = boxes[0]
            shown = [box for box in boxes if (box.panel, box.page) == (first.panel, first.page)]
            picture, focus = _crop(pages[first.page], panels[(first.panel, first.page)], shown)
            self.pictures[key] = Picture(file_name(*key), key[0], key[1], self.lines[key], edition,
                                         first.panel, first.page, focus)
            images[key] = _png(picture)
            added = True
        return added

    def _write(self, output: Path, images: dict) -> dict:
        previous = read_mapping(output) or {"screenshots": []}
        for key, data in images.items():
            write_atomically(output / self.pictures[key].file, data)
        kept = {picture.file for picture in self.pictures.values()}
        for entry in previous["screenshots"]:  # pictures of messages gone since the last run
            if entry["file"] not in kept:
                (output / entry["file"]).unlink(missing_ok=True)
        ordered = sorted(self.pictures.values(), key=lambda picture: picture.line)
        mapping = {
            "format": FORMAT,
            "catalog": self.catalog_name,
            "po_file": self.po_file,
            "screenshots": [picture.as_dict() for picture in ordered],
            "without_picture": [
                {"source": source, "context": context, "line": line}
                for (source, context), line in sorted(self.lines.items(), key=lambda item: item[1])
                if (source, context) not in self.pictures
            ],
        }
        write_atomically(output / MAPPING_NAME,
                         (json.dumps(mapping, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return mapping


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
