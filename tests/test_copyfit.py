"""Copyfitting: the largest type scale that fits, panels filled, a function
of the inputs alone (one layout when the fit for the same inputs is known),
and a clear failure when nothing fits."""

import gettext
import json

import pytest

from campaign import copyfit
from campaign.build import EditionBuilder
from campaign.catalogs import LoadedCatalog
from campaign.editions import Edition
from campaign.options import BuildOptions
from campaign.proof import Leaflet, _fit_line
from campaign.registry import load_registry
from campaign.layout_checks import PANEL_NAMES, _panels, check_layout
from helpers import laid_out

STRETCHED = ("slot-flap", "slot-back", "slot-inside-1", "slot-inside-2", "slot-inside-3")


@pytest.fixture(scope="module")
def builder(module_project_copy):
    return EditionBuilder(module_project_copy, load_registry(module_project_copy.registry_dir))


def build(builder, country, locale, audience):
    result = builder.build(Edition(country, locale, audience), BuildOptions())
    assert result.ok, result.error
    return result.path, copyfit.fit_report(result.path)


@pytest.mark.parametrize("country, locale, audience", [
    ("GB", "en_GB", "children"), ("DE", "de_DE", "teens"), ("JP", "ja_JP", "teens"),
    ("IL", "ar_IL", "children"), ("GR", "el_GR", "parents"),
])
def test_every_panel_is_filled_to_between_75_and_95_percent(builder, country, locale, audience):
    path, report = build(builder, country, locale, audience)
    assert copyfit.MIN_SCALE <= report["scale"] <= copyfit.MAX_SCALE
    for slot in STRETCHED:
        assert 0.75 <= report["fills"][slot] <= copyfit.FULL, (slot, report)
    # The fullest panel is nearly full, unless the type is at its largest.
    assert max(report["fills"][slot] for slot in STRETCHED) >= 0.85 or report["scale"] == copyfit.MAX_SCALE


@pytest.mark.parametrize("country, locale, audience", [("FR", "fr_FR", "children"), ("DK", "da_DK", "parents")])
def test_the_scale_found_is_within_two_hundredths_of_the_largest_that_fits(builder, country, locale, audience):
    """Their searches used to stop at 1.08 where 1.13 fits: out of layouts, or
    content enough with the fullest panel 89 % full. Three hundredths more
    must not fit (a panel over FULL or a layout problem)."""
    path, report = build(builder, country, locale, audience)
    fit = copyfit.Fit.from_record(report)
    larger = copyfit.Fit(round(fit.scale + 0.03, 2), {}, fit.help)
    assert larger.scale <= copyfit.MAX_SCALE
    document = laid_out(builder, country, locale, audience, larger)
    problems = [problem for problem in check_layout(document) if problem.panel != PANEL_NAMES[copyfit.HELP]]
    assert problems or copyfit._fullest(copyfit.measure(document)) > copyfit.FULL, (report, larger)


def test_the_fill_is_read_back_from_the_layout(builder):
    def layout(fit):
        return laid_out(builder, "GB", "en_GB", "teens", fit)

    small, large = copyfit.measure(layout(copyfit.Fit(1.0))), copyfit.measure(layout(copyfit.Fit(1.2)))
    for slot in STRETCHED:
        assert large[slot].fill > small[slot].fill
    stretched = copyfit.measure(layout(copyfit.Fit(1.0, {"slot-inside-1": 4.0})))
    added = (stretched["slot-inside-1"].fill - small["slot-inside-1"].fill) * 210
    assert added == pytest.approx(4.0 * small["slot-inside-1"].gaps, abs=0.2)
    assert stretched["slot-inside-2"].fill == small["slot-inside-2"].fill


def test_body_text_grows_with_the_scale(builder):
    path, report = build(builder, "GB", "en_GB", "parents")
    html = builder.render_html(Edition("GB", "en_GB", "parents"), builder.catalog("en_GB"),
                               fit=copyfit.load_fit(path))
    assert f'style="--scale: {report["scale"]}"' in html


