"""Opening hours are written out with CLDR day names and time formats."""

import re

import pytest
from babel import Locale

from campaign.hours import format_hours, parse_hours


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


@pytest.mark.parametrize(
    "hours, locale, expected",
    [
        ("Su-Th 16:00-24:00; Sa 18:00-24:00", "en_GB", "Sun–Thu 16:00–00:00; Sat 18:00–00:00"),
        ("Mo-Su 19:00-07:00", "de_DE", "Mo.–So. 19:00–07:00"),
        ("Mo,We,Fr 09:00-12:00,14:00-17:00", "en_GB", "Mon, Wed, Fri 09:00–12:00, 14:00–17:00"),
        ("09:00-17:00", "en_GB", "09:00–17:00"),
    ],
)
def test_format_hours_past_midnight_lists_and_every_day(hours, locale, expected):
    assert format_hours(hours, Locale.parse(locale)) == expected


@pytest.mark.parametrize(
    "hours, why",
    [
        ("Mo-Fr 25:99-26:00", "'25:99' is not a time of day"),
        ("Mo-Fr 9:00-17:00", "'9:00' is not a time of day"),
        ("24:00-08:00", "'24:00' is not a time of day"),
        ("Mo-Fri 09:00-17:00", "days 'Mo-Fri' not understood"),
        ("Mo-Fr  09:00-17:00", "not understood"),
        ("Mo-Fr 09:00-17:00;Sa 10:00-12:00", "not understood"),
        ("daily", "is not a time span"),
        ("", "not understood"),
    ],
)
def test_parse_hours_refuses_what_it_cannot_print(hours, why):
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_hours(hours)


def test_all_hours_parses_to_no_rules():
    assert parse_hours("24/7") == ()
