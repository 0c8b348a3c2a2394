"""Hyphenation dictionaries parsed once, kept in the project's cache.

WeasyPrint hyphenates with Pyphen, which parses a language's dictionary the
first time a process meets the language: about 0.45 s of one core for each
of German's three (de_AT, de_CH, de_DE) and for Hungarian, 0.1 s for
Norwegian, in every process that builds such a leaflet. The parsed patterns
are kept in .cache/hyphenation/ as marshal data (plain values, no code) and
read back in a sixth of that time, then handed to Pyphen's own per-process
cache, which is where WeasyPrint's `Pyphen(lang=…)` looks first.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path

import pyphen

from campaign.atomic import write_atomically

FORMAT = 1  # of the cached files; part of their names


def preload(cache_dir: Path, language_tag: str) -> None:
    """Put the dictionary WeasyPrint will use for `language_tag` (e.g. "de-AT")
    into Pyphen's cache, from our cache when it is there. No dictionary for
    the language (Japanese, Thai…): nothing to do."""
    name = pyphen.language_fallback(language_tag)
    if name is None:
        return
    path = pyphen.LANGUAGES[name]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = cached_dictionary(cache_dir, name, path)


def cached_dictionary(cache_dir: Path, name: str, path) -> pyphen.HyphDict:
    data = path.read_bytes()
    key = hashlib.sha256(f"{FORMAT} {pyphen.__version__} {name}\0".encode() + data).hexdigest()
    cached = cache_dir / "hyphenation" / f"{name}-{key[:32]}.marshal"
    try:
        return _restored(marshal.loads(cached.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass  # not cached yet, or damaged: parse the dictionary again
    dictionary = pyphen.HyphDict(path)
    cached.parent.mkdir(parents=True, exist_ok=True)
    for stale in cached.parent.glob(f"{name}-*.marshal"):  # an older Pyphen's
        if stale != cached:
            stale.unlink(missing_ok=True)
    write_atomically(cached, marshal.dumps(_plain(dictionary)))
    return dictionary


def _plain(dictionary: pyphen.HyphDict) -> dict:
    """The patterns as plain data. A nonstandard hyphenation point (Hungarian
    "ssz" → "sz-sz") is a DataInt carrying (change, index, cut); it is kept
    apart as (value, change, index, cut)."""
    plain, alternatives = {}, {}
    for pattern, (start, values) in dictionary.patterns.items():
        if any(getattr(value, "data", None) for value in values):
            alternatives[pattern] = (start, tuple(
                (int(v), *v.data) if getattr(v, "data", None) else int(v) for v in values))
        else:
            plain[pattern] = (start, tuple(int(v) for v in values))
    return {"patterns": plain, "alternatives": alternatives, "maxlen": dictionary.maxlen}


def _restored(data: dict) -> pyphen.HyphDict:
    patterns = data["patterns"]
    for pattern, (start, values) in data["alternatives"].items():
        patterns[pattern] = (start, tuple(
            pyphen.DataInt(v[0], tuple(v[1:])) if isinstance(v, tuple) else v for v in values))
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)  # without parsing the file
    dictionary.patterns = patterns
    dictionary.cache = {}
    dictionary.maxlen = data["maxlen"]
    return dictionary
