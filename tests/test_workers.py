"""Worker processes: a stuck render is stopped and reported; Ctrl-C keeps earlier output."""

import json
import signal
import subprocess
import sys
import time

from campaign.editions import Edition
from campaign.options import BuildOptions
from campaign.workers import WorkerPool, locale_groups


def test_stuck_render_times_out_and_the_rest_still_builds(project):
    # The stuck edition comes first in its locale's task: the editions after
    # it in that task must be handed to the replacement worker.
    editions = [Edition("BE", "fr_BE", "children"), Edition("BE", "fr_BE", "teens"),
                Edition("BE", "fr_BE", "parents"), Edition("AT", "de_AT", "teens")]
    assert len(locale_groups(editions)) == 2
    results = []
    pool = WorkerPool(project, BuildOptions(), jobs=2, timeout=3,
                      builder="stuck_builder:StuckOnBelgianChildren")
    started = time.monotonic()
    pool.run(editions, results.append)
    assert time.monotonic() - started < 30
    by_key = {r.edition.key: r for r in results}
    assert len(results) == 4
    assert not by_key["BE/fr_BE/children"].ok
    assert "timed out after 3 s" in by_key["BE/fr_BE/children"].error
    assert all(by_key[key].ok for key in ("BE/fr_BE/teens", "BE/fr_BE/parents", "AT/de_AT/teens"))


def test_each_locale_goes_to_one_task_of_bounded_size():
    editions = [Edition(c, "en_XA", a) for c in ("AT", "BE", "CH") for a in ("children", "teens")]
    editions.append(Edition("DE", "de_DE", "teens"))
    groups = locale_groups(editions)
    assert [len(g) for g in groups] == [6, 1]
    assert {e.locale for _, e in groups[0]} == {"en_XA"}
    assert sorted(i for g in groups for i, _ in g) == list(range(len(editions)))


def test_interrupted_build_keeps_earlier_leaflets(project_copy):
    command = [sys.executable, "-m", "campaign", "--project", str(project_copy.root), "build"]
    first = subprocess.run(command + ["--country", "AT"], capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    earlier = {p: p.read_bytes() for p in project_copy.output_dir.rglob("*.pdf")}
    # Change every leaflet, start a large rebuild, and interrupt it like Ctrl-C.
    css = project_copy.templates_dir / "assets" / "leaflet.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    process = subprocess.Popen(command + ["--country", "AT", "--country", "BE", "--country", "CH"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode != 0
    for path, content in earlier.items():
        now = path.read_bytes()
        # Each leaflet is either the earlier one or a complete new one, never half.
        assert now == content or now.rstrip().endswith(b"%%EOF")
    assert not list(project_copy.output_dir.rglob("*.tmp"))
    manifest = json.loads((project_copy.output_dir / ".manifest.json").read_text())
    assert manifest["version"] == 1
