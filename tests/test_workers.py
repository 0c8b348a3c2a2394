"""Worker processes: a stuck render is stopped and reported; Ctrl-C keeps earlier output."""

import json
import signal
import subprocess
import sys

import pytest

from campaign.editions import Edition, Selection
from campaign.errors import EnvironmentFault
from campaign.manifest import MANIFEST_VERSION
from campaign.options import BuildOptions
from campaign.workers import WorkerPool, default_jobs, locale_groups, useful_jobs


def test_stuck_render_times_out_and_the_rest_still_builds(project):
    # The stuck edition comes first in its locale's task: the editions after
    # it in that task must be handed to the replacement worker.
    editions = [Edition("BE", "fr_BE", "children"), Edition("BE", "fr_BE", "teens"),
                Edition("BE", "fr_BE", "parents"), Edition("AT", "de_AT", "teens")]
    assert [len(task) for task in locale_groups(editions, jobs=1)] == [2, 1, 1]
    results = []
    pool = WorkerPool(project, BuildOptions(), jobs=1, timeout=1,
                      builder="stuck_builder:StuckOnBelgianChildren")
    pool.run(editions, results.append)
    by_key = {r.edition.key: r for r in results}
    assert len(results) == 4
    assert not by_key["BE/fr_BE/children"].ok
    assert "timed out after 1 s" in by_key["BE/fr_BE/children"].error
    assert all(by_key[key].ok for key in ("BE/fr_BE/teens", "BE/fr_BE/parents", "AT/de_AT/teens"))


def test_each_locale_goes_to_one_task_of_bounded_size():
    editions = [Edition(c, "en_XA", a) for c in ("AT", "BE", "CH") for a in ("children", "teens")]
    editions += [Edition(c, "de_DE", a) for c in ("DE", "AT", "CH", "LU") for a in ("children", "teens")]
    editions.append(Edition("DE", "de_DE", "teens"))
    groups = locale_groups(editions, jobs=1)
    assert [len(g) for g in groups] == [6, 6, 3]
    assert {e.locale for _, e in groups[0]} == {"en_XA"}
    assert all(len({e.locale for _, e in g}) == 1 for g in groups)
    assert sorted(i for g in groups for i, _ in g) == list(range(len(editions)))


def test_a_small_build_is_cut_into_tasks_every_process_can_share():
    french = [Edition("FR", "fr_FR", a) for a in ("children", "teens", "parents")]
    assert [len(g) for g in locale_groups(french, jobs=2)] == [1, 1, 1]
    assert [len(g) for g in locale_groups(french, jobs=1)] == [2, 1]


# Builds in a child process and prints each finished edition, after the
# library has recorded it, so the test can interrupt at a known point.
INTERRUPTIBLE_BUILD = """
import sys
from pathlib import Path

from campaign.editions import Selection
from campaign.options import BuildOptions
from campaign.pipeline import build_editions
from campaign.project import Project

class Lines:
    def planned(self, total):
        print("planned", total, flush=True)
    def finished(self, result):
        print("finished", result.edition.key, result.ok, flush=True)

build_editions(Project(Path(sys.argv[1])), Selection(countries=sys.argv[2:]), BuildOptions(),
               jobs=1, progress=Lines())
"""


def test_interrupted_build_keeps_earlier_leaflets_and_finished_work(project_copy):
    from campaign.pipeline import build_editions

    first = build_editions(project_copy, Selection(countries=("AT",)), BuildOptions())
    assert first.ok and len(first.built) == 3
    earlier = {p: p.read_bytes() for p in project_copy.output_dir.rglob("*.pdf")}
    # Change every leaflet, start a large rebuild, and interrupt it like Ctrl-C
    # as soon as its first edition is finished.
    css = project_copy.templates_dir / "assets" / "leaflet.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    process = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTIBLE_BUILD, str(project_copy.root), "AT", "BE"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout.readline().split() == ["planned", "12"]  # AT 3, BE 9
    finished = process.stdout.readline().split()
    assert finished[0] == "finished" and finished[2] == "True", finished
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=120)
    assert process.returncode != 0 and "KeyboardInterrupt" in errors
    for path, content in earlier.items():
        now = path.read_bytes()
        # Each leaflet is either the earlier one or a complete new one, never half.
        assert now == content or now.rstrip().endswith(b"%%EOF")
    assert not list(project_copy.output_dir.rglob("*.tmp"))
    manifest = json.loads((project_copy.output_dir / ".manifest.json").read_text())
    assert manifest["version"] == MANIFEST_VERSION
    # The edition finished before the interrupt is recorded, so it is not built again.
    assert f"{finished[1]}.pdf" in manifest["outputs"]
    country, locale, audience = finished[1].split("/")
    again = build_editions(project_copy, Selection((country,), (locale,), (audience,)),
                           BuildOptions())
    assert again.results == [] and [e.key for e in again.up_to_date] == [finished[1]]


BELGIUM = [Edition("BE", "fr_BE", "children"), Edition("BE", "fr_BE", "teens"),
           Edition("BE", "fr_BE", "parents"), Edition("BE", "nl_BE", "teens")]


def build_with(project, builder, editions=BELGIUM, jobs=2):
    results = []
    pool = WorkerPool(project, BuildOptions(), jobs=jobs, builder=f"stuck_builder:{builder}")
    pool.run(editions, results.append)
    return {r.edition.key: r for r in results}, pool


def test_a_worker_that_dies_before_its_first_edition_is_reported(project):
    by_key, _ = build_with(project, "DiesWhileStarting")
    assert sorted(by_key) == sorted(e.key for e in BELGIUM)
    for result in by_key.values():
        assert not result.ok
        assert result.error == "not built: a worker process died while starting (exit code 3)"


def test_a_worker_that_cannot_start_says_why(project):
    by_key, _ = build_with(project, "CannotStart")
    assert {r.error for r in by_key.values()} == {
        "not built: SOURCE_DATE_EPOCH must be whole seconds, not 'abc'"}


def test_a_worker_that_dies_mid_edition_fails_that_edition_only(project):
    by_key, pool = build_with(project, "DiesOnBelgianTeens")
    assert by_key["BE/fr_BE/teens"].error == "the worker process died (exit code 5)"
    assert by_key["BE/nl_BE/teens"].error == "the worker process died (exit code 5)"
    assert all(by_key[key].ok for key in ("BE/fr_BE/children", "BE/fr_BE/parents"))
    # A death is replaced only while work is left: a worker that dies on the
    # last edition of its task, with the queue empty, is not (forked workers
    # start at once, so which worker holds which task varies).
    assert 2 <= len(pool.pids) <= 4


def test_an_environment_fault_stops_the_build_with_its_message(project):
    results = []
    pool = WorkerPool(project, BuildOptions(), jobs=1, builder="stuck_builder:DiskFullOnBelgianParents")
    with pytest.raises(EnvironmentFault, match="parents.pdf: the disk is full"):
        pool.run(BELGIUM, results.append)
    # Built before the fault in the same task: reported, so it is recorded.
    assert [r.edition.key for r in results] == ["BE/fr_BE/children", "BE/fr_BE/teens"]
    assert not any(_alive(pid) for pid in pool.pids)


def test_jobs_are_capped_at_what_can_help(project):
    assert useful_jobs(1000, 3) == min(3, default_jobs())
    assert useful_jobs(None, 1) == 1 and useful_jobs(1, 50) == 1
    _, pool = build_with(project, "DiesOnBelgianTeens", editions=BELGIUM[:1], jobs=1000)
    assert len(pool.pids) == 1  # one task: one worker


def _alive(pid):
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
