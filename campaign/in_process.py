"""Building editions in the build process itself, under the same timeout as a worker.

A worker process pays a start-up before its first leaflet: a new Python,
WeasyPrint's import, the registry, fonts and the first catalog (about half a
second of one core, docs/architecture.md "Start-up costs"). The build process
has already paid part of it, so a small build is done sooner here, and in a
large one this process builds while its workers start. It uses the same
EditionBuilder as a worker, with the same environment (the PDFs' date), so
the bytes are the same whichever process made them (tests/test_build_paths.py).

A worker that runs past the timeout is killed; this process cannot kill
itself, so a timer signal interrupts the render instead (WeasyPrint's layout
is Python code, which a signal handler can stop). The edition fails, and this
process builds nothing more: its fonts and caches may be half-made, so the
editions left go to workers.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

from campaign.errors import EnvironmentFault
from campaign.workers import DEFAULT_BUILDER, STARTUP_TIMEOUT, _describe, _import


class RenderTimedOut(BaseException):
    """Raised by the timer inside a render; a BaseException, so that no
    `except Exception` in WeasyPrint or a template swallows it."""


def can_build_here() -> bool:
    """A timer signal can only be handled by the main thread (a library
    caller may run builds in another thread: then workers build)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def _time_limit(seconds: float):
    def interrupt(signum, frame):
        raise RenderTimedOut()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _environment(values: dict):
    """`values` set in os.environ while the builder starts (it reads the PDFs'
    date then), as a worker has them set for its whole life."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class InProcessBuilder:
    """Builds editions one at a time in this process; `usable` turns False after a timeout.

    The EditionBuilder (and with it WeasyPrint) is made at the first build,
    so that deciding what to build never waits for it.
    """

    def __init__(self, project, registry, options, timeout: float,
                 builder: str = DEFAULT_BUILDER, environment: dict | None = None):
        self.project = project
        self.registry = registry
        self.options = options
        self.timeout = timeout
        self.builder_name = builder
        self.environment = dict(environment or {})
        self._builder = None
        self.usable = can_build_here()

    def build(self, edition, known_fit: dict | None = None):
        """The edition's EditionResult (`known_fit`: see EditionBuilder.build).
        An EnvironmentFault (a full disk) passes through: it stops the whole
        build, as it does from a worker."""
        from campaign.build import EditionResult

        if not self.usable:
            raise RuntimeError("this process stopped building after a timeout")
        try:
            if self._builder is None:
                with _time_limit(max(self.timeout, STARTUP_TIMEOUT)), _environment(self.environment):
                    self._builder = _import(self.builder_name)(self.project, self.registry)
            with _time_limit(self.timeout):
                return self._builder.build(edition, self.options, known_fit)
        except RenderTimedOut:
            self.usable = False
            self._builder = None
            return EditionResult(edition, ok=False,
                                 error=f"timed out after {self.timeout:.0f} s; the render was stopped")
        except EnvironmentFault:
            raise
        except Exception as error:  # a bug, not bad input: reported as a worker reports it
            return EditionResult(edition, ok=False, error=_describe(error))
