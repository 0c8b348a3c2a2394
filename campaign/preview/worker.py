"""The warm worker: one thread that lays editions out again when files change.

One thread owns the EditionPreviewer (WeasyPrint is not thread-safe, and one
warm builder is what makes a re-layout take a fraction of a second). The web
server asks for editions and reports changed files; the worker renders the
editions people are looking at, newest request first, and hands each outcome
to `publish` (called on the worker thread).

The last good snapshot of each edition is kept: when a save breaks the
layout or the catalog, the page shows the error and keeps the last good pages.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from campaign.editions import Edition
from campaign.preview.snapshot import EditionPreviewer, PreviewError, Snapshot

# Editions re-rendered on every save: the ones open in a browser recently.
WATCHED_EDITIONS = 4
ASSET_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".otf", ".ttf", ".woff", ".woff2", ".icc"}


@dataclass
class Outcome:
    """The state of one edition in the preview, as the page shows it."""

    edition: Edition
    target: str
    version: int = 0  # counts renders of this edition; the page asks for images by version
    snapshot: Snapshot | None = None  # last good one
    errors: list[str] = field(default_factory=list)  # of the last render; empty when it was good
    saved_at: float | None = None  # wall-clock time of the save that caused the last render
    finished_at: float | None = None
    layout_seconds: float = 0.0

    @property
    def key(self) -> tuple[Edition, str]:
        return self.edition, self.target

    @property
    def latency_ms(self) -> int | None:
        if self.saved_at is None or self.finished_at is None:
            return None
        return round((self.finished_at - self.saved_at) * 1000)


class PreviewWorker:
    def __init__(self, previewer: EditionPreviewer, publish: Callable[[Outcome], None]):
        self.previewer = previewer
        self.publish = publish
        self.outcomes: dict[tuple[Edition, str], Outcome] = {}
        self._watched: list[tuple[Edition, str]] = []  # most recent last
        self._pending: dict[tuple[Edition, str], float | None] = {}  # → saved_at
        self._changed: set[Path] = set()
        self._rendering: tuple[Edition, str] | None = None  # the job under way
        self._condition = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="preview-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify()
        self._thread.join(timeout=30)

    def outcome(self, edition: Edition, target: str) -> Outcome | None:
        with self._condition:
            return self.outcomes.get((edition, target))

    def show(self, edition: Edition, target: str) -> None:
        """Someone looks at this edition: render it if it is not ready, watch it from now on."""
        key = (edition, target)
        with self._condition:
            if key in self._watched:
                self._watched.remove(key)
            self._watched.append(key)
            del self._watched[:-WATCHED_EDITIONS]
            if key not in self.outcomes and key not in self._pending and key != self._rendering:
                self._pending[key] = None
                self._condition.notify()

    def files_changed(self, paths: set[Path], saved_at: float) -> None:
        """Files under locales/, templates/ or registry/ were saved at `saved_at`."""
        with self._condition:
            self._changed |= paths
            for key in self._watched:
                previous = self._pending.get(key)
                self._pending[key] = saved_at if previous is None else min(previous, saved_at)
            self._condition.notify()

    def _next_job(self):
        with self._condition:
            while not self._pending and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            changed, self._changed = self._changed, set()
            # The most recently watched edition first: the one in front of the translator.
            key = next((k for k in reversed(self._watched) if k in self._pending), next(iter(self._pending)))
            self._rendering = key
            return key, self._pending.pop(key), changed

    def _run(self) -> None:
        while (job := self._next_job()) is not None:
            (edition, target), saved_at, changed = job
            self._forget(changed)
            previous = self.outcomes.get((edition, target)) or Outcome(edition, target)
            # A new Outcome each time: the server may be reading the previous one.
            try:
                snapshot = self.previewer.render(edition, target)
                outcome = replace(previous, snapshot=snapshot, errors=[], layout_seconds=snapshot.layout_seconds)
            except PreviewError as error:
                outcome = replace(previous, errors=error.lines)
            outcome = replace(outcome, version=previous.version + 1, saved_at=saved_at, finished_at=time.time())
            self._store(outcome)
            if not outcome.errors:
                # Then what the pointer shows about check problems: same version, same pages.
                self._store(replace(outcome, snapshot=self.previewer.with_problems(outcome.snapshot)))
            with self._condition:
                self._rendering = None

    def _store(self, outcome: Outcome) -> None:
        with self._condition:
            self.outcomes[outcome.key] = outcome
        self.publish(outcome)

    def _forget(self, changed: set[Path]) -> None:
        """Drop what the changed files make stale (catalogs are re-read every render)."""
        root = self.previewer.project.root
        folders = {path.relative_to(root).parts[0] for path in changed if path.is_relative_to(root)}
        if "registry" in folders:
            self.previewer.forget_registry()
        if any(path.suffix.lower() in ASSET_SUFFIXES for path in changed):
            self.previewer.forget_assets()
