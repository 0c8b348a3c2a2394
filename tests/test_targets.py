"""Output targets, checked with independent tools (qpdf, poppler, veraPDF if present).

A few real editions are built once per target (in this process, with one warm
EditionBuilder; test_build.py covers the command line and worker processes):
Latin script on A4 (AT), US Letter (CA, French), right-to-left (IL, Hebrew)
and CJK (JP). Each test then reads the files as a print shop's preflight or a
screen reader would: boxes, output intent, colour spaces, fonts, tags,
language, alternative text, links, bookmarks, and byte-identical rebuilds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image

from campaign.build import EditionBuilder
from campaign.cli import main
from campaign.editions import Edition
from campaign.errors import CampaignError
from campaign.options import BuildOptions
from campaign.registry import load_registry
from campaign.targets import TARGET_NAMES, TARGETS, document_identifier
from pdfcheck import PdfObjects, boxes, fonts, info, qpdf_check, text, uncompressed

EDITIONS = [("AT", "de_AT"), ("CA", "fr_CA"), ("IL", "he_IL"), ("JP", "ja_JP")]
AUDIENCE = "parents"  # the most services, so the most links and QR codes
A4 = (0.0, 0.0, 841.89, 595.28)
LETTER = (0.0, 0.0, 792.0, 612.0)
BLEED = 8.50  # 3 mm in points, as pdfinfo rounds it
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def build_all(project):
    """Build EDITIONS of AUDIENCE for every target with one warm builder, dated SOURCE_DATE_EPOCH."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        builder = EditionBuilder(project, load_registry(project.registry_dir))
        for target in TARGET_NAMES:
            for country, locale in EDITIONS:
                edition = Edition(country, locale, AUDIENCE)
                result = builder.build(edition, BuildOptions(target=target))
                assert result.ok, result.error


@pytest.fixture(scope="module")
def built(module_project_copy):
    """The project copy with every edition of EDITIONS built for every target."""
    build_all(module_project_copy)
    return module_project_copy


def pdf(project, country, locale, target):
    return project.output_dir / country / locale / f"{AUDIENCE}{TARGETS[target].suffix}"


def page_box(country):
    return LETTER if country == "CA" else A4


def all_pdfs(project, target):
    return [(country, pdf(project, country, locale, target)) for country, locale in EDITIONS]


# --- Every target


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_qpdf_finds_no_errors(built, target):
    for _, path in all_pdfs(built, target):
        assert "No syntax or stream encoding errors" in qpdf_check(path)


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_every_font_is_embedded_and_subset(built, target):
    for _, path in all_pdfs(built, target):
        found = fonts(path)
        assert found, f"{path} has no fonts"
        for font in found:
            assert font.embedded and font.subset and font.unicode, f"{path}: {font}"


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_title_language_and_dates_from_source_date_epoch(built, target):
    for country, locale in EDITIONS:
        path = pdf(built, country, locale, target)
        objects = PdfObjects(path)
        assert text(objects.catalog["/Lang"]) == locale.replace("_", "-")
        details = info(path)
        assert details["Title"], path
        assert details["CreationDate"] == details["ModDate"]
        assert "2026" in details["CreationDate"] and "Jan  1" in details["CreationDate"], details


# --- screen: PDF/UA-1


def test_screen_is_tagged_pdf_ua(built):
    for country, locale in EDITIONS:
        path = pdf(built, country, locale, "screen")
        objects = PdfObjects(path)
        catalog = objects.catalog
        assert "/StructTreeRoot" in catalog
        assert catalog["/MarkInfo"]["/Marked"] is True
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] is True
        assert b"pdfuaid:part" in uncompressed(path, built.root)


def test_screen_panels_are_sections_in_reading_order_with_one_bookmark_each(built):
    for country, locale in EDITIONS:
        objects = PdfObjects(pdf(built, country, locale, "screen"))
        sections = [e for e in objects.struct_elements() if e["/S"] == "/Sect"]
        assert len(sections) == 6
        # Each panel is a section whose first heading is its title: cover (H1) first.
        headings = [
            next(e["/S"] for e in objects.descendants(section) if re.fullmatch(r"/H\d", e["/S"]))
            for section in sections
        ]
        assert headings == ["/H1"] + ["/H2"] * 5, headings
        bookmarks = objects.outline_titles()
        assert len(bookmarks) == 6
        assert bookmarks[0] == info(pdf(built, country, locale, "screen"))["Title"]


def test_screen_figures_have_alt_text_and_qr_codes_say_where_they_lead(built):
    for country, locale in EDITIONS:
        objects = PdfObjects(pdf(built, country, locale, "screen"))
        figures = [e for e in objects.struct_elements() if e["/S"] == "/Figure"]
        alts = [text(figure.get("/Alt", "u:")) for figure in figures]
        assert all(alt.strip() for alt in alts), alts
        links = objects.links()
        uris = [uri for uri, _ in links]
        assert uris and all(uri.startswith("https://") for uri in uris)
        assert all(description for _, description in links), "links need /Contents (PDF/UA)"
        # The cover picture, then one QR code per web address, each naming it
        # (chat addresses are links without a QR code; host names ignore case).
        qr_alts = [alt.casefold() for alt in alts[1:]]
        addresses = [re.sub(r"^https://(www\.)?", "", uri).rstrip("/").casefold() for uri in uris]
        assert qr_alts and len(qr_alts) <= len(uris)
        for alt in qr_alts:
            assert any(address in alt for address in addresses), (alt, addresses)


