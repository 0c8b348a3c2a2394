"""`campaign preflight` on a sample of every script and target, and each check failing for real.

The sample is built once through the command line: Latin with hyphenation
(German), Greek, Cyrillic, Vietnamese, Armenian, Georgian, Hebrew, Arabic,
Japanese, Korean, Khmer and Thai, each as screen, print (with marks) and
archive PDF. Preflight must pass on all of them; then copies of the files
are broken one way at a time (with pikepdf) and the matching check must fail.
Independent readers (poppler's pdftotext) confirm the text layer.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from campaign.cli import main
from campaign.pdf_checks import check_boxes, check_marks, check_print_colour, check_subset_names
from campaign.preflight import Expected, expected_for, preflight_file
from campaign.pdf_text import structure_elements
from campaign.text_layer import SOFT_HYPHEN, logical_text

SAMPLE = [
    ("DE", "de_DE"), ("GR", "el_GR"), ("UA", "uk_UA"), ("VN", "vi_VN"), ("AM", "hy_AM"),
    ("GE", "ka_GE"), ("IL", "he_IL"), ("IL", "ar_IL"), ("JP", "ja_JP"), ("KR", "ko_KR"),
    ("KH", "km_KH"), ("TH", "th_TH"),
]
AUDIENCE = "parents"  # the most services, so the most links and QR codes
SUFFIX = {"screen": ".pdf", "print": ".print.pdf", "archive": ".archive.pdf"}
SOURCE_DATE_EPOCH = "1767225600"


@pytest.fixture(scope="module")
def sample(module_project_copy):
    project = module_project_copy
    selection = []
    for country, locale in SAMPLE:
        selection += ["--country", country, "--locale", locale]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        for target, extra in (("screen", []), ("print", ["--marks"]), ("archive", [])):
            result = CliRunner().invoke(main, ["--project", str(project.root), "build", *selection,
                                               "--audience", AUDIENCE, "--target", target, *extra])
            assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def source_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def path_of(project, country, locale, target) -> Path:
    return project.output_dir / country / locale / f"{AUDIENCE}{SUFFIX[target]}"


def preflight_cli(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), "preflight", *args])


@pytest.fixture(scope="module")
def builder(sample):
    from campaign.build import EditionBuilder
    from campaign.registry import load_registry

    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        return EditionBuilder(sample, load_registry(sample.registry_dir))


def expected(builder, country, locale, target="screen") -> Expected:
    from campaign.editions import Edition

    return expected_for(Edition(country, locale, AUDIENCE), target, builder)


def broken_copy(sample, tmp_path, country, locale, target, change) -> Path:
    """A copy of a sample file, at the same <country>/<locale>/ place, changed by `change(pdf)`."""
    source = path_of(sample, country, locale, target)
    destination = tmp_path / country / locale / source.name
    destination.parent.mkdir(parents=True)
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(destination)
    return destination


def failed_checks(report) -> dict[str, str]:
    return {check.name: check.detail for check in report.failures()}


# --- The sample passes


def test_preflight_passes_every_script_and_target(sample, source_date):
    result = preflight_cli(sample)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("ok", "FAIL"))]
    assert len(lines) == len(SAMPLE) * 3
    assert all(line.startswith("ok") for line in lines)
    assert f"Checked {len(SAMPLE) * 3} files: {len(SAMPLE) * 3} passed, 0 failed." in result.output


def test_json_names_every_check(sample, source_date):
    result = preflight_cli(sample, "--country", "TH", "--format", "json")
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert {r["target"] for r in reports} == {"screen", "print", "archive"}
    names = {r["target"]: {c["name"] for c in r["checks"]} for r in reports}
    assert "text layer = source text" in names["screen"]
    assert "link structure" in names["screen"] and "link structure" not in names["print"]
    assert "CMYK, small text on one ink" in names["print"]
    assert "PDF/A-3u identification in XMP" in names["archive"]
    qr = next(c for c in reports[0]["checks"] if c["name"].startswith("QR codes"))
    assert qr["ok"] and re.match(r"\d+ QR codes", qr["detail"])


def test_paths_and_target_filter(sample, source_date):
    result = preflight_cli(sample, str(sample.output_dir / "KH"), "--target", "print")
    assert result.exit_code == 0, result.output
    assert "Checked 1 file: 1 passed, 0 failed." in result.output


def test_nothing_built_is_an_error(project_copy):
    result = preflight_cli(project_copy)
    assert result.exit_code == 1
    assert "no built leaflet to check" in result.output


def test_a_pdf_outside_the_output_layout_is_refused(sample, tmp_path):
    stray = tmp_path / "leaflet.pdf"
    shutil.copy(path_of(sample, "DE", "de_DE", "screen"), stray)
    result = preflight_cli(sample, str(stray))
    assert result.exit_code == 1
    assert "not in <country>/<locale>/<audience>.pdf form" in result.output \
        or "not a leaflet of the registry" in result.output


def test_edition_of_a_path_knows_pseudo_locales_and_refuses_strangers(project):
    from campaign.editions import Edition
    from campaign.errors import CampaignError
    from campaign.preflight import edition_of
    from campaign.registry import load_registry

    registry = load_registry(project.registry_dir)
    assert edition_of(Path("out/DE/en_XA/teens.print.pdf"), registry) == \
        Edition("DE", "en_XA", "teens")
    assert edition_of(Path("out/IL/he_IL/children.pdf"), registry) == \
        Edition("IL", "he_IL", "children")
    for stranger in ("out/DE/fr_FR/teens.pdf", "out/ZZ/de_DE/teens.pdf", "out/DE/de_DE/pupils.pdf"):
        with pytest.raises(CampaignError, match="not a leaflet of the registry"):
            edition_of(Path(stranger), registry)


def test_an_unknown_filter_value_is_an_error(sample):
    result = preflight_cli(sample, "--country", "ZZ")
    assert result.exit_code == 1 and "unknown country ZZ" in result.output


# --- The text layer, read by an independent tool too


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("target", ["screen", "print", "archive"])
def test_thai_aa_and_am_read_back_apart(sample, target):
    text = pdftotext(path_of(sample, "TH", "th_TH", target))
    assert "ความ" in text and "ควำม" not in text


@pytest.mark.parametrize("locale, country_name",
                         [("he_IL", "ישראל"), ("ar_IL", "إسرائيل")])
def test_right_to_left_reads_in_logical_order_for_poppler_too(sample, locale, country_name):
    """The structure carries the logical text; poppler reorders the glyphs itself."""
    text = pdftotext(path_of(sample, "IL", locale, "screen"))
    assert country_name in text and country_name[::-1] not in text


def test_khmer_clusters_read_back(sample):
    assert "កុមារ" in pdftotext(path_of(sample, "KH", "km_KH", "screen"))


def test_break_hyphens_are_soft(sample):
    with pikepdf.open(path_of(sample, "DE", "de_DE", "screen")) as pdf:
        from campaign.pdf_text import read_text_layer

        text = read_text_layer(pdf).reading_text()
    assert SOFT_HYPHEN in text and "\u2010" not in text


def test_logical_text_turns_only_a_break_hyphen_soft():
    class Box:
        def __init__(self, text, hyphens="auto"):
            self.text = text
            self.style = {"hyphenate_character": "\u2010", "hyphens": hyphens}

    assert logical_text(Box("Erpres\u2010")) == "Erpres" + SOFT_HYPHEN
    assert logical_text(Box("Erpres\u2010", hyphens="none")) == "Erpres\u2010"
    assert logical_text(Box("E-")) == "E-"  # a real hyphen stays


def test_no_empty_structure_elements_and_markers_are_artifacts(sample):
    from campaign.pdf_text import read_text_layer

    with pikepdf.open(path_of(sample, "DE", "de_DE", "screen")) as pdf:
        layer = read_text_layer(pdf)
    # the step numbers of the "what to do" list are drawn, as artifacts
    assert re.search(r"1.*2.*3", layer.artifact_text)


def test_subset_names_differ_with_the_glyph_set(sample):
    from campaign.pdf_checks import glyph_sets

    names = {}
    for country, locale in SAMPLE:
        for name in glyph_sets(path_of(sample, country, locale, "print")):
            names.setdefault(name.split("+")[1], set()).add(name)
    assert len(names["Noto-Sans"]) > 1  # every edition draws other letters


# --- Each check fails when what it checks is broken


def test_text_check_fails_without_actual_text(sample, builder, tmp_path):
    def drop_actual_text(pdf):
        for page in pdf.pages:
            instructions = pikepdf.parse_content_stream(page)
            for operands, operator in instructions:
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    if "/ActualText" in operands[1]:
                        del operands[1]["/ActualText"]
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        for element in structure_elements(pdf):
            if "/ActualText" in element:
                del element["/ActualText"]

    path = broken_copy(sample, tmp_path, "IL", "he_IL", "screen", drop_actual_text)
    report = preflight_file(path, expected(builder, "IL", "he_IL"))
    detail = failed_checks(report)["text layer = source text"]
    assert "strings read back right" in detail


def test_unicode_check_fails_on_an_empty_mapping(sample, builder, tmp_path):
    def empty_one_mapping(pdf):
        for name, font in pdf.pages[0].Resources.Font.items():
            cmap = font.ToUnicode.read_bytes()
            broken = re.sub(rb"(beginbfchar\s*<[0-9a-fA-F]+>\s*)<[0-9a-fA-F]+>", rb"\1<>", cmap,
                            count=1)
            font.ToUnicode.write(broken)
            return

    path = broken_copy(sample, tmp_path, "DE", "de_DE", "archive", empty_one_mapping)
    report = preflight_file(path, expected(builder, "DE", "de_DE", "archive"))
    assert "without Unicode value" in failed_checks(report)["unicode value for every glyph"]


def test_qr_check_fails_on_another_address(sample, builder):
    wanted = replace(expected(builder, "DE", "de_DE"), qr_addresses=["https://example.org/"])
    report = preflight_file(path_of(sample, "DE", "de_DE", "screen"), wanted)
    assert "registry ['https://example.org/']" in failed_checks(report)[
        "QR codes decode to the registry's addresses"]


def test_reproducibility_check_fails_on_another_date(sample, builder):
    from datetime import datetime, timezone

    wanted = replace(expected(builder, "DE", "de_DE"),
                     source_date=datetime(2020, 1, 1, tzinfo=timezone.utc))
    report = preflight_file(path_of(sample, "DE", "de_DE", "screen"), wanted)
    assert "D:20200101000000" in failed_checks(report)["reproducible (dates, /ID)"]


def test_link_check_fails_without_a_description(sample, tmp_path):
    def drop_contents(pdf):
        for annotation in pdf.pages[0].obj.Annots:
            if annotation.get("/Subtype") == "/Link":
                del annotation["/Contents"]
                return

    path = broken_copy(sample, tmp_path, "DE", "de_DE", "screen", drop_contents)
    assert "has no /Contents" in failed_checks(preflight_file(path, None))["link structure"]


def test_empty_element_check_fails_on_an_empty_span(sample, tmp_path):
    def add_empty_span(pdf):
        document = pdf.Root.StructTreeRoot.K[0]
        span = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, P=document, K=pikepdf.Array()))
        document.K.append(span)

    path = broken_copy(sample, tmp_path, "DE", "de_DE", "screen", add_empty_span)
    assert failed_checks(preflight_file(path, None))["no empty structure elements"] == "1 Span"


def test_tag_check_fails_without_language(sample, tmp_path):
    def drop_language(pdf):
        del pdf.Root["/Lang"]

    path = broken_copy(sample, tmp_path, "JP", "ja_JP", "archive", drop_language)
    assert "no /Lang" in failed_checks(preflight_file(path, None))["tags, language, title"]


def test_output_intent_check_fails_without_one(sample, tmp_path):
    def drop_intent(pdf):
        del pdf.Root["/OutputIntents"]

    path = broken_copy(sample, tmp_path, "DE", "de_DE", "print", drop_intent)
    assert "no GTS_PDFX" in failed_checks(preflight_file(path, None))["PDF/X output intent"]


def test_cli_reports_a_failure_and_exits_1(sample, tmp_path, source_date):
    def drop_bleed_box(pdf):
        for page in pdf.pages:
            del page.obj["/BleedBox"]

    path = broken_copy(sample, tmp_path, "KR", "ko_KR", "print", drop_bleed_box)
    result = preflight_cli(sample, str(path))
    assert result.exit_code == 1
    assert re.search(r"FAIL .*print .*boxes and bleed: page 1: TrimBox or BleedBox missing",
                     result.output)


# --- Checks on small hand-made PDFs


def one_page_pdf(content: bytes, resources=None, **boxes) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    page.obj.Resources = resources or pikepdf.Dictionary()
    for name, box in boxes.items():
        page.obj[f"/{name}"] = pikepdf.Array(box)
    return pdf


def test_small_text_on_four_inks_fails_and_on_black_passes():
    four = one_page_pdf(b"BT /F1 9 Tf 0.2 0.3 0.1 0.9 k (x) Tj ET")
    assert "small text on several inks (e.g. 9.0 pt in CMYK)" in check_print_colour(four).detail
    black = one_page_pdf(b"BT /F1 9 Tf 0 0 0 1 k (x) Tj ET")
    assert check_print_colour(black).ok
    large = one_page_pdf(b"BT /F1 9 Tf 2 0 0 2 0 0 Tm 0.2 0.3 0.1 0.9 k (x) Tj ET")
    assert check_print_colour(large).ok  # 18 pt: colour is fine


def test_rgb_fails_in_print():
    check = check_print_colour(one_page_pdf(b"1 0 0 rg 0 0 10 10 re f"))
    assert not check.ok and "1 RGB colour settings" in check.detail


def registration_resources():
    registration = pikepdf.Array([
        pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK,
        pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1),
    ])
    return pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(R=registration))


def test_marks_inside_the_bleed_or_in_four_inks_fail():
    boxes = {"MediaBox": [0, 0, 200, 200], "BleedBox": [30, 30, 170, 170],
             "TrimBox": [38.5, 38.5, 161.5, 161.5]}

    def page(content):
        return one_page_pdf(content, registration_resources(), **boxes)

    assert check_marks(page(b"/R CS 1 SCN 0 38.5 m 20 38.5 l S")).ok
    assert "inside the bleed" in check_marks(page(b"/R CS 1 SCN 25 38.5 m 45 38.5 l S")).detail
    assert "four inks" in check_marks(page(b"1 1 1 1 K 0 38.5 m 20 38.5 l S")).detail


def test_bleed_of_less_than_3mm_fails():
    pdf = one_page_pdf(b"", MediaBox=[0, 0, 200, 200], BleedBox=[5, 5, 195, 195],
                       TrimBox=[8, 8, 192, 192])
    assert "less than 3 mm" in check_boxes(pdf).detail


def test_one_subset_name_for_two_glyph_sets_fails():
    checks = check_subset_names({Path("a.pdf"): {"/ABCDEF+Noto-Sans": "1"},
                                 Path("b.pdf"): {"/ABCDEF+Noto-Sans": "2"},
                                 Path("c.pdf"): {"/GHIJKL+Noto-Sans": "3"}})
    assert not checks[Path("a.pdf")].ok and not checks[Path("b.pdf")].ok
    assert checks[Path("c.pdf")].ok