def test_a_fit_known_for_the_same_inputs_is_confirmed_with_one_layout(builder):
    edition = Edition("FR", "fr_FR", "teens")
    searched = builder.build(edition, BuildOptions())
    first_bytes = searched.path.read_bytes()
    assert copyfit.fit_report(searched.path)["layouts"] >= 2  # FR teens needs a search
    confirmed = builder.build(edition, BuildOptions(), known_fit=searched.fit)
    assert copyfit.fit_report(confirmed.path)["layouts"] == 1
    assert confirmed.fit == searched.fit
    assert confirmed.path.read_bytes() == first_bytes


def test_the_fit_depends_on_the_inputs_only_not_on_an_earlier_build(builder):
    """An earlier build's fit (another catalog, another template) is never a
    starting point: the search would end elsewhere, and an incremental build
    would differ from a clean one. Here a fit that also works, a little
    smaller than the search's, is left beside the PDF as an older build
    would have left it."""
    edition = Edition("GR", "el_GR", "teens")
    clean = builder.build(edition, BuildOptions())
    clean_bytes = clean.path.read_bytes()
    smaller = copyfit.Fit(round(clean.fit["scale"] - 0.01, 2), clean.fit["stretch"])
    assert smaller.scale >= copyfit.MIN_SCALE
    copyfit.fit_path(clean.path).write_text(json.dumps(smaller.as_record()), encoding="utf-8")
    again = builder.build(edition, BuildOptions())
    assert again.fit == clean.fit
    assert again.path.read_bytes() == clean_bytes


def test_a_damaged_fit_report_is_only_a_missing_report(builder):
    path, _ = build(builder, "BE", "nl_BE", "children")
    copyfit.fit_path(path).write_text("{not json", encoding="utf-8")
    assert copyfit.load_fit(path) is None
    assert copyfit.Fit.from_record({"scale": "x"}) is None
    path, report = build(builder, "BE", "nl_BE", "children")
    assert report["layouts"] >= 1 and copyfit.load_fit(path) is not None


class LongTranslations(gettext.NullTranslations):
    """Every message of the flap's first paragraph ten times over."""

    def gettext(self, message):
        if message.startswith("A trusted grown-up is someone"):
            return " ".join([message] * 12)
        return message


def test_an_edition_that_cannot_fit_at_the_minimum_sizes_fails_naming_the_panel(builder, monkeypatch):
    monkeypatch.setattr(builder, "catalog",
                        lambda locale: LoadedCatalog(locale, LongTranslations(), (), "reviewed"))
    result = builder.build(Edition("GB", "en_GB", "children"), BuildOptions())
    assert not result.ok
    assert "layout check failed: inside flap: content overflows the bottom" in result.error


@pytest.mark.parametrize("country, locale, audience", [
    ("CA", "en_XA", "parents"),  # Canada's Letter panels are the narrowest
    ("GB", "en_XA", "parents"),  # one of the fullest help panels
    ("CA", "ar_XB", "parents"),
])
def test_a_pseudo_locale_edition_fits_at_the_minimum_sizes_like_any_other(builder, country, locale, audience):
    path, report = build(builder, country, locale, audience)
    assert copyfit.MIN_SCALE <= report["scale"] <= copyfit.MAX_SCALE
    assert max(report["fills"].values()) <= copyfit.FULL + 0.01


def test_a_kept_fit_below_the_minimum_sizes_is_not_reused(monkeypatch):
    """Pseudo-locale editions were once fitted below the minimum sizes."""
    tried = []

    class Document:  # a sheet 210 mm high whose fullest panel is 90 % full
        class Page:
            class _page_box:
                height = 210 / copyfit.MM_PER_PX
        pages = [Page()]

    def layout(fit):
        tried.append(fit.scale)
        return Document()

    monkeypatch.setattr(copyfit, "check_layout", lambda document: [])
    monkeypatch.setattr(copyfit, "measure", lambda document: {"slot-flap": copyfit.PanelMeasure(0.93, 0)})
    fitted = copyfit.fit_edition(layout, copyfit.Fit(0.8))
    assert tried == [copyfit.MIN_SCALE]
    assert fitted.fit.scale == copyfit.MIN_SCALE


