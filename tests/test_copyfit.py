"""Copyfitting: the largest type scale that fits, panels filled, one layout
when the last fit still holds, and a clear failure when nothing fits."""

import gettext

import pytest

from campaign import copyfit
from campaign.build import EditionBuilder
from campaign.catalogs import LoadedCatalog
from campaign.editions import Edition
from campaign.options import BuildOptions
from campaign.proof import Leaflet, _fit_line
from campaign.registry import load_registry
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


def test_a_rebuild_starts_from_the_last_fit_and_verifies_it_with_one_layout(builder):
    path, first = build(builder, "FR", "fr_FR", "teens")
    path, second = build(builder, "FR", "fr_FR", "teens")
    assert second["layouts"] == 1
    assert (second["scale"], second["stretch"]) == (first["scale"], first["stretch"])


def test_a_damaged_fit_file_means_fitting_from_scratch(builder):
    path, _ = build(builder, "BE", "nl_BE", "children")
    copyfit.fit_path(path).write_text("{not json", encoding="utf-8")
    assert copyfit.load_fit(path) is None
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
    monkeypatch.setattr(copyfit, "measure", lambda document: {"slot-flap": copyfit.PanelMeasure(0.9, 0)})
    fitted = copyfit.fit_edition(layout, copyfit.Fit(0.8))
    assert tried == [copyfit.MIN_SCALE]
    assert fitted.fit.scale == copyfit.MIN_SCALE


def test_the_proof_sheet_shows_scale_and_fill(builder):
    path, report = build(builder, "GB", "en_GB", "children")
    line = _fit_line(Leaflet("GB/en_GB/children", path))
    assert f"type {report['scale']:.2f}×" in line
    assert f"{report['fills']['slot-back']:.0%}" in line


def test_prediction_aims_at_the_fullest_panel_and_gaps_fill_the_others():
    measures = {"slot-cover": copyfit.PanelMeasure(0.96, 4),
                "slot-flap": copyfit.PanelMeasure(0.50, 5),
                "slot-back": copyfit.PanelMeasure(0.70, 8)}
    scale = copyfit._predict_scale(copyfit.Fit(1.0), measures, 210, ceiling=2.0)
    assert scale == round((copyfit.AIM / 0.70) ** 0.5, 2)  # the cover does not count
    # Never above the smallest scale seen not to fit, nor MAX_SCALE.
    assert copyfit._predict_scale(copyfit.Fit(1.0), measures, 210, ceiling=1.05) == 1.04
    tiny = {"slot-flap": copyfit.PanelMeasure(0.2, 3)}
    assert copyfit._predict_scale(copyfit.Fit(1.0), tiny, 210, ceiling=9) == copyfit.MAX_SCALE
    stretch = copyfit._stretch(copyfit.Fit(1.0), measures, 210)
    assert set(stretch) == {"slot-flap", "slot-back"}
    assert stretch["slot-flap"] == copyfit.MAX_STRETCH  # (0.85 - 0.5) × 210 / 5 is more
    assert stretch["slot-back"] == round((copyfit.AIRY - 0.70) * 210 / 8, 1)
    # Measures taken with gaps are counted without them.
    stretched = {"slot-back": copyfit.PanelMeasure(0.70 + 8 * 1.0 / 210, 8)}
    assert copyfit._stretch(copyfit.Fit(1.0, {"slot-back": 1.0}), stretched, 210) == \
        {"slot-back": stretch["slot-back"]}
