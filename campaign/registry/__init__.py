"""The country registry: where to report abuse and get help, per country.

The registry is hand-edited TOML (see registry/README.md): one file per country
in registry/countries/XX.toml, plus registry/shared-services.toml for services
defined once and attached to many countries (Take It Down, CyberTipline).

    schema.py   the fields, declared once (types, checks, what is printed, docs)
    model.py    Country and Service: what a leaflet prints, gaps, confirmation
    loader.py   reading and validating the files

Imports run one way (loader -> model -> schema); this package only gathers
the public names.
"""

from campaign.registry.loader import COUNTRIES_DIR, SHARED_FILE, load_registry
from campaign.registry.model import (
    CONFIRMATION_VALID_MONTHS,
    REPORTING_KINDS,
    STALE_AFTER_MONTHS,
    Country,
    Registry,
    Service,
    confirmed_on,
    display_address,
    months_before,
)
from campaign.registry.schema import (
    COUNTRY_FIELDS,
    KINDS,
    PAPER_SIZES,
    SERVES,
    SERVICE_FIELDS,
    language_matches,
)

__all__ = [
    "CONFIRMATION_VALID_MONTHS", "COUNTRIES_DIR", "COUNTRY_FIELDS", "KINDS", "PAPER_SIZES",
    "REPORTING_KINDS", "SERVES", "SERVICE_FIELDS", "SHARED_FILE", "STALE_AFTER_MONTHS",
    "Country", "Registry", "Service", "confirmed_on", "display_address", "language_matches",
    "load_registry", "months_before",
]
