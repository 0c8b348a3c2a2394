"""Nothing wrong is printed silently (issue 12): WeasyPrint's warnings, files
outside the project, environment faults, the manifest, signals."""

import os

import pytest

from campaign.errors import CampaignError
from campaign.render import MissingContent, Renderer, collect_weasyprint_log
from campaign.templating import make_environment

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def templates(tmp_path):
    assets = tmp_path / "templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "dot.png").write_bytes(PNG_1X1)
    (tmp_path / "outside.png").write_bytes(PNG_1X1)
    (tmp_path / "outside.html").write_text("<p>from outside the project</p>")
    return tmp_path / "templates"


def render(renderer, html, stylesheets=()):
    document = renderer.layout(html, stylesheets)
    return renderer.write_pdf(document)


def svg_with_image(href):
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="10" height="10"><image href="{href}" width="10" height="10"/></svg>')


# --- WeasyPrint's warnings ---------------------------------------------------

@pytest.mark.parametrize("href", ["gone.png", "../../outside.png", "https://example.org/x.png"])
def test_svg_whose_nested_image_fails_fails_the_render_naming_the_svg(templates, href):
    (templates / "assets" / "panel.svg").write_text(svg_with_image(href))
    renderer = Renderer(templates)
    with pytest.raises(CampaignError, match=r"templates/assets/panel\.svg"):
        render(renderer, '<img src="assets/panel.svg">')


def test_svg_with_a_working_nested_image_renders(templates):
    (templates / "assets" / "panel.svg").write_text(svg_with_image("dot.png"))
    with collect_weasyprint_log() as log:
        assert render(Renderer(templates), '<img src="assets/panel.svg">').startswith(b"%PDF")
    assert log.missing_content == [] and log.notes == []


def test_a_stylesheet_rule_that_fails_to_parse_fails_every_leaflet_naming_the_file(templates):
    (templates / "assets" / "leaflet.css").write_text("p { colr: red }\n")
    renderer = Renderer(templates)
    for _ in range(2):  # parsed once, but the second leaflet must fail too
        with pytest.raises(MissingContent, match=r"templates/assets/leaflet\.css: .*colr"):
            render(renderer, "<p>text</p>", ["assets/leaflet.css"])


def test_a_broken_rule_in_the_html_fails_the_leaflet(templates):
    with pytest.raises(MissingContent, match="the leaflet's HTML: .*colr"):
        render(Renderer(templates), '<p style="colr: red">text</p>')


def test_a_font_that_cannot_be_loaded_fails_the_leaflet(templates):
    (templates / "assets" / "fonts.css").write_text(
        '@font-face { font-family: Broken; src: url(dot.png) }\np { font-family: Broken }\n')
    with pytest.raises(MissingContent, match=r"templates/assets/fonts\.css: .*Font-face"):
        render(Renderer(templates), "<p>text</p>", ["assets/fonts.css"])


def test_an_unknown_render_option_fails_the_leaflet(templates):
    renderer = Renderer(templates)
    document = renderer.layout("<p>text</p>")
    with pytest.raises(MissingContent, match="Unknown PDF option: pdf_flavour"):
        renderer.write_pdf(document, pdf_flavour="x")


def test_an_image_that_failed_once_fails_again_not_silently_from_the_cache(templates):
    (templates / "assets" / "broken.png").write_bytes(b"not a picture")
    renderer = Renderer(templates)
    for _ in range(2):
        with pytest.raises(MissingContent, match=r"templates/assets/broken\.png"):
            render(renderer, '<img src="assets/broken.png">')


def test_other_warnings_become_notes(templates):
    with collect_weasyprint_log() as log:
        render(Renderer(templates), '<div style="display: inline-grid"><p>x</p></div>')
    assert log.notes == ["WeasyPrint: Inline grids are not supported"]
    assert log.missing_content == []


# --- files outside the project -----------------------------------------------

def test_an_asset_symlinked_outside_the_templates_is_refused(templates):
    os.symlink(templates.parent / "outside.png", templates / "assets" / "linked.png")
    with pytest.raises(CampaignError, match="outside the project's templates folder"):
        render(Renderer(templates), '<img src="assets/linked.png">')


def test_a_template_symlinked_outside_the_templates_is_refused(templates):
    os.symlink(templates.parent / "outside.html", templates / "children.html")
    (templates / "teens.html").write_text("<p>inside</p>")
    environment = make_environment(templates)
    assert environment.get_template("teens.html").render() == "<p>inside</p>"
    with pytest.raises(CampaignError, match="refused template children.html: .*outside"):
        environment.get_template("children.html")


def test_an_included_template_symlinked_outside_is_refused(templates):
    (templates / "partials").mkdir()
    os.symlink(templates.parent / "outside.html", templates / "partials" / "flap.html")
    (templates / "parents.html").write_text('{% include "partials/flap.html" %}')
    with pytest.raises(CampaignError, match="refused template partials/flap.html"):
        make_environment(templates).get_template("parents.html").render()


def test_a_stop_signal_weasyprint_catches_while_drawing_an_svg_still_stops(templates, monkeypatch):
    # WeasyPrint catches BaseException around SVG drawing; a worker told to
    # stop (SIGTERM raises SystemExit there) must stop, not go on.
    (templates / "assets" / "panel.svg").write_text(svg_with_image("dot.png"))
    renderer = Renderer(templates)
    fetch = renderer.fetcher.fetch

    def stopped_while_fetching(url, headers=None):
        if url.endswith("dot.png"):
            raise SystemExit(143)
        return fetch(url, headers)

    monkeypatch.setattr(renderer.fetcher, "fetch", stopped_while_fetching)
    with pytest.raises(SystemExit):
        render(renderer, '<img src="assets/panel.svg">')
