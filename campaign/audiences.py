"""The leaflets' audiences, each declared once as an `Audience` record.

Everything that depends on who a leaflet is for reads these records: the build
matrix and the command-line choices (editions.py, commands/filters.py), the
help panel's services (content.py), per-leaflet translation progress
(catalog_stats.py), the proof sheet and the docs test. A new audience is one
new record here plus its template (templates/<name>.html) and cover artwork.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Audience:
    name: str  # the edition key's last part and the output file's name
    template: str  # relative to templates/
    # Registry "serves" values whose services this leaflet's help panel shows
    # (registry/README.md defines them).
    serves: frozenset[str]
    icon: str  # the cover artwork, relative to templates/
    age_band: str  # who reads it, as people say it
    # Colours of the panel icons, as leaflet.css custom properties: accent,
    # its light tint, highlight (campaign/icons.py recolours the icons).
    palette: tuple[str, str, str]

    def describe(self) -> str:
        """For --help: "teens (12–17)"."""
        return f"{self.name} ({self.age_band})"


def _audience(name: str, age_band: str, serves: set[str], palette: tuple[str, str, str]) -> Audience:
    return Audience(name=name, template=f"{name}.html", serves=frozenset(serves),
                    icon=f"assets/icons/cover-{name}.svg", age_band=age_band, palette=palette)


# Document order: the order of the build matrix, the proof sheet and the stats.
AUDIENCES: dict[str, Audience] = {
    audience.name: audience
    for audience in (
        _audience("children", "8–11", {"children", "anyone"},
                  ("--coral", "--sun-light", "--teal")),
        _audience("teens", "12–17", {"young_people", "children", "anyone"},
                  ("--violet", "--violet-light", "--coral")),
        _audience("parents", "adults",
                  {"parents", "anyone", "children", "young_people"},
                  ("--teal", "--teal-light", "--coral")),
    )
}

AUDIENCE_NAMES: tuple[str, ...] = tuple(AUDIENCES)


def audience(name: str) -> Audience:
    return AUDIENCES[name]


def audiences_of_template(location: str) -> tuple[str, ...]:
    """The audiences a message at `location` (a template path) appears for.

    An audience's own template gives that audience; shared templates
    (base.html, partials/…) and Python code give every audience.
    """
    for record in AUDIENCES.values():
        if location == record.template:
            return (record.name,)
    return AUDIENCE_NAMES
