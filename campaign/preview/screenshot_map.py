"""The screenshots' mapping file (message → picture), read and written here.

`campaign catalog screenshots LANG` writes output/screenshots/LANG/ with one
PNG per message and `screenshots.json` (format in docs/preview.md). This
module has no heavy imports, so the review sheet can read the mapping cheaply.
"""

from __future__ import annotations

import json
from pathlib import Path

FORMAT = "campaign-screenshots 1"
MAPPING_NAME = "screenshots.json"


def screenshots_dir(project, catalog: str) -> Path:
    return project.output_dir / "screenshots" / catalog


def read_mapping(folder: Path) -> dict | None:
    """The mapping in `folder`, or None when there is none (or of another format)."""
    try:
        mapping = json.loads((folder / MAPPING_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return mapping if mapping.get("format") == FORMAT else None


def pictures_by_message(project, catalog: str) -> dict[tuple[str, str | None], dict]:
    """(msgid, msgctxt) → {"path": picture file, "focus": 0–100, where the
    message is, top to bottom}; empty when no screenshots were made."""
    folder = screenshots_dir(project, catalog)
    mapping = read_mapping(folder) or {"screenshots": []}
    return {(entry["source"], entry["context"]): {"path": folder / entry["file"], "focus": entry["focus"]}
            for entry in mapping["screenshots"] if (folder / entry["file"]).is_file()}
