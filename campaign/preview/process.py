"""A preview server in a child process, and its event stream, for the browser
test and the latency benchmark (both drive it exactly as a translator would)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


class PreviewProcess:
    """`campaign preview --port 0` on `project_root`; `address` once it listens."""

    def __init__(self, project_root: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "campaign", "--project", str(project_root), "preview", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        first_line = self.process.stdout.readline()
        if " at http://127.0.0.1:" not in first_line:
            self.stop()
            raise RuntimeError(f"the preview did not start: {first_line}{self.process.stdout.read()}")
        self.address = first_line.split(" at ", 1)[1].split()[0]

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.address.rstrip("/") + path, timeout=60) as response:
            return json.load(response)

    def get_bytes(self, path: str) -> bytes:
        with urllib.request.urlopen(self.address.rstrip("/") + path, timeout=60) as response:
            return response.read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class EventStream:
    """Follows the server's /events on a thread; `next_update` returns each
    update event (a dict) with the time.time() it arrived."""

    def __init__(self, address: str):
        self._events: queue.Queue = queue.Queue()
        self._response = urllib.request.urlopen(address.rstrip("/") + "/events", timeout=120)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.next_event("hello")  # subscribed: later updates will arrive

    def _read(self) -> None:
        kind = None
        try:
            for raw in self._response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:"):
                    self._events.put((kind, json.loads(line[5:].strip()), time.time()))
        except Exception:  # noqa: BLE001 - the server stopped or the stream was closed
            pass
        self._events.put((None, None, None))

    def next_event(self, kind: str, timeout: float = 120):
        while True:
            got, data, arrived = self._events.get(timeout=timeout)
            if got is None:
                raise RuntimeError("the preview server closed its event stream")
            if got == kind:
                return data, arrived

    def next_update(self, edition: str, after_version: int, timeout: float = 120):
        """The first update of `edition` newer than `after_version`."""
        while True:
            data, arrived = self.next_event("update", timeout)
            if data["edition"] == edition and data["version"] > after_version:
                return data, arrived

    def close(self) -> None:
        self._response.close()
