"""Incremental builds: what each leaflet was built from, kept in output/.

An edition is rebuilt unless its output file is exactly the one recorded
(same size and sha256) and was built from the same inputs: its catalogs
(with fallbacks), the templates, stylesheets and assets, its country's
registry file and the shared services, the build options, the date printed
in the PDF, and the tool itself (its code, every installed Python package,
the native libraries and the fonts). Each input is hashed into one
fingerprint per edition.

A record is written the moment a leaflet is finished (a killed build keeps
its finished work), under a file lock and merged with what is on disk, so
two builds at once lose no record. A leaflet is recorded only if none of its
input files changed between the moment the build fingerprinted them and the
moment the leaflet was finished: the workers read their inputs in between,
so an input edited during a build can never hide behind a leaflet made from
the earlier version.

This module must stay cheap to import (no WeasyPrint), so a build with
nothing to do finishes in about a second.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sysconfig
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from campaign import __version__
from campaign.atomic import write_atomically
from campaign.errors import EnvironmentFault

MANIFEST_NAME = ".manifest.json"
LOCK_NAME = ".manifest.lock"
MANIFEST_VERSION = 2
INPUTS_CHANGED = ("an input changed while the build ran: leaflets finished after that are "
                  "not recorded as up to date, and the next build makes them again")

# Native parts that shape a PDF's bytes: text layout, font subsetting, font lookup.
NATIVE_LIBRARIES = ("libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libharfbuzz-subset",
                    "libfontconfig", "libfreetype")
# Where they are looked for: every folder directly under /usr/lib (the
# multiarch ones), then these.
LIBRARY_DIRS = ("/usr/lib", "/usr/lib64", "/usr/local/lib")


def hash_files(paths, root: Path) -> str:
    """Names (relative to `root`, so a moved or fresh copy of the project
    keeps its manifest) and bytes of the files."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def tree_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def hash_tree(root: Path) -> str:
    return hash_files(tree_files(root), root)


def file_digest(data: bytes) -> dict:
    """What the manifest keeps of an output file to know it is still the one built."""
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _package_code() -> Path:
    return Path(__file__).parent


def _toolchain() -> str:
    # The tool's own code, not only its version: during development a change
    # to the renderer must rebuild the leaflets it affects.
    package = _package_code()
    parts = [f"campaign {__version__} {hash_files(package.rglob('*.py'), package)}"]
    parts += _installed_distributions()
    parts += _native_libraries()
    parts.append(_fonts())
    return "\n".join(parts)


def _installed_distributions() -> list[str]:
    """Every installed Python package with its version (the names of the
    .dist-info folders say both; much cheaper than importlib.metadata)."""
    folders = {sysconfig.get_paths()[kind] for kind in ("purelib", "platlib")}
    return sorted(
        entry.name
        for folder in folders if os.path.isdir(folder)
        for entry in os.scandir(folder) if entry.name.endswith(".dist-info")
    )


def _native_libraries() -> list[str]:
    """The files the libraries' links (`<name>.so.*`) resolve to: their names
    carry the version. Each folder is listed once for all the names."""
    prefixes = tuple(f"{name}.so." for name in NATIVE_LIBRARIES)
    found = set()
    for folder in [*_subfolders(LIBRARY_DIRS[0]), *LIBRARY_DIRS]:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # no such folder on this system
            continue
        for entry in entries:
            if entry.name.startswith(prefixes):
                real = Path(entry.path).resolve()
                if real.is_file():
                    found.add(f"{real.name} {real.stat().st_size}")
    return sorted(found)


def _subfolders(folder: str) -> list[str]:
    try:
        return [entry.path for entry in os.scandir(folder) if entry.is_dir()]
    except OSError:
        return []


def _fonts() -> str:
    """Names, sizes and times of the installed fonts (a font update changes the PDFs)."""
    from campaign.fonts import FONT_DIRS

    digest = hashlib.sha256()
    for directory in FONT_DIRS:
        found = []
        for folder, _, names in os.walk(directory):  # os.walk: a third of rglob's time
            for name in names:
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except OSError:  # a broken link
                    continue
                found.append(f"{path} {status.st_size} {status.st_mtime_ns}\n")
        digest.update("".join(sorted(found)).encode())
    return "fonts " + digest.hexdigest()


