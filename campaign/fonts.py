"""Which script each language is written in, and whether the fonts are here.

The stylesheet chooses a font stack per script class (`script-jpan` …); this
module decides the class from the locale, and checks at start-up that the
native pieces the leaflets need are installed.
"""

from __future__ import annotations

import ctypes.util
from pathlib import Path

from campaign.errors import CampaignError

# Script classes for languages whose script needs its own font stack. Every
# other language is Latin, Greek or Cyrillic, all in Noto Sans.
SCRIPT_BY_LANGUAGE = {
    "ar": "arab",
    "he": "hebr",
    "hy": "armn",
    "ka": "geor",
    "th": "thai",
    "km": "khmr",
    "ja": "jpan",
    "ko": "kore",
}

# Font files the stylesheet's stacks name (Debian packages fonts-noto-core
# and fonts-noto-cjk), regular and bold: headings and <strong> are bold, and
# without the bold file fontconfig would smear a faux bold from the regular.
_FAMILIES = ("NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansArmenian",
             "NotoSansGeorgian", "NotoSansThai", "NotoSansKhmer")
REQUIRED_FONT_FILES = tuple(
    f"{family}-{weight}.ttf" for family in _FAMILIES for weight in ("Regular", "Bold")
) + ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")

INSTALL_COMMAND = (
    "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
    "fonts-noto-core fonts-noto-cjk   (or run ./run setup)"
)


def script_class(locale: str) -> str:
    language = locale.split("_")[0]
    return SCRIPT_BY_LANGUAGE.get(language, "latn")


def installed_font_files() -> dict[str, Path]:
    """Every installed Noto font file: its name → its path (the first folder of FONT_DIRS wins)."""
    files: dict[str, Path] = {}
    for directory in FONT_DIRS:
        if directory.is_dir():
            for path in sorted(directory.rglob("Noto*")):
                files.setdefault(path.name, path)
    return files


def _has_library(name: str) -> bool:
    """Loads the library by its Linux file name (cheap), else asks
    find_library, which runs ldconfig and compilers (tens of milliseconds)."""
    try:
        ctypes.CDLL(f"lib{name}.so.0")
        return True
    except OSError:
        return bool(ctypes.util.find_library(name))


def missing_native_parts() -> list[str]:
    """Native libraries and fonts the build needs but cannot find."""
    missing = []
    for library in ("pango-1.0", "pangoft2-1.0"):
        if not _has_library(library):
            missing.append(f"the {library} library")
    if not _has_library("harfbuzz-subset"):
        # Without it WeasyPrint subsets fonts with fontTools: 5 to 40 times
        # slower, and 20 s for one Japanese leaflet (docs/sources.md, "Font
        # subsetting needs HarfBuzz-Subset").
        missing.append("the harfbuzz-subset library")
    installed = installed_font_files()
    missing += [f"the font {name}" for name in REQUIRED_FONT_FILES if name not in installed]
    return missing


def check_native_parts() -> None:
    missing = missing_native_parts()
    if missing:
        raise CampaignError(
            "missing " + ", ".join(missing) + ".\nInstall them with:\n  " + INSTALL_COMMAND
        )
