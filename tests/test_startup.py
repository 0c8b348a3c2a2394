"""What a build pays before it renders: the command line and the build's
start-up import nothing heavy, and the caches that make start-up cheap never
hide a change (benchmarks/startup_costs.py measures the time; tests do not)."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.errors import InputError
from campaign.registry import load_registry, loader
from test_registry import BE, TODAY, make_registry

# Each is imported by the renderer only; a module that the command line or a
# build with nothing to do imports must not pull them in.
HEAVY = ("weasyprint", "fontTools", "cffi", "jinja2", "pyphen", "pikepdf")


def modules_loaded_by(statement: str) -> dict[str, str | None]:
    """Every module in sys.modules after `statement` in a fresh interpreter, with its file."""
    code = (f"{statement}\nimport json, sys\nprint(json.dumps("
            "{name: getattr(module, '__file__', None) for name, module in sys.modules.items()}))")
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout
    return json.loads(output.splitlines()[-1])


def packages_loaded_by(statement: str) -> set[str]:
    return {name.split(".")[0] for name in modules_loaded_by(statement)}


@pytest.mark.parametrize("module", ["campaign.cli", "campaign.pipeline", "campaign.manifest",
                                    "campaign.registry", "campaign.targets"])
def test_importing_the_command_line_and_the_build_start_up_imports_no_renderer(module):
    loaded = packages_loaded_by(f"import {module}")
    assert "campaign" in loaded  # the probe does see what it imports
    assert not loaded & set(HEAVY), f"import {module} loads {sorted(loaded & set(HEAVY))}"


def test_deciding_whether_to_fork_a_worker_imports_no_renderer():
    """The scheduler asks before WeasyPrint is imported (native_libraries.py
    imports it later, without running a compiler)."""
    loaded = packages_loaded_by("from campaign.workers import can_fork\nassert can_fork()")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_a_command_module_is_imported_only_when_its_command_is_asked_for():
    def command_modules(loaded):
        return {name for name in loaded if name.startswith("campaign.commands.")}

    assert not command_modules(modules_loaded_by("import campaign.cli"))
    asked = modules_loaded_by("import click\nfrom campaign.cli import main\n"
                              "assert main.get_command(click.Context(main), 'build').name == 'build'")
    assert command_modules(asked) == {"campaign.commands.build", "campaign.commands.filters"}


def test_the_probe_sees_a_heavy_import():
    """The check above can fail: importing what renders does load WeasyPrint."""
    assert "weasyprint" in packages_loaded_by("import campaign.text_layer")


# --- the validated registry, kept in .cache/registry/ -------------------------

@pytest.fixture
def cached(tmp_path, monkeypatch):
    """A small registry, loaded once through the cache; then every load that
    validates again is counted."""
    registry, cache = make_registry(tmp_path), tmp_path / ".cache"
    first = load_registry(registry, today=TODAY, cache_dir=cache)
    validations = []
    real = loader.RegistryLoader.load_valid
    monkeypatch.setattr(loader.RegistryLoader, "load_valid",
                        lambda self: validations.append(1) or real(self))
    return registry, cache, first, validations


def test_a_registry_that_passed_is_read_back_without_validating_again(cached):
    registry, cache, first, validations = cached
    again = load_registry(registry, today=TODAY, cache_dir=cache)
    assert again == first == load_registry(registry, today=TODAY)
    assert validations == [1]  # only the load without a cache validated
    assert len(list((cache / "registry").glob("*.pickle"))) == 1


def test_an_edit_of_the_same_size_and_time_is_validated_and_reported(cached):
    """The key is the files' bytes, not their size or time: a phone number
    made invalid in place, its modification time put back, is still caught."""
    registry, cache, _, validations = cached
    path = registry / "countries" / "BE.toml"
    status = path.stat()
    path.write_text(BE.replace('phone = "102"', 'phone = "1O2"'), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    with pytest.raises(InputError) as error:
        load_registry(registry, today=TODAY, cache_dir=cache)
    assert any("countries/BE.toml" in str(p) and "services[1].phone" in str(p)
               for p in error.value.problems)
    assert validations == [1]
    # and it stays reported: a registry with problems is never kept
    with pytest.raises(InputError):
        load_registry(registry, today=TODAY, cache_dir=cache)


def test_a_valid_edit_a_new_country_file_and_a_removed_one_each_load_the_new_registry(cached):
    registry, cache, _, _ = cached
    path = registry / "countries" / "BE.toml"
    path.write_text(BE.replace('name = "Awel"', 'name = "Awel vzw"'), encoding="utf-8")
    awel = load_registry(registry, today=TODAY, cache_dir=cache).country("BE").services[1]
    assert awel.name == "Awel vzw"
    (registry / "countries" / "LU.toml").write_text(
        BE.replace('code = "BE"', 'code = "LU"').replace('name = "Belgium"', 'name = "Luxembourg"')
          .replace('["nl_BE", "fr_BE", "de_BE"]', '["fr_LU"]').replace('languages = ["nl"]\n', ''),
        encoding="utf-8")
    assert list(load_registry(registry, today=TODAY, cache_dir=cache).countries) == ["BE", "LU"]
    path.unlink()
    assert list(load_registry(registry, today=TODAY, cache_dir=cache).countries) == ["LU"]


def test_another_day_validates_again(cached):
    """Checks compare dates with today: a date that was in the past yesterday's
    way is in the future on an earlier day."""
    registry, cache, _, validations = cached
    with pytest.raises(InputError) as error:
        load_registry(registry, today=datetime.date(2026, 11, 21), cache_dir=cache)
    assert any("in the future" in str(problem) for problem in error.value.problems)
    assert validations == [1]


def test_a_damaged_cache_file_is_validated_again_and_replaced(cached):
    registry, cache, first, validations = cached
    [kept] = (cache / "registry").glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    assert load_registry(registry, today=TODAY, cache_dir=cache) == first
    assert validations == [1]
    assert load_registry(registry, today=TODAY, cache_dir=cache) == first
    assert validations == [1]


def test_the_cache_key_covers_all_the_code_that_validates():
    """Every campaign module the registry imports is in VALIDATING_CODE, so a
    change to any check validates the registry again."""
    loaded = modules_loaded_by("import campaign.registry")
    package = Path(loader.__file__).resolve().parent.parent
    files = {Path(path).resolve().relative_to(package).as_posix()
             for name, path in loaded.items() if name.split(".")[0] == "campaign"}
    assert files == set(loader.VALIDATING_CODE)


# --- the toolchain's fingerprint ------------------------------------------------


def test_the_native_libraries_are_the_files_their_links_resolve_to():
    """Listing each folder once finds what globbing each name in each finds."""
    from campaign.manifest import LIBRARY_DIRS, NATIVE_LIBRARIES, _native_libraries

    patterns = [f"{folder}/*/{{}}.so.*" for folder in LIBRARY_DIRS[:1]]
    patterns += [f"{folder}/{{}}.so.*" for folder in LIBRARY_DIRS]
    globbed = {f"{real.name} {real.stat().st_size}"
               for pattern in patterns for name in NATIVE_LIBRARIES
               for real in (link.resolve() for link in Path("/").glob(pattern.format(name)[1:]))
               if real.is_file()}
    assert globbed and _native_libraries() == sorted(globbed)


def test_a_font_added_changed_or_removed_changes_the_fingerprint(tmp_path, monkeypatch):
    from campaign import fonts, manifest

    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path / "fonts", tmp_path / "missing"))
    (tmp_path / "fonts" / "noto").mkdir(parents=True)
    font = tmp_path / "fonts" / "noto" / "NotoSans-Regular.ttf"
    font.write_bytes(b"glyphs")
    (tmp_path / "fonts" / "broken.ttf").symlink_to(tmp_path / "nowhere.ttf")
    seen = [manifest._fonts()]
    font.write_bytes(b"Glyphs")  # the same size: a new modification time
    os.utime(font, ns=(0, font.stat().st_mtime_ns + 1_000_000))
    seen.append(manifest._fonts())
    (tmp_path / "fonts" / "NotoSerif-Regular.ttf").write_bytes(b"serifs")
    seen.append(manifest._fonts())
    font.unlink()
    seen.append(manifest._fonts())
    assert len(set(seen)) == 4


def test_the_build_command_collects_no_garbage_while_starting_and_puts_the_collector_back():
    import gc

    from campaign.commands.build import _no_collections_during_start_up

    assert gc.isenabled()
    with pytest.raises(KeyboardInterrupt):
        with _no_collections_during_start_up():
            assert not gc.isenabled()
            raise KeyboardInterrupt
    assert gc.isenabled()
    gc.disable()
    try:
        with _no_collections_during_start_up():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


# --- WeasyPrint's libraries, found without compiler runs ----------------------

NATIVE = ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig")


def loaded_libraries(statement: str) -> set[str]:
    """The native libraries of NATIVE mapped into a fresh interpreter after `statement`."""
    code = (f"{statement}\nimport json\nfrom pathlib import Path\n"
            "print(json.dumps([line.split()[-1] for line in Path('/proc/self/maps').read_text()"
            ".splitlines() if '.so' in line]))")
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout
    return {path for path in json.loads(output.splitlines()[-1])
            if any(f"/lib{name}.so" in path for name in NATIVE)}


def test_weasyprint_loads_the_same_libraries_without_compiler_runs():
    usual = loaded_libraries("import weasyprint")
    ours = loaded_libraries("from campaign.native_libraries import import_weasyprint\n"
                            "import_weasyprint()\nimport weasyprint\n"
                            "import ctypes.util, campaign.native_libraries as n\n"
                            "assert ctypes.util.find_library is not n.find_library")
    assert len(usual) == len(NATIVE) and ours == usual


def test_find_library_gives_ldconfigs_answer_and_runs_it_once(monkeypatch):
    import ctypes.util

    from campaign import native_libraries

    native_libraries._ldconfig_cache.cache_clear()
    runs = []
    real_run = subprocess.run
    monkeypatch.setattr(native_libraries.subprocess, "run",
                        lambda *args, **kwargs: runs.append(args) or real_run(*args, **kwargs))
    for name in NATIVE:
        assert native_libraries.find_library(name) == ctypes.util.find_library(name), name
    # WeasyPrint's names for other systems: no answer, and no compiler asked
    assert native_libraries.find_library("libpango-1.0-0") is None
    assert native_libraries.find_library("pango-1.0-0") is None
    assert len(runs) == 1
