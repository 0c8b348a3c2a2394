"""Who builds which edition: this process, worker processes, or both.

Starting a worker costs more than building a few leaflets (docs/architecture.md,
"Start-up costs"), so a build starts workers only when the work they would
take over outweighs their start-up: a small build runs in this process alone.
Whatever builds an edition, it is the same EditionBuilder, so the bytes are
the same (tests/test_build_paths.py).
"""

from __future__ import annotations

from campaign.in_process import InProcessBuilder
from campaign.workers import DEFAULT_BUILDER, WorkerPool, locale_groups

# Measured with cProfile on a warm machine (docs/architecture.md, "Start-up
# costs"), in seconds of one core. A worker's start-up: a new Python,
# WeasyPrint's import, the registry, fonts, templates, its first leaflet's
# one-off costs. One more leaflet in a warm process, and a new locale in it
# (catalog, hyphenation dictionary, script fonts).
WORKER_STARTUP = 0.6
LEAFLET = 0.18
NEW_LOCALE = 0.12
# Workers start only for at least this much work (seconds of one core): twice
# their start-up, so that a busy machine, where a worker has no core of its
# own, does not make a small build slower.
WORTH_A_WORKER = 2 * WORKER_STARTUP


def estimated_work(editions) -> float:
    """Seconds of one warm core to build `editions`."""
    return LEAFLET * len(editions) + NEW_LOCALE * len({e.locale for e in editions})


def workers_to_start(editions, jobs: int) -> int:
    """Worker processes worth starting beside this one, which builds too.

    None for a single task (one locale's editions, which share a catalog
    and dictionary: only one process could use them warm) or too little
    work; otherwise one per core left over, at most one per other task.
    """
    tasks = len(locale_groups(editions))
    if tasks < 2 or estimated_work(editions) < WORTH_A_WORKER:
        return 0
    return max(0, min(jobs - 1, tasks - 1))


def run_build(project, registry, options, editions, on_result, *, jobs: int, timeout: float,
              builder: str = DEFAULT_BUILDER) -> None:
    """Build every edition, passing each EditionResult to `on_result` as it finishes."""
    here = InProcessBuilder(project, registry, options, timeout, builder)
    if here.usable and workers_to_start(editions, jobs) == 0:
        editions = _build_here(here, editions, on_result)
    if editions:
        WorkerPool(project, options, jobs, timeout, builder).run(editions, on_result)


def _build_here(here: InProcessBuilder, editions, on_result) -> list:
    """Builds until done or until a timeout stops this process; returns the editions left."""
    ordered = [edition for group in locale_groups(editions) for _, edition in group]
    for position, edition in enumerate(ordered):
        on_result(here.build(edition))
        if not here.usable:
            return ordered[position + 1 :]
    return []