def test_growth_is_measured_per_panel_from_two_layouts_at_different_scales():
    def tried(scale, back, flap=0.5):
        return copyfit.Fit(scale), {"slot-back": copyfit.PanelMeasure(back, 4),
                                    "slot-flap": copyfit.PanelMeasure(flap, 4)}

    assert copyfit._measured_growths([tried(1.0, 0.6)], 210) == {}  # GROWTH until there are two
    growths = copyfit._measured_growths([tried(1.0, 0.6), tried(1.1, 0.6 * 1.1 ** 2, 0.5 * 1.1 ** 0.8)], 210)
    assert growths == pytest.approx({"slot-back": 2.0, "slot-flap": 0.8})
    # Measured over the widest span: not between 1.15 and 1.18, where a
    # line's rounding is most of the difference, nor at the same scale.
    growths = copyfit._measured_growths(
        [tried(1.0, 0.6), tried(1.18, 0.6 * 1.18 ** 1.5 + 0.01), tried(1.15, 0.6 * 1.15 ** 1.5)], 210)
    assert growths["slot-back"] == pytest.approx(1.5)
    assert copyfit._measured_growths([tried(1.1, 0.6), tried(1.1, 0.7)], 210) == {}
    # A panel that jumped a line between them says nothing: held to 0.5..3.
    assert copyfit._measured_growths([tried(1.0, 0.6), tried(1.02, 0.7)], 210)["slot-back"] == 3.0


def test_the_scale_is_predicted_for_the_panel_that_fills_up_first():
    """The flap is fullest at the minimum sizes but grows slowly (a panel of
    icons and rules); the text panel overtakes it."""
    measures = {"slot-flap": copyfit.PanelMeasure(0.80, 8), "slot-inside-1": copyfit.PanelMeasure(0.78, 6)}
    growths = {"slot-flap": 0.3, "slot-inside-1": 2.0}
    scale = copyfit._predict_scale(copyfit.Fit(1.0), measures, 210, ceiling=2.0, growths=growths)
    assert scale == round((copyfit.AIM / 0.78) ** (1 / 2.0), 2) == 1.09
    # The gaps predicted for that scale let each panel grow its own way.
    stretch = copyfit._stretch(copyfit.Fit(1.0), measures, 210, copyfit.Fit(scale), growths)
    assert "slot-inside-1" not in stretch  # it will be full
    assert stretch["slot-flap"] == round((copyfit.AIRY - 0.80 * scale ** 0.3) * 210 / 8, 1)


def test_predicted_gaps_that_overfill_a_panel_are_measured_again_at_the_same_scale():
    """The first layout predicts scale 1.13 and gaps for it; the back panel grows
    more than predicted and its gap pushes it over FULL, though its text
    alone fits. The scale is kept and the gaps measured from that layout."""
    sheet = 210.0
    text = {"slot-flap": 0.78, "slot-back": 0.70}  # unstretched fills at scale 1
    growth = {"slot-flap": 1.45, "slot-back": 2.44}
    laid_out = []

    class Document:
        def __init__(self, fit):
            fills = {slot: text[slot] * fit.scale ** growth[slot] + 4 * fit.stretch.get(slot, 0) / sheet
                     for slot in text}
            self.measures = {slot: copyfit.PanelMeasure(fill, 4) for slot, fill in fills.items()}
            self.pages = [type("Page", (), {"_page_box": type("Box", (), {"height": sheet / copyfit.MM_PER_PX})})]

    def layout(fit):
        laid_out.append(fit)
        return Document(fit)

    import campaign.copyfit as module
    original = (module.check_layout, module.measure)
    module.check_layout, module.measure = (lambda document: []), (lambda document: document.measures)
    try:
        fitted = copyfit.fit_edition(layout)
    finally:
        module.check_layout, module.measure = original
    scales = [fit.scale for fit in laid_out]
    assert scales[1] == scales[2] == fitted.fit.scale > 1.0  # kept, not abandoned
    assert laid_out[1].stretch["slot-back"] > laid_out[2].stretch.get("slot-back", 0.0)
    assert max(fitted.fills.values()) <= copyfit.FULL


