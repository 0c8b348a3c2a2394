"""A fontconfig configuration that sees only the leaflets' own fonts.

A machine has many more fonts than the leaflets use (the reference machine
320 faces: all of Noto, DejaVu). Each font size Pango has not seen yet makes
it ask fontconfig to sort every installed face by how well it matches
(FcFontSort, in a thread of its own), and copyfitting gives every edition
sizes of its own: about 40 sorts a leaflet, some 5 % of a build's CPU.

So a renderer loads fontconfig with a configuration of our own: the
system's (its folders, caches and rendering rules), with only the font files
the stylesheets name accepted (fonts.REQUIRED_FONT_FILES) and every other
font file rejected. The PDFs are byte for byte what they were with every
font visible (the 225 editions and the 330 pseudo-locale ones compared,
December 2026), and what a leaflet looks like no longer depends on what else
a machine has installed: a character the leaflets' fonts lack fails the
build as a missing glyph instead of being drawn from whatever font has it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from campaign.atomic import write_atomically
from campaign.fonts import REQUIRED_FONT_FILES, installed_font_files

SYSTEM_CONFIG = Path("/etc/fonts/fonts.conf")
# A rejected glob also rejects the folders it matches, which would hide the
# accepted files inside them: so the other fonts are rejected by extension.
FONT_FILE_EXTENSIONS = ("ttf", "otf", "ttc", "otc", "pfa", "pfb", "pcf", "pcf.gz", "bdf", "woff", "woff2")


def leaflet_font_files() -> list[Path]:
    """The installed files of fonts.REQUIRED_FONT_FILES (those that are installed)."""
    installed = installed_font_files()
    return sorted(installed[name] for name in REQUIRED_FONT_FILES if name in installed)


def configuration(font_files: list[Path]) -> str:
    """Fontconfig's XML: the system's configuration, then only `font_files` accepted."""
    accepted = "".join(f"<glob>{escape(str(path))}</glob>" for path in font_files)
    rejected = "".join(f"<glob>*.{extension}</glob>" for extension in FONT_FILE_EXTENSIONS)
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- Written by campaign (campaign/font_config.py): only the leaflets' fonts. -->\n"
        "<fontconfig>\n"
        f'  <include ignore_missing="yes">{SYSTEM_CONFIG}</include>\n'
        f"  <selectfont><acceptfont>{accepted}</acceptfont></selectfont>\n"
        f"  <selectfont><rejectfont>{rejected}</rejectfont></selectfont>\n"
        "</fontconfig>\n"
    )


def write_configuration(cache_dir: Path) -> Path:
    """The configuration file for this machine's fonts, in the project's cache
    (rewritten only when the installed files changed)."""
    path = cache_dir.resolve() / "fontconfig" / "fonts.conf"  # fontconfig ignores a relative one
    text = configuration(leaflet_font_files())
    try:
        current = path.read_text(encoding="utf-8")
    except OSError:
        current = None
    if current != text:
        write_atomically(path, text.encode("utf-8"), durable=False)
    return path


@contextmanager
def loading(config_file: Path | None):
    """Fontconfig reads FONTCONFIG_FILE when a configuration is loaded
    (weasyprint's FontConfiguration()): set for that moment only, so that
    other programs this process starts (a browser) keep the system's fonts."""
    if config_file is None:
        yield
        return
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(config_file)
    try:
        yield
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before
