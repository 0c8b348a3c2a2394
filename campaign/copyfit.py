"""Copyfitting: each edition's type as large as its fullest panel allows.

A leaflet's panels are fixed boxes. At the minimum type sizes most editions
leave a third of each panel empty, and a printed leaflet with empty panels
reads as unfinished, while small type is what the content guidance warns
against. So every edition gets the largest type scale (1 = the minimum sizes
of leaflet.css, at most MAX_SCALE) at which its fullest panel is at most
FULL of its height, and then every panel that is still less than AIRY full
has its blocks spread apart (a gap added between its top-level blocks, at
most MAX_STRETCH) so it is filled like the others.

The help panel (HELP) is the exception: a directory of services whose
length depends on the country, not on the text, it held a third of the
editions' type back (GB parents at 1.03, seven services). It gets a scale
of its own (Fit.help), the largest at which it fits and never above the
edition's, searched beside the edition's in the same layouts (its panel is
a box of its own, so its fill depends on its scale alone).

Finding the scale costs layouts, the expensive part of a build. The
search always starts from the minimum sizes, so the fit is a function of the
edition's inputs alone. The first layout, at the minimum sizes, predicts the
scale (a panel's fill grows with a power of the scale, GROWTH) and the gaps
for it, and the second tries both at once; when it misses, the next scale
is predicted from each panel's own growth between the edition's layouts,
even from a layout that was too full. The search stops at a scale whose
fullest panel is at least GOOD_ENOUGH, or next to one that did not fit, or
after MAX_LAYOUTS: 3.54 layouts an edition on average, six at most, and the
scale found is within 0.02 of the largest that fits in 213 of the 225
editions (docs/scripts-and-layout.md). With 0.89 and five layouts it took
2.84 layouts, but 35 editions could have been set 0.03 to 0.05 larger (FR
children at 1.08 where 1.13 fits). Because the fit is a function
of the inputs, a build records it in the manifest with the inputs'
fingerprint (manifest.py), and the next build of the same inputs (--force, a
deleted PDF) lays out once at that fit instead of searching: the same bytes
whichever way the PDF was made. A fit found for other inputs is never a
starting point, since a search from there could end elsewhere. An edition
that does not fit at the minimum sizes fails with the layout check's
message, naming the panel.

Pseudo-locale editions too: en_XA is as long as the longest real
catalogs (pseudo.py), so one that does not fit shows a layout that a real
translation could break.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from campaign.atomic import write_atomically
from campaign.errors import CampaignError
from campaign.layout_checks import PANEL_NAMES, _panels, check_layout

MIN_SCALE = 1.0
MAX_SCALE = 1.25
FULL = 0.95  # the most a panel may be filled (its content area ends at about 96 %)
AIM = 0.935  # what a predicted scale aims at: the middle of GOOD_ENOUGH..FULL
# How a panel's fill grows with the scale: fill ∝ scale ** GROWTH. Text alone
# would grow with the square (lines longer and taller), but icons, QR codes,
# padding and rules do not grow: the fullest panel's fill between scales 1 and
# 1.12 grew with a median exponent of 1.44 (45 editions, every fifth of the
# matrix, December 2026). After two layouts the edition's own exponent is used.
GROWTH = 1.45
GOOD_ENOUGH = 0.92  # a verified fit whose fullest panel is at least this full is kept
AIRY = 0.85  # panels less full than this get their blocks spread apart ...
MAX_STRETCH = 6.0  # ... by at most this much per gap, in mm
MAX_LAYOUTS = 6
MM_PER_PX = 25.4 / 96
UNSTRETCHED = ("slot-cover",)  # its foot is pinned to the bottom; it is full by design
HELP = "slot-back"  # the help panel, which may be set at a lower scale (Fit.help)
NOT_SCALING = UNSTRETCHED + (HELP,)  # panels whose fill does not decide the edition's scale


@dataclass(frozen=True)
class Fit:
    """How an edition is set: its type scale and each panel's extra gap (mm)."""

    scale: float = 1.0
    stretch: dict[str, float] = field(default_factory=dict)
    help: float | None = None  # the help panel's own scale, when lower than `scale`

    @property
    def help_scale(self) -> float:
        return self.scale if self.help is None else min(self.scale, self.help)

    def panel_scale(self, slot: str) -> float:
        return self.help_scale if slot == HELP else self.scale

    def panel_stretch(self, slot: str) -> str:
        return f"{self.stretch.get(slot, 0.0):.1f}mm"

    def as_record(self) -> dict:
        """As the manifest and the fit file keep it (JSON)."""
        return {"scale": self.scale, "help_scale": self.help_scale, "stretch": dict(sorted(self.stretch.items()))}

    @classmethod
    def from_record(cls, record) -> Fit | None:
        """The fit `as_record` made; None for anything else (a damaged file)."""
        try:
            scale, help_scale = float(record["scale"]), float(record["help_scale"])
            stretch = {str(k): float(v) for k, v in record["stretch"].items()}
        except (TypeError, KeyError, ValueError, AttributeError):
            return None
        return cls(scale, stretch, None if help_scale >= scale else help_scale)


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


