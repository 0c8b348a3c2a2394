"""Save-to-update latency of `campaign preview`.

On a scratch copy of the project, starts the preview server, opens an
edition, then saves a changed translation in its PO file again and again (as
a translator's editor would) and measures, for each save:

- save → update event: from the PO file's modification time to the server's
  event saying the edition was laid out again (what the page reacts to);
- save → pictures: that plus fetching the new page images, which is when the
  page shows the change (the page itself shows this figure to the translator).

Prints every figure and the median and worst. Usage:

    .venv/bin/python benchmarks/preview_latency.py [--saves 10] [--edition FR/fr_FR/children]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from campaign.po_files import catalog_chain, po_path
from campaign.preview.process import EventStream, PreviewProcess
from campaign.project import Project

REPO = Path(__file__).resolve().parent.parent
GOAL_MS = 1000


def copy_project(destination: Path) -> Project:
    for name in ("registry", "templates", "locales"):
        shutil.copytree(REPO / name, destination / name, ignore=shutil.ignore_patterns("*.mo"))
    return Project(destination)


# The first translation in the file (not the header's empty msgstr).
FIRST_TRANSLATION = re.compile(r'^msgstr "(?=[^"\n])', re.MULTILINE)


def save_changed(path: Path, original: str, number: int) -> float:
    """Save the catalog with its first translation changed; the save's time."""
    # Letters, not digits: the catalog checks refuse numbers the English does not have.
    changed, count = FIRST_TRANSLATION.subn(f'msgstr "{"x" * number} ', original, count=1)
    if not count:
        sys.exit(f"{path}: no translated message to change")
    path.write_text(changed, encoding="utf-8")
    return os.stat(path).st_mtime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--edition", default="FR/fr_FR/children", help="COUNTRY/LOCALE/AUDIENCE")
    args = parser.parse_args()
    country, locale, audience = args.edition.split("/")
    with tempfile.TemporaryDirectory(prefix="preview-latency-") as scratch:
        project = copy_project(Path(scratch))
        catalog = po_path(project, catalog_chain(locale)[-1])
        query = f"/api/preview?country={country}&locale={locale}&audience={audience}&target=screen"
        with PreviewProcess(project.root) as preview:
            events = EventStream(preview.address)
            started = time.time()
            preview.get_json(query)
            update, arrived = events.next_update(args.edition, 0)
            print(f"first layout (cold: fonts, templates, catalog): {(arrived - started) * 1000:.0f} ms")
            to_event, to_pictures = [], []
            original = catalog.read_text(encoding="utf-8")
            for number in range(1, args.saves + 1):
                saved = save_changed(catalog, original, number)
                update, arrived = events.next_update(args.edition, update["version"])
                state = preview.get_json(query)
                for page in state["pages"]:
                    preview.get_bytes(page)
                shown = time.time()
                if state["errors"]:
                    sys.exit("the changed catalog did not lay out: " + "; ".join(state["errors"]))
                to_event.append((arrived - saved) * 1000)
                to_pictures.append((shown - saved) * 1000)
                print(f"save {number:2}: update event after {to_event[-1]:4.0f} ms, "
                      f"pictures after {to_pictures[-1]:4.0f} ms (layout {state['layout_ms']} ms)")
            events.close()
    print()
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
          f"load average {load} (other work on the machine slows the preview down)")
    for name, figures in (("save → update event", to_event), ("save → pictures", to_pictures)):
        print(f"{name}: median {statistics.median(figures):.0f} ms, worst {max(figures):.0f} ms "
              f"over {len(figures)} saves (goal ≤ {GOAL_MS} ms)")


if __name__ == "__main__":
    main()