def _stat_signature(path: Path):
    """Changes whenever the file or folder is written, replaced, created or deleted
    (the change time cannot be set back, unlike the modification time)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@dataclass
class _Input:
    """One shared input of fingerprints: its hash, and how its files looked before hashing."""

    digest: str
    watched: dict  # path → stat signature taken before the files were read


@dataclass
class Fingerprints:
    """Computes and memoises the hashes that editions share."""

    project: object
    options_key: str
    _inputs: dict = field(default_factory=dict)
    _source_epoch: int | None = None

    @property
    def source_epoch(self) -> int:
        """The date printed in every PDF (targets.source_date: SOURCE_DATE_EPOCH,
        else the last commit of the sources), fixed once for the whole build."""
        if self._source_epoch is None:
            from campaign.targets import source_date

            self._source_epoch = int(source_date(self.project).timestamp())
        return self._source_epoch

    def worker_environment(self) -> dict[str, str]:
        """Makes the workers print the date that was fingerprinted, even if a
        commit lands during the build."""
        return {"SOURCE_DATE_EPOCH": str(self.source_epoch)}

    def edition(self, edition) -> str:
        parts = [input.digest for input in self._inputs_of(edition)]
        parts += [self.options_key, f"date {self.source_epoch}", edition.key]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def unchanged(self, edition) -> bool:
        """True if no input file of `edition` changed since it was fingerprinted."""
        return all(
            _stat_signature(path) == before
            for input in self._inputs_of(edition)
            for path, before in input.watched.items()
        )

    def _inputs_of(self, edition) -> list[_Input]:
        project = self.project
        return [
            self._input("toolchain", lambda: _package_code().rglob("*.py"), lambda _: _toolchain()),
            self._input("templates", lambda: [project.templates_dir, *project.templates_dir.rglob("*")],
                        lambda paths: hash_files([p for p in paths if p.is_file()],
                                                 project.templates_dir)),
            # campaign.toml names the publisher (its logos are under templates/); missing is an input too.
            self._input("imprint", lambda: [project.root / "campaign.toml"],
                        lambda paths: hash_files([p for p in paths if p.is_file()], project.root)
                        if paths[0].is_file() else "no campaign.toml"),
            self._input(("country", edition.country), lambda: self._registry_files(edition.country),
                        lambda paths: hash_files([p for p in paths if p.is_file()],
                                                 project.registry_dir)),
            self._input(("catalog", edition.locale), lambda: self._catalog_files(edition.locale),
                        lambda _: self._catalog_hash(edition.locale)),
        ]

    def _input(self, key, list_files, compute) -> _Input:
        """Stat the files first, then hash them: a change while hashing shows later."""
        if key not in self._inputs:
            paths = [p for p in list_files() if "__pycache__" not in p.parts]
            watched = {path: _stat_signature(path) for path in paths}
            self._inputs[key] = _Input(compute(paths), watched)
        return self._inputs[key]

    def _registry_files(self, country_code: str) -> list[Path]:
        registry_dir = self.project.registry_dir
        # The folder too: a shared services file added to it changes every country.
        return [registry_dir, *registry_dir.glob("*.toml"),
                registry_dir / "countries" / f"{country_code}.toml"]

    def _catalog_files(self, locale: str) -> list[Path]:
        """What catalogs.catalog_fingerprint reads: the PO and reviews files of the chain."""
        from campaign.po_files import catalog_chain, is_source_locale, po_path
        from campaign.reviews import reviews_path

        if is_source_locale(locale):
            return []
        # Missing ones too: a catalog that appears changes the edition.
        return [path for name in catalog_chain(locale)
                for path in (po_path(self.project, name), reviews_path(self.project, name))]

    def _catalog_hash(self, locale: str) -> str:
        from campaign.catalogs import catalog_fingerprint

        return catalog_fingerprint(self.project, locale)


def _manifest_json(entries: dict[str, dict]) -> bytes:
    """The manifest, one output a line: it is rewritten after every leaflet,
    and json.dumps with indentation took 1.7 ms of the 2.9 a record cost."""
    lines = [f"  {json.dumps(key)}: {json.dumps(entry, separators=(',', ':'))}"
             for key, entry in sorted(entries.items())]
    return ('{"version": %d, "outputs": {\n' % MANIFEST_VERSION
            + ",\n".join(lines) + "\n}}\n").encode("utf-8")


class Manifest:
    """output/.manifest.json: output path → fingerprint, size and sha256 it was built with."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / MANIFEST_NAME
        self.lock_path = output_dir / LOCK_NAME
        self.entries: dict[str, dict] = self._load()

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no manifest or a damaged one: everything is rebuilt
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return {}
        outputs = data.get("outputs")
        return dict(outputs) if isinstance(outputs, dict) else {}

    def is_current(self, output: Path, fingerprint: str) -> bool:
        """Built from these inputs, and still exactly the file that was built."""
        entry = self.entries.get(self._key(output))
        if not isinstance(entry, dict) or entry.get("fingerprint") != fingerprint:
            return False
        try:
            if output.stat().st_size != entry.get("size"):
                return False
            with output.open("rb") as stream:
                return hashlib.file_digest(stream, "sha256").hexdigest() == entry.get("sha256")
        except OSError:
            return False

    def known_fit(self, output: Path, fingerprint: str) -> dict | None:
        """The fit (copyfit.py) `output` was last built with, if from these very
        inputs: the copyfitting search would find it again, so it need not search."""
        entry = self.entries.get(self._key(output))
        if isinstance(entry, dict) and entry.get("fingerprint") == fingerprint:
            fit = entry.get("fit")
            return fit if isinstance(fit, dict) else None
        return None

    def record(self, output: Path, fingerprint: str, digest: dict, fit: dict | None = None) -> None:
        """Record one finished output at once, merged with what other builds recorded."""
        with self._locked():
            self.entries = self._load()
            fitted = {"fit": fit} if fit is not None else {}
            self.entries[self._key(output)] = {"fingerprint": fingerprint, **digest, **fitted}
            # A damaged manifest only means a full rebuild: no need to wait for the disk.
            write_atomically(self.path, _manifest_json(self.entries), durable=False)

    @contextmanager
    def _locked(self):
        """An exclusive lock around read-merge-write (a separate file: the
        manifest itself is replaced by each write)."""
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.lock_path, "a")
        except OSError as error:
            raise EnvironmentFault.from_os_error(error, self.lock_path) from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _key(self, output: Path) -> str:
        return str(output.relative_to(self.path.parent))
