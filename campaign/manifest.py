"""Incremental builds: what each edition was built from, kept in output/.

An edition is rebuilt only when one of its inputs changed: its catalogs (with
fallbacks), the templates, stylesheets and assets, its country's registry
file or the shared services, the build options, or the tool and library
versions. Each input is hashed; the manifest maps an output file to the hash
it was built from. This module must stay cheap to import (no WeasyPrint), so
a build with nothing to do finishes in about a second.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from campaign import __version__
from campaign.atomic import write_atomically

MANIFEST_NAME = ".manifest.json"
MANIFEST_VERSION = 1


def hash_files(paths, root: Path) -> str:
    """Names (relative to `root`, so a moved or fresh copy of the project
    keeps its manifest) and bytes of the files."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def hash_tree(root: Path) -> str:
    files = [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return hash_files(files, root)


def _toolchain() -> str:
    # The tool's own code, not only its version: during development a change
    # to the renderer must rebuild the leaflets it affects.
    package = Path(__file__).parent
    versions = [f"campaign {__version__} {hash_files(package.rglob('*.py'), package)}"]
    for package in ("weasyprint", "babel", "jinja2", "pyphen", "icu4py", "segno", "pydyf"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return ";".join(versions)


@dataclass
class Fingerprints:
    """Computes and memoises the hashes that editions share."""

    project: object
    options_key: str
    _cache: dict = field(default_factory=dict)

    def _memo(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def edition(self, edition) -> str:
        from campaign.catalogs import catalog_fingerprint

        parts = [
            self._memo("toolchain", _toolchain),
            self._memo("templates", lambda: hash_tree(self.project.templates_dir)),
            self._memo(("country", edition.country), lambda: self._registry_hash(edition.country)),
            self._memo(("catalog", edition.locale),
                       lambda: catalog_fingerprint(self.project, edition.locale)),
            self.options_key,
            os.environ.get("SOURCE_DATE_EPOCH", ""),
            edition.key,
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _registry_hash(self, country_code: str) -> str:
        registry_dir = self.project.registry_dir
        files = [p for p in registry_dir.glob("*.toml")]  # shared services
        files.append(registry_dir / "countries" / f"{country_code}.toml")
        return hash_files([p for p in files if p.is_file()], registry_dir)


class Manifest:
    """output/.manifest.json: output path → fingerprint it was built from."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / MANIFEST_NAME
        self.entries: dict[str, str] = self._load()

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no manifest or a damaged one: everything is rebuilt
        if data.get("version") != MANIFEST_VERSION:
            return {}
        return dict(data.get("outputs", {}))

    def is_current(self, output: Path, fingerprint: str) -> bool:
        return output.is_file() and self.entries.get(self._key(output)) == fingerprint

    def record(self, output: Path, fingerprint: str) -> None:
        self.entries[self._key(output)] = fingerprint

    def save(self) -> None:
        data = {"version": MANIFEST_VERSION, "outputs": dict(sorted(self.entries.items()))}
        write_atomically(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def _key(self, output: Path) -> str:
        return str(output.relative_to(self.path.parent))
