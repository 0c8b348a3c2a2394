"""Worker processes: a stuck render is stopped and reported; Ctrl-C keeps earlier output."""

import json
import signal
import subprocess
import sys
import time

from campaign.editions import Edition
from campaign.options import BuildOptions
from campaign.workers import WorkerPool


def test_stuck_render_times_out_and_the_rest_still_builds(project):
    editions = [Edition("BE", "fr_BE", "teens"), Edition("AT", "de_AT", "teens"),
                Edition("AT", "de_AT", "parents")]
    results = []
    pool = WorkerPool(project, BuildOptions(), jobs=2, timeout=3,
                      builder="stuck_builder:StuckOnBelgium")
    started = time.monotonic()
    pool.run(editions, results.append)
    assert time.monotonic() - started < 30
    by_key = {r.edition.key: r for r in results}
    assert not by_key["BE/fr_BE/teens"].ok
    assert "timed out after 3 s" in by_key["BE/fr_BE/teens"].error
    assert by_key["AT/de_AT/teens"].ok and by_key["AT/de_AT/parents"].ok


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
