"""The imprint and logos: campaign.toml, the SVG checks, and what prints."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.build import EditionBuilder
from campaign.editions import Edition
from campaign.errors import InputError
from campaign.imprint import Imprint, load_imprint
from campaign.layout_checks import _panels, line_text
from campaign.options import BuildOptions
from campaign.registry import load_registry
from campaign.svg_safety import MAX_BYTES, UnsafeSVG, check_svg
from helpers import laid_out

LOGO = Path(__file__).parent / "fixtures" / "logos" / "publisher.svg"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def svg(body: str) -> bytes:
    return f"{SVG_OPEN}{body}</svg>".encode()


# -- The SVG checks ----------------------------------------------------------------

def test_a_plain_drawing_passes():
    check_svg(LOGO.read_bytes())
    check_svg(svg('<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
                  '<rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/>'))


@pytest.mark.parametrize("body, reason", [
    ("<script>alert(1)</script>", "scripts are not allowed"),
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "<foreignObject> is not allowed"),
    ('<image href="file:///etc/passwd"/>', "<image> is not allowed"),
    ('<use href="https://example.org/x.svg#a"/>', "only references inside the file"),
    ('<use xlink:href="other.svg#a"/>', "only references inside the file"),
    ('<rect width="1" height="1" onclick="x()"/>', "event handler"),
    ('<rect width="1" height="1" fill="url(https://example.org/p)"/>', "only url(#id)"),
    ('<rect width="1" height="1" style="fill: url(file:///x)"/>', "only url(#id)"),
    ("<style>@import url(x.css);</style>", "<style> is not allowed"),
])
def test_unsafe_content_is_refused(body, reason):
    with pytest.raises(UnsafeSVG, match=reason.replace("(", r"\(").replace(")", r"\)")):
        check_svg(svg(body))


def test_entities_size_and_shape_are_refused():
    with pytest.raises(UnsafeSVG, match="DOCTYPE"):
        check_svg(b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + svg("<g>&a;</g>"))
    with pytest.raises(UnsafeSVG, match="KiB"):
        check_svg(svg("<g/>" * (MAX_BYTES // 4)))
    with pytest.raises(UnsafeSVG, match="more than"):
        check_svg(svg("<g/>" * 6000))
    with pytest.raises(UnsafeSVG, match="viewBox"):
        check_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>')
    with pytest.raises(UnsafeSVG, match="not an SVG"):
        check_svg(b"<html/>")
    with pytest.raises(UnsafeSVG, match="well-formed"):
        check_svg(b"<svg")


# -- campaign.toml ---------------------------------------------------------------------

def project_with(tmp_path, toml: str | None, logos: dict[str, bytes] = None) -> Path:
    (tmp_path / "templates" / "assets" / "logos").mkdir(parents=True)
    for name, data in (logos or {}).items():
        (tmp_path / "templates" / "assets" / "logos" / name).write_bytes(data)
    if toml is not None:
        (tmp_path / "campaign.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def test_without_the_file_or_a_publisher_the_imprint_is_neutral(tmp_path, project):
    assert load_imprint(project_with(tmp_path, None)) == Imprint()
    # The shipped campaign.toml only documents the keys.
    assert load_imprint(project.root) == Imprint()


def test_a_publisher_and_a_partner_are_read(tmp_path):
    root = project_with(tmp_path, '''
[publisher]
name = "Example Foundation"
website = "https://example.org"
logo = "templates/assets/logos/p.svg"
[partners.GB]
name = "Example Trust"
line = "With Example Trust"
''', {"p.svg": LOGO.read_bytes()})
    imprint = load_imprint(root)
    assert imprint.publisher.name == "Example Foundation"
    assert imprint.publisher.logo == "assets/logos/p.svg"
    assert imprint.partners["GB"].line == "With Example Trust"


@pytest.mark.parametrize("toml, place, message", [
    ('[publisher]\nname = "X"\nlogo = "templates/assets/logos/missing.svg"', "publisher.logo", "does not exist"),
    ('[publisher]\nname = "X"\nlogo = "templates/assets/logos/bad.svg"', "publisher.logo", "bad.svg is refused: scripts"),
    ('[publisher]\nname = "X"\nlogo = "../outside.svg"', "publisher.logo", "must be an .svg file under templates/assets/"),
    ('[publisher]\nname = "X"\nlogo = "templates/assets/logos/logo.png"', "publisher.logo", "must be an .svg file"),
    ('[publisher]\nwebsite = "https://example.org"', "publisher.name", "needs a name"),
    ('[publisher]\nname = "X"\nwebsite = "http://example.org"', "publisher.website", "https://"),
    ('[publisher]\nname = "X"\ncolour = "red"', "publisher.colour", "unknown key"),
    ('[partners.gb]\nname = "X"', "partners.gb", "ISO code"),
    ('[partners.GB]\nline = "X"', "partners.GB.name", "needs a name"),
    ('publisher = "X"', "publisher", "must be a table"),
])
def test_bad_entries_are_errors_naming_the_file_and_place(tmp_path, toml, place, message):
    root = project_with(tmp_path, toml, {"bad.svg": svg("<script/>")})
    with pytest.raises(InputError) as raised:
        load_imprint(root)
    text = str(raised.value)
    assert f"campaign.toml: {place}: error:" in text and message in text, text


def test_invalid_toml_names_the_file(tmp_path):
    with pytest.raises(InputError, match="campaign.toml is not valid TOML"):
        load_imprint(project_with(tmp_path, "[publisher\n"))


def test_the_build_command_stops_on_a_bad_logo_before_building(project_copy):
    (project_copy.root / "campaign.toml").write_text(
        '[publisher]\nname = "X"\nlogo = "templates/assets/missing.svg"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "campaign", "--project",
                          str(project_copy.root), "build", "--country", "GB", "--audience", "teens"],
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert "campaign.toml: publisher.logo: error: the logo file templates/assets/missing.svg does not exist" in run.stderr + run.stdout
    assert not (project_copy.output_dir / "GB").exists()


# -- What prints ---------------------------------------------------------------------

def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_cover_carries_the_logos_and_the_back_panel_the_imprint(project_copy):
    logos = project_copy.templates_dir / "assets" / "logos"
    logos.mkdir()
    shutil.copy(LOGO, logos / "publisher.svg")
    shutil.copy(LOGO, logos / "partner.svg")
    (project_copy.root / "campaign.toml").write_text('''
[publisher]
name = "Example Foundation"
website = "https://example.org"
logo = "templates/assets/logos/publisher.svg"
[partners.FR]
name = "Example Partner"
line = "Avec Example Partner"
logo = "templates/assets/logos/partner.svg"
''', encoding="utf-8")
    builder = EditionBuilder(project_copy, load_registry(project_copy.registry_dir))
    result = builder.build(Edition("FR", "fr_FR", "parents"), BuildOptions())
    assert result.ok, result.error
    text = " ".join(pdf_text(result.path).replace("\u2060", "").split())
    assert "Publié par Example Foundation · example.org" in text
    assert "Édition FR-fr_FR-parents" in text and "Gratuit, ne peut être vendu" in text
    assert "Avec Example Partner" in text
    html = builder.render_html(Edition("FR", "fr_FR", "parents"), builder.catalog("fr_FR"))
    assert 'src="assets/logos/publisher.svg" alt="Example Foundation"' in html
    assert 'src="assets/logos/partner.svg" alt="Example Partner"' in html
    document = laid_out(builder, "FR", "fr_FR", "parents")
    assert "Publié par Example Foundation" in panel_text(document, "slot-back")
    cover = panel_text(document, "slot-cover")
    assert "Avec Example Partner" in cover and "Publié" not in cover and "Gratuit" not in cover


def test_without_a_publisher_the_cover_names_no_organisation(project):
    builder = EditionBuilder(project, load_registry(project.registry_dir))
    html = builder.render_html(Edition("DE", "de_DE", "teens"), builder.catalog("de_DE")).replace("\xa0", " ")
    assert "Herausgegeben vom nationalen Kampagnenpartner" in html
    assert "Kostenlos, nicht zum Verkauf" in html
    assert "publisher-logo" not in html


# -- Where it prints -----------------------------------------------------------------

def panel_lines(document, slot: str) -> list[tuple[float, str, set[str]]]:
    """(bottom, text, classes of its ancestors) of every laid-out line of a panel."""
    found = []

    def walk(box, classes):
        element = getattr(box, "element", None)
        if element is not None and box is not None:
            classes = classes | set((element.get("class") or "").split())
        if type(box).__name__ == "LineBox":
            found.append((box.position_y + box.height, line_text(box, 200), classes))
            return
        for child in getattr(box, "children", ()):
            walk(child, classes)

    for page in document.pages:
        for name, panel in _panels(page._page_box):
            if name == slot:
                walk(panel, set())
    return found


def panel_text(document, slot: str) -> str:
    return " ".join(text for _, text, _ in panel_lines(document, slot))


@pytest.fixture(scope="module")
def builder(project):
    return EditionBuilder(project, load_registry(project.registry_dir))


@pytest.mark.parametrize("country, locale, audience, target_name", [
    ("GB", "en_GB", "teens", "screen"),
    ("IL", "ar_IL", "parents", "screen"),  # right to left
    ("IL", "he_IL", "children", "print"),  # right to left, bleed
    ("TH", "th_TH", "parents", "print"),
])
def test_the_imprint_is_the_foot_of_the_back_panel_and_not_on_the_cover(builder, country, locale, audience, target_name):
    from campaign.targets import target

    edition = Edition(country, locale, audience)
    html = builder.render_html(edition, builder.catalog(locale), target_name, linked=False)
    document = builder.renderer_for(target_name).layout(html, target(target_name).stylesheets)
    code = f"{country}-{locale}-{audience}"
    assert code not in panel_text(document, "slot-cover")
    back = panel_lines(document, "slot-back")
    imprint = [line for line in back if "imprint" in line[2]]
    assert len(imprint) >= 3, back  # publisher, edition and date, free
    assert any(code in text for _, text, _ in imprint)
    # Below everything else on the panel.
    assert min(bottom for bottom, _, _ in imprint) > max(bottom for bottom, _, classes in back
                                                        if "imprint" not in classes)


def test_the_edition_code_is_isolated_from_the_text_around_it(builder):
    """In right-to-left text the date's day would join the code's Latin run
    ("IL-ar_IL-parents، 2" read as one left-to-right run)."""
    html = builder.render_html(Edition("IL", "ar_IL", "parents"), builder.catalog("ar_IL"))
    assert "\u2068IL-ar_IL-parents\u2069" in html
