"""Opening hours are written out with CLDR day names and time formats."""

import pytest
from babel import Locale

from campaign.hours import format_hours


@pytest.mark.parametrize(
    "hours, locale, expected",
    [
        ("Mo-Fr 09:00-19:00", "en_GB", "Mon–Fri 09:00–19:00"),
        ("Mo-Fr 09:00-19:00", "en_US", "Mon–Fri 9:00\u202fAM–7:00\u202fPM"),
        ("Mo-Fr 09:00-19:00", "fr_FR", "lun.–ven. 09:00–19:00"),
        ("Mo-Fr 12:00-20:00; Sa 09:30-14:00", "de_DE", "Mo.–Fr. 12:00–20:00; Sa. 09:30–14:00"),
        ("Mo-Su 16:00-21:00", "ja_JP", "月–日 16:00–21:00"),
    ],
)
def test_format_hours(hours, locale, expected):
    assert format_hours(hours, Locale.parse(locale)) == expected


def test_every_registry_hours_value_can_be_printed(project):
    from campaign.registry import load_registry

    registry = load_registry(project.registry_dir)
    for country in registry.countries.values():
        for service in country.services:
            if service.hours and service.hours != "24/7":
                for locale in country.locales:
                    assert format_hours(service.hours, Locale.parse(locale))
