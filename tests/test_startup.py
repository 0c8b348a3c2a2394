"""What a build pays before it renders: the command line and the build's
start-up import nothing heavy, and the caches that make start-up cheap never
hide a change (benchmarks/startup_costs.py measures the time; tests do not)."""

import json
import subprocess
import sys

import pytest

# Each is imported by the renderer only; a module that the command line or a
# build with nothing to do imports must not pull them in.
HEAVY = ("weasyprint", "fontTools", "cffi", "jinja2", "pyphen", "pikepdf")


def modules_loaded_by(statement: str) -> set[str]:
    """Top-level packages in sys.modules after `statement`, in a fresh interpreter."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout
    return set(json.loads(output.splitlines()[-1]))


@pytest.mark.parametrize("module", ["campaign.cli", "campaign.pipeline", "campaign.manifest",
                                    "campaign.registry", "campaign.targets"])
def test_importing_the_command_line_and_the_build_start_up_imports_no_renderer(module):
    loaded = modules_loaded_by(f"import {module}")
    assert module.split(".")[0] in loaded  # the probe does see what it imports
    assert not loaded & set(HEAVY), f"import {module} loads {sorted(loaded & set(HEAVY))}"


def test_the_probe_sees_a_heavy_import():
    """The check above can fail: importing what renders does load WeasyPrint."""
    assert "weasyprint" in modules_loaded_by("import campaign.text_layer")
