"""Small helpers for the PDF objects WeasyPrint hands to a finisher (pydyf)."""

from __future__ import annotations


def as_bytes(part) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()


def resolve(pdf, reference):
    """The object a reference (b"12 0 R") points to."""
    return pdf.objects[int(as_bytes(reference).split()[0])]
