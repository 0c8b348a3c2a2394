"""The renderer reads only the project's own templates and assets."""

import pytest
from weasyprint.urls import FatalURLFetchingError

from campaign.errors import CampaignError
from campaign.render import ConfinedURLFetcher, Renderer


@pytest.fixture
def templates(tmp_path):
    (tmp_path / "templates" / "assets").mkdir(parents=True)
    (tmp_path / "templates" / "assets" / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
    )
    (tmp_path / "secret.txt").write_text("not for leaflets")
    return tmp_path / "templates"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "ftp://example.org/file",
    ],
)
def test_fetcher_refuses_network_addresses(templates, url):
    with pytest.raises(FatalURLFetchingError, match="only use the project's own"):
        ConfinedURLFetcher(templates).fetch(url)


def test_fetcher_refuses_files_outside_the_templates(templates):
    outside = (templates.parent / "secret.txt").as_uri()
    with pytest.raises(FatalURLFetchingError, match="outside the project's templates"):
        ConfinedURLFetcher(templates).fetch(outside)


def test_fetcher_refuses_escape_through_dot_dot(templates):
    sneaky = templates.as_uri() + "/assets/../../secret.txt"
    with pytest.raises(FatalURLFetchingError, match="outside"):
        ConfinedURLFetcher(templates).fetch(sneaky)


def test_fetcher_stops_on_missing_asset(templates):
    with pytest.raises(FatalURLFetchingError, match="missing asset"):
        ConfinedURLFetcher(templates).fetch((templates / "assets" / "gone.svg").as_uri())


def test_fetcher_serves_project_assets_and_data_urls(templates):
    fetcher = ConfinedURLFetcher(templates)
    response = fetcher.fetch((templates / "assets" / "dot.svg").as_uri())
    assert b"<svg" in response.read()
    assert response.content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/hostname">',
        '<link rel="stylesheet" href="http://example.org/x.css">',
        '<img src="assets/missing.svg">',
    ],
)
def test_render_stops_instead_of_skipping_a_refused_resource(templates, markup):
    renderer = Renderer(templates)
    with pytest.raises(CampaignError):
        renderer.layout(f"<html><head></head><body>{markup}<p>text</p></body></html>")


def test_render_uses_project_assets(templates):
    document = Renderer(templates).layout('<img src="assets/dot.svg"><p>text</p>')
    assert len(document.pages) == 1


def test_given_stylesheet_outside_the_templates_is_refused(templates):
    with pytest.raises(CampaignError, match="outside the project's templates"):
        Renderer(templates).layout("<p>text</p>", ("../secret.txt",))


@pytest.mark.parametrize("target", ["screen", "print"])
def test_parsed_stylesheets_make_the_same_pdf_as_linked_ones(project, target):
    """A build gives the renderer its stylesheets parsed once, instead of the
    <link>s that the HTML for people has; the PDFs must not differ, also for
    a renderer's second leaflet (print.css's colour profile is reused)."""
    from campaign import targets
    from campaign.build import EditionBuilder
    from campaign.editions import Edition
    from campaign.registry import load_registry

    builder = EditionBuilder(project, load_registry(project.registry_dir))
    renderer = builder.renderer_for(target)
    sheets = targets.target(target).stylesheets
    for edition in (Edition("BE", "fr_BE", "parents"), Edition("IL", "he_IL", "teens")):
        catalog = builder.catalog(edition.locale)
        pdfs = []
        for html, given in (
            (builder.render_html(edition, catalog, target), ()),
            (builder.render_html(edition, catalog, target, linked=False), sheets),
        ):
            assert ('<link rel="stylesheet"' in html) == (not given)
            document = renderer.layout(html, given)
            targets.stamp_dates(document, builder.source_date)
            pdfs.append(renderer.write_pdf(document, **targets.target(target).write_options(edition.key)))
        assert pdfs[0] == pdfs[1], f"{edition} {target}"


def test_pdf_streams_are_compressed_at_zlib_level_2():
    """render.py has pydyf compress at zlib's level 2 (level 9 cost 9 % of a build, level 6 4 %)."""
    import inspect
    import re
    import zlib

    import pydyf

    import campaign.render  # noqa: F401  (sets the level)

    used = set(re.findall(r"\bzlib\.(\w+)", inspect.getsource(pydyf)))
    assert used <= {"compress", "compressobj"}, f"pydyf now uses zlib.{used}: extend render.py's shim"
    content = bytes(range(256)) * 64 + b"BT /F1 12 Tf 72 712 Td (campaign) Tj ET\n" * 400
    written = pydyf.Stream([content], compress=True).data
    compressed = written.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert zlib.decompress(compressed) == content
    assert compressed == zlib.compress(content, 2) != zlib.compress(content, 9)
