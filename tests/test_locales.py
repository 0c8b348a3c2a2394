"""Locale helpers: Babel identifiers, BCP 47, scripts, direction and CLDR names."""

import pytest

from campaign.locales import (
    bcp47,
    is_known_country,
    language_display_name,
    language_of,
    parse_locale,
    territory_name,
    text_direction,
)


@pytest.mark.parametrize(
    "identifier, language, script, territory",
    [
        ("sr_Latn_ME", "sr", "Latn", "ME"),
        ("sr_Cyrl_RS", "sr", "Cyrl", "RS"),
        ("sr-Latn-XK", "sr", "Latn", "XK"),  # BCP 47 spelling accepted too
        ("sq_XK", "sq", None, "XK"),
        ("fr_BE", "fr", None, "BE"),
    ],
)
def test_parse_locale_understands_scripts_and_kosovo(identifier, language, script, territory):
    locale = parse_locale(identifier)
    assert (locale.language, locale.script, locale.territory) == (language, script, territory)


@pytest.mark.parametrize("identifier", ["xx_YY", "de_QQ", "english", "", "fr_BE_extra_bits"])
def test_parse_locale_rejects_unknown_locales_clearly(identifier):
    with pytest.raises(ValueError, match="unknown locale") as error:
        parse_locale(identifier)
    assert repr(identifier) in str(error.value)


def test_pseudo_locales_use_their_base_language():
    assert parse_locale("en_XA").language == "en"
    assert parse_locale("ar_XB").language == "ar"
    assert text_direction("ar_XB") == "rtl"
    assert text_direction("en_XA") == "ltr"
    assert bcp47("en_XA") == "en-XA"
    assert "pseudo" in language_display_name("en_XA", "en")


@pytest.mark.parametrize(
    "identifier, expected",
    [("sr_Latn_ME", "sr-Latn-ME"), ("sr_Cyrl_RS", "sr-Cyrl-RS"), ("fr_BE", "fr-BE"), ("de", "de")],
)
def test_bcp47_uses_hyphens(identifier, expected):
    assert bcp47(identifier) == expected


@pytest.mark.parametrize(
    "identifier, expected",
    [
        ("fr_BE", "fr"),
        ("nl_NL", "nl"),
        ("sr_Latn_ME", "sr_Latn"),
        ("sr_Cyrl_RS", "sr_Cyrl"),
        ("bs_BA", "bs"),  # a script Babel would infer is not added
        ("fil_PH", "fil"),
        ("sv", "sv"),
    ],
)
def test_language_of_keeps_only_a_written_script(identifier, expected):
    assert language_of(identifier) == expected


@pytest.mark.parametrize(
    "identifier, direction",
    [("he_IL", "rtl"), ("ar_IL", "rtl"), ("fr_BE", "ltr"), ("sr_Cyrl_RS", "ltr"), ("km_KH", "ltr")],
)
def test_text_direction(identifier, direction):
    assert text_direction(identifier) == direction


@pytest.mark.parametrize(
    "identifier, in_locale, expected",
    [
        ("fr_BE", "fr_BE", "français (Belgique)"),
        ("nl_BE", "fr_BE", "néerlandais (Belgique)"),
        ("sr_Cyrl_RS", "sr_Cyrl_RS", "српски (ћирилица, Србија)"),
        ("sr_Latn_ME", "sr_Latn_ME", "srpski (latinica, Crna Gora)"),
        ("sr_Latn_ME", "en", "Serbian (Latin, Montenegro)"),
        ("sq_XK", "sq_XK", "shqip (Kosovë)"),
    ],
)
def test_language_display_names_come_from_babel(identifier, in_locale, expected):
    assert language_display_name(identifier, in_locale) == expected


def test_country_names_come_from_babel():
    assert territory_name("BE", "fr_BE") == "Belgique"
    assert territory_name("BE", "nl_BE") == "België"
    assert territory_name("XK", "sq_XK") == "Kosovë"
    assert territory_name("XK", "en") == "Kosovo"
    assert territory_name("XK", "sr_Latn_XK") == "Kosovo"


def test_known_country_codes_include_kosovo_but_not_regions():
    assert is_known_country("XK")
    assert is_known_country("BE")
    for code in ("ZZ", "EU", "UN", "QQ", "be", "BEL"):
        assert not is_known_country(code)
