"""Preflight of the whole matrix: every edition, every target.

Builds every edition (or those the filters select) for screen, print (with
crop and fold marks) and archive in a scratch copy of the project, runs
`campaign preflight --format json` on all of them, and prints per target the
number of files, the failures grouped by check (with the first few files
each), and the time each step took. Exits 1 if any file fails. Usage:

    .venv/bin/python benchmarks/preflight_matrix.py [--jobs N] [campaign build filters…]

CI runs a sample of every script and target (tests/test_preflight.py); this
is the full run, about 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAMPAIGN = str(Path(sys.executable).parent / "campaign")
TARGETS = (("screen", []), ("print", ["--marks"]), ("archive", []))


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, completed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", "-j", default=None)
    args, filters = parser.parse_known_args()
    with tempfile.TemporaryDirectory(prefix="preflight-matrix-") as scratch:
        root = Path(scratch)
        for name in ("registry", "templates", "locales"):
            shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
        jobs = ["--jobs", args.jobs] if args.jobs else []
        for target, extra in TARGETS:
            seconds, completed = timed(
                [CAMPAIGN, "build", "--target", target, *extra, *jobs, *filters], root)
            summary = completed.stdout.strip().splitlines()[-1]
            print(f"build {target:<8} {seconds:6.1f} s  {summary}", flush=True)
            if completed.returncode != 0:
                print(completed.stdout[-3000:], completed.stderr[-3000:])
                return 1
        seconds, completed = timed([CAMPAIGN, "preflight", "--format", "json", *filters], root)
        if not completed.stdout.strip():
            print(completed.stderr[-3000:])
            return 1
        reports = json.loads(completed.stdout)
    print(f"preflight        {seconds:6.1f} s  {len(reports)} files, "
          f"{seconds / max(len(reports), 1):.2f} s per file")
    return summarise(reports)


def summarise(reports: list[dict]) -> int:
    failures: dict[tuple[str, str], list[str]] = defaultdict(list)
    for report in reports:
        for check in report["checks"]:
            if not check["ok"]:
                failures[(report["target"], check["name"])].append(
                    f"{report['edition']}: {check['detail']}")
    for target, _ in TARGETS:
        files = [r for r in reports if r["target"] == target]
        passed = sum(r["ok"] for r in files)
        print(f"{target:<8} {len(files)} files, {passed} passed, {len(files) - passed} failed")
        for (failed_target, name), places in sorted(failures.items()):
            if failed_target == target:
                print(f"  {name}: {len(places)} files, e.g.")
                for place in places[:3]:
                    print(f"    {place[:300]}")
    return 0 if all(r["ok"] for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
