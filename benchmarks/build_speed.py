"""Build-speed benchmark: the cost curve of `campaign build` against a naive loop.

For builds of 1, 3, 15, 75 and 225 editions it prints, from one run:

- `campaign build --force` on that selection (median of three runs, `--runs`),
- the naive alternative: the `weasyprint` command once per edition, on the
  HTML that `campaign build --html` writes (sequential, as a shell loop would
  run it),
- the ratio (how many times faster campaign is) and the peak memory of the
  whole process tree (the command and its workers),

then a cold build of the largest selection (no output, so no fit is
recorded and copyfitting searches every edition: the forced builds above
confirm the fits their first build recorded, with one layout each), a
rebuild with nothing changed and one after a catalog changed. The
selections:

     1  --country FR --audience parents   (one leaflet)
     3  --country FR                      (one country, one language)
    15  --country JP DE TH IL             (four countries, five languages, four scripts)
    75  --audience parents                (one leaflet in each of the 75 languages)
   225  everything                        (55 countries, every language and audience)

The naive loop runs once over the 225 HTML files, timing each command, in
as many slices as there are campaign runs: each round of campaign builds (one
per size) is followed by a slice, so that both meet the machine in the same
state (on a shared virtual machine speeds drift by 10 % within minutes, and
a naive loop timed after all the builds made the 225 ratio drift with them).
A selection's naive time is the sum over its editions (the loop's commands
are independent, so a loop over fewer files takes exactly their sum).
`--quick` measures 1, 3 and 15 only (about a minute); `--no-naive-225`
runs the naive loop over the 75 editions only and prints the 225 figure
extrapolated from them, labelled as such. Builds run on a scratch copy of
the project whose catalogs and templates were compiled by an earlier build,
as they are after any build. CPU seconds (of the whole process tree) are
printed too: on a shared machine they vary far less than wall time. Usage:

    .venv/bin/python benchmarks/build_speed.py [--quick] [--no-naive-225] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = 3  # campaign builds per size; the median counts (--runs)

# editions → campaign build filters (and how the README names them)
SIZES = {
    1: ["--country", "FR", "--audience", "parents"],
    3: ["--country", "FR"],
    15: ["--country", "JP", "--country", "DE", "--country", "TH", "--country", "IL"],
    75: ["--audience", "parents"],
    225: [],
}
QUICK_SIZES = (1, 3, 15)
# The scratch copies are not git checkouts, so without a fixed date every PDF
# would be dated by the newest file, and the catalog change of the last step
# would re-date (and so rebuild) every leaflet. A release build fixes it the same way.
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"


@dataclass
class Measured:
    wall: float  # seconds
    cpu: float  # seconds of CPU, the process and all its descendants
    peak: int  # bytes of resident memory, the whole process tree at its largest


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            continue
    return total


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str], cwd: Path) -> tuple[Measured, str]:
    """Run `command`; its wall time, CPU time and peak tree memory, and its output."""
    cpu_before = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss_bytes(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.communicate()[0]
    wall = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return Measured(wall, children_cpu() - cpu_before, peak), output


def median_of(measurements: list[Measured]) -> Measured:
    return Measured(statistics.median(m.wall for m in measurements),
                    statistics.median(m.cpu for m in measurements),
                    max(m.peak for m in measurements))


def scratch_project() -> Path:
    root = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    for name in ("registry", "templates", "locales"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy2(REPO / "campaign.toml", root / "campaign.toml")  # the publisher: part of the project
    return root


def html_files(root: Path, filters: list[str]) -> list[Path]:
    """The HTML of the editions a selection builds (written by the --html build)."""
    from campaign.editions import Selection
    from campaign.locales import PSEUDO_LOCALES
    from campaign.registry import load_registry

    wanted = {"--country": [], "--locale": [], "--audience": []}
    for flag, value in zip(filters[::2], filters[1::2]):
        wanted[flag].append(value)
    selection = Selection(*(tuple(wanted[flag]) for flag in ("--country", "--locale", "--audience")))
    editions = selection.editions(load_registry(root / "registry"), PSEUDO_LOCALES)
    return [root / "output" / f"{edition.key}.html" for edition in editions]


def naive_loop(files: list[Path]) -> dict[Path, Measured]:
    """One `weasyprint` command per file, in sequence, each timed."""
    return {html: run_measured([str(BIN / "weasyprint"), str(html),
                                str(html.with_suffix(".naive.pdf"))], html.parent)[0]
            for html in files}


def change_one_catalog(root: Path) -> str | None:
    catalogs = sorted((root / "locales").glob("*/LC_MESSAGES/leaflets.po"))
    if not catalogs:
        return None
    catalog = catalogs[0]
    with catalog.open("a", encoding="utf-8") as stream:
        stream.write("\n# benchmark: a translator saved this file\n")
    return catalog.parent.parent.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 1, 3 and 15 editions")
    parser.add_argument("--no-naive-225", action="store_true",
                        help="skip the naive loop's 150 editions beyond the 75; extrapolate")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--runs", type=int, default=RUNS,
                        help=f"campaign builds per size, the median counts (default {RUNS})")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    sizes = QUICK_SIZES if args.quick else tuple(SIZES)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    campaign = [str(BIN / "campaign"), "build", *jobs]
    root = scratch_project()
    try:
        # Compiles the catalogs and templates, as any earlier build would have,
        # and writes the HTML for the naive loop; not timed.
        for filters in ([SIZES[size] for size in sizes] if args.quick else [[]]):
            subprocess.run(campaign + ["--html", *filters], cwd=root, check=True,
                           capture_output=True)
        selected = {size: html_files(root, SIZES[size]) for size in sizes}
        naive_files = sorted(set().union(*(selected[s] for s in sizes if s != 225 or not args.no_naive_225)))
        runs = {size: [] for size in sizes}
        naive = {}
        for round_ in range(args.runs):
            # Each round builds every size once, then times a slice of the
            # naive loop, so that both meet the machine in the same state.
            for size in sizes:
                runs[size].append(run_measured(campaign + ["--force", *SIZES[size]], root)[0])
            naive |= naive_loop(naive_files[round_::args.runs])
        builds = {size: (median_of(samples), samples) for size, samples in runs.items()}
        cold = cold_build(campaign, root, max(sizes))  # after the naive loop: it removes the HTML
        rebuilds = None if args.quick else rebuild_times(campaign, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(sizes, selected, builds, naive, rebuilds, args.runs, load_before, cold)


def cold_build(campaign, root, size):
    """The largest selection built with no output and no manifest: no fit is
    recorded, so every edition's copyfitting searches (two to six layouts)."""
    shutil.rmtree(root / "output")
    measured, _ = run_measured(campaign + SIZES[size], root)
    return size, measured