def _predict_scale(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float, ceiling: float,
                   growths: dict[str, float] | None = None) -> float:
    """The scale that should make the fullest panel about AIM full, below
    `ceiling`, the smallest scale seen not to fit. Each panel's fill grows
    with the scale ** its growth (GROWTH unless measured): the panel that
    is fullest now need not be the first to fill up (a panel of icons,
    rules and short lines grows slowly, a panel of running text fast). The
    help panel has a scale of its own (_Layouts.help_for)."""
    growths = growths or {}
    scales = [fit.scale * (AIM / fill) ** (1 / growths.get(slot, GROWTH))
              for slot, fill in _unstretched(fit, measures, sheet_mm).items() if slot not in NOT_SCALING]
    return _round_scale(min(min(scales), ceiling - 0.01))


def _fullest_unstretched(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float) -> float:
    fills = _unstretched(fit, measures, sheet_mm)
    return max(fill for slot, fill in fills.items() if slot not in NOT_SCALING)


def _measured_growths(tried: list[tuple[Fit, dict[str, PanelMeasure]]], sheet_mm: float) -> dict[str, float]:
    """Each panel's growth exponent in this edition, from its last layout
    and the one at the scale farthest from it (none until there are two
    scales: GROWTH is used). Two near scales (1.15 and 1.18) differ by
    less than a line's rounding, so the widest span measures best."""
    if not tried:
        return {}
    fit_b, measures_b = tried[-1]
    fit_a, measures_a = max(tried, key=lambda layout: abs(math.log(layout[0].scale / fit_b.scale)))
    fills_a, fills_b = _unstretched(fit_a, measures_a, sheet_mm), _unstretched(fit_b, measures_b, sheet_mm)
    growths = {}
    for slot in fills_b:
        span = math.log(fit_b.panel_scale(slot) / fit_a.panel_scale(slot))
        if span and fills_a.get(slot, 0) > 0 and fills_b[slot] > 0:
            # Held to 0.5..3: a panel that jumped a line between them is no measure.
            growths[slot] = min(3.0, max(0.5, math.log(fills_b[slot] / fills_a[slot]) / span))
    return growths


def _stretch(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float,
             to: Fit | None = None, growths: dict[str, float] | None = None) -> dict[str, float]:
    """The gap that brings each airy panel to about AIRY full, at `fit`'s
    scales, or predicted for the scales of `to` (each panel growing with its
    growth, see _predict_scale), so that one layout tries a scale and its gaps."""
    growths = growths or {}
    stretch = {}
    for slot, fill in _unstretched(fit, measures, sheet_mm).items():
        if to is not None:
            fill *= (to.panel_scale(slot) / fit.panel_scale(slot)) ** growths.get(slot, GROWTH)
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
    return max(m.fill for slot, m in measures.items() if slot not in NOT_SCALING)


