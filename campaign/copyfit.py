"""Copyfitting: each edition's type as large as its fullest panel allows.

A leaflet's panels are fixed boxes. At the minimum type sizes most editions
leave a third of each panel empty, and a printed leaflet with empty panels
reads as unfinished, while small type is what the content guidance warns
against. So every edition gets the largest type scale (1 = the minimum sizes
of leaflet.css, at most MAX_SCALE) at which its fullest panel is at most
FULL of its height, and then every panel that is still less than AIRY full
has its blocks spread apart (a gap added between its top-level blocks, at
most MAX_STRETCH) so it is filled like the others.

Finding the scale costs layouts, the expensive part of a build, so it starts
from the fit the last build found for the edition (kept next to its PDF,
children.pdf → children.fit.json) and usually only verifies it with one
layout. Without one, the first layout at the minimum
sizes predicts the scale and the gaps (a panel's text grows with the square
of the scale: lines get longer and taller), and a second layout verifies the
prediction; a few more at most correct it. An edition that does not fit at
the minimum sizes fails with the layout check's message, naming the panel.
Pseudo-locale editions too: en_XA is as long as the longest real
catalogs (pseudo.py), so one that does not fit shows a layout that a real
translation could break.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from campaign.atomic import write_atomically
from campaign.errors import CampaignError
from campaign.layout_checks import _panels, check_layout

MIN_SCALE = 1.0
MAX_SCALE = 1.25
FULL = 0.95  # the most a panel may be filled (its content area ends at about 96 %)
AIM = 0.93  # what a predicted scale aims at, leaving room for the prediction's error
GOOD_ENOUGH = 0.89  # a verified fit whose fullest panel is at least this full is kept
AIRY = 0.85  # panels less full than this get their blocks spread apart ...
MAX_STRETCH = 6.0  # ... by at most this much per gap, in mm
MAX_LAYOUTS = 5
MM_PER_PX = 25.4 / 96
UNSTRETCHED = ("slot-cover",)  # its foot is pinned to the bottom; it is full by design


@dataclass(frozen=True)
class Fit:
    """How an edition is set: its type scale and each panel's extra gap (mm)."""

    scale: float = 1.0
    stretch: dict[str, float] = field(default_factory=dict)

    def panel_stretch(self, slot: str) -> str:
        return f"{self.stretch.get(slot, 0.0):.1f}mm"


@dataclass(frozen=True)
class PanelMeasure:
    fill: float  # bottom of the panel's lowest box, as a fraction of the sheet height
    gaps: float  # how many times its stretch the panel grows by (see _gaps)


@dataclass
class Fitted:
    fit: Fit
    document: object
    fills: dict[str, float]  # slot → fill
    layouts: int


def measure(document) -> dict[str, PanelMeasure]:
    """Every panel's fill and gap count, from the laid-out boxes."""
    measures = {}
    for page in document.pages:
        page_box = page._page_box
        top, height = page_box.content_box_y(), page_box.height
        for slot, panel in _panels(page_box):
            lowest = top
            for box in panel.descendants():
                if box is panel or not hasattr(box, "border_height"):
                    continue
                if box.element is panel.element and box.element_tag == "section":
                    continue
                lowest = max(lowest, box.border_box_y() + box.border_height())
            measures[slot] = PanelMeasure((lowest - top) / height, _gaps(panel))
    return measures


def _gaps(panel) -> float:
    """How many stretches the panel's height grows by: one under each
    top-level block but the last, half of one under each item of a
    top-level list but its last (leaflet.css, "Copyfitting")."""
    in_flow = [child for child in panel.children if child.is_in_normal_flow()]
    gaps = max(0, len(in_flow) - 1)
    for block in in_flow:
        if block.element_tag in ("ul", "ol"):
            items = [child for child in block.children if child.element_tag == "li"]
            gaps += max(0, len(items) - 1) / 2
    return gaps


def _round_scale(scale: float) -> float:
    return round(min(MAX_SCALE, max(MIN_SCALE, scale)), 2)


def _unstretched(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float) -> dict[str, float]:
    """Each panel's fill without its stretch (the stretch adds exactly gaps × stretch)."""
    return {slot: m.fill - m.gaps * fit.stretch.get(slot, 0.0) / sheet_mm for slot, m in measures.items()}


def _predict_scale(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float, ceiling: float) -> float:
    """The scale that should make the fullest panel about AIM full (a panel's
    text grows with the square of the scale), below `ceiling`, the smallest
    scale seen not to fit."""
    fills = _unstretched(fit, measures, sheet_mm)
    fullest = max(fill for slot, fill in fills.items() if slot not in UNSTRETCHED)
    return _round_scale(min(fit.scale * math.sqrt(AIM / fullest), ceiling - 0.01))


def _stretch(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float) -> dict[str, float]:
    """The gap that brings each airy panel to about AIRY full, at `fit`'s scale."""
    stretch = {}
    for slot, fill in _unstretched(fit, measures, sheet_mm).items():
        gaps = measures[slot].gaps
        if slot in UNSTRETCHED or gaps == 0 or fill >= AIRY:
            continue
        gap = min(MAX_STRETCH, (AIRY - fill) * sheet_mm / gaps)
        if gap >= 0.1:
            stretch[slot] = round(gap, 1)
    return stretch


