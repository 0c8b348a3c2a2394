"""Who builds which edition: this process, worker processes, or both.

Starting a worker costs more than building a few leaflets (docs/architecture.md,
"Start-up costs"), so a build starts workers only when the work they would
take over outweighs their start-up: a small build runs in this process
alone, and in a larger one this process builds too, from the first moment,
while its workers start. Whatever builds an edition, it is the same
EditionBuilder, so the bytes are the same (tests/test_build_paths.py).
"""

from __future__ import annotations

from campaign.in_process import InProcessBuilder
from campaign.workers import DEFAULT_BUILDER, WorkerPool, can_fork, default_jobs, locale_groups

# Measured on the machines of docs/architecture.md ("Start-up costs"), in
# seconds of one core. A forked worker (workers.py) starts with WeasyPrint
# imported and the registry read: it configures fonts and templates, then
# pays its first leaflet's one-off costs (0.15 s in all). A spawned one first
# starts a new Python and imports WeasyPrint (0.6 s in all). One more leaflet
# in a warm process (0.12 to 0.3 s, Japanese the most), and a new locale in
# it (catalog, cached hyphenation dictionary, the script's fonts).
FORKED_WORKER_STARTUP = 0.15
SPAWNED_WORKER_STARTUP = 0.6
LEAFLET = 0.18
NEW_LOCALE = 0.05


def worker_startup() -> float:
    return FORKED_WORKER_STARTUP if can_fork() else SPAWNED_WORKER_STARTUP


def estimated_work(editions) -> float:
    """Seconds of one warm core to build `editions`."""
    return LEAFLET * len(editions) + NEW_LOCALE * len({e.locale for e in editions})


def workers_to_start(editions, jobs: int, startup: float | None = None) -> int:
    """Worker processes worth starting beside this one, which builds too.

    None for a single task or for less work than twice a worker's start-up
    (so that on a busy machine, where a worker has no core of its own, a
    small build is not made slower); otherwise one per core left over, at
    most one per other task. `startup` is a worker's (default: a forked
    one's if this process can fork now, else a spawned one's).
    """
    tasks = len(locale_groups(editions, jobs))
    startup = worker_startup() if startup is None else startup
    if tasks < 2 or estimated_work(editions) < 2 * startup:
        return 0
    return max(0, min(jobs - 1, tasks - 1))


def run_build(project, registry, options, editions, on_result, *, jobs: int | None,
              timeout: float, environment: dict | None = None,
              builder: str = DEFAULT_BUILDER, known_fits: dict | None = None) -> None:
    """Build every edition, passing each EditionResult to `on_result` as it finishes.

    `jobs` is how many processes build at once, this one included (default:
    one per core); `environment` is set in every process that builds;
    `known_fits` are the fits recorded for the editions' inputs (copyfit.py).
    """
    jobs = min(jobs or default_jobs(), default_jobs())
    pool = WorkerPool(project, options, jobs, timeout, builder, environment, registry)
    here = InProcessBuilder(project, registry, options, timeout, builder, environment)
    if here.usable:
        pool.run(editions, on_result, workers=workers_to_start(editions, jobs), helper=here,
                 known_fits=known_fits)
    else:  # another thread: only workers can be stopped at the timeout
        pool.run(editions, on_result, known_fits=known_fits)
