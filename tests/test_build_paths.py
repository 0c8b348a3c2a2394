"""Which process builds an edition: this one for small builds, workers when they pay.

Whichever builds it, the bytes are the same; and a render that hangs in
this process is stopped by the same timeout as in a worker.
"""

import json
import os
import subprocess
import sys
import threading

import pytest

from campaign import scheduler
from campaign.editions import Edition, Selection
from campaign.in_process import InProcessBuilder, can_build_here
from campaign.options import BuildOptions
from campaign.pipeline import build_editions
from campaign.registry import load_registry
from campaign.workers import WorkerPool

STUCK = "stuck_builder:StuckOnBelgianChildren"  # hangs on BE children only
FIFTEEN = [Edition(country, locale, audience)
           for country, locale in (("JP", "ja_JP"), ("DE", "de_DE"), ("TH", "th_TH"),
                                   ("IL", "he_IL"), ("IL", "ar_IL"))
           for audience in ("children", "teens", "parents")]


def editions(*keys: str) -> list[Edition]:
    return [Edition(*key.split("/")) for key in keys]


def refuse_workers(*args, **kwargs):
    raise AssertionError("a worker process was started")


def test_a_one_edition_build_starts_no_worker(project_copy, monkeypatch):
    monkeypatch.setattr(WorkerPool, "_start_worker", refuse_workers)
    report = build_editions(project_copy, Selection(("FR",), (), ("parents",)), BuildOptions())
    assert report.ok and len(report.built) == 1
    assert report.built[0].path.read_bytes().startswith(b"%PDF")


def test_workers_start_only_when_the_work_outweighs_their_start_up():
    french = editions("FR/fr_FR/children", "FR/fr_FR/teens", "FR/fr_FR/parents")
    two_small = editions("FR/fr_FR/parents", "DE/de_DE/parents")
    forked, spawned = scheduler.FORKED_WORKER_STARTUP, scheduler.SPAWNED_WORKER_STARTUP
    # A forked worker starts in milliseconds: even one locale's three leaflets are shared.
    assert scheduler.workers_to_start(french, jobs=2, startup=forked) == 1
    assert scheduler.workers_to_start(french, jobs=4, startup=forked) == 2
    # A spawned one costs more than three leaflets.
    assert scheduler.workers_to_start(french, jobs=4, startup=spawned) == 0
    assert scheduler.workers_to_start(two_small, jobs=4, startup=spawned) == 0
    assert scheduler.workers_to_start(editions("FR/fr_FR/parents"), jobs=4, startup=forked) == 0
    for startup in (forked, spawned):
        assert scheduler.workers_to_start(FIFTEEN, jobs=2, startup=startup) == 1  # this process builds too
        assert scheduler.workers_to_start(FIFTEEN, jobs=8, startup=startup) == 7  # one per core left
        assert scheduler.workers_to_start(FIFTEEN, jobs=1, startup=startup) == 0


def built_by(project) -> dict[str, list[str]]:
    """Edition key → the processes that built it (path_builders.RecordsWhoBuilt)."""
    found = {}
    for record in (project.output_dir / "built-by").iterdir():
        who, country, locale, audience = record.name.split(" ")
        found.setdefault(f"{country}/{locale}/{audience}", []).append(who)
    return found


def test_this_process_builds_beside_its_workers_and_nothing_twice(project_copy):
    results = []
    pool_runs = []
    run = WorkerPool.run
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WorkerPool, "run",
                      lambda pool, *args, **kwargs: pool_runs.append(pool) or run(pool, *args, **kwargs))
        scheduler.run_build(project_copy, load_registry(project_copy.registry_dir), BuildOptions(),
                            FIFTEEN, results.append, jobs=2, timeout=60,
                            builder="path_builders:RecordsWhoBuilt")
    assert sorted(r.edition for r in results) == sorted(FIFTEEN) and all(r.ok for r in results)
    who = built_by(project_copy)
    assert sorted(who) == sorted(e.key for e in FIFTEEN)
    assert all(len(processes) == 1 for processes in who.values())
    # This process starts building at once, before its worker is ready.
    assert any(p[0].startswith("build-") for p in who.values())
    [pool] = pool_runs
    assert len(pool.pids) == 1 and not pool.workers  # one worker, ended with the build


def test_when_no_worker_can_start_this_process_builds_everything(project_copy):
    results = []
    scheduler.run_build(project_copy, load_registry(project_copy.registry_dir), BuildOptions(),
                        FIFTEEN, results.append, jobs=2, timeout=60,
                        builder="path_builders:StartsOnlyInTheBuildProcess")
    assert len(results) == 15 and all(r.ok for r in results)
    assert all(p[0].startswith("build-") for p in built_by(project_copy).values())


