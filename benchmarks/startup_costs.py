"""Where the time of a one-edition build goes, step by step, against `weasyprint`.

Runs the steps of `campaign build` for one edition (FR parents by default)
in a fresh Python process, timing each with the CPU time of that process
(wall time is printed too, but on a shared machine only CPU time is stable),
several times, and prints the median of each step beside the same breakdown
for the `weasyprint` command on that edition's HTML. docs/architecture.md
("Start-up costs") quotes its output. Usage:

    .venv/bin/python benchmarks/startup_costs.py [--runs N] [--edition FR/fr_FR/parents]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Each probe runs in a fresh interpreter and prints one JSON object:
# step name → [cpu seconds, wall seconds], in the order of the steps. CPU
# includes the programs a step runs (WeasyPrint's import runs ldconfig, gcc
# and ld through ctypes.util.find_library).
STEPS = r"""
import json, resource, sys, time
steps = {}
def cpu_time():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
def step(name, cpu=[cpu_time()], wall=[time.perf_counter()]):
    now_cpu, now_wall = cpu_time(), time.perf_counter()
    steps[name] = [now_cpu - cpu[0], now_wall - wall[0]]
    cpu[0], wall[0] = now_cpu, now_wall
"""
# Steps a probe times after its first leaflet, for comparison only.
NOT_TO_THE_FIRST_LEAFLET = ("a second leaflet in the warm process",
                            "validate the registry again, as after an edit (no cache)")

CAMPAIGN_PROBE = STEPS + r"""
import click
from campaign.cli import main
main.get_command(click.Context(main), "build")
step("import the command line and its build command (click, campaign)")
import gc
gc.disable()  # as `campaign build` does until its first leaflet
from pathlib import Path
from campaign.editions import Edition
from campaign.fonts import check_native_parts
from campaign.imprint import load_imprint
from campaign.options import BuildOptions
from campaign.pipeline import options_key
from campaign.project import Project
from campaign.registry import load_registry
step("import the start-up code (registry, editions, Babel's locales)")
project = Project(Path(sys.argv[1]))
edition = Edition(*sys.argv[2].split("/"))
check_native_parts()
step("check fonts and native libraries")
registry = load_registry(project.registry_dir, cache_dir=project.cache_dir)
load_imprint(project.root)
step("load the registry (validated, cached), the imprint")
from campaign.manifest import Fingerprints, Manifest
fingerprint = Fingerprints(project, options_key(BuildOptions())).edition(edition)
Manifest(project.output_dir)
step("fingerprint the inputs, read the manifest")
from campaign.native_libraries import import_weasyprint
import_weasyprint()  # as build_editions does
import weasyprint
step("import WeasyPrint (cffi declarations, fontTools, CSS)")
from campaign.build import EditionBuilder
step("import the builder (babel, jinja2, pyphen, icu4py)")
builder = EditionBuilder(project, registry)
step("start the builder (font configuration, templates, source date)")
catalog = builder.catalog(edition.locale)
step("load the catalog (compiled, cached)")
result = builder.build(edition, BuildOptions())
assert result.ok, result.error
step("first leaflet: the whole build (HTML, layout, checks, PDF, write)")
result = builder.build(edition, BuildOptions())
step("a second leaflet in the warm process")
load_registry(project.registry_dir)
step("validate the registry again, as after an edit (no cache)")
print(json.dumps(steps))
"""

WEASYPRINT_PROBE = STEPS + r"""
import weasyprint
from weasyprint.__main__ import main
step("import WeasyPrint and its command line")
main([sys.argv[1], sys.argv[2]])
step("the leaflet: parse HTML and CSS, layout, PDF, write")
print(json.dumps(steps))
"""


def interpreter_start(runs: int) -> tuple[float, float]:
    """CPU and wall seconds of `python -c pass` (a child's CPU from getrusage)."""
    cpu, wall = [], []
    for _ in range(runs):
        seconds, child_cpu = timed([sys.executable, "-c", "pass"])
        cpu.append(child_cpu)
        wall.append(seconds)
    return statistics.median(cpu), statistics.median(wall)


def timed(command, cwd=None) -> tuple[float, float]:
    import resource
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def probe(code: str, args: list[str], runs: int, cwd: Path) -> dict[str, tuple[float, float]]:
    samples: dict[str, list] = {}
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, check=True,
                                capture_output=True, text=True).stdout
        for name, (cpu, wall) in json.loads(output.splitlines()[-1]).items():
            samples.setdefault(name, []).append((cpu, wall))
    return {name: (statistics.median(c for c, _ in values), statistics.median(w for _, w in values))
            for name, values in samples.items()}


def print_table(title: str, start: tuple[float, float], steps: dict) -> float:
    """Print the steps; returns the CPU seconds to the first leaflet."""
    print(f"\n{title}")
    print(f"  {'step':66s} {'CPU ms':>7s} {'wall ms':>8s}")
    rows = [("start Python", start)] + list(steps.items())
    for name, (cpu, wall) in rows:
        print(f"  {name:66s} {cpu * 1000:7.0f} {wall * 1000:8.0f}")
    counted = [(cpu, wall) for name, (cpu, wall) in rows if name not in NOT_TO_THE_FIRST_LEAFLET]
    total_cpu = sum(cpu for cpu, _ in counted)
    print(f"  {'to the first leaflet':66s} {total_cpu * 1000:7.0f} "
          f"{sum(wall for _, wall in counted) * 1000:8.0f}")
    return total_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per probe (median)")
    parser.add_argument("--edition", default="FR/fr_FR/parents")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="campaign-startup-"))
    try:
        for name in ("registry", "templates", "locales"):
            shutil.copytree(REPO / name, scratch / name, ignore=shutil.ignore_patterns("*.mo"))
        shutil.copy(REPO / "campaign.toml", scratch)
        country, locale, audience = args.edition.split("/")
        # Compile the catalog, keep the validated registry (as any build does)
        # and write the HTML the naive command renders.
        subprocess.run([str(Path(sys.executable).parent / "campaign"), "build", "--html",
                        "--country", country, "--locale", locale, "--audience", audience],
                       cwd=scratch, check=True, capture_output=True)
        html = scratch / "output" / country / locale / f"{audience}.html"
        start = interpreter_start(args.runs)
        ours = probe(CAMPAIGN_PROBE, [str(scratch), args.edition], args.runs, scratch)
        theirs = probe(WEASYPRINT_PROBE, [str(html), str(scratch / "naive.pdf")], args.runs,
                       scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"Medians of {args.runs} fresh processes each; edition {args.edition}.")
    first = print_table("campaign build, step by step (one edition, in one process):",
                        start, ours)
    theirs = print_table("the weasyprint command on the same edition's HTML:", start, theirs)
    print(f"\nCPU to the first leaflet: campaign {first * 1000:.0f} ms, weasyprint "
          f"{theirs * 1000:.0f} ms, ratio {first / theirs:.2f}")


if __name__ == "__main__":
    main()
