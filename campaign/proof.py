"""Contact sheet: every page of every built leaflet, small and labelled.

Two hundred leaflets cannot be opened one by one, but wrong faces, tofu,
unmirrored panels, clipped text or a missing help panel show at thumbnail
size. `make_proof` renders each PDF in output/ to JPEG thumbnails with
poppler's pdftoppm and lays them out in a PDF, one cell per edition (outside
and inside sheet side by side, the edition key underneath), so a reviewer can
scan the lot and zoom in where something looks wrong. Labels are real text,
so a PDF viewer's search finds an edition ("KH/km_KH").
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from campaign.atomic import write_atomically
from campaign.audiences import AUDIENCE_NAMES
from campaign.copyfit import fit_report
from campaign.editions import Edition, Selection
from campaign.errors import CampaignError
from campaign.layout_checks import PANEL_NAMES

# 40 dpi keeps a page about 470 px wide: enough to zoom in on a problem,
# small enough for a 200-leaflet sheet of a few megabytes.
THUMBNAIL_DPI = 40
PAGE_NAMES = ("outside", "inside")


@dataclass(frozen=True)
class Leaflet:
    key: str  # country/locale/audience
    path: Path


def find_leaflets(output_dir: Path, selection: Selection = Selection(),
                  suffix: str = ".pdf") -> list[Leaflet]:
    """Built leaflets under `output_dir` that `selection` matches:
    <country>/<locale>/<audience><suffix> (the suffix of a targets.Target)."""
    found = []
    for path in output_dir.glob(f"*/*/*{suffix}"):
        audience = path.name[: -len(suffix)]
        if audience not in AUDIENCE_NAMES:
            continue  # e.g. children.print.pdf when proofing the screen target
        edition = Edition(path.parent.parent.name, path.parent.name, audience)
        if selection.matches(edition):
            found.append(Leaflet(edition.key, path))
    order = {audience: index for index, audience in enumerate(AUDIENCE_NAMES)}
    return sorted(found, key=lambda leaflet: (leaflet.path.parent, order[leaflet.key.rsplit("/", 1)[1]]))


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def thumbnails(pdf: Path, dpi: int = THUMBNAIL_DPI) -> list[bytes]:
    """One JPEG per page of `pdf`."""
    with tempfile.TemporaryDirectory(prefix="campaign-proof-") as folder:
        try:
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-jpeg", "-jpegopt", "quality=80",
                 str(pdf), str(Path(folder) / "page")],
                check=True, capture_output=True, timeout=120,
            )
        except subprocess.CalledProcessError as error:
            raise CampaignError(
                f"pdftoppm could not read {pdf}: {error.stderr.decode(errors='replace').strip()}"
            ) from None
        pages = sorted(Path(folder).glob("page-*.jpg"), key=_page_number)
        return [page.read_bytes() for page in pages]


STYLE = """
@page { size: A4 landscape; margin: 9mm 8mm 10mm;
        @top-left { content: string(title); font-size: 8pt; color: #3c4a54; }
        @bottom-right { content: "page " counter(page) " of " counter(pages);
                        font-size: 8pt; color: #3c4a54; } }
html { font-family: "Noto Sans", sans-serif; font-size: 8pt; color: #1e2a32; }
body { margin: 0; orphans: 1; widows: 1; }  /* rows of cells are lines: fill each page */
h1 { string-set: title content(); font-size: 10pt; margin: 0 0 2mm; }
.edition { display: inline-block; vertical-align: top; width: 89mm;
           margin: 0 4.5mm 2.5mm 0; break-inside: avoid; }
figure { display: inline-block; vertical-align: top; margin: 0; width: 43mm; }
figure + figure { margin-left: 1.5mm; }
img { display: block; width: 100%; border: 0.2mm solid #9aa5ad; box-sizing: border-box; }
figcaption { font-size: 6.5pt; line-height: 1.1; color: #3c4a54; }
.key { font-weight: 700; font-size: 8.5pt; line-height: 1.2; margin: 0.3mm 0 0; }
.fit { font-size: 6.5pt; line-height: 1.1; color: #3c4a54; margin: 0; }
"""


def _cell(leaflet: Leaflet, pages: list[bytes]) -> str:
    figures = []
    for index, jpeg in enumerate(pages):
        name = PAGE_NAMES[index] if index < len(PAGE_NAMES) else f"extra page {index + 1}"
        source = "data:image/jpeg;base64," + b64encode(jpeg).decode("ascii")
        figures.append(
            f'<figure><img src="{source}" alt="{html.escape(leaflet.key)} {name}">'
            f"<figcaption>{name}</figcaption></figure>"
        )
    return (
        f'<div class="edition">{"".join(figures)}'
        f'<p class="key">{html.escape(leaflet.key)}</p>{_fit_line(leaflet)}</div>'
    )


def _fit_line(leaflet: Leaflet) -> str:
    """The edition's type scale and how full each panel is (copyfit.py)."""
    report = fit_report(leaflet.path)
    if not report:
        return '<p class="fit">not copyfitted</p>'
    fills = report.get("fills", {})
    panels = " ".join(f"{fills[slot]:.0%}" for slot in PANEL_NAMES if slot in fills)
    scale, help_scale = report["scale"], report.get("help_scale", report["scale"])
    own = f" (help panel {help_scale:.2f}×)" if help_scale < scale else ""
    return (f'<p class="fit">type {scale:.2f}×{own} · panels full '
            f'{html.escape(panels)} (cover, flap, back, inside 1–3)</p>')


def proof_html(cells: list[str], title: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><h1>{html.escape(title)}</h1>{"".join(cells)}</body></html>'
    )


def make_proof(leaflets: list[Leaflet], target: Path, templates_dir: Path, jobs: int = 4) -> Path:
    """Write the contact sheet of `leaflets` to `target` (PDF); returns `target`."""
    if not leaflets:
        raise CampaignError("no built leaflets to proof; run `campaign build` first")
    if not shutil.which("pdftoppm"):
        raise CampaignError(
            "pdftoppm is missing; install poppler-utils (sudo apt-get install poppler-utils)"
        )
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pages = list(pool.map(lambda leaflet: thumbnails(leaflet.path), leaflets))
    cells = [_cell(leaflet, leaflet_pages) for leaflet, leaflet_pages in zip(leaflets, pages)]
    title = f"Leaflet proof: {len(leaflets)} editions, {date.today().isoformat()}"
    write_atomically(target, _render_pdf(proof_html(cells, title), templates_dir))
    return target


def _render_pdf(document_html: str, templates_dir: Path) -> bytes:
    # The sheet uses only data: URLs; the confined fetcher refuses anything else.
    from weasyprint import HTML

    from campaign.render import ConfinedURLFetcher

    return HTML(string=document_html, url_fetcher=ConfinedURLFetcher(templates_dir)).write_pdf()