def test_the_same_bytes_from_this_process_and_from_a_worker(project_copy):
    """The edition compared is built after another locale and target in this
    process (warm fonts, catalogs, stylesheets), and first in a fresh worker."""
    registry = load_registry(project_copy.registry_dir)
    compared = Edition("FR", "fr_FR", "parents")
    here = InProcessBuilder(project_copy, registry, BuildOptions(target="print"), timeout=120)
    assert here.build(Edition("DE", "de_DE", "children")).ok
    here.options = BuildOptions()
    first = here.build(compared)
    assert first.ok
    in_process = first.path.read_bytes()
    first.path.unlink()

    results = []
    WorkerPool(project_copy, BuildOptions(), jobs=1).run([compared], results.append)
    assert [r.ok for r in results] == [True]
    assert results[0].path.read_bytes() == in_process


def test_a_render_stuck_in_this_process_times_out_and_workers_build_the_rest(project):
    stuck_first = editions("BE/fr_BE/children", "BE/fr_BE/parents", "BE/fr_BE/teens")
    results = []
    scheduler.run_build(project, load_registry(project.registry_dir), BuildOptions(),
                        stuck_first, results.append, jobs=1, timeout=1, builder=STUCK)
    by_key = {result.edition.key: result for result in results}
    assert len(results) == 3
    assert not by_key["BE/fr_BE/children"].ok
    assert "timed out after 1 s" in by_key["BE/fr_BE/children"].error
    assert by_key["BE/fr_BE/parents"].ok and by_key["BE/fr_BE/teens"].ok


def test_after_a_timeout_this_process_builds_nothing_more(project):
    here = InProcessBuilder(project, load_registry(project.registry_dir), BuildOptions(),
                            timeout=1, builder=STUCK)
    assert here.build(Edition("AT", "de_AT", "teens")).ok
    assert not here.build(Edition("BE", "fr_BE", "children")).ok
    assert not here.usable
    with pytest.raises(RuntimeError):
        here.build(Edition("AT", "de_AT", "teens"))


def test_a_build_from_another_thread_goes_to_workers(project_copy, monkeypatch):
    """A timer signal can stop a render only in the main thread."""
    started = []
    start_worker = WorkerPool._start_worker
    monkeypatch.setattr(WorkerPool, "_start_worker",
                        lambda pool: started.append(pool) or start_worker(pool))
    outcome = {}

    def build():
        outcome["here"] = can_build_here()
        outcome["report"] = build_editions(project_copy, Selection(("FR",), (), ("parents",)),
                                           BuildOptions())

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()
    assert outcome["here"] is False
    assert outcome["report"].ok and len(started) == 1


# In a fresh process: a worker forked before this process started any fonts,
# then the same edition built here, then by a worker started after that
# (which must be spawned: Pango's state does not survive a fork).
FORK_THEN_SPAWN = """
import json, sys
from pathlib import Path
from campaign.editions import Edition
from campaign.in_process import InProcessBuilder
from campaign.options import BuildOptions
from campaign.project import Project
from campaign.registry import load_registry
from campaign.workers import WorkerPool

project = Project(Path(sys.argv[1]))
registry = load_registry(project.registry_dir)
edition = Edition("FR", "fr_FR", "parents")
made, methods = [], []
for where in ("worker", "here", "worker"):
    if where == "here":
        result = InProcessBuilder(project, registry, BuildOptions(), timeout=120).build(edition)
    else:
        results = []
        pool = WorkerPool(project, BuildOptions(), jobs=1, registry=registry)
        pool.run([edition], results.append, workers=1)
        [result] = results
        methods += pool.start_methods
    assert result.ok, result.error
    made.append(result.path.read_bytes())
    result.path.unlink()
print(json.dumps({"methods": methods, "same": [m == made[0] for m in made]}))
"""


def test_a_worker_is_forked_before_fonts_start_and_spawned_after_with_the_same_bytes(project_copy):
    completed = subprocess.run([sys.executable, "-c", FORK_THEN_SPAWN, str(project_copy.root)],
                               capture_output=True, text=True, timeout=300,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    assert completed.returncode == 0, completed.stderr
    outcome = json.loads(completed.stdout.strip().splitlines()[-1])
    assert outcome["methods"] == ["fork", "spawn"]
    assert outcome["same"] == [True, True, True]


def test_no_fork_once_this_process_started_fonts_or_another_thread(project_copy):
    from campaign.render import Renderer
    from campaign.workers import can_fork

    started = threading.Event()
    finish = threading.Event()
    thread = threading.Thread(target=lambda: started.set() or finish.wait())
    thread.start()
    started.wait()
    try:
        assert not can_fork()
    finally:
        finish.set()
        thread.join()
    Renderer(project_copy.templates_dir)
    assert not can_fork()
