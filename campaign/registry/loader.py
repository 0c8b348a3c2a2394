"""Reading and validating the registry files (the fields are in schema.py).

Validation collects every problem, each with its file, country and field
("registry/countries/BE.toml: country BE, services[2].phone: ..."), before
raising one InputError, so a coordinator fixes all mistakes in one go and
nothing is built from a registry with a single bad number in it.
"""

from __future__ import annotations

import datetime
import hashlib
import pickle
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import babel

from campaign.atomic import write_atomically
from campaign.errors import InputError, Problem, display_path
from campaign.registry.model import Country, Registry, Service
from campaign.registry.schema import (
    COUNTRY_FIELDS,
    SERVICE_FIELDS,
    SHARED_FIELDS,
    Context,
    service_problems,
)

COUNTRIES_DIR = "countries"
SHARED_FILE = "shared-services.toml"
CACHE_FORMAT = 1  # of the validated registries kept in the project's cache
# The code a validated registry depends on: this package and every campaign
# module it imports (tests/test_startup.py keeps the list whole).
VALIDATING_CODE = ("__init__.py", "atomic.py", "errors.py", "hours.py", "locales.py",
                   "registry/__init__.py", "registry/loader.py", "registry/model.py",
                   "registry/schema.py")


@dataclass(frozen=True)
class _Spot:
    """Where a value is, for problem messages: "country BE, services[2].phone"."""

    file: Path
    owner: str = ""  # "country BE"; empty in shared-services.toml
    path: str = ""  # "services[2].phone"

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.owner, self.path) if part)

    def at(self, key: str | int) -> "_Spot":
        if isinstance(key, int):
            return self.within(f"[{key}]")
        return _Spot(self.file, self.owner, f"{self.path}.{key}" if self.path else key)

    def within(self, suffix: str) -> "_Spot":
        """`suffix` as a check yields it: "" (the value itself), "[2]" or ".fr"."""
        return _Spot(self.file, self.owner, self.path + suffix)


@dataclass
class RegistryLoader:
    registry_dir: Path
    today: datetime.date
    problems: list[Problem] = field(default_factory=list)
    # The bytes of each file as read (None: missing), validated from exactly these.
    read: dict[Path, bytes | None] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.registry_dir.parent

    def load_valid(self) -> Registry:
        """The registry, or InputError listing every problem found."""
        registry = self.load()
        if self.problems:
            count = len(self.problems)
            raise InputError(
                f"the registry ({display_path(self.registry_dir, self.root)}/) has "
                f"{count} problem{'s' if count != 1 else ''}; nothing can be built from it "
                "until they are fixed",
                self.problems,
            )
        return registry

    def report(self, spot: _Spot, message: str) -> None:
        self.problems.append(Problem(display_path(spot.file, self.root), spot.place, message))

    # -- files -------------------------------------------------------------

    def load(self) -> Registry:
        shared = self.load_shared()
        countries: dict[str, Country] = {}
        defined_in: dict[str, Path] = {}
        files = country_files(self.registry_dir)
        if not files:
            self.report(_Spot(self.registry_dir / COUNTRIES_DIR), "no country files (XX.toml) found")
        for path in files:
            code, country = self.load_country(path, shared)
            if code in defined_in:
                self.report(
                    _Spot(path, f"country {code}", "code"),
                    f"duplicate country {code}: also defined in "
                    f"{display_path(defined_in[code], self.root)}",
                )
                continue
            defined_in[code] = path
            if country is not None:
                countries[code] = country
        return Registry(dict(sorted(countries.items())))

    def read_toml(self, path: Path) -> dict | None:
        self.read[path] = _bytes_of(path)
        if self.read[path] is None:
            self.report(_Spot(path), "file not found")
            return None
        try:
            return tomllib.loads(self.read[path].decode("utf-8"))
        except tomllib.TOMLDecodeError as error:
            at = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
            place = f"line {at.group(1)}, column {at.group(2)}" if at else ""
            message = re.sub(r"\s*\(at line.*\)$", "", str(error))
            self.report(_Spot(path, place), f"TOML syntax error: {message}")
        except UnicodeDecodeError:
            self.report(_Spot(path), "not UTF-8 text")
        return None

    def load_shared(self) -> dict[str, Service]:
        path = self.registry_dir / SHARED_FILE
        data = self.read_toml(path)
        if data is None:
            return {}
        fields = self.check_fields(data, SHARED_FIELDS, _Spot(path), Context(self.today))
        services: dict[str, Service] = {}
        for index, table in enumerate(fields.get("services", [])):
            spot = _Spot(path, "", f"services[{index}]")
            service = self.read_service(table, spot, Context(self.today))
            if service is None:
                continue
            if service.id in services:
                self.report(spot.at("id"), f"duplicate service id {service.id!r}")
                continue
            services[service.id] = service
        return services

    def load_country(self, path: Path, shared: dict[str, Service]) -> tuple[str, Country | None]:
        """A file's country code, and its Country or None if it has any problem.

        Every problem is reported; the code is returned even for an invalid file
        so that two files claiming one country are still reported as duplicates.
        """
        data = self.read_toml(path)
        if data is None:
            return path.stem, None
        before = len(self.problems)
        code = data["code"] if isinstance(data.get("code"), str) else path.stem
        spot = _Spot(path, f"country {code}")
        fields = self.check_fields(data, COUNTRY_FIELDS, spot, Context(self.today, file_stem=path.stem))
        context = Context(self.today, tuple(fields.get("locales", ())), code)
        services = self.read_country_services(fields, spot, shared, context)
        if len(self.problems) > before:
            return code, None
        return code, Country(**self.model_values(fields, COUNTRY_FIELDS), services=services)

    def read_country_services(self, fields, spot, shared, context) -> tuple[Service, ...]:
        services: list[Service] = []
        for index, table in enumerate(fields.get("services", [])):
            service = self.read_service(table, spot.at("services").at(index), context)
            if service is not None:
                services.append(service)
        for index, name in enumerate(fields.get("shared_services", [])):
            if name in shared:
                services.append(shared[name])
            else:
                known = ", ".join(sorted(shared)) or "none"
                self.report(spot.at("shared_services").at(index),
                            f"unknown shared service {name!r}; shared-services.toml defines: {known}")
        seen: set[str] = set()
        for service in services:
            if service.id in seen:
                self.report(spot.at("services"), f"duplicate service id {service.id!r}")
            seen.add(service.id)
        return tuple(services)

    def read_service(self, table: dict, spot: _Spot, context: Context) -> Service | None:
        """One [[services]] table (context.locales is None in shared-services.toml)."""
        before = len(self.problems)
        fields = self.check_fields(table, SERVICE_FIELDS, spot, context)
        # Presence across fields counts even where a value failed its own check
        # (a malformed phone is one problem, not also "no way to reach it").
        for key, message in service_problems(table):
            self.report(spot.at(key), message)
        if context.locales is None and "name_language" not in table \
                and not table.get("name_is_description"):
            # No country's first language can stand in for a shared service's.
            self.report(spot.at("name_language"), "a shared service needs the language of its "
                        "name (name_language), as it prints in countries of many languages")
        if len(self.problems) > before:
            return None
        return Service(**self.model_values(fields, SERVICE_FIELDS), shared=context.locales is None)

    # -- fields --------------------------------------------------------------

    def check_fields(self, table: dict, specs, spot: _Spot, context: Context) -> dict:
        """Report unknown keys, missing required ones, wrong types and bad values.

        Returns the keys whose values are usable (right type, value checks
        passed), so the caller goes on checking and every problem is reported
        in one run.
        """
        known = {spec.name: spec for spec in specs}
        for key in table:
            if key not in known:
                self.report(spot.at(key), f"unknown key {key!r}; known keys: {', '.join(known)}")
        usable = {}
        for spec in specs:
            where = spot.at(spec.name)
            if spec.name not in table:
                if spec.required:
                    self.report(where, "missing required field")
                continue
            value = table[spec.name]
            if not spec.type.accepts(value):
                self.report(where, f"must be {spec.type.label}, not {value!r}")
                continue
            found = list(spec.check(value, context)) if spec.check else []
            for suffix, message in found:
                self.report(where.within(suffix), message)
            if not found:
                usable[spec.name] = value
        return usable

    @staticmethod
    def model_values(fields: dict, specs) -> dict:
        return {spec.name: spec.type.to_model(fields[spec.name])
                for spec in specs if spec.name in fields and spec.name != "services"}