def _fills(measures: dict[str, PanelMeasure]) -> dict[str, float]:
    return {slot: round(m.fill, 3) for slot, m in measures.items()}


def _fullest(measures: dict[str, PanelMeasure]) -> float:
    return max(m.fill for slot, m in measures.items() if slot not in UNSTRETCHED)


def _settled(fit: Fit, measures: dict[str, PanelMeasure]) -> bool:
    """Nothing left to do: nearly full (or at the largest scale), and no panel
    airy that a wider gap could still fill."""
    if _fullest(measures) < GOOD_ENOUGH and fit.scale < MAX_SCALE:
        return False
    return all(m.fill >= AIRY - 0.05 or m.gaps == 0 or fit.stretch.get(slot, 0.0) >= MAX_STRETCH
               for slot, m in measures.items() if slot not in UNSTRETCHED)


class _Layouts:
    """Lays out fits and remembers the largest one that worked."""

    def __init__(self, layout: Callable[[Fit], object]):
        self.layout = layout
        self.count = 0
        self.best: Fitted | None = None
        self.best_measures: dict[str, PanelMeasure] = {}
        self.sheet_mm = 210.0

    def attempt(self, fit: Fit) -> tuple[bool, dict[str, PanelMeasure]]:
        """Whether `fit` works, and the panels' measures."""
        document = self.layout(fit)
        self.count += 1
        self.sheet_mm = document.pages[0]._page_box.height * MM_PER_PX
        problems = check_layout(document)
        measures = measure(document)
        if problems and fit.scale <= MIN_SCALE and not fit.stretch:
            # Does not fit at the smallest sizes allowed: the layout check says where.
            raise CampaignError("layout check failed: " + "; ".join(map(str, problems)))
        # Fuller than FULL is allowed at the minimum sizes, where the content
        # area is the limit.
        works = not problems and (fit.scale <= MIN_SCALE or _fullest(measures) <= FULL)
        if works and (self.best is None or fit.scale > self.best.fit.scale
                      or (fit.scale == self.best.fit.scale and fit.stretch)):
            self.best = Fitted(fit, document, _fills(measures), self.count)
            self.best_measures = measures
        return works, measures


def fit_edition(layout: Callable[[Fit], object], start: Fit | None) -> Fitted:
    """Lay out with `layout(fit)` until the edition is fitted (see the module doc)."""
    layouts = _Layouts(layout)
    # A fit kept from before the minimum sizes applied to pseudo-locales is not reused.
    fit = start if start and start.scale >= MIN_SCALE else Fit()
    works, measures = layouts.attempt(fit)
    if not (works and _settled(fit, measures)):
        # The scale first, without gaps, then the gaps at that scale.
        ceiling = MAX_SCALE + 0.01 if works else fit.scale
        if not works:
            fit, works, measures = Fit(MIN_SCALE), *layouts.attempt(Fit(MIN_SCALE))
        while layouts.count < MAX_LAYOUTS - 1:
            if works and (_fullest(measures) >= GOOD_ENOUGH or fit.scale >= MAX_SCALE):
                break
            floor = layouts.best.fit.scale
            scale = (_predict_scale(fit, measures, layouts.sheet_mm, ceiling) if works
                     else _round_scale(floor + math.floor((fit.scale - floor) * 50) / 100))
            if not works:
                ceiling = fit.scale
            if scale <= floor:
                break
            fit = Fit(scale)
            works, measures = layouts.attempt(fit)
        best = layouts.best
        stretch = _stretch(best.fit, layouts.best_measures, layouts.sheet_mm)
        if stretch and stretch != best.fit.stretch:
            layouts.attempt(Fit(best.fit.scale, stretch))
    fitted = layouts.best
    fitted.layouts = layouts.count
    return fitted


def fit_path(pdf: Path) -> Path:
    """Where an edition's fit is kept: next to its PDF (children.pdf →
    children.fit.json), so the proof sheet shows what the PDF was built with."""
    return pdf.with_name(pdf.name.removesuffix(".pdf") + ".fit.json")


def load_fit(pdf: Path) -> Fit | None:
    """The fit the PDF at `pdf` was last built with; None if there is none."""
    report = fit_report(pdf)
    try:
        return Fit(float(report["scale"]), {str(k): float(v) for k, v in report["stretch"].items()})
    except (TypeError, KeyError, ValueError, AttributeError):
        return None  # no fit yet, or a damaged file: fit from scratch


def fit_report(pdf: Path) -> dict | None:
    """Scale, gaps, fills and layouts of the last build of `pdf`."""
    try:
        return json.loads(fit_path(pdf).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_fit(pdf: Path, fitted: Fitted) -> None:
    data = {**asdict(fitted.fit), "fills": fitted.fills, "layouts": fitted.layouts}
    write_atomically(fit_path(pdf), json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
