"""The preview's web server: a page, its data, page images and live updates.

Starlette serves the page (static/), the picker's choices, each edition's
state as JSON and its page images from memory; server-sent events
(sse-starlette) tell open pages that an edition was laid out again. A
watchfiles task reports saves under locales/, templates/ and registry/ to the
warm worker. It listens on 127.0.0.1 only, and writes nothing but its cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from pathlib import Path

import anyio
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from watchfiles import DefaultFilter, awatch

from campaign.audiences import AUDIENCE_NAMES
from campaign.editions import Edition, all_editions
from campaign.errors import CampaignError
from campaign.locales import parse_locale
from campaign.preview.snapshot import EditionPreviewer
from campaign.preview.worker import Outcome, PreviewWorker
from campaign.project import Project
from campaign.pseudo import PSEUDO_LOCALES
from campaign.registry import load_registry
from campaign.targets import TARGET_NAMES

STATIC_DIR = Path(__file__).parent / "static"
WATCHED_FOLDERS = ("locales", "templates", "registry")
# Saves settle within this many milliseconds before the worker is told
# (watchfiles groups an editor's write-and-rename into one change).
WATCH_STEP_MS = 25


class _ProjectFilter(DefaultFilter):
    """Editors' temporary files and compiled catalogs are not saves."""

    def __call__(self, change, path: str) -> bool:
        return super().__call__(change, path) and not path.endswith(".mo")


class PreviewServer:
    """Holds the worker and the open event streams of one running preview."""

    def __init__(self, project: Project):
        self.project = project
        self.worker = PreviewWorker(EditionPreviewer(project), self._published)
        self._streams: set[asyncio.Queue] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- worker → browsers ---------------------------------------------------

    def _published(self, outcome: Outcome) -> None:
        """Called on the worker thread: pass the news to every open page."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._broadcast, outcome_event(outcome))

    def _broadcast(self, event: dict) -> None:
        for queue in self._streams:
            queue.put_nowait(event)

    async def events(self, request: Request):
        queue: asyncio.Queue = asyncio.Queue()
        self._streams.add(queue)

        async def stream():
            try:
                yield ServerSentEvent(data=json.dumps({"hello": True}), event="hello")
                while True:
                    event = await queue.get()
                    yield ServerSentEvent(data=json.dumps(event), event="update")
            finally:
                self._streams.discard(queue)

        return EventSourceResponse(stream(), ping=15)

    # -- pages and data ------------------------------------------------------

    async def index(self, request: Request):
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    async def choices(self, request: Request):
        try:
            registry = load_registry(self.project.registry_dir)
        except CampaignError as error:
            return JSONResponse({"errors": str(error).splitlines()}, status_code=422)
        countries = {}
        for edition in all_editions(registry):
            country = registry.country(edition.country)
            entry = countries.setdefault(edition.country, {
                "code": edition.country, "name": country.display_name("en"), "locales": []})
            if edition.locale not in [locale["code"] for locale in entry["locales"]]:
                entry["locales"].append({"code": edition.locale, "name": locale_name(edition.locale)})
        for entry in countries.values():
            entry["locales"] += [{"code": code, "name": locale_name(code)} for code in PSEUDO_LOCALES]
        return JSONResponse({
            "countries": sorted(countries.values(), key=lambda entry: entry["name"]),
            "audiences": list(AUDIENCE_NAMES), "targets": list(TARGET_NAMES),
        })

    def _edition(self, request: Request) -> tuple[Edition, str]:
        params = request.query_params if "country" in request.query_params else request.path_params
        target = params.get("target", "screen")
        if target not in TARGET_NAMES or params.get("audience") not in AUDIENCE_NAMES:
            raise CampaignError(f"unknown audience or target: {params.get('audience')!r}, {target!r}")
        return Edition(params.get("country", ""), params.get("locale", ""), params["audience"]), target

    async def preview(self, request: Request):
        try:
            edition, target = self._edition(request)
        except CampaignError as error:
            return JSONResponse({"errors": [str(error)]}, status_code=404)
        self.worker.show(edition, target)
        outcome = self.worker.outcome(edition, target)
        if outcome is None:
            return JSONResponse({"edition": edition.key, "target": target, "version": 0, "pending": True})
        return JSONResponse(outcome_state(outcome))

    async def page_image(self, request: Request):
        edition, target = self._edition(request)
        outcome = self.worker.outcome(edition, target)
        number = int(request.path_params["page"])
        if outcome is None or outcome.snapshot is None or number >= len(outcome.snapshot.pages):
            return Response("no such page", status_code=404)
        # The URL names the version, so a browser may keep the image.
        return Response(outcome.snapshot.pages[number], media_type="image/jpeg",
                        headers={"Cache-Control": "max-age=3600"})

    # -- watching ------------------------------------------------------------

    async def watch(self, stop: anyio.Event) -> None:
        folders = [self.project.root / name for name in WATCHED_FOLDERS]
        async for changes in awatch(*folders, watch_filter=_ProjectFilter(), step=WATCH_STEP_MS,
                                    stop_event=stop):
            paths = {Path(path) for _, path in changes}
            self.worker.files_changed(paths, saved_at(paths))

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        self._loop = asyncio.get_running_loop()
        self.worker.start()
        stop = anyio.Event()
        watcher = asyncio.create_task(self.watch(stop))
        try:
            yield
        finally:
            stop.set()
            await watcher
            self.worker.stop()

    def app(self) -> Starlette:
        pages = "/pages/{country}/{locale}/{audience}/{target}/{version:int}/{page:int}.jpg"
        return Starlette(
            routes=[
                Route("/", self.index),
                Route("/api/choices", self.choices),
                Route("/api/preview", self.preview),
                Route(pages, self.page_image),
                Route("/events", self.events),
                Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
            ],
            lifespan=self.lifespan,
        )


def saved_at(paths: set[Path]) -> float:
    """When the newest of the changed files was written (the save the translator made)."""
    times = []
    for path in paths:
        with contextlib.suppress(OSError):
            times.append(os.stat(path).st_mtime)
    return max(times) if times else time.time()


def locale_name(code: str) -> str:
    if code in PSEUDO_LOCALES:
        return f"{code} (pseudo-locale)"
    try:
        return f"{parse_locale(code).english_name} ({code})"
    except (ValueError, LookupError):
        return code


def outcome_event(outcome: Outcome) -> dict:
    return {"edition": outcome.edition.key, "target": outcome.target, "version": outcome.version,
            "ok": not outcome.errors, "saved_at": outcome.saved_at, "latency_ms": outcome.latency_ms,
            # False until the catalog checks' problems are in the messages' details.
            "checked": bool(outcome.snapshot and outcome.snapshot.checked)}


def outcome_state(outcome: Outcome) -> dict:
    """Everything the page shows for one edition."""
    state = outcome_event(outcome) | {
        "errors": outcome.errors, "layout_ms": round(outcome.layout_seconds * 1000),
        "pages": [], "boxes": [], "messages": [],
    }
    snapshot = outcome.snapshot
    if snapshot is not None:
        edition = outcome.edition
        state["pages"] = [
            f"/pages/{edition.country}/{edition.locale}/{edition.audience}/{outcome.target}/"
            f"{outcome.version}/{number}.jpg" for number in range(len(snapshot.pages))]
        state["boxes"] = [box.as_dict() for box in snapshot.boxes]
        state["messages"] = snapshot.messages
    return state
