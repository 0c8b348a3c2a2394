"""Per-script size factors, measured from the installed Noto fonts.

At one font size, scripts do not look equally large: Arabic letters sit on a
much lower x-height than Latin, and scripts without capitals or ascenders
(Thai, Hebrew) look smaller than Latin text, whose tall letters make up about
a quarter of what we read. Each script is therefore set larger by a factor
measured from its font against Noto Sans:

- the x-height the font declares (OS/2 `sxHeight`). For Arabic that is its
  loop height, the top of the bowls of ص and م (a test measures it from the
  outlines), which typographers designing Arabic and Latin to be read
  together make equal to the Latin x-height (Edo Smitshuijzen, "Letter
  proportions in dual-script fonts", https://www.khtt.net/en/page/1562/letter-proportions-in-dual-script-fonts);
- the mean height of its letters: the mean top of the glyph outlines of the
  letters of the script's alphabet (Latin: a to z), which measures how tall
  running text looks, ascenders and all.

The factor is the larger of the two ratios, never below 1 (no script is set
smaller than the minimum type sizes) and at most MAX_FACTOR. Arabic measures
1.43 (loop height 0.374 em against an x-height of 0.536 em), but every
Arabic edition must fit at the minimum sizes, and the Israeli Arabic
parents' leaflet does so only up to 1.23: at 1.24 its inside flap overflows
by 1.0 mm (December 2026).

`leaflet.css` carries the factors between two marker comments; they are
written by `python -m campaign.script_sizes --write` and a test recomputes
them from the installed fonts, so the stylesheet cannot drift from the fonts.
"""

from __future__ import annotations

import re
import statistics
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from campaign.fonts import installed_font_files

MAX_FACTOR = 1.23  # the largest at which every Arabic edition fits (module doc)


@dataclass(frozen=True)
class ScriptFont:
    script_class: str  # as in fonts.SCRIPT_BY_LANGUAGE
    font_file: str
    alphabet: range  # code points of the script's basic letters


LATIN = ScriptFont("latn", "NotoSans-Regular.ttf", range(0x61, 0x7B))  # a-z
SCRIPT_FONTS = (
    ScriptFont("arab", "NotoSansArabic-Regular.ttf", range(0x0621, 0x064B)),
    ScriptFont("hebr", "NotoSansHebrew-Regular.ttf", range(0x05D0, 0x05EB)),
    ScriptFont("armn", "NotoSansArmenian-Regular.ttf", range(0x0561, 0x0587)),
    ScriptFont("geor", "NotoSansGeorgian-Regular.ttf", range(0x10D0, 0x10F1)),
    ScriptFont("thai", "NotoSansThai-Regular.ttf", range(0x0E01, 0x0E2F)),
    ScriptFont("khmr", "NotoSansKhmer-Regular.ttf", range(0x1780, 0x17A3)),
)

BEGIN_MARKER = "/* BEGIN script size factors (python -m campaign.script_sizes --write) */"
END_MARKER = "/* END script size factors */"


@dataclass(frozen=True)
class Measure:
    x_height: float  # em
    mean_letter_height: float  # em


def font_path(file_name: str) -> Path:
    try:
        return installed_font_files()[file_name]
    except KeyError:
        raise FileNotFoundError(f"font {file_name} is not installed") from None


def measure(script_font: ScriptFont) -> Measure:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(font_path(script_font.font_file))
    units = font["head"].unitsPerEm
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    tops = []
    for code_point in script_font.alphabet:
        if code_point in cmap and unicodedata.category(chr(code_point)).startswith("L"):
            pen = BoundsPen(glyphs)
            glyphs[cmap[code_point]].draw(pen)
            if pen.bounds:
                tops.append(pen.bounds[3])
    return Measure(font["OS/2"].sxHeight / units, statistics.mean(tops) / units)


def factor(script: Measure, latin: Measure) -> float:
    ratio = max(latin.x_height / script.x_height,
                latin.mean_letter_height / script.mean_letter_height)
    return round(min(MAX_FACTOR, max(1.0, ratio)), 2)


def measured_factors() -> dict[str, float]:
    latin = measure(LATIN)
    return {font.script_class: factor(measure(font), latin) for font in SCRIPT_FONTS}


def css_block(factors: dict[str, float]) -> str:
    lines = [BEGIN_MARKER]
    lines += [f"html.script-{name} {{ --script-scale: {value:.2f}; }}"
              for name, value in factors.items()]
    lines.append(END_MARKER)
    return "\n".join(lines)


_BLOCK_RE = re.compile(re.escape(BEGIN_MARKER) + r".*?" + re.escape(END_MARKER), re.S)


def factors_in_stylesheet(css: str) -> dict[str, float]:
    match = _BLOCK_RE.search(css)
    if not match:
        return {}
    return {name: float(value) for name, value in
            re.findall(r"html\.script-(\w+) \{ --script-scale: ([0-9.]+); \}", match.group(0))}


def write_into(stylesheet: Path) -> None:
    css = stylesheet.read_text(encoding="utf-8")
    if not _BLOCK_RE.search(css):
        raise SystemExit(f"{stylesheet}: no script size block between the marker comments")
    block = css_block(measured_factors())
    stylesheet.write_text(_BLOCK_RE.sub(lambda _: block, css), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_into(Path(__file__).resolve().parent.parent / "templates" / "assets" / "leaflet.css")
    else:
        print(css_block(measured_factors()))