def test_screen_decorative_icons_are_not_figures(built):
    objects = PdfObjects(pdf(built, "AT", "de_AT", "screen"))
    figures = [e for e in objects.struct_elements() if e["/S"] == "/Figure"]
    assert len(figures) == 1 + len(objects.link_uris())


def test_screen_panel_headings_tag_nothing_but_the_heading(built):
    """A panel heading is an icon and an H2 on one line; whitespace in that
    line would be tagged as an extra span of text next to the heading, and
    the icon is decoration, so it leaves no (empty) structure element."""
    objects = PdfObjects(pdf(built, "IL", "he_IL", "screen"))
    rows = [e for e in objects.struct_elements() if any(k["/S"] == "/H2" for k in objects._kids(e))]
    assert len(rows) == 5
    for row in rows:
        assert [k["/S"] for k in objects._kids(row)] == ["/H2"]


# --- print: PDF/X-4


def test_print_boxes_trim_to_the_page_with_3mm_bleed(built):
    for country, path in all_pdfs(built, "print"):
        found = boxes(path)
        trim = page_box(country)
        assert found["TrimBox"] == pytest.approx(trim, abs=0.01)
        bled = (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED)
        assert found["MediaBox"] == pytest.approx(bled, abs=0.01)
        assert found["BleedBox"] == pytest.approx(bled, abs=0.01)


@pytest.mark.parametrize("target", ["screen", "archive"])
def test_screen_and_archive_have_no_bleed(built, target):
    for country, path in all_pdfs(built, target):
        found = boxes(path)
        assert found["MediaBox"] == found["TrimBox"] == pytest.approx(page_box(country), abs=0.01)


def test_print_output_intent_is_the_shipped_cmyk_profile(built):
    profile = built.templates_dir / "assets" / "icc" / "ISOcoated_v2_300_bas.icc"
    for _, path in all_pdfs(built, "print"):
        objects = PdfObjects(path)
        (intent,) = objects.resolve(objects.catalog["/OutputIntents"])
        assert intent["/S"] == "/GTS_PDFX"
        assert text(intent["/OutputConditionIdentifier"]) == "FOGRA39"
        assert objects.resolve(intent["/DestOutputProfile"])["/N"] == 4
        data = uncompressed(path, built.root)
        assert b"ISO Coated v2 300% (basICColor)" in data  # the profile's description
        assert profile.read_bytes()[128:256] in data  # its tag table, unchanged
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4<" in data
        assert info(path)["PDF version"] == "1.6"


def test_print_has_no_rgb_colour(built):
    """No DeviceRGB colour space or RGB operator: WeasyPrint #2723 and our own colours."""
    for _, path in all_pdfs(built, "print"):
        data = uncompressed(path, built.root)
        assert b"/DeviceRGB" not in data
        assert b"/CalRGB" not in data
        assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)\s", data)
        assert re.search(rb"\s[\d.]+ [\d.]+ [\d.]+ [\d.]+ (sc|scn|k)\s", data), "no CMYK colour?"


