"""Loading and validating the registry files (see registry.py for the model).

Validation collects every problem, each with its file, country and field
("registry/countries/BE.toml: country BE, services[2].phone: ..."), before
raising one InputError, so a coordinator fixes all mistakes in one go and
nothing is built from a registry with a single bad number in it.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from campaign.errors import InputError, Problem, display_path
from campaign.locales import is_known_country, language_of, parse_locale
from campaign.registry import (
    AUDIENCES,
    COUNTRIES_DIR,
    KINDS,
    PAPER_SIZES,
    SHARED_FILE,
    Country,
    Registry,
    Service,
    language_matches,
)

COUNTRY_KEYS = {
    # key: (type, required)
    "code": (str, True),
    "name": (str, True),
    "locales": (list, True),
    "paper": (str, True),
    "shared_services": (list, False),
    "services": (list, False),
}
SERVICE_KEYS = {
    "id": (str, True),
    "kind": (str, True),
    "name": (str, True),
    "name_is_description": (bool, False),
    "phone": (str, False),
    "web": (str, False),
    "hours": (str, False),
    "serves": (list, True),
    "languages": (list, False),
    "source": (str, True),
    "checked": (datetime.date, True),
    "verified": (bool, True),
    "note": (str, False),
}
SHARED_KEYS = {"services": (list, True)}

TYPE_NAMES = {str: "a string", list: "a list", bool: "true or false",
              datetime.date: "a date like 2026-11-22"}

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
SERVICE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# As printed: digits in groups separated by one space or hyphen, optional leading +.
PHONE = re.compile(r"^\+?[0-9]+([ -][0-9]+)*$")
HOSTNAME = re.compile(r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
# A subset of OpenStreetMap's opening_hours syntax: "24/7", "Mo-Fr 09:00-19:00",
# "Mo-Fr 12:00-20:00; Sa 09:30-14:00". Language-neutral; templates localize it.
_DAYS = r"(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))?"
_TIMES = r"\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*"
_RULE = rf"({_DAYS}(,{_DAYS})* )?{_TIMES}"
HOURS = re.compile(rf"^(24/7|{_RULE}(; {_RULE})*)$")


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
            return _Spot(self.file, self.owner, f"{self.path}[{key}]")
        return _Spot(self.file, self.owner, f"{self.path}.{key}" if self.path else key)


@dataclass
class RegistryLoader:
    registry_dir: Path
    today: datetime.date
    problems: list[Problem] = field(default_factory=list)

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
        files = sorted((self.registry_dir / COUNTRIES_DIR).glob("*.toml"))
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
        try:
            with path.open("rb") as file:
                return tomllib.load(file)
        except FileNotFoundError:
            self.report(_Spot(path), "file not found")
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
        fields = self.check_keys(data, SHARED_KEYS, _Spot(path))
        services: dict[str, Service] = {}
        for index, table in enumerate(fields.get("services", [])):
            spot = _Spot(path, "", f"services[{index}]")
            service = self.read_service(table, spot, locales=None)
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
        fields = self.check_keys(data, COUNTRY_KEYS, spot)
        if "code" in fields:
            self.check_code(fields["code"], path, spot.at("code"))
        if "name" in fields:
            self.check_text(fields["name"], spot.at("name"))
        locales = self.check_locales(fields.get("locales", []), code, spot.at("locales"))
        if "paper" in fields:
            self.check_choice(fields["paper"], PAPER_SIZES, spot.at("paper"))
        services = self.read_country_services(fields, spot, shared, locales)
        if len(self.problems) > before:
            return code, None
        return code, Country(code=code, name=data["name"], locales=tuple(locales),
                             paper=data["paper"], services=services)

    # -- country fields ----------------------------------------------------

    def check_code(self, code: str, path: Path, spot: _Spot) -> None:
        if not COUNTRY_CODE.match(code) or not is_known_country(code):
            self.report(spot, f"{code!r} is not an ISO 3166 country code CLDR knows (Kosovo is XK)")
        elif path.stem != code:
            self.report(spot, f"file name {path.name} does not match country code {code}; "
                              f"rename it to {code}.toml")

    def check_locales(self, locales: list, code: str, spot: _Spot) -> list[str]:
        good: list[str] = []
        for index, locale in enumerate(locales):
            where = spot.at(index)
            if not isinstance(locale, str):
                self.report(where, f"must be a string, not {locale!r}")
                continue
            try:
                parsed = parse_locale(locale)
            except ValueError as error:
                self.report(where, str(error))
                continue
            if "-" in locale:
                self.report(where, f"write {locale!r} with underscores: {locale.replace('-', '_')!r}")
            elif parsed.territory != code:
                self.report(where, f"locale {locale!r} is not for country {code}")
            elif locale in good:
                self.report(where, f"duplicate locale {locale!r}")
            else:
                good.append(locale)
        return good

    def read_country_services(self, fields, spot, shared, locales) -> tuple[Service, ...]:
        services: list[Service] = []
        for index, table in enumerate(fields.get("services", [])):
            service = self.read_service(table, spot.at("services").at(index), locales)
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

    # -- services ----------------------------------------------------------

    def read_service(self, table, spot: _Spot, locales: list[str] | None) -> Service | None:
        """One [[services]] table; `locales` are its country's (None if shared)."""
        if not isinstance(table, dict):
            self.report(spot, "must be a table ([[services]])")
            return None
        before = len(self.problems)
        fields = self.check_keys(table, SERVICE_KEYS, spot)
        checks = {
            "id": lambda v, s: self.check_pattern(
                v, SERVICE_ID, s, "must be lowercase letters, digits and hyphens, e.g. 'child-focus'"),
            "kind": lambda v, s: self.check_choice(v, KINDS, s),
            "name": self.check_text,
            "source": self.check_text,
            "serves": self.check_serves,
            "languages": lambda v, s: self.check_languages(v, s, locales),
            "phone": self.check_phone,
            "web": self.check_web,
            "hours": self.check_hours,
            "checked": self.check_checked,
        }
        for key, check in checks.items():
            if key in fields:
                check(fields[key], spot.at(key))
        if "verified" in fields:
            self.check_complete(fields, spot)
        if len(self.problems) > before:
            return None
        return Service(
            id=table["id"], kind=table["kind"], name=table["name"],
            phone=table.get("phone"), web=table.get("web"), hours=table.get("hours"),
            serves=tuple(table["serves"]), languages=tuple(table.get("languages", [])),
            source=table["source"], checked=table["checked"], verified=table["verified"],
            note=table.get("note"), name_is_description=table.get("name_is_description", False),
            shared=locales is None,
        )

    def check_keys(self, table: dict, spec: dict, spot: _Spot) -> dict:
        """Report unknown keys, missing required keys and wrong types.

        Returns the known keys whose values have the right type, so the caller
        can go on checking those and report every problem in one run.
        """
        for key in table:
            if key not in spec:
                self.report(spot.at(key), f"unknown key {key!r}; known keys: {', '.join(spec)}")
        usable = {}
        for key, (kind, required) in spec.items():
            if key not in table:
                if required:
                    self.report(spot.at(key), "missing required field")
            elif not _is_type(table[key], kind):
                self.report(spot.at(key), f"must be {TYPE_NAMES[kind]}, not {table[key]!r}")
            else:
                usable[key] = table[key]
        return usable

    def check_text(self, value: str, spot: _Spot) -> None:
        if not value.strip():
            self.report(spot, "must not be empty")

    def check_pattern(self, value: str, pattern: re.Pattern, spot: _Spot, hint: str) -> None:
        if not pattern.match(value):
            self.report(spot, f"{value!r} {hint}")

    def check_choice(self, value, choices: tuple, spot: _Spot) -> None:
        if value not in choices:
            self.report(spot, f"unknown value {value!r}; use one of {', '.join(choices)}")

    def check_serves(self, serves: list, spot: _Spot) -> None:
        if not serves:
            self.report(spot, f"needs at least one of {', '.join(AUDIENCES)}")
        for index, audience in enumerate(serves):
            self.check_choice(audience, AUDIENCES, spot.at(index))

    def check_languages(self, languages: list, spot: _Spot, locales: list[str] | None) -> None:
        for index, language in enumerate(languages):
            where = spot.at(index)
            if not _is_language(language):
                self.report(where, f"{language!r} is not a language code Babel knows "
                                   "(e.g. 'nl', 'sv', 'sr_Latn')")
            elif locales and not any(language_matches(language, language_of(locale)) for locale in locales):
                self.report(where, f"{language!r} is not the language of any of this country's "
                                   f"locales ({', '.join(locales)}), so the service would never print")

    def check_phone(self, phone: str, spot: _Spot) -> None:
        if not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 3:
            self.report(spot, f"malformed phone number {phone!r}: write it as printed, with "
                              "digits, single spaces or hyphens and an optional leading + "
                              "(no letters: keep a mnemonic like 1-800-THE-LOST in note)")

    def check_web(self, web: str, spot: _Spot) -> None:
        parts = urlsplit(web)
        if parts.scheme != "https":
            problem = "must start with https://"
        elif not HOSTNAME.match(parts.netloc):
            problem = "has no valid host name"
        elif any(ch.isspace() for ch in web) or parts.query or parts.fragment:
            problem = "must be a plain address without spaces, ? or #"
        else:
            return
        self.report(spot, f"malformed web address {web!r}: {problem}")

    def check_hours(self, hours: str, spot: _Spot) -> None:
        if not HOURS.match(hours):
            self.report(spot, f"hours {hours!r} not understood; write e.g. '24/7', "
                              "'Mo-Fr 09:00-19:00' or 'Mo-Fr 12:00-20:00; Sa 09:30-14:00'")

    def check_checked(self, checked: datetime.date, spot: _Spot) -> None:
        if checked > self.today:
            self.report(spot, f"check date {checked.isoformat()} is in the future "
                              f"(today is {self.today.isoformat()})")

    def check_complete(self, fields: dict, spot: _Spot) -> None:
        """Verified entries need something to print; unverified ones need a reason."""
        if fields["verified"] and not (fields.get("phone") or fields.get("web")):
            self.report(spot.at("verified"), "a verified service needs a phone or a web address")
        if not fields["verified"] and not fields.get("note"):
            self.report(spot.at("note"), "an unverified service needs a note saying why")


LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?$")


def _is_language(value) -> bool:
    if not isinstance(value, str) or not LANGUAGE.match(value):
        return False
    try:
        parse_locale(value)
    except ValueError:
        return False
    return True


def _is_type(value, kind) -> bool:
    if kind is datetime.date:
        # TOML also has date-times; a check date is a plain date.
        return type(value) is datetime.date
    return isinstance(value, kind)
