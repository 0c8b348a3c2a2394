"""Build-speed benchmark: campaign's parallel, incremental build vs a naive loop.

Runs, on the same editions and in one run, on a scratch copy of the project:

1. a cold full build (`campaign build --force`), all editions, three times
   on fresh copies (the median counts);
2. the naive alternative: the `weasyprint` command once per edition, on the
   HTML that `campaign build --html` writes (sequential, as a shell loop
   would run it);
3. a rebuild with nothing changed;
4. a rebuild after one catalog changed (only that language's editions);

and prints leaflets per second, the ratios, and the peak memory of the whole
build (the command and all its workers). Usage:

    .venv/bin/python benchmarks/build_speed.py [--jobs N] [campaign build filters…]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLD_RUNS = 3
BIN = Path(sys.executable).parent
# The scratch copies are not git checkouts, so without a fixed date every PDF
# would be dated by the newest file and the catalog change in step 4 would
# re-date (and so rebuild) every leaflet. A release build fixes it the same way.
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"


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


def run_measured(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run `command`; return (seconds, peak tree RSS in bytes, output)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss_bytes(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.communicate()[0]
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return elapsed, peak, output


def scratch_project() -> Path:
    root = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    for name in ("registry", "templates", "locales"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    return root


def naive_loop(html_files: list[Path]) -> float:
    start = time.perf_counter()
    for html in html_files:
        subprocess.run([str(BIN / "weasyprint"), str(html), str(html.with_suffix(".naive.pdf"))],
                       check=True, capture_output=True)
    return time.perf_counter() - start


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
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--skip-naive", action="store_true",
                        help="skip the slow naive loop (for a quick look)")
    args, filters = parser.parse_known_args()
    campaign = [str(BIN / "campaign"), "build", *filters]
    if args.jobs:
        campaign += ["--jobs", str(args.jobs)]
    colds, root = [], None
    try:
        # This machine's speed drifts by ±10% from minute to minute, so the
        # cold build (half a minute) is timed three times, each on a fresh
        # copy with nothing compiled or cached, and the median is used.
        for _ in range(COLD_RUNS):
            if root is not None:
                shutil.rmtree(root, ignore_errors=True)
            root = scratch_project()
            colds.append(run_measured(campaign + ["--force"], root)[:2])
        # HTML for the naive loop; not timed (it also writes each HTML file).
        subprocess.run(campaign + ["--force", "--html"], cwd=root, check=True, capture_output=True)
        html_files = sorted((root / "output").rglob("*.html"))
        count = len(html_files)
        naive = None if args.skip_naive else naive_loop(html_files)
        unchanged, _, _ = run_measured(campaign, root)
        language = change_one_catalog(root)
        changed, _, changed_output = run_measured(campaign, root) if language else (None, 0, "")
    finally:
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    cold = statistics.median(seconds for seconds, _ in colds)
    cold_peak = max(peak for _, peak in colds)
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform()}")
    print(f"Editions: {count}")
    print(f"Cold full build:      {cold:7.1f} s  {count / cold:6.2f} leaflets/s  "
          f"peak memory {cold_peak / 2**20:,.0f} MiB  "
          f"(median of {', '.join(f'{seconds:.1f}' for seconds, _ in colds)} s)")
    if naive is not None:
        print(f"Naive weasyprint loop:{naive:7.1f} s  {count / naive:6.2f} leaflets/s")
        print(f"Speed-up over the naive loop: {naive / cold:.1f}x")
    print(f"No-change rebuild:    {unchanged:7.2f} s")
    if language:
        rebuilt = [line for line in changed_output.splitlines() if line.startswith("Built")]
        print(f"One catalog changed ({language}): {changed:.2f} s  ({rebuilt[-1] if rebuilt else ''})")


if __name__ == "__main__":
    main()
