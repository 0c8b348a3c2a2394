"""Finishing steps for a PDF after WeasyPrint made it and before it is written.

Each output target (targets.py) names the steps it needs; `stable_xmp_document_id`
runs for every target, to keep builds reproducible. The text layer
(text_layer.py) and the print marks (print_marks.py) are finished there too.
"""

from __future__ import annotations

import re
import uuid

import pydyf

from campaign.errors import CampaignError
from campaign.pdf_objects import as_bytes, resolve

# The print profile (templates/assets/icc/) and the characterised printing
# condition it was made for, as registered with the ICC. Print shops read the
# output intent's identifier, not the profile's name.
PRINT_CONDITION = {
    "OutputConditionIdentifier": "FOGRA39",
    "OutputCondition": "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 "
    "(coated art), 115 g/m2, screen ruling 60/cm",
    "RegistryName": "http://www.color.org",
    "Info": "ISO Coated v2 300% (basICColor)",
}


def describe_print_condition(pdf) -> None:
    """Name the output intent's printing condition (WeasyPrint uses the profile's name)."""
    intents = pdf.catalog.get("OutputIntents")
    if not intents:
        raise CampaignError("the print PDF has no output intent: is the @color-profile missing?")
    for intent in intents:
        for key, value in PRINT_CONDITION.items():
            intent[key] = pydyf.String(value)


def describe_links(pdf) -> None:
    """PDF/UA-1 (ISO 14289-1, 7.18.5) wants a /Contents text on every link annotation.

    WeasyPrint writes none; the address itself is what the link says (the
    leaflet prints it as the link text too).
    """
    for pdf_object in pdf.objects:
        if not isinstance(pdf_object, dict) or pdf_object.get("Subtype") != "/Link":
            continue
        action = pdf_object.get("A") or {}
        uri = action.get("URI") if isinstance(action, dict) else None
        if uri is not None and "Contents" not in pdf_object:
            pdf_object["Contents"] = pydyf.String(getattr(uri, "string", str(uri)))


_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def stable_xmp_document_id(pdf, identifier: str) -> None:
    """WeasyPrint writes a random uuid4 as PDF/X's xmpMM:DocumentID; use ours."""
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    stream = resolve(pdf, reference)
    stable = f"xmp.did:{uuid.UUID(hex=identifier)}".encode()
    stream.stream = [_XMP_DOCUMENT_ID.sub(stable, as_bytes(part)) for part in stream.stream]