def rebuild_times(campaign, root):
    unchanged, _ = run_measured(campaign, root)
    language = change_one_catalog(root)
    changed, output = run_measured(campaign, root)
    built = [line for line in output.splitlines() if line.startswith("Built")]
    return unchanged, language, changed, built[-1] if built else ""


def report(sizes, selected, builds, naive, rebuilds, runs: int, load_before: float, cold) -> None:
    print(f"Machine: {platform.processor() or platform.machine()}, "
          f"{len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; load average {load_before:.1f} before the run, "
          f"{os.getloadavg()[0]:.1f} after (a busy machine makes the wall times meaningless)")
    print(f"campaign build --force: median of {runs} runs; naive loop: one `weasyprint` "
          "command per edition, in sequence.\n")
    print(f"{'editions':>8}  {'campaign build':>14}  {'CPU':>6}  {'peak memory':>11}  "
          f"{'naive loop':>14}  {'CPU':>6}  {'ratio':>6}  runs (s)")
    for size in sizes:
        build, samples = builds[size]
        files = selected[size]
        measured = [naive[html] for html in files if html in naive]
        if len(measured) == len(files):
            naive_wall = sum(m.wall for m in measured)
            naive_cpu = f"{sum(m.cpu for m in measured):6.2f}"
            label = ""
        else:  # --no-naive-225: the mean per edition of the 75, times 225
            per_edition = statistics.mean(m.wall for m in naive.values())
            naive_wall = per_edition * len(files)
            naive_cpu, label = "     -", "  (naive extrapolated)"
        print(f"{size:8d}  {build.wall:12.2f} s  {build.cpu:6.2f}  {build.peak / 2**20:7.0f} MiB  "
              f"{naive_wall:12.2f} s  {naive_cpu}  {naive_wall / build.wall:5.2f}x  "
              f"{', '.join(f'{run.wall:.2f}' for run in samples)}{label}")
    size, measured = cold
    files = selected[size]
    if all(html in naive for html in files):
        naive_wall = sum(naive[html].wall for html in files)
        ratio = f", {naive_wall / measured.wall:.2f}x the naive loop"
    else:
        ratio = ""
    print(f"\nCold build of the {size} (no fits recorded: copyfitting searches every edition): "
          f"{measured.wall:.2f} s, CPU {measured.cpu:.2f}{ratio}")
    if rebuilds:
        unchanged, language, changed, built = rebuilds
        print(f"\nRebuild with nothing changed: {unchanged.wall:.2f} s")
        print(f"Rebuild after one catalog changed ({language}): {changed.wall:.2f} s ({built})")


if __name__ == "__main__":
    main()