def test_the_proof_sheet_shows_scale_and_fill(builder):
    path, report = build(builder, "GB", "en_GB", "children")
    line = _fit_line(Leaflet("GB/en_GB/children", path))
    assert f"type {report['scale']:.2f}×" in line
    assert f"{report['fills']['slot-back']:.0%}" in line


def test_a_crowded_help_panel_gets_a_scale_of_its_own(builder):
    """GB parents: seven services fill the help panel at 1.03, which held the
    whole leaflet's type at 1.03 and left the inside panels under 75 %."""
    path, report = build(builder, "GB", "en_GB", "parents")
    assert report["help_scale"] < report["scale"], report
    assert report["scale"] >= 1.15
    for slot in STRETCHED:
        assert 0.75 <= report["fills"][slot] <= copyfit.FULL, (slot, report)
    line = _fit_line(Leaflet("GB/en_GB/parents", path))
    assert f"type {report['scale']:.2f}× (help panel {report['help_scale']:.2f}×)" in line
    # The help panel's text is set at its own scale, the rest at the edition's.
    document = laid_out(builder, "GB", "en_GB", "parents", copyfit.load_fit(path))
    sizes = {}
    for page in document.pages:
        for slot, panel in _panels(page._page_box):
            for box in panel.descendants():
                if type(box).__name__ == "TextBox" and box.element_tag == "p":
                    sizes.setdefault(slot, box.style["font_size"])
    assert sizes["slot-back"] / sizes["slot-flap"] == pytest.approx(report["help_scale"] / report["scale"], abs=0.01)


def test_the_help_panel_scale_is_searched_beside_the_edition_scale(monkeypatch):
    """A help panel that fills up fast gets its own lower scale; the other
    panels still get the largest scale at which they fit."""

    edition = _SimulatedEdition(monkeypatch, lambda fit: [], text={"slot-flap": 0.62, "slot-back": 0.88})
    fitted = copyfit.fit_edition(edition.layout)
    assert fitted.fit.help is not None and fitted.fit.help < fitted.fit.scale
    assert fitted.fills["slot-back"] <= copyfit.FULL
    assert fitted.fills["slot-flap"] >= copyfit.GOOD_ENOUGH or fitted.fit.scale == copyfit.MAX_SCALE
    # A help panel that fits at the edition's scale follows it.
    edition = _SimulatedEdition(monkeypatch, lambda fit: [], text={"slot-flap": 0.62, "slot-back": 0.40})
    assert copyfit.fit_edition(edition.layout).fit.help is None


def test_a_fit_record_keeps_the_help_panel_scale():
    fit = copyfit.Fit(1.2, {"slot-flap": 1.5}, 1.05)
    assert fit.as_record()["help_scale"] == 1.05
    assert copyfit.Fit.from_record(fit.as_record()) == fit
    assert copyfit.Fit.from_record(copyfit.Fit(1.2).as_record()) == copyfit.Fit(1.2)
    assert copyfit.Fit.from_record({"scale": 1.2, "stretch": {}}) is None  # an older record: searched again


def test_prediction_aims_at_the_fullest_panel_and_gaps_fill_the_others():
    measures = {"slot-cover": copyfit.PanelMeasure(0.96, 4),
                "slot-flap": copyfit.PanelMeasure(0.50, 5),
                "slot-inside-1": copyfit.PanelMeasure(0.70, 8)}
    scale = copyfit._predict_scale(copyfit.Fit(1.0), measures, 210, ceiling=2.0)
    assert scale == round((copyfit.AIM / 0.70) ** (1 / copyfit.GROWTH), 2)  # the cover does not count
    # With an edition's own growth measured, that is used.
    assert copyfit._predict_scale(copyfit.Fit(1.0), measures, 210, ceiling=2.0,
                                  growths={"slot-inside-1": 2.0, "slot-flap": 2.0}) == round((copyfit.AIM / 0.70) ** 0.5, 2)
    # Never above the smallest scale seen not to fit, nor MAX_SCALE.
    assert copyfit._predict_scale(copyfit.Fit(1.0), measures, 210, ceiling=1.05) == 1.04
    tiny = {"slot-flap": copyfit.PanelMeasure(0.2, 3)}
    assert copyfit._predict_scale(copyfit.Fit(1.0), tiny, 210, ceiling=9) == copyfit.MAX_SCALE
    stretch = copyfit._stretch(copyfit.Fit(1.0), measures, 210)
    assert set(stretch) == {"slot-flap", "slot-inside-1"}
    assert stretch["slot-flap"] == copyfit.MAX_STRETCH  # (0.85 - 0.5) × 210 / 5 is more
    assert stretch["slot-inside-1"] == round((copyfit.AIRY - 0.70) * 210 / 8, 1)
    # Measures taken with gaps are counted without them.
    stretched = {"slot-inside-1": copyfit.PanelMeasure(0.70 + 8 * 1.0 / 210, 8)}
    assert copyfit._stretch(copyfit.Fit(1.0, {"slot-inside-1": 1.0}), stretched, 210) == \
        {"slot-inside-1": stretch["slot-inside-1"]}


