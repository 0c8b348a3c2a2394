"""`campaign proof`: one labelled contact sheet of every built leaflet."""

import subprocess

import pytest
from click.testing import CliRunner
from weasyprint import HTML

from campaign.cli import main
from campaign.proof import find_leaflets

KEYS = ["AT/de_AT/children", "AT/de_AT/parents", "KH/km_KH/teens", "KH/en_XA/children"]


def two_page_pdf(label: str) -> bytes:
    """A stand-in leaflet: two landscape A4 pages (outside and inside sheet)."""
    return HTML(string=(
        "<style>@page { size: A4 landscape }</style>"
        f"<p>{label} outside</p><p style='break-before: page'>{label} inside</p>"
    )).write_pdf()


@pytest.fixture
def built(project_copy):
    for key in KEYS:
        path = project_copy.output_dir / f"{key}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(two_page_pdf(key))
    # Not leaflets of the screen target: ignored.
    (project_copy.output_dir / "AT/de_AT/children.print.pdf").write_bytes(two_page_pdf("print"))
    (project_copy.output_dir / "proof.pdf").write_bytes(b"old sheet")
    return project_copy


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), "proof", *args])


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_finds_built_leaflets_in_edition_order(built):
    keys = [leaflet.key for leaflet in find_leaflets(built.output_dir)]
    assert keys == ["AT/de_AT/children", "AT/de_AT/parents", "KH/en_XA/children", "KH/km_KH/teens"]


def test_contact_sheet_shows_every_page_of_every_leaflet_labelled(built):
    result = run(built)
    assert result.exit_code == 0, result.output
    sheet = built.output_dir / "proof.pdf"
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True,
                          check=True).stdout
    for key in KEYS:
        assert key in text  # the label under each leaflet, searchable
    assert text.count("outside") == 4 and text.count("inside") == 4
    images = subprocess.run(["pdfimages", "-list", str(sheet)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) == 8  # a thumbnail of both pages of the four leaflets
    assert pdf_pages(sheet) == 1
    assert "4 leaflets" in result.output


def test_filters_and_output_path(built, tmp_path):
    target = tmp_path / "km.pdf"
    result = run(built, "--country", "kh", "--locale", "km_KH", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "KH/km_KH/teens" in text and "AT/" not in text


def test_print_target_proofs_the_print_files(built, tmp_path):
    target = tmp_path / "print.pdf"
    result = run(built, "--target", "print", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Contact sheet of 1 leaflet:" in result.output


def test_nothing_built_is_a_clear_error(project_copy):
    result = run(project_copy)
    assert result.exit_code == 1
    assert "no built leaflets" in result.output