def test_print_backgrounds_run_into_the_bleed(built):
    """Corners of the sheet, outside the trim: paper colour or cover, never white."""
    for country, locale in [("AT", "de_AT"), ("IL", "he_IL")]:
        path = pdf(built, country, locale, "print")
        out = built.root / f"bleed-{country}"
        subprocess.run(["pdftoppm", "-r", "36", "-png", "-f", "1", "-l", "1", str(path), str(out)],
                       check=True)
        image = Image.open(next(built.root.glob(f"bleed-{country}*.png"))).convert("RGB")
        # One pixel in from the edge: the last column is partly outside the page.
        width, height = image.size[0] - 1, image.size[1] - 1
        corners = [(1, 1), (width - 1, 1), (1, height - 1), (width - 1, height - 1)]
        for corner in corners:
            assert image.getpixel(corner) != (255, 255, 255), (country, corner)
        # The cover's colour reaches the outer edge: right in LTR, left in RTL.
        cover_edge = (1, height // 2) if country == "IL" else (width - 1, height // 2)
        inner_edge = (width - 1, height // 2) if country == "IL" else (1, height // 2)
        assert image.getpixel(cover_edge) != image.getpixel(inner_edge)


def test_crop_and_fold_marks_only_with_marks(built, project_copy, tmp_path):
    import pikepdf

    from campaign.pdf_checks import check_marks

    with pikepdf.open(pdf(built, "AT", "de_AT", "print")) as plain:
        assert check_marks(plain).detail == "no marks"
    result = CliRunner().invoke(main, [
        "--project", str(project_copy.root), "build", "--country", "AT", "--locale", "de_AT",
        "--audience", AUDIENCE, "--target", "print", "--marks",
    ])
    assert result.exit_code == 0, result.output
    path = pdf(project_copy, "AT", "de_AT", "print")
    with pikepdf.open(path) as marked:
        check = check_marks(marked)
        # 8 crop marks and 2 fold marks at each of 2 folds, on both pages
        assert check.ok and check.detail == "24 marks", check
    found = boxes(path)
    assert found["TrimBox"] == pytest.approx(A4, abs=0.01)
    bled = (-BLEED, -BLEED, A4[2] + BLEED, A4[3] + BLEED)
    assert found["BleedBox"] == pytest.approx(bled, abs=0.01)
    # the MediaBox holds the marks: 6 mm from the trim, 5 mm long, 1 mm spare
    assert found["MediaBox"] == pytest.approx((-34.02, -34.02, 875.91, 629.29), abs=0.01)
    marked_data = uncompressed(path, tmp_path)
    assert re.search(rb"/Separation\s+/All\s", marked_data)
    assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)\s", marked_data)


def test_marks_need_a_target_they_apply_to(built):
    assert [target.name for target in TARGETS.values() if target.marks_apply] == ["print"]
    with pytest.raises(CampaignError, match="--marks needs --target print"):
        BuildOptions(target="screen", marks=True)
    result = CliRunner().invoke(main, ["--project", str(built.root), "build", "--marks"])
    assert result.exit_code == 2
    assert "--marks needs --target print" in result.output


# --- archive: PDF/A-3u


def test_archive_is_pdf_a_3u_with_srgb_intent(built):
    for _, path in all_pdfs(built, "archive"):
        objects = PdfObjects(path)
        (intent,) = objects.resolve(objects.catalog["/OutputIntents"])
        assert intent["/S"] == "/GTS_PDFA1"
        assert objects.resolve(intent["/DestOutputProfile"])["/N"] == 3
        data = uncompressed(path, built.root)
        assert re.search(rb'pdfaid:part="3"', data) and re.search(rb'pdfaid:conformance="U"', data)
        assert "/StructTreeRoot" in objects.catalog


# --- Reproducibility


def test_a_build_elsewhere_gives_identical_bytes(built, tmp_path):
    """A fresh build in another folder (another machine) matches byte for byte."""
    from campaign.project import Project

    other = tmp_path / "elsewhere"
    for name in ("registry", "templates", "locales"):
        shutil.copytree(built.root / name, other / name)
    elsewhere = Project(other)
    build_all(elsewhere)
    for target in TARGET_NAMES:
        for country, locale in EDITIONS:
            first = pdf(built, country, locale, target).read_bytes()
            assert pdf(elsewhere, country, locale, target).read_bytes() == first, (country, target)


def test_document_identifier_is_stable_per_edition_and_target(built):
    path = pdf(built, "AT", "de_AT", "print")
    trailer_id = PdfObjects(path).trailer["/ID"]
    expected = document_identifier(f"AT/de_AT/{AUDIENCE}", "print")
    assert text(trailer_id[0]) == expected
    assert f"xmp.did:{expected[:8]}".encode() in uncompressed(path, built.root)
    assert document_identifier("AT/de_AT/parents", "screen") != expected


# --- veraPDF (PDF/UA-1 and PDF/A-3u), when it is installed


def verapdf(flavour: str, path):
    completed = subprocess.run(
        ["verapdf", "--format", "json", "--flavour", flavour, str(path)],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    return report["report"]["jobs"][0]["validationResult"]


@pytest.mark.skipif(
    shutil.which("verapdf") is None,
    reason="veraPDF is not installed: no package of it on PyPI, npm or Debian (see docs/output-targets.md)",
)
@pytest.mark.parametrize("target, flavour", [("screen", "ua1"), ("archive", "3u")])
def test_verapdf_validates(built, target, flavour):
    for _, path in all_pdfs(built, target):
        results = verapdf(flavour, path)
        results = results if isinstance(results, list) else [results]
        for result in results:
            failed = [rule for rule in result["details"].get("ruleSummaries", [])]
            assert result["compliant"], f"{path} ({flavour}): {failed[:5]}"


# --- Print layout matches screen layout


def _cover_content_box(builder, edition, target):
    catalog = builder.catalog(edition.locale)
    html = builder.render_html(edition, catalog, target)
    document = builder.renderer_for(target).layout(html)
    for box in document.pages[0]._page_box.descendants():
        if box.element_tag == "section" and "slot-cover" in box.element.get("class", ""):
            return (round(box.content_box_x(), 2), round(box.content_box_y(), 2),
                    round(box.width, 2), round(box.height, 2))
    raise AssertionError("no cover panel")


@pytest.mark.parametrize("country, locale", [("AT", "de_AT"), ("IL", "he_IL")])
def test_print_cover_bleeds_without_moving_its_content(project, country, locale):
    """print.css grows the cover into the bleed and its padding by as much."""
    builder = EditionBuilder(project, load_registry(project.registry_dir))
    edition = Edition(country, locale, AUDIENCE)
    assert _cover_content_box(builder, edition, "print") == _cover_content_box(
        builder, edition, "screen")
