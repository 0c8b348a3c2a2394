"""The start-up check names what is missing and the command that installs it."""

import ctypes
import ctypes.util
from pathlib import Path

import pytest

from campaign import fonts
from campaign.errors import CampaignError


def test_native_parts_present_on_this_machine():
    assert fonts.missing_native_parts() == []


def test_missing_harfbuzz_subset_stops_with_install_command(monkeypatch):
    # A machine without it: neither loading it by file name nor looking it up finds it.
    real_load, real_find = ctypes.CDLL, ctypes.util.find_library

    def load(name, *args, **kwargs):
        if "harfbuzz-subset" in name:
            raise OSError(f"{name}: cannot open shared object file")
        return real_load(name, *args, **kwargs)

    monkeypatch.setattr(ctypes, "CDLL", load)
    monkeypatch.setattr(
        ctypes.util, "find_library",
        lambda name: None if name == "harfbuzz-subset" else real_find(name),
    )
    with pytest.raises(CampaignError) as error:
        fonts.check_native_parts()
    assert "harfbuzz-subset" in str(error.value)
    assert "apt-get install" in str(error.value) and "libharfbuzz-subset0" in str(error.value)


def test_missing_font_is_named(monkeypatch):
    monkeypatch.setattr(fonts, "installed_font_files",
                        lambda: {"NotoSans-Regular.ttf": Path("/usr/share/fonts/NotoSans-Regular.ttf")})
    message = "\n".join(fonts.missing_native_parts())
    assert "NotoSansKhmer-Regular.ttf" in message
    assert "NotoSansCJK-Regular.ttc" in message


@pytest.mark.parametrize(
    "locale, script",
    [("ja_JP", "jpan"), ("ko_KR", "kore"), ("km_KH", "khmr"), ("he_IL", "hebr"),
     ("ar_IL", "arab"), ("sr_Cyrl_RS", "latn"), ("fr_BE", "latn")],
)
def test_script_class(locale, script):
    assert fonts.script_class(locale) == script
