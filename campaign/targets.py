"""Output targets: what kind of PDF a build writes.

- screen (default): tagged, accessible PDF/UA-1 for publishing online;
- print: PDF/X-4 for print shops;
- archive: PDF/A-3u for long-term keeping.
"""

from __future__ import annotations

TARGETS = ("screen", "print", "archive")

PDF_VARIANTS = {
    "screen": "pdf/ua-1",
    "print": "pdf/x-4",
    "archive": "pdf/a-3u",
}


def stylesheets(target: str, marks: bool = False) -> list[str]:
    """Extra CSS (as strings) the target adds on top of the leaflet's own."""
    return []


def pdf_options(target: str) -> dict:
    """Keyword options for WeasyPrint's write_pdf for this target."""
    return {"pdf_variant": PDF_VARIANTS[target]}