def _settled(fit: Fit, measures: dict[str, PanelMeasure], sheet_mm: float) -> bool:
    """Nothing left to do: nearly full (or at the largest scale), and no panel
    airy that a wider gap could still fill."""
    if _fullest_unstretched(fit, measures, sheet_mm) < GOOD_ENOUGH and fit.scale < MAX_SCALE:
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
        # Layouts whose panels all stayed on the sheet (some may be too full): growth is measured on them.
        self.measured: list[tuple[Fit, dict[str, PanelMeasure]]] = []
        self.too_wide = False  # some layout had a line wider than its panel
        self.gaps_at_fault = False  # it overflowed only in panels given a gap (see _blame)
        # The help panel's own search: the largest help scale seen to work, the
        # smallest seen not to, and its last measurable (help scale, fill).
        self.scale_worked = self.help_worked = True  # the last layout's, apart
        self.help_floor, self.help_ceiling = MIN_SCALE, MAX_SCALE + 0.01
        self.help_measure: tuple[float, float] | None = None

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
        help_problems = [problem for problem in problems if problem.panel == PANEL_NAMES[HELP]]
        problems = [problem for problem in problems if problem.panel != PANEL_NAMES[HELP]]
        too_wide, self.gaps_at_fault = _blame(problems, fit)
        self.too_wide |= too_wide
        # Fuller than FULL is allowed at the minimum sizes, where the content
        # area is the limit.
        self.scale_worked = not problems and (fit.scale <= MIN_SCALE or _fullest(measures) <= FULL)
        self._help_tried(fit, measures, help_problems)
        works = self.scale_worked and self.help_worked
        if _fullest(measures) < 1.0 and not any(problem.kind == "cut" for problem in problems):
            self.measured.append((fit, measures))
        if works and (self.best is None or fit.scale > self.best.fit.scale
                      or (fit.scale == self.best.fit.scale and fit.stretch)):
            self.best = Fitted(fit, document, _fills(measures), self.count)
            self.best_measures = measures
        return works, measures

    def _help_tried(self, fit: Fit, measures: dict[str, PanelMeasure], problems: list) -> None:
        help_scale = fit.help_scale
        if HELP not in measures:  # a leaflet without a help panel
            self.help_worked = not problems
            return
        fill = measures[HELP].fill - measures[HELP].gaps * fit.stretch.get(HELP, 0.0) / self.sheet_mm
        self.help_worked = not problems and (help_scale <= MIN_SCALE or measures[HELP].fill <= FULL)
        if self.help_worked:
            self.help_floor = max(self.help_floor, help_scale)
        else:
            self.help_ceiling = min(self.help_ceiling, help_scale)
        if measures[HELP].fill < 1.0 and not any(problem.kind in ("cut", "side") for problem in problems):
            self.help_measure = (help_scale, fill)

    def help_for(self, scale: float) -> float | None:
        """The help panel's scale to try with the edition's `scale`: its own
        largest, predicted from its last measure (AIM full, growing with
        GROWTH) between the largest seen to work and the smallest not to;
        None when that is not below `scale`."""
        limit = self.help_ceiling - 0.01
        if self.help_measure is not None:
            measured_at, fill = self.help_measure
            limit = min(limit, measured_at * (AIM / fill) ** (1 / GROWTH))
        elif self.help_floor < self.help_ceiling - 0.01:
            limit = self.help_floor + (self.help_ceiling - self.help_floor) / 2
        limit = round(max(self.help_floor, limit), 2)
        return None if limit >= scale else limit


_SLOT_BY_NAME = {name: slot for slot, name in PANEL_NAMES.items()}  # a LayoutProblem names its panel


def _blame(problems, fit: Fit) -> tuple[bool, bool]:
    """What may have made a layout fail: (a line wider than its panel, the
    gaps). The gaps may be at fault if there are any and every panel that
    overflowed had one and overflowed by a measured amount: the scale may
    then fit with smaller gaps. Otherwise the scale is too large."""
    too_wide = any(problem.kind == "side" for problem in problems)
    gaps_at_fault = bool(fit.stretch) and all(
        problem.kind == "bottom" and fit.stretch.get(_SLOT_BY_NAME.get(problem.panel), 0.0) > 0
        for problem in problems
    )
    return too_wide, gaps_at_fault


def fit_edition(layout: Callable[[Fit], object], known: Fit | None = None) -> Fitted:
    """Lay out with `layout(fit)` until the edition is fitted (see the module
    doc). `known` is the fit recorded for exactly these inputs: one layout
    confirms it."""
    if known is not None and known.scale >= MIN_SCALE:  # none below the minimum sizes
        layouts = _Layouts(layout)
        works, _ = layouts.attempt(known)
        if works:  # it is then the best, the only one laid out
            layouts.best.layouts = layouts.count
            return layouts.best
        # It cannot fail for the same inputs; if it does, the search decides.
    return _search(_Layouts(layout))


