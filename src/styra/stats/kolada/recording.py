"""Recorded Kolada responses, replayed as an httpx transport (tests and the demo).

A recording is a folder with `index.json` mapping each request URL to the file that
holds the response body: `{"https://api.kolada.se/v3/kpi/N00945": "kpi-N00945.json"}`.
A request that was not recorded gets a 404, so a test that asks for something new
fails clearly instead of reaching the network.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx


class RecordedTransport(httpx.BaseTransport):
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.index: dict[str, str] = json.loads(
            (self.directory / "index.json").read_text(encoding="utf-8")
        )
        self.requested: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        name = self.index.get(url)
        if name is None:
            return httpx.Response(404, json={"error": f"no recording for {url}"})
        body = (self.directory / name).read_bytes()
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


class OfflineTransport(httpx.BaseTransport):
    """What a machine without a network gets: every request fails to connect."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)
