"""Parallel builds in long-lived worker processes that never outlive the build.

Each worker loads fonts, templates and catalogs once, then builds edition
after edition. On Linux a worker is forked from the build process before
that process has started Pango's fonts (it has only imported WeasyPrint
and read the registry), so the worker begins with WeasyPrint imported and
the registry loaded: its start-up costs a few milliseconds instead of a new
Python importing WeasyPrint again (half a second of a core; docs/sources.md,
"Parallel builds: warm processes"). Once this process has started its own
fonts (Pango starts a thread for fontconfig, and native state does not
survive a fork), or elsewhere, workers are spawned as fresh Pythons.

The build process talks to each worker over its own pipe and waits on the
pipes and on the processes at once, so it learns at once when a worker
finishes an edition, dies (at any moment, even before its first edition) or
runs past the timeout; nothing is polled and a build never hangs. A worker
ends when the build process ends, however it ends: Linux sends it SIGTERM
when its parent dies (even by SIGKILL), and a watchdog thread waiting on the
parent's end of a pipe does the same elsewhere. Otherwise a killed build
would leave workers writing leaflets from inputs that were changed since.
"""

from __future__ import annotations

import ctypes
import importlib
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as _wait
from pathlib import Path

from campaign.errors import CampaignError, EnvironmentFault
from campaign.native_libraries import import_weasyprint

DEFAULT_TIMEOUT = 120.0  # seconds for one edition; a normal one takes under 2 s
DEFAULT_BUILDER = "campaign.build:EditionBuilder"
MAX_GROUP = 6  # editions per task: big enough to reuse a catalog, small enough to balance
STOP_GRACE = 10.0  # seconds a stopped worker gets to remove its temporary file


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def useful_jobs(requested: int | None, tasks: int) -> int:
    """More workers than cores or than tasks only cost start-up time and memory."""
    return max(1, min(requested or default_jobs(), default_jobs(), tasks))


def task_size(editions: int, jobs: int) -> int:
    """Editions per task: up to MAX_GROUP, but small enough that a small
    build still makes about two tasks per process, so that every process
    has work (a forked worker starts in milliseconds, so even three
    editions are worth sharing)."""
    return max(1, min(MAX_GROUP, math.ceil(editions / (2 * max(1, jobs)))))


def locale_groups(editions, jobs: int | None = None) -> list[list[tuple[int, object]]]:
    """Numbered editions in tasks of one locale each (task_size at most),
    largest first.

    A process loads a locale's catalog and hyphenation dictionary the first
    time it meets the locale, so a locale's editions stay together as far as
    the task size allows rather than being spread over all processes.
    """
    size = task_size(len(editions), jobs or default_jobs())
    by_locale: dict[str, list] = {}
    for index, edition in enumerate(editions):
        by_locale.setdefault(edition.locale, []).append((index, edition))
    groups = [
        numbered[start : start + size]
        for numbered in by_locale.values()
        for start in range(0, len(numbered), size)
    ]
    return sorted(groups, key=len, reverse=True)