def _search(layouts: _Layouts) -> Fitted:
    """The deterministic search: from the minimum sizes, each next scale
    predicted from the layouts so far and tried with the gaps predicted for
    it; the gaps measured again only if the best fit is not settled."""
    fit = Fit()
    works, measures = layouts.attempt(fit)
    if not (works and _settled(fit, measures, layouts.sheet_mm)):
        ceiling = MAX_SCALE + 0.01
        while layouts.count < MAX_LAYOUTS - 1:
            if works and (_fullest_unstretched(fit, measures, layouts.sheet_mm) >= GOOD_ENOUGH
                          or fit.scale >= MAX_SCALE):
                break
            if layouts.scale_worked and not layouts.help_worked:
                # Only the help panel is too full: the same scale, the help panel's lower.
                fit = _next_fit(layouts, fit, measures, fit.scale)
                works, measures = layouts.attempt(fit)
                continue
            if (not works and layouts.gaps_at_fault
                    and _fullest_unstretched(fit, measures, layouts.sheet_mm) <= FULL):
                # The scale fits; the gaps predicted for it were too wide (a
                # panel grew more than predicted): the gaps measured now.
                fit = Fit(fit.scale, _stretch(fit, measures, layouts.sheet_mm), fit.help)
                works, measures = layouts.attempt(fit)
                continue
            floor = layouts.best.fit.scale
            if not layouts.scale_worked:
                ceiling = fit.scale
            scale = _next_scale(layouts, fit, measures, floor, ceiling)
            if scale <= floor:
                break
            fit = _next_fit(layouts, layouts.best.fit, layouts.best_measures, scale)
            works, measures = layouts.attempt(fit)
        best = layouts.best
        if not _settled(best.fit, layouts.best_measures, layouts.sheet_mm):
            stretch = _stretch(best.fit, layouts.best_measures, layouts.sheet_mm)
            if stretch and stretch != best.fit.stretch:
                layouts.attempt(Fit(best.fit.scale, stretch, best.fit.help))
    fitted = layouts.best
    fitted.layouts = layouts.count
    return fitted


def _next_fit(layouts: _Layouts, base: Fit, base_measures: dict[str, PanelMeasure], scale: float) -> Fit:
    """`scale`, with the help panel's own scale (_Layouts.help_for) and the
    gaps predicted for both from the layout of `base`."""
    target = Fit(scale, {}, layouts.help_for(scale))
    growths = _measured_growths(layouts.measured, layouts.sheet_mm)
    return Fit(scale, _stretch(base, base_measures, layouts.sheet_mm, target, growths), target.help)


def _next_scale(layouts: _Layouts, fit: Fit, measures, floor: float, ceiling: float) -> float:
    """The next scale to try, between `floor` (the largest that worked) and
    `ceiling` (the smallest that did not): predicted from the last layout if
    its panels stayed on the sheet (even a too full one says how much too
    full), else halfway. Halfway too once a line came out wider than its
    panel (a long word in a large heading): how full the panels are does not
    say at which scale the line fits."""
    if layouts.measured and layouts.measured[-1][0] == fit and not layouts.too_wide:
        growths = _measured_growths(layouts.measured, layouts.sheet_mm)
        scale = _predict_scale(fit, measures, layouts.sheet_mm, ceiling, growths)
        if scale > floor:
            return scale
    return _round_scale(floor + math.floor((ceiling - floor) * 50) / 100)


def fit_path(pdf: Path) -> Path:
    """Where an edition's fit is reported: next to its PDF (children.pdf →
    children.fit.json), so the proof sheet shows what the PDF was built with
    (the manifest keeps the fit the next build starts from)."""
    return pdf.with_name(pdf.name.removesuffix(".pdf") + ".fit.json")


def load_fit(pdf: Path) -> Fit | None:
    """The fit the PDF at `pdf` was last built with; None if there is none."""
    return Fit.from_record(fit_report(pdf))


def fit_report(pdf: Path) -> dict | None:
    """Scale, gaps, fills and layouts of the last build of `pdf`."""
    try:
        return json.loads(fit_path(pdf).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_fit(pdf: Path, fitted: Fitted) -> None:
    data = {**fitted.fit.as_record(), "fills": fitted.fills, "layouts": fitted.layouts}
    write_atomically(fit_path(pdf), json.dumps(data, indent=1, sort_keys=True).encode("utf-8"),
                     durable=False)  # a report: a damaged one only leaves the proof sheet without it
