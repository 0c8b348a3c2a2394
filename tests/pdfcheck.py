"""Reading built PDFs with independent tools (qpdf, poppler), for the tests.

Nothing here uses WeasyPrint or pydyf: the tests check what other programs
see in the files, as a print shop's preflight or a screen reader would.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def run(*command: str) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 3):  # qpdf: 3 = warnings only
        raise AssertionError(f"{' '.join(command)} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout + completed.stderr


def qpdf_check(path: Path) -> str:
    """qpdf --check output; raises if qpdf finds errors."""
    completed = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


@dataclass(frozen=True)
class Font:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def fonts(path: Path) -> list[Font]:
    """pdffonts' table, one Font per row."""
    lines = run("pdffonts", str(path)).splitlines()[2:]
    result = []
    for line in lines:
        # name, type (may contain spaces), encoding, emb, sub, uni, object, id
        match = re.match(r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert match, f"unexpected pdffonts line: {line!r}"
        name, kind, _, emb, sub, uni = match.groups()
        result.append(Font(name, kind, emb == "yes", sub == "yes", uni == "yes"))
    return result


def boxes(path: Path) -> dict[str, tuple[float, ...]]:
    """pdfinfo -box for the first page: {'MediaBox': (x0, y0, x1, y1), ...}."""
    result = {}
    for line in run("pdfinfo", "-box", str(path)).splitlines():
        match = re.match(r"(\w+Box):\s+(.*)$", line)
        if match:
            result[match.group(1)] = tuple(float(v) for v in match.group(2).split())
    return result


def info(path: Path) -> dict[str, str]:
    result = {}
    for line in run("pdfinfo", str(path)).splitlines():
        key, _, value = line.partition(":")
        result[key.strip()] = value.strip()
    return result


def uncompressed(path: Path, tmp_path: Path) -> bytes:
    """The PDF rewritten by qpdf with every stream decompressed (QDF form)."""
    out = tmp_path / (path.stem + ".qdf.pdf")
    run("qpdf", "--qdf", "--object-streams=disable", str(path), str(out))
    return out.read_bytes()


_BARE_POINT = re.compile(r"^(\s*-?\d+)\.(?=,?$)", re.MULTILINE)


class PdfObjects:
    """The object graph from `qpdf --json`, with references resolved on demand."""

    def __init__(self, path: Path):
        completed = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", str(path)],
                                   capture_output=True, text=True, check=False)
        assert completed.returncode in (0, 3), completed.stderr
        # qpdf copies reals as written, and "792." (valid PDF) is not valid JSON.
        data = json.loads(_BARE_POINT.sub(r"\1.0", completed.stdout))
        self.objects = {}
        for key, value in data["qpdf"][1].items():
            if key.startswith("obj:"):
                self.objects[key[4:]] = value.get("value", value.get("stream", {}).get("dict"))
        self.trailer = data["qpdf"][1]["trailer"]["value"]

    def resolve(self, value):
        while isinstance(value, str) and value.endswith(" R") and value in self.objects:
            value = self.objects[value]
        return value

    @property
    def catalog(self) -> dict:
        return self.resolve(self.trailer["/Root"])

    def struct_elements(self):
        """Every structure element under /StructTreeRoot, depth first."""
        yield from self.descendants(self.resolve(self.catalog["/StructTreeRoot"]))

    def descendants(self, element):
        """The structure elements under `element`, depth first."""
        for kid in self._kids(element):
            yield kid
            yield from self.descendants(kid)

    def _kids(self, element) -> list[dict]:
        kids = self.resolve(element.get("/K", []))
        if not isinstance(kids, list):
            kids = [kids]
        result = []
        for kid in kids:
            kid = self.resolve(kid)
            if isinstance(kid, dict) and kid.get("/Type", "/StructElem") == "/StructElem" and "/S" in kid:
                result.append(kid)
        return result

    def outline_titles(self) -> list[str]:
        titles = []
        outlines = self.resolve(self.catalog.get("/Outlines"))
        item = self.resolve(outlines.get("/First")) if outlines else None
        while item:
            titles.append(text(item["/Title"]))
            item = self.resolve(item.get("/Next"))
        return titles

    def link_uris(self) -> list[str]:
        return [uri for uri, _ in self.links()]

    def links(self) -> list[tuple[str, str | None]]:
        """(URI, /Contents description) of every link annotation."""
        links = []
        for page in self.resolve(self.resolve(self.catalog["/Pages"])["/Kids"]):
            for annotation in self.resolve(self.resolve(page).get("/Annots", [])):
                annotation = self.resolve(annotation)
                action = self.resolve(annotation.get("/A", {}))
                if annotation.get("/Subtype") == "/Link" and "/URI" in action:
                    contents = annotation.get("/Contents")
                    links.append((text(action["/URI"]), text(contents) if contents else None))
        return links


def text(value: str) -> str:
    """A qpdf JSON string ('u:…' for text, 'b:…' for hex bytes)."""
    if value.startswith("u:"):
        return value[2:]
    if value.startswith("b:"):
        return bytes.fromhex(value[2:]).decode("latin-1")
    return value