class _SimulatedEdition:
    """Layouts without WeasyPrint: each panel's fill grows with the scale to a
    power, and `problems(fit)` says what the layout check would find."""

    def __init__(self, monkeypatch, problems, text=None):
        self.text = text or {"slot-flap": 0.62, "slot-back": 0.55}  # unstretched fills at scale 1
        self.problems = problems
        self.tried = []
        monkeypatch.setattr(copyfit, "check_layout", lambda document: document.problems)
        monkeypatch.setattr(copyfit, "measure", lambda document: document.measures)

    def layout(self, fit):
        self.tried.append(fit)
        sheet = 210.0
        document = type("Document", (), {})()
        document.pages = [type("Page", (), {"_page_box": type("Box", (), {"height": sheet / copyfit.MM_PER_PX})})]
        document.problems = self.problems(fit)
        document.measures = {
            slot: copyfit.PanelMeasure(fill * fit.panel_scale(slot) ** 1.45 + 4 * fit.stretch.get(slot, 0) / sheet, 4)
            for slot, fill in self.text.items()
        }
        if any(problem.kind == "cut" for problem in document.problems):
            document.measures["slot-flap"] = copyfit.PanelMeasure(0.07, 0)  # its content moved off
        return document


def _fit_failing_from(monkeypatch, scale: float, problem) -> tuple[copyfit.Fitted, list[float]]:
    """Fits a simulated edition whose layouts have `problem` from `scale` up:
    the fit and the scales laid out."""
    edition = _SimulatedEdition(monkeypatch, lambda fit: [problem] if fit.scale >= scale else [])
    fitted = copyfit.fit_edition(edition.layout)
    return fitted, [fit.scale for fit in edition.tried]


def test_a_line_wider_than_its_panel_lowers_the_scale_not_the_gaps(monkeypatch):
    """A cover title of two words kept together ("güvende kalmak") is wider
    than the cover from scale 1.12: the panels' fill cannot say so, the gaps
    are not at fault, and the search halves the distance to a scale that fits."""
    from campaign.layout_checks import LayoutProblem

    fitted, scales = _fit_failing_from(
        monkeypatch, 1.12, LayoutProblem("front cover", "a line overflows the side by 2 mm", "side"))
    first_too_wide = next(scale for scale in scales if scale >= 1.12)
    assert scales.count(first_too_wide) == 1  # not tried again with other gaps
    assert 1.05 <= fitted.fit.scale < 1.12, scales
    assert len(scales) <= copyfit.MAX_LAYOUTS


def test_content_cut_off_a_panel_is_not_measured_as_a_fill(monkeypatch):
    """From scale 1.15 the flap's content no longer fits and moves off the
    sheet, leaving the panel nearly empty: the fill measured then is no
    reason to keep the scale and shrink the gaps."""
    from campaign.layout_checks import LayoutProblem

    fitted, scales = _fit_failing_from(
        monkeypatch, 1.15, LayoutProblem("inside flap", "content overflows the bottom and was cut off", "cut"))
    assert all(scales.count(scale) == 1 for scale in scales if scale >= 1.15), scales
    assert 1.05 <= fitted.fit.scale < 1.15, scales
