"""Parallel builds in long-lived worker processes.

Each worker imports WeasyPrint and loads fonts, templates and catalogs once,
then builds edition after edition (start-up and font loading cost more than
layout; docs/sources.md, "Parallel builds: warm processes, spawned"). Workers are started with `spawn`, not `fork`:
forking a process that has already loaded Pango and cffi has crashed
WeasyPrint users before. A render that takes longer than the timeout is
reported as failed and its worker is replaced, instead of being waited on
forever.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT = 120.0  # seconds for one edition; a normal one takes under 2 s


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)))


DEFAULT_BUILDER = "campaign.build:EditionBuilder"


def _import(name: str):
    module_name, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _worker_main(project_root: str, options, builder_name: str, tasks, results) -> None:
    from campaign.build import EditionResult
    from campaign.project import Project
    from campaign.registry import load_registry

    project = Project(Path(project_root))
    builder = _import(builder_name)(project, load_registry(project.registry_dir))
    while (group := tasks.get()) is not None:
        for index, edition in group:
            results.put(("started", os.getpid(), index, None))
            try:
                result = builder.build(edition, options)
            except Exception:  # a bug, not bad input: report it and keep going
                result = EditionResult(edition, ok=False, error=traceback.format_exc(limit=3))
            results.put(("done", os.getpid(), index, result))


MAX_GROUP = 6  # editions per task: big enough to reuse a catalog, small enough to balance


def locale_groups(editions) -> list[list[tuple[int, object]]]:
    """Numbered editions in tasks of one locale each, largest first.

    A worker loads a locale's catalog and hyphenation dictionary (half a
    second for German or Hungarian) the first time it meets the locale, so
    each locale goes to one worker rather than being spread over all of them.
    """
    by_locale: dict[str, list] = {}
    for index, edition in enumerate(editions):
        by_locale.setdefault(edition.locale, []).append((index, edition))
    groups = [
        numbered[start : start + MAX_GROUP]
        for numbered in by_locale.values()
        for start in range(0, len(numbered), MAX_GROUP)
    ]
    return sorted(groups, key=len, reverse=True)


@dataclass
class _Running:
    index: int
    started: float
    group: list  # the task this edition belongs to, in the order the worker builds it


class WorkerPool:
    """Builds editions in `jobs` processes; calls `on_result` as each finishes."""

    def __init__(self, project, options, jobs: int, timeout: float = DEFAULT_TIMEOUT,
                 builder: str = DEFAULT_BUILDER):
        self.builder = builder  # "module:Class", importable in a fresh process
        self.project = project
        self.options = options
        self.jobs = jobs
        self.timeout = timeout
        self.context = multiprocessing.get_context("spawn")
        self.tasks = self.context.Queue()
        self.results = self.context.Queue()
        self.workers: dict[int, multiprocessing.Process] = {}

    def _start_worker(self) -> None:
        process = self.context.Process(
            target=_worker_main,
            args=(str(self.project.root), self.options, self.builder, self.tasks, self.results),
            daemon=True,
        )
        process.start()
        self.workers[process.pid] = process

    def run(self, editions, on_result) -> None:
        from campaign.build import EditionResult

        groups = locale_groups(editions)
        self._group_of = {index: group for group in groups for index, _ in group}
        for group in groups:
            self.tasks.put(group)
        for _ in range(min(self.jobs, len(groups))):
            self._start_worker()
        running: dict[int, _Running] = {}  # worker pid → its current edition
        finished = 0
        try:
            while finished < len(editions):
                finished += self._handle_next_message(running, on_result)
                for index, reason in self._reap(running):
                    on_result(EditionResult(editions[index], ok=False, error=reason))
                    finished += 1
        finally:
            self._stop_all()

    def _handle_next_message(self, running, on_result) -> int:
        """Handle one worker message; returns 1 if an edition finished."""
        try:
            kind, pid, index, result = self.results.get(timeout=0.5)
        except queue.Empty:
            return 0
        if kind == "started":
            running[pid] = _Running(index, time.monotonic(), self._group_of[index])
            return 0
        running.pop(pid, None)
        on_result(result)
        return 1

    def _reap(self, running):
        """Replace workers that hang past the timeout or died mid-edition."""
        now = time.monotonic()
        for pid, task in list(running.items()):
            process = self.workers[pid]
            if now - task.started > self.timeout:
                reason = f"timed out after {self.timeout:.0f} s; the render was stopped"
            elif not process.is_alive():
                reason = f"the worker process died (exit code {process.exitcode})"
            else:
                continue
            process.kill()
            process.join()
            del self.workers[pid]
            del running[pid]
            self._requeue_rest_of_group(task)
            self._start_worker()
            yield task.index, reason

    def _requeue_rest_of_group(self, task: _Running) -> None:
        """The editions after a stopped one in its task were never started."""
        position = [index for index, _ in task.group].index(task.index)
        rest = task.group[position + 1 :]
        if rest:
            for index, _ in rest:
                self._group_of[index] = rest
            self.tasks.put(rest)

    def _stop_all(self) -> None:
        for _ in self.workers:
            self.tasks.put(None)
        deadline = time.monotonic() + 5
        for process in self.workers.values():
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
        self.workers.clear()