def country_files(registry_dir: Path) -> list[Path]:
    return sorted((registry_dir / COUNTRIES_DIR).glob("*.toml"))


def load_registry(registry_dir: Path, today: datetime.date | None = None, *,
                  cache_dir: Path | None = None) -> Registry:
    """Read and validate the registry; raise InputError listing every problem.

    With `cache_dir` (the project's .cache/), a registry that passed is kept
    there and read back by later loads of the same files on the same day:
    about 2 ms instead of 35 (the build, `campaign countries`, preflight). Its key
    holds the bytes of every registry file, today's date (checks compare dates
    with it), the validating code, Babel's version (locale checks) and
    Python's, so any change validates again; a registry with problems is never
    kept, so bad input always gets its full report.
    """
    registry_dir, today = Path(registry_dir), today or datetime.date.today()
    loader = RegistryLoader(registry_dir, today)
    if cache_dir is None:
        return loader.load_valid()
    files = [registry_dir / SHARED_FILE, *country_files(registry_dir)]
    cached = _cache_path(cache_dir, registry_dir, today, {path: _bytes_of(path) for path in files})
    try:
        return pickle.loads(cached.read_bytes())
    except Exception:  # not kept yet, or damaged (any unpickling error): validate the files
        pass
    registry = loader.load_valid()
    # Kept under the key of the bytes it was validated from (a file edited
    # meanwhile gives another key, which the next load validates).
    kept = _cache_path(cache_dir, registry_dir, today, loader.read)
    for stale in kept.parent.glob("registry-*.pickle"):
        if stale != kept:
            stale.unlink(missing_ok=True)
    write_atomically(kept, pickle.dumps(registry, protocol=pickle.HIGHEST_PROTOCOL))
    return registry


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _cache_path(cache_dir: Path, registry_dir: Path, today: datetime.date,
                files: dict[Path, bytes | None]) -> Path:
    digest = hashlib.sha256(f"{CACHE_FORMAT} {sys.version} babel {babel.__version__} "
                            f"{today.isoformat()}".encode())
    package = Path(__file__).resolve().parent.parent
    for name in VALIDATING_CODE:
        digest.update(b"\0" + name.encode() + b"\0" + (package / name).read_bytes())
    for path in sorted(files):
        data = files[path]
        digest.update(b"\0" + path.relative_to(registry_dir).as_posix().encode() + b"\0")
        digest.update(b"missing" if data is None else b"%d\0" % len(data) + data)
    return cache_dir / "registry" / f"registry-{digest.hexdigest()[:32]}.pickle"
