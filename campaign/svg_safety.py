"""Checks that an SVG logo is safe and small enough to print.

Logos come from outside the project (a publisher's or partner's design
team), and an SVG is a program as much as a picture: it can carry scripts,
fetch other files or web addresses, embed HTML (foreignObject), or expand to
gigabytes (entity expansion). The renderer's URL fetcher already refuses
anything outside the templates folder, but a logo is checked when the
project is loaded, so a bad one is one clear error naming the file, not a
failed edition in the middle of a build.

Allowed: plain vector drawing (shapes, paths, groups, gradients, clipping,
text) and references inside the file (`#id`). Everything else is refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

MAX_BYTES = 256 * 1024
MAX_ELEMENTS = 5000

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"

ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "metadata", "symbol", "use",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
})

_EVENT_ATTRIBUTE = re.compile(r"^on", re.I)
_URL_REFERENCE = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.I)


class UnsafeSVG(ValueError):
    """The reason an SVG was refused."""


def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _check_attributes(element, tag: str) -> None:
    for name, value in element.attrib.items():
        namespace, local = _local(name)
        if _EVENT_ATTRIBUTE.match(local):
            raise UnsafeSVG(f"<{tag}> has an event handler attribute {local!r} (scripts are not allowed)")
        if local == "href" and namespace in ("", XLINK_NAMESPACE) and not value.startswith("#"):
            raise UnsafeSVG(f"<{tag}> refers to {value[:60]!r}: only references inside the file (#id) are allowed")
        for target in _URL_REFERENCE.findall(value):
            if not target.startswith("#"):
                raise UnsafeSVG(f"<{tag}> {local}= refers to {target[:60]!r}: only url(#id) is allowed")
        if local == "style" and "@import" in value:
            raise UnsafeSVG(f"<{tag}> style imports another file")


def check_svg(data: bytes) -> None:
    """Raise UnsafeSVG unless `data` is a small, self-contained vector drawing."""
    if len(data) > MAX_BYTES:
        raise UnsafeSVG(f"it is {len(data) // 1024} KiB; a logo may be at most {MAX_BYTES // 1024} KiB")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        # Entities can expand to gigabytes or read local files.
        raise UnsafeSVG("it has a DOCTYPE or ENTITY declaration")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise UnsafeSVG(f"it is not well-formed XML ({error})") from None
    namespace, tag = _local(root.tag)
    if (namespace, tag) != (SVG_NAMESPACE, "svg"):
        raise UnsafeSVG(f"its root element is <{tag}>, not an SVG <svg>")
    if "viewBox" not in root.attrib:
        raise UnsafeSVG("the <svg> element has no viewBox, so it cannot be scaled to the logo's box")
    count = 0
    for element in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise UnsafeSVG(f"it has more than {MAX_ELEMENTS} elements")
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        namespace, tag = _local(element.tag)
        if namespace != SVG_NAMESPACE or tag not in ALLOWED_ELEMENTS:
            what = "scripts are" if tag == "script" else f"<{tag}> is"
            raise UnsafeSVG(f"{what} not allowed in a logo (allowed: plain vector drawing)")
        _check_attributes(element, tag)