# --- in the worker process -------------------------------------------------

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _end_with_parent(parent_pid: int) -> None:
    """Make sure this worker ends when the build process does."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, daemon=True, name="parent-watchdog").start()


def _watch_parent() -> None:
    """Belt and braces for the parent-death signal (and for other systems):
    multiprocessing keeps a pipe from each parent to its child, which reaches
    end-of-file when the parent ends for any reason."""
    _wait([multiprocessing.parent_process().sentinel])
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(STOP_GRACE)  # the main thread is stuck in native code: end anyway
    os._exit(1)


def _raise_system_exit(signum, frame):
    # SystemExit unwinds the render, so write_atomically removes its temporary file.
    raise SystemExit(128 + signum)


def _import(name: str):
    module_name, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _worker_main(connection, parent_pid: int, project_root: str, options, builder_name: str,
                 environment: dict, registry=None) -> None:
    _end_with_parent(parent_pid)
    # Ctrl-C reaches every process in the terminal's group; the build process
    # decides what it stops, so the worker does not print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_system_exit)
    os.environ.update(environment)
    try:
        try:
            builder = _start_builder(project_root, builder_name, registry)
        except Exception as error:
            connection.send(("failed", _describe(error)))
            return
        connection.send(("ready",))
        _build_tasks(connection, builder, options)
    finally:
        # Ending anyway: a stop signal now would only interrupt the
        # interpreter's shutdown and print "Exception ignored" noise.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _start_builder(project_root: str, builder_name: str, registry=None):
    """`registry` is the build process's, inherited by a forked worker; a
    spawned one reads it again."""
    from campaign.project import Project
    from campaign.registry import load_registry

    project = Project(Path(project_root))
    import_weasyprint()  # before the builder imports it, so that it runs no compiler
    return _import(builder_name)(
        project, registry or load_registry(project.registry_dir, cache_dir=project.cache_dir))


def _build_tasks(connection, builder, options) -> None:
    from campaign.build import EditionResult

    while True:
        try:
            group = connection.recv()
        except EOFError:  # the build process is gone
            return
        if group is None:
            return
        for index, edition, known_fit in group:
            connection.send(("started", index))
            try:
                result = builder.build(edition, options, known_fit)
            except EnvironmentFault as fault:  # a full disk, a folder not writable
                connection.send(("fault", str(fault)))
                return
            except Exception as error:  # a bug, not bad input: report it and keep going
                result = EditionResult(edition, ok=False, error=_describe(error))
            # A stop now would cut the message and lose a finished leaflet.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
            connection.send(("done", index, result))
            signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _describe(error: Exception) -> str:
    if isinstance(error, CampaignError):  # bad input or environment: the message says it all
        return str(error)
    return "".join(traceback.format_exception(error, limit=-3)).rstrip()


# --- in the build process --------------------------------------------------

STARTUP_TIMEOUT = 60.0  # seconds a worker may take to import WeasyPrint and load the project


@dataclass(eq=False)  # each worker is itself, whatever its state
class _Worker:
    process: multiprocessing.Process
    connection: object  # the build process's end of the pipe
    heard: float  # when it last sent a message (monotonic), or was started
    ready: bool = False
    task: deque = field(default_factory=deque)  # (index, edition) handed over, not finished
    current: int | None = None  # the edition being built


def can_fork() -> bool:
    """Whether a worker may be forked from this process now: on Linux, with
    no thread but this one and before Pango's fonts were started here (by a
    render.Renderer: a process that has not imported render.py made none)."""
    render = sys.modules.get("campaign.render")
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and len(os.listdir("/proc/self/task")) == 1
            and not (render is not None and render.fonts_started_here()))


class WorkerPool:
    """Builds editions in up to `jobs` processes; calls `on_result` as each finishes.

    `environment` is set in each worker before it loads anything (the build
    passes the source date it fingerprinted, so every PDF gets that date).
    `registry` is the loaded registry, which forked workers inherit.
    """

    def __init__(self, project, options, jobs: int | None = None,
                 timeout: float = DEFAULT_TIMEOUT, builder: str = DEFAULT_BUILDER,
                 environment: dict | None = None, registry=None):
        self.builder = builder  # "module:Class", importable in a fresh process
        self.project = project
        self.options = options
        self.jobs = jobs
        self.timeout = timeout
        self.environment = dict(environment or {})
        self.registry = registry
        self.workers: list[_Worker] = []
        self.pids: list[int] = []  # every worker ever started, for tests and diagnostics
        self.start_methods: list[str] = []  # how each was started ("fork" or "spawn")

    def run(self, editions, on_result, *, workers: int | None = None, helper=None,
            known_fits: dict | None = None) -> None:
        """Build every edition; returns when each has a result.

        `known_fits` maps an edition to the fit recorded for its inputs
        (copyfit.py), which its builder then only confirms.

        `workers` is how many processes to start (default: as many as can
        help, useful_jobs). A `helper` (in_process.InProcessBuilder) builds
        in this process too, one edition at a time between the workers'
        messages, from the same queue of tasks; so it works while they
        start, and finishes the build alone if none is started or none can
        start. After a timeout it stops, and a worker takes over its task.

        On an exception (Ctrl-C, or SIGTERM turned into one by the command
        line) the workers are stopped, the results they had already sent are
        still passed to `on_result`, and the exception propagates.
        """
        from campaign.build import EditionResult

        self._fail = lambda index, reason: on_result(
            EditionResult(editions[index], ok=False, error=reason))
        self._on_result = on_result
        self._queue = deque(locale_groups(editions, self.jobs))
        self._unfinished = len(editions)
        self._startup_failure = None
        self._helper, self._helper_task = helper, deque()
        self._known_fits = known_fits or {}
        if workers is None:
            workers = useful_jobs(self.jobs, len(self._queue))
        finished = False
        try:
            for _ in range(workers):
                self._start_worker()
            while self._unfinished:
                if self._helper_has_work():
                    self._handle_events(wait=False)
                    self._build_one_here()
                else:
                    self._handle_events()
            finished = True
        finally:
            self._stop_all(urgent=not finished)

    def _helper_has_work(self) -> bool:
        return (self._helper is not None and self._helper.usable
                and bool(self._helper_task or self._queue))

    def _build_one_here(self) -> None:
        """The helper builds the next edition of its task (taking a new task
        when it has none), so that the workers' messages are read between
        its editions."""
        if not self._helper_task:
            if not self._queue:
                return  # the workers took the last tasks meanwhile
            self._helper_task = deque(self._queue.popleft())
        _, edition = self._helper_task.popleft()
        result = self._helper.build(edition, self._known_fits.get(edition))
        self._unfinished -= 1
        self._on_result(result)
        if not self._helper.usable:  # it timed out: a new worker takes its place
            if self._helper_task:
                self._queue.appendleft(list(self._helper_task))
                self._helper_task.clear()
            if self._queue:
                self._start_worker()

    def _start_worker(self) -> None:
        if can_fork():
            # Imported once here, so that no forked worker imports it again.
            import_weasyprint()
            _import(self.builder)
        forked = can_fork()  # still: importing it started no thread
        context = multiprocessing.get_context("fork" if forked else "spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_worker_main,
            args=(theirs, os.getpid(), str(self.project.root), self.options, self.builder,
                  self.environment, self.registry if forked else None),
            daemon=True,
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours, heard=time.monotonic())
        self.workers.append(worker)
        self.pids.append(process.pid)
        self.start_methods.append(context.get_start_method())
        # Its first task waits in the pipe, so the worker starts building as
        # soon as it is ready, not when this process, busy building, next
        # reads its messages (a forked worker is ready in 0.1 s, a leaflet here takes longer).
        if self._queue:
            self._give_task(worker)

    def _handle_events(self, wait: bool = True) -> None:
        if not self.workers:
            if not self._helper_has_work():
                self._fail_remaining()
            return
        waitables = {}
        for worker in self.workers:
            waitables[worker.connection] = worker
            waitables[worker.process.sentinel] = worker
        timeout = self._time_to_next_deadline() if wait else 0
        for ready in _wait(list(waitables), timeout=timeout):
            worker = waitables[ready]
            if worker in self.workers:
                self._handle_worker(worker)
        self._stop_overdue()

    def _handle_worker(self, worker: _Worker) -> None:
        """Read everything the worker sent; if it ended, deal with what it held."""
        ended = False
        try:
            while worker.connection.poll():
                self._handle_message(worker, worker.connection.recv())
        except (EOFError, OSError):
            ended = True
        if ended or not worker.process.is_alive():
            worker.process.join(STOP_GRACE)
            if worker.process.is_alive():  # closed its pipe but did not end
                worker.process.kill()
                worker.process.join()
            self._lost(worker, self._death_reason(worker))

    def _handle_message(self, worker: _Worker, message) -> None:
        worker.heard = time.monotonic()
        kind = message[0]
        if kind == "ready":
            worker.ready = True
            if not worker.task:  # none was waiting for it
                self._give_task(worker)
        elif kind == "failed":
            self._startup_failure = message[1]
        elif kind == "fault":
            # Every later leaflet would fail the same way: stop the build.
            raise EnvironmentFault(message[1])
        elif kind == "started":
            worker.current = message[1]
            if message[1] == worker.task[-1][0] and len(self._queue) > len(self.workers):
                # Its last edition: the next task waits in the pipe, so the
                # worker does not idle while this process builds an edition.
                # Not near the end, where a task sent early could leave the
                # others idle while this worker has two.
                next_task = self._queue.popleft()
                worker.task.extend(next_task)
                self._send_task(worker, next_task)
        elif kind == "done":
            worker.task.popleft()
            worker.current = None
            self._unfinished -= 1
            self._on_result(message[2])
            if not worker.task:
                self._give_task(worker)

    def _give_task(self, worker: _Worker) -> None:
        if self._queue:
            worker.task = deque(self._queue.popleft())
        if worker.task:
            self._send_task(worker, worker.task)
        else:
            self._send(worker, None)  # nothing left: the worker ends

    def _send_task(self, worker: _Worker, task) -> None:
        self._send(worker, [(index, edition, self._known_fits.get(edition)) for index, edition in task])

    @staticmethod
    def _send(worker: _Worker, message) -> None:
        try:
            worker.connection.send(message)
        except OSError:
            pass  # it died: its sentinel says so next

    def _allowed(self, worker: _Worker) -> float:
        return self.timeout if worker.ready else max(self.timeout, STARTUP_TIMEOUT)

    def _time_to_next_deadline(self) -> float:
        deadlines = [w.heard + self._allowed(w) for w in self.workers]
        return max(0.0, min(deadlines) - time.monotonic())

    def _stop_overdue(self) -> None:
        """Stop a worker silent for longer than it may be: a render or a start-up stuck."""
        now = time.monotonic()
        for worker in list(self.workers):
            allowed = self._allowed(worker)
            if now - worker.heard < allowed:
                continue
            worker.process.kill()  # stuck, maybe in native code, where SIGTERM waits
            worker.process.join()
            if worker.ready:
                reason = f"timed out after {allowed:.0f} s; the render was stopped"
            else:
                reason = f"a worker process did not start within {allowed:.0f} s"
            self._lost(worker, reason)

    def _death_reason(self, worker: _Worker) -> str:
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        if not worker.ready:
            return self._startup_failure or f"a worker process died while starting ({how})"
        return f"the worker process died ({how})"

    def _lost(self, worker: _Worker, reason: str) -> None:
        """A worker ended or was stopped: fail its edition, hand on the rest of its task."""
        self.workers.remove(worker)
        worker.connection.close()
        if not worker.ready:
            # A worker that cannot start would fail the same way again: no
            # replacement. The task it was given goes back to the queue; the
            # build fails if no worker at all could start.
            self._startup_failure = reason
            if worker.task:
                self._queue.appendleft(list(worker.task))
            return
        if not worker.task:
            return  # it had finished its work
        # It dies while holding work: the edition it was building (or about
        # to build) fails, so each replacement follows progress and a worker
        # that keeps dying cannot loop forever.
        index, _ = worker.task.popleft()
        self._unfinished -= 1
        self._fail(index, reason)
        if worker.task:
            self._queue.appendleft(list(worker.task))
        if self._queue:
            self._start_worker()

    def _fail_remaining(self) -> None:
        reason = self._startup_failure or "no worker process was left"
        for group in self._queue:
            for index, _ in group:
                self._fail(index, f"not built: {reason}")
                self._unfinished -= 1
        self._queue.clear()

    def _stop_all(self, urgent: bool) -> None:
        """Stop every worker, keeping the results they had already sent.

        After an interrupt each worker gets SIGTERM, which lets it remove a
        half-written temporary file before it ends. A second Ctrl-C is held
        back until the workers are gone.
        """
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for worker in self.workers:
                if urgent:
                    worker.process.terminate()
                else:
                    self._give_task(worker)  # None: all work is done
            deadline = time.monotonic() + STOP_GRACE
            for worker in self.workers:
                for message in _last_messages(worker.connection, deadline):
                    if message[0] == "done":
                        self._unfinished -= 1
                        self._on_result(message[2])
                worker.process.join(max(0.0, deadline - time.monotonic()))
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join()
                worker.connection.close()
            self.workers.clear()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _last_messages(connection, deadline: float):
    """What a stopping worker still sends, until its pipe closes or the deadline."""
    while True:
        try:
            if not connection.poll(max(0.0, deadline - time.monotonic())):
                return
            message = connection.recv()
        except Exception:  # end of pipe, or a message cut off by the stop
            return
        yield message
