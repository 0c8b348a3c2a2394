"""Hyphenation dictionaries read from the cache hyphenate exactly as freshly parsed ones."""

import pyphen
import pytest

from campaign import hyphenation

# German (the biggest dictionaries) and Hungarian (nonstandard points: "ssz" → "sz-sz").
EXTRA_WORDS = ["Kinderschutzbund", "Rechtsschutzversicherungsgesellschaften", "asszony",
               "hosszú", "vissza", "Online-Sicherheit"]


@pytest.fixture
def fresh_pyphen_cache(monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})


@pytest.mark.parametrize("tag", ["de-DE", "hu-HU"])
def test_cached_dictionary_hyphenates_like_the_parsed_one(tmp_path, fresh_pyphen_cache, tag):
    name = pyphen.language_fallback(tag)
    path = pyphen.LANGUAGES[name]
    parsed = pyphen.HyphDict(path)
    hyphenation.preload(tmp_path, tag)  # parses and writes the cache
    assert list((tmp_path / "hyphenation").glob(f"{name}-*.marshal"))
    pyphen.hdcache.clear()
    hyphenation.preload(tmp_path, tag)  # reads it back
    restored = pyphen.hdcache[path]
    assert restored is not parsed and restored.maxlen == parsed.maxlen
    # Every 20th pattern as a word (thousands of words, each touching many patterns).
    words = [pattern.strip(".") for pattern in list(parsed.patterns)[::20]] + EXTRA_WORDS
    for word in words:
        got = [(int(point), point.data) for point in restored.positions(word)]
        assert got == [(int(point), point.data) for point in parsed.positions(word)], word
    if tag == "hu-HU":  # the nonstandard points were restored with their data
        assert any(point.data for word in words for point in restored.positions(word))


def test_damaged_cache_is_parsed_again(tmp_path, fresh_pyphen_cache):
    hyphenation.preload(tmp_path, "nb-NO")
    [cached] = (tmp_path / "hyphenation").glob("nb_NO-*.marshal")
    cached.write_bytes(b"not marshal data")
    pyphen.hdcache.clear()
    hyphenation.preload(tmp_path, "nb-NO")
    assert pyphen.Pyphen(lang="nb_NO").inserted("barnevern") == pyphen.Pyphen(
        filename=pyphen.LANGUAGES["nb_NO"], cache=False).inserted("barnevern")


def test_languages_without_a_dictionary_are_left_alone(tmp_path, fresh_pyphen_cache):
    hyphenation.preload(tmp_path, "ja-JP")
    assert pyphen.hdcache == {} and not (tmp_path / "hyphenation").exists()
