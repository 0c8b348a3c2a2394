"""Building editions in the build process itself, under the same timeout as a worker.

A worker process pays a start-up before its first leaflet: a new Python,
WeasyPrint's import, the registry, fonts and the first catalog (about half a
second of one core, docs/architecture.md "Start-up costs"). The build process
has already paid part of it, so a small build is done sooner here, and in a
large one this process builds while its workers start. It uses the same
EditionBuilder as a worker, so the bytes are the same whichever process made
them (tests/test_build_paths.py).

A worker that runs past the timeout is killed; this process cannot kill
itself, so a timer signal interrupts the render instead (WeasyPrint's layout
is Python code, which a signal handler can stop). The edition fails, and this
process builds nothing more: its fonts and caches may be half-made, so the
editions left go to workers.
"""

from __future__ import annotations

import signal
import threading
import traceback
from contextlib import contextmanager

from campaign.workers import DEFAULT_BUILDER, _import

STARTUP_TIMEOUT = 60.0  # seconds to import WeasyPrint and load fonts and templates


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


class InProcessBuilder:
    """Builds editions one at a time in this process; `usable` turns False after a timeout.

    The EditionBuilder (and with it WeasyPrint) is made at the first build,
    so that deciding what to build never waits for it.
    """

    def __init__(self, project, registry, options, timeout: float,
                 builder: str = DEFAULT_BUILDER):
        self.project = project
        self.registry = registry
        self.options = options
        self.timeout = timeout
        self.builder_name = builder
        self._builder = None
        self.usable = can_build_here()

    def build(self, edition):
        from campaign.build import EditionResult

        if not self.usable:
            raise RuntimeError("this process stopped building after a timeout")
        try:
            if self._builder is None:
                with _time_limit(max(self.timeout, STARTUP_TIMEOUT)):
                    self._builder = _import(self.builder_name)(self.project, self.registry)
            with _time_limit(self.timeout):
                return self._builder.build(edition, self.options)
        except RenderTimedOut:
            self.usable = False
            self._builder = None
            return EditionResult(edition, ok=False,
                                 error=f"timed out after {self.timeout:.0f} s; the render was stopped")
        except Exception:  # a bug, not bad input: report it, as a worker does
            return EditionResult(edition, ok=False, error=traceback.format_exc(limit=3))
